#!/usr/bin/env bash
# Prepares the GPU verification run (see docs/workflow.md, "Verifying on a GPU"):
#   1. TensorRT FLAVOR (10.6 or 8.6) from scripts/fetch-tensorrt.sh, its headers and the
#      libraries a builder needs, compressed (zstd) and split into parts of at most 56 MB
#      under build/gpu/parts-FLAVOR/ (a machine that reaches no registry receives them one
#      part per call: bench/gpu/receive-part.sh);
#   2. every generated example and simulation fixture with its weights and PyTorch
#      references under build/gpu/stage/ (test/realtrt/prepare.mjs).
# (and a zstd binary in build/gpu/tools/, carried with the first part). Then, on the GPU
# machine: bench/gpu/run.sh FLAVOR (reassembles TensorRT, builds every
# network with CMake, builds FP32 and FP16 engines, runs --verify and --bench, prints one table).
#
# With --zoo, instead of 2.: the model zoo's GPU bundles (build/zoo-gpu/, written by
# bench/zoo/run.py) in parts of at most 56 MB under build/gpu/parts-zoo/, received like the
# TensorRT parts (receive-part.sh zoo ...); then bench/gpu/run.sh FLAVOR --zoo.
#
# usage: bench/gpu/stage.sh 10.6|8.6 [--parts-only | --stage-only | --zoo]
set -euo pipefail
cd "$(dirname "$0")/../.."
flavor="${1:-}"
what="${2:-all}"
case "$flavor $what" in 10.6\ *|8.6\ *) ;; *) flavor= ;; esac
case "$what" in all|--parts-only|--stage-only|--zoo) ;; *) flavor= ;; esac
[ -n "$flavor" ] || { echo "usage: bench/gpu/stage.sh 10.6|8.6 [--parts-only | --stage-only | --zoo]" >&2; exit 2; }
PART_BYTES=56000000  # + the working tree (~9 MB) stays under the 64 MiB a call may carry

if [ "$what" != "--stage-only" ]; then
  root=$(scripts/fetch-tensorrt.sh "$flavor" | tail -1)
  major=${flavor%%.*}
  parts="build/gpu/parts-$flavor"
  stamp="$parts/.source"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$root $(stat -c %Y "$root/.trtgen-installed")" ]; then
    echo "stage: $(ls "$parts"/part-* | wc -l) parts of TensorRT $flavor already in $parts" >&2
  else
    rm -rf "$parts" && mkdir -p "$parts"
    command -v zstd >/dev/null || { echo "stage: zstd is not installed (Debian: apt-get install zstd)" >&2; exit 1; }
    echo "stage: compressing TensorRT $flavor (headers, libnvinfer, builder resource, plugins, cudart)..." >&2
    (cd "$root" && tar -cf - include lib/libnvinfer.so."$major" lib/libnvinfer_builder_resource.so.* \
        lib/libnvinfer_plugin.so."$major" lib/libcudart.so.12) |
      zstd -T0 -6 -q | split -b "$PART_BYTES" -d -a 2 - "$parts/part-"
    (cd "$parts" && sha256sum part-* >SHA256SUMS)
    echo "$root $(stat -c %Y "$root/.trtgen-installed")" >"$stamp"
    echo "stage: $(ls "$parts"/part-* | wc -l) parts in $parts" >&2
  fi
  # The GPU machine has no zstd: carry this machine's (with its non-libc libraries).
  rm -rf build/gpu/tools && mkdir -p build/gpu/tools && cp "$(command -v zstd)" build/gpu/tools/
  ldd "$(command -v zstd)" | awk '/=>/ {print $3}' | grep -vE '/lib(c|m|pthread|dl|rt)\.so' |
    while read -r lib; do cp -L "$lib" build/gpu/tools/; done
fi

if [ "$what" = "--zoo" ]; then
  bundles=$(cd build/zoo-gpu 2>/dev/null && ls -d */ 2>/dev/null | grep -v '\.tmp/$' | tr -d / || true)
  [ -n "$bundles" ] || { echo "stage: no bundles in build/zoo-gpu/ (run bench/zoo/run.py first)" >&2; exit 1; }
  parts=build/gpu/parts-zoo
  rm -rf "$parts" && mkdir -p "$parts"
  # shellcheck disable=SC2086  # one word per model folder
  tar -cf - -C build/zoo-gpu --transform 's,^,cases/,' $bundles | zstd -T0 -19 -q |
    split -b "$PART_BYTES" -d -a 2 - "$parts/part-"
  (cd "$parts" && sha256sum part-* >SHA256SUMS)
  echo "stage: $(echo "$bundles" | wc -l) zoo bundles ($(du -sh build/zoo-gpu | cut -f1)) in $(ls "$parts"/part-* | wc -l) parts in $parts" >&2
elif [ "$what" != "--parts-only" ]; then
  npm run build --silent
  node test/realtrt/prepare.mjs build/gpu/stage
fi
