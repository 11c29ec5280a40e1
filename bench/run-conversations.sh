#!/usr/bin/env bash
# Query benchmark: publishes codex-otel (Release, ReadyToRun), writes a seed-format otel-logs.jsonl of Codex
# conversations and times `import`, `list`, `show`, `search` (each a whole process) against the seed's
# otel-view.py `list` / `show ID` on the same file. Extra arguments go to `conversations`, e.g.
#   bench/run-conversations.sh --conversations 5000 --runs 5 --seed-runs 3
#   bench/run-conversations.sh --conversations 200 --runs 3 --seed-runs 1     # a quick check
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

exec "$artifacts/build/bin/CodexOtel.Bench/release/CodexOtel.Bench" conversations --server "$artifacts/codex-otel/codex-otel" "$@"
