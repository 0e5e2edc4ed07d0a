# SIGTERM (SIGINT alike; and SIGUSR1, Slurm's warning signal, through mpiexec to 2 ranks) stop the run after
# the current batch: exit code 4, complete = 0, a consistent done-map, and --resume finishes
# the file into the same tensors as an uninterrupted run.
source "$(dirname "$0")/common.bash"
cd "$T"
# smaller chunks than resume.yaml: with a commit per chunk the run lasts a second or more
sed 's/chunk_points: 4000/chunk_points: 1000/' "$JOBS/resume.yaml" > sig.yaml
OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet sig.yaml -o ref.h5 >/dev/null
# the signalled runs are slowed (2 ms per round, ~2 s in all: the test hook of engine/sweep.c) so
# that a fast machine cannot finish them before the signal
SLOW="env MLSWEEP_TEST_CHUNK_DELAY_US=2000"
# signal the run once its file exists and a few batches are in
signal_soon() {  # pid file signal
  for _ in $(seq 200); do [ -f "$2" ] && break; sleep 0.05; done
  sleep 0.3
  kill -0 "$1" 2>/dev/null || fail "the run ended before the signal could be sent"
  kill "-$3" "$1"
}
check_stopped() {  # file rc
  [ "$2" = 4 ] || fail "exit code $2 after the signal, expected 4"
  $PY - "$1" <<'PY'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
assert f.attrs["complete"] == 0, "a stopped file must not be complete"
done = f["progress/done"][...]
assert 0 < done.sum() < done.size, ("expected a partial run", done.sum(), done.size)
# every chunk marked done has all its points computed; points of chunks not done may be 255
cs = f["progress/done"].attrs["chunk_shape"]
st = f["status"][...]
grid = [(-(-n // c)) for n, c in zip(st.shape, cs)]
for k in np.flatnonzero(done)[:50]:
    idx = np.unravel_index(k, grid)
    sl = tuple(slice(i * c, (i + 1) * c) for i, c in zip(idx, cs))
    assert (st[sl] != 255).all(), ("chunk", k, "marked done but not computed")
assert (st == 255).any(), "unfinished points must read as 255"
print("stopped file ok:", done.sum(), "of", done.size, "chunks done")
PY
}
OMP_NUM_THREADS=1 $SLOW "$MLSWEEP" run --commit-interval 0 sig.yaml -o term.h5 >/dev/null 2>term.txt &
pid=$!
signal_soon $pid term.h5 TERM
rc=0; wait $pid || rc=$?
grep -q "continue with --resume" term.txt || fail "no resume hint: $(cat term.txt)"
check_stopped term.h5 $rc
OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet --resume sig.yaml -o term.h5 >/dev/null
same_tensors ref.h5 term.h5
[ "$(attr term.h5 complete)" = 1 ] || fail "term.h5 not complete after --resume"

# Ctrl-C alike (a background job of a script ignores SIGINT unless job control is on)
set -m
# two threads: the master writes each chunk while the other computes the next (engine/sweep.c)
OMP_NUM_THREADS=2 $SLOW "$MLSWEEP" run --quiet --commit-interval 0 sig.yaml -o int.h5 >/dev/null &
pid=$!
set +m
signal_soon $pid int.h5 INT
rc=0; wait $pid || rc=$?
check_stopped int.h5 $rc

OMP_NUM_THREADS=1 $SLOW "$MPIEXEC" -n 2 --bind-to none "$MLSWEEP" run --quiet --commit-interval 0 \
  sig.yaml -o usr1.h5 >/dev/null 2>/dev/null &
pid=$!
signal_soon $pid usr1.h5 USR1
rc=0; wait $pid || rc=$?
check_stopped usr1.h5 $rc
OMP_NUM_THREADS=1 mpirun_n 2 "$MLSWEEP" run --quiet --resume sig.yaml -o usr1.h5 >/dev/null
same_tensors ref.h5 usr1.h5
echo PASS
