#!/usr/bin/env bash
# End-to-end ingest benchmark: publishes codex-otel (Release, ReadyToRun) and load-tests it against the
# decode-and-discard sink over OTLP/gRPC and OTLP/HTTP protobuf. Extra arguments go to `ingest`, e.g.
#   bench/run-ingest.sh --clients 8 --seconds 20 --warmup 5 --transport both --signal traces
# Build output stays under bench/artifacts/ (its own obj/ and bin/, so builds of src/ running beside it are not disturbed).
set -euo pipefail
cd "$(dirname "$0")/.."

artifacts=bench/artifacts
rid=linux-x64
next="$artifacts/codex-otel.next"

echo "== publishing codex-otel (Release, ReadyToRun, $rid) to $artifacts/codex-otel"
rm -rf "$next"
if ! dotnet publish src/CodexOtel/CodexOtel.csproj -c Release -r "$rid" --self-contained false \
    -p:PublishReadyToRun=true --artifacts-path "$artifacts/build" -o "$next" -nologo -v q; then
  echo "== ReadyToRun publish failed; publishing without it"
  rm -rf "$next"
  dotnet publish src/CodexOtel/CodexOtel.csproj -c Release --artifacts-path "$artifacts/build" -o "$next" -nologo -v q
fi
rm -rf "$artifacts/codex-otel"
mv "$next" "$artifacts/codex-otel"

echo "== building the bench (Release)"
dotnet build bench/CodexOtel.Bench/CodexOtel.Bench.csproj -c Release --artifacts-path "$artifacts/build" -nologo -v q

exec "$artifacts/build/bin/CodexOtel.Bench/release/CodexOtel.Bench" ingest --server "$artifacts/codex-otel/codex-otel" "$@"
