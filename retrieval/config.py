"""The engine's settings as read from an environment mapping: the one home for their names.

Pure functions over a mapping (``os.environ`` in the entry points, a dict in tests), so entry
points read the environment once and pass values down. ``read_environment`` is that one reading,
the same for every entry point (``sanad``, ``sanad bot``, ``python -m bot``, ``make run``): the
process environment over the ``.env`` file of the working directory.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from dotenv import dotenv_values

from retrieval.corpus import DEFAULT_MAX_FILE_BYTES
from retrieval.engine import DEFAULT_TOP_K
from retrieval.fields import FIELDS, FieldMap, FieldMapError
from retrieval.index_cache import DEFAULT_CACHE_DIR

CORPUS_VARIABLE = "SANAD_CORPUS"
TOP_K_VARIABLE = "SANAD_TOP_K"
CACHE_VARIABLE = "SANAD_CACHE_DIR"
MAX_FILE_VARIABLE = "SANAD_MAX_FILE_MB"
FIELDS_VARIABLE = "SANAD_FIELDS"
WORKERS_VARIABLE = "SANAD_WORKERS"
WORKERS_AUTO = "auto"
CACHE_OFF = "off"
DEFAULT_CORPUS = Path("seeds")
MAX_TOP_K = 20
# Relative, so it is read from the working directory, never from beside the installed package.
ENV_FILE = Path(".env")
# Permission bits that let other users read or change a file.
_SHARED_BITS = stat.S_IRWXG | stat.S_IRWXO


class ConfigError(ValueError):
    """A setting has a value that cannot be used; carries the variable and the value."""

    def __init__(self, variable: str, value: str, expected: str) -> None:
        super().__init__(f"{variable}={value!r} is not valid: expected {expected}")
        self.variable = variable
        self.value = value
        self.expected = expected


def read_environment(
    env_file: Path = ENV_FILE, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The settings: ``environ`` (default: the process environment) over ``env_file``.

    A missing ``env_file`` is no error. Values are stripped; an empty value counts as unset, so
    an empty variable in the environment does not hide the file's value.
    """
    values = {
        key: value.strip()
        for key, value in _read_env_file(env_file).items()
        if value is not None and value.strip()
    }
    for key, value in (os.environ if environ is None else environ).items():
        if value.strip():
            values[key] = value.strip()
    return values


def env_file_warning(env_file: Path = ENV_FILE) -> str | None:
    """A warning when ``env_file`` exists and other users may read or change it, else None."""
    try:
        mode = env_file.stat().st_mode
    except OSError:
        return None
    if not stat.S_ISREG(mode) or not mode & _SHARED_BITS:
        return None
    return (
        f"{env_file} can be read by other users of this machine (mode "
        f"{stat.S_IMODE(mode):03o}) and may hold the bot token: run chmod 600 {env_file}"
    )


def _read_env_file(env_file: Path) -> dict[str, str | None]:
    if not env_file.is_file():
        return {}
    return dotenv_values(env_file, encoding="utf-8")


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


def max_file_bytes(environ: Mapping[str, str]) -> int:
    """SANAD_MAX_FILE_MB in bytes, else 10 MB: articles larger than this are skipped."""
    value = environ.get(MAX_FILE_VARIABLE, "").strip()
    if not value:
        return DEFAULT_MAX_FILE_BYTES
    expected = "a size in megabytes greater than 0, such as 10 or 0.5"
    try:
        megabytes = float(value)
    except ValueError:
        raise ConfigError(MAX_FILE_VARIABLE, value, expected) from None
    if not 0 < megabytes < float("inf"):
        raise ConfigError(MAX_FILE_VARIABLE, value, expected)
    return int(megabytes * 2**20)


def field_map(environ: Mapping[str, str]) -> FieldMap:
    """SANAD_FIELDS over the default field names of archive records (``retrieval.fields``)."""
    value = environ.get(FIELDS_VARIABLE, "").strip()
    try:
        return FieldMap.parse(value)
    except FieldMapError as error:
        expected = (
            "comma-separated field:name pairs such as content:body,date:pubDate, fields among "
            f"{', '.join(FIELDS)} ({error.problem}: {error.part.strip()!r})"
        )
        raise ConfigError(FIELDS_VARIABLE, value, expected) from None


def workers(environ: Mapping[str, str]) -> int | None:
    """SANAD_WORKERS: how many processes read and analyse a corpus that is not cached; 1 only
    this one; unset or ``auto``: one per core for large corpora (None, see
    ``retrieval.workers.parallel_workers``)."""
    value = environ.get(WORKERS_VARIABLE, "").strip()
    if not value or value.lower() == WORKERS_AUTO:
        return None
    expected = f"a whole number of processes, 1 or more, or {WORKERS_AUTO}"
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(WORKERS_VARIABLE, value, expected) from None
    if number < 1:
        raise ConfigError(WORKERS_VARIABLE, value, expected)
    return number


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
