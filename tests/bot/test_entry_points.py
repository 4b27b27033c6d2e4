"""``sanad bot`` is ``python -m bot``: the same options, logging and settings file."""

from __future__ import annotations

import os
import re
import signal
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.runner import main as run_bot
from sanad.cli import main
from tests.support.bot_process import (
    PYTHON_M_BOT,
    SANAD_BOT,
    killed_on_failure,
    start_bot,
    stop_with,
)
from tests.support.botapi import TOKEN, UpdateFactory
from tests.support.http_botapi import HttpBotApi
from tests.support.paths import MISSION_QUESTION, MISSION_TITLE, SEEDS

TIMESTAMPED = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR) \S+: ")
STARTERS = pytest.mark.parametrize("args", [PYTHON_M_BOT, SANAD_BOT], ids=["python-m-bot", "sanad"])


def write_settings(path: Path, bot_api: HttpBotApi, *, mode: int = 0o600) -> Path:
    path.write_text(
        f"TELEGRAM_BOT_TOKEN={TOKEN}\nTELEGRAM_BASE_URL={bot_api.base_url}\n"
        f"SANAD_CORPUS={SEEDS}\nLOG_LEVEL=INFO\n",
        encoding="utf-8",
    )
    path.chmod(mode)
    return path


# Empty values count as unset, so the settings come from the file.
FROM_FILE = {"TELEGRAM_BOT_TOKEN": "", "TELEGRAM_BASE_URL": "", "LOG_LEVEL": ""}


@STARTERS
def test_every_log_line_has_a_timestamp_however_the_bot_is_started(
    tmp_path: Path, bot_api: HttpBotApi, args: tuple[str, ...]
) -> None:
    settings = write_settings(tmp_path / "bot.env", bot_api)
    command = (*args, "--env-file", str(settings))
    process = start_bot(tmp_path, bot_api, args=command, **FROM_FILE)
    with killed_on_failure(process):
        bot_api.wait_for("getUpdates", timeout=20)
        stderr, _ = stop_with(process, signal.SIGTERM)
    assert process.returncode == 0, stderr
    lines = stderr.splitlines()
    assert any("polling for updates" in line for line in lines)
    assert [line for line in lines if not TIMESTAMPED.match(line)] == []


@STARTERS
def test_a_dot_env_others_can_read_is_warned_about_at_start_up(
    tmp_path: Path, bot_api: HttpBotApi, args: tuple[str, ...]
) -> None:
    write_settings(tmp_path / ".env", bot_api, mode=0o644)
    process = start_bot(tmp_path, bot_api, args=args, **FROM_FILE)
    with killed_on_failure(process):
        bot_api.wait_for("getUpdates", timeout=20)
        stderr, _ = stop_with(process, signal.SIGTERM)
    [warning] = [line for line in stderr.splitlines() if "chmod 600" in line]
    assert "WARNING" in warning
    assert "mode 644" in warning


@pytest.mark.parametrize(
    "start",
    [run_bot, lambda argv: main(["bot", *argv])],
    ids=["python-m-bot", "sanad"],
)
def test_a_settings_file_that_is_not_there_is_one_line_and_exit_code_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    start: Callable[[list[str]], int],
) -> None:
    # In this process: both commands exit with what these return, their stderr is what these
    # print (the launches above and the exit-code tests of python -m bot and sanad show it).
    monkeypatch.chdir(tmp_path)
    assert start(["--env-file", "missing.env"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "sanad: settings file not found: missing.env (--env-file)"
    ]


def test_sanad_bot_in_process_answers_and_stops_on_sigterm(
    tmp_path: Path,
    bot_api: HttpBotApi,
    updates: UpdateFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The runner, run in this process (so coverage sees it), from ``sanad bot`` to exit 0."""
    monkeypatch.chdir(tmp_path)
    for variable in FROM_FILE:
        monkeypatch.delenv(variable, raising=False)
    # Logging is the test runner's; the subprocess tests above check the bot's own.
    monkeypatch.setattr("bot.runner.configure_logging", lambda level, *, token: None)
    settings = write_settings(tmp_path / "bot.env", bot_api)
    bot_api.push(updates.message(MISSION_QUESTION))

    def stop_once_answered() -> None:
        bot_api.wait_for("sendMessage", timeout=20)
        bot_api.wait_for("getUpdates", count=2, timeout=5)  # polling, signal handlers in place
        os.kill(os.getpid(), signal.SIGTERM)

    stopper = threading.Thread(target=stop_once_answered, daemon=True)
    stopper.start()
    assert main(["bot", "--env-file", str(settings)]) == 0
    stopper.join(timeout=5)
    [sent] = [call.params for call in bot_api.calls if call.method == "sendMessage"]
    assert MISSION_TITLE in sent["text"]
