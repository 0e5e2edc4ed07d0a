# Hostile job files: huge, negative, NaN and infinite numbers, 10^6-element and empty axes, a
# grid past 64 bits, deep nesting, duplicate keys, non-UTF-8 bytes. Each is refused with exit 1
# and one "FILE:LINE: ..." line before any output exists, or (huge but valid values) runs to a
# complete file whose points carry a status.
source "$(dirname "$0")/common.bash"
job() {  # extra axis/section lines, written after two fixed axes
  printf 'name: h\nmode: serve\naxes:\n  model: [llama31-8b]\n  hardware: [h100-sxm]\n%s\noutput: {file: h.h5, metrics: [ttft_s, cost_usd]}\n' "$1" > h.yaml
}
refuse() {  # pattern extra-lines
  job "$2"
  rm -f h.h5
  expect 1 "h.yaml:[0-9]*:.*$1" "$MLSWEEP" run --quiet h.yaml
  [ ! -e h.h5 ] || fail "a refused job created its output ($2)"
}
# numbers out of range, not finite, negative
refuse "is not a finite number" '  batch: [1e400]'
refuse "must be a whole number" '  batch: [1e300]'
refuse "must be a whole number >= 1" '  batch: [-1]'
refuse "must be non-negative" '  qps: [-0.5]'
refuse "is not a finite number" '  batch: [.nan]'
refuse "is not a finite number" '  batch: [nan]'
refuse "is not a finite number" '  qps: [.inf]'
refuse "is not a finite number" '  qps: [-.inf]'
refuse "to must be a number" '  batch: {from: 1, to: .inf, step: 1}'
refuse "must be between 0 and 1" '  utilization: [1.5]'
refuse "is not a number" 'constraints: {ttft_s: "<= nan"}'
refuse "is not a number" 'constraints: {ttft_s: "<= 1e999"}'
refuse "must be a whole number" 'workload: {prompt_tokens: 1e16}'
# empty and degenerate axes
refuse "empty list" '  batch: []'
refuse "a range needs both" '  batch: {}'
refuse "is not a finite number" '  batch: ~'
refuse "below 'from'" '  batch: {from: 8, to: 1, step: 1}'
refuse "'step' must be > 0" '  batch: {from: 1, to: 8, step: 0}'
printf 'name: h\nmode: serve\naxes: {}\n' > e.yaml
expect 1 "e.yaml:3: axes: expected a mapping" "$MLSWEEP" run --quiet e.yaml
# duplicates: keys, values, and values far apart in a list longer than 4096
refuse "duplicate key 'batch'" "$(printf '  batch: [1]\n  batch: [2]')"
refuse "value '1' appears twice" '  batch: [1, 2, 1]'
refuse "a value appears twice" "  batch: [$(seq -s, 1 5000), 17]"
# grids: over the 10^12-point limit, and past 2^64 (5 axes of 10^4: 10^20 points), refused as
# they are read (the 10^7-value axis limit keeps every refusal under a few seconds)
refuse "the grid has more than 1000000000000 points" \
  "$(for a in batch prompt_tokens output_tokens spec_tokens steps; do echo "  $a: {from: 1, to: 10000, step: 1}"; done)"
refuse "more than 10000000 values" '  output_tokens: {from: 1, to: 20000000, step: 1}'
# deep nesting, anchors, non-UTF-8 bytes, a NUL byte, a job that is not a mapping
job "  batch: $(printf '[%.0s' $(seq 100))1$(printf ']%.0s' $(seq 100))"
expect 1 "nested too deeply" "$MLSWEEP" run --quiet h.yaml
job "  batch: $(printf '[%.0s' $(seq 100000))"
expect 1 "h.yaml:6:" "$MLSWEEP" run --quiet h.yaml
refuse "anchors" "$(printf '  batch: &b [1]\n  tp: *b')"
printf 'name: "h\xff\xfe"\nmode: serve\naxes: {model: [llama31-8b], hardware: [h100-sxm]}\n' > u.yaml
expect 1 "u.yaml:1:.*malformed YAML" "$MLSWEEP" run --quiet u.yaml
printf 'name: h\x00x\nmode: serve\naxes: {model: [llama31-8b], hardware: [h100-sxm]}\n' > z.yaml
expect 1 "z.yaml:1:.*malformed YAML" "$MLSWEEP" run --quiet z.yaml
printf -- '- just\n- a list\n' > l.yaml
expect 1 "l.yaml:1: a job file is a mapping" "$MLSWEEP" run --quiet l.yaml
head -c 300000 /dev/zero | tr '\0' 'a' > big.yaml
expect 1 "big.yaml:1: a job file is a mapping" "$MLSWEEP" run --quiet big.yaml

# huge but valid values run to a complete file: every point has a status, the finite metrics
# are finite or NaN (never inf shown as a result of ok points), nothing crashes
job "$(printf '  prompt_tokens: [0, 9e15]\n  output_tokens: [1, 9e15]\n  batch: [1, 9e15]')
fleet: {duration_days: 1e300, utilization: 1e-300}"
expect 0 "" "$MLSWEEP" run --quiet h.yaml
$PY - <<'PY' || fail "huge values: bad file"
import h5py, numpy as np
f = h5py.File("h.h5", "r")
assert f.attrs["complete"] == 1
st = f["status"][...]
assert (st != 255).all(), "a point was not computed"
for m in f["metrics"]:
    v = f["metrics"][m][...]
    assert not np.isinf(v[st == 0]).any(), (m, "inf at an ok point")
print("huge values: statuses", sorted(set(st.ravel().tolist())))
PY

# a 10^6-element axis runs (about 2 s) into a complete file of that shape
job '  output_tokens: {from: 1, to: 1000000, step: 1}'
sed -i 's/metrics: \[ttft_s, cost_usd\]/metrics: [ttft_s]/' h.yaml
expect 0 "" "$MLSWEEP" run --quiet h.yaml
$PY -c "import h5py; f=h5py.File('h.h5','r'); assert f.attrs['complete']==1 and f['metrics/ttft_s'].shape==(1,1,1000000), f['metrics/ttft_s'].shape" \
  || fail "10^6-element axis: wrong file"
echo PASS
