"""The engine's settings as read from an environment mapping: the one home for their names.

Pure functions over a mapping (``os.environ`` in the entry points, a dict in tests), so entry
points read the environment once and pass values down.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from retrieval.engine import DEFAULT_TOP_K
from retrieval.index_cache import DEFAULT_CACHE_DIR

CORPUS_VARIABLE = "SANAD_CORPUS"
TOP_K_VARIABLE = "SANAD_TOP_K"
CACHE_VARIABLE = "SANAD_CACHE_DIR"
CACHE_OFF = "off"
DEFAULT_CORPUS = Path("seeds")
MAX_TOP_K = 20


class ConfigError(ValueError):
    """A setting has a value that cannot be used; carries the variable and the value."""

    def __init__(self, variable: str, value: str, expected: str) -> None:
        super().__init__(f"{variable}={value!r} is not valid: expected {expected}")
        self.variable = variable
        self.value = value
        self.expected = expected


def corpus_path(environ: Mapping[str, str]) -> Path:
    """SANAD_CORPUS, else ./seeds."""
    value = environ.get(CORPUS_VARIABLE, "").strip()
    return Path(value) if value else DEFAULT_CORPUS


def cache_dir(environ: Mapping[str, str]) -> Path | None:
    """SANAD_CACHE_DIR, else ./.sanad-cache; ``off`` turns the index cache off (None)."""
    value = environ.get(CACHE_VARIABLE, "").strip()
    if not value:
        return DEFAULT_CACHE_DIR
    return None if value.lower() == CACHE_OFF else Path(value)


def top_k(environ: Mapping[str, str]) -> int:
    """SANAD_TOP_K, else 3; a whole number from 1 to MAX_TOP_K."""
    value = environ.get(TOP_K_VARIABLE, "").strip()
    if not value:
        return DEFAULT_TOP_K
    return parse_top_k(value, source=TOP_K_VARIABLE)


def parse_top_k(value: str, *, source: str = "--top-k") -> int:
    """A top-k value from text; ConfigError names the source and the value when it is bad."""
    expected = f"a whole number from 1 to {MAX_TOP_K}"
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(source, value, expected) from None
    if not 1 <= number <= MAX_TOP_K:
        raise ConfigError(source, value, expected)
    return number
