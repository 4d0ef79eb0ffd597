#!/usr/bin/env bash
# All of trtgen's tests, after installing the Debian packages they need (scripts/setup.sh,
# nothing when they are present): lint and format checks (scripts/lint.sh), TypeScript (typecheck + vitest), Python (pytest, with
# Debian's PyTorch in /usr/bin/python3), C++ (CMake + CTest); vitest's golden test
# (test/golden.test.ts) fails when generated/ drifts from the templates. Prints each
# runner's summary; exits non-zero if any part fails. The last part builds every
# generated example and simulation fixture with a real TensorRT builder
# (TensorRT-RTX, CPU-only, fetched once by scripts/fetch-tensorrt.sh into
# ~/.cache/trtgen) and checks each engine's I/O against `trtgen check`.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${TRTGEN_PYTHON:-/usr/bin/python3}
JOBS=$(nproc 2>/dev/null || echo 2)
status=0

echo "=== Set-up: the Debian packages the tests need (scripts/setup.sh)"
bash scripts/setup.sh

echo "=== Lint and format: ESLint, Prettier, ruff, clang-format"
bash scripts/lint.sh || status=1

echo "=== TypeScript: typecheck"
npx tsc -p tsconfig.json --noEmit || status=1
echo "=== TypeScript: vitest"
# test/emit/cpp-names.test.ts compiles generated C++ against the TensorRT-RTX headers
scripts/fetch-tensorrt.sh rtx >/dev/null || status=1
npx vitest run || status=1

echo "=== Python: pytest ($PY)"
PYTHONPATH=python "$PY" -m pytest python/tests -q -p no:cacheprovider || status=1

echo "=== C++: CMake + CTest"
mkdir -p build
if cmake -S . -B build/ctest -DCMAKE_BUILD_TYPE=Release >build/ctest.log 2>&1; then
  if cmake --build build/ctest -j"$JOBS" >>build/ctest.log 2>&1; then
    ctest --test-dir build/ctest --output-on-failure -j"$JOBS" || status=1
  else
    tail -40 build/ctest.log; echo "C++ build failed"; status=1
  fi
else
  tail -40 build/ctest.log; echo "CMake configure failed"; status=1
fi

echo "=== Real TensorRT: every generated example and fixture built by TensorRT-RTX (CPU-only)"
if rtx=$(scripts/fetch-tensorrt.sh rtx | tail -1) && npm run build --silent && node test/realtrt/prepare.mjs build/realtrt; then
  python3 test/realtrt/run.py build/realtrt --tensorrt-root "$rtx" --jobs "$JOBS" || status=1
else
  echo "could not prepare the TensorRT-RTX build (see above)"; status=1
fi

exit $status
