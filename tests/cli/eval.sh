#!/usr/bin/env bash
# `mlsweep eval`: defaults, JSON keys with units, the bottleneck, infeasible points as a status,
# help and version.
. "$(dirname "$0")/lib/common.sh"
M=$MLSWEEP
expect_ok "$M" --version
grep -Eq '^mlsweep [0-9]+\.[0-9]+\.[0-9]+' <<<"$OUT" && ok || bad "version line: $OUT"
expect_ok "$M" help
grep -q 'eval' <<<"$OUT" && ok || bad "help lists eval"
expect_ok "$M" eval --help
grep -q -- '--prompt-tokens' <<<"$OUT" && ok || bad "eval --help lists --prompt-tokens"
# default point
expect_ok "$M" eval --format json
[ "$(json_get model)" = llama31-70b ] && [ "$(json_get hardware)" = h100-sxm ] && [ "$(json_get precision)" = fp8 ] && ok || bad "default point"
for k in status bottleneck ttft_s tpot_s e2e_latency_s memory_per_gpu_bytes kv_cache_bytes max_batch \
         output_tokens_per_s output_tokens_per_s_per_gpu; do
  /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert sys.argv[1] in d' "$k" <<<"$OUT" && ok || bad "json lacks $k"
done
[ "$(json_get status)" = ok ] && ok || bad "default point status $(json_get status)"
# batch-1 decode of a 70B model in fp8 on one H100 is memory-bandwidth bound
[ "$(json_get bottleneck)" = memory-bw ] && ok || bad "default bottleneck $(json_get bottleneck)"
# infeasible: bf16 70B does not fit one 80 GB GPU -> status oom, exit 3, a reason on stderr
expect_fail 3 "oom" "$M" eval --model llama31-70b --hardware h100-sxm --precision bf16
# precision the device lacks is a status, not a silent fallback
expect_fail 3 "precision" "$M" eval --model llama31-8b --hardware v100 --precision bf16
# tp not dividing heads
expect_fail 3 "tp does not divide" "$M" eval --model llama31-70b --hardware h100 --precision fp8 --tp 3
# training: impossible layouts
expect_fail 3 "not divisible by tp\*pp\*cp" "$M" eval --mode train --model gpt3-175b --hardware a100 --gpus 100 --tp 8 --pp 8 --global-batch 64
# table output lists units
expect_ok "$M" eval --model llama31-8b --hardware h100 --precision bf16
grep -Eq '^ttft_s +[0-9.e+-]+ +s$' <<<"$OUT" && ok || bad "table has ttft_s with unit"
finish
