#!/bin/bash
# Bad input to validate and calibrate: a one-line message and the documented exit code.
set -uo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
expect() { # expected-code substring command...
    local code=$1 text=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ "$rc" -ne "$code" ] || ! grep -q -- "$text" "$tmp/err"; then
        echo "FAIL: $* -> rc $rc (want $code), stderr: $(cat "$tmp/err")"
        fail=1
    fi
}
expect 2 "No such file" "$MLSWEEP" validate "$tmp/absent.csv"
expect 1 "unknown format 'xml'" "$MLSWEEP" validate --format xml
printf 'case_id,kind,unit\nx,train_throughput,tokens/s\n' >"$tmp/nomeas.csv"
expect 1 "no 'measured_value' column" "$MLSWEEP" validate "$tmp/nomeas.csv"
printf 'case_id,kind,measured_value,unit\n"x,1,2,tokens/s\n' >"$tmp/quote.csv"
expect 1 "unterminated quoted cell" "$MLSWEEP" validate "$tmp/quote.csv"
expect 1 "usage" "$MLSWEEP" calibrate "$MLSWEEP_SOURCE_DIR/tests/data/dev.csv"
expect 1 "no 'measured_value' column" "$MLSWEEP" calibrate "$tmp/nomeas.csv" -o "$tmp/c.yaml"
# a row the training predictor cannot place is listed as not predicted, with the reason
cat >"$tmp/one.csv" <<'CSV'
case_id,kind,model,params,layers,hidden,heads,seq_len,hardware,n_devices,tp,pp,dp,batch,precision,measured_value,unit,citation,notes
bad_tp,train_throughput,GPT-1.7B,1.7e9,24,2304,24,2048,A100-SXM4-80GB,40,5,1,8,512,bf16,137,"TFLOP/s per GPU","Narayanan et al., SC'21","vocab 51200, ""quoted"", commas"
CSV
"$MLSWEEP" validate "$tmp/one.csv" --format csv >"$tmp/out" 2>"$tmp/err" || { echo "FAIL: rc $?"; fail=1; }
grep -q 'bad_tp.*not predicted.*tp does not divide the attention heads' "$tmp/out" ||
    { echo "FAIL: no reason for bad_tp: $(cat "$tmp/out")"; fail=1; }
exit $fail
