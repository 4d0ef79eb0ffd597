#!/usr/bin/env bash
# Fetches a real TensorRT into trtgen's cache with the ordinary package clients,
# for building the generated C++ here (nothing fetched is ever committed).
#
# usage: scripts/fetch-tensorrt.sh rtx|10.6|8.6 [--trt-git DIR]
#   rtx   TensorRT-RTX 1.7.1: builds engines CPU-only (no GPU needed; it cannot run them
#         on Hopper). Libraries from PyPI (pip), headers from crates.io (cargo).
#   10.6  TensorRT 10.6.0, 8.6  TensorRT 8.6.1: full releases for an NVIDIA GPU (they
#         cannot build without one). Libraries from Maven Central (mvn, ~1.1 GB / ~0.8 GB
#         jars), headers from the NVIDIA/TensorRT git repository (--trt-git DIR or $TRT_GIT:
#         a clone or bare git dir; else ../.mirror/NVIDIA+TensorRT/repo beside the checkout;
#         else `git clone` from GitHub).
# Every flavor also gets the CUDA 12 runtime headers and libcudart from PyPI.
#
# Installs into ${TRTGEN_CACHE:-~/.cache/trtgen}/tensorrt-<flavor>/ with include/ and lib/
# (TensorRT and the CUDA runtime side by side, so one -DTensorRT_ROOT is enough) and
# prints that folder as the last line of stdout. Idempotent: once installed it prints the
# folder and touches nothing (works offline). Progress goes to stderr.
# Exit status: 0 installed, 1 a download or extraction failed, 2 usage error.
set -euo pipefail

usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "fetch-tensorrt: $*" >&2; exit 1; }
step() { echo "fetch-tensorrt: $*" >&2; }

flavor=""
trt_git="${TRT_GIT:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --trt-git) [ $# -ge 2 ] || { echo "fetch-tensorrt: --trt-git needs a folder" >&2; exit 2; }; trt_git="$2"; shift 2 ;;
    rtx|10.6|8.6) [ -z "$flavor" ] || { echo "fetch-tensorrt: give one flavor" >&2; exit 2; }; flavor="$1"; shift ;;
    *) echo "fetch-tensorrt: unknown argument '$1' (expected rtx, 10.6 or 8.6)" >&2; usage >&2; exit 2 ;;
  esac
done
[ -n "$flavor" ] || { echo "fetch-tensorrt: which TensorRT? give rtx, 10.6 or 8.6" >&2; usage >&2; exit 2; }

# Pinned versions (one place).
RTX_LIBS="tensorrt-rtx-cu12-libs==1.7.1.116"
RTX_CRATE="trtx-sys@0.9.1+rtx1.7"
RTX_HEADERS="TRT-RTX-1.7"
CUDA_RT="nvidia-cuda-runtime-cu12==12.9.79"
CUDA_NVCC="nvidia-cuda-nvcc-cu12==12.9.86" # only for the crt/ headers cuda_runtime_api.h includes
case "$flavor" in
  10.6) MVN_ARTIFACT="org.bytedeco:tensorrt:10.6-1.5.11:jar:linux-x86_64-redist"; GIT_TAG="v10.6.0"; SO_MAJOR=10 ;;
  8.6) MVN_ARTIFACT="org.bytedeco:tensorrt:8.6-1.5.10:jar:linux-x86_64-redist"; GIT_TAG="v8.6.1"; SO_MAJOR=8 ;;
esac

script_dir=$(cd "$(dirname "$0")" && pwd)
cache="${TRTGEN_CACHE:-$HOME/.cache/trtgen}"
root="$cache/tensorrt-$flavor"
stamp="$root/.trtgen-installed"

if [ -f "$stamp" ]; then
  step "TensorRT $flavor already installed ($(head -1 "$stamp"))"
  echo "$root"
  exit 0
fi

PY="${PYTHON:-python3}"
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is not installed; it is needed to $2"; }
need "$PY" "download and unpack the PyPI wheels (set PYTHON to another interpreter)"
"$PY" -m pip --version >/dev/null 2>&1 || die "pip is not available for $PY; install python3-pip (or set PYTHON)"
case "$flavor" in
  rtx) need cargo "download the TensorRT-RTX headers from crates.io (install Rust: rustup or Debian's cargo)" ;;
  *) need mvn "download TensorRT from Maven Central (install Debian's maven)"; need git "read the TensorRT headers" ;;
esac

mkdir -p "$cache"
work=$(mktemp -d "$cache/.tensorrt-$flavor.XXXXXX")
trap 'rm -rf "$work"' EXIT
stage="$work/root"
mkdir -p "$stage/include" "$stage/lib" "$work/dl"

# Extracts the members of a zip (wheel, jar) under PREFIX into DEST (PREFIX stripped),
# optionally only those whose file name matches NAME_REGEX.
unzip_prefix() { # zip prefix dest [name_regex]
  "$PY" - "$@" <<'EOF'
import os, re, shutil, sys, zipfile
src, prefix, dest = sys.argv[1:4]
name_re = re.compile(sys.argv[4] if len(sys.argv) > 4 else "")
n = 0
with zipfile.ZipFile(src) as z:
    for info in z.infolist():
        name = info.filename
        if info.is_dir() or not name.startswith(prefix) or not name_re.search(os.path.basename(name)):
            continue
        out = os.path.join(dest, name[len(prefix):])
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with z.open(info) as f, open(out, "wb") as g:
            shutil.copyfileobj(f, g, 1 << 20)
        n += 1
if n == 0:
    sys.exit(f"nothing under {prefix} in {src}")
EOF
}

