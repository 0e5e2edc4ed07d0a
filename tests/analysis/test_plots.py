#!/usr/bin/python3
"""analysis/plot.py renders every kind of figure from a small generated result file, as PNG and
PDF: each image must exist, be non-trivial in size, and (PNG) hold many distinct colours, i.e.
not be blank. Bad input must exit 1 with a one-line message."""
import contextlib
import io
import os
import subprocess
import sys

import matplotlib.image
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_fixture  # noqa: E402

SRC = os.environ.get("MLSWEEP_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
PLOT = os.path.join(SRC, "analysis", "plot.py")
DIR = os.environ.get("MS_FIXTURE_DIR", ".")
FAILS = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILS.append(what)


sys.path.insert(0, os.path.join(SRC, "analysis"))
import plot as plotmod  # noqa: E402


def plot(*args):
    """In-process (matplotlib starts once); stderr captured."""
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        try:
            rc = plotmod.main(list(args))
        except SystemExit as e:
            rc = e.code
    return rc, buf.getvalue()


def colours(png):
    img = matplotlib.image.imread(png)
    flat = (img[..., :3] * 255).astype(np.uint8).reshape(-1, 3)
    return len(np.unique(flat, axis=0)), flat.shape[0]


def render(args):
    """Run plot.py in-process with save() capturing the figure instead of writing it; the figure,
    or None if the command failed."""
    figs, real = [], plotmod.save
    plotmod.save = lambda fig, out: figs.append(fig)
    try:
        rc, _ = plot(*args, "-o", os.path.join(DIR, "x.png"))
    finally:
        plotmod.save = real
    return figs[0] if rc == 0 and figs else None


def legends_clear(args):
    """Do the figure's legends stay off every panel (its ticks, labels and title included), as a
    paper figure needs?"""
    fig = render(args)
    if fig is None:
        return False
    r = fig.canvas.get_renderer()
    legs = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    panels = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        own = ax.get_legend()
        if own:
            own.set_visible(False)  # the panel without its own legend
        panels.append(ax.get_tightbbox(r))
        if own:
            own.set_visible(True)
    clear = bool(legs) and not any(lg.get_window_extent(r).overlaps(b) for lg in legs for b in panels)
    plotmod.plt.close(fig)
    return clear


def cloud_interleaved(args):
    """Are a pareto figure's groups drawn in interleaved layers (the first group still drawn after
    the last one started), so that no group covers the others?"""
    fig = render(args)
    if fig is None:
        return False
    cloud = [tuple(col.get_facecolor()[0][:3]) for col in fig.axes[0].collections
             if col.get_alpha() == 0.35 and len(col.get_offsets())]
    plotmod.plt.close(fig)
    if len(set(cloud)) < 2:
        return False
    first, last = cloud[0], cloud[-1]
    return max(i for i, c in enumerate(cloud) if c == first) > cloud.index(last)


def bar_labels(args):
    """A region-bars figure's y tick labels, top to bottom."""
    fig = render(args)
    if fig is None:
        return []
    ax = fig.axes[0]
    ticks = sorted(zip(ax.get_yticks(), [t.get_text() for t in ax.get_yticklabels()]))
    plotmod.plt.close(fig)
    return [t for _, t in ticks]


def main():
    f = make_fixture.make(os.path.join(DIR, "plots-small.h5"), "small")
    part = make_fixture.make(os.path.join(DIR, "plots-partial.h5"), "small", complete=False)
    cases = {
        "pareto": ["pareto", f, "--x", "cost_usd", "--y", "carbon_kgco2e", "--color", "hardware"],
        "pareto-max": ["pareto", f, "--x", "cost_usd", "--y", "output_tokens_per_s", "--max-y",
                       "--color", "model", "--fix", "precision=fp8"],
        "heatmap": ["heatmap", f, "--metric", "cost_usd", "--x", "region", "--y", "hardware"],
        "heatmap-fixed": ["heatmap", f, "--metric", "ttft_s", "--x", "batch", "--y", "tp",
                          "--reduce", "mean", "--fix", "model=llama31-70b", "--log"],
        "region-bars": ["region-bars", f, "--metric", "carbon_kgco2e"],
        "roofline": ["roofline", f],
    }
    for name, args in cases.items():
        for ext in ("png", "pdf"):
            out = os.path.join(DIR, f"plot-{name}.{ext}")
            if os.path.exists(out):
                os.remove(out)
            rc, err = plot(*args, "-o", out)
            size = os.path.getsize(out) if os.path.exists(out) else 0
            check(rc == 0 and size > 8000, f"{name}.{ext}: exit {rc}, {size} bytes")
            if ext == "png" and size:
                n, px = colours(out)
                check(n >= 20 and px > 300 * 300, f"{name}.png: {n} distinct colours, {px} pixels")
            if ext == "pdf" and size:
                with open(out, "rb") as fh:
                    check(fh.read(5) == b"%PDF-", f"{name}.pdf is a PDF")
    # legends below the panels, not over the points, the labels or the panel titles
    for name in ("pareto", "pareto-max", "roofline"):
        check(legends_clear(cases[name]), f"{name}: the legend covers no panel")
    check(legends_clear(["roofline", "--hardware", "h100-sxm"]), "one-panel roofline: legend clear")
    check(cloud_interleaved(cases["pareto"]), "pareto: the groups' points drawn interleaved")
    # region-bars of many regions (64): the 15 lowest and 15 highest with the count left out
    # between them, all 64 with --all, the 5 lowest with --top 5; sorted by the value
    big = make_fixture.make(os.path.join(DIR, "plots-large.h5"), "large")
    lab = bar_labels(["region-bars", big, "--metric", "carbon_kgco2e"])
    check(len(lab) == 31 and lab[15] == "(34 more)", f"region-bars of 64 regions: {lab[14:17]}")
    every = bar_labels(["region-bars", big, "--metric", "carbon_kgco2e", "--all"])
    check(len(every) == 64 and lab[:15] == every[:15] and lab[16:] == every[-15:],
          "region-bars --all: every region, the same order")
    check(bar_labels(["region-bars", big, "--metric", "carbon_kgco2e", "--top", "5"]) == every[:5],
          "region-bars --top 5: the 5 lowest")
    os.remove(big)
    # the frontier drawn is the exact one: its size is in the legend
    for args, frag in [
        (["pareto", f, "--x", "cost_us", "-o", os.path.join(DIR, "x.png")], "not a metric"),
        (["heatmap", f, "--metric", "cost_usd", "--x", "regio", "--y", "tp", "-o", os.path.join(DIR, "x.png")], "not an axis"),
        (["heatmap", f, "--metric", "cost_usd", "--x", "tp", "--y", "tp", "-o", os.path.join(DIR, "x.png")], "same axis"),
        (["region-bars", f, "--fix", "tp=3", "-o", os.path.join(DIR, "x.png")], "not a value of axis 'tp'"),
        (["pareto", f, "-o", os.path.join(DIR, "x.jpg2")], ".png, .pdf or .svg"),
        (["pareto", part, "-o", os.path.join(DIR, "x.png")], "not complete"),
        (["pareto", __file__, "-o", os.path.join(DIR, "x.png")], "cannot open"),
        (["roofline", "--hardware", "h100-sxn", "-o", os.path.join(DIR, "x.png")], "not in"),
    ]:
        rc, err = plot(*args)
        check(rc == 1 and frag in err and err.strip().count("\n") == 0, f"{args[0]} error exit 1: '{frag}'")
    rc, err = plot("pareto", part, "--partial", "-o", os.path.join(DIR, "plot-partial.png"))
    check(rc == 0, "--partial plots an incomplete file")
    # the command line itself (shebang, Agg backend, exit code)
    out = os.path.join(DIR, "plot-cli.png")
    p = subprocess.run([PLOT, "region-bars", f, "--top", "3", "-o", out], capture_output=True, text=True)
    check(p.returncode == 0 and os.path.getsize(out) > 8000, "analysis/plot.py runs as a command")
    p = subprocess.run([PLOT, "heatmap", f, "-o", out], capture_output=True, text=True)
    check(p.returncode == 1 and "--metric" in p.stderr, "missing options: usage error, exit 1")
    print(f"{len(FAILS)} failed")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
