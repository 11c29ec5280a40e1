#!/usr/bin/env bash
# End-to-end ingest benchmark: publishes codex-otel (Release, ReadyToRun) and load-tests it against the
# decode-and-discard sink over OTLP/gRPC and OTLP/HTTP protobuf. Extra arguments go to `ingest`, e.g.
#   bench/run-ingest.sh --clients 8 --seconds 20 --warmup 5 --transport both --signal traces
set -euo pipefail
source "$(dirname "$0")/build.sh"
exec "$bench" ingest --server "$server" "$@"
