# A compressed file of 10368 chunks (1 rank; 1728 chunks on 2 ranks, where every chunk is a
# collective round) equals the uncompressed one.
source "$(dirname "$0")/common.bash"
cd "$T"
grep -q 'region: \[us, france' "$JOBS/many.yaml"
sed 's/compression: deflate/compression: none/; /level: 1/d' "$JOBS/many.yaml" > many-none.yaml
OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet many-none.yaml -o none.h5 >/dev/null
OMP_NUM_THREADS=1 "$MLSWEEP" run --quiet "$JOBS/many.yaml" -o z1.h5 >/dev/null
sed 's/chunk_points: 3/chunk_points: 16/' "$JOBS/many.yaml" > many16.yaml
OMP_NUM_THREADS=1 mpirun_n 2 "$MLSWEEP" run --quiet many16.yaml -o z2.h5 >/dev/null
same_tensors none.h5 z1.h5
for d in /metrics /status /bottleneck; do
  h5diff none.h5 z2.h5 $d $d >/dev/null || fail "2-rank file differs in $d"
done
[ "$(attr z2.h5 complete)" = 1 ] || fail "z2.h5 not complete"
echo PASS
