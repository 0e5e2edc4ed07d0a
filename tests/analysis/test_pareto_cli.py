#!/usr/bin/python3
"""`mlsweep pareto` on generated result files, against frontiers computed here independently:
O(n^2) brute force on the small file and on filtered slices of the large one, and a numpy
sort-and-cumulative-minimum for two objectives over all 4.2M points of the large file. Also the
--where/--group-by/--unique/--partial options, every output format, the error exits, and
identical output under MPI with 2 and 3 ranks."""
import csv
import io
import json
import os
import subprocess
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_fixture  # noqa: E402

MLSWEEP = os.environ["MLSWEEP"]
DIR = os.environ.get("MS_FIXTURE_DIR", ".")
FAILS = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILS.append(what)


def run(*args, mpi=0):
    cmd = [MLSWEEP, "pareto", *args]
    env = None
    if mpi:
        cmd = [os.environ.get("MPIEXEC") or "mpiexec", "-n", str(mpi)] + cmd
        # Under ASan, Open MPI's plugins leak at exit from dlclose'd modules that LeakSanitizer
        # cannot name (so tests/lsan.supp cannot match them): leak checks stay on for the
        # serial runs, address and UB checks stay on everywhere.
        env = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0")
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    return p.returncode, p.stdout, p.stderr


def load(path):
    """axes (names, values), metric arrays (float64 from float32), status."""
    with h5py.File(path, "r") as f:
        names = f.attrs["axes"].split(",")
        vals = [[v.decode() if isinstance(v, bytes) else v for v in f["axes/" + n][()]] for n in names]
        met = {k: f["metrics/" + k][()].astype(np.float64) for k in f["metrics"]}
        status = f["status"][()]
    return names, vals, met, status


def key_of(names, vals, idx):
    """Coordinates of flat indices as tuples of text, as the CLI prints them."""
    dims = [len(v) for v in vals]
    coords = np.unravel_index(idx, dims)
    out = []
    for j in range(len(idx)):
        t = []
        for a in range(len(names)):
            v = vals[a][coords[a][j]]
            t.append(v if isinstance(v, str) else "%.10g" % v)
        out.append(tuple(t))
    return sorted(out)


def brute(X, unique=False):
    """Indices of the non-dominated rows of X (minimize all), NaN rows excluded: O(n^2)."""
    ok = ~np.isnan(X).any(axis=1)
    idx = np.nonzero(ok)[0]
    Y = X[idx]
    keep = []
    for r in range(len(Y)):
        le = (Y <= Y[r]).all(axis=1)
        lt = (Y < Y[r]).any(axis=1)
        if not (le & lt).any():
            keep.append(idx[r])
    keep = np.array(keep, dtype=np.int64)
    if unique and len(keep):
        seen, out = set(), []
        for i in sorted(keep):
            t = tuple(X[i])
            if t not in seen:
                seen.add(t)
                out.append(i)
        keep = np.array(out, dtype=np.int64)
    return keep


def sweep2(X):
    """Two objectives without the C code's help: lexsort, then a strict running minimum of the
    second objective over earlier groups of equal first objective."""
    ok = np.nonzero(~np.isnan(X).any(axis=1))[0]
    a, b = X[ok, 0], X[ok, 1]
    order = np.lexsort((b, a))
    a, b, ids = a[order], b[order], ok[order]
    # group start flags and each group's minimum of b
    start = np.r_[True, a[1:] != a[:-1]]
    gid = np.cumsum(start) - 1
    gmin = np.minimum.reduceat(b, np.nonzero(start)[0])
    prev_best = np.r_[np.inf, np.minimum.accumulate(gmin)[:-1]]
    first = np.r_[True, np.zeros(len(gmin) - 1, bool)]
    good_group = (gmin < prev_best) | first
    keep = good_group[gid] & (b == gmin[gid])
    return ids[keep]


def csv_rows(text, names):
    rows = list(csv.DictReader(io.StringIO(text)))
    return rows, sorted(tuple(r[n] for n in names) for r in rows)


def objectives(met, spec):
    cols = [(-met[m] if s == "max" else met[m]).ravel() for s, m in spec]
    return np.stack(cols, axis=1)


def args_of(spec):
    out = []
    for s, m in spec:
        out += ["--" + s, m]
    return out


