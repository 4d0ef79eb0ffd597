#!/usr/bin/env bash
# All of trtgen's tests: TypeScript (typecheck + vitest), Python (pytest, with
# Debian's PyTorch in /usr/bin/python3), C++ (CMake + CTest); vitest's golden test
# (test/golden.test.ts) fails when generated/ drifts from the templates. Prints each
# runner's summary; exits non-zero if any part fails.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${TRTGEN_PYTHON:-/usr/bin/python3}
JOBS=$(nproc 2>/dev/null || echo 2)
status=0

echo "=== TypeScript: typecheck"
npx tsc -p tsconfig.json --noEmit || status=1
echo "=== TypeScript: vitest"
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

exit $status
