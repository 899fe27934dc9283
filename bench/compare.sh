#!/usr/bin/env bash
# Go vs raw crossbeam-channel vs chancheck on the five real-thread shapes, side by side (ns/op).
#
#   bench/compare.sh            # installs Go 1.19 with apt-get if missing; a few minutes
#   SKIP_GO=1 bench/compare.sh  # Rust only
#
# Rust numbers are criterion's median estimates from `cargo bench --bench real_threads`
# (target/criterion/<shape>/<variant>/new/estimates.json); Go's are the median of 5 runs of
# bench/go. Not run by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

shapes=(ping_pong pipeline3 spsc128 workers4 fan_in_select)

declare -A go_ns
if [[ -z "${SKIP_GO:-}" ]]; then
    if ! command -v go >/dev/null 2>&1; then
        echo "== installing Go (apt-get install -y golang-go)" >&2
        if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && apt-get install -y -qq golang-go >&2
        else sudo apt-get update -qq && sudo apt-get install -y -qq golang-go >&2; fi
    fi
    echo "== Go ($(go version))" >&2
    while read -r shape ns; do go_ns[$shape]=$ns; done < <(cd bench/go && GOFLAGS=-mod=mod go run .)
fi

echo "== cargo bench --bench real_threads" >&2
cargo bench --bench real_threads >&2

median() { # criterion estimates.json -> median ns per iteration
    sed -E 's/.*"median":\{"confidence_interval":\{[^}]*\},"point_estimate":([0-9.eE+-]+).*/\1/' "$1"
}

printf '\n%-14s %10s %12s %12s %8s %16s %8s\n' shape go crossbeam chancheck ratio "chancheck+verify" ratio
for shape in "${shapes[@]}"; do
    dir=target/criterion/$shape
    cb=$(median "$dir/crossbeam/new/estimates.json")
    cc=$(median "$dir/chancheck/new/estimates.json")
    cv=$(median "$dir/chancheck_in_verify/new/estimates.json")
    awk -v s="$shape" -v g="${go_ns[$shape]:--}" -v cb="$cb" -v cc="$cc" -v cv="$cv" 'BEGIN {
        printf "%-14s %10s %12.1f %12.1f %7.2fx %16.1f %7.2fx\n", s, g, cb, cc, cc / cb, cv, cv / cb }'
done
echo "(ns per op; ratio = chancheck / crossbeam)"
