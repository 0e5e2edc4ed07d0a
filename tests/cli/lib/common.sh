# common.sh - helpers for CLI tests: expect_ok, expect_fail CODE PATTERN, summary line.
set -u
: "${MLSWEEP:?MLSWEEP must point at the mlsweep binary}"
MLSWEEP_BIN=$MLSWEEP
PASS=0
FAIL=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# MLSWEEP_VALGRIND=1: run every mlsweep invocation under valgrind memcheck (CI's valgrind pass);
# a memory error or definite leak makes the command exit 99, which no test expects.
if [ -n "${MLSWEEP_VALGRIND:-}" ]; then
  printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "%s" "$@"\n' "$MLSWEEP" >"$TMP/vg-mlsweep"
  chmod +x "$TMP/vg-mlsweep"
  MLSWEEP=$TMP/vg-mlsweep
fi

ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "FAIL: $*" >&2; }

# run CMD...; sets OUT, ERR, RC
run() {
  "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  OUT=$(cat "$TMP/out")
  ERR=$(cat "$TMP/err")
}

# expect_fail CODE 'regex on stderr' CMD...
expect_fail() {
  local code=$1 pat=$2
  shift 2
  run "$@"
  if [ "$RC" -ne "$code" ]; then bad "exit $RC (want $code): $*  stderr: $ERR"; return; fi
  if ! grep -Eq -- "$pat" <<<"$ERR"; then bad "stderr lacks /$pat/: $*  stderr: $ERR"; return; fi
  if [ "$(wc -l <<<"$ERR")" -gt 3 ]; then bad "error is not short (>3 lines): $*"; return; fi
  ok
}

expect_ok() {
  run "$@"
  if [ "$RC" -ne 0 ]; then bad "exit $RC: $*  stderr: $ERR"; else ok; fi
}

# json_get KEY: value of a top-level key of $OUT (JSON object) via python
json_get() { /usr/bin/python3 -c 'import json,sys; v=json.load(sys.stdin)[sys.argv[1]]; print(v)' "$1" <<<"$OUT"; }

finish() {
  echo "$PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ]
}
