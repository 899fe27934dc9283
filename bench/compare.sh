#!/usr/bin/env bash
# Go vs raw crossbeam-channel vs chancheck on the five real-thread shapes, side by side (ns/op).
#
#   bench/compare.sh              # installs Go 1.19 with apt-get if missing; about a minute
#   SKIP_GO=1 bench/compare.sh    # Rust only
#   CRITERION=1 bench/compare.sh  # also the full criterion run (a few minutes), in target/criterion
#   CHART=docs/real-threads.svg bench/compare.sh  # also draw the ratios (bench/chart.awk)
#
# The Rust columns come from `CHANCHECK_BENCH_AB=1 cargo bench --bench real_threads`: the three
# variants of each shape run in turn, 31 rounds, median ns/op of each and the median of the
# rounds' own ratios (interleaving keeps the ratios honest on a loaded machine). Go's column
# is the median of 5 runs of bench/go.
# Not run by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A go_ns
if [[ -z "${SKIP_GO:-}" ]]; then
    if ! command -v go >/dev/null 2>&1; then
        echo "== installing Go (apt-get install -y golang-go)" >&2
        if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && apt-get install -y -qq golang-go >&2
        else sudo apt-get update -qq && sudo apt-get install -y -qq golang-go >&2; fi
    fi
    echo "== $(go version)" >&2
    while read -r shape ns; do go_ns[$shape]=$ns; done < <(cd bench/go && go run .)
fi

if [[ -n "${CRITERION:-}" ]]; then
    echo "== cargo bench --bench real_threads (criterion)" >&2
    cargo bench --bench real_threads >&2
fi

echo "== CHANCHECK_BENCH_AB=1 cargo bench --bench real_threads" >&2
rust=$(CHANCHECK_BENCH_AB=1 cargo bench --bench real_threads 2>/dev/null)

printf '\n%-14s %9s %11s %11s %7s %17s %7s\n' shape go crossbeam chancheck ratio "chancheck+verify" ratio
while read -r shape cb cc cv rc rv; do
    awk -v s="$shape" -v g="${go_ns[$shape]:--}" -v cb="$cb" -v cc="$cc" -v cv="$cv" \
        -v rc="$rc" -v rv="$rv" 'BEGIN {
        printf "%-14s %9s %11.1f %11.1f %6.2fx %17.1f %6.2fx\n", s, g, cb, cc, rc, cv, rv }'
done <<< "$rust"
echo "(ns per op, medians; ratio = median over the rounds of chancheck / crossbeam in that round)"
if [[ -n "${CHART:-}" ]]; then
    awk -f bench/chart.awk <<< "$rust" > "$CHART"
    echo "== chart: $CHART" >&2
fi
