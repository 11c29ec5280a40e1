#!/usr/bin/env bash
# Peak memory of `serve` under the costliest requests within its limits, and past them: publishes codex-otel as the
# README installs it and sends each request to a fresh server process (bench `hostile`).
set -euo pipefail
source "$(dirname "$0")/build.sh"
exec "$bench" hostile --server "$server" "$@"
