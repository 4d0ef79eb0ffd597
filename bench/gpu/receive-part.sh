#!/usr/bin/env bash
# On the GPU machine: keeps one carried part of TensorRT (bench/gpu/stage.sh) outside the
# work tree, in ${TRTGEN_GPU_STAGE:-/var/tmp/trtgen-gpu}/parts-FLAVOR/, where it survives
# between calls while the machine stays warm. Prints the parts received so far.
# usage: bench/gpu/receive-part.sh FLAVOR build/gpu/parts-FLAVOR/part-NN [...]
set -euo pipefail
flavor="$1"; shift
dest="${TRTGEN_GPU_STAGE:-/var/tmp/trtgen-gpu}/parts-$flavor"
mkdir -p "$dest"
for p in "$@"; do
  [ -f "$p" ] || { echo "receive-part: $p was not carried" >&2; exit 1; }
  cp "$p" "$dest/"
done
cp "$(dirname "$1")/SHA256SUMS" "$dest/" 2>/dev/null || true
if [ -d build/gpu/tools ]; then  # zstd from bench/gpu/stage.sh, when carried
  mkdir -p "$dest/../tools" && cp build/gpu/tools/* "$dest/../tools/"
fi
echo "received: $(cd "$dest" && ls part-* | tr '\n' ' ')"
