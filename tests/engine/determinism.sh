# The same job gives bit-identical metric, status and bottleneck tensors for 1, 2 and 4 ranks
# (4 oversubscribed on 2 cores) and 1 or 2 threads, compressed (collective writes) or not, with
# chunks dealt from the shared counter of one node, from one counter per node over each node's
# static share (MLSWEEP_TEST_NODES pretends ranks r % N share a node: 4 ranks on 2 nodes of 2, 3 on
# nodes of 2 and 1), or by the static split of every chunk over the ranks.
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
OMP_NUM_THREADS=1 MLSWEEP_PROFILE=1 MLSWEEP_TEST_NODES=2 mpirun_n 4 "$MLSWEEP" run \
  "$JOBS/det.yaml" -o p4.h5 2>p4.err >/dev/null
grep -q "chunks dealt from a shared counter on each of 2 nodes" p4.err || fail "4 ranks, 2 nodes"
OMP_NUM_THREADS=1 MLSWEEP_PROFILE=1 MLSWEEP_TEST_NODES=2 mpirun_n 3 "$MLSWEEP" run \
  "$JOBS/det.yaml" -o p3.h5 2>p3.err >/dev/null
grep -q "chunks dealt from a shared counter on each of 2 nodes" p3.err || fail "3 ranks, 2 nodes"
for f in r1t2 r2t1 r2t2 r4t1 n1 n4 r3 s3 p4 p3; do same_tensors r1t1.h5 $f.h5; done
# every chunk computed once: the ranks together computed as many points as the grid has
for f in p4 p3; do
  n=$(sed -n 's/.*: \([0-9]*\) points (.*), \([0-9]*\) computed now.*/\1 \2/p' $f.err)
  [ -n "$n" ] && [ "${n% *}" = "${n#* }" ] || fail "$f: points computed ($n)"
done
[ "$(attr r4t1.h5 ranks)" = 4 ] || fail "ranks attribute of the 4-rank run"
[ "$(attr r2t2.h5 threads)" = 2 ] || fail "threads attribute of the 2-thread run"
for f in r1t1 r4t1 n4; do [ "$(attr $f.h5 complete)" = 1 ] || fail "$f not complete"; done
# the comparison can fail: another workload gives other tensors
sed 's/utilization: 0.6/utilization: 0.5/' det-none.yaml > other.yaml
OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet other.yaml -o other.h5 >/dev/null
if h5diff other.h5 n1.h5 /metrics /metrics >/dev/null; then fail "h5diff sees no difference"; fi
echo PASS