def main():
    small = make_fixture.make(os.path.join(DIR, "pareto-small.h5"), "small", compression="gzip")
    tiny = make_fixture.make(os.path.join(DIR, "pareto-tiny.h5"), "tiny")
    part = make_fixture.make(os.path.join(DIR, "pareto-partial.h5"), "small", complete=False)
    large = make_fixture.make(os.path.join(DIR, "pareto-large.h5"), "large")
    names, vals, met, status = load(small)

    # --- small file: brute force for 2, 3 and 4 objectives, both senses, ties, unique --------
    for spec in ([("min", "cost_usd"), ("min", "carbon_kgco2e")],
                 [("min", "cost_usd"), ("min", "carbon_kgco2e"), ("max", "output_tokens_per_s")],
                 [("min", "cost_usd"), ("min", "carbon_kgco2e"), ("min", "ttft_s"), ("min", "energy_j")],
                 [("max", "output_tokens_per_s"), ("min", "memory_per_gpu_bytes")]):
        for unique in (False, True):
            X = objectives(met, spec)
            want = key_of(names, vals, brute(X, unique))
            rc, out, err = run(small, *args_of(spec), "--format", "csv", *(["--unique"] if unique else []))
            rows, got = csv_rows(out, names)
            label = " ".join(f"{s}:{m}" for s, m in spec) + (" unique" if unique else "")
            check(rc == 0 and got == want, f"small, {label}: {len(got)} points == brute force {len(want)}")
            check(all(r["status"] == "ok" for r in rows), f"small, {label}: every frontier point is feasible")
    # ties: the 3-significant-digit fixture has duplicate (cost, carbon) vectors on the frontier
    X = objectives(met, [("min", "cost_usd"), ("min", "carbon_kgco2e")])
    fr = brute(X)
    check(len({tuple(X[i]) for i in fr}) < len(fr), "the small frontier does contain exact ties")

    # --- where and group-by --------------------------------------------------------------------
    spec = [("min", "cost_usd"), ("min", "carbon_kgco2e")]
    X = objectives(met, spec)
    dims = [len(v) for v in vals]
    co = np.unravel_index(np.arange(X.shape[0]), dims)
    hw = np.array(vals[names.index("hardware")])[co[names.index("hardware")]]
    tpv = np.array(vals[names.index("tp")])[co[names.index("tp")]]
    mask = (status.ravel() == 0) & (met["ttft_s"].ravel() <= 2) & ((hw == "b200") | (hw == "mi300x")) & ~(tpv > 4)
    Xf = X.copy()
    Xf[~mask] = np.nan
    want = key_of(names, vals, brute(Xf))
    rc, out, err = run(small, "--min", "cost_usd", "--min", "carbon_kgco2e", "--format", "csv",
                       "--where", "status==ok && ttft_s<=2 && (hardware==b200 || hardware==\"mi300x\") && !(tp>4)")
    check(rc == 0 and csv_rows(out, names)[1] == want, f"--where: {len(want)} points == brute force")
    check(f"{int(mask.sum())} passed the filter" in err, f"--where: stderr counts {int(mask.sum())} passing points")
    model = np.array(vals[0])[co[0]]
    want = []
    for m in vals[0]:
        Xg = X.copy()
        Xg[model != m] = np.nan
        want += key_of(names, vals, brute(Xg))
    rc, out, err = run(small, "--min", "cost_usd", "--min", "carbon_kgco2e", "--group-by", "model", "--format", "csv")
    rows, got = csv_rows(out, names)
    check(rc == 0 and got == sorted(want), f"--group-by model: {len(got)} points == per-model brute force")
    check([r["model"] for r in rows] == sorted([r["model"] for r in rows], key=vals[0].index),
          "--group-by: groups in axis order")

    # --- formats ------------------------------------------------------------------------------
    rc, out, err = run(small, "--min", "cost_usd", "--min", "carbon_kgco2e", "--format", "json")
    j = json.loads(out) if rc == 0 else {}
    fr = brute(X)
    check(rc == 0 and len(j["frontier"]) == len(fr) and j["objectives"][0]["units"] == "USD",
          "json: frontier size and units")
    pts = j.get("frontier", [])
    check(sorted(p["index"] for p in pts) == sorted(int(i) for i in fr), "json: point indices == brute force")
    check(all(np.float32(p["cost_usd"]) == np.float32(met["cost_usd"].ravel()[p["index"]]) for p in pts),
          "json: metric values round-trip exactly (float32 printed with 9 digits)")
    rc, out, err = run(small, "--min", "cost_usd", "--min", "carbon_kgco2e")
    check(rc == 0 and "cost_usd [USD]" in out and "carbon_kgco2e [kg]" in out, "table format has units")
    outp = os.path.join(DIR, "front.json")
    rc, out, err = run(small, "--min", "cost_usd", "--min", "carbon_kgco2e", "-o", outp)
    check(rc == 0 and out == "" and json.load(open(outp))["frontier"], "-o FILE.json writes json")

    # --- tiny: one-point groups, all axes -------------------------------------------------------
    tn, tv, tm, ts = load(tiny)
    want = key_of(tn, tv, brute(objectives(tm, spec)))
    rc, out, err = run(tiny, "--min", "cost_usd", "--min", "carbon_kgco2e", "--format", "csv")
    check(rc == 0 and csv_rows(out, tn)[1] == want, f"tiny file: {len(want)} points == brute force")
    rc, out, err = run(tiny, "--min", "cost_usd", "--min", "carbon_kgco2e", "--where", "tp>100", "--format", "csv")
    check(rc == 0 and out.count("\n") == 1, "empty selection: header only, exit 0")

    # --- partial files ---------------------------------------------------------------------------
    rc, out, err = run(part, "--min", "cost_usd", "--min", "carbon_kgco2e")
    check(rc == 1 and "not complete" in err and "--partial" in err, "incomplete file refused with exit 1")
    pn, pv, pm, ps = load(part)
    want = key_of(pn, pv, brute(objectives(pm, spec)))
    rc, out, err = run(part, "--min", "cost_usd", "--min", "carbon_kgco2e", "--partial", "--format", "csv")
    check(rc == 0 and csv_rows(out, pn)[1] == want, f"--partial: {len(want)} points of the finished half")

    # --- errors ----------------------------------------------------------------------------------
    for args, code, frag in [
        ([small, "--min", "cost_usd", "--min", "carbon_kgco2"], 1, "did you mean 'carbon_kgco2e'"),
        ([small, "--min", "cost_usd"], 1, "two or more objectives"),
        ([small, "--min", "cost_usd", "--min", "cost_usd"], 1, "given twice"),
        ([small, "--min", "cost_usd", "--min", "ttft_s", "--group-by", "modle"], 1, "did you mean 'model'"),
        ([small, "--min", "cost_usd", "--min", "ttft_s", "--where", "ttft_s<=2 &&"], 1, "column 13"),
        ([small, "--min", "cost_usd", "--min", "ttft_s", "--format", "xml"], 1, "unknown format"),
        ([os.path.join(DIR, "missing.h5"), "--min", "cost_usd", "--min", "ttft_s"], 1, "cannot open"),
        ([__file__, "--min", "cost_usd", "--min", "ttft_s"], 1, "not an HDF5 file"),
        ([], 1, "missing the result FILE"),
        ([small, "--min", "cost_usd", "--min", "ttft_s", "-o", "/nonexistent/dir/x.csv"], 2, "cannot write"),
    ]:
        rc, out, err = run(*args)
        check(rc == code and frag in err and err.count("\n") == 1, f"error exit {code}: '{frag}'")
    notres = os.path.join(DIR, "not-result.h5")
    with h5py.File(notres, "w") as f:
        f["x"] = np.zeros(3)
    rc, out, err = run(notres, "--min", "a", "--min", "b")
    check(rc == 1 and "not an mlsweep result file" in err, "HDF5 file of another kind: exit 1")

    # malformed result files: one-line errors with exit 1, never a crash
    def variant(name, edit):
        path = os.path.join(DIR, f"pareto-bad-{name}.h5")
        make_fixture.make(path, "tiny")
        with h5py.File(path, "r+") as f:
            edit(f)
        return path

    def wrong_shape(f):
        del f["metrics/ttft_s"]
        f["metrics/ttft_s"] = np.zeros(3, np.float32)

    def missing_axis(f):
        f.attrs["axes"] = "hardware,tp,region,gpus"

    def no_status(f):
        del f["status"], f["bottleneck"]

    def fixed_strings(f):  # h5py's fixed-length byte strings for a registry axis
        del f["axes/hardware"]
        f["axes/hardware"] = np.array([b"h100-sxm", b"b200"], dtype="S8")

    def bad_version(f):
        f.attrs["mlsweep_format_version"] = np.int32(7)

    for name, edit, code, frag in [
        ("shape", wrong_shape, 1, "does not have the grid's shape"),
        ("axis", missing_axis, 1, "axis 'gpus' is listed but /axes/gpus is missing"),
        ("version", bad_version, 1, "has result format 7"),
    ]:
        rc, out, err = run(variant(name, edit), "--min", "cost_usd", "--min", "carbon_kgco2e")
        check(rc == code and frag in err and err.count("\n") == 1, f"malformed file ({name}): exit {code}, '{frag}'")
    tn, tv, tm, ts = load(tiny)
    want = key_of(tn, tv, brute(objectives(tm, spec)))
    for name, edit in [("nostatus", no_status), ("fixed", fixed_strings)]:
        rc, out, err = run(variant(name, edit), "--min", "cost_usd", "--min", "carbon_kgco2e", "--format", "csv",
                           *(["--where", "hardware==b200 || hardware==h100-sxm"] if name == "fixed" else []))
        check(rc == 0 and csv_rows(out, tn)[1] == want, f"file variant ({name}) reads correctly")

    # --- the large file (4.2M points, 4 chunks): 2 objectives over everything ------------------
    ln, lv, lm, lstat = load(large)
    LX = objectives(lm, spec)
    want = key_of(ln, lv, sweep2(LX))
    rc, out, err = run(large, "--min", "cost_usd", "--min", "carbon_kgco2e", "--format", "csv")
    check(rc == 0 and csv_rows(out, ln)[1] == want, f"large, 2 objectives: {len(want)} points == numpy sweep")
    print("     " + err.strip())
    # 3 objectives on a 4096-point slice: brute force
    sl = "model==phi3-mini && hardware==b200 && precision==fp8 && tp<=2"
    spec3 = [("min", "cost_usd"), ("min", "carbon_kgco2e"), ("max", "output_tokens_per_s")]
    LX3 = objectives(lm, spec3)
    lco = np.unravel_index(np.arange(LX3.shape[0]), [len(v) for v in lv])
    m = ((np.array(lv[0])[lco[0]] == "phi3-mini") & (np.array(lv[1])[lco[1]] == "b200") &
         (np.array(lv[2])[lco[2]] == "fp8") & (np.array(lv[3])[lco[3]] <= 2))
    sub = np.nonzero(m)[0]
    want = key_of(ln, lv, sub[brute(LX3[sub])])
    rc, out, err = run(large, *args_of(spec3), "--where", sl, "--format", "csv")
    check(rc == 0 and csv_rows(out, ln)[1] == want, f"large slice, 3 objectives: {len(want)} points == brute force")
    # one frontier per (precision, region): over 256 frontier points in all, so the reading of
    # the frontier's values by index (analysis/rfile.c, 256 points a read) spans several reads
    pi, ri = ln.index("precision"), ln.index("region")
    group = np.char.add(np.array(lv[pi])[lco[pi]].astype(str), np.array(lv[ri])[lco[ri]].astype(str))
    LX2 = objectives(lm, spec)
    want = []
    for g in np.unique(group):
        Xg = LX2.copy()
        Xg[group != g] = np.nan
        want += key_of(ln, lv, sweep2(Xg))
    rc, out, err = run(large, *args_of(spec), "--group-by", "precision", "--group-by", "region",
                       "--format", "csv")
    check(rc == 0 and csv_rows(out, ln)[1] == sorted(want) and len(want) > 256,
          f"large, --group-by precision and region: {len(want)} points == per-group numpy sweep")

    # --- MPI: same bytes for 2 and 3 ranks -------------------------------------------------------
    for f_, a in [(large, args_of(spec3)), (small, args_of(spec) + ["--group-by", "hardware"])]:
        rc1, out1, _ = run(f_, *a, "--format", "csv")
        for n in (2, 3):
            rcn, outn, errn = run(f_, *a, "--format", "csv", mpi=n)
            check(rcn == 0 and outn == out1 and f"{n} ranks" in errn,
                  f"{os.path.basename(f_)} under MPI with {n} ranks == serial output")
    rc, out, err = run(small, "--min", "cost_usd", "--min", "nope", mpi=2)
    check(rc == 1 and err.count("is not a metric") == 1, "MPI: a bad input fails once, with exit 1")

    print(f"{len(FAILS)} failed")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
