#!/usr/bin/env bash
# Sourced by the run-*.sh scripts: publishes codex-otel (Release, ReadyToRun, linux-x64) to bench/artifacts/codex-otel
# and builds the bench. Build output stays under bench/artifacts/ (its own obj/ and bin/, so builds of src/ running
# beside it are not disturbed). Sets $bench and $server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

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

bench="$artifacts/build/bin/CodexOtel.Bench/release/CodexOtel.Bench"
server="$artifacts/codex-otel/codex-otel"
