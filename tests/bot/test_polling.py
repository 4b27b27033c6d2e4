"""Polling for real, over HTTP, against the loopback Bot API stand-in.

Some tests run the application in-process (polling while the index loads, with a load held back
on purpose); the others run ``python -m bot`` as the operator would, to check start-up, the
reply, the token's absence from DEBUG logs, a clean stop on SIGINT and SIGTERM (also while the
index loads), a corpus that fails to load, and reloading the corpus on SIGHUP. Every wait is
bounded.
"""

from __future__ import annotations

import asyncio
import shutil
import signal
from pathlib import Path

import pytest

from bot import wording
from bot.app import build_application
from bot.format import format_help, plain
from bot.live_index import LiveIndex
from bot.runner import serve
from bot.settings import Settings
from retrieval.engine import Engine
from tests.support.bot_process import StderrLines, killed_on_failure, start_bot, stop_with
from tests.support.botapi import PRIVATE_CHAT, SECRET_HALF, TOKEN, USER_ID, UpdateFactory
from tests.support.corpora import NEW_QUESTION, NEW_TITLE, SlowLoad, add_new_article, copy_of_seeds
from tests.support.http_botapi import HttpBotApi, running_bot_api
from tests.support.live_bot import WAIT, delivered, polling
from tests.support.paths import MISSION_QUESTION, MISSION_TITLE, SEEDS

CORPUS_HINT = "set SANAD_CORPUS to a folder of articles (.txt, .json, .jsonl, .csv or .zip files)"
# ``python -m bot`` whose index build never ends, as at the start of a huge archive's first build.
NEVER_LOADING_BOT = """
import sys

from retrieval.engine import Engine


def build_forever(folder, **settings):
    while True:
        sum(range(1000))


Engine.from_folder = staticmethod(build_forever)

from bot.runner import main

sys.exit(main(sys.argv[1:]))
"""


