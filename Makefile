# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint typecheck eval bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "Sanad needs Python 3.11 or newer; $(PYTHON) is not: run make PYTHON=python3.11 ..." >&2; \
		exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(RUNTIME_STAMP)

# Starts the Telegram bot when a token is configured (environment, else .env in this folder, read
# by the same rule as the bot's: bot.settings.token_configured); otherwise the terminal chat over
# SANAD_CORPUS (seeds/ when unset), so a newcomer sees answers before creating a bot.
HAS_TOKEN := import sys; from bot.settings import token_configured; \
	from retrieval.config import corpus_path, read_environment; \
	found = token_configured(); \
	found or print(f"No TELEGRAM_BOT_TOKEN: starting the terminal chat over {corpus_path(read_environment()).as_posix()}/. Put a token from @BotFather in .env (see .env.example) to start the bot.", file=sys.stderr); \
	sys.exit(not found)
run: $(RUNTIME_STAMP)
	@if $(BIN)/python -c '$(HAS_TOKEN)'; then \
		exec $(BIN)/sanad bot; \
	else \
		exec $(BIN)/sanad chat; \
	fi

lint: $(DEV_STAMP)
	$(BIN)/ruff check .

# mypy: strict for retrieval/, the default checks elsewhere (pyproject.toml, [tool.mypy]).
typecheck: $(DEV_STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest

eval: $(RUNTIME_STAMP)
	$(BIN)/sanad eval tests/data/questions.jsonl

# Index benchmark beside plain rank-bm25 at 100k sentences; other sizes and the Engine restart:
# make bench BENCH_ARGS="--sizes 10000,100000,1000000 --restart". Results go to bench/results/.
bench: $(RUNTIME_STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# A real archive at full size, read in place (SaudiNewsNet's ZIPs in ../shared by default): cold
# start and restart to the first answer, peak RSS, answer p50/p95 over the news question set.
.PHONY: bench-archive
bench-archive: $(RUNTIME_STAMP)
	$(BIN)/python -m bench.archive $(BENCH_ARGS)

# 300 questions from 60 chats at once against the loopback Bot API stand-in: throughput, p50/p95
# latency from update to reply, peak memory (see docs/reliability.md).
.PHONY: bench-burst
bench-burst: $(DEV_STAMP)
	$(BIN)/python -m bench.burst

# Seconds from launching the bot to its first getUpdates, against the loopback stand-in.
.PHONY: bench-startup
bench-startup: $(DEV_STAMP)
	$(BIN)/python -m bench.startup $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis *.egg-info
