"""pyproject.toml declares every third-party package the code imports, bounds the ones whose
internals it subclasses, pins the linters, and names the license that LICENSE holds."""

from __future__ import annotations

import ast
import re
import sys
import tomllib

from tests.support.paths import PROJECT_ROOT

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME_PACKAGES = ("retrieval", "bot", "sanad")
OWN = {"retrieval", "bot", "sanad", "tests", "bench", "tools"}
# Import name -> distribution name, where they differ.
DISTRIBUTION = {
    "telegram": "python-telegram-bot",
    "dotenv": "python-dotenv",
    "rank_bm25": "rank-bm25",
}
# Optional, never installed by default: the Lucene baseline loads them only when present.
OPTIONAL = {"jnius", "jnius_config"}


def requirement_names(requirements: list[str]) -> dict[str, str]:
    return {re.split(r"[\\[<>=!~ ]", line, maxsplit=1)[0].lower(): line for line in requirements}


def imported_packages(folders: tuple[str, ...]) -> set[str]:
    names: set[str] = set()
    for folder in folders:
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - OWN - OPTIONAL


def test_every_package_the_code_imports_is_a_declared_dependency() -> None:
    declared = requirement_names(PYPROJECT["project"]["dependencies"])
    missing = [
        name
        for name in sorted(imported_packages(RUNTIME_PACKAGES))
        if DISTRIBUTION.get(name, name).lower() not in declared
    ]
    assert missing == []


def test_every_package_the_tests_import_is_a_dev_dependency() -> None:
    extras = PYPROJECT["project"]["optional-dependencies"]
    declared = requirement_names(PYPROJECT["project"]["dependencies"] + extras["dev"])
    missing = [
        name
        for name in sorted(imported_packages(("tests",)))
        if DISTRIBUTION.get(name, name).lower() not in declared
    ]
    assert missing == []
    # The benchmarks may also import the peer engines they compare against (make bench-peers).
    declared |= requirement_names(extras["peers"])
    missing = [
        name
        for name in sorted(imported_packages(("bench",)))
        if DISTRIBUTION.get(name, name).lower() not in declared
    ]
    assert missing == []


def test_subclassed_libraries_have_an_upper_bound() -> None:
    declared = requirement_names(PYPROJECT["project"]["dependencies"])
    for name in ("python-telegram-bot", "rank-bm25"):
        assert "<" in declared[name], declared[name]


def test_linters_are_pinned() -> None:
    dev = requirement_names(PYPROJECT["project"]["optional-dependencies"]["dev"])
    for name in ("ruff", "mypy"):
        assert "==" in dev[name], dev[name]


def test_the_license_file_matches_pyproject() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    assert (PROJECT_ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
