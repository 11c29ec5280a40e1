#!/usr/bin/env bash
# Metrics benchmark: ingest throughput of the real codex-otel serve with its metrics consumers on (spanmetrics,
# client metrics, usage; --metrics on a free port) against off (--metrics off), on the same payloads (traces, so
# spanmetrics sees every span); then the scrape of 10,000 series (micro benchmark).
#
# A single off/on pair on a shared machine scatters by ±10 %, as much as the cost measured, so the runs alternate —
# off, on, off, on — for PAIRS pairs per transport (default 3), and the summary compares records acknowledged, on ÷ off,
# both as the ratio of the sums and as the median of the pairs' ratios (which one slow stretch of the machine moves
# less; target ≥ 90 % by either), and server CPU per record. Extra arguments go to every `ingest` run, e.g.
#   PAIRS=5 bench/run-metrics.sh --seconds 15 --warmup 3
set -euo pipefail
source "$(dirname "$0")/build.sh"
pairs=${PAIRS:-3}
summary=()
for transport in grpc http; do
  declare -A rate=([off]=0 [on]=0) cpu=([off]=0 [on]=0) run=()
  ratios=()
  for ((pair = 1; pair <= pairs; pair++)); do
    for mode in off on; do
      address=$([[ $mode == on ]] && echo 127.0.0.1:0 || echo off)
      echo "== $transport, metrics $mode (pair $pair of $pairs)"
      # A run exits non-zero when ingest's own targets are missed (a busy machine): the comparison still needs it.
      out=$("$bench" ingest --server "$server" --no-sink --signal traces --transport "$transport" --server-env CODEX_OTEL_METRICS="$address" "$@" 2>&1) || true
      echo "$out" | grep -m1 'records/s' || { echo "$out"; exit 1; }
      line=$(echo "$out" | grep -m1 'records/s')
      run[$mode]=$(echo "$line" | awk '{gsub(",", "", $1); print $1}')
      rate[$mode]=$(awk -v a="${rate[$mode]}" -v b="${run[$mode]}" 'BEGIN { print a + b }')
      cpu[$mode]=$(awk -v a="${cpu[$mode]}" -v b="$(echo "$line" | sed -E 's/.*\(([0-9.]+) µs\/record\).*/\1/')" 'BEGIN { print a + b }')
    done
    ratios+=("$(awk -v off="${run[off]}" -v on="${run[on]}" 'BEGIN { printf "%.1f", 100 * on / off }')")
  done
  median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
  summary+=("$(awk -v t="$transport" -v n="$pairs" -v off="${rate[off]}" -v on="${rate[on]}" -v coff="${cpu[off]}" -v con="${cpu[on]}" -v pairs="${ratios[*]}" -v median="$median" 'BEGIN {
    ratio = 100 * on / off
    printf "| %s | %d | %.0f | %.0f | %.1f %% | %s (%s) %% | %.2f -> %.2f us | %s |", t, n, off / n, on / n, ratio, median, pairs, coff / n, con / n, (ratio >= 90 || median >= 90 ? "PASS" : "FAIL") }')")
  unset rate cpu run
done
echo
echo "| transport | pairs | off, records/s (mean) | on, records/s (mean) | on / off (sums) | on / off, median pair (each) | server CPU / record, off -> on | >= 90 % |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${summary[@]}"
echo
echo "== scrape of 10,000 series"
"$bench" micro --filter '*ExpositionBenchmarks*'
