# The same job gives bit-identical metric, status and bottleneck tensors for 1, 2 and 4 ranks
# (4 oversubscribed on 2 cores) and 1 or 2 threads, compressed (collective writes) or not, with
# chunks dealt from the shared counter (ranks on one node) or by the static split (across nodes).
source "$(dirname "$0")/common.bash"
cd "$T"
sed 's/compression: deflate/compression: none/; /level: 1/d' "$JOBS/det.yaml" > det-none.yaml
OMP_NUM_THREADS=1 "$MLSWEEP" run --quiet "$JOBS/det.yaml" -o r1t1.h5 >/dev/null
OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet "$JOBS/det.yaml" -o r1t2.h5 >/dev/null
OMP_NUM_THREADS=1 mpirun_n 2 "$MLSWEEP" run --quiet "$JOBS/det.yaml" -o r2t1.h5 >/dev/null
OMP_NUM_THREADS=2 mpirun_n 2 "$MLSWEEP" run --quiet "$JOBS/det.yaml" -o r2t2.h5 >/dev/null
OMP_NUM_THREADS=1 mpirun_n 4 "$MLSWEEP" run --quiet "$JOBS/det.yaml" -o r4t1.h5 >/dev/null
OMP_NUM_THREADS=1 "$MLSWEEP" run --quiet det-none.yaml -o n1.h5 >/dev/null
OMP_NUM_THREADS=1 mpirun_n 4 "$MLSWEEP" run --quiet det-none.yaml -o n4.h5 >/dev/null
OMP_NUM_THREADS=1 MLSWEEP_PROFILE=1 mpirun_n 3 "$MLSWEEP" run --quiet "$JOBS/det.yaml" -o r3.h5 \
  2>r3.err >/dev/null
grep -q "chunks dealt from a shared counter" r3.err || fail "ranks on one node: not the shared counter"
OMP_NUM_THREADS=1 MLSWEEP_PROFILE=1 MLSWEEP_TEST_STATIC_DEAL=1 mpirun_n 3 "$MLSWEEP" run --quiet \
  "$JOBS/det.yaml" -o s3.h5 2>s3.err >/dev/null
grep -q "chunks dealt statically" s3.err || fail "MLSWEEP_TEST_STATIC_DEAL: not the static split"
for f in r1t2 r2t1 r2t2 r4t1 n1 n4 r3 s3; do same_tensors r1t1.h5 $f.h5; done
[ "$(attr r4t1.h5 ranks)" = 4 ] || fail "ranks attribute of the 4-rank run"
[ "$(attr r2t2.h5 threads)" = 2 ] || fail "threads attribute of the 2-thread run"
for f in r1t1 r4t1 n4; do [ "$(attr $f.h5 complete)" = 1 ] || fail "$f not complete"; done
# the comparison can fail: another workload gives other tensors
sed 's/utilization: 0.6/utilization: 0.5/' det-none.yaml > other.yaml
OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet other.yaml -o other.h5 >/dev/null
if h5diff other.h5 n1.h5 /metrics /metrics >/dev/null; then fail "h5diff sees no difference"; fi
echo PASS
