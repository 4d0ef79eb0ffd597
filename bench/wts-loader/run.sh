#!/usr/bin/env bash
# Benchmark: trtgen-wts (streaming loader) vs the classic tensorrtx ifstream
# loader on a synthetic float32 .wts file, as paired runs: each round runs the
# baseline, trtgen-wts with its default threads (one per idle core) and on one thread
# back to back (the order rotating, and reversed, from round to round), so that load from
# other processes hits all three alike; medians over the rounds are compared.
#
#   bench/wts-loader/run.sh              # 50M parameters (~450 MB text), 5 rounds
#   PARAMS=2000000 bench/wts-loader/run.sh
#   REGEN=1 ...                          # force regenerating the .wts
#   RUNS=5 ...                           # rounds
#   OURS=/path/to/trtgen-wts ...         # time another build of trtgen-wts
#   ARMS="baseline threads" ...           # leave out the one-thread arm
#   BEFORE=/path/to/old/trtgen-wts ARMS="baseline threads one before" ...
#                                        # an earlier build as a fourth arm
#
# Everything goes to bench/out/ (gitignored). Each program reports its own load
# time (wall clock around the load only), peak RSS (VmHWM) and a checksum.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$ROOT/bench/out"
PARAMS=${PARAMS:-50000000}
RUNS=${RUNS:-5}
JOBS=$(nproc 2>/dev/null || echo 2)

mkdir -p "$OUT"
echo "== build (Release, -O2) -> $OUT/build"
cmake -S "$HERE" -B "$OUT/build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" >"$OUT/cmake.log"
cmake --build "$OUT/build" -j"$JOBS" >>"$OUT/cmake.log"
BIN="$OUT/build"
OURS=${OURS:-$BIN/trtgen-wts}

WTS="$OUT/synthetic_${PARAMS}.wts"
if [[ ! -s "$WTS" || "${REGEN:-0}" == 1 ]]; then
  echo "== generate $PARAMS parameters -> $WTS"
  start=$(date +%s.%N)
  "$BIN/gen_wts" "$WTS.tmp" "$PARAMS"
  mv "$WTS.tmp" "$WTS"
  echo "   took $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
fi
FILE_BYTES=$(stat -c %s "$WTS")
BIN_BYTES=$((PARAMS * 4))
echo "   text: $FILE_BYTES bytes, binary: $BIN_BYTES bytes"
cat "$WTS" >/dev/null   # warm the page cache so both loaders read from RAM


