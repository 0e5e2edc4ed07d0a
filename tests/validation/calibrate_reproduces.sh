#!/bin/bash
# configs/calibration.yaml is exactly what `mlsweep calibrate` fits on tests/data/dev.csv (the
# command in docs/physics.md), apart from the date and the header comment: the shipped
# constants are reproducible, and the fit is deterministic.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$MLSWEEP_SOURCE_DIR"
"$MLSWEEP" calibrate tests/data/dev.csv --exclude ZeRO-3 --registry tests/data/megatron-gpt.yaml \
    -o "$tmp/cal.yaml" 2>"$tmp/log"
grep -q "ampere: 16 rows" "$tmp/log"
grep -q "hopper: 6 rows" "$tmp/log"
strip() { grep -v -e '^#' -e '^ *date:' "$1"; }
diff <(strip configs/calibration.yaml) <(strip "$tmp/cal.yaml")
# a second fit gives the same file
"$MLSWEEP" calibrate tests/data/dev.csv --exclude ZeRO-3 --registry tests/data/megatron-gpt.yaml \
    -o "$tmp/cal2.yaml" 2>/dev/null
diff <(strip "$tmp/cal.yaml") <(strip "$tmp/cal2.yaml")
