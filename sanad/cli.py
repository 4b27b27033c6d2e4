"""The ``sanad`` console script: ask, chat, eval and bot, the terminal front door.

Configuration is read once here, from the environment over the ``.env`` of the working directory
(``retrieval.config.read_environment``, the rule the bot shares), and passed down. ``sanad bot``
hands its arguments to the bot's own entry point before anything is configured, so it is the same
program as ``python -m bot``. Errors a user can fix (a missing corpus, a bad setting, a missing
question file) print one line on stderr and exit with code 2; nothing a user types produces a
traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot import asking, wording
from bot.asking import Turn
from retrieval import config, eval_runner
from retrieval.corpus import CorpusError
from retrieval.engine import Engine
from retrieval.eval_sets import QuestionSetError, load_question_set
from retrieval.small_talk import read_small_talk
from sanad.contract import answer_json
from sanad.render import (
    ansi_bold,
    eval_run_record,
    plain,
    render_answer,
    render_eval_run,
    render_sources,
)

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
QUIT_COMMANDS = frozenset({"/quit", "/exit", "/خروج"})

logger = logging.getLogger("sanad")


class UsageError(Exception):
    """A mistake the user can fix; the message is printed as one line."""


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    corpus_option = argparse.ArgumentParser(add_help=False)
    corpus_option.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help=(
            "folder of articles: .txt, .json, .jsonl, .csv, .zip "
            f"(default: ${config.CORPUS_VARIABLE}, else ./seeds)"
        ),
    )
    common = argparse.ArgumentParser(add_help=False, parents=[corpus_option])
    common.add_argument(
        "--top-k",
        default=None,
        help=f"how many answers to show (default: ${config.TOP_K_VARIABLE}, else 3)",
    )
    parser = argparse.ArgumentParser(
        prog="sanad", description="Cited answers to Arabic questions from Arabic news articles."
    )
    parser.add_argument(
        "--env-file",
        type=Path,
        default=None,
        help="settings file, read under the environment (default: .env in the working directory)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ask = commands.add_parser("ask", parents=[common], help="answer one question (or stdin)")
    ask.add_argument("question", nargs="?", help="the question; omit with --json to read stdin")
    ask.add_argument("--json", action="store_true", help="print the JSON contract")
    commands.add_parser("chat", parents=[common], help="interactive chat in the terminal")
    # eval ranks ten answers per question whatever --top-k says, so it does not take it.
    evaluate_parser = commands.add_parser(
        "eval", parents=[corpus_option], help="score question sets beside the baselines"
    )
    evaluate_parser.add_argument(
        "files",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="question sets: JSON Lines (asked of --corpus) or SQuAD JSON (its own articles)",
    )
    evaluate_parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate_parser.add_argument(
        "--no-lucene", action="store_true", help="leave the Lucene baseline out"
    )
    evaluate_parser.add_argument(
        "--no-leave-out", action="store_true", help="skip the leave-out check (faster)"
    )
    # The options after "bot" are the bot's own (python -m bot's), passed on by main().
    commands.add_parser(
        "bot", help="run the Telegram bot (polling), the same as python -m bot", add_help=False
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the sanad command line; returns the process exit code."""
    _use_utf8_streams()
    parser = build_parser()
    args, bot_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if args.command == "bot":
        from bot.runner import main as run_bot  # telegram is imported only for this command

        env_option = [] if args.env_file is None else ["--env-file", str(args.env_file)]
        return run_bot([*env_option, *bot_args], prog="sanad bot")
    if bot_args:
        parser.error(f"unrecognized arguments: {' '.join(bot_args)}")
    if args.env_file is not None and not args.env_file.is_file():
        error = f"settings file not found: {args.env_file} (--env-file)"
        print(f"sanad: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    env_file = args.env_file or config.ENV_FILE
    environ = config.read_environment(env_file)
    logging.basicConfig(
        level=_log_level(environ), format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    exposed = config.env_file_warning(env_file)
    if exposed is not None:
        logger.warning("%s", exposed)
    try:
        return _run(args, environ)
    except (UsageError, CorpusError, config.ConfigError, QuestionSetError) as error:
        print(f"sanad: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl-C while the index is still being built
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`sanad ask --json < questions | head`); that is not an error.
        # Point stdout at devnull so the interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _run(args: argparse.Namespace, environ: dict[str, str]) -> int:
    corpus = args.corpus if args.corpus is not None else config.corpus_path(environ)
    top_k_option = getattr(args, "top_k", None)
    top_k = config.parse_top_k(top_k_option) if top_k_option is not None else config.top_k(environ)
    if args.command == "ask" and args.question is None and not args.json:
        raise UsageError("give a QUESTION, or use --json to read questions from stdin")
    if args.command == "eval":
        for path in args.files:
            if not path.is_file():
                raise UsageError(f"question file not found: {path}")
    engine = Engine.from_folder(
        corpus,
        cache_dir=config.cache_dir(environ),
        max_file_bytes=config.max_file_bytes(environ),
        fields=config.field_map(environ),
        workers=config.workers(environ),
    )
    if args.command == "ask":
        question = None if args.question is None else _readable(args.question)
        return ask(engine, question, top_k=top_k, as_json=args.json, stdin=sys.stdin)
    if args.command == "chat":
        return chat(engine, top_k=top_k, stdin=sys.stdin, stdout=sys.stdout)
    return run_eval(
        engine,
        args.files,
        as_json=args.json,
        lucene=not args.no_lucene,
        with_leave_out=not args.no_leave_out,
    )


def ask(engine: Engine, question: str | None, *, top_k: int, as_json: bool, stdin: TextIO) -> int:
    """Answer one question; with no question (only allowed with --json), each stdin line."""
    if as_json:
        questions: Iterable[str] = [question] if question is not None else _lines(stdin)
        for line in questions:
            print(answer_json(engine.answer(line, top_k=top_k)), flush=True)
        return EXIT_OK
    assert question is not None  # guaranteed by _run
    bold = ansi_bold if _color_wanted(sys.stdout) else plain
    print(
        render_answer(engine.answer(question, top_k=top_k), bold=bold, hint=wording.REPHRASE_HINT)
    )
    return EXIT_OK


@dataclass
class ChatMemory:
    """The terminal chat's conversation so far: the turn a follow-up may lean on (the bot keeps
    the same in SQLite, per user and thread)."""

    turn: Turn | None = None
    clock: Callable[[], float] = time.time


def chat(engine: Engine, *, top_k: int, stdin: TextIO, stdout: TextIO) -> int:
    """A terminal conversation: prompts on a terminal, one answer per line when piped."""
    interactive = stdin.isatty()
    bold = ansi_bold if _color_wanted(stdout) else plain
    memory = ChatMemory()
    if interactive:
        print(wording.CHAT_WELCOME, file=stdout)
    try:
        while True:
            if interactive:
                print("\n؟ ", end="", file=stdout, flush=True)
            line = stdin.readline()
            if not line:
                break
            reply = chat_reply(engine, line.strip(), top_k=top_k, bold=bold, memory=memory)
            if reply is None:
                break
            print(reply, file=stdout, flush=True)
            if not interactive:
                print(file=stdout)
    except KeyboardInterrupt:
        pass
    if interactive:
        print(file=stdout)
    return EXIT_OK


def chat_reply(
    engine: Engine,
    text: str,
    *,
    top_k: int,
    bold: Callable[[str], str] = plain,
    memory: ChatMemory | None = None,
) -> str | None:
    """The chat's reply to one line; None when the user asked to leave.

    With ``memory``, a question may follow up on the previous one, as in the bot.
    """
    command = text.split(maxsplit=1)[0].lower() if text.startswith("/") else ""
    if command in QUIT_COMMANDS:
        return None
    if command == "/sources":
        return render_sources(engine.corpus)
    if command == "/new":
        if memory is not None:
            memory.turn = None
        return wording.NEW_TOPIC
    if command == "/ask":
        # As in the bot: the question follows the command.
        text = text[len(command) :].strip()
    elif command:
        # /help, /start, and any command only the bot has (/id, /stats…): what the chat offers.
        return wording.CHAT_HELP
    if not text:
        return wording.EMPTY_QUESTION
    talk = read_small_talk(text)
    if talk is not None:
        return wording.small_talk_reply(talk.moves)
    now = memory.clock() if memory is not None else time.time()
    previous = asking.current(memory.turn, now) if memory is not None else None
    asked = asking.ask(engine, text, top_k=top_k, previous=previous, at=now)
    if memory is not None:
        memory.turn = asked.turn
    return render_answer(asked.answer, bold=bold, hint=wording.NOT_FOUND_HINT)


def run_eval(
    engine: Engine,
    paths: Sequence[Path],
    *,
    as_json: bool,
    lucene: bool = True,
    with_leave_out: bool = True,
) -> int:
    """Score Sanad and the baselines on each question set and print the comparison.

    A JSON Lines set is asked of ``engine``'s corpus; a SQuAD set, of its own articles.
    """
    factories, skipped = eval_runner.systems(lucene=lucene)
    for name, reason in skipped.items():
        print(f"sanad: {name} left out: {reason}", file=sys.stderr)
    runs = []
    for path in paths:
        question_set = load_question_set(path)
        own = question_set.corpus
        runs.append(
            eval_runner.run(
                question_set,
                own if own is not None else engine.corpus,
                factories,
                prebuilt=None if own is not None else {eval_runner.SANAD: engine},
                with_leave_out=with_leave_out,
                skipped=skipped,
            )
        )
    if as_json:
        print(json.dumps([eval_run_record(run) for run in runs], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(render_eval_run(run) for run in runs))
    return EXIT_OK


def _readable(argument: str) -> str:
    """A command-line argument with undecodable bytes as U+FFFD (argv keeps them as surrogates,
    which cannot be printed as UTF-8); stdin gets the same treatment from its error handler."""
    return _LONE_SURROGATE.sub("\ufffd", argument)


def _log_level(environ: dict[str, str]) -> str:
    """LOG_LEVEL when it names a level; WARNING otherwise, so skipped files are still reported."""
    level = environ.get("LOG_LEVEL", "").strip().upper()
    return level if level in logging.getLevelNamesMapping() else "WARNING"


def _lines(stream: TextIO) -> Iterable[str]:
    for line in stream:
        yield line.rstrip("\r\n")


def _color_wanted(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def _use_utf8_streams() -> None:
    """Read and write UTF-8 whatever the locale; undecodable input becomes U+FFFD, not a crash."""
    for stream, errors in ((sys.stdin, "replace"), (sys.stdout, "strict"), (sys.stderr, "replace")):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors=errors)
