# saidwhat: `make demo` sets up .venv and analyzes the bundled example; `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint typecheck bench eval eval-gum eval-timex ingest-check lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/saidwhat analyze examples/harbour-council.txt --published 2024-03-14 --format table

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src

test: lint typecheck
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/end_to_end.py
	$(BIN)/python bench/corpus.py
	$(BIN)/python bench/provenance.py
	$(BIN)/python bench/fulltext.py
	$(BIN)/python bench/writer.py
	$(BIN)/python bench/web_load.py

# Fuzz the text and HTML entry points with atheris (the optional extra `fuzz`, not in the lock),
# FUZZ_SECONDS each; a crash stops the run and leaves its input in build/fuzz/ (make it a test);
# then the property tests with PROPERTY_SCALE times their examples (hypothesis prints a failing one).
FUZZ_SECONDS ?= 120
PROPERTY_SCALE ?= 100
.PHONY: fuzz
fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet 'atheris>=3.0,<4'
	mkdir -p build/fuzz/text build/fuzz/html
	cd fuzz && ../$(BIN)/python fuzz_text.py ../build/fuzz/text seeds/text -max_total_time=$(FUZZ_SECONDS) \
		-rss_limit_mb=3072 -timeout=60 -artifact_prefix=../build/fuzz/
	cd fuzz && ../$(BIN)/python fuzz_html.py ../build/fuzz/html seeds/html -max_total_time=$(FUZZ_SECONDS) \
		-rss_limit_mb=3072 -timeout=60 -artifact_prefix=../build/fuzz/
	$(BIN)/python fuzz/mutate_news.py --seconds $(FUZZ_SECONDS)
	SAIDWHAT_PROPERTY_SCALE=$(PROPERTY_SCALE) $(BIN)/pytest -q tests/test_properties.py

# Score saidwhat (rules, and rules + tagger) and textacy on PolNeAR dev (~2 min); needs ../shared.
eval: $(STAMP)
	$(BIN)/saidwhat eval ../shared/gold/polnear/dev --compare textacy

# Score people/coreference on GUM dev and time expressions on TempEval-3 AQUAINT (dev) with the
# shared scorers (~1 min each); needs ../shared. Extra scorer flags: SCORER_FLAGS="--errors 20".
SCORER_FLAGS ?=
eval-gum: $(STAMP)
	$(BIN)/python bench/shared_gold.py gum dev $(SCORER_FLAGS)

eval-timex: $(STAMP)
	$(BIN)/python bench/shared_gold.py timex AQUAINT $(SCORER_FLAGS)

# Ingest the shared corpora (BBC News, HTML pages, the WARC) into one fresh store and report
# the counts (~5 min with 2 workers); needs ../shared.
CHECK_DB ?= build/ingest-check.duckdb
ingest-check: $(STAMP)
	mkdir -p $(dir $(CHECK_DB)) && rm -f $(CHECK_DB) $(CHECK_DB).wal
	$(BIN)/saidwhat ingest ../shared/corpora/bbc-news --db $(CHECK_DB)
	$(BIN)/saidwhat ingest ../shared/corpora/html-news --db $(CHECK_DB)
	$(BIN)/saidwhat ingest ../shared/corpora/warc --db $(CHECK_DB)
	$(BIN)/saidwhat people --db $(CHECK_DB) --format table --limit 10

# Train the attribution tagger on ../shared PolNeAR train, choose it on dev (one process, ~11 min);
# writes src/saidwhat/models/attribution/ (commit it) and build/attribution/ (git-ignored).
# Train the pronoun ranker on ../shared GUM train, choose it on GUM dev (~3 min); writes
# src/saidwhat/data/coref_ranker.json (readable coefficients: commit it) and caches parses in build/coref/.
.PHONY: train-coref
train-coref: $(STAMP)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/train_coref.py

.PHONY: train-cues
train-cues: $(STAMP)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/train_cues.py

.PHONY: train
train: $(STAMP)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python -m saidwhat.tagger.train

# Regenerate the lock from the ranges in pyproject.toml (run by hand, commit the result).
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet --upgrade pip
	.lockenv/bin/python -m pip install --quiet -e '.[dev]'
	.lockenv/bin/python -m pip freeze --exclude-editable | grep -v '^saidwhat' > requirements.lock
	rm -rf .lockenv

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
