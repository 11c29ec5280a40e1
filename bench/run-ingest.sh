#!/usr/bin/env bash
# End-to-end ingest benchmark: publishes codex-otel and the decode-and-discard sink codex-otel-sink the same way
# (Native AOT, else ReadyToRun) and load-tests each over OTLP/gRPC and OTLP/HTTP protobuf. Extra arguments go to
# `ingest`, e.g.
#   bench/run-ingest.sh --clients 8 --seconds 20 --warmup 5 --transport both --signal traces
#   bench/run-ingest.sh --redaction both --no-sink    (the recorder with and without secret redaction)
set -euo pipefail
source "$(dirname "$0")/build.sh"
echo "== publishing codex-otel-sink the same way to $artifacts/codex-otel-sink"
publish bench/CodexOtel.Sink/CodexOtel.Sink.csproj codex-otel-sink "${mode[@]}"
exec "$bench" ingest --server "$server" --sink "$artifacts/codex-otel-sink/codex-otel-sink" "$@"