pip_download() { # requirement
  step "downloading $1 (pip)"
  "$PY" -m pip download --no-deps --only-binary=:all: --progress-bar off -q -d "$work/dl" "$1" >&2 ||
    die "pip could not download $1 (is PyPI reachable?)"
}
wheel_of() { ls "$work/dl"/"$(echo "$1" | sed 's/==.*//; s/-/_/g')"-*.whl 2>/dev/null | head -1; }

# ---- CUDA runtime (headers + libcudart), every flavor
pip_download "$CUDA_RT"
pip_download "$CUDA_NVCC"
unzip_prefix "$(wheel_of "$CUDA_RT")" nvidia/cuda_runtime/include/ "$stage/include" || die "unexpected CUDA runtime wheel"
unzip_prefix "$(wheel_of "$CUDA_RT")" nvidia/cuda_runtime/lib/ "$stage/lib" '\.so' || die "unexpected CUDA runtime wheel"
unzip_prefix "$(wheel_of "$CUDA_NVCC")" nvidia/cuda_nvcc/include/crt/ "$stage/include/crt" || die "unexpected CUDA nvcc wheel"
ln -sf libcudart.so.12 "$stage/lib/libcudart.so"
rm -f "$work"/dl/*.whl

case "$flavor" in
  rtx)
    pip_download "$RTX_LIBS"
    unzip_prefix "$(wheel_of "$RTX_LIBS")" tensorrt_rtx_libs/ "$stage/lib" '^lib.*\.so' || die "unexpected TensorRT-RTX wheel"
    for so in "$stage"/lib/lib*_rtx.so.*; do ln -sf "$(basename "$so")" "${so%.so.*}.so"; done
    step "downloading the TensorRT-RTX headers: crate $RTX_CRATE (cargo)"
    # `cargo info` downloads the .crate into Cargo's registry cache.
    cargo info "$RTX_CRATE" >/dev/null 2>&1 || die "cargo could not download the crate $RTX_CRATE (is crates.io reachable?)"
    crate=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"${RTX_CRATE/@/-}.crate" 2>/dev/null | head -1)
    [ -n "$crate" ] || die "cargo fetched $RTX_CRATE but its .crate file is not in ${CARGO_HOME:-$HOME/.cargo}/registry/cache"
    tar -xzf "$crate" -C "$work/dl" || die "cannot unpack $crate"
    hdr=$(ls -d "$work"/dl/*/TensorRT-Headers/"$RTX_HEADERS" 2>/dev/null | head -1)
    [ -n "$hdr" ] && [ -f "$hdr/NvInfer.h" ] || die "the crate $RTX_CRATE has no TensorRT-Headers/$RTX_HEADERS/NvInfer.h"
    cp -r "$hdr"/. "$stage/include/"
    version="TensorRT-RTX 1.7.1.116 (headers $RTX_HEADERS from $RTX_CRATE), CUDA runtime 12.9"
    ;;
  10.6|8.6)
    if [ -z "$trt_git" ]; then
      for d in "$script_dir/../../.mirror/NVIDIA+TensorRT/repo"; do
        git -C "$d" rev-parse --git-dir >/dev/null 2>&1 && trt_git="$d" && break
      done
    fi
    if [ -z "$trt_git" ]; then
      step "cloning NVIDIA/TensorRT (headers only are used)"
      git clone -q --bare --filter=blob:none https://github.com/NVIDIA/TensorRT.git "$work/trt.git" >&2 ||
        die "cannot clone https://github.com/NVIDIA/TensorRT for the headers; pass --trt-git DIR (a clone)"
      trt_git="$work/trt.git"
    fi
    step "reading the headers of $GIT_TAG from $trt_git (git)"
    git -C "$trt_git" archive "$GIT_TAG" include | tar -x -C "$stage" ||
      die "no tag $GIT_TAG in $trt_git (fetch the tags: git -C DIR fetch --tags)"
    step "downloading $MVN_ARTIFACT (mvn; about 1 GB, cached in ~/.m2)"
    mvn -q -B -Dstyle.color=never dependency:get -Dtransitive=false -Dartifact="$MVN_ARTIFACT" >&2 ||
      die "mvn could not download $MVN_ARTIFACT (is Maven Central reachable?)"
    IFS=: read -r g a v _ c <<<"$MVN_ARTIFACT"
    jar="${MAVEN_REPO:-$HOME/.m2/repository}/${g//.//}/$a/$v/$a-$v-$c.jar"
    [ -f "$jar" ] || die "mvn reported success but $jar is missing"
    step "extracting the libraries"
    unzip_prefix "$jar" org/bytedeco/tensorrt/linux-x86_64/ "$stage/lib" '^lib.*\.so' || die "unexpected jar $jar"
    for lib in nvinfer nvinfer_plugin nvonnxparser; do
      [ -f "$stage/lib/lib$lib.so.$SO_MAJOR" ] && ln -sf "lib$lib.so.$SO_MAJOR" "$stage/lib/lib$lib.so"
    done
    [ -f "$stage/lib/libnvinfer.so" ] || die "the jar has no libnvinfer.so.$SO_MAJOR"
    version="TensorRT $flavor ($MVN_ARTIFACT, headers $GIT_TAG), CUDA runtime 12.9"
    ;;
esac

[ -f "$stage/include/NvInfer.h" ] && [ -f "$stage/include/cuda_runtime_api.h" ] || die "incomplete install (no NvInfer.h or cuda_runtime_api.h)"
echo "$version" >"$stage/.trtgen-installed"
rm -rf "$root"
mv "$stage" "$root"
step "installed $version"
echo "$root"
