# Output paths that cannot hold a result: a directory, a path under a regular file, a device,
# a read-only mount, a disk that is full from the start or fills up mid-run. Each ends with
# exit 2 and a one-line message, no crash (HDF5 1.10 crashed in MPI_Finalize after a failed
# close), no file claiming to be complete, and a full-disk file that --resume either completes
# into the same tensors as an uninterrupted run or refuses as damaged.
source "$(dirname "$0")/common.bash"
small_job j.yaml none
small_job jz.yaml deflate
"$MLSWEEP" run --quiet j.yaml -o ref.h5 >/dev/null
"$MLSWEEP" run --quiet jz.yaml -o refz.h5 >/dev/null

mkdir adir
expect 2 "cannot create 'adir': it exists and is not a regular file" "$MLSWEEP" run --quiet j.yaml -o adir
echo text > plain
expect 2 "cannot create.*'plain/x.h5" "$MLSWEEP" run --quiet j.yaml -o plain/x.h5
expect 2 "cannot create '/dev/null': it exists and is not a regular file" \
  "$MLSWEEP" run --quiet j.yaml -o /dev/null
# no journal (FILE.journal) may survive a file that was never made: a later --resume would take
# it for an interrupted run of this job and "recover" the directory or the device
[ ! -e adir.journal ] && [ ! -e /dev/null.journal ] || fail "a failed create left its journal"
expect 2 "cannot open '/dev/null' to resume" "$MLSWEEP" run --quiet --resume j.yaml -o /dev/null
expect 2 "cannot open 'adir' to resume" "$MLSWEEP" run --quiet --resume j.yaml -o adir

# root ignores permissions: a read-only bind mount is what really refuses the write
mkdir rw ro
if mount --bind rw ro 2>/dev/null && MOUNTS+=("$T/ro") && mount -o remount,bind,ro ro 2>/dev/null; then
  expect 2 "cannot create.*'ro/x.h5" "$MLSWEEP" run --quiet j.yaml -o ro/x.h5
  cp ref.h5 rw/partial.h5
  $PY -c "import h5py; f=h5py.File('rw/partial.h5','r+'); f.attrs['complete']=0; f['progress/done'][-1]=0"
  # resuming a file on a read-only mount: the check passes, the parallel open is refused
  expect 2 "cannot open 'ro/partial.h5'" "$MLSWEEP" run --quiet --resume j.yaml -o ro/partial.h5
  not_complete rw/partial.h5
else
  echo "SKIP read-only output: bind mounts not permitted here"
fi

# a full disk: small tmpfs mounts. The uncompressed file fails when the ranks open it (HDF5
# allocates the datasets), the compressed ones mid-run, at a few sizes so that the failure
# lands in different chunks. With space again, --resume either completes the file into the
# reference's tensors, or refuses it (exit 2: "damaged by a failed write", the failed flush
# left chunk space overlapping; or "not a readable HDF5 file", the disk filled up before the
# file's first close), or fails writing it: never a complete file that differs.
small_job jzs.yaml deflate 500
sed -i 's/  region: all/  region: [us, france, norway, germany, poland, sweden, canada]/' jzs.yaml
"$MLSWEEP" run --quiet jzs.yaml -o refzs.h5 >/dev/null
mkdir full
if mount -t tmpfs -o size=1m tmpfs full 2>/dev/null; then
  umount full
  outcomes=""
  for case in j:1m jzs:128k jzs:160k; do
    j=${case%%:*} size=${case##*:}
    mount -t tmpfs -o size=$size tmpfs full
    MOUNTS+=("$T/full")
    expect 2 "disk full?" "$MLSWEEP" run --quiet --commit-interval 0 $j.yaml -o full/r.h5
    not_complete full/r.h5
    cp full/r.h5 "$j-$size.h5"
    umount full
    rc=0
    timeout 60 "$MLSWEEP" run --quiet --resume $j.yaml -o "$j-$size.h5" >/dev/null 2>err.txt || rc=$?
    ref=ref${j#j}.h5
    if [ $rc = 0 ]; then
      same_tensors "$ref" "$j-$size.h5"
      [ "$(attr "$j-$size.h5" complete)" = 1 ] || fail "$j-$size.h5 resumed but not complete"
      outcomes="$outcomes $case:resumed"
    elif [ $rc = 2 ] && grep -q "damaged by a failed write" err.txt; then
      not_complete "$j-$size.h5"
      outcomes="$outcomes $case:refused-damaged"
    elif [ $rc = 2 ] && grep -q "not a readable HDF5 file" err.txt; then
      not_complete "$j-$size.h5" # the disk filled up before the file's first close
      outcomes="$outcomes $case:refused-unreadable"
    elif [ $rc = 2 ] && grep -q "rerun with --resume" err.txt; then
      not_complete "$j-$size.h5"
      outcomes="$outcomes $case:resume-failed-writing"
    else
      fail "resume after a full disk ($case): exit $rc: $(cat err.txt)"
    fi
  done
  echo "full disk, then --resume:$outcomes"
else
  echo "SKIP full disk: mounting a tmpfs is not permitted here"
fi
echo PASS
