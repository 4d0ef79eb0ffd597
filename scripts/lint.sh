#!/usr/bin/env bash
# Lint and format checks for every language in the repository; `npm test` runs it first.
#   TypeScript/JavaScript: ESLint (eslint.config.js) and Prettier (.prettierrc.json)
#   Python: ruff check + ruff format --check (ruff.toml), ruff pinned and installed once
#           with pip into ${TRTGEN_CACHE:-~/.cache/trtgen}/ruff-<version>
#   C++: clang-format 15 (the npm package, .clang-format) over cpp-runtime/
# `scripts/lint.sh --fix` rewrites instead of checking.
set -uo pipefail
cd "$(dirname "$0")/.."
RUFF_VERSION=0.14.0
fix=0
[[ "${1:-}" == "--fix" ]] && fix=1
status=0

ruff_bin() {
  local dir="${TRTGEN_CACHE:-$HOME/.cache/trtgen}/ruff-$RUFF_VERSION"
  if [[ ! -x "$dir/bin/ruff" ]]; then
    local py
    py=$(command -v python3 || true)
    if [[ -z "$py" ]] || ! "$py" -m pip --version >/dev/null 2>&1; then
      echo "lint: ruff $RUFF_VERSION is needed and no python3 with pip was found to install it" >&2
      return 1
    fi
    PIP_ROOT_USER_ACTION=ignore "$py" -m pip install -q --disable-pip-version-check --target "$dir" "ruff==$RUFF_VERSION" >&2 || {
      echo "lint: could not install ruff $RUFF_VERSION with pip into $dir" >&2
      return 1
    }
  fi
  echo "$dir/bin/ruff"
}

cpp_files=$(git ls-files 'cpp-runtime/*.h' 'cpp-runtime/*.cpp')
if ((fix)); then
  npx eslint --fix . || status=1
  npx prettier --write --log-level warn . || status=1
  if ruff=$(ruff_bin); then "$ruff" check --fix . || status=1; "$ruff" format -q . || status=1; else status=1; fi
  # shellcheck disable=SC2086
  npx clang-format -i $cpp_files || status=1
  exit $status
fi

echo "--- eslint"
npx eslint . && echo "eslint: no problems" || status=1
echo "--- prettier"
npx prettier --check --log-level warn . && echo "prettier: all files formatted" || status=1
echo "--- ruff"
if ruff=$(ruff_bin); then
  "$ruff" check . || status=1
  "$ruff" format --check . || status=1
else
  status=1
fi
echo "--- clang-format (cpp-runtime/)"
# shellcheck disable=SC2086
npx clang-format --dry-run -Werror $cpp_files && echo "clang-format: $(echo $cpp_files | wc -w) files formatted" || status=1
exit $status
