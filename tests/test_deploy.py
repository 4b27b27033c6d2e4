"""deploy/: the systemd unit passes ``systemd-analyze verify``; the Dockerfile parses with the
official parser and keeps its promises (python:3.11-slim, non-root, corpus and cache volumes)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import dockerfile
import pytest

from tests.support.paths import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
UNIT = DEPLOY / "sanad.service"
INSTALL_DIR = "/opt/sanad"
# Every instruction the Dockerfile reference knows; the parser accepts any word.
INSTRUCTIONS = frozenset(
    "ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL ONBUILD RUN SHELL STOPSIGNAL "
    "USER VOLUME WORKDIR".split()
)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_the_systemd_unit_verifies_cleanly(tmp_path: Path) -> None:
    # verify checks that ExecStart exists, so the install folder is stood in for by one that has
    # the sanad script of this environment.
    root = tmp_path / "opt-sanad"
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "sanad").symlink_to(Path(sys.executable).with_name("sanad"))
    unit = tmp_path / UNIT.name
    unit.write_text(UNIT.read_text(encoding="utf-8").replace(INSTALL_DIR, str(root)), "utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    problems = [line for line in result.stderr.splitlines() if UNIT.name in line]
    assert result.returncode == 0, result.stderr
    assert problems == []


def test_the_systemd_unit_runs_sanad_bot_and_does_not_restart_on_a_setting_to_fix() -> None:
    lines = UNIT.read_text(encoding="utf-8").splitlines()
    assert f"ExecStart={INSTALL_DIR}/.venv/bin/sanad bot" in lines
    assert f"WorkingDirectory={INSTALL_DIR}" in lines  # where .env is read from
    assert "RestartPreventExitStatus=2" in lines
    assert "ExecReload=/bin/kill -HUP $MAINPID" in lines
    assert "CacheDirectoryMode=0700" in lines


Commands = tuple[dockerfile.Command, ...]


@pytest.fixture(scope="module")
def instructions() -> Commands:
    return dockerfile.parse_file(str(DEPLOY / "Dockerfile"))


def test_the_dockerfile_uses_only_known_instructions(instructions: Commands) -> None:
    assert {command.cmd for command in instructions} <= INSTRUCTIONS


def test_the_image_is_python_3_11_slim_run_by_a_user_not_root(instructions: Commands) -> None:
    assert instructions[0].cmd == "FROM"
    assert instructions[0].value == ("python:3.11-slim",)
    users = [command.value[0] for command in instructions if command.cmd == "USER"]
    assert users and users[-1] not in ("root", "0")
    [command] = [command for command in instructions if command.cmd == "CMD"]
    assert command.json and command.value == ("sanad", "bot")


def test_the_dockerfile_keeps_corpus_and_cache_in_volumes(instructions: Commands) -> None:
    [volume] = [command for command in instructions if command.cmd == "VOLUME"]
    env: dict[str, str] = {}
    for command in instructions:
        if command.cmd == "ENV":
            env.update(zip(command.value[::2], command.value[1::2], strict=True))
    assert env["SANAD_CORPUS"] in volume.value
    assert env["SANAD_CACHE_DIR"] in volume.value


def test_everything_the_dockerfile_copies_is_in_the_project(instructions: Commands) -> None:
    for command in instructions:
        if command.cmd == "COPY":
            *sources, _ = command.value
            for source in sources:
                assert (PROJECT_ROOT / source).exists(), source


def test_the_docker_context_leaves_secrets_and_environments_out() -> None:
    ignored = (PROJECT_ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for entry in (".env", ".venv", ".git", ".sanad-cache"):
        assert entry in ignored
