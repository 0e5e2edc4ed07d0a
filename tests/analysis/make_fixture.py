#!/usr/bin/python3
"""Writes small and large result files in the layout of docs/file-format.md, so the analysis
commands can be tested without the sweep engine. The metric values are a toy model of serving
(price, speed and power per accelerator; grid intensity per region), rounded to 3 significant
digits so that ties are common, with infeasible points (NaN metrics, non-ok status).

usage: make_fixture.py OUT.h5 [--preset small|large|tiny] [--incomplete] [--seed N]
"""
import argparse
import sys

import h5py
import numpy as np

# status codes and names (solvers/mlsweep.h, solvers/names.c)
STATUS = ["ok", "invalid", "no-divide", "precision-unsupported", "oom", "sla-violated",
          "no-price", "unsupported"]
BOTTLENECK = ["none", "compute", "memory-bw", "memory-capacity", "communication",
              "pipeline-bubble", "overhead", "kv-capacity", "sla", "queueing", "host-link",
              "precision", "parallelism"]
METRICS = [  # name, units, long_name (as in solvers/metrics.c)
    ("ttft_s", "s", "time to first token"),
    ("tpot_s", "s", "time per output token (mean over the generation)"),
    ("output_tokens_per_s", "1/s", "output tokens per second of the system"),
    ("memory_per_gpu_bytes", "B", "device memory used per accelerator"),
    ("energy_j", "J", "facility energy (incl. PUE) of the run or period"),
    ("cost_usd", "USD", "cost of the training run or serving period"),
    ("carbon_kgco2e", "kg", "operational carbon (kgCO2e)"),
]

HW = {  # key: (relative speed, price USD/h, power W, memory GB, peak TFLOP/s, bandwidth TB/s)
    "h100-sxm": (1.0, 2.9, 700, 80, 989, 3.35), "h200-sxm": (1.15, 3.6, 700, 141, 989, 4.8),
    "mi300x": (1.05, 2.7, 750, 192, 1307, 5.3), "b200": (2.1, 5.5, 1000, 192, 2250, 8.0),
    "a100-sxm-80gb": (0.45, 1.6, 400, 80, 312, 2.04), "l40s": (0.35, 1.0, 350, 48, 362, 0.86),
    "gaudi3": (0.9, 2.2, 900, 128, 1835, 3.7), "tpu-v5p": (0.8, 2.4, 450, 95, 459, 2.76),
    "h20": (0.3, 1.2, 400, 96, 148, 4.0), "a10g": (0.12, 0.6, 150, 24, 70, 0.6),
    "mi250x": (0.4, 1.5, 560, 128, 383, 3.2), "l4": (0.1, 0.5, 72, 24, 121, 0.3),
    "tpu-v6e": (0.85, 2.7, 400, 32, 918, 1.6), "trainium2": (0.7, 1.9, 500, 96, 667, 2.9),
    "b300": (2.4, 6.5, 1200, 288, 2500, 8.0), "gb200": (2.3, 6.0, 1200, 192, 2500, 8.0),
}
REGIONS = {  # key: gCO2/kWh, USD/kWh
    "us-east-1": (380, 0.08), "eu-north-1": (30, 0.06), "ap-south-1": (700, 0.09),
    "us-west-2": (290, 0.07), "eu-west-3": (60, 0.12), "ca-central-1": (30, 0.05),
    "eu-north-2": (30, 0.06),  # same grid and price as eu-north-1: exact ties across regions
}
MODELS = {"llama31-8b": 8, "llama31-70b": 70, "mixtral-8x7b": 47, "qwen25-32b": 32,
          "llama31-405b": 405, "gemma2-9b": 9, "phi3-mini": 3.8, "yi-34b": 34}

PRESETS = {
    # axes in order: (name, values)
    "tiny": [("hardware", ["h100-sxm", "b200"]), ("tp", [1.0, 2.0]), ("region", ["us-east-1"])],
    "small": [("model", ["llama31-8b", "llama31-70b", "mixtral-8x7b"]),
              ("hardware", ["h100-sxm", "h200-sxm", "mi300x", "b200"]),
              ("precision", ["bf16", "fp8"]), ("tp", [1.0, 2.0, 4.0, 8.0]),
              ("batch", [1.0, 8.0, 32.0, 128.0]),
              ("region", ["us-east-1", "eu-north-1", "ap-south-1", "eu-north-2", "eu-west-3"])],
    "large": [("model", list(MODELS)), ("hardware", list(HW)), ("precision", ["bf16", "fp8"]),
              ("tp", [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0]),
              ("batch", [float(i) for i in range(1, 33)]),
              ("region", [f"r{i:02d}" for i in range(64)])],
}


