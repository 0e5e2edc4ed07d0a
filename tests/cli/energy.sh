#!/usr/bin/env bash
# energy.sh - `mlsweep eval` reports power, energy, cost, carbon, water and reliability for a
# region or for what-if overrides; a missing price is a clear status, never a silent zero.
set -u
MLSWEEP=${MLSWEEP:-./mlsweep}
PY=/usr/bin/python3
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
die() { echo "FAIL: $*" >&2; fail=1; }

# check FILE 'python expression over j (the JSON object)' 'what'
check() {
    "$PY" - "$1" "$2" <<'PYEOF' || die "$3"
import json, math, sys
j = json.load(open(sys.argv[1]))
ok = eval(sys.argv[2], {"math": math, "j": j})
sys.exit(0 if ok else 1)
PYEOF
}

# 1. serving in a priced region: every energy metric is there and consistent
"$MLSWEEP" eval --region us --format json >"$tmp/us.json" 2>"$tmp/us.err" || die "eval --region us exit $?"
check "$tmp/us.json" 'j["status"] == "ok" and all(isinstance(j[k], (int, float)) and j[k] > 0 for k in
  ["power_w_per_gpu", "energy_j", "cost_usd", "cost_usd_per_mtok", "carbon_kgco2e",
   "embodied_carbon_kgco2e", "it_energy_j", "tokens"]) and "water_l" in j' "serve metrics present"
# region us: PUE 1.56, 409 g/kWh, 0.07 $/kWh (configs/regions.yaml)
check "$tmp/us.json" 'abs(j["energy_j"] / j["it_energy_j"] - 1.56) < 1e-9' "energy = IT x PUE"
check "$tmp/us.json" 'abs(j["carbon_kgco2e"] - j["energy_j"] / 3.6e6 * 0.409) < 1e-6 * j["carbon_kgco2e"]' "carbon = kWh x grid"
check "$tmp/us.json" 'abs(j["opex_usd"] - j["maintenance_usd"] - j["energy_j"] / 3.6e6 * 0.07) < 1e-6 * j["opex_usd"]' "energy opex = kWh x price"
check "$tmp/us.json" 'abs(j["cost_usd_per_mtok"] - j["cost_usd"] / j["tokens"] * 1e6) < 1e-9 * j["cost_usd_per_mtok"]' "\$/Mtok = cost / tokens"
check "$tmp/us.json" 'j["device_power_w"] < j["power_w_per_gpu"] < 700 + 200' "power below TDP + overhead"

# 2. what-if overrides without a region
"$MLSWEEP" eval --pue 1.1 --grid-gco2-per-kwh 100 --price-usd-per-kwh 0.1 --format json >"$tmp/ov.json" || die "overrides exit $?"
check "$tmp/ov.json" 'j["status"] == "ok" and abs(j["energy_j"] / j["it_energy_j"] - 1.1) < 1e-9 and abs(j["carbon_kgco2e"] - j["energy_j"] / 3.6e6 * 0.1) < 1e-6 * j["carbon_kgco2e"]' "overrides applied"
# overrides win over the region
"$MLSWEEP" eval --region us --pue 1.1 --format json >"$tmp/ov2.json" || die "override+region exit $?"
check "$tmp/ov2.json" 'abs(j["energy_j"] / j["it_energy_j"] - 1.1) < 1e-9' "--pue overrides the region"

# 3. a region without an electricity price: no-price status, exit 0, cost null, carbon valid
"$MLSWEEP" eval --region canada --format json >"$tmp/ca.json" 2>"$tmp/ca.err"; rc=$?
[ $rc -eq 0 ] || die "no-price region exit $rc"
grep -q "electricity price" "$tmp/ca.err" || die "no-price note on stderr: $(cat "$tmp/ca.err")"
check "$tmp/ca.json" 'j["status"] == "no-price" and j["cost_usd"] is None and j["cost_usd_per_mtok"] is None and j["carbon_kgco2e"] > 0 and "electricity price" in j["reason"]' "region without price"

# 4. a device without a price
"$MLSWEEP" eval --hardware tpu-v3 --model llama31-8b --precision bf16 --region us --format json >"$tmp/tpu.json" 2>"$tmp/tpu.err"
check "$tmp/tpu.json" 'j["status"] == "no-price" and "hardware" in j["reason"] and j["cost_usd"] is None and j["energy_j"] > 0' "device without price"
# ... priced by the hour instead: rental covers energy, so even canada has a cost
"$MLSWEEP" eval --hardware tpu-v3 --model llama31-8b --precision bf16 --region canada --gpu-usd-per-hour 2 --format json >"$tmp/tpu2.json"
check "$tmp/tpu2.json" 'j["status"] == "ok" and abs(j["cost_usd"] - 2 * 365 * 24) < 1e-6 and j["opex_usd"] == 0' "cloud price per GPU-hour"

# 5. training: goodput and checkpoint interval; time to train stretched by 1/goodput
"$MLSWEEP" eval --mode train --model llama31-8b --hardware h100-sxm --gpus 64 --tp 2 --global-batch 256 --seq 4096 --recompute full --train-tokens 1e11 --region us --gpu-mtbf-h 5000 --format json >"$tmp/tr.json" || die "train exit $?"
check "$tmp/tr.json" '0.5 < j["goodput"] < 1 and j["checkpoint_interval_s"] > j["checkpoint_write_s"] > 0 and abs(j["time_to_train_s"] * j["goodput"] * j["tokens_per_s"] - 1e11) < 1e-3 * 1e11' "train goodput"
check "$tmp/tr.json" 'abs(j["checkpoint_write_s"] - 8.03e9 * 14 / 100e9) < 0.02 * j["checkpoint_write_s"]' "checkpoint write = 14 B/param / 100 GB/s"
check "$tmp/tr.json" 'abs(j["fleet_mtbf_s"] - 5000 * 3600 / 64) < 1e-6 * j["fleet_mtbf_s"]' "fleet MTBF = per-GPU / gpus"
# more failures: lower goodput, longer and costlier run
"$MLSWEEP" eval --mode train --model llama31-8b --hardware h100-sxm --gpus 64 --tp 2 --global-batch 256 --seq 4096 --recompute full --train-tokens 1e11 --region us --gpu-mtbf-h 500 --node-mtbf-h 1000 --format json >"$tmp/tr2.json" || die "train2 exit $?"
"$PY" - "$tmp/tr.json" "$tmp/tr2.json" <<'PYEOF' || die "failures cost goodput, time, energy"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
assert b["goodput"] < a["goodput"] and b["time_to_train_s"] > a["time_to_train_s"]
assert b["energy_j"] > a["energy_j"] and b["cost_usd"] > a["cost_usd"]
assert abs(b["fleet_mtbf_s"] - 3600 / (64 / 500 + 8 / 1000)) < 1e-6 * b["fleet_mtbf_s"]
PYEOF

# 6. bad input: one line on stderr, exit 1
for args in "--pue 0.9" "--utilization 1.5" "--duration-days -3" "--checkpoint-bw 5" "--node-mtbf-h x"; do
    # shellcheck disable=SC2086
    "$MLSWEEP" eval $args >/dev/null 2>"$tmp/bad.err"; rc=$?
    [ $rc -eq 1 ] || die "eval $args: exit $rc (want 1)"
    [ "$(wc -l <"$tmp/bad.err")" -eq 1 ] || die "eval $args: want one line, got: $(cat "$tmp/bad.err")"
done

[ $fail -eq 0 ] && echo "energy.sh: all passed"
exit $fail
