#!/usr/bin/env bash
# The dashboard in headless chromium (Debian's /usr/bin/chromium): publishes codex-otel as the README installs it,
# starts its serve on a store of 100,000 generated conversations, and times each page to its data, every API call the
# pages make (Server-Timing), and an acknowledged export reaching the open Live and Home pages (bench
# `dashboard-browser`). Extra arguments go to it, e.g.
#   bench/run-dashboard-browser.sh --keep                                  # keep the generated store (bench/artifacts/dashboard-browser/data)
#   bench/run-dashboard-browser.sh --data bench/artifacts/dashboard-browser/data   # measure it again
#   bench/run-dashboard-browser.sh --conversations 5000                    # a quick check
set -euo pipefail
source "$(dirname "$0")/build.sh"
exec "$bench" dashboard-browser --server "$server" "$@"
