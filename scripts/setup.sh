#!/usr/bin/env bash
# Installs what trtgen's tests need on a fresh Debian (or Ubuntu) machine; `npm test`
# (scripts/test-all.sh) runs it first, so the README's `npm ci && npm test` works on a
# machine that has only Node. Installs nothing when everything is present. With apt-get,
# as root or through passwordless sudo; where neither works (another OS, no sudo rights,
# no network) it prints what to install by hand and exits 0, and the tests that need the
# missing packages fail with their own messages. TRTGEN_SKIP_SETUP=1 skips it.
set -uo pipefail

# The Debian packages the tests need: the one list (add a package here, one per line).
PACKAGES=(
  python3-torch       # pytest, simulation references, test/realtrt
  python3-torchvision # exporter tests of torchvision models
  python3-pytest
  python3-numpy
  python3-pip # ruff (scripts/lint.sh), TensorRT-RTX wheels (scripts/fetch-tensorrt.sh)
  cargo       # TensorRT-RTX headers from crates.io (scripts/fetch-tensorrt.sh)
  cmake       # CTest, generated C++ (test/realtrt)
  g++
  make
  chromium # the HTML report's browser test (test/graph/browser.test.ts)
)
# A package counts as present when dpkg has it installed or, for these, when the command
# is on PATH from elsewhere (rustup's cargo, a pip of the python3 on PATH).
declare -A PROVIDES=([cargo]="cargo" [python3-pip]="python3 -m pip")

say() { echo "setup: $*"; }

if [[ "${TRTGEN_SKIP_SETUP:-}" == 1 ]]; then
  say "skipped (TRTGEN_SKIP_SETUP=1)"
  exit 0
fi

present() { # package
  local pkg=$1
  if [[ -n "${PROVIDES[$pkg]:-}" ]]; then
    # shellcheck disable=SC2086 # the command and its arguments
    ${PROVIDES[$pkg]} --version >/dev/null 2>&1 && return 0
  fi
  command -v dpkg-query >/dev/null 2>&1 && dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for pkg in "${PACKAGES[@]}"; do present "$pkg" || missing+=("$pkg"); done
if ((${#missing[@]} == 0)); then
  say "all ${#PACKAGES[@]} Debian packages the tests need are present"
  exit 0
fi

by_hand() { # reason
  say "cannot install ${missing[*]}: $1"
  say "install them by hand (sudo apt-get install ${missing[*]}); the tests that need them will fail until then"
  exit 0
}

command -v apt-get >/dev/null 2>&1 || by_hand "apt-get not found (not Debian or Ubuntu)"
if [[ $(id -u) == 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  by_hand "not root, and sudo is missing or needs a password"
fi

say "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq || by_hand "apt-get update failed"
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || by_hand "apt-get install failed"
say "installed ${missing[*]}"
cargo info --help >/dev/null 2>&1 ||
  say "note: this cargo has no 'cargo info' (Rust 1.82+), which scripts/fetch-tensorrt.sh needs; install a newer Rust with rustup"
