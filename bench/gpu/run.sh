#!/usr/bin/env bash
# On the GPU machine: reassembles TensorRT FLAVOR from the parts received with
# bench/gpu/receive-part.sh (checked against SHA256SUMS), then builds and verifies every
# staged network (build/gpu/stage from bench/gpu/stage.sh) with test/realtrt/run.py:
# CMake build with -Werror, FP32 (TF32 off) and FP16 engines, --verify against PyTorch,
# --bench. Results: the table on stdout and, when $OUT is set, $OUT/gpu-results-FLAVOR.{md,json}.
# With --zoo: the model zoo instead (bench/gpu/zoo.py): unpacks the zoo parts received with
# receive-part.sh zoo ... into $base/zoo (a new set of bundles discards the results of the
# old one), builds and verifies the bundles, resumable; $OUT/zoo-gpu-results-FLAVOR.json.
# usage: bench/gpu/run.sh FLAVOR [run.py options, e.g. --only REGEX --precisions fp32]
#        bench/gpu/run.sh FLAVOR --zoo [zoo.py options, e.g. --only REGEX --jobs 8 --opt-level 1]
#        bench/gpu/run.sh FLAVOR --perf [perf.py options, e.g. --phase build --only resnet]
# With --perf: the performance table (bench/gpu/perf.py) of the cases carried in
# build/gpu/perf-carry (bench/perf/stage.py); $OUT/perf-results-FLAVOR.{json,md}. Builds spread
# over every visible GPU; on a machine of several GPUs, --phase time runs one timing process per
# GPU (each alone on its GPU), logs in $OUT/perf-time-gpuN.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
flavor="$1"; shift
base="${TRTGEN_GPU_STAGE:-/var/tmp/trtgen-gpu}"
parts="$base/parts-$flavor"
root="$base/tensorrt-$flavor"
if ! command -v zstd >/dev/null && [ -x "$base/tools/zstd" ]; then  # carried by receive-part.sh
  export PATH="$base/tools:$PATH" LD_LIBRARY_PATH="$base/tools${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
command -v zstd >/dev/null || { echo "run: no zstd here; carry build/gpu/tools with a part (bench/gpu/stage.sh makes it)" >&2; exit 1; }
if [ ! -f "$root/.complete" ]; then
  [ -f "$parts/SHA256SUMS" ] || { echo "run: no parts of TensorRT $flavor in $parts (bench/gpu/receive-part.sh)" >&2; exit 1; }
  (cd "$parts" && sha256sum --quiet -c SHA256SUMS) || { echo "run: parts missing or damaged in $parts" >&2; exit 1; }
  rm -rf "$root" && mkdir -p "$root"
  cat "$parts"/part-* | zstd -d -q | tar -x -C "$root"
  for so in "$root"/lib/lib*.so.[0-9]*; do
    base_so="${so%%.so.*}.so"
    [ -e "$base_so" ] || ln -s "$(basename "$so")" "$base_so"
  done
  ln -sf libcudart.so.12 "$root/lib/libcudart.so"
  touch "$root/.complete"
fi
out="${OUT:-build/gpu}"
mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
if [ "${1:-}" = "--zoo" ]; then
  shift
  zparts="$base/parts-zoo" zoo="$base/zoo" zbuild="$base/zoo-build-$flavor"
  [ -f "$zparts/SHA256SUMS" ] || { echo "run: no zoo parts in $zparts (bench/gpu/receive-part.sh zoo ...)" >&2; exit 1; }
  if ! cmp -s "$zparts/SHA256SUMS" "$zoo/.SHA256SUMS"; then
    (cd "$zparts" && sha256sum --quiet -c SHA256SUMS) || { echo "run: zoo parts missing or damaged in $zparts" >&2; exit 1; }
    rm -rf "$zoo" "$zbuild/results" && mkdir -p "$zoo"
    cat "$zparts"/part-* | zstd -d -q | tar -x -C "$zoo"
    cp "$zparts/SHA256SUMS" "$zoo/.SHA256SUMS"
    echo "run: unpacked $(ls "$zoo/cases" | wc -l) zoo bundles into $zoo"
  fi
  exec python3 bench/gpu/zoo.py "$zoo" --tensorrt-root "$root" --build-dir "$zbuild" \
    --json "$out/zoo-gpu-results-$flavor.json" "$@"
