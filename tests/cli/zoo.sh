#!/usr/bin/env bash
# `mlsweep zoo`: every registry lists with sources; sizes meet the foundation issue; overrides.
. "$(dirname "$0")/lib/common.sh"
M=$MLSWEEP
count() { "$M" zoo "$1" | tail -1 | awk '{print $1}'; }
[ "$(count hardware)" -ge 60 ] && ok || bad "fewer than 60 accelerators"
[ "$(count models)" -ge 60 ] && ok || bad "fewer than 60 models"
[ "$(count regions)" -ge 100 ] && ok || bad "fewer than 100 regions"
[ "$(count fabrics)" -ge 10 ] && ok || bad "fewer than 10 fabrics"
# keys and aliases the issue names
check_hw() { # KEY CANONICAL: the key resolves, and eval answers with a status (ok or infeasible)
  run "$M" eval --hardware "$1" --model llama31-8b --precision int8 --format json
  if [ "$RC" -gt 3 ] || [ "$RC" -eq 1 ] || [ "$RC" -eq 2 ]; then bad "hardware $1: exit $RC: $ERR"; return; fi
  [ "$(json_get hardware)" = "$2" ] && ok || bad "hardware $1 resolved to $(json_get hardware), want $2"
}
for k in v100-sxm2-32gb a100-sxm-40gb a100-sxm-80gb h100-sxm h100-pcie h800-sxm h200-sxm b200 gb200 \
         mi250x mi300x mi325x gaudi2 gaudi3 tpu-v3 tpu-v4 tpu-v5e tpu-v5p l4 t4 l40s jetson-agx-orin-64gb; do
  check_hw "$k" "$k"
done
check_hw v100 v100-sxm2-32gb
check_hw a100-80gb a100-sxm-80gb
check_hw a100-40gb a100-sxm-40gb
check_hw h200 h200-sxm
check_hw h800 h800-sxm
for k in llama31-70b mixtral-8x7b llama31-8b gpt3-175b deepseek-v3; do
  run "$M" eval --model "$k" --format json
  [ "$RC" -le 3 ] && ok || bad "model $k: exit $RC"
done
# every hardware entry has a source and date in JSON, every number a source
run "$M" zoo hardware --format json
/usr/bin/python3 - "$TMP/out" <<'PY' && ok || bad "zoo hardware json provenance"
import json, sys
hw = json.load(open(sys.argv[1]))
assert len(hw) >= 60
for e in hw:
    for f, v in e["fields"].items():
        assert v["source"] and v["date"], (e["key"], f)
PY
run "$M" zoo regions --format csv
grep -q '^region,field,value,source,date,assumption' <<<"$OUT" && ok || bad "zoo csv header"
# an override replaces a shipped entry; a new entry is added
cat >"$TMP/over.yaml" <<'Y'
hardware:
  - key: h100-sxm
    name: H100 with a faster memory (what-if)
    class: cloud
    family: hopper
    peak: {bf16: 989 TFLOP/s, fp8: 1979 TFLOP/s}
    memory: 80 GB
    memory_bw: 6.7 TB/s
    tdp: 700 W
    source: "what-if study"
    date: 2026-12-01
Y
run "$M" zoo hardware --registry "$TMP/over.yaml" --format json
/usr/bin/python3 -c '
import json,sys
hw={e["key"]:e for e in json.load(open(sys.argv[1]))}
assert hw["h100-sxm"]["fields"]["memory_bw"]["value"]=="6.7 TB/s"' "$TMP/out" && ok || bad "override"
finish
