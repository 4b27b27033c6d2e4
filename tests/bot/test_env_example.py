"""``.env.example`` documents every setting and holds no secret; ``.env`` stays out of git."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
VARIABLES = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_BASE_URL",
    "SANAD_CORPUS",
    "SANAD_TOP_K",
    "SANAD_MAX_FILE_MB",
    "SANAD_ALLOWED_CHATS",
    "SANAD_RATE_LIMIT",
    "SANAD_ADMIN_CHATS",
    "LOG_LEVEL",
)


def test_env_example_lists_each_variable_under_a_comment() -> None:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    for variable in VARIABLES:
        [index] = [i for i, line in enumerate(lines) if line.startswith(f"{variable}=")]
        assert lines[index - 1].startswith("#"), f"{variable} has no comment above it"


def test_env_example_holds_no_token() -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert re.search(r"^TELEGRAM_BOT_TOKEN=\s*$", text, flags=re.MULTILINE)
    assert not re.search(r"\d{6,}:[A-Za-z0-9_-]{30,}", text)


def test_env_example_as_is_gives_the_default_settings_once_a_token_is_set() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "1:x"}, env_file=ROOT / ".env.example")
    assert settings.top_k == 3
    assert settings.allowed_chats is None
    assert settings.base_url is None


@pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs a git checkout"
)
def test_dot_env_is_git_ignored() -> None:
    result = subprocess.run(
        ["git", "check-ignore", "--quiet", ".env"], cwd=ROOT, check=False, timeout=10
    )
    assert result.returncode == 0


def readme_settings() -> list[str]:
    """The variables of the README's settings table, the one list of settings."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Configuration", 1)[1]
    section = section.split("\n## ", 1)[0]
    return re.findall(r"^\| `([A-Z_]+)` \|", section, flags=re.MULTILINE)


def test_env_example_and_the_readme_table_name_the_same_settings() -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    in_example = re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE)
    assert sorted(readme_settings()) == sorted(in_example)
    assert set(VARIABLES) <= set(in_example)


def test_the_settings_table_has_one_home() -> None:
    """Other pages link to the README's table instead of keeping a copy that drifts."""
    for page in (ROOT / "docs").glob("*.md"):
        rows = re.findall(r"^\| `(?:SANAD|TELEGRAM)_[A-Z_]+` \|", page.read_text("utf-8"), re.M)
        assert rows == [], page.name


def test_the_burst_figures_have_one_home() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/reliability.md#bursts" in readme
    assert not re.search(r"^\s*\| (unthrottled|flood-limited)", readme, flags=re.MULTILINE)
