#!/usr/bin/env bash
# handbill against its peers on the peers' 100-card workload, side by side.
#
# The workload (bench/workload/make.py): 1080x1080 cards with a diagonal
# gradient, a translucent circle, a rule, a wrapped bold headline, a wrapped
# body and a source line naming the card. handbill renders them from a
# campaign and template of that design (`build --no-kit --no-cache --jobs 2`:
# layout, rendering, PNG, captions, alt text, manifest, atomic out/);
# Takumi (@takumi-rs/core, Rust through napi, laying text out itself) from
# the same texts as data, two at a time; the resvg CLI from handbill's own
# laid-out SVGs, one process per card, two at a time. Rounds alternate the
# three so machine noise hits all of them; the report is each one's wall
# times, the ratio handbill/takumi per round and its median, and the mean
# PNG bytes per card.
#
# Then: handbill alone on 1,000 and 5,000 cards (time and peak RSS, which
# must not grow with the count), and the shipped campaign's full build
# against its cards-only build, so the press kit's cost shows.
#
# Usage: bench/peers.sh [ROUNDS]   (default 3). Installs Takumi into a
# temporary folder with npm, and the resvg CLI with cargo if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
root=$PWD
command -v resvg >/dev/null || cargo install resvg --version 0.47.0 --locked
cargo build --release --quiet
hb=$root/target/release/handbill
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "installing Takumi 2.16.3 into $work/node"
mkdir -p "$work/node"
(cd "$work/node" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund @takumi-rs/core@2.16.3 @takumi-rs/helpers@2.16.3)
cp bench/takumi.mjs "$work/node/"

python3 bench/workload/make.py 100 "$work/w100"
camp=$work/w100/campaign
# The laid-out SVGs the resvg CLI draws: handbill's own, so the text is the same.
$hb build --quiet --no-kit --no-cache --svg -C "$camp" --out "$work/svg" 2>/dev/null
find "$work/svg/cards" -name '*.svg' | sort > "$work/list"

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc -l; }
mean_bytes() { find "$1" -name '*.png' -printf '%s\n' | awk '{s+=$1} END {printf "%d", s/NR}'; }
ratios=()
for r in $(seq 1 "$rounds"); do
  rm -rf "$work/hb" "$work/tk" "$work/rv" "$camp/.handbill-cache"; mkdir -p "$work/tk" "$work/rv"
  t=$(now); $hb build --quiet --no-kit --no-cache --jobs 2 -C "$camp" --out "$work/hb" 2>/dev/null; h=$(since "$t")
  t=$(now); node "$work/node/takumi.mjs" "$work/w100/cards.json" "$root/fonts" "$work/tk"; k=$(since "$t")
  t=$(now)
  xargs -P2 -I{} sh -c 'resvg --skip-system-fonts --use-fonts-dir "$2" "$1" "$3/$(basename "$1" .svg).png"' _ {} "$camp/fonts" "$work/rv" < "$work/list"
  v=$(since "$t")
  ratio=$(echo "$h / $k" | bc -l); ratios+=("$ratio")
  printf 'round %d: handbill %.2f s, Takumi %.2f s, resvg CLI %.2f s; handbill/takumi %.3f, handbill/resvg %.3f\n' \
    "$r" "$h" "$k" "$v" "$ratio" "$(echo "$h / $v" | bc -l)"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo
echo "100 cards on $(nproc) cores, $rounds rounds"
printf 'handbill/takumi: median %.3f (below 1: handbill is faster)\n' "$median"
echo "mean PNG bytes per card: handbill $(mean_bytes "$work/hb/cards"), Takumi $(mean_bytes "$work/tk"), resvg CLI $(mean_bytes "$work/rv")"

echo
echo "scaling (handbill alone, --jobs 2):"
for n in 1000 5000; do
  python3 bench/workload/make.py "$n" "$work/w$n"
  /usr/bin/time -f '%e %M' -o "$work/time$n" \
    $hb build --quiet --no-kit --no-cache --jobs 2 -C "$work/w$n/campaign" --out "$work/o$n" 2>/dev/null
  read -r secs kb < "$work/time$n"
  printf '%5d cards: %6.2f s, %.2f ms a card, peak RSS %d MiB\n' "$n" "$secs" "$(echo "$secs * 1000 / $n" | bc -l)" "$((kb / 1024))"
  rm -rf "$work/o$n" "$work/w$n"
done

echo
echo "shipped campaign (--jobs 2, no cache): full build against cards only"
for r in $(seq 1 "$rounds"); do
  t=$(now); $hb build --quiet --no-cache --jobs 2 --out "$work/full" 2>/dev/null; f=$(since "$t")
  t=$(now); $hb build --quiet --no-kit --no-cache --jobs 2 --out "$work/cards" 2>/dev/null; c=$(since "$t")
  printf 'round %d: full %.2f s, cards only %.2f s, the kit %.2f s (%.0f%% of the full build)\n' \
    "$r" "$f" "$c" "$(echo "$f - $c" | bc -l)" "$(echo "($f - $c) * 100 / $f" | bc -l)"
  rm -rf "$work/full" "$work/cards"
done