field() { awk -v k="$1:" '$1 == k {print $2}' "$2"; }
median() { sort -g | awk '{v[NR] = $1} END {print !NR ? "" : NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# arm NAME: the command of one arm of the comparison
arm() {
  case $1 in
    baseline) echo "$BIN/baseline_ifstream $WTS" ;;
    threads) echo "$OURS info --stats $WTS" ;;
    one) echo "$OURS info --stats --threads 1 $WTS" ;;
    before) echo "$BEFORE info --stats $WTS" ;;
  esac
}
read -r -a ARMS <<<"${ARMS:-baseline threads one}"
echo "== $RUNS paired rounds; $(nproc) cores online to this process, load average $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$OUT"/pair.*.txt
for ((i = 1; i <= RUNS; i++)); do
  line="   round $i:"
  for ((k = 0; k < ${#ARMS[@]}; k++)); do
    # rotating, and backwards in even rounds: a plain rotation keeps every arm after the same
    # other one, and a run is faster or slower after another that has just freed its memory
    n=${#ARMS[@]}
    a=${ARMS[$((i % 2 ? (i + k) % n : (i + n - 1 - k) % n))]}
    f="$OUT/pair.$a.$i.txt"
    $(arm "$a") >"$f"
    line+=" $a $(field load_seconds "$f")s"
  done
  echo "$line"
done

# med ARM FIELD: median of FIELD over the rounds
med() { for ((i = 1; i <= RUNS; i++)); do field "$2" "$OUT/pair.$1.$i.txt"; done | median; }
# ratios ARM [FIELD]: the rounds' baseline FIELD / ARM FIELD (FIELD: load_seconds by default), one a line
ratios() {
  local f=${2:-load_seconds}
  for ((i = 1; i <= RUNS; i++)); do
    awk -v a="$(field "$f" "$OUT/pair.baseline.$i.txt")" -v b="$(field "$f" "$OUT/pair.$1.$i.txt")" \
      'BEGIN{print (b > 0 ? a / b : 0)}'
  done
}
# ratio ARM [FIELD]: the median of the rounds' ratios
ratio() { ratios "$@" | median; }
# range ARM [FIELD]: "min-max" of the rounds' ratios
range() { ratios "$@" | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.1f-%.1f", lo, hi}'; }

base_sum=$(field fnv1a64 "$OUT/pair.baseline.1.txt")
for ((i = 1; i <= RUNS; i++)); do
  for a in "${ARMS[@]}"; do
    s=$(field fnv1a64 "$OUT/pair.$a.$i.txt")
    if [[ "$s" != "$base_sum" ]]; then
      echo "CHECKSUM MISMATCH: $a round $i $s vs baseline $base_sum" >&2
      exit 1
    fi
  done
done

echo
echo "== results: $PARAMS float32 values, text $(awk -v b="$FILE_BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB, binary $(awk -v b="$BIN_BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB; medians of $RUNS rounds"
printf "%-24s %8s %8s %8s %12s %8s %24s %8s\n" loader seconds "CPU s" "MB/s" "peak RSS MB" "RSS/bin" \
  "x baseline (range)" "CPU x"
base_rss=$(med baseline peak_rss_kb)
for a in "${ARMS[@]}"; do
  case $a in
    baseline) label="baseline_ifstream" ;;
    threads) label="trtgen-wts (default)" ;;
    one) label="trtgen-wts (1 thread)" ;;
    before) label="\$BEFORE" ;;
  esac
  cpu=$(med "$a" load_cpu_seconds)
  awk -v l="$label" -v s="$(med "$a" load_seconds)" -v c="${cpu:--}" -v r="$(med "$a" peak_rss_kb)" -v bin="$BIN_BYTES" \
    -v fb="$FILE_BYTES" -v x="$(ratio "$a")" -v xr="$(range "$a")" -v cx="$(ratio "$a" load_cpu_seconds)" 'BEGIN{
    printf "%-24s %8.3f %8s %8.1f %12.1f %8.3f %24s %7.1fx\n", l, s, c, fb / 1e6 / s, r * 1024 / 1e6,
      r * 1024 / bin, sprintf("%.1fx (%s)", x, xr), cx }'
done
echo "checksums match: fnv1a64 $base_sum"
awk -v x="$(ratio threads)" -v xr="$(range threads)" -v cx="$(ratio threads load_cpu_seconds)" \
  -v r="$(med threads peak_rss_kb)" -v br="$base_rss" -v bin="$BIN_BYTES" 'BEGIN{
  printf "trtgen-wts (default) against the baseline: %.1fx wall (the rounds: %s), %.1fx CPU; peak RSS %.3fx the baseline'"'"'s\n",
    x, xr, cx, r / br
  ok = 1
  if (x < 10) { print "GOAL MISSED: paired median speedup < 10x"; ok = 0 }
  if (r > 1.1 * br) { print "GOAL MISSED: peak RSS > 1.1x the baseline'"'"'s"; ok = 0 }
  if (r * 1024 > 1.1 * bin) { print "GOAL MISSED: peak RSS > 1.1x binary size (expected for tiny PARAMS: fixed process overhead)"; ok = 0 }
  if (ok) print "goals met: >= 10x faster (paired median), peak RSS <= 1.1x the baseline'"'"'s and the binary size"
}'
