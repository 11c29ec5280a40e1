#!/usr/bin/env bash
# Sourced by the run-*.sh scripts: publishes codex-otel — Native AOT for linux-x64, as the README installs it, or
# ReadyToRun when AOT cannot be built here (no clang) — to bench/artifacts/codex-otel, and builds the bench. Build
# output stays under bench/artifacts/ (its own obj/ and bin/, so builds of src/ running beside it are not disturbed).
# Sets $bench and $server, and $mode for `publish` of anything that must be compiled the same way.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

artifacts=bench/artifacts
rid=linux-x64

# publish PROJECT NAME MODE-PROPERTIES...: into $artifacts/NAME, replacing what was there only on success.
publish() {
  local project=$1 name=$2
  shift 2
  local next="$artifacts/$name.next"
  rm -rf "$next"
  dotnet publish "$project" -c Release -r "$rid" "$@" --artifacts-path "$artifacts/build" -o "$next" -nologo -v q || return 1
  rm -rf "${artifacts:?}/$name"
  mv "$next" "$artifacts/$name"
}

mode=(-p:PublishAot=true)
echo "== publishing codex-otel (Release, Native AOT, $rid) to $artifacts/codex-otel"
if ! publish src/CodexOtel/CodexOtel.csproj codex-otel "${mode[@]}"; then
  echo "== Native AOT publish failed; publishing ReadyToRun"
  mode=(--self-contained false -p:PublishReadyToRun=true)
  publish src/CodexOtel/CodexOtel.csproj codex-otel "${mode[@]}"
fi

echo "== building the bench (Release)"
dotnet build bench/CodexOtel.Bench/CodexOtel.Bench.csproj -c Release --artifacts-path "$artifacts/build" -nologo -v q

bench="$artifacts/build/bin/CodexOtel.Bench/release/CodexOtel.Bench"
server="$artifacts/codex-otel/codex-otel"
