from pathlib import Path

import pytest

from retrieval import config
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
