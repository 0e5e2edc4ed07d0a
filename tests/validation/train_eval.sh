#!/bin/bash
# `mlsweep eval --mode train`: the JSON keys of issue 3, and impossible layouts as a status
# with a clear message (exit 3), uneven layers over stages allowed.
set -uo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
"$MLSWEEP" eval --mode train --model llama31-70b --hardware h100-sxm --gpus 1024 --tp 8 --pp 4 \
    --interleave 5 --sequence-parallel --global-batch 512 --micro-batch 1 --seq 8192 \
    --recompute selective --zero 1 --train-tokens 15e12 --format json >"$tmp/j" 2>"$tmp/e"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: rc $rc: $(cat "$tmp/e")"; fail=1; }
/usr/bin/python3 - "$tmp/j" <<'PY' || fail=1
import json, sys
j = json.load(open(sys.argv[1]))
keys = ["status", "step_time_s", "tokens_per_s", "model_tflops_per_gpu", "hw_tflops_per_gpu",
        "mfu", "hfu", "memory_per_gpu_bytes", "compute_time_s", "exposed_comm_time_s",
        "bubble_time_s", "time_to_train_s", "gpu_hours"]
missing = [k for k in keys if k not in j or j[k] is None]
assert not missing, f"missing keys {missing}"
assert j["status"] == "ok", j["status"]
# invariants: HFU > MFU (selective recompute adds FLOPs), both below 1; the step is at least
# its compute plus bubble; tokens/s is the whole job's; GPU-hours = time x GPUs
assert 0 < j["mfu"] < j["hfu"] < 1, (j["mfu"], j["hfu"])
assert j["step_time_s"] >= j["compute_time_s"] + j["bubble_time_s"]
assert abs(j["tokens_per_s"] * j["step_time_s"] - 512 * 8192) < 1e-6 * 512 * 8192
# time to train: the tokens at the job's rate, stretched by the goodput (failures, checkpoints)
assert 0.5 < j["goodput"] <= 1
assert abs(j["time_to_train_s"] - 15e12 / j["tokens_per_s"] / j["goodput"]) < 1e-6 * j["time_to_train_s"]
assert abs(j["gpu_hours"] - j["time_to_train_s"] * 1024 / 3600) < 1e-6 * j["gpu_hours"]
assert abs(j["model_tflops_per_gpu"] / 989.4 - j["mfu"]) < 1e-6
PY
expect() { # substring, eval arguments...
    local text=$1
    shift
    "$MLSWEEP" eval --mode train --hardware h100-sxm "$@" >/dev/null 2>"$tmp/e"
    local rc=$?
    if [ $rc -ne 3 ] || ! grep -q -- "$text" "$tmp/e"; then
        echo "FAIL: $* -> rc $rc, stderr: $(cat "$tmp/e")"
        fail=1
    fi
}
expect "tp does not divide the attention heads" --model llama31-70b --gpus 48 --tp 3 --pp 2
expect "more pipeline stages" --model llama31-8b --gpus 64 --pp 64
expect "gpus is not divisible by tp\*pp\*cp" --model llama31-70b --gpus 60 --tp 8 --pp 2
expect "global batch is not divisible" --model llama31-8b --gpus 16 --tp 8 --global-batch 3
expect "does not fit" --model llama31-405b --gpus 8 --tp 8 --global-batch 1
# Llama 3 405B: 126 layers on 16 stages (Dubey et al. 2024) is a valid layout
"$MLSWEEP" eval --mode train --model llama31-405b --hardware h100-sxm --gpus 16384 --tp 8 --pp 16 \
    --sequence-parallel --global-batch 2048 --micro-batch 1 --seq 8192 --recompute full --zero 1 \
    --format json >"$tmp/j" 2>"$tmp/e" || { echo "FAIL: 405B on 16 stages: $(cat "$tmp/e")"; fail=1; }
grep -q '"status": "ok"' "$tmp/j" || { echo "FAIL: 405B status"; fail=1; }
exit $fail
