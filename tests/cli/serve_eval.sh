#!/usr/bin/env bash
# serve_eval.sh - `mlsweep eval --mode serve`: the JSON keys of the serving issue, queueing keys
# with a QPS, exit code 3 with a reason for infeasible points, exit 1 for bad values.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
M=${MLSWEEP:?}

out=$("$M" eval --mode serve --model llama31-70b --hardware h100-sxm --tp 4 --batch 16 \
      --prompt-tokens 1024 --output-tokens 256 --precision fp8 --kv-precision fp16 \
      --qps 2 --p99-target-s 30 --format json) || fail "eval exited $?"
for k in status ttft_s tpot_s e2e_latency_s output_tokens_per_s output_tokens_per_s_per_gpu \
         kv_cache_bytes max_batch memory_per_gpu_bytes p50_latency_s p99_latency_s replicas_needed; do
    echo "$out" | grep -q "\"$k\": [0-9\"]" || fail "key $k missing or null: $out"
done
echo "$out" | grep -q '"status": "ok"' || fail "status not ok"
# fp16 KV is twice the fp8 KV of the same point
kv16=$(echo "$out" | sed -n 's/.*"kv_cache_bytes": \([0-9.e+]*\).*/\1/p')
kv8=$("$M" eval --mode serve --model llama31-70b --hardware h100-sxm --tp 4 --batch 16 \
      --prompt-tokens 1024 --output-tokens 256 --precision fp8 --format json |
      sed -n 's/.*"kv_cache_bytes": \([0-9.e+]*\).*/\1/p')
awk -v a="$kv16" -v b="$kv8" 'BEGIN { exit !(a > 1.99 * b && a < 2.01 * b) }' || fail "kv fp16 $kv16 vs fp8 $kv8"

# The foundation's acceptance point: `mlsweep eval` of llama31-70b on h100-sxm in fp8 (batch 1,
# 2048 in, 256 out) with the shipped hopper serving calibration (serve_gemm_eff_max 0.5,
# half-saturation 192 rows, decode_bw_eff 0.8, kv_bw_eff 0.85, attn_eff 0.8, 50 us/layer,
# 1 ms/pass). By hand (tests/unit/test_serve.c has each term):
#   TTFT = 2*69.50e9*2048 / (1978.9e12*0.5*2048/2240)          GEMMs    314.69 ms
#        + 2048*80*2*1024.5*16384 / (904.6e12*0.8)             attention  7.60 ms
#        + 80*50 us + 1 ms                                      overheads  5.00 ms  = 327.29 ms
#   TPOT = 69.50e9 B / (0.8*3.35e12 B/s) (weights stream; FLOPs 1.26 ms) GEMMs 25.93 ms
#        + 2177*163840 B / (0.85*3.35e12 B/s)                   KV read    0.13 ms
#        + 5.00 ms overheads + 1/256 of the prompt's FLOPs      mixing     1.26 ms  = 32.32 ms
acc=$("$M" eval --format json)
t1=$(echo "$acc" | sed -n 's/.*"ttft_s": \([0-9.e+-]*\).*/\1/p')
t2=$(echo "$acc" | sed -n 's/.*"tpot_s": \([0-9.e+-]*\).*/\1/p')
awk -v a="$t1" 'BEGIN { exit !(a > 0.32729 * 0.995 && a < 0.32729 * 1.005) }' || fail "TTFT $t1, hand 0.32729 s"
awk -v a="$t2" 'BEGIN { exit !(a > 0.03232 * 0.995 && a < 0.03232 * 1.005) }' || fail "TPOT $t2, hand 0.03232 s"

# does not fit: exit 3 with the reason on stderr
err=$("$M" eval --mode serve --model llama31-405b --hardware h100-sxm --precision fp8 2>&1 >/dev/null)
rc=$?
[ $rc -eq 3 ] || fail "405b on one GPU: exit $rc, expected 3"
echo "$err" | grep -q "weights do not fit" || fail "no reason: $err"
# SLA impossible
"$M" eval --mode serve --model llama31-70b --hardware h100-sxm --precision fp8 --qps 1 \
    --p99-target-s 0.5 >/dev/null 2>&1
[ $? -eq 3 ] || fail "impossible P99 target not exit 3"
# bad values
"$M" eval --mode serve --acceptance 1.5 >/dev/null 2>&1
[ $? -eq 1 ] || fail "acceptance 1.5 accepted"
"$M" eval --mode serve --batch 0 >/dev/null 2>&1
[ $? -eq 1 ] || fail "batch 0 accepted"
# speculative decoding and an edge verdict run
"$M" eval --mode serve --model llama31-70b --hardware h100-sxm --tp 2 --precision fp8 \
    --draft-model llama32-1b --acceptance 0.8 --spec-tokens 4 --format json | grep -q '"status": "ok"' ||
    fail "speculative point"
"$M" eval --mode serve --model resnet50 --hardware esp32-s3 --precision int8 --batch 1 \
    --output-tokens 0 2>&1 | grep -q "flash" || fail "MCU verdict without flash reason"
echo ok
