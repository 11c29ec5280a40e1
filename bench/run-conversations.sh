#!/usr/bin/env bash
# Query benchmark: publishes codex-otel (Release, ReadyToRun), writes a seed-format otel-logs.jsonl of Codex
# conversations and times `import`, `list`, `show`, `search` (each a whole process) against the seed's
# otel-view.py `list` / `show ID` on the same file. Extra arguments go to `conversations`, e.g.
#   bench/run-conversations.sh --conversations 5000 --runs 5 --seed-runs 3
#   bench/run-conversations.sh --conversations 200 --runs 3 --seed-runs 1     # a quick check
set -euo pipefail
source "$(dirname "$0")/build.sh"
exec "$bench" conversations --server "$server" "$@"
