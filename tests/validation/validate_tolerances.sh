#!/bin/bash
# Megatron-LM SC'21 Table 1 and Table 2 (PTD-P rows): mean absolute error <= 5%, no row worse
# than 10%; NeMo 24.07 H100 rows: every row within 10%. All rows must be predicted. The ZeRO-3
# rows of Table 2 are printed but not held to a tolerance (docs/validation.md discusses them).
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$MLSWEEP" validate --format csv >"$tmp/v.csv"
cat >"$tmp/check.py" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
def group(name, prefixes, n, mean_tol, max_tol):
    g = [r for r in rows if r["case_id"].startswith(prefixes)]
    if len(g) != n:
        print(f"FAIL {name}: {len(g)} rows, expected {n}")
        return False
    bad = [r for r in g if r["status"] != "predicted"]
    for r in bad:
        print(f"FAIL {r['case_id']}: not predicted: {r['reason']}")
    if bad:
        return False
    errs = [abs(float(r["error_pct"])) for r in g]
    mean, worst = sum(errs) / len(errs), max(errs)
    print(f"{name}: {len(g)} rows, mean |error| {mean:.2f}% (<= {mean_tol}%), "
          f"worst {worst:.2f}% (<= {max_tol}%)")
    ok = mean <= mean_tol
    for r in g:
        if abs(float(r["error_pct"])) > max_tol:
            print(f"FAIL {r['case_id']}: error {r['error_pct']}%")
            ok = False
    return ok
ok = group("Megatron Table 1 + Table 2 PTD-P", ("meg21_t1_", "meg21_t2_PTD-P_"), 16, 5.0, 10.0)
ok &= group("Megatron Table 1", ("meg21_t1_",), 10, 5.0, 10.0)
ok &= group("Megatron Table 2 PTD-P", ("meg21_t2_PTD-P_",), 6, 5.0, 10.0)
ok &= group("NeMo 24.07 H100", ("nemo2407_",), 6, 10.0, 10.0)
for r in rows:
    if r["case_id"].startswith("meg21_t2_ZeRO-3_"):
        print(f"(reported, no tolerance) {r['case_id']}: {r['error_pct']}%")
sys.exit(0 if ok else 1)
PY
/usr/bin/python3 "$tmp/check.py" "$tmp/v.csv"
