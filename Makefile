# The two commands: `make run` and `make test`. Everything else is a step of theirs.
SHELL := /bin/bash
.DEFAULT_GOAL := run

.PHONY: run start stop test deps build unit integration lint format bench bench-auth bench-analytics bench-export bench-anomaly

## make run: install what is missing, build (release), start PostgreSQL, report-fcgi and nginx on
## 127.0.0.1:8080 (REPORT_HTTP_PORT), stay in the foreground until Ctrl-C.
run: deps build
	scripts/stack.sh run

## make start: the same stack in the background; make stop stops it.
start: deps build
	scripts/stack.sh up

stop:
	scripts/stack.sh down

## make test: install what is missing, lint, unit tests, then integration tests against the real stack.
test: deps lint unit integration

deps:
	scripts/stack.sh deps

build:
	scripts/stack.sh build

unit:
	swift build --build-tests
	swift test --skip-build

integration: build
	python3 -m pytest -q -p no:cacheprovider Tests/integration

lint:
	swift format lint --strict --recursive Sources Tests Benchmarks
	python3 scripts/sizes.py

format:
	swift format format -i --recursive Sources Tests Benchmarks

bench-auth:
	swift build -c release --product auth-bench
	.build/release/auth-bench

## make bench-export: 100,000 rows (a date and 13 metrics) written as CSV, JSON, XLSX and PDF, one process each:
## seconds, file size and peak RSS against the goals.
bench-export:
	swift build -c release --product export-bench
	.build/release/export-bench --format all

## make bench-anomaly: 200 seeded synthetic daily series with injected spikes, dips and level shifts: recall and
## false-positive rate per sensitivity against the goal, and the CPU time of 1,000 alert-rule evaluations.
bench-anomaly:
	swift build -c release --product anomaly-bench
	.build/release/anomaly-bench

## make bench: GET /custom/:id through nginx vs a minimal C responder on libfcgi, same nginx, same run.
bench: deps build
	scripts/bench.sh

## make bench-analytics: for each data shape (standard, wide; BENCH_SHAPES), 10 million seeded events: seed and
## catch-up times, latencies of every analytics endpoint through nginx, the responder's RSS before and after 2 million
## older events are appended; every goal MET or MISSED.
bench-analytics: deps build
	python3 scripts/bench-analytics.py
