#!/usr/bin/python3
"""Compare two result files object by object: same groups and datasets, same dtype, shape,
chunking, filters and fill value, same values (NaN equals NaN), same attributes, same dimension
scales. Root attributes named with --ignore (run-specific ones) may differ.

usage: cmpresult.py A B [--ignore start_time,end_time,...]   exit 0 same, 1 different"""
import argparse
import sys
import h5py
import numpy as np

SKIP_ATTRS = {"DIMENSION_LIST", "REFERENCE_LIST"}  # object references: file-specific by nature


def same_value(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.dtype.kind != b.dtype.kind:
        return False
    if a.dtype.kind == "f":
        return bool(np.array_equal(a, b, equal_nan=True))
    return bool(np.array_equal(a, b))


def attrs_diff(path, x, y, ignore):
    out = []
    kx = set(x.attrs) - SKIP_ATTRS - ignore
    ky = set(y.attrs) - SKIP_ATTRS - ignore
    for k in sorted(kx ^ ky):
        out.append(f"{path}: attribute {k} only in {'A' if k in kx else 'B'}")
    for k in sorted(kx & ky):
        if not same_value(x.attrs[k], y.attrs[k]):
            out.append(f"{path}: attribute {k}: {x.attrs[k]!r} != {y.attrs[k]!r}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--ignore", default="")
    args = ap.parse_args()
    ignore = set(filter(None, args.ignore.split(",")))
    diffs = []
    with h5py.File(args.a, "r") as fa, h5py.File(args.b, "r") as fb:
        na, nb = [], []
        fa.visit(na.append)
        fb.visit(nb.append)
        for p in sorted(set(na) ^ set(nb)):
            diffs.append(f"/{p} only in {'A' if p in na else 'B'}")
        diffs += attrs_diff("/", fa, fb, ignore)
        for p in sorted(set(na) & set(nb)):
            x, y = fa[p], fb[p]
            if type(x) is not type(y):
                diffs.append(f"/{p}: group in one file, dataset in the other")
                continue
            diffs += attrs_diff(f"/{p}", x, y, set())
            if isinstance(x, h5py.Group):
                continue
            for prop in ("dtype", "shape", "chunks", "compression", "compression_opts", "shuffle"):
                if getattr(x, prop) != getattr(y, prop):
                    diffs.append(f"/{p}: {prop} {getattr(x, prop)} != {getattr(y, prop)}")
            if x.dtype.kind != "O":  # h5py 3.7 crashes reading a string dataset's fill value
                fx, fy = x.fillvalue, y.fillvalue
                if not same_value(fx, fy):
                    diffs.append(f"/{p}: fill value {fx} != {fy}")
            if x.shape == y.shape and not same_value(x[()], y[()]):
                diffs.append(f"/{p}: values differ")
            for d in range(len(x.shape)):
                sx = [s.name for s in x.dims[d].values()]
                sy = [s.name for s in y.dims[d].values()]
                if sx != sy:
                    diffs.append(f"/{p}: dimension {d} scales {sx} != {sy}")
            if h5py.h5ds.is_scale(x.id) != h5py.h5ds.is_scale(y.id):
                diffs.append(f"/{p}: dimension scale in one file only")
    for d in diffs:
        print(d)
    print(f"{len(diffs)} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
