#!/usr/bin/env bash
# Runs all tests: restores packages (NuGet, npm: the real Codex CLI and the OpenTelemetry JS SDK), builds, tests.
# Prints "N passed, N failed" from the test results at the end.
set -euo pipefail
cd "$(dirname "$0")"

npm ci --prefix tests/clients --no-audit --no-fund --loglevel=error
results="$(pwd)/TestResults"
rm -rf "$results"
status=0
dotnet test CodexOtel.slnx -c Release --logger "trx;LogFileName=tests.trx" --results-directory "$results" "$@" || status=$?

trx=$(find "$results" -name '*.trx' | head -n 1)
if [ -n "$trx" ]; then
  python3 - "$trx" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<Counters[^>]*>', text)
attrs = dict(re.findall(r'(\w+)="(\d+)"', m.group(0))) if m else {}
passed, failed = int(attrs.get("passed", 0)), int(attrs.get("failed", 0))
skipped = int(attrs.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
else
  echo "0 passed, 1 failed"
  status=1
fi
exit $status
