#!/usr/bin/python3
"""`mlsweep table` on a generated result file, against numpy reductions of the same tensors:
slices fixed with --where, min/max/mean/argmin over the other axes, csv/md/latex output, the
--published comparison (lookup by coordinates and the error per row), and the error exits."""
import csv
import io
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


def run(*args):
    p = subprocess.run([MLSWEEP, "table", *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def grid(text):
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], {r[0]: r[1:] for r in rows[1:]}


def close(text, want, digits=4):
    if text == "":
        return np.isnan(want)
    return float(text) == float(f"{want:.{digits}g}")


def main():
    path = make_fixture.make(os.path.join(DIR, "table-small.h5"), "small")
    with h5py.File(path, "r") as f:
        names = f.attrs["axes"].split(",")
        vals = {n: [v.decode() if isinstance(v, bytes) else v for v in f["axes/" + n][()]] for n in names}
        cost = f["metrics/cost_usd"][()].astype(np.float64)
        ttft = f["metrics/ttft_s"][()].astype(np.float64)
        status = f["status"][()]
    ax = {n: i for i, n in enumerate(names)}

    # a slice: rows hardware, cols region, everything else fixed with --where
    where = "model==llama31-70b && precision==fp8 && tp==8 && batch==32"
    rc, out, err = run(path, "--rows", "hardware", "--cols", "region", "--metric", "cost_usd",
                       "--where", where, "--format", "csv")
    head, g = grid(out)
    sl = cost[vals["model"].index("llama31-70b"), :, vals["precision"].index("fp8"),
              vals["tp"].index(8.0), vals["batch"].index(32.0), :]
    ok = rc == 0 and head[1:] == vals["region"] and list(g) == vals["hardware"]
    ok = ok and all(close(g[h][r], sl[i, r]) for i, h in enumerate(vals["hardware"]) for r in range(sl.shape[1]))
    check(ok, "slice hardware x region == the tensor's values (4 significant digits)")

    # reductions over the other axes (NaN skipped)
    for red, fn in [("min", np.nanmin), ("max", np.nanmax), ("mean", np.nanmean)]:
        rc, out, err = run(path, "--rows", "hardware", "--cols", "tp", "--metric", "cost_usd",
                           "--reduce", red, "--format", "csv")
        head, g = grid(out)
        other = tuple(i for i in range(len(names)) if names[i] not in ("hardware", "tp"))
        with np.errstate(all="ignore"):
            want = fn(cost, axis=other)  # (hardware, tp)
        ok = rc == 0 and all(close(g[h][j], want[i, j]) for i, h in enumerate(vals["hardware"])
                             for j in range(len(vals["tp"])))
        check(ok, f"--reduce {red} == numpy {fn.__name__}")
    # with a filter: status==ok && ttft_s<=1, min
    rc, out, err = run(path, "--rows", "model", "--metric", "cost_usd", "--reduce", "min",
                       "--where", "status==ok && ttft_s<=1", "--format", "csv")
    head, g = grid(out)
    masked = np.where((status == 0) & (ttft <= 1), cost, np.nan)
    with np.errstate(all="ignore"):
        want = np.nanmin(masked.reshape(len(vals["model"]), -1), axis=1)
    check(rc == 0 and head == ["model", "cost_usd [USD]"] and
          all(close(g[m][0], want[i]) for i, m in enumerate(vals["model"])),
          "one column, --where and --reduce min (empty cells stay empty)")
    # argmin names the coordinates of the minimum
    rc, out, err = run(path, "--rows", "model", "--cols", "hardware", "--metric", "cost_usd",
                       "--reduce", "argmin", "--format", "csv")
    head, g = grid(out)
    m0 = vals["model"].index("llama31-70b")
    sub = cost[m0, vals["hardware"].index("b200")]
    idx = np.unravel_index(np.nanargmin(sub), sub.shape)
    rest = [n for n in names if n not in ("model", "hardware")]
    want = " ".join(f"{n}={vals[n][i] if isinstance(vals[n][i], str) else '%.10g' % vals[n][i]}"
                    for n, i in zip(rest, idx))
    check(rc == 0 and g["llama31-70b"][head.index("b200") - 1] == want, f"argmin cell: '{want}'")

    # formats
    rc, md, err = run(path, "--rows", "hardware", "--cols", "region", "--metric", "cost_usd", "--where", where)
    check(rc == 0 and "cost_usd [USD]" in md and "| hardware \\ region |" in md and "|---" in md,
          "markdown: caption with units, header, rule")
    rc, tex, err = run(path, "--rows", "hardware", "--cols", "region", "--metric", "cost_usd",
                       "--where", where, "--format", "latex")
    check(rc == 0 and "\\toprule" in tex and "\\midrule" in tex and "\\bottomrule" in tex and
          "hardware \\textbackslash{} region & us-east-1" in tex, "latex: booktabs rules, escaped header")
    check(tex.count(" \\\\\n") == 1 + len(vals["hardware"]), "latex: one line per row plus the header")
    rc, tex, err = run(path, "--rows", "hardware", "--metric", "cost_usd", "--reduce", "min", "--format", "latex")
    check(rc == 0 and "hardware & cost\\_usd [USD] \\\\" in tex, "latex: underscores escaped")

    # published values: the metric at each row's coordinates, and the error per row
    pub = os.path.join(DIR, "table-published.csv")
    picks = [("llama31-8b", "h100-sxm", "bf16", 1, 8, "us-east-1"),
             ("llama31-70b", "b200", "fp8", 8, 32, "eu-north-1"),
             ("mixtral-8x7b", "mi300x", "fp8", 2, 128, "ap-south-1")]
    truth = []
    with open(pub, "w") as f:
        f.write("label,model,hardware,precision,tp,batch,region,published,source\n")
        for i, p in enumerate(picks):
            v = cost[tuple(vals[n].index(x if isinstance(x, str) else float(x)) for n, x in zip(names, p))]
            truth.append(v)
            f.write(f"case {i},{','.join(str(x) for x in p)},{v * 1.25:.6g},\"Paper, Table {i}\"\n")
    rc, out, err = run(path, "--metric", "cost_usd", "--published", pub, "--format", "csv", "--digits", "6")
    rows = list(csv.reader(io.StringIO(out)))
    ok = rc == 0 and rows[0] == ["case", "predicted [USD]", "published [USD]", "error %", "source"]
    for i, v in enumerate(truth):
        r = rows[1 + i] if ok else None
        ok = ok and r[0] == f"case {i}" and close(r[1], v, 6) and r[4] == f"Paper, Table {i}"
        ok = ok and abs(float(r[3]) - 100 * (v - float(f"{v * 1.25:.6g}")) / float(f"{v * 1.25:.6g}")) < 0.051
    check(ok, "--published: predicted from the coordinates, error = -20.0 % per row")
    check(ok and rows[-1][0].startswith("mean absolute error over 3 rows") and rows[-1][3].startswith("20.0"),
          "--published: summary row with the mean |error|")
    # quantities with units in the CSV, and --units for display (dimensions checked)
    with open(pub, "w") as f:
        f.write("label,model,hardware,precision,tp,batch,region,published\n")
        p = picks[0]
        f.write(f"q,{','.join(str(x) for x in p)},{truth[0] * 1.25:.6g} USD\n")
    rc, out, err = run(path, "--metric", "cost_usd", "--published", pub, "--format", "csv", "--digits", "6")
    r = list(csv.reader(io.StringIO(out)))[1] if rc == 0 else ["", "", "", ""]
    check(rc == 0 and r[2] == f"{truth[0] * 1.25:.6g}" and r[3] == "-20.0", "--published: '123 USD' is read in USD")
    with open(pub, "w") as f:
        f.write("model,hardware,precision,tp,batch,region,published\nllama31-8b,h100-sxm,bf16,1,8,us-east-1,5 MWh\n")
    rc, out, err = run(path, "--metric", "cost_usd", "--published", pub)
    check(rc == 1 and "does not convert to cost_usd's unit 'USD'" in err, "--published: MWh for a USD metric is an error")
    rc, out, err = run(path, "--rows", "hardware", "--metric", "memory_per_gpu_bytes", "--reduce", "min",
                       "--units", "GB", "--format", "csv", "--digits", "9")
    head, g = grid(out)
    mem = None
    with h5py.File(path, "r") as f:
        mem = f["metrics/memory_per_gpu_bytes"][()].astype(np.float64)
    want = np.nanmin(mem[:, vals["hardware"].index("b200")]) / 1e9
    check(rc == 0 and head[1] == "memory_per_gpu_bytes [GB]" and close(g["b200"][0], want, 9),
          "--units GB divides bytes by 1e9 and labels the column")
    rc, out, err = run(path, "--rows", "hardware", "--metric", "cost_usd", "--reduce", "min", "--units", "kg")
    check(rc == 1 and "does not convert" in err, "--units of another dimension is an error")

    # a row that leaves axes open needs --reduce or --where
    with open(pub, "w") as f:
        f.write("model,hardware,published\nllama31-8b,h100-sxm,10\n")
    rc, out, err = run(path, "--metric", "cost_usd", "--published", pub)
    check(rc == 1 and "matches 160 points" in err and "precision" in err, "--published: ambiguous row is an error")
    rc, out, err = run(path, "--metric", "cost_usd", "--published", pub, "--reduce", "min", "--format", "csv")
    want = np.nanmin(cost[vals["model"].index("llama31-8b"), vals["hardware"].index("h100-sxm")])
    check(rc == 0 and close(list(csv.reader(io.StringIO(out)))[1][1], want), "--published with --reduce min")

    # errors
    for args, frag in [
        (["--rows", "hardware", "--metric", "cost_usd"], "axes that vary"),
        (["--rows", "hardwar", "--metric", "cost_usd", "--reduce", "min"], "did you mean 'hardware'"),
        (["--rows", "hardware", "--metric", "cost_us", "--reduce", "min"], "did you mean 'cost_usd'"),
        (["--rows", "hardware", "--cols", "hardware", "--metric", "cost_usd"], "same axis"),
        (["--rows", "hardware", "--metric", "cost_usd", "--reduce", "mim"], "did you mean 'min'"),
        (["--rows", "hardware", "--metric", "cost_usd", "--reduce", "min", "--format", "html"], "unknown format"),
        (["--rows", "hardware"], "--metric M is required"),
        (["--rows", "hardware", "--metric", "cost_usd", "--reduce", "min", "--where", "tp=8"], "column 3"),
    ]:
        rc, out, err = run(path, *args)
        check(rc == 1 and frag in err and err.count("\n") == 1, f"error exit 1: '{frag}'")
    for content, frag in [("model,gpu,published\nllama31-8b,1,2\n", "column 'gpu' is not an axis"),
                          ("model,published\nllama-8b,2\n", "did you mean 'llama31-8b'"),
                          ("model,published\nllama31-8b,abc\n", "not a number"),
                          ("model\nllama31-8b\n", "no 'published' column"),
                          ("model,published\nllama31-8b\n", "1 fields, the header has 2")]:
        with open(pub, "w") as f:
            f.write(content)
        rc, out, err = run(path, "--metric", "cost_usd", "--published", pub, "--reduce", "min")
        check(rc == 1 and frag in err, f"--published error: '{frag}'")
    print(f"{len(FAILS)} failed")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
