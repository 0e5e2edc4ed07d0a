# The result file as docs/file-format.md says, read back with h5py: axes as dimension scales
# (/axes/<axis>, and their root copies /<axis> attached second for netCDF-4),
# metrics with units/long_name/_FillValue, status and bottleneck legends, done-map, root
# attributes; and the values equal `mlsweep eval` at sample points.
source "$(dirname "$0")/common.bash"
cd "$T"
out=$(OMP_NUM_THREADS=2 "$MLSWEEP" run "$JOBS/layout.yaml" 2>err.txt)
[ "$out" = layout.h5 ] || fail "stdout should be the file name, got '$out'"
grep -q "mlsweep run: wrote $PWD/layout.h5: 256 points" err.txt || fail "summary: $(cat err.txt)"
grep -q "points/s per core" err.txt || fail "summary lacks points/s per core"
grep -Eq "MB written \(rank 0: solving [0-9.]+ s, writing [0-9.]+ s\)" err.txt ||
  fail "summary lacks rank 0's solving and writing times"
for p in "llama31-8b h100-sxm 8 2 2 full france" "llama31-70b a100-sxm-80gb 8 8 1 none us" \
         "llama31-8b a100-sxm-80gb 8 1 1 none us" "llama31-8b h100-sxm 12 8 1 none us"; do
  set -- $p
  "$MLSWEEP" eval --mode train --model $1 --hardware $2 --gpus $3 --tp $4 --pp $5 --recompute $6 \
    --region $7 --seq 4096 --global-batch 512 --train-tokens 1e12 --format json \
    > "eval_$1_$2_$3_$4_$5_$6_$7.json" 2>/dev/null || true
done
$PY - "$MLSWEEP_SOURCE_DIR" <<'PY'
import glob, json, math, sys
import h5py, numpy as np
f = h5py.File("layout.h5", "r")
A = f.attrs
assert A["complete"] == 1 and A["mlsweep_format_version"] == 1, dict(A)
assert A["axes"] == "model,hardware,gpus,tp,pp,recompute,region"
assert A["mode"] == "train" and A["job_name"] == "layout"
assert "constraints: {mfu:" in A["job_text"]
assert A["points"] == 2 * 2 * 2 * 4 * 2 * 2 * 2 and A["ranks"] == 1 and A["threads"] == 2
assert A["mlsweep_version"] == "0.1.0" and len(A["git_commit"]) > 0
# the commit of the tree the binary was built from (stamped at build time, not configure time),
# "-dirty" if tracked files had changed; "unknown" only where git cannot read the tree
import subprocess
head = subprocess.run(["git", "-C", sys.argv[1], "rev-parse", "--short=12", "HEAD"],
                      capture_output=True, text=True)
if head.returncode == 0:
    assert A["git_commit"].split("-")[0] == head.stdout.strip(), (A["git_commit"], head.stdout)
files, sums = A["registry_files"].split(","), A["registry_checksums"].split(",")
assert len(files) == len(sums) >= 4 and all(len(s) == 16 for s in sums)
assert A["start_time"].endswith("Z") and A["end_time"] >= A["start_time"]
assert A["points_per_s"] > 0
shape = (2, 2, 2, 4, 2, 2, 2)
ax = f["axes"]
assert [x.decode() for x in ax["model"][...]] == ["llama31-8b", "llama31-70b"]
assert [x.decode() for x in ax["hardware"][...]] == ["h100-sxm", "a100-sxm-80gb"]
assert list(ax["tp"][...]) == [1, 2, 4, 8] and ax["tp"].dtype == np.float64
assert [x.decode() for x in ax["recompute"][...]] == ["none", "full"]
assert ax["region"].attrs["CLASS"] == b"DIMENSION_SCALE"
assert sorted(f["metrics"]) == sorted(["step_time_s", "mfu", "dp", "cost_usd", "carbon_kgco2e"])
for name, d in f["metrics"].items():
    assert d.shape == shape and d.dtype == np.float32, (name, d.shape, d.dtype)
    assert d.attrs["units"] and d.attrs["long_name"], name
    assert math.isnan(d.attrs["_FillValue"])
    scales = [d.dims[i][0].name for i in range(7)]
    assert scales == ["/axes/" + a for a in A["axes"].split(",")], scales
    # second (last) scale: the root copy netCDF-4 resolves as the dimension
    roots = [[s.name for s in d.dims[i].values()] for i in range(7)]
    assert roots == [["/axes/" + a, "/" + a] for a in A["axes"].split(",")], roots
