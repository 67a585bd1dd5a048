#!/usr/bin/env bash
# handbill against the resvg CLI on the shipped campaign, side by side.
#
# handbill renders every card of the campaign (528: text layout, rendering,
# PNG encoding, captions, manifest, atomic out/; --no-kit leaves out the
# press kit, which the resvg CLI has no part in). The resvg CLI then renders
# handbill's own final, already laid-out SVGs of the same cards, one process
# per card, two at a time, with the same fonts. Rounds alternate the two so
# machine noise hits both; the report is the ratio of wall times and the
# mean PNG bytes per card of each.
#
# Usage: bench/run.sh [ROUNDS]   (default 5). Needs `cargo install resvg`.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
command -v resvg >/dev/null || cargo install resvg --version 0.47.0 --locked
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
hb=target/release/handbill

# The laid-out SVGs the resvg CLI renders.
$hb build --quiet --no-kit --svg --out "$work/svg-out" 2>/dev/null
find "$work/svg-out/cards" -name '*.svg' | sort > "$work/list"
cards=$(wc -l < "$work/list")

now() { date +%s.%N; }
ratios=()
for r in $(seq 1 "$rounds"); do
  rm -rf "$work/hb" "$work/resvg"; mkdir -p "$work/resvg"
  t0=$(now); $hb build --quiet --no-kit --jobs 2 --out "$work/hb" 2>/dev/null; t1=$(now)
  xargs -P2 -I{} sh -c 'resvg --skip-system-fonts --use-fonts-dir fonts "$1" "$2/$(echo "$1" | md5sum | cut -c1-16).png"' _ {} "$work/resvg" < "$work/list"
  t2=$(now)
  h=$(echo "$t1 - $t0" | bc -l); v=$(echo "$t2 - $t1" | bc -l)
  ratio=$(echo "$h / $v" | bc -l)
  ratios+=("$ratio")
  printf 'round %d: handbill %.2f s, resvg CLI %.2f s, ratio %.3f\n' "$r" "$h" "$v" "$ratio"
done
hb_bytes=$(find "$work/hb/cards" -name '*.png' -printf '%s\n' | awk '{s+=$1} END {printf "%d", s/NR}')
rv_bytes=$(find "$work/resvg" -name '*.png' -printf '%s\n' | awk '{s+=$1} END {printf "%d", s/NR}')
median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo
echo "cards: $cards on $(nproc) cores, $rounds rounds"
printf 'wall time, handbill / resvg CLI: median ratio %.3f (below 1: handbill is faster)\n' "$median"
echo "mean PNG bytes per card: handbill $hb_bytes, resvg CLI $rv_bytes"
