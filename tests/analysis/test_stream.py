#!/usr/bin/python3
"""The streaming frontier of `mlsweep run` (output.pareto) equals the post-hoc one
(`mlsweep pareto --where status==ok`): 2 and 3 objectives, 1 and 2 MPI ranks, a resumed run,
and the job errors of output.pareto."""
import json
import os
import subprocess
import sys

import h5py
import numpy as np

MLSWEEP = os.environ["MLSWEEP"]
DIR = os.environ.get("MS_FIXTURE_DIR", ".")
FAILS = []

JOB = """name: stream-{tag}
mode: serve
axes:
  model: [llama31-8b, llama31-70b, mixtral-8x7b]
  hardware: [h100-sxm, h200-sxm, b200, mi300x, l40s]
  precision: [bf16, fp8]
  tp: [1, 2, 4, 8]
  batch: {{from: 1, to: 256, times: 2}}
  region: all
workload: {{prompt_tokens: 2048, output_tokens: 256}}
fleet: {{duration_days: 365, utilization: 0.6}}
constraints: {{ttft_s: "<= 2.0"}}
output:
  file: stream.h5
  chunk_points: 20000
  metrics: [cost_usd, carbon_kgco2e, output_tokens_per_s, ttft_s]
  pareto: {pareto}
"""


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILS.append(what)


# Under ASan, MPI_Init (every `mlsweep run`) leaks from Open MPI's unloaded plugins, which
# tests/lsan.supp cannot name: leak checks are off for the runs, on for `mlsweep pareto`.
NOLEAK = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0")


def sh(*cmd, env=None):
    if env is None and "run" in cmd[:2]:
        env = NOLEAK
    p = subprocess.run(list(cmd), capture_output=True, text=True, env=env)
    return p.returncode, p.stdout, p.stderr


def job(tag, pareto):
    path = os.path.join(DIR, f"stream-{tag}.yaml")
    with open(path, "w") as f:
        f.write(JOB.format(tag=tag, pareto=pareto))
    return path


def posthoc(h5, spec):
    args = []
    for s, m in spec:
        args += ["--" + s, m]
    rc, out, err = sh(MLSWEEP, "pareto", h5, *args, "--where", "status==ok", "--format", "json")
    return sorted(p["index"] for p in json.loads(out)["frontier"]) if rc == 0 else None


def streamed(h5):
    with h5py.File(h5, "r") as f:
        if "pareto" not in f:
            return None, None, None
        g = f["pareto"]
        return sorted(g["index"][()].tolist()), g["values"][()], g.attrs["objectives"]


def main():
    rc, out, err = sh(MLSWEEP, "run", "--help")
    if "not available" in err:
        print("skipped: this build's `mlsweep run` is not available yet")
        return 77
    mpiexec = os.environ.get("MPIEXEC") or "mpiexec"
    mpi_env = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0")
    for tag, spec in [("two", [("min", "cost_usd"), ("min", "carbon_kgco2e")]),
                      ("three", [("min", "cost_usd"), ("min", "carbon_kgco2e"), ("max", "output_tokens_per_s")])]:
        y = job(tag, "[" + ", ".join("{%s: %s}" % (s, m) for s, m in spec) + "]")
        # two threads: the master feeds each chunk to the front while the other computes the next
        for ranks, threads in ((1, 1), (1, 2), (2, 1)):
            h5 = os.path.join(DIR, f"stream-{tag}-{ranks}" + (f"t{threads}" if threads > 1 else "") + ".h5")
            cmd = [MLSWEEP, "run", y, "-o", h5, "--quiet"]
            if ranks > 1:
                cmd = [mpiexec, "-n", str(ranks)] + cmd
            env = dict(mpi_env if ranks > 1 else NOLEAK, OMP_NUM_THREADS=str(threads))
            rc, out, err = sh(*cmd, env=env)
            ids, vals, objs = streamed(h5) if rc == 0 else (None, None, None)
            want = posthoc(h5, spec) if rc == 0 else None
            check(rc == 0 and ids is not None and ids == want and len(ids) > 0,
                  f"{tag} objectives, {ranks} rank(s) x {threads} thread(s): /pareto ({len(ids or [])} points) == mlsweep pareto")
            if ranks == 1 and ids:
                check(objs == ",".join(f"{s}:{m}" for s, m in spec), f"{tag}: objectives attribute '{objs}'")
                with h5py.File(h5, "r") as f:
                    dims = [len(f["axes/" + n]) for n in f.attrs["axes"].split(",")]
                    g = f["pareto"]
                    order = g["index"][()]
                    co = np.unravel_index(order, dims)
                    ok = all(np.array_equal(g["values"][:, j],
                                            f["metrics/" + m][()][co].astype(np.float64))
                             for j, (s, m) in enumerate(spec))
                check(ok, f"{tag}: /pareto/values are the stored metrics at /pareto/index")
    # a resumed run: half the chunks marked undone, /pareto removed, then --resume
    h5 = os.path.join(DIR, "stream-two-1.h5")
    with h5py.File(h5, "r+") as f:
        done = f["progress/done"]
        d = done[()]
        d[len(d) // 2:] = 0
        done[...] = d
        f.attrs["complete"] = np.int32(0)
        del f["pareto"]
    rc, out, err = sh(MLSWEEP, "run", job("two", "[{min: cost_usd}, {min: carbon_kgco2e}]"), "-o", h5, "--resume", "--quiet")
    ids, _, _ = streamed(h5) if rc == 0 else (None, None, None)
    check(rc == 0 and ids == posthoc(h5, [("min", "cost_usd"), ("min", "carbon_kgco2e")]),
          f"resumed run: /pareto == mlsweep pareto (exit {rc} {err.strip()[-160:]})")
    # errors
    for pareto, frag in [("[{min: cost_usd}]", "two or more objectives"),
                         ("[{min: cost_usd}, {min: water_l}]", "not a stored metric (add it to output.metrics)"),
                         ("[{min: cost_usd}, {least: carbon_kgco2e}]", "{min: METRIC} or {max: METRIC}"),
                         ("[{min: cost_usd}, {min: cost_usd}]", "given twice")]:
        rc, out, err = sh(MLSWEEP, "run", job("bad", pareto), "-o", os.path.join(DIR, "stream-bad.h5"), "--quiet")
        check(rc == 1 and frag in err and "stream-bad.yaml:" in err, f"output.pareto error: '{frag}'")
    print(f"{len(FAILS)} failed")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
