# Bad input and foreign files: clear one-line messages and the documented exit codes
# (1 bad input, 2 I/O), never a crash and never a damaged file.
source "$(dirname "$0")/common.bash"
cd "$T"
expect() {  # code pattern command...
  local want=$1 pat=$2; shift 2
  local rc=0
  "$@" >out.txt 2>err.txt || rc=$?
  [ "$rc" = "$want" ] || fail "'$*' exited $rc, expected $want: $(cat err.txt)"
  grep -q -- "$pat" err.txt || fail "'$*': message lacks '$pat': $(cat err.txt)"
  [ "$(wc -l < err.txt)" -le 2 ] || fail "'$*': more than a short message: $(cat err.txt)"
}
cat > bad.yaml <<'Y'
name: bad
mode: serve
axes:
  model: [llama31-8b]
  hardware: [h100-sxm, h100-sxn]
Y
expect 1 "bad.yaml:5: axes: hardware: unknown hardware 'h100-sxn'" "$MLSWEEP" run bad.yaml
[ ! -e bad.h5 ] || fail "a bad job must not create its output"
expect 1 "give one job file" "$MLSWEEP" run a.yaml b.yaml
expect 1 "missing.yaml" "$MLSWEEP" run missing.yaml
expect 1 "unknown option '--resum'" "$MLSWEEP" run "$JOBS/layout.yaml" --resum

# -o overrides output.file; a second --resume of a complete file does nothing
OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet "$JOBS/layout.yaml" -o mine.h5 > out.txt
[ "$(cat out.txt)" = mine.h5 ] && [ -f mine.h5 ] && [ ! -e layout.h5 ] || fail "-o not honoured"
cp mine.h5 before.h5
expect 0 "already complete" "$MLSWEEP" run --resume "$JOBS/layout.yaml" -o mine.h5
cmp -s mine.h5 before.h5 || fail "--resume of a complete file changed it"

# --resume of another job's file is refused (1), and the file is untouched
sed 's/train_tokens: 1e12/train_tokens: 2e12/' "$JOBS/layout.yaml" > other.yaml
expect 1 "written by a different job" "$MLSWEEP" run --resume other.yaml -o mine.h5
cmp -s mine.h5 before.h5 || fail "a refused --resume changed the file"
# ... and a file another build computed (another commit: other physics, perhaps), or one that
# does not say which build computed it
cp before.h5 build.h5
/usr/bin/python3 -c "
import h5py
with h5py.File('build.h5', 'r+') as f: f.attrs['complete'] = 0; f.attrs['git_commit'] = 'feedc0ffee00'"
cp build.h5 build-before.h5
expect 1 "computed by another build of mlsweep (git feedc0ffee00; this one is git " \
  "$MLSWEEP" run --resume "$JOBS/layout.yaml" -o build.h5
cmp -s build.h5 build-before.h5 || fail "a refused --resume changed the file"
/usr/bin/python3 -c "
import h5py
with h5py.File('build.h5', 'r+') as f: del f.attrs['git_commit']"
expect 1 "computed by another build of mlsweep (git ?;" \
  "$MLSWEEP" run --resume "$JOBS/layout.yaml" -o build.h5
# ... and a file that is not a result file at all
echo "not hdf5" > junk.h5
expect 2 "not a readable HDF5 file" "$MLSWEEP" run --resume "$JOBS/layout.yaml" -o junk.h5
# ... and a truncated one
head -c 3000 mine.h5 > cut.h5
expect 2 "truncated or corrupt" "$MLSWEEP" run --resume "$JOBS/layout.yaml" -o cut.h5
# an unwritable output is an I/O error
expect 2 "cannot create" "$MLSWEEP" run "$JOBS/layout.yaml" -o no/such/dir/x.h5
echo PASS
