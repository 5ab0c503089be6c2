# The plain entry point. Every target that needs a tool installs whatever is
# missing first (.ci/tools.sh, quick when all is present), so a fresh clone
# needs nothing else: `make dist` on its own must not make Trunk reach for the
# network (it would try to download wasm-opt without npm's binaryen).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export CHROMEDRIVER := /usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT := 120

# In-browser test targets (tests/web_*.rs).
WEB_TESTS := $(patsubst tests/%.rs,--test %,$(wildcard tests/web_*.rs))

.PHONY: serve test tools-web tools-test fmt-check clippy test-native conform test-web dist e2e size bench bench-web trace-figure fuzz clean

serve: tools-web
	trunk serve

test: tools-test fmt-check clippy test-native conform test-web dist e2e size
	@echo "make test: all green"

tools-web:
	@.ci/tools.sh web

tools-test:
	@.ci/tools.sh test

fmt-check:
	@echo "== formatting"
	cargo fmt --all -- --check

clippy: tools-web
	@echo "== clippy (native and wasm32)"
	cargo clippy --all-targets -- -D warnings
	cargo clippy --features conform --bin occ-sim -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --no-default-features --lib --bin occ-live -- -D warnings
	CARGO_TARGET_DIR=target/prerender cargo clippy --no-default-features --features prerender --lib --bin occ-prerender -- -D warnings

test-native:
	@echo "== native tests (engine, CLI)"
	cargo test

# The JetStream model against a real nats-server (tests/conform/; starts and
# stops the server itself). `make conform ARGS="--scenario FILE"` for one file.
conform: tools-test
	@.ci/conform.sh $(ARGS)

test-web: tools-test
	@echo "== in-browser tests (wasm-bindgen-test, headless Chromium)"
	cargo test --target wasm32-unknown-unknown $(WEB_TESTS)

# Relative asset paths: dist/ works from any URL sub-path of a static host.
dist: tools-web
	@echo "== release build"
	trunk build --release --public-url ./

e2e: tools-test dist
	@echo "== end-to-end (Playwright + Debian Chromium, screenshots in target/e2e/)"
	npm run --silent e2e

size: dist
	@.ci/size.sh dist

bench:
	cargo bench --bench engine

# Browser figures: WASM throughput and long tasks over 10,000 panel trials; the
# engine worker vs native (occ-sim at the worker's opt-level 3) side by side;
# the JS API's biggest call; opening the largest file the page imports and the
# largest link; a first visit on a slow network (150 ms, 1.6 Mbit/s: first text,
# stage drawn, Play working, layout shift, bytes).
# Not part of `make test`.
bench-web: tools-test dist
	cargo build --profile worker --bin occ-sim
	node tests/bench-web/experiments.mjs
	node tests/bench-web/workers.mjs
	node tests/bench-web/open.mjs
	node tests/bench-web/link.mjs
	node tests/bench-web/slow.mjs

# Max RSS, wall and CPU time of `occ-sim run` on a 5,000-update scenario (README).
trace-figure:
	@.ci/trace-figure.sh

# The long fuzz run of the share-link decoder, the importer and the host-message
# parser (the short one is part of `cargo test`). FUZZ_INPUTS per decoder.
FUZZ_INPUTS ?= 1000000
fuzz:
	FUZZ_INPUTS=$(FUZZ_INPUTS) cargo test --release --test fuzz_decoders -- --nocapture --test-threads 2

clean:
	cargo clean
	rm -rf dist target/e2e
