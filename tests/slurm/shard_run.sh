#!/usr/bin/env bash
# mlsweep run --shard K --shards N without Slurm: the 4 shards of the Slurm test's job, each run
# on its own (1 or 2 ranks), carry the slice attributes, merge into the single run's file (every
# dataset, and all attributes but the run-specific ones), and a shard resumes only as itself.
set -euo pipefail
: "${MLSWEEP:?}" "${MLSWEEP_SOURCE_DIR:?}"
JOBS=$MLSWEEP_SOURCE_DIR/tests/slurm/jobs
PY=/usr/bin/python3
: "${MPIEXEC:=mpiexec}"
W=$(mktemp -d "${TMPDIR:-/tmp}/ms-shard.XXXXXX")
trap 'rm -rf "$W"' EXIT
cd "$W"
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
expect() {
  local rc=$1 pat=$2; shift 2
  local out got=0
  out=$("$@" 2>&1) || got=$?
  if [ "$got" = "$rc" ] && grep -qE -- "$pat" <<<"$out"; then ok "$* -> $rc"
  else bad "$* -> $got (want $rc /$pat/): $out"; fi
}
# Open MPI keeps allocations until exit that LeakSanitizer reports (dlclose'd components,
# unsymbolized): no leak checks for MPI runs, as in tests/analysis; merge and status are
# leak-checked in merge_status.sh.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
attrs() { $PY -c "
import h5py, sys
a = h5py.File(sys.argv[1], 'r').attrs
print(*[a[k] for k in sys.argv[2:]])" "$@"; }

OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet "$JOBS/small.yaml" -o full.h5 >/dev/null
# hardware has 5 values: shards of 2, 1, 1, 1 starting at 0, 2, 3, 4
want=("0 4 hardware 0 2" "1 4 hardware 2 1" "2 4 hardware 3 1" "3 4 hardware 4 1")
for k in 0 1 2 3; do
  if [ $((k % 2)) = 0 ]; then run=("$MLSWEEP"); else run=("$MPIEXEC" -n 2 --bind-to none "$MLSWEEP"); fi
  OMP_NUM_THREADS=1 "${run[@]}" run --quiet "$JOBS/small.yaml" --shard $k --shards 4 -o s$k.h5 >/dev/null
  got=$(attrs s$k.h5 shard shards shard_axis shard_start shard_count)
  [ "$got" = "${want[$k]}" ] && ok "shard $k attributes: $got" || bad "shard $k attributes: $got, want ${want[$k]}"
  [ "$(attrs s$k.h5 points)" = $((${want[$k]##* } * 3456)) ] && ok "shard $k points" || bad "shard $k points $(attrs s$k.h5 points)"
done
# chunks (1, 2, 2, 4, 9, 2, 8): every one inside a shard, which chunks its slice alike, so the 10
# chunks of each of the 6 tensors are copied as stored, compressed bytes and all
expect 0 "4 shards -> merged.h5 \(60 of 60 chunks copied as stored\)" "$MLSWEEP" merge s3.h5 s2.h5 s1.h5 s0.h5 -o merged.h5
for d in /metrics /status /bottleneck /axes /progress; do
  h5diff full.h5 merged.h5 $d $d >/dev/null && ok "h5diff $d" || bad "merged file differs in $d"
done
expect 0 "^0 differences" $PY "$MLSWEEP_SOURCE_DIR/tests/slurm/cmpresult.py" full.h5 merged.h5 \
  --ignore start_time,end_time,points_per_s,ranks,threads
expect 0 "complete +yes" "$MLSWEEP" status merged.h5

# refusals
expect 1 "go together" "$MLSWEEP" run "$JOBS/small.yaml" --shard 1 -o x.h5
expect 1 "go together" "$MLSWEEP" run "$JOBS/small.yaml" --shards 4 -o x.h5
expect 1 "shard -1 of 4 does not exist" "$MLSWEEP" run "$JOBS/small.yaml" --shard -1 --shards 4 -o x.h5
expect 1 "shards are numbered 0..3" "$MLSWEEP" run "$JOBS/small.yaml" --shard 4 --shards 4 -o x.h5
expect 1 "6 shards but the outermost axis .hardware. has only 5 values" "$MLSWEEP" run "$JOBS/small.yaml" --shard 0 --shards 6 -o x.h5
expect 1 "holds a shard of the job, this run a shard" "$MLSWEEP" run "$JOBS/small.yaml" --shard 2 --shards 4 --resume -o s1.h5
expect 1 "holds a shard of the job, this run the whole job" "$MLSWEEP" run "$JOBS/small.yaml" --resume -o s1.h5
[ ! -e x.h5 ] && ok "no file written by a refused run" || bad "a refused run wrote x.h5"
# a streaming Pareto frontier per shard cannot be combined yet: refused, not dropped
sed 's/^  metrics: \[cost_usd, carbon_kgco2e, ttft_s, tpot_s\]$/&\n  pareto: [{min: cost_usd}, {min: carbon_kgco2e}]/' \
  "$JOBS/small.yaml" > pareto.yaml
grep -q "pareto:" pareto.yaml || bad "could not make the Pareto job"
for k in 0 1; do "$MLSWEEP" run --quiet pareto.yaml --shard $k --shards 2 -o p$k.h5 >/dev/null; done
expect 1 "p0.h5 holds a streaming Pareto frontier" "$MLSWEEP" merge p0.h5 p1.h5 -o pm.h5
[ ! -e pm.h5 ] && [ ! -e pm.h5.partial ] && ok "no output left" || bad "a refused merge left pm.h5"
echo "$fails failures"
[ "$fails" -eq 0 ]
