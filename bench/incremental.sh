#!/usr/bin/env bash
# handbill's incremental-build benchmark: the shipped campaign built cold
# (no cache, no out/), then again with nothing changed (a no-op), then
# after one message edit, round by round in one run, so the three share the
# machine's state. Prints each round, the medians, and the ratios to the
# cold build. The issue's bar: a no-op takes 5% or less of a cold build.
#
#   bench/incremental.sh [ROUNDS]      (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
cargo build --release --quiet
bin=$PWD/target/release/handbill
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r messages templates fonts "$work/"
cd "$work"

# Seconds since the epoch, to the nanosecond.
now() { date +%s.%N; }
# Runs a build quietly and prints its wall time in seconds.
timed() {
  local t0 t1
  t0=$(now)
  "$bin" build --quiet "$@" >/dev/null 2>&1
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }'
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

message=messages/authorities.yaml
original=$(cat "$message")
cold=() noop=() edit=()
printf '%-6s %10s %10s %10s\n' round cold no-op edit
for r in $(seq 1 "$rounds"); do
  rm -rf out .handbill-cache
  printf '%s\n' "$original" >"$message"
  c=$(timed)
  n=$(timed)
  # One English headline, different in every round.
  sed -i "0,/remain unidentified\./s//remain unidentified (round $r)./" "$message"
  e=$(timed)
  cold+=("$c") noop+=("$n") edit+=("$e")
  printf '%-6s %9.3fs %9.3fs %9.3fs\n' "$r" "$c" "$n" "$e"
done
mc=$(printf '%s\n' "${cold[@]}" | median)
mn=$(printf '%s\n' "${noop[@]}" | median)
me=$(printf '%s\n' "${edit[@]}" | median)
printf '%-6s %9.3fs %9.3fs %9.3fs\n' median "$mc" "$mn" "$me"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
printf 'no-op / cold: %s   (bar: 0.05 or less)\n' "$(ratio "$mn" "$mc")"
printf 'edit / cold:  %s\n' "$(ratio "$me" "$mc")"