fi
if [ "${1:-}" = "--perf" ]; then
  shift
  carry=build/gpu/perf-carry perf="$base/perf"
  [ -f "$carry/bundles.tar.zst" ] || { echo "run: carry $carry (bench/perf/stage.py writes it) with --perf" >&2; exit 1; }
  if ! cmp -s "$carry/bundles.tar.zst" "$perf/.bundles.tar.zst"; then
    rm -rf "$perf/cases" "$base/perf-build-$flavor/results" && mkdir -p "$perf"
    zstd -d -q -c "$carry/bundles.tar.zst" | tar -x -C "$perf"
    cp "$carry/bundles.tar.zst" "$perf/.bundles.tar.zst"
    echo "run: unpacked $(ls "$perf/cases" | wc -l) performance cases into $perf"
  fi
  for so in "$carry"/libnvonnxparser.so.*; do  # the ONNX parser, for the ONNX -> TensorRT engines
    [ -e "$root/lib/$(basename "$so")" ] || cp "$so" "$root/lib/"
    ln -sf "$(basename "$so")" "$root/lib/libnvonnxparser.so"
  done
  pytag=$(python3 -c 'import sys; print("cp%d%d" % sys.version_info[:2])')
  wheel=$(ls "$carry"/wheels/*-"$pytag"-*.whl 2>/dev/null | head -1)
  [ -n "$wheel" ] || { echo "run: no TensorRT Python bindings for $pytag in $carry/wheels" >&2; exit 1; }
  [ -d "$perf/py-$pytag" ] || python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$wheel" "$perf/py-$pytag"
  export PYTHONPATH="$perf/py-$pytag${PYTHONPATH:+:$PYTHONPATH}"
  export LD_LIBRARY_PATH="$root/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  rc=0
  perf_py=(python3 bench/gpu/perf.py "$perf" --tensorrt-root "$root" --build-dir "$base/perf-build-$flavor"
    --json "$out/perf-results-$flavor.json" --markdown "$out/perf-results-$flavor.md")
  ngpu=$(nvidia-smi -L 2>/dev/null | grep -c '^GPU' || true)
  if [ -z "${CUDA_VISIBLE_DEVICES:-}" ] && [ "${ngpu:-0}" -gt 1 ] && [[ " $* " == *" --phase time "* ]]; then
    # timing: one process per GPU, each alone on its GPU with every ngpu-th case, then one table
    pids=()
    for ((i = 0; i < ngpu; i++)); do
      CUDA_VISIBLE_DEVICES=$i "${perf_py[@]}" "$@" --shard "$i/$ngpu" >"$out/perf-time-gpu$i.log" 2>&1 &
      pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || rc=$?; done
    grep -h '^timed\|^deadline\|Error' "$out"/perf-time-gpu*.log || true
    "${perf_py[@]}" "$@" --phase report || rc=$?
  else
    "${perf_py[@]}" "$@" || rc=$?
  fi
  # the builders' own per-layer profiles (trtgen graph --profile reads them)
  if compgen -G "$base/perf-build-$flavor/results/*.profile.json" >/dev/null; then
    mkdir -p "$out/perf-profiles" && cp "$base/perf-build-$flavor"/results/*.profile.json "$out/perf-profiles/"
  fi
  exit "$rc"
fi
python3 test/realtrt/run.py build/gpu/stage --tensorrt-root "$root" --build-dir "$base/build-$flavor" --verify --bench 200 \
  --markdown "$out/gpu-results-$flavor.md" --json "$out/gpu-results-$flavor.json" "$@"
