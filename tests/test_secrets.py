"""No secret is committed: every file git tracks is scanned for tokens and keys.

The patterns are the usual shapes of leaked credentials; a hit names the file, the line and the
kind of secret, never the secret itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRET_PATTERNS = {
    "Telegram bot token": re.compile(r"(?<![\w-])\d{8,10}:[A-Za-z0-9_-]{35}(?![\w-])"),
    "AWS access key id": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "private key": re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "OpenAI-style API key": re.compile(r"\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}\b"),
}
# Settings files that hold real values; only the example may be committed.
_ENV_FILE = re.compile(r"(^|/)\.env(\.[^/]*)?$")
_ENV_EXAMPLE = ".env.example"


def secrets_in(text: str) -> list[tuple[int, str]]:
    """(line number, kind) for each secret-looking string in ``text``."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for kind, pattern in SECRET_PATTERNS.items():
            if pattern.search(line):
                found.append((number, kind))
    return found


def tracked_files() -> list[str]:
    result = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=30
    )
    return [name for name in result.stdout.decode().split("\0") if name]


def test_the_scanner_finds_each_kind_of_secret() -> None:
    # Built at run time, so that no secret-shaped string is itself committed.
    samples = {
        "Telegram bot token": "TELEGRAM_BOT_TOKEN=" + "1234567890:" + "Ab_-" * 8 + "xyz",
        "AWS access key id": "AKIA" + "Q" * 16,
        "private key": "-----BEGIN " + "RSA PRIVATE KEY-----",
        "GitHub token": "ghp_" + "a1" * 18,
        "Slack token": "xoxb-" + "1234567890-abc",
        "Google API key": "AIza" + "x" * 35,
        "OpenAI-style API key": "sk-" + "A" * 40,
    }
    for kind, sample in samples.items():
        assert secrets_in(f"first line\n{sample}\n") == [(2, kind)], kind
    assert secrets_in("7000001:AAHfakeTokenForSanadTests_0123456789 TELEGRAM_BOT_TOKEN=") == []


@pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs a git checkout"
)
def test_no_tracked_file_holds_a_secret() -> None:
    problems = []
    files = tracked_files()
    assert files, "git ls-files listed nothing"
    for name in files:
        if _ENV_FILE.search(name) and not name.endswith(_ENV_EXAMPLE):
            problems.append(f"{name}: a settings file with real values is tracked")
        path = ROOT / name
        if not path.is_file():  # deleted in the work tree but still in the index
            continue
        data = path.read_bytes()
        if b"\0" in data[:8192]:
            continue  # binary
        problems.extend(
            f"{name}:{line}: looks like a {kind}"
            for line, kind in secrets_in(data.decode("utf-8", errors="replace"))
        )
    assert problems == []