def chunk_shape(dims, budget=1 << 20):
    """The writer's rule: trailing axes whole, leading axes split to <= budget points."""
    c = list(dims)
    pts = int(np.prod(c))
    for i in range(len(c)):
        if pts <= budget:
            break
        rest = pts // c[i]
        c[i] = max(1, budget // rest) if rest < budget else 1
        pts = rest * c[i]
    return tuple(c)


def values(axes, rng):
    """Metric tensors (float32), status and bottleneck (uint8) over the grid."""
    names = [a for a, _ in axes]
    dims = [len(v) for _, v in axes]
    grids = np.meshgrid(*[np.arange(n) for n in dims], indexing="ij", sparse=True)
    get = dict(zip(names, grids))

    def axis_val(name, table, col, default):
        if name not in get:
            return np.float64(default)
        vals = dict(axes)[name]
        arr = np.array([table[v][col] if isinstance(table.get(v), tuple) else table.get(v, default)
                        for v in vals], dtype=np.float64)
        return arr[get[name]]

    speed = axis_val("hardware", HW, 0, 1.0)
    price = axis_val("hardware", HW, 1, 2.0)
    power = axis_val("hardware", HW, 2, 700.0)
    mem = axis_val("hardware", HW, 3, 80.0)
    if "region" in get:
        rv = dict(axes)["region"]
        inten = np.array([REGIONS.get(r, (50 + 13 * i % 600, 0))[0] for i, r in enumerate(rv)])
        eprice = np.array([REGIONS.get(r, (0, 0.04 + 0.001 * (i % 40)))[1] for i, r in enumerate(rv)])
        inten, eprice = inten[get["region"]], eprice[get["region"]]
    else:
        inten, eprice = np.float64(380), np.float64(0.08)
    size = axis_val("model", {k: v for k, v in MODELS.items()}, 0, 8.0)
    tp = np.array(dict(axes)["tp"])[get["tp"]] if "tp" in get else np.float64(1)
    batch = np.array(dict(axes)["batch"])[get["batch"]] if "batch" in get else np.float64(8)
    fp8 = (np.array([p == "fp8" for p in dict(axes)["precision"]])[get["precision"]]
           if "precision" in get else np.bool_(False))
    bytes_per = np.where(fp8, 1.0, 2.0)
    shape = tuple(dims)
    # the noise does not depend on the region, so regions with equal grid and price tie exactly
    nshape = tuple(1 if n == "region" else d for n, d in zip(names, dims))
    noise = rng.uniform(0.97, 1.03, size=nshape)
    tput = speed * np.power(tp, 0.9) * np.sqrt(batch) * np.where(fp8, 1.6, 1.0) * 4000 / size * noise
    ttft = size * bytes_per / (speed * tp) * 0.05 * np.sqrt(batch)
    tpot = size * bytes_per / (speed * tp * 3000) * (1 + batch / 256)
    memb = (size * 1e9 * bytes_per / tp + batch * 2e8) * np.ones(shape)
    hours = 1e9 / tput / 3600  # time to serve 1e9 tokens
    energy = power * tp * 1.2 * hours * 3600  # J, incl. PUE 1.2
    cost = price * tp * hours + eprice * energy / 3.6e6
    carbon = inten * energy / 3.6e6 / 1000
    def sig(x):  # 3 significant digits: many exact ties
        e = np.floor(np.log10(np.abs(x), where=x > 0, out=np.zeros_like(x)))
        scale = 10.0 ** (2 - e)
        return np.round(x * scale) / scale

    out = {"ttft_s": ttft * np.ones(shape), "tpot_s": tpot * np.ones(shape),
           "output_tokens_per_s": tput, "memory_per_gpu_bytes": memb,
           "energy_j": energy, "cost_usd": sig(cost), "carbon_kgco2e": sig(carbon)}
    status = np.zeros(shape, np.uint8)
    status[memb > mem * 1e9] = 4  # oom
    if "model" in get:
        bad_tp = (np.array([m == "mixtral-8x7b" for m in dict(axes)["model"]])[get["model"]]) & (tp > 8)
        status[np.broadcast_to(bad_tp, shape)] = 2
    bott = np.where(batch < 16, 2, 1) * np.ones(shape, np.uint8)
    bott = bott.astype(np.uint8)
    bott[status == 4] = 3
    for k in out:
        out[k] = np.broadcast_to(out[k], shape).astype(np.float32)
        out[k][status != 0] = np.nan
    return out, status, bott


def make(path, preset="small", complete=True, seed=1, compression=None):
    axes = PRESETS[preset]
    rng = np.random.default_rng(seed)
    dims = tuple(len(v) for _, v in axes)
    metrics, status, bott = values(axes, rng)
    chunk = chunk_shape(dims) if preset != "small" else tuple([1] * 2 + list(dims[2:]))
    with h5py.File(path, "w") as f:
        f.attrs["mlsweep_format_version"] = np.int32(1)
        f.attrs["mlsweep_version"] = "0.1.0"
        f.attrs["git_commit"] = "fixture"
        f.attrs["job_name"] = f"fixture-{preset}"
        f.attrs["job_text"] = f"name: fixture-{preset}\nmode: serve\n"
        f.attrs["mode"] = "serve"
        f.attrs["axes"] = ",".join(a for a, _ in axes)
        f.attrs["registry_files"] = ""
        f.attrs["registry_checksums"] = ""
        f.attrs["ranks"] = np.int32(1)
        f.attrs["threads"] = np.int32(1)
        f.attrs["start_time"] = "2026-12-01T00:00:00Z"
        f.attrs["end_time"] = "2026-12-01T00:00:01Z"
        f.attrs["points"] = np.int64(np.prod(dims))
        f.attrs["points_feasible"] = np.int64((status == 0).sum())
        f.attrs["points_per_s"] = np.float64(1e6)
        f.attrs["complete"] = np.int32(1 if complete else 0)
        scales = []
        for name, vals in axes:
            if isinstance(vals[0], str):
                d = f.create_dataset(f"axes/{name}", data=np.array(vals, dtype=object),
                                     dtype=h5py.string_dtype("utf-8"))
            else:
                d = f.create_dataset(f"axes/{name}", data=np.array(vals, np.float64))
            d.make_scale(name)
            scales.append(d)
        kw = dict(chunks=chunk)
        if compression:
            kw.update(compression=compression, compression_opts=1)
        full = []
        for name, units, long_name in METRICS:
            d = f.create_dataset(f"metrics/{name}", data=metrics[name], dtype=np.float32,
                                 fillvalue=np.float32(np.nan), **kw)
            d.attrs["units"] = units
            d.attrs["long_name"] = long_name
            d.attrs["_FillValue"] = np.float32(np.nan)
            full.append(d)
        if not complete:  # the later half of the chunks is not done: status 255, NaN
            n0 = dims[0]
            half = slice(n0 // 2, n0)
            for d in full:
                d[half] = np.nan
            status[half] = 255
        s = f.create_dataset("status", data=status, **kw)
        s.attrs["legend"] = ",".join(f"{i}={n}" for i, n in enumerate(STATUS)) + ",255=not-computed"
        s.attrs["flag_values"] = np.array(list(range(len(STATUS))) + [255], np.uint8)
        s.attrs["flag_meanings"] = " ".join(STATUS + ["not-computed"])
        b = f.create_dataset("bottleneck", data=bott, **kw)
        b.attrs["legend"] = ",".join(f"{i}={n}" for i, n in enumerate(BOTTLENECK))
        full += [s, b]
        for d in full:
            for i, sc in enumerate(scales):
                d.dims[i].attach_scale(sc)
        nch = int(np.prod([(n + c - 1) // c for n, c in zip(dims, chunk)]))
        done = f.create_dataset("progress/done", data=np.full(nch, 1 if complete else 0, np.uint8))
        done.attrs["chunk_shape"] = np.array(chunk, np.int64)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--preset", default="small", choices=sorted(PRESETS))
    ap.add_argument("--incomplete", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--compression", default=None)
    a = ap.parse_args()
    make(a.out, a.preset, not a.incomplete, a.seed, a.compression)
    return 0


if __name__ == "__main__":
    sys.exit(main())
