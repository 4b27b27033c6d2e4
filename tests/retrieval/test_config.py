from pathlib import Path

import pytest

from retrieval import config
from retrieval.config import ConfigError
from retrieval.fields import FieldMap
from retrieval.index_cache import DEFAULT_CACHE_DIR


def test_defaults_when_nothing_is_set():
    assert config.corpus_path({}) == Path("seeds")
    assert config.top_k({}) == 3
    assert config.cache_dir({}) == DEFAULT_CACHE_DIR


def test_values_from_the_environment():
    environ = {"SANAD_CORPUS": " /data/news ", "SANAD_TOP_K": "5", "SANAD_CACHE_DIR": "/tmp/c"}
    assert config.corpus_path(environ) == Path("/data/news")
    assert config.top_k(environ) == 5
    assert config.cache_dir(environ) == Path("/tmp/c")


@pytest.mark.parametrize("value", ["off", "OFF", " off "])
def test_the_cache_can_be_turned_off(value):
    assert config.cache_dir({"SANAD_CACHE_DIR": value}) is None


@pytest.mark.parametrize("value", ["0", "21", "x", "2.5", "-1"])
def test_bad_top_k_names_variable_value_and_range(value):
    with pytest.raises(config.ConfigError) as error:
        config.top_k({"SANAD_TOP_K": value})
    assert error.value.variable == "SANAD_TOP_K"
    assert error.value.value == value
    assert "1 to 20" in str(error.value)


def test_the_environment_wins_over_the_env_file_and_blank_values_count_as_unset(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("SANAD_TOP_K=5\nSANAD_CORPUS=articles\nLOG_LEVEL=\n", encoding="utf-8")
    values = config.read_environment(env_file, {"SANAD_TOP_K": "7", "SANAD_CORPUS": "  "})
    assert values["SANAD_TOP_K"] == "7"
    assert values["SANAD_CORPUS"] == "articles"
    assert "LOG_LEVEL" not in values


def test_a_missing_env_file_is_no_error(tmp_path):
    assert config.read_environment(tmp_path / ".env", {"A": "1"}) == {"A": "1"}


def test_the_env_file_is_read_from_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("SANAD_TOP_K=4\n", encoding="utf-8")
    assert config.read_environment(environ={})["SANAD_TOP_K"] == "4"


@pytest.mark.parametrize(
    ("mode", "warned"),
    [(0o600, False), (0o400, False), (0o640, True), (0o644, True), (0o606, True), (0o620, True)],
)
def test_an_env_file_other_users_can_read_or_change_is_warned_about(tmp_path, mode, warned):
    env_file = tmp_path / ".env"
    env_file.write_text("TELEGRAM_BOT_TOKEN=1:x\n", encoding="utf-8")
    env_file.chmod(mode)
    warning = config.env_file_warning(env_file)
    assert (warning is not None) is warned
    if warned:
        assert f"chmod 600 {env_file}" in warning


def test_no_env_file_no_warning(tmp_path):
    assert config.env_file_warning(tmp_path / ".env") is None


def test_the_file_size_limit_is_read_in_megabytes():
    assert config.max_file_bytes({}) == 10 * 2**20
    assert config.max_file_bytes({"SANAD_MAX_FILE_MB": "0.5"}) == 2**19
    assert config.max_file_bytes({"SANAD_MAX_FILE_MB": " 200 "}) == 200 * 2**20


@pytest.mark.parametrize("value", ["0", "-1", "x", "inf", "nan"])
def test_a_bad_file_size_limit_names_the_variable(value):
    with pytest.raises(config.ConfigError) as error:
        config.max_file_bytes({"SANAD_MAX_FILE_MB": value})
    assert error.value.variable == "SANAD_MAX_FILE_MB"


def test_the_field_map_is_read_from_sanad_fields():
    assert config.field_map({}) == FieldMap.DEFAULT
    fields = config.field_map({"SANAD_FIELDS": "content:body_text"})
    assert fields.names_of("content") == ("body_text",)


def test_a_bad_field_map_names_the_variable_and_the_part():
    with pytest.raises(ConfigError, match="SANAD_FIELDS") as error:
        config.field_map({"SANAD_FIELDS": "content:body,headline:title"})
    assert "unknown field: 'headline:title'" in str(error.value)


def test_workers_is_automatic_unless_a_number_of_processes_is_given():
    assert config.workers({}) is None
    assert config.workers({"SANAD_WORKERS": "auto"}) is None
    assert config.workers({"SANAD_WORKERS": " 1 "}) == 1
    assert config.workers({"SANAD_WORKERS": "4"}) == 4
    for value in ("0", "-2", "two", "1.5"):
        with pytest.raises(config.ConfigError) as error:
            config.workers({"SANAD_WORKERS": value})
        assert error.value.variable == "SANAD_WORKERS"
