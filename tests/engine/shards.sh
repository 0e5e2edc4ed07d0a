# mlsweep run --shard K --shards N (what mlsweep submit --array runs): shard K holds the K-th
# balanced slice of the outermost axis, with the shard attributes of docs/file-format.md, and
# its tensors equal that slice of the whole job's file.
source "$(dirname "$0")/common.bash"
cd "$T"
OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet "$JOBS/det.yaml" -o whole.h5 >/dev/null
for k in 0 1; do
  OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet --shard $k --shards 2 "$JOBS/det.yaml" -o s$k.h5 >/dev/null
done
$PY - <<'PY'
import h5py, numpy as np
w = h5py.File("whole.h5", "r")
start = 0
for k, n in ((0, 2), (1, 1)):  # 3 models into 2 shards: the first one gets the extra value
    s = h5py.File("s%d.h5" % k, "r")
    a = s.attrs
    assert (a["shard"], a["shards"], a["shard_axis"]) == (k, 2, "model"), dict(a)
    assert (a["shard_start"], a["shard_count"]) == (start, n), dict(a)
    assert a["complete"] == 1 and a["job_text"] == w.attrs["job_text"]
    assert a["points"] == w.attrs["points"] // 3 * n
    assert list(s["axes/model"][...]) == list(w["axes/model"][start:start + n])
    for d in ["status", "bottleneck"] + ["metrics/" + m for m in w["metrics"]]:
        assert np.array_equal(s[d][...], w[d][start:start + n], equal_nan=True), d
    start += n
assert "shard" not in w.attrs
print("shards ok")
PY
# a shard file is only resumed as the same shard
rc=0; "$MLSWEEP" run --resume --shard 0 --shards 2 "$JOBS/det.yaml" -o s1.h5 2>err.txt || rc=$?
[ $rc = 1 ] && grep -q "shard" err.txt || fail "resuming shard 1 as shard 0: rc $rc $(cat err.txt)"
rc=0; "$MLSWEEP" run --shard 3 --shards 2 "$JOBS/det.yaml" -o x.h5 2>err.txt || rc=$?
[ $rc = 1 ] && grep -q "does not exist" err.txt || fail "shard 3 of 2: rc $rc"
echo PASS
