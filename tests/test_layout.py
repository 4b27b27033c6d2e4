"""The test tree's shape: helpers in tests/support, each shared fixture and floor defined once."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

from tests.support.paths import PROJECT_ROOT

TESTS = PROJECT_ROOT / "tests"
TEST_FILE_NAMES = {"__init__.py", "conftest.py"}


def test_only_tests_and_conftests_live_outside_tests_support_and_data() -> None:
    stray = [
        path.relative_to(TESTS).as_posix()
        for path in TESTS.rglob("*.py")
        # tests/data holds the question sets and the code that builds data sets from archives.
        if not {"support", "data"} & set(path.relative_to(TESTS).parts)
        and path.name not in TEST_FILE_NAMES
        and not path.name.startswith("test_")
    ]
    assert stray == [], "helpers belong in tests/support"


def fixture_names(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if ast.unparse(target) == "pytest.fixture":
                    names.append(node.name)
    return names


def test_shared_fixtures_are_defined_once_across_the_tests() -> None:
    shared = {name for path in TESTS.rglob("conftest.py") for name in fixture_names(path)}
    counts = Counter(name for path in TESTS.rglob("*.py") for name in fixture_names(path))
    assert "engine" in shared
    assert [name for name in sorted(shared) if counts[name] > 1] == []


def test_quality_floors_are_written_only_in_tests_support_quality() -> None:
    assignment = re.compile(r"^\w*(?:FLOOR|MIN_TOP\d|MIN_ANSWER_ACCURACY)\w* *=", re.MULTILINE)
    homes = [
        path.relative_to(TESTS).as_posix()
        for path in TESTS.rglob("*.py")
        if assignment.search(path.read_text(encoding="utf-8"))
    ]
    assert homes == ["support/quality.py"]
