#!/usr/bin/python3
"""Write a result file laid out exactly as docs/file-format.md says, with known values, so that
`mlsweep merge` and `mlsweep status` can be tested without running the engine.

usage: mkresult.py OUT [--shape 16,64,512] [--shard K --shards N] [--done CHUNKS]
                       [--job-text TEXT] [--complete 0|1] [--chunk-points P]

Point (i0, i1, ...) gets metric values that are a function of its global coordinates only (as the
engine's do), so a shard holds exactly the slice of the single run's tensors. --done writes only
the first CHUNKS chunks (the rest stay status 255 / NaN) as after a stop."""
import argparse
import h5py
import numpy as np

CHUNK_POINTS = 1 << 18  # the engine's target (engine/plan.h MS_PLAN_CHUNK_POINTS)
AXIS_NAMES = ["model", "hardware", "batch", "tp", "region"]
STATUS_LEGEND = "0=ok,1=invalid,2=no-divide,3=oom,255=not computed"


def chunk_shape(dims, target):
    """Trailing axes whole while they fit, the next one split to fill the chunk."""
    chunk, prod = [1] * len(dims), 1
    for i in reversed(range(len(dims))):
        if prod * dims[i] <= target:
            chunk[i] = dims[i]
            prod *= dims[i]
        else:
            chunk[i] = max(1, target // prod)
            break
    return chunk


def shard_range(n, k, shards):
    base, extra = divmod(n, shards)
    return k * base + min(k, extra), base + (1 if k < extra else 0)


def axis_values(name, n):
    if name in ("model", "hardware", "region"):
        return np.array([f"{name}-{i}" for i in range(n)], dtype=object)
    return np.arange(1, n + 1, dtype=np.float64) * 2.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--shape", default="16,64,512")
    ap.add_argument("--shard", type=int)
    ap.add_argument("--shards", type=int)
    ap.add_argument("--done", type=int, default=-1)
    ap.add_argument("--job-text", default="name: synthetic\nmode: serve\n")
    ap.add_argument("--complete", type=int, default=1)
    ap.add_argument("--chunk-points", type=int, help="the job's output.chunk_points")
    a = ap.parse_args()
    target = CHUNK_POINTS
    if a.chunk_points:
        target = a.chunk_points
        a.job_text += f"output: {{chunk_points: {a.chunk_points}}}\n"
    full = [int(x) for x in a.shape.split(",")]
    names = AXIS_NAMES[: len(full)]
    lo, cnt = 0, full[0]
    if a.shards:
        lo, cnt = shard_range(full[0], a.shard, a.shards)
    dims = [cnt] + full[1:]
    chunk = chunk_shape(dims, target)
    grid = [(d + c - 1) // c for d, c in zip(dims, chunk)]
    n_chunks = int(np.prod(grid))
    done_chunks = n_chunks if a.done < 0 else a.done

    # global coordinates of every point of this file
    idx = np.meshgrid(*[np.arange(lo, lo + cnt)] + [np.arange(d) for d in full[1:]], indexing="ij")
    lin = np.zeros(dims, dtype=np.int64)
    for i, d in enumerate(full):
        lin = lin * d + idx[i]
    status = np.where(lin % 7 == 3, 2, np.where(lin % 11 == 5, 3, 0)).astype(np.uint8)
    bottleneck = (lin % 4).astype(np.uint8)
    metrics = {
        "throughput_tok_s": (lin.astype(np.float64) * 0.25 + 1.0).astype(np.float32),
        "cost_usd": (np.sqrt(lin.astype(np.float64) + 2.0)).astype(np.float32),
        "energy_j": (1e6 / (lin.astype(np.float64) + 1.0)).astype(np.float32),
    }
    for m in metrics.values():
        m[status != 0] = np.nan
    # chunks past --done are not computed yet
    computed = np.zeros(dims, dtype=bool)
    done = np.zeros(n_chunks, dtype=np.uint8)
    for k in range(done_chunks):
        done[k] = 1
        rem, sl = k, []
        for i in reversed(range(len(dims))):
            c = rem % grid[i]
            rem //= grid[i]
            sl.insert(0, slice(c * chunk[i], min(dims[i], (c + 1) * chunk[i])))
        computed[tuple(sl)] = True
    status[~computed] = 255
    for m in metrics.values():
        m[~computed] = np.nan

    with h5py.File(a.out, "w") as f:
        f.attrs["mlsweep_format_version"] = np.int32(1)
        f.attrs["mlsweep_version"] = "0.1.0"
        f.attrs["git_commit"] = "0123456789ab"
        f.attrs["job_name"] = "synthetic"
        f.attrs["job_text"] = a.job_text
        f.attrs["mode"] = "serve"
        f.attrs["axes"] = ",".join(names)
        f.attrs["registry_files"] = "configs/hardware.yaml"
        f.attrs["registry_checksums"] = "00112233aabbccdd"
        f.attrs["ranks"] = np.int32(2)
        f.attrs["threads"] = np.int32(1)
        f.attrs["start_time"] = f"2026-12-01T08:0{a.shard or 0}:00Z"
        f.attrs["end_time"] = f"2026-12-01T08:1{a.shard or 0}:00Z"
        f.attrs["points"] = np.int64(np.prod(dims))
        f.attrs["points_feasible"] = np.int64(np.count_nonzero(status == 0))
        f.attrs["points_per_s"] = np.float64(1e6 * (1 + (a.shard or 0)))
        f.attrs["complete"] = np.int32(a.complete if a.done < 0 else 0)
        if a.shards:
            f.attrs["shard"] = np.int32(a.shard)
            f.attrs["shards"] = np.int32(a.shards)
            f.attrs["shard_axis"] = names[0]
            f.attrs["shard_start"] = np.int64(lo)
            f.attrs["shard_count"] = np.int64(cnt)
        scales = []
        for i, n in enumerate(names):
            vals = axis_values(n, full[i])[lo : lo + cnt] if i == 0 else axis_values(n, full[i])
            dt = h5py.string_dtype() if vals.dtype == object else np.float64
            ds = f.create_dataset(f"axes/{n}", data=vals, dtype=dt)
            ds.make_scale(n)
            scales.append(ds)

        def tensor(path, data, **attrs):
            ds = f.create_dataset(path, data=data, chunks=tuple(chunk), compression="gzip",
                                  compression_opts=1, shuffle=True,
                                  fillvalue=np.nan if data.dtype.kind == "f" else 255)
            for k, v in attrs.items():
                ds.attrs[k] = v
            for i, s in enumerate(scales):
                ds.dims[i].attach_scale(s)
            return ds

        units = {"throughput_tok_s": "tok/s", "cost_usd": "USD", "energy_j": "J"}
        for name, data in metrics.items():
            tensor(f"metrics/{name}", data, units=units[name], long_name=name.replace("_", " "),
                   _FillValue=np.float32(np.nan))
        tensor("status", status, legend=STATUS_LEGEND,
               flag_values=np.array([0, 1, 2, 3, 255], dtype=np.uint8),
               flag_meanings="ok invalid no-divide oom not-computed")
        tensor("bottleneck", bottleneck, legend="0=compute,1=memory,2=network,3=sla")
        d = f.create_dataset("progress/done", data=done)
        d.attrs["chunk_shape"] = np.array(chunk, dtype=np.int64)
        feasible = np.zeros(n_chunks, dtype=np.int64)  # points with status ok per done chunk
        for k in range(done_chunks):
            rem, sl = k, []
            for i in reversed(range(len(dims))):
                c = rem % grid[i]
                rem //= grid[i]
                sl.insert(0, slice(c * chunk[i], min(dims[i], (c + 1) * chunk[i])))
            feasible[k] = np.count_nonzero(status[tuple(sl)] == 0)
        f.create_dataset("progress/feasible", data=feasible)


if __name__ == "__main__":
    main()
