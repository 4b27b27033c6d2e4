# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
# The index's C kernels: pip builds them, so an edit reinstalls.
C_SOURCES := $(wildcard retrieval/*.c)

.PHONY: run test lint typecheck eval bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "Sanad needs Python 3.11 or newer; $(PYTHON) is not: run make PYTHON=python3.11 ..." >&2; \
		exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): pyproject.toml $(C_SOURCES) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml $(C_SOURCES) | $(BIN)/python
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
	$(BIN)/sanad eval tests/data/questions.jsonl tests/data/seeds_hard.jsonl tests/data/conversations.jsonl

# The development sets of issue 9, beside the naive and Lucene baselines in the same run: ARCD's
# train half (its own articles), the news set over the whole SaudiNewsNet archive, the operator
# set over its six articles, and the sets over seeds/. The data lives in ../shared (DEV_DATA),
# never in the project; the archive is converted once into DEV_CORPORA. Lucene (pyserini's
# Anserini jar through pyjnius) is installed without its dependencies and needs a Java 21+ JDK
# (JAVA_HOME, else the newest under /usr/lib/jvm); without it the run says so and goes on.
DEV_DATA ?= ../shared
DEV_CORPORA ?= .sanad-dev
LUCENE_STAMP := $(VENV)/.installed-lucene
NEWS_CORPUS := $(DEV_CORPORA)/saudinewsnet
OPERATOR_CORPUS := $(DEV_CORPORA)/operator

$(LUCENE_STAMP): | $(DEV_STAMP)
	$(BIN)/python -m pip install --quiet --no-deps 'pyserini==1.6.0' 'pyjnius==1.9.0' \
		|| echo "Lucene baseline not installed: the evaluation leaves it out." >&2
	touch $@

$(NEWS_CORPUS)/.converted: | $(DEV_STAMP)
	$(BIN)/python -m tests.data.saudinewsnet $(NEWS_CORPUS) --archive $(DEV_DATA)/corpora/saudinewsnet
	touch $@

$(OPERATOR_CORPUS)/.converted: tests/data/operator_ids.txt | $(DEV_STAMP)
	$(BIN)/python -m tests.data.saudinewsnet $(OPERATOR_CORPUS) --only tests/data/operator_ids.txt \
		--archive $(DEV_DATA)/corpora/saudinewsnet
	touch $@

.PHONY: eval-dev dev-corpora fit-ranker
dev-corpora: $(NEWS_CORPUS)/.converted $(OPERATOR_CORPUS)/.converted

eval-dev: $(DEV_STAMP) $(LUCENE_STAMP) dev-corpora
	$(BIN)/sanad eval $(DEV_DATA)/dev/arcd-train.json
	$(BIN)/sanad eval --corpus $(NEWS_CORPUS) tests/data/news_questions.jsonl
	$(BIN)/sanad eval --corpus $(OPERATOR_CORPUS) tests/data/operator_questions.jsonl
	$(BIN)/sanad eval --corpus seeds tests/data/questions.jsonl tests/data/seeds_hard.jsonl \
		tests/data/conversations.jsonl

# Fits the answer models on the development sets and writes retrieval/ranker_weights.py
# (tools/fit_ranker.py says how); FIT_ARGS="--pools FILE" keeps the candidate pools between runs.
fit-ranker: $(DEV_STAMP) dev-corpora
	$(BIN)/python -m tools.fit_ranker $(DEV_DATA)/dev/arcd-train.json \
		tests/data/news_questions.jsonl@$(NEWS_CORPUS) tests/data/questions.jsonl@seeds \
		tests/data/seeds_hard.jsonl@seeds tests/data/operator_questions.jsonl@$(OPERATOR_CORPUS) \
		--write $(FIT_ARGS)

# Index benchmark beside plain rank-bm25 at 100k sentences; other sizes and the Engine restart:
# make bench BENCH_ARGS="--sizes 10000,100000,1000000 --restart". Results go to bench/results/.
bench: $(RUNTIME_STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Sanad's index beside bm25s (numba), tantivy and Lucene on the same term lists at 200k and 1M
# sentences (bench/peers.py); a peer that cannot be installed or run is skipped with one line.
# Lucene needs a Java 21+ JDK: JAVA_HOME, else the newest under /usr/lib/jvm.
PEERS_STAMP := $(VENV)/.installed-peers
$(PEERS_STAMP): pyproject.toml | $(RUNTIME_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[peers]' \
		|| echo "bm25s and tantivy not installed: make bench-peers skips them." >&2
	touch $@

.PHONY: bench-peers
bench-peers: $(RUNTIME_STAMP) $(PEERS_STAMP) $(LUCENE_STAMP)
	$(BIN)/python -m bench.peers $(BENCH_ARGS)

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
	rm -rf $(VENV) retrieval/*.so build .pytest_cache .ruff_cache .mypy_cache .hypothesis *.egg-info
