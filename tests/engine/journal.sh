# The journal (FILE.journal) lets --resume recover a result file that an interruption left
# unreadable to HDF5 (a kill -9 inside a metadata flush): with the job's journal the run
# starts over and equals an uninterrupted one; without it (a truncated or foreign file) the
# file is refused. A complete run leaves no journal behind.
source "$(dirname "$0")/common.bash"
cd "$T"
job=$JOBS/long.yaml
OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet "$job" -o ref.h5 >/dev/null
[ ! -e ref.h5.journal ] || fail "a complete run left its journal"
# an interrupted run keeps its journal: kill -9 as soon as the journal exists
OMP_NUM_THREADS=1 "$MLSWEEP" run --quiet "$job" -o part.h5 >/dev/null 2>&1 &
pid=$!
for i in $(seq 1000); do [ -e part.h5.journal ] && break; sleep 0.01; done
kill -9 $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
[ -s part.h5.journal ] || fail "an interrupted run has no journal"
cp part.h5.journal saved.journal
# damage the file the way a kill inside a flush can: HDF5 can no longer open it
head -c 1000 ref.h5 > part.h5
out=$(OMP_NUM_THREADS=2 "$MLSWEEP" run --resume "$job" -o part.h5 2>&1 >/dev/null) ||
  fail "resume of a damaged file with its journal failed: $out"
grep -q "starting it over" <<<"$out" || fail "no message about starting over: $out"
[ "$(attr part.h5 complete)" = 1 ] || fail "not complete after the restart"
same_tensors ref.h5 part.h5
[ ! -e part.h5.journal ] || fail "journal left after completion"
# damaged past the done-map (it reads, /progress/feasible does not): the restart must not keep
# the done-map it read (a CI run once left those chunks unwritten)
cp ref.h5 late.h5
$PY - late.h5 <<'PYEOF'
import h5py, sys
with h5py.File(sys.argv[1], 'r+') as f:
    f.attrs['complete'] = 0
    n = f['progress/feasible'].shape[0]
    del f['progress/feasible']
    f.create_dataset('progress/feasible', data=[b'x'] * n, dtype='S1')
PYEOF
cp saved.journal late.h5.journal
out=$(OMP_NUM_THREADS=2 "$MLSWEEP" run --resume "$job" -o late.h5 2>&1 >/dev/null) ||
  fail "resume of a file damaged past its done-map failed: $out"
grep -q "starting it over" <<<"$out" || fail "no message about starting over: $out"
same_tensors ref.h5 late.h5
# a truncated file without a journal is refused (exit 2), and left as it was
head -c 1000 ref.h5 > cut.h5
set +e
"$MLSWEEP" run --quiet --resume "$job" -o cut.h5 >/dev/null 2>err.txt
rc=$?
set -e
[ $rc = 2 ] || fail "truncated file without journal: exit $rc"
grep -q "not a readable HDF5 file" err.txt || fail "message: $(cat err.txt)"
[ "$(stat -c %s cut.h5)" = 1000 ] || fail "the refused file was changed"
# a journal of another job does not count
head -c 1000 ref.h5 > other.h5
printf 'mlsweep-journal 1\nfingerprint 0123456789abcdef\n' > other.h5.journal
set +e
"$MLSWEEP" run --quiet --resume "$job" -o other.h5 >/dev/null 2>/dev/null
rc=$?
set -e
[ $rc = 2 ] || fail "a foreign journal made a damaged file restart (exit $rc)"
echo PASS
