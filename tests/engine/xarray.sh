# The result file opened with xarray's netCDF-4 engine (docs/file-format.md, "netCDF-4 and
# xarray"): the root group (status, bottleneck, the axes as coordinates) and /metrics, whose
# dimensions netCDF-4 resolves to the root copies of the axes. Checks dims and sizes against the
# job's axes, coordinate values, every metric equal to what h5py reads, units/long_name, NaN
# where the status says so, label-based selection; for a 1-rank uncompressed file and a 2-rank
# compressed one of several chunks. Exit 77 (SKIP) only where /usr/bin/python3 has no xarray.
source "$(dirname "$0")/common.bash"
if ! $PY -c "import xarray" 2>/dev/null; then
  echo "SKIP: xarray is not installed for $PY; install python3-xarray and python3-netcdf4" \
       "(bash .ci/deps --test) to run this test"
  exit 77
fi
$PY -c "import netCDF4" 2>/dev/null ||
  fail "xarray is installed but netCDF4 is not (install python3-netcdf4): the netcdf4 engine needs it"
cd "$T"
OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet "$JOBS/layout.yaml" -o plain.h5 >/dev/null
sed 's/output: {file: layout.h5,/output: {file: layout.h5, compression: deflate, level: 1, chunk_points: 16,/' \
  "$JOBS/layout.yaml" > deflate.yaml
grep -q "chunk_points: 16" deflate.yaml || fail "could not make the compressed job"
OMP_NUM_THREADS=1 mpirun_n 2 "$MLSWEEP" run --quiet deflate.yaml -o deflate.h5 >/dev/null
for f in plain deflate; do
  $PY - $f.h5 <<'PY' || fail "$f.h5: xarray checks"
import math, sys
import h5py, numpy as np, xarray as xr
path = sys.argv[1]
f = h5py.File(path, "r")
axes = f.attrs["axes"].split(",")
assert axes == ["model", "hardware", "gpus", "tp", "pp", "recompute", "region"], axes
shape = (2, 2, 2, 4, 2, 2, 2)

root = xr.open_dataset(path, engine="netcdf4")
met = xr.open_dataset(path, engine="netcdf4", group="metrics")
ds = xr.merge([root, met])  # the documented way: metrics with the root's coordinates
assert root.attrs["job_name"] == "layout" and root.attrs["complete"] == 1, root.attrs
assert sorted(met.data_vars) == sorted(f["metrics"]), (list(met.data_vars), list(f["metrics"]))

# dims: the job's axes, in order, with their sizes
for name in list(met.data_vars) + ["status", "bottleneck"]:
    da = ds[name]
    assert da.dims == tuple(axes), (name, da.dims)
    assert da.shape == shape, (name, da.shape)
    src = met if name in met else root  # each group on its own has the dims too
    assert src[name].dims == tuple(axes), (name, src[name].dims)
assert dict(ds.sizes) == dict(zip(axes, shape)), dict(ds.sizes)

# coordinates: registry keys and enum names as strings, numbers as numbers
assert ds["model"].values.tolist() == ["llama31-8b", "llama31-70b"]
assert ds["hardware"].values.tolist() == ["h100-sxm", "a100-sxm-80gb"]
assert ds["recompute"].values.tolist() == ["none", "full"]
assert ds["region"].values.tolist() == ["us", "france"]
assert ds["tp"].values.tolist() == [1.0, 2.0, 4.0, 8.0] and ds["tp"].dtype == np.float64
assert ds["gpus"].values.tolist() == [8.0, 12.0]
assert ds["hardware"].attrs["long_name"], ds["hardware"].attrs
for a in axes:  # the same values as /axes, which xarray also opens
    want = [v.decode() if isinstance(v, bytes) else v for v in f["axes/" + a][()]]
    assert ds[a].values.tolist() == want, (a, ds[a].values, want)
ax = xr.open_dataset(path, engine="netcdf4", group="axes")
assert ax["hardware"].values.tolist() == ["h100-sxm", "a100-sxm-80gb"]

# values: every metric equal to h5py's, NaN included; one by label and by index
for name in met.data_vars:
    got, want = ds[name].values, f["metrics/" + name][...]
    assert got.dtype == want.dtype == np.float32, (name, got.dtype, want.dtype)
    assert np.array_equal(got, want, equal_nan=True), name
    assert ds[name].attrs["units"] == f["metrics/" + name].attrs["units"], name
    assert ds[name].attrs["long_name"] == f["metrics/" + name].attrs["long_name"], name
assert ds["step_time_s"].attrs["units"] == "s" and ds["carbon_kgco2e"].attrs["units"] == "kg"
assert ds["step_time_s"].attrs["long_name"] == "training step time"
i = (0, 0, 0, 1, 0, 0, 0)  # a feasible point (status ok)
sel = dict(model="llama31-8b", hardware="h100-sxm", gpus=8, tp=2, pp=1, recompute="none",
           region="us")
assert f["status"][i] == 0
got = float(ds["step_time_s"].sel(**sel))
want = float(f["metrics/step_time_s"][i])
assert got == want and not math.isnan(got), (got, want)
assert int(ds["status"].sel(**sel)) == int(f["status"][i])

# status and bottleneck stay uint8 codes (no fill-value masking); NaN where the status says so
st = ds["status"].values
assert st.dtype == np.uint8 and np.array_equal(st, f["status"][...])
assert ds["bottleneck"].dtype == np.uint8 and np.array_equal(ds["bottleneck"].values, f["bottleneck"][...])
assert ds["status"].attrs["legend"].startswith("0=ok,1=invalid")
assert list(ds["status"].attrs["flag_values"])[-1] == 255
assert (st == 0).any() and (st == 2).any() and (st == 6).any(), np.bincount(st.ravel())
infeasible = ~np.isin(st, [0, 5, 6])  # ok, sla-violated and no-price carry numbers
for name in met.data_vars:
    assert np.isnan(ds[name].values[infeasible]).all(), name
assert np.isnan(ds["cost_usd"].values[st == 6]).all()  # no-price: no cost
assert np.isfinite(ds["step_time_s"].values[st == 0]).all()
assert np.isfinite(ds["cost_usd"].values[st == 0]).all()
# gpus 12 on tp 8 does not divide: NaN in xarray too, selected by label
assert np.isnan(ds["mfu"].sel(gpus=12, tp=8).values).all()
assert (ds["status"].sel(gpus=12, tp=8).values == 2).all()

# the other groups open too
prog = xr.open_dataset(path, engine="netcdf4", group="progress")
assert prog["done"].values.all() and int(prog["feasible"].values.sum()) == int((st == 0).sum())
print(path, "xarray ok")
PY
done
echo PASS
