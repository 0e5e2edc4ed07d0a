# Hostile job files through `mlsweep run`: huge, negative, NaN and infinite numbers, empty axes,
# a grid past 64 bits, deep nesting, duplicate keys, non-UTF-8 bytes are refused with exit 1 and
# one "FILE:LINE: ..." line before any output exists (all cases: test_hostile_jobs.c); huge but
# valid values and a 10^6-element axis run to a complete file whose points all carry a status.
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
# one of each class through the command (the whole list is test_hostile_jobs.c): exit 1, one
# FILE:LINE line, no output file
refuse "is not a finite number" '  batch: [1e400]'
refuse "must be a whole number >= 1" '  batch: [-1]'
refuse "is not a finite number" '  batch: [.nan]'
refuse "is not a finite number" '  qps: [.inf]'
refuse "empty list" '  batch: []'
refuse "duplicate key 'batch'" "$(printf '  batch: [1]\n  batch: [2]')"
refuse "the grid has more than 1000000000000 points" \
  "$(for a in batch prompt_tokens output_tokens spec_tokens steps; do echo "  $a: {from: 1, to: 10000, step: 1}"; done)"
job "  batch: $(printf '[%.0s' $(seq 100))1$(printf ']%.0s' $(seq 100))"
expect 1 "nested too deeply" "$MLSWEEP" run --quiet h.yaml
printf 'name: "h\xff\xfe"\nmode: serve\naxes: {model: [llama31-8b], hardware: [h100-sxm]}\n' > u.yaml
expect 1 "u.yaml:1:.*malformed YAML" "$MLSWEEP" run --quiet u.yaml

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
