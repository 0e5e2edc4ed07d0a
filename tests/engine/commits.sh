# A run commits (flushes its data, then the done-map: two fsyncs) once per --commit-interval, not
# once per round after each interval: rank 0's request comes back LAG rounds later, and asking
# again in each of those rounds made ~32 commits out of one (66 in a 5 s run at the default 2 s).
# A 1.0 s run (2000 chunks slowed by the engine's test hook) at 0.25 s commits at most 4 + the
# final one, with one rank or two; --commit-interval 0 still commits every round.
source "$(dirname "$0")/common.bash"
cd "$T"
sed 's/compression: deflate/compression: none/; /level: 1/d; s/^output:/output:\n  chunk_points: 512/' \
  "$JOBS/det.yaml" > many.yaml
commits() { sed -n 's/.*commit [0-9.]* s (\([0-9]*\) commits).*/\1/p' "$1"; }
wall() { sed -n 's/.*total \([0-9.]*\) s.*/\1/p' "$1"; }
for n in 1 2; do
  MLSWEEP_PROFILE=1 MLSWEEP_TEST_CHUNK_DELAY_US=500 OMP_NUM_THREADS=1 mpirun_n $n -x MLSWEEP_PROFILE \
    -x MLSWEEP_TEST_CHUNK_DELAY_US "$MLSWEEP" run --quiet --commit-interval 0.25 many.yaml \
    -o m$n.h5 2>m$n.err >/dev/null || fail "$n ranks: $(cat m$n.err)"
  c=$(commits m$n.err) w=$(wall m$n.err)
  [ -n "$c" ] || fail "no commit count in the profile: $(cat m$n.err)"
  # at most one per interval of the run, and the final one; at least the final one
  awk -v c="$c" -v w="$w" 'BEGIN { exit !(c >= 1 && c <= w / 0.25 + 1) }' ||
    fail "$n rank(s): $c commits in a $w s run at --commit-interval 0.25"
  echo "$n rank(s): $c commits in $w s"
done
same_tensors m1.h5 m2.h5
# every round: 2000-odd commits for 2000-odd chunks (plus the rounds that only wait)
MLSWEEP_PROFILE=1 OMP_NUM_THREADS=1 "$MLSWEEP" run --quiet --commit-interval 0 many.yaml -o z.h5 \
  2>z.err >/dev/null || fail "--commit-interval 0: $(cat z.err)"
chunks=$($PY -c "import h5py; print(h5py.File('z.h5','r')['progress/done'].shape[0])")
[ "$(commits z.err)" -ge "$chunks" ] || fail "--commit-interval 0: $(commits z.err) commits, $chunks chunks"
echo PASS
