# Files given to --resume that are not this job's unfinished file: empty, cut at several
# places, garbage, a foreign HDF5 file, an mlsweep file with arrays where scalars belong or a
# longer /progress/feasible (both overflowed buffers: found by fuzz_resume), and a damaged file
# that sends HDF5 into an endless loop (data/hdf5-loop.h5, from fuzz_resume_raw). Each is
# refused (1 = not this job's file, 2 = unreadable) within seconds, and left untouched.
source "$(dirname "$0")/common.bash"
small_job j.yaml none 20000
sed -i 's/  region: all/  region: [us, france]/' j.yaml
"$MLSWEEP" run --quiet j.yaml -o ref.h5 >/dev/null
size=$(stat -c %s ref.h5)
refuse() {  # code pattern file
  cp "$3" try.h5
  expect "$1" "$2" "$MLSWEEP" run --quiet --resume j.yaml -o try.h5
  cmp -s "$3" try.h5 || fail "a refused --resume changed $3"
}
: > empty.h5
refuse 2 "not a readable HDF5 file" empty.h5
for cut in 8 512 4096 $((size / 2)) $((size - 100)); do
  head -c $cut ref.h5 > cut.h5
  rc=0
  timeout 60 "$MLSWEEP" run --quiet --resume j.yaml -o cut.h5 >/dev/null 2>err.txt || rc=$?
  # a file cut inside the data may still open: then the check, the run or the finish fails,
  # or the run rewrites what is missing; whatever happens it never crashes or hangs, and it
  # is complete only if it equals the reference
  [ $rc = 1 ] || [ $rc = 2 ] || [ $rc = 0 ] || fail "cut at $cut: exit $rc: $(cat err.txt)"
  if [ $rc = 0 ]; then same_tensors ref.h5 cut.h5; else not_complete cut.h5; fi
  echo "cut at $cut of $size bytes: exit $rc $(head -c 120 err.txt)"
done
head -c 20000 /dev/urandom > noise.h5
refuse 2 "not a readable HDF5 file" noise.h5
$PY - <<'PY'
import h5py, numpy as np, shutil
with h5py.File("foreign.h5", "w") as f:  # someone else's HDF5 file
    f["data"] = np.arange(10)
    f.attrs["complete"] = 0
# this job's file with array attributes where the reader expects one value
for name, value in [("mlsweep_format_version", np.array([1, 1, 1, 1])),
                    ("complete", np.array([0, 0, 0, 0]))]:
    shutil.copy("ref.h5", "array-%s.h5" % name)
    with h5py.File("array-%s.h5" % name, "r+") as f:
        f.attrs[name] = value
shutil.copy("ref.h5", "array-text.h5")
with h5py.File("array-text.h5", "r+") as f:
    f.attrs["job_text"] = [f.attrs["job_text"]] * 3
# ... and a /progress/feasible longer than the job's chunks
shutil.copy("ref.h5", "long-feasible.h5")
with h5py.File("long-feasible.h5", "r+") as f:
    f.attrs["complete"] = 0
    n = f["progress/feasible"].shape[0]
    del f["progress/feasible"]
    f["progress/feasible"] = np.zeros(n + 1000, dtype="i8")
PY
refuse 1 "is not an mlsweep result file" foreign.h5
refuse 1 "is not an mlsweep result file" array-mlsweep_format_version.h5
refuse 1 "written by a different job" array-text.h5
refuse 1 "has no /progress/feasible of" long-feasible.h5
# an array 'complete' is not 1: the file is resumed, which rewrites nothing and finishes it
cp array-complete.h5 ac.h5
expect 0 "" "$MLSWEEP" run --quiet --resume j.yaml -o ac.h5
# the looping file: the watchdog gives up after MLSWEEP_RESUME_TIMEOUT_S (also on 2 ranks)
MLSWEEP_RESUME_TIMEOUT_S=2 refuse 2 "took over 2 s: the file is damaged" "$HERE/data/hdf5-loop.h5"
cp "$HERE/data/hdf5-loop.h5" loop.h5
rc=0
MLSWEEP_RESUME_TIMEOUT_S=2 timeout 60 "$MPIEXEC" -n 2 --bind-to none "$MLSWEEP" run --quiet --resume \
  j.yaml -o loop.h5 >/dev/null 2>err.txt || rc=$?
[ $rc = 2 ] && grep -q "the file is damaged" err.txt || fail "2 ranks on the looping file: exit $rc"
# ... and every other command that reads result files gives up on it too (exit 2, a message)
for cmd in "pareto loop.h5 --min cost_usd --min ttft_s" "table loop.h5 --rows hardware --metric ttft_s" \
  "status loop.h5" "merge loop.h5 loop.h5 -o merged.h5"; do
  rc=0
  # shellcheck disable=SC2086
  MLSWEEP_READ_TIMEOUT_S=2 timeout 60 "$MLSWEEP" $cmd >/dev/null 2>err.txt || rc=$?
  [ $rc = 2 ] && grep -q "took over 2 s: the file is damaged" err.txt ||
    fail "mlsweep $cmd on the looping file: exit $rc: $(cat err.txt)"
done
[ ! -e merged.h5 ] || fail "merge of a looping file left an output"
# the readers of pareto and table on the same arrays (fuzz_rfile found the stack overflow in
# analysis/rfile.c): an array 'complete' is not complete (exit 1); an unreadable format version
# is taken as absent, and the file (otherwise whole) is read
for cmd in "table --rows hardware --metric ttft_s --reduce min" "pareto --min cost_usd --min ttft_s"; do
  expect 1 "is not complete" "$MLSWEEP" ${cmd%% *} array-complete.h5 ${cmd#* }
  expect 0 "" "$MLSWEEP" ${cmd%% *} array-mlsweep_format_version.h5 ${cmd#* }
done
echo PASS
