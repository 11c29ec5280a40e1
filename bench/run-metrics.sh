#!/usr/bin/env bash
# Metrics benchmark: ingest throughput of the real codex-otel serve with its metrics consumers on (spanmetrics,
# client metrics, usage; --metrics on a free port) against off (--metrics off), back to back in one run on the same
# payloads (traces, so spanmetrics sees every span); then the scrape of 10,000 series (micro benchmark). Extra
# arguments go to both `ingest` runs, e.g. bench/run-metrics.sh --clients 8 --seconds 20 --transport grpc
set -euo pipefail
source "$(dirname "$0")/build.sh"
# Each run exits non-zero when ingest's own targets are missed (a busy machine): the comparison still needs both.
echo "== metrics off"
"$bench" ingest --server "$server" --no-sink --signal traces --server-env CODEX_OTEL_METRICS=off "$@" || echo "(ingest targets missed)"
echo "== metrics on (spanmetrics included)"
"$bench" ingest --server "$server" --no-sink --signal traces --server-env CODEX_OTEL_METRICS=127.0.0.1:0 "$@" || echo "(ingest targets missed)"
echo "== scrape of 10,000 series"
"$bench" micro --filter '*ExpositionBenchmarks*'