for a in A["axes"].split(","):
    r = f[a]
    assert r.attrs["CLASS"] == b"DIMENSION_SCALE" and r.dtype == ax[a].dtype
    assert list(r[...]) == list(ax[a][...]), a
for name in ["status", "bottleneck"]:
    assert [[s.name for s in f[name].dims[i].values()] for i in range(7)] == \
        [["/axes/" + a, "/" + a] for a in A["axes"].split(",")], name
assert f["metrics/step_time_s"].attrs["units"] == "s"
st, bn = f["status"], f["bottleneck"]
assert st.dtype == np.uint8 and st.shape == shape and bn.shape == shape
assert st.attrs["legend"].startswith("0=ok,1=invalid,2=no-divide")
assert st.attrs["legend"].endswith("255=not-computed")
assert list(st.attrs["flag_values"])[-1] == 255
assert "compute" in bn.attrs["legend"]
s = st[...]
# gpus 12 on tp 8 does not divide: a status, not an error
assert set(np.unique(s)) <= {0, 1, 2, 3, 4, 5, 6, 7}
assert (s == 2).any() and (s == 0).any() and (s == 5).any() and (s == 6).any(), np.bincount(s.ravel())
assert (s[:, :, 1, 3] == 2).all()  # gpus 12, tp 8
# infeasible points have NaN metrics
mfu = f["metrics/mfu"][...]
assert np.isnan(mfu[(s == 2) | (s == 4)]).all()
assert (mfu[s == 5] < 0.45).all() and (mfu[s == 0] >= 0.45).all()
# dp is derived: gpus / (tp * pp)
dp = f["metrics/dp"][...]
G, TP, PP = np.meshgrid([8, 12], [1, 2, 4, 8], [1, 2], indexing="ij")
want_dp = np.broadcast_to((G / (TP * PP))[None, None, :, :, :, None, None], shape)
assert (dp[s == 0] == want_dp[s == 0]).all()
done = f["progress/done"][...]
assert done.all() and list(f["progress/done"].attrs["chunk_shape"]) == list(shape)
assert f["progress/feasible"][...].sum() == (s == 0).sum() == A["points_feasible"]
# values equal mlsweep eval at the sample points
idx = {"model": ["llama31-8b", "llama31-70b"], "hardware": ["h100-sxm", "a100-sxm-80gb"],
       "gpus": [8, 12], "tp": [1, 2, 4, 8], "pp": [1, 2], "rec": ["none", "full"],
       "region": ["us", "france"]}
names = {0: "ok", 5: "sla-violated"}
n = 0
for js in glob.glob("eval_*.json"):
    m, h, g, tp, pp, rec, reg = js[5:-5].split("_")
    i = (idx["model"].index(m), idx["hardware"].index(h), idx["gpus"].index(int(g)), idx["tp"].index(int(tp)),
         idx["pp"].index(int(pp)), idx["rec"].index(rec), idx["region"].index(reg))
    e = json.load(open(js))
    for name in ["step_time_s", "mfu", "cost_usd", "carbon_kgco2e"]:
        want, got = e[name], float(f["metrics/" + name][i])
        if want is None or e["status"] in ("oom", "no-divide", "invalid"):
            assert math.isnan(got), (js, name, got)
        else:
            assert got == np.float32(want), (js, name, got, want)
    code = {"ok": 0, "no-divide": 2, "oom": 4, "no-price": 6}[e["status"]]
    assert s[i] == code or (code in (0, 6) and s[i] == 5), (js, s[i], e["status"])  # constraints are the job's, not eval's
    n += 1
assert n == 4
print("layout ok")
PY
echo PASS
