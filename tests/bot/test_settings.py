"""Settings come from the environment over .env; a missing token is one line and exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.runner import main
from bot.settings import (
    DEFAULT_CORPUS,
    DEFAULT_DATA_DIR,
    Settings,
    SettingsError,
    load_settings,
    token_configured,
)

TOKEN = "123456:test-token"


def test_defaults_apply_when_only_the_token_is_set(tmp_path: Path) -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, env_file=tmp_path / ".env")
    assert settings == Settings(token=TOKEN, data_dir=DEFAULT_DATA_DIR)
    assert settings.corpus == DEFAULT_CORPUS
    assert settings.top_k == 3
    assert settings.allowed_chats is None
    assert settings.log_level == "INFO"


def test_env_file_is_read_and_the_environment_wins_over_it(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# a comment\nTELEGRAM_BOT_TOKEN=from-file\nSANAD_TOP_K=5\nSANAD_CORPUS=articles\n"
        "TELEGRAM_BASE_URL=http://127.0.0.1:8081/bot\n",
        encoding="utf-8",
    )
    settings = load_settings({"SANAD_TOP_K": "2", "LOG_LEVEL": "debug"}, env_file=env_file)
    assert settings.token == "from-file"
    assert settings.top_k == 2
    assert settings.corpus == Path("articles")
    assert settings.base_url == "http://127.0.0.1:8081/bot"
    assert settings.log_level == "DEBUG"


def test_state_and_question_log_settings_are_read(tmp_path: Path) -> None:
    defaults = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, env_file=tmp_path / ".env")
    assert (defaults.data_dir, defaults.log_questions, defaults.log_days) == (
        DEFAULT_DATA_DIR,
        False,
        30,
    )
    environ = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "SANAD_DATA_DIR": "/var/lib/sanad",
        "SANAD_LOG_QUESTIONS": "1",
        "SANAD_LOG_DAYS": "0",
    }
    settings = load_settings(environ, env_file=tmp_path / ".env")
    assert (settings.data_dir, settings.log_questions, settings.log_days) == (
        Path("/var/lib/sanad"),
        True,
        0,
    )


def test_allowed_chats_are_parsed_and_enforced(tmp_path: Path) -> None:
    environ = {"TELEGRAM_BOT_TOKEN": TOKEN, "SANAD_ALLOWED_CHATS": " 12345, -1001234567890 ,"}
    settings = load_settings(environ, env_file=tmp_path / ".env")
    assert settings.allowed_chats == frozenset({12345, -1001234567890})
    assert settings.allows(12345)
    assert not settings.allows(999)
    assert Settings(token=TOKEN).allows(999)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", "   "),
        ("SANAD_TOP_K", "0"),
        ("SANAD_TOP_K", "three"),
        ("SANAD_ALLOWED_CHATS", "12345,@mygroup"),
        ("LOG_LEVEL", "LOUD"),
        ("SANAD_MAX_FILE_MB", "0"),
        ("SANAD_LOG_DAYS", "-1"),
        ("SANAD_LOG_DAYS", "a month"),
        ("SANAD_LOG_QUESTIONS", "maybe"),
        ("SANAD_FIELDS", "title"),
    ],
)
def test_bad_values_name_the_variable(tmp_path: Path, variable: str, value: str) -> None:
    environ = {"TELEGRAM_BOT_TOKEN": TOKEN, variable: value}
    with pytest.raises(SettingsError) as raised:
        load_settings(environ, env_file=tmp_path / ".env")
    assert raised.value.variable == variable
    assert str(raised.value).startswith(variable)


def test_missing_token_prints_one_line_naming_env_example_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main([]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.splitlines()) == 1
    assert ".env.example" in captured.err
    assert "TELEGRAM_BOT_TOKEN" in captured.err


def test_python_m_bot_without_token_exits_2_without_traceback(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", "")}
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert ".env.example" in line


@pytest.mark.parametrize(
    ("folder", "problem"),
    [
        ("nowhere", "corpus folder not found"),
        ("notes", "no article files (.txt, .json, .jsonl, .csv, .zip) in corpus folder"),
    ],
)
def test_missing_corpus_or_one_without_txt_is_one_line_naming_the_folder_before_polling(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    folder: str,
    problem: str,
) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.md").write_text("لا مقالات هنا", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SANAD_CORPUS", str(tmp_path / folder))
    monkeypatch.setattr("bot.runner.configure_logging", lambda level, *, token: None)
    # Nothing listens at this address: reaching the Bot API would fail differently.
    monkeypatch.setenv("TELEGRAM_BASE_URL", "http://127.0.0.1:9/bot")
    assert main([]) == 2
    [line] = capsys.readouterr().err.splitlines()
    hint = "set SANAD_CORPUS to a folder of articles (.txt, .json, .jsonl, .csv or .zip files)"
    assert line == f"sanad: {problem}: {tmp_path / folder}; {hint}"


def test_rate_limit_and_admin_chats_are_read(tmp_path: Path) -> None:
    environ = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "SANAD_RATE_LIMIT": "5",
        "SANAD_ADMIN_CHATS": "42, -100777",
        "SANAD_ALLOWED_CHATS": "12345",
    }
    settings = load_settings(environ, env_file=tmp_path / ".env")
    assert settings.rate_limit == 5
    assert settings.admin_chats == frozenset({42, -100777})
    assert settings.is_admin(42) and not settings.is_admin(12345)
    assert settings.allows(42)  # an admin chat may always use the bot
    assert not settings.allows(999)


def test_rate_limit_defaults_to_20_and_0_turns_it_off(tmp_path: Path) -> None:
    assert load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, env_file=tmp_path / ".env").rate_limit == 20
    off = load_settings(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "SANAD_RATE_LIMIT": "0"}, env_file=tmp_path / ".env"
    )
    assert off.rate_limit == 0


@pytest.mark.parametrize(
    ("variable", "value"),
    [("SANAD_RATE_LIMIT", "-1"), ("SANAD_RATE_LIMIT", "many"), ("SANAD_ADMIN_CHATS", "me")],
)
def test_bad_rate_limit_or_admin_chats_name_the_variable(
    tmp_path: Path, variable: str, value: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, variable: value}, env_file=tmp_path / ".env")
    assert raised.value.variable == variable


@pytest.mark.parametrize("variable", ["SANAD_ALLOWED_CHATS", "SANAD_ADMIN_CHATS"])
@pytest.mark.parametrize("value", [",", " , ,", ",,,"])
def test_a_chat_list_that_names_no_chat_is_an_error_never_an_open_bot(
    tmp_path: Path, variable: str, value: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, variable: value}, env_file=tmp_path / ".env")
    assert raised.value.variable == variable
    assert "names no chat id" in str(raised.value)


def test_an_allow_list_that_names_no_chat_stops_the_bot_with_exit_code_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SANAD_ALLOWED_CHATS", ",")
    assert main([]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("sanad: SANAD_ALLOWED_CHATS names no chat id")


def test_an_empty_allow_list_still_means_every_chat(tmp_path: Path) -> None:
    environ = {"TELEGRAM_BOT_TOKEN": TOKEN, "SANAD_ALLOWED_CHATS": "  "}
    assert load_settings(environ, env_file=tmp_path / ".env").allowed_chats is None


@pytest.mark.parametrize(
    ("environ", "file_text", "configured"),
    [
        ({}, "", False),
        ({}, 'TELEGRAM_BOT_TOKEN=""\n', False),
        ({}, "TELEGRAM_BOT_TOKEN=   # set me\n", False),
        ({}, f"export TELEGRAM_BOT_TOKEN={TOKEN}\n", True),
        ({"TELEGRAM_BOT_TOKEN": TOKEN}, "", True),
        ({"TELEGRAM_BOT_TOKEN": " "}, f"TELEGRAM_BOT_TOKEN={TOKEN}\n", True),
    ],
)
def test_token_configured_reads_the_token_as_load_settings_does(
    tmp_path: Path, environ: dict[str, str], file_text: str, configured: bool
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(file_text, encoding="utf-8")
    assert token_configured(environ, env_file=env_file) is configured
    if configured:
        assert load_settings(environ, env_file=env_file).token == TOKEN
    else:
        with pytest.raises(SettingsError):
            load_settings(environ, env_file=env_file)


def test_the_file_size_limit_is_read(tmp_path: Path) -> None:
    environ = {"TELEGRAM_BOT_TOKEN": TOKEN, "SANAD_MAX_FILE_MB": "2"}
    assert load_settings(environ, env_file=tmp_path / ".env").max_file_bytes == 2 * 2**20
