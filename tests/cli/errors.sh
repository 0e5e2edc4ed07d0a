#!/usr/bin/env bash
# Bad input on the command line and in registry files: one clear line on stderr, exit code 1,
# never a crash. Each class of mistake named in the foundation issue has a case here.
. "$(dirname "$0")/lib/common.sh"
M=$MLSWEEP

# unknown names, with the closest key suggested
expect_fail 1 "unknown model 'llama31-70" "$M" eval --model llama31-70
expect_fail 1 "did you mean 'llama31-70b'" "$M" eval --model llama31-70
expect_fail 1 "unknown hardware 'h100-smx'.*did you mean 'h100-sxm'" "$M" eval --hardware h100-smx
expect_fail 1 "unknown region" "$M" eval --region mars-north-1
expect_fail 1 "unknown precision 'bf61'.*did you mean 'bf16'" "$M" eval --precision bf61
expect_fail 1 "unknown mode" "$M" eval --mode infer
# unknown flags, missing values, bad numbers
expect_fail 1 "unknown option '--tpp'.*did you mean '--tp'" "$M" eval --tpp 2
expect_fail 1 "needs a value" "$M" eval --tp
expect_fail 1 "whole number >= 1" "$M" eval --tp 0
expect_fail 1 "whole number >= 1" "$M" eval --batch -4
expect_fail 1 "whole number" "$M" eval --tp 2.5
expect_fail 1 "not a finite number|not a decimal" "$M" eval --batch nan
expect_fail 1 "not a finite number|not a decimal" "$M" eval --batch inf
expect_fail 1 "between 0 and 1" "$M" eval --utilization 1.5
expect_fail 1 "unit" "$M" eval --checkpoint-bw 100
expect_fail 1 "expects a bandwidth" "$M" eval --checkpoint-bw "100 GB"
expect_fail 1 "unknown command 'evl'.*did you mean 'eval'" "$M" evl
expect_fail 1 "unknown registry" "$M" zoo chips
expect_fail 1 "unknown format" "$M" zoo hardware --format xml

# registry files: malformed YAML with file:line:column
printf 'hardware:\n  - key: x\n    name: [unclosed\n' >"$TMP/bad.yaml"
expect_fail 1 "bad.yaml:[0-9]+:[0-9]+: malformed YAML" "$M" zoo hardware --registry "$TMP/bad.yaml"
# a bandwidth where a capacity is expected (unit mistake)
cat >"$TMP/unit.yaml" <<'Y'
hardware:
  - key: my-npu
    name: My NPU
    class: edge
    family: npu
    peak: {int8: 26 TOP/s}
    memory: 68 GB/s
    memory_bw: 68 GB/s
    tdp: 15 W
    source: "my datasheet"
    date: 2026-01-01
Y
expect_fail 1 "unit.yaml:7: 'my-npu': field 'memory' expects a capacity in bytes.*is a bandwidth" "$M" zoo hardware --registry "$TMP/unit.yaml"
# a bare number where a unit is required
sed 's/memory: 68 GB\/s/memory: 8/' "$TMP/unit.yaml" >"$TMP/bare.yaml"
expect_fail 1 "needs a unit" "$M" zoo hardware --registry "$TMP/bare.yaml"
# negative and missing fields
sed 's/tdp: 15 W/tdp: -15 W/' "$TMP/unit.yaml" | sed 's/memory: 68 GB\/s/memory: 8 GB/' >"$TMP/neg.yaml"
expect_fail 1 "field 'tdp' must be positive" "$M" zoo hardware --registry "$TMP/neg.yaml"
grep -v 'tdp:' "$TMP/neg.yaml" >"$TMP/missing.yaml"
expect_fail 1 "has no 'tdp'" "$M" zoo hardware --registry "$TMP/missing.yaml"
# unknown field with a close match; duplicate keys; a number without provenance
sed 's/tdp: -15 W/tdpp: 15 W/' "$TMP/neg.yaml" >"$TMP/typo.yaml"
expect_fail 1 "unknown field 'tdpp' \(did you mean 'tdp'\?\)" "$M" zoo hardware --registry "$TMP/typo.yaml"
sed 's/tdp: -15 W/tdp: 15 W\n    tdp: 16 W/' "$TMP/neg.yaml" >"$TMP/dup.yaml"
expect_fail 1 "duplicate key 'tdp'" "$M" zoo hardware --registry "$TMP/dup.yaml"
sed 's/tdp: -15 W/tdp: 15 W/' "$TMP/neg.yaml" | grep -v -E 'source:|date:' >"$TMP/nosrc.yaml"
expect_fail 1 "has no source" "$M" zoo hardware --registry "$TMP/nosrc.yaml"
# a model whose stated params disagree with its shape
cat >"$TMP/model.yaml" <<'Y'
models:
  - key: tiny-lm
    name: Tiny LM
    family: dense
    params: 5.0e9
    layers: 2
    hidden: 512
    heads: 8
    ffn_hidden: 2048
    vocab: 32000
    source: "test"
    date: 2026
Y
expect_fail 1 "stated params .* differ" "$M" zoo models --registry "$TMP/model.yaml"
# a missing registry file and an empty one
expect_fail 1 "cannot open" "$M" zoo hardware --registry "$TMP/nope.yaml"
: >"$TMP/empty.yaml"
expect_fail 1 "empty registry file" "$M" zoo hardware --registry "$TMP/empty.yaml"
# binary garbage never crashes
head -c 4096 /dev/urandom >"$TMP/garbage.yaml"
run "$M" zoo hardware --registry "$TMP/garbage.yaml"
if [ "$RC" -eq 1 ]; then ok; else bad "garbage registry: exit $RC"; fi
finish
