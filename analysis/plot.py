#!/usr/bin/python3
"""Publication figures from mlsweep result files (docs/file-format.md), PNG or PDF by extension.

  plot.py pareto FILE --x cost_usd --y carbon_kgco2e [--color AXIS] [--fix AXIS=V ...] -o OUT
  plot.py heatmap FILE --metric M --x AXIS --y AXIS [--reduce min|max|mean] [--fix AXIS=V] -o OUT
  plot.py region-bars FILE [--metric carbon_kgco2e] [--reduce min|max|mean] [--fix ...] -o OUT
  plot.py roofline FILE [--hardware H ...] [--precision P ...] [--configs DIR] -o OUT

Only feasible points (status ok) are drawn. Files are read in slabs along the first axis, so a
plot never holds more than one metric slab (plus the points it draws) in memory; scatter plots
draw at most --max-points points (a deterministic sample) but the frontier is exact.
Exit codes: 0 ok, 1 bad input, 2 I/O failure."""
import argparse
import os
import re
import sys
import warnings

import matplotlib

matplotlib.use("Agg")
import h5py  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

# Okabe & Ito (2008) colour-blind-safe palette
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
SLAB_POINTS = 1 << 22


class Bad(Exception):
    """Bad input: exit 1 with a one-line message."""


def style():
    plt.rcParams.update({
        "font.size": 9, "axes.labelsize": 9, "axes.titlesize": 9, "legend.fontsize": 7,
        "xtick.labelsize": 8, "ytick.labelsize": 8, "axes.spines.top": False,
        "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3, "grid.linewidth": 0.5,
        "figure.dpi": 100, "savefig.dpi": 300, "savefig.bbox": "tight", "pdf.fonttype": 42,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    })


def text(v):
    return v.decode() if isinstance(v, bytes) else v


