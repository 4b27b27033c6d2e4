"""The bot's settings, read once at start-up from the environment and ``.env``.

Values in the environment win over ``.env`` (``retrieval.config.read_environment``, the rule every
entry point shares); an empty value counts as unset. Every problem is a
``SettingsError`` whose message says which variable is wrong and how to fix it, so the entry point
can print it as one line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from retrieval import config
from retrieval.config import DEFAULT_CORPUS, ENV_FILE, ConfigError
from retrieval.corpus import DEFAULT_MAX_FILE_BYTES
from retrieval.engine import DEFAULT_TOP_K
from retrieval.fields import FieldMap
from retrieval.index_cache import DEFAULT_CACHE_DIR

T = TypeVar("T")
DEFAULT_LOG_LEVEL = "INFO"
# Questions one user may ask per minute before getting the "slow down" notice.
DEFAULT_RATE_LIMIT = 20
# Seconds a question waits for the index while the bot is starting before it gets the "still
# loading" reply: a cached index of a million sentences loads in about 6 s, a first build takes
# minutes, and a user should not look at "typing…" for longer than this.
DEFAULT_INDEX_WAIT = 30.0
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Where the bot keeps its state (conversations, its replies, the question log) in SQLite.
DEFAULT_DATA_DIR = Path(".sanad-data")
# Days the question log behind /stats is kept.
DEFAULT_LOG_DAYS = 30
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


class SettingsError(Exception):
    """A setting is missing or malformed; carries the variable's name."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable} {problem}")
        self.variable = variable
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot needs to know about its deployment."""

    token: str
    base_url: str | None = None
    corpus: Path = DEFAULT_CORPUS
    top_k: int = DEFAULT_TOP_K
    # None: every chat may use the bot.
    allowed_chats: frozenset[int] | None = None
    log_level: str = DEFAULT_LOG_LEVEL
    # Most questions one user may ask per minute; 0 turns the limit off.
    rate_limit: int = DEFAULT_RATE_LIMIT
    # Chats whose /reload rebuilds the index; they may always use the bot.
    admin_chats: frozenset[int] = frozenset()
    # Where large corpora keep their index between runs; None: no cache.
    cache_dir: Path | None = DEFAULT_CACHE_DIR
    # Article files larger than this are skipped (SANAD_MAX_FILE_MB).
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    # Which record fields of an archive hold an article's title, text and metadata (SANAD_FIELDS).
    fields: FieldMap = FieldMap.DEFAULT
    # Processes that read and analyse a corpus not cached; None decides (SANAD_WORKERS).
    workers: int | None = None
    # Seconds an update waits for the index at start-up; not read from the environment.
    index_wait: float = DEFAULT_INDEX_WAIT
    # Folder of the state database (SANAD_DATA_DIR); None keeps the state in memory.
    data_dir: Path | None = None
    # Whether the log line of each question shows its text (SANAD_LOG_QUESTIONS=1).
    log_questions: bool = False
    # Days the question log is kept (SANAD_LOG_DAYS); 0 keeps none.
    log_days: int = DEFAULT_LOG_DAYS

    def allows(self, chat_id: int) -> bool:
        """Whether this chat may use the bot."""
        return (
            self.allowed_chats is None
            or chat_id in self.allowed_chats
            or chat_id in self.admin_chats
        )

    def is_admin(self, chat_id: int) -> bool:
        """Whether this chat may reload the index."""
        return chat_id in self.admin_chats


def token_configured(
    environ: Mapping[str, str] | None = None, *, env_file: Path | str = ENV_FILE
) -> bool:
    """Whether a bot token is set, by the rule ``load_settings`` reads it (``make run`` asks)."""
    return bool(config.read_environment(Path(env_file), environ).get("TELEGRAM_BOT_TOKEN"))


def load_settings(
    environ: Mapping[str, str] | None = None, *, env_file: Path | str = ENV_FILE
) -> Settings:
    """Settings from ``environ`` (default: the process environment) over ``env_file``."""
    values = config.read_environment(Path(env_file), environ)
    token = values.get("TELEGRAM_BOT_TOKEN", "")
    if not token:
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN",
            "is not set: copy .env.example to .env and put the token from @BotFather in it",
        )
    return Settings(
        token=token,
        base_url=values.get("TELEGRAM_BASE_URL") or None,
        corpus=config.corpus_path(values),
        cache_dir=config.cache_dir(values),
        max_file_bytes=_engine_setting(config.max_file_bytes, values),
        fields=_engine_setting(config.field_map, values),
        workers=_engine_setting(config.workers, values),
        top_k=_engine_top_k(values),
        allowed_chats=_parse_chat_ids("SANAD_ALLOWED_CHATS", values.get("SANAD_ALLOWED_CHATS")),
        log_level=_parse_log_level(values.get("LOG_LEVEL")),
        rate_limit=_parse_rate_limit(values.get("SANAD_RATE_LIMIT")),
        admin_chats=_parse_chat_ids("SANAD_ADMIN_CHATS", values.get("SANAD_ADMIN_CHATS"))
        or frozenset(),
        data_dir=Path(values.get("SANAD_DATA_DIR") or DEFAULT_DATA_DIR),
        log_questions=_parse_switch("SANAD_LOG_QUESTIONS", values.get("SANAD_LOG_QUESTIONS")),
        log_days=_parse_log_days(values.get("SANAD_LOG_DAYS")),
    )


def _engine_top_k(values: Mapping[str, str]) -> int:
    return _engine_setting(config.top_k, values)


def _engine_setting(read: Callable[[Mapping[str, str]], T], values: Mapping[str, str]) -> T:
    try:
        return read(values)
    except ConfigError as error:
        raise SettingsError(
            error.variable, f"must be {error.expected}, got {error.value!r}"
        ) from None


def _parse_chat_ids(variable: str, raw: str | None) -> frozenset[int] | None:
    """The ids in ``raw``; None when unset. A list that names no chat is an error: for an
    allow-list, reading it as "no list" would open the bot to everyone."""
    if raw is None:
        return None
    ids: set[int] = set()
    for piece in raw.split(","):
        piece = piece.strip()
        if not piece:
            continue
        try:
            ids.add(int(piece))
        except ValueError:
            raise SettingsError(
                variable,
                f"must be comma-separated chat ids such as 12345,-100987, got {piece!r}",
            ) from None
    if not ids:
        raise SettingsError(
            variable,
            f"names no chat id (got {raw!r}): give ids such as 12345,-100987, or leave it empty",
        )
    return frozenset(ids)


def _parse_rate_limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_RATE_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        limit = -1
    if limit < 0:
        raise SettingsError(
            "SANAD_RATE_LIMIT",
            f"must be a whole number of questions per minute (0: off), got {raw!r}",
        )
    return limit


def _parse_switch(variable: str, raw: str | None) -> bool:
    if raw is None:
        return False
    if raw.strip().lower() in _TRUE:
        return True
    if raw.strip().lower() in _FALSE:
        return False
    raise SettingsError(variable, f"must be 1 (on) or 0 (off), got {raw!r}")


def _parse_log_days(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LOG_DAYS
    try:
        days = int(raw)
    except ValueError:
        days = -1
    if days < 0:
        raise SettingsError(
            "SANAD_LOG_DAYS",
            f"must be a whole number of days to keep the question log (0: keep none), got {raw!r}",
        )
    return days


def _parse_log_level(raw: str | None) -> str:
    level = (raw or DEFAULT_LOG_LEVEL).upper()
    if level not in _LOG_LEVELS:
        raise SettingsError("LOG_LEVEL", f"must be one of {', '.join(_LOG_LEVELS)}, got {raw!r}")
    return level
