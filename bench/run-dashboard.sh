#!/usr/bin/env bash
# Dashboard queries: builds the bench (Release), writes 100,000 generated conversations as a seed-format file, imports
# it with codex-otel's own import (in the bench's process), and times every query the dashboard's pages make, cold-ish
# and warm. Extra arguments go to `dashboard`, e.g.
#   bench/run-dashboard.sh --runs 15 --keep          # then --reuse to query the same store again
#   bench/run-dashboard.sh --conversations 2000      # a quick check
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/CodexOtel.Bench/CodexOtel.Bench.csproj -c Release --artifacts-path bench/artifacts/build -nologo -v q
exec bench/artifacts/build/bin/CodexOtel.Bench/release/CodexOtel.Bench dashboard "$@"