class Result:
    """A result file: axes, metric attributes, slab reads with --fix selections applied."""

    def __init__(self, path, partial=False):
        try:
            self.f = h5py.File(path, "r")
        except OSError as e:
            raise Bad(f"cannot open '{path}' as HDF5 ({e})")
        if "axes" not in self.f.attrs or "metrics" not in self.f:
            raise Bad(f"'{path}' is not an mlsweep result file")
        if int(self.f.attrs.get("complete", 0)) != 1 and not partial:
            raise Bad(f"'{path}' is not complete; use --partial to plot the points done so far")
        self.path = path
        self.names = text(self.f.attrs["axes"]).split(",")
        self.values = [[text(v) for v in self.f["axes/" + n][()]] for n in self.names]
        self.dims = [len(v) for v in self.values]

    def axis(self, name):
        if name not in self.names:
            raise Bad(f"'{name}' is not an axis of '{self.path}' (axes: {', '.join(self.names)})")
        return self.names.index(name)

    def metric(self, name):
        if name not in self.f["metrics"]:
            raise Bad(f"'{name}' is not a metric of '{self.path}' (metrics: {', '.join(sorted(self.f['metrics']))})")
        return self.f["metrics/" + name]

    def label(self, name):
        d = self.metric(name)
        return f"{name} [{text(d.attrs.get('units', ''))}]"

    def selection(self, fixes):
        """Index per axis: a slice, or a 1-element list for a --fix AXIS=VALUE."""
        sel = [slice(None)] * len(self.names)
        for fx in fixes or []:
            if "=" not in fx:
                raise Bad(f"--fix '{fx}': expected AXIS=VALUE")
            a, v = fx.split("=", 1)
            i = self.axis(a)
            vals = self.values[i]
            hit = [j for j, x in enumerate(vals) if (x == v if isinstance(x, str) else _num_eq(x, v))]
            if not hit:
                raise Bad(f"--fix: '{v}' is not a value of axis '{a}' ({', '.join(str(x) for x in vals[:12])})")
            sel[i] = [hit[0]]
        return sel

    def slabs(self, sel, names):
        """Yields (first-axis offset, {metric: array, 'status': array}) slab by slab."""
        per = int(np.prod(self.dims[1:])) if len(self.dims) > 1 else 1
        step = max(1, SLAB_POINTS // max(per, 1))
        first = sel[0]
        rows = range(self.dims[0]) if isinstance(first, slice) else first
        rows = list(rows)
        for s in range(0, len(rows), step):
            part = rows[s:s + step]
            idx = tuple([part] + [x for x in sel[1:]])
            out = {n: _read(self.metric(n), idx) for n in names}
            out["status"] = _read(self.f["status"], idx) if "status" in self.f else \
                np.zeros_like(next(iter(out.values())), np.uint8)
            yield part, out


def _num_eq(x, v):
    try:
        return abs(float(v) - x) <= 1e-9 * max(1.0, abs(x))
    except ValueError:
        return False


def _read(ds, idx):
    """h5py fancy indexing takes one list at a time: read slices, then pick lists in numpy."""
    basic = tuple(slice(min(i), max(i) + 1) if isinstance(i, list) else i for i in idx)
    a = ds[basic]
    for ax, i in enumerate(idx):
        if isinstance(i, list):
            a = np.take(a, [j - min(i) for j in i], axis=ax)
    return a


def frontier2(x, y):
    """Exact non-dominated set of (x, y), both minimized; ties kept, NaN never on it."""
    ok = ~(np.isnan(x) | np.isnan(y))
    idx = np.nonzero(ok)[0]
    if len(idx) == 0:
        return idx
    a, b = x[idx], y[idx]
    o = np.lexsort((b, a))
    a, b, idx = a[o], b[o], idx[o]
    start = np.r_[True, a[1:] != a[:-1]]
    gid = np.cumsum(start) - 1
    gmin = np.minimum.reduceat(b, np.nonzero(start)[0])
    prev = np.r_[np.inf, np.minimum.accumulate(gmin)[:-1]]
    good = (gmin < prev)
    good[0] = True
    return idx[good[gid] & (b == gmin[gid])]


def lowest(fig, axes, gap=0.01):
    """The figure y just below everything the visible axes draw (tick labels, x label): where a
    legend below them starts."""
    r = fig.canvas.get_renderer()
    inv = fig.transFigure.inverted()
    ys = [inv.transform(ax.get_tightbbox(r))[0][1] for ax in axes if ax.get_visible()]
    return (min(ys) if ys else 0.0) - gap


def save(fig, out):
    ext = os.path.splitext(out)[1].lower()
    if ext not in (".png", ".pdf", ".svg"):
        raise Bad(f"-o '{out}': use a .png, .pdf or .svg file name")
    try:
        fig.savefig(out)
    except OSError as e:
        print(f"plot.py: cannot write '{out}': {e}", file=sys.stderr)
        sys.exit(2)
    plt.close(fig)
    print(f"plot.py: wrote {out}", file=sys.stderr)


# ---- pareto ------------------------------------------------------------------------------------
PARETO_LAYERS = 8  # interleaved layers of the scatter (see cmd_pareto)


def cmd_pareto(a):
    r = Result(a.file, a.partial)
    sel = r.selection(a.fix)
    color = r.axis(a.color) if a.color else None
    sx, sy = (-1 if a.max_x else 1), (-1 if a.max_y else 1)
    xs, ys, cs, fx, fy, fc = [], [], [], [], [], []
    rng = np.random.default_rng(0)
    for part, d in r.slabs(sel, [a.x, a.y]):
        ok = d["status"] == 0
        x, y = d[a.x].astype(np.float64), d[a.y].astype(np.float64)
        ok &= ~(np.isnan(x) | np.isnan(y))
        if color is not None:
            shape = x.shape
            cidx = np.indices(shape)[color]
            if color == 0:
                cidx = np.asarray(part)[cidx]
            elif not isinstance(sel[color], slice):
                cidx = np.full(shape, sel[color][0])
        else:
            cidx = np.zeros(x.shape, int)
        x, y, c = x[ok], y[ok], cidx[ok]
        # exact frontier of the slab (the frontier of the union is the frontier of frontiers)
        k = frontier2(sx * x, sy * y)
        fx.append(x[k]), fy.append(y[k]), fc.append(c[k])
        if len(x) > a.max_points:
            pick = rng.choice(len(x), a.max_points, replace=False)
            x, y, c = x[pick], y[pick], c[pick]
        xs.append(x), ys.append(y), cs.append(c)
    x, y, c = np.concatenate(xs), np.concatenate(ys), np.concatenate(cs)
    fx, fy, fc = np.concatenate(fx), np.concatenate(fy), np.concatenate(fc)
    k = frontier2(sx * fx, sy * fy)
    fx, fy, fc = fx[k], fy[k], fc[k]
    if len(x) > a.max_points:
        pick = rng.choice(len(x), a.max_points, replace=False)
        x, y, c = x[pick], y[pick], c[pick]
    if len(fx) == 0:
        raise Bad("no feasible point with both metrics: nothing to plot")
    fig, ax = plt.subplots(figsize=(3.5, 2.6))
    groups = sorted(set(c.tolist()) | set(fc.tolist()))
    # the cloud in layers of a shuffled order, every group in each layer: drawn group after
    # group, the last group's points covered all the others' wherever they overlap
    layer = rng.permutation(len(x)) % (PARETO_LAYERS if len(groups) > 1 else 1)
    for li in range(PARETO_LAYERS if len(groups) > 1 else 1):
        for gi, g in enumerate(groups):
            m = (c == g) & (layer == li)
            lab = r.values[color][g] if color is not None else "design points"
            ax.scatter(x[m], y[m], s=5, alpha=0.35, linewidths=0,
                       color=PALETTE[gi % len(PALETTE)], marker=MARKERS[gi % len(MARKERS)],
                       label=str(lab) if li == 0 else None, rasterized=True)
    o = np.argsort(fx, kind="stable")
    ax.step(fx[o], fy[o], where="post" if not (a.max_x or a.max_y) else "pre", color="black",
            linewidth=1.0, zorder=3)
    for gi, g in enumerate(groups):
        m = fc == g
        ax.scatter(fx[m], fy[m], s=22, facecolors=PALETTE[gi % len(PALETTE)], edgecolors="black",
                   linewidths=0.7, marker=MARKERS[gi % len(MARKERS)], zorder=4)
    ax.plot([], [], color="black", linewidth=1.0, marker="o", markersize=4,
            markerfacecolor="white", label=f"Pareto frontier ({len(fx)})")
    ax.set_xlabel(r.label(a.x))
    ax.set_ylabel(r.label(a.y))
    # log scales when the data span three decades (unless --linear)
    span = lambda v: v.size and np.all(v > 0) and np.max(v) / np.min(v) > 1e3
    if a.logx or (not a.linear and span(np.r_[x, fx])):
        ax.set_xscale("log")
    if a.logy or (not a.linear and span(np.r_[y, fy])):
        ax.set_yscale("log")
    # below the axes, not over the cloud of points (which fills any corner "best" could pick),
    # with opaque markers: the scatter's transparency made the legend's colours hard to tell
    n = len(groups) + 1
    y0 = ax.transAxes.inverted().transform(fig.transFigure.transform((0, lowest(fig, [ax]))))[1]
    leg = ax.legend(title=a.color, frameon=False, markerscale=2.0, loc="upper center",
                    bbox_to_anchor=(0.5, y0), ncol=min(n, 4), columnspacing=1.0,
                    handletextpad=0.3, borderaxespad=0.0)
    for h in getattr(leg, "legend_handles", None) or getattr(leg, "legendHandles", []):
        h.set_alpha(1.0)
    save(fig, a.output)


# ---- heatmap -----------------------------------------------------------------------------------
def grid_reduce(r, metric, keep, sel, red):
    """min/max/mean of metric over every axis not in keep (feasible points only), slab by slab.
    Returns an array over the kept axes, in keep's order (NaN where nothing is feasible)."""
    shape = [r.dims[k] for k in keep]
    acc = np.full(shape, np.nan)
    cnt = np.zeros(shape, np.int64)
    for part, d in r.slabs(sel, [metric]):
        v = d[metric].astype(np.float64)
        v[d["status"] != 0] = np.nan
        others = tuple(i for i in range(v.ndim) if i not in keep)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN cells stay NaN
            if red == "min":
                pr = np.nanmin(v, axis=others) if others else v
            elif red == "max":
                pr = np.nanmax(v, axis=others) if others else v
            else:
                pr = np.nansum(v, axis=others) if others else np.nan_to_num(v)
                pc = np.sum(~np.isnan(v), axis=others) if others else (~np.isnan(v)).astype(np.int64)
        order = sorted(keep)  # the reduced array has the kept axes in ascending order
        perm = [order.index(k) for k in keep]
        pr = np.transpose(pr, perm)
        # where this slab's values go: axis 0 holds the slab's rows, a fixed axis its one value
        where = [list(part) if k == 0 else (sel[k] if isinstance(sel[k], list) else range(r.dims[k]))
                 for k in keep]
        t = np.ix_(*where)
        if red == "mean":
            pc = np.transpose(pc, perm)
            acc[t] = np.where(np.isnan(acc[t]), 0, acc[t]) + pr
            acc[t] = np.where(pc + cnt[t] > 0, acc[t], np.nan)
            cnt[t] += pc
        else:
            acc[t] = (np.fmin if red == "min" else np.fmax)(acc[t], pr)
    if red == "mean":
        with np.errstate(all="ignore"):
            acc = np.where(cnt > 0, acc / np.maximum(cnt, 1), np.nan)
    return acc


def short(v):
    """Cell label: 5510 -> '5510', 0.01234 -> '0.0123', 1.2e7 -> '1.2e+07'."""
    return f"{v:.0f}" if 100 <= abs(v) < 1e5 else f"{v:.3g}"


def cmd_heatmap(a):
    r = Result(a.file, a.partial)
    sel = r.selection(a.fix)
    xi, yi = r.axis(a.x), r.axis(a.y)
    if xi == yi:
        raise Bad("--x and --y name the same axis")
    grid = grid_reduce(r, a.metric, [yi, xi], sel, a.reduce)
    ylab = [str(v) if isinstance(v, str) else f"{v:g}" for v in r.values[yi]]
    xlab = [str(v) if isinstance(v, str) else f"{v:g}" for v in r.values[xi]]
    if not isinstance(sel[yi], slice):
        grid, ylab = grid[sel[yi]], [ylab[sel[yi][0]]]
    if not isinstance(sel[xi], slice):
        grid, xlab = grid[:, sel[xi]], [xlab[sel[xi][0]]]
    if np.all(np.isnan(grid)):
        raise Bad("no feasible point: nothing to plot")
    w = max(3.5, 0.45 * len(xlab) + 1.6)
    h = max(2.4, 0.3 * len(ylab) + 1.2)
    fig, ax = plt.subplots(figsize=(w, h))
    data = np.log10(grid) if a.log else grid
    im = ax.imshow(np.ma.masked_invalid(data), cmap="cividis", aspect="auto")
    ax.set_xticks(range(len(xlab)), xlab, rotation=45 if max(map(len, xlab)) > 4 else 0, ha="right")
    ax.set_yticks(range(len(ylab)), ylab)
    ax.set_xlabel(a.x)
    ax.set_ylabel(a.y)
    ax.grid(False)
    lab = r.label(a.metric)
    cb = fig.colorbar(im, ax=ax)
    cb.set_label(("log10 " if a.log else "") + f"{a.reduce} {lab}")
    if grid.size <= 150:  # annotate small grids with the values
        lo, hi = np.nanmin(data), np.nanmax(data)
        for (i, j), v in np.ndenumerate(grid):
            if not np.isnan(v):
                dark = (data[i, j] - lo) / (hi - lo + 1e-300) < 0.5
                ax.text(j, i, short(v), ha="center", va="center", fontsize=6,
                        color="white" if dark else "black")
    ax.set_facecolor("#dddddd")  # infeasible cells
    save(fig, a.output)


# ---- region bars -------------------------------------------------------------------------------
MANY_REGIONS, EDGE_REGIONS = 40, 15


def cmd_region_bars(a):
    r = Result(a.file, a.partial)
    sel = r.selection(a.fix)
    ri = r.axis(a.region_axis)
    v = grid_reduce(r, a.metric, [ri], sel, a.reduce)
    labels = [str(x) for x in r.values[ri]]
    if not isinstance(sel[ri], slice):
        v, labels = v[sel[ri]], [labels[sel[ri][0]]]
    ok = ~np.isnan(v)
    if not ok.any():
        raise Bad("no feasible point: nothing to plot")
    v, labels = v[ok], [l for l, g in zip(labels, ok) if g]
    # terciles of every region, so that a bar's colour means the same whichever bars are shown
    q = np.quantile(v, [1 / 3, 2 / 3]) if len(v) >= 3 else [np.inf, np.inf]
    o = np.argsort(v, kind="stable")
    # a figure must fit a page: past MANY regions (all of them: 191), the EDGE lowest and the
    # EDGE highest with the number left out between them, unless --top or --all says otherwise
    gap = 0
    if a.top:
        o = o[: a.top]
    elif not a.all and len(o) > MANY_REGIONS:
        gap = len(o) - 2 * EDGE_REGIONS
        o = np.r_[o[:EDGE_REGIONS], o[-EDGE_REGIONS:]]
    v, labels = v[o], [labels[i] for i in o]
    pos = np.arange(len(v)) + (np.arange(len(v)) >= EDGE_REGIONS) * (1 if gap else 0)
    rows = len(v) + (1 if gap else 0)
    fig, ax = plt.subplots(figsize=(3.5, max(1.8, 0.16 * rows + 0.8)))
    colors = [PALETTE[2] if x <= q[0] else PALETTE[1] if x <= q[1] else PALETTE[3] for x in v]
    ax.barh(pos, v, color=colors, height=0.7)
    ticks, names = list(pos), list(labels)
    if gap:
        ticks.insert(EDGE_REGIONS, EDGE_REGIONS)
        names.insert(EDGE_REGIONS, f"({gap} more)")
    ax.set_yticks(ticks, names, fontsize=7 if rows < 30 else 5)
    ax.invert_yaxis()
    ax.set_xlabel(f"{a.reduce} {r.label(a.metric)}")
    ax.grid(axis="y", visible=False)
    if a.log:
        ax.set_xscale("log")
    save(fig, a.output)


# ---- roofline ----------------------------------------------------------------------------------
UNIT = {"": 1, "k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18}


def si(value):
    """'989.4 TFLOP/s' or '3350 GB/s' or {value: ...} -> number (FLOP/s, B/s)."""
    if isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, (int, float)):
        return float(value)
    m = re.match(r"^\s*([0-9.eE+-]+)\s*([kKMGTPE]?)(FLOP/s|OP/s|B/s|b/s)\s*$", str(value))
    if not m:
        return None
    v = float(m.group(1)) * UNIT[m.group(2)]
    return v / 8 if m.group(3) == "b/s" else v


def hardware_registry(configs):
    import yaml
    path = os.path.join(configs, "hardware.yaml")
    try:
        with open(path) as f:
            doc = yaml.safe_load(f)
    except OSError as e:
        raise Bad(f"cannot read {path}: {e}")
    out = {}
    for h in doc.get("hardware", []):
        peaks = {p: si(v) for p, v in (h.get("peak") or {}).items()}
        rec = (h.get("name", h["key"]), {p: v for p, v in peaks.items() if v}, si(h.get("memory_bw")))
        for k in [h["key"]] + list(h.get("aliases") or []):
            out[k] = rec
    return out


def cmd_roofline(a):
    reg = hardware_registry(a.configs)
    hws, precs = list(a.hardware or []), list(a.precision or [])
    if a.file:
        r = Result(a.file, a.partial)
        if not hws and "hardware" in r.names:
            hws = r.values[r.axis("hardware")]
        if not precs and "precision" in r.names:
            precs = r.values[r.axis("precision")]
    if not hws:
        raise Bad("no hardware: give a result file with a hardware axis or --hardware")
    # small multiples: one panel per hardware, the precisions as colours within it
    for h in hws:
        if h not in reg:
            raise Bad(f"hardware '{h}' is not in {a.configs}/hardware.yaml")
    hws = [h for h in hws if reg[h][1] and reg[h][2]]
    if not hws:
        raise Bad("no hardware with both peak FLOP/s and memory bandwidth in the registry")
    all_prec = precs or sorted({p for h in hws for p in reg[h][1]})
    ncol = min(4, len(hws))
    nrow = (len(hws) + ncol - 1) // ncol
    fig, axes = plt.subplots(nrow, ncol, figsize=(1.9 * ncol + 0.4, 1.6 * nrow + 0.6), sharex=True,
                             sharey=True, squeeze=False)
    oi = np.logspace(-1, 4, 400)
    handles = {}
    for n, h in enumerate(hws):
        ax = axes[n // ncol][n % ncol]
        name, peaks, bw = reg[h]
        use = [p for p in all_prec if p in peaks] or [max(peaks, key=peaks.get)]
        for p in use:
            k = all_prec.index(p) if p in all_prec else len(PALETTE) - 1
            col = PALETTE[k % len(PALETTE)]
            # equal roofs (fp8 = int8 on many devices) stay visible through distinct dashes
            (ln,) = ax.plot(oi, np.minimum(peaks[p], oi * bw) / 1e12, color=col,
                            linestyle=["-", "--", ":", "-."][k % 4], linewidth=1.6 - 0.3 * (k % 4))
            ridge = peaks[p] / bw
            ax.plot([ridge], [peaks[p] / 1e12], marker="o", color=col, markersize=3)
            handles.setdefault(p, ln)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(f"{h} ({bw / 1e12:.2g} TB/s)", fontsize=7)
        if n % ncol == 0:
            ax.set_ylabel("TFLOP/s (TOP/s)")
        if n // ncol == nrow - 1:
            ax.set_xlabel("FLOP/B")
    for n in range(len(hws), nrow * ncol):
        axes[n // ncol][n % ncol].set_visible(False)
    # the legend hangs below the panels' x labels (the saved figure's tight box takes it in):
    # above the panels it covered the titles of a one-row figure
    fig.legend(list(handles.values()), list(handles.keys()), loc="upper center",
               ncol=min(len(handles), 6), frameon=False,
               bbox_to_anchor=(0.5, lowest(fig, [ax for row in axes for ax in row])))
    fig.suptitle("attainable performance vs operational intensity (ridge points marked)",
                 fontsize=8, y=1.02)
    save(fig, a.output)


def main(argv=None):
    style()
    ap = argparse.ArgumentParser(prog="plot.py", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(p, file_required=True):
        p.add_argument("file", nargs=None if file_required else "?")
        p.add_argument("-o", "--output", required=True, help="figure file (.png, .pdf, .svg)")
        p.add_argument("--fix", action="append", metavar="AXIS=VALUE", help="keep one value of an axis")
        p.add_argument("--partial", action="store_true", help="accept an incomplete file")

    p = sub.add_parser("pareto", help="scatter of two metrics with the exact frontier highlighted")
    common(p)
    p.add_argument("--x", default="cost_usd")
    p.add_argument("--y", default="carbon_kgco2e")
    p.add_argument("--max-x", action="store_true", help="larger x is better")
    p.add_argument("--max-y", action="store_true", help="larger y is better")
    p.add_argument("--color", help="axis that colours the points")
    p.add_argument("--logx", action="store_true")
    p.add_argument("--logy", action="store_true")
    p.add_argument("--linear", action="store_true", help="no automatic log scales")
    p.add_argument("--max-points", type=int, default=20000, help="points drawn (sampled)")
    p.set_defaults(fn=cmd_pareto)
    p = sub.add_parser("heatmap", help="a metric over two axes, reduced over the others")
    common(p)
    p.add_argument("--metric", required=True)
    p.add_argument("--x", required=True)
    p.add_argument("--y", required=True)
    p.add_argument("--reduce", choices=["min", "max", "mean"], default="min")
    p.add_argument("--log", action="store_true", help="colour by log10 of the value")
    p.set_defaults(fn=cmd_heatmap)
    p = sub.add_parser("region-bars", help="a metric (carbon) per region, sorted bars")
    common(p)
    p.add_argument("--metric", default="carbon_kgco2e")
    p.add_argument("--region-axis", default="region")
    p.add_argument("--reduce", choices=["min", "max", "mean"], default="min")
    p.add_argument("--top", type=int, default=0, help="only the N lowest")
    p.add_argument("--all", action="store_true",
                   help=f"every region (by default past {MANY_REGIONS}: the {EDGE_REGIONS} "
                   "lowest and highest)")
    p.add_argument("--log", action="store_true")
    p.set_defaults(fn=cmd_region_bars)
    p = sub.add_parser("roofline", help="roofline per hardware (memory slope, compute roofs)")
    common(p, file_required=False)
    p.add_argument("--hardware", action="append")
    p.add_argument("--precision", action="append")
    here = os.path.dirname(os.path.abspath(__file__))
    p.add_argument("--configs", default=os.environ.get("MLSWEEP_CONFIG_DIR", os.path.join(here, "..", "configs")))
    p.set_defaults(fn=cmd_roofline)
    try:
        a = ap.parse_args(argv)
    except SystemExit as e:  # argparse's usage errors are bad input: exit 1, as documented
        return 1 if e.code == 2 else e.code
    try:
        a.fn(a)
    except Bad as e:
        print(f"plot.py {a.cmd}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