async def test_polling_answers_an_update_from_get_updates(
    bot_api: HttpBotApi, engine: Engine, updates: UpdateFactory
) -> None:
    settings = Settings(token=TOKEN, base_url=bot_api.base_url, corpus=SEEDS)
    application = build_application(settings, LiveIndex(engine, SEEDS))
    update = updates.message(MISSION_QUESTION)
    bot_api.push(update)

    async def stop_once_answered() -> None:
        await asyncio.to_thread(bot_api.wait_for, "sendMessage", timeout=10)
        stop.set()

    stop = asyncio.Event()
    await asyncio.wait_for(asyncio.gather(serve(application, stop), stop_once_answered()), 15)
    [sent] = [call.params for call in bot_api.calls if call.method == "sendMessage"]
    assert sent["chat_id"] == USER_ID
    assert sent["parse_mode"] == "HTML"
    assert sent["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert "18 تشرين الأول/أكتوبر" in sent["text"]
    assert MISSION_TITLE in sent["text"]


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_bot_process_answers_then_stops_cleanly_on_signal(
    tmp_path: Path, bot_api: HttpBotApi, updates: UpdateFactory, stop_signal: signal.Signals
) -> None:
    process = start_bot(tmp_path, bot_api)
    with killed_on_failure(process):
        bot_api.push(updates.message(MISSION_QUESTION))
        [sent] = bot_api.wait_for("sendMessage", timeout=20)
        [menu] = bot_api.wait_for("setMyCommands", timeout=5)
        # The long poll after the update is under way, so the stop has to interrupt it.
        bot_api.wait_for("getUpdates", count=2, timeout=5)
        stderr, stop_seconds = stop_with(process, stop_signal)
    assert MISSION_TITLE in sent.params["text"]
    assert [item["command"] for item in menu.params["commands"]] == [
        "start",
        "help",
        "sources",
        "ask",
        "new",
        "id",
    ]
    assert process.returncode == 0, stderr
    assert stop_seconds < 5
    assert "Traceback" not in stderr
    assert TOKEN not in stderr
    assert SECRET_HALF not in stderr
    assert "[TOKEN]" in stderr  # python-telegram-bot logged the API URL, masked


def test_rejected_token_ends_with_one_line_and_exit_code_2(tmp_path: Path) -> None:
    with running_bot_api(token="123:another-bots-token") as bot_api:
        process = start_bot(tmp_path, bot_api, LOG_LEVEL="INFO")
        _, stderr = process.communicate(timeout=20)
    assert process.returncode == 2
    assert "Traceback" not in stderr
    assert TOKEN not in stderr
    assert SECRET_HALF not in stderr
    assert stderr.strip().splitlines()[-1] == (
        "sanad: Telegram rejected TELEGRAM_BOT_TOKEN: check it with @BotFather (/token)"
    )


def test_sighup_reloads_the_corpus_and_a_broken_one_keeps_the_old_index(
    tmp_path: Path, bot_api: HttpBotApi, updates: UpdateFactory
) -> None:
    corpus = copy_of_seeds(tmp_path / "corpus")
    process = start_bot(tmp_path, bot_api, SANAD_CORPUS=str(corpus), LOG_LEVEL="INFO")
    stderr = StderrLines(process)
    try:
        stderr.wait_for("polling for updates", timeout=20)
        add_new_article(corpus)
        process.send_signal(signal.SIGHUP)
        stderr.wait_for("reloaded the index: 6 documents")
        bot_api.push(updates.message(NEW_QUESTION))
        [first] = bot_api.wait_for("sendMessage")

        shutil.rmtree(corpus)
        process.send_signal(signal.SIGHUP)
        failed = stderr.wait_for("reload failed, still answering from the old index")
        bot_api.push(updates.message(NEW_QUESTION))
        [_, second] = bot_api.wait_for("sendMessage", count=2)

        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert NEW_TITLE in first.params["text"]
    assert "corpus folder not found" in failed and str(corpus) in failed
    assert NEW_TITLE in second.params["text"]  # the index of the first reload is still in use
    assert process.returncode == 0
    log = stderr.text()
    assert "Traceback" not in log
    assert SECRET_HALF not in log


async def test_polling_starts_before_the_index_and_a_question_asked_meanwhile_gets_its_answer(
    bot_api: HttpBotApi, engine: Engine, updates: UpdateFactory
) -> None:
    load = SlowLoad(engine)
    index = LiveIndex(None, SEEDS, load=load)
    question = updates.message(MISSION_QUESTION)
    bot_api.push(question)
    try:
        async with polling(bot_api, engine, index=index):
            # The question was handed out and the next long poll is under way: the bot polls.
            await asyncio.to_thread(bot_api.wait_for, "getUpdates", count=2, timeout=WAIT)
            assert not index.loaded
            assert bot_api.sent_texts() == []
            load.release.set()
            [sent] = await delivered(bot_api)
            polls = len([call for call in bot_api.calls if call.method == "getUpdates"])
            await asyncio.to_thread(bot_api.wait_for, "getUpdates", count=polls + 2, timeout=WAIT)
    finally:
        load.release.set()
    assert load.calls == 1
    assert sent["reply_parameters"]["message_id"] == question["message"]["message_id"]
    assert MISSION_TITLE in sent["text"]
    assert len(bot_api.sent_texts()) == 1  # answered once, and nothing else was sent


async def test_while_loading_help_answers_at_once_and_a_late_index_gets_the_still_loading_reply(
    bot_api: HttpBotApi, engine: Engine, updates: UpdateFactory
) -> None:
    load = SlowLoad(engine)
    index = LiveIndex(None, SEEDS, load=load)
    question = updates.message(MISSION_QUESTION)
    sources = updates.message("/sources", chat={**PRIVATE_CHAT, "id": USER_ID + 1})
    help_ = updates.message("/help", chat={**PRIVATE_CHAT, "id": USER_ID + 2})
    for update in (question, sources, help_):
        bot_api.push(update)
    try:
        async with polling(bot_api, engine, index=index, index_wait=0.5):
            sent = await delivered(bot_api, count=3)
            assert not index.loaded
    finally:
        load.release.set()
    replies = [(s["reply_parameters"]["message_id"], s["text"]) for s in sent]
    assert replies[0] == (help_["message"]["message_id"], format_help())
    assert sorted(replies[1:]) == [
        (question["message"]["message_id"], plain(wording.STILL_LOADING)),
        (sources["message"]["message_id"], plain(wording.STILL_LOADING)),
    ]


def test_a_corpus_the_background_load_cannot_use_ends_with_one_line_and_exit_code_2(
    tmp_path: Path, bot_api: HttpBotApi
) -> None:
    # Every article is unreadable (not UTF-8): only reading them, in the background, finds out.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.txt"):
        (corpus / name).write_bytes("caf\xe9 ".encode("latin-1") * 10)
    process = start_bot(tmp_path, bot_api, SANAD_CORPUS=str(corpus), LOG_LEVEL="INFO")
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 2
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert lines[-1] == (f"sanad: no readable articles in corpus folder: {corpus}; {CORPUS_HINT}")
    assert [line for line in lines if " ERROR " in line] == [
        next(line for line in lines if "could not load the index: no readable" in line)
    ]


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_while_the_index_loads_stops_cleanly_and_tells_the_waiting_user(
    tmp_path: Path, bot_api: HttpBotApi, updates: UpdateFactory, stop_signal: signal.Signals
) -> None:
    process = start_bot(tmp_path, bot_api, code=NEVER_LOADING_BOT)
    with killed_on_failure(process):
        bot_api.push(updates.message(MISSION_QUESTION))
        # The question was handed out, and waits for the index; the next long poll is under way.
        bot_api.wait_for("getUpdates", count=2, timeout=20)
        stderr, stop_seconds = stop_with(process, stop_signal)
    assert process.returncode == 0, stderr
    assert stop_seconds < 5
    assert "Traceback" not in stderr
    assert [sent["text"] for sent in bot_api.sent_texts()] == [plain(wording.STILL_LOADING)]
