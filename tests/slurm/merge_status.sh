#!/usr/bin/env bash
# mlsweep merge and mlsweep status on files laid out as docs/file-format.md says (written by
# mkresult.py with values that are a function of the global coordinates, as the engine's are):
# shards merged in any order equal the single run; every bad set of shards is refused with its
# reason; status counts chunks and points exactly, also beside a writer holding the file open.
set -euo pipefail
: "${MLSWEEP:?}"
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
W=$(mktemp -d "${TMPDIR:-/tmp}/ms-merge.XXXXXX")
writer=""
cleanup() { [ -n "$writer" ] && kill "$writer" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
cd "$W"
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
# expect RC PATTERN CMD...: exit code RC and PATTERN in stdout+stderr
expect() {
  local rc=$1 pat=$2; shift 2
  local out got=0
  out=$("$@" 2>&1) || got=$?
  if [ "$got" = "$rc" ] && grep -qE -- "$pat" <<<"$out"; then ok "$* -> $rc"
  else bad "$* -> $got (want $rc /$pat/): $out"; fi
}
RUNSPEC=start_time,end_time,points_per_s

# (16, 64, 512): single-run chunks are (8, 64, 512), 2 chunks; 3 shards of 6, 5, 5 rows, so the
# second output chunk (rows 8..15) gathers rows from shards 1 and 2.
$PY "$HERE/mkresult.py" full.h5
for k in 0 1 2; do $PY "$HERE/mkresult.py" s$k.h5 --shard $k --shards 3; done
# both output chunks span two shards: every chunk of the 5 tensors is read and written anew
expect 0 "3 shards -> merged.h5 \(0 of 10 chunks copied as stored\)" "$MLSWEEP" merge s2.h5 s0.h5 s1.h5 -o merged.h5
expect 0 "^0 differences" $PY "$HERE/cmpresult.py" full.h5 merged.h5 --ignore $RUNSPEC
for d in /metrics/throughput_tok_s /metrics/cost_usd /metrics/energy_j /status /bottleneck; do
  expect 0 "" h5diff full.h5 merged.h5 $d
done
# the run-specific attributes: earliest start, latest end, points over summed compute time
expect 0 "^ok$" $PY -c "
import h5py
a = h5py.File('merged.h5', 'r').attrs
assert a['start_time'] == '2026-12-01T08:00:00Z' and a['end_time'] == '2026-12-01T08:12:00Z'
# shard k ran at (k+1)*1e6 points/s on 6*32768, 5*32768, 5*32768 points
t = 6 * 32768 / 1e6 + 5 * 32768 / 2e6 + 5 * 32768 / 3e6
assert abs(a['points_per_s'] - 16 * 32768 / t) < 1e-6 * a['points_per_s'], a['points_per_s']
assert 'shard' not in a and 'shard_axis' not in a and a['complete'] == 1
print('ok')"
# a split where the middle axis is chunked (10, 300, 1000): 20 chunks, 4 shards of 3, 3, 2, 2
$PY "$HERE/mkresult.py" big.h5 --shape 10,300,1000
for k in 0 1 2 3; do $PY "$HERE/mkresult.py" b$k.h5 --shape 10,300,1000 --shard $k --shards 4; done
# every output chunk lies in one shard, chunked alike: all copied as the shards stored them
expect 0 "4 shards -> bigm.h5 \(100 of 100 chunks copied as stored\)" "$MLSWEEP" merge b0.h5 b1.h5 b2.h5 b3.h5 -o bigm.h5
expect 0 "^0 differences" $PY "$HERE/cmpresult.py" big.h5 bigm.h5 --ignore $RUNSPEC
expect 0 "chunks +20 / 20 done" "$MLSWEEP" status bigm.h5

# chunks of 8 rows over shards of 14, 13, 13: rows 0-7 lie in shard 0 on its own chunk grid
# (copied as stored); 8-15 and 24-31 span two shards; 16-23 and 32-39 lie in shards 1 and 2 but
# off their chunk grids (rows 2-9 and 5-12 of them): those four are read and written anew
$PY "$HERE/mkresult.py" al.h5 --shape 40,64,512
for k in 0 1 2; do $PY "$HERE/mkresult.py" al$k.h5 --shape 40,64,512 --shard $k --shards 3; done
expect 0 "3 shards -> alm.h5 \(5 of 25 chunks copied as stored\)" "$MLSWEEP" merge al0.h5 al1.h5 al2.h5 -o alm.h5
expect 0 "^0 differences" $PY "$HERE/cmpresult.py" al.h5 alm.h5 --ignore $RUNSPEC

# the job's own output.chunk_points sets the single run's chunks: with 10^6 the whole (16, 64, 512)
# grid is one chunk, although each shard alone (6 or 5 rows) cannot tell
$PY "$HERE/mkresult.py" cp.h5 --chunk-points 1000000
for k in 0 1 2; do $PY "$HERE/mkresult.py" cp$k.h5 --chunk-points 1000000 --shard $k --shards 3; done
expect 0 "3 shards -> cpm.h5 \(0 of 5 chunks" "$MLSWEEP" merge cp0.h5 cp1.h5 cp2.h5 -o cpm.h5
expect 0 "^0 differences" $PY "$HERE/cmpresult.py" cp.h5 cpm.h5 --ignore $RUNSPEC
expect 0 "chunks +1 / 1 done" "$MLSWEEP" status cpm.h5

# refusals, each with its reason (exit 1) or an I/O failure (exit 2); no output is left behind
$PY "$HERE/mkresult.py" part1.h5 --shard 1 --shards 3 --done 0
$PY "$HERE/mkresult.py" other1.h5 --shard 1 --shards 3 --job-text "name: other"
$PY "$HERE/mkresult.py" four1.h5 --shard 1 --shards 4
echo "not hdf5" > junk.h5
expect 1 "missing shards \(of 3\): 1$" "$MLSWEEP" merge s0.h5 s2.h5 -o x.h5
expect 1 "hold the same shard" "$MLSWEEP" merge s0.h5 s1.h5 s1.h5 s2.h5 -o x.h5
expect 1 "full.h5 is not a shard file" "$MLSWEEP" merge s0.h5 s1.h5 s2.h5 full.h5 -o x.h5
expect 1 "part1.h5 is not complete \(shard 1 of 3, 0/1 chunks done\)" "$MLSWEEP" merge s0.h5 part1.h5 s2.h5 -o x.h5
expect 1 "other1.h5 comes from a different job" "$MLSWEEP" merge s0.h5 other1.h5 s2.h5 -o x.h5
expect 1 "different number of shards" "$MLSWEEP" merge s0.h5 four1.h5 s2.h5 -o x.h5
cp s1.h5 build1.h5
$PY -c "
import h5py
with h5py.File('build1.h5', 'r+') as f: f.attrs['git_commit'] = 'feedc0ffee00'"
expect 1 "build1.h5 was computed by another build of mlsweep than s0.h5 \(git feedc0ffee00 and git 0123456789ab\)" \
  "$MLSWEEP" merge s0.h5 build1.h5 s2.h5 -o x.h5
# the same job, but one shard's copy of an inner axis (the 2nd) holds other values
cp s1.h5 ax1.h5
$PY -c "
import h5py
f = h5py.File('ax1.h5', 'r+')
d = f['axes/' + f.attrs['axes'].split(',')[1]]
d[0] = d[1]"
expect 1 "ax1.h5: axis /axes/[a-z_]+ differs from the first shard's" "$MLSWEEP" merge s0.h5 ax1.h5 s2.h5 -o x.h5
expect 1 "is also an input" "$MLSWEEP" merge s0.h5 s1.h5 s2.h5 -o s1.h5
expect 1 "junk.h5: not an HDF5 file" "$MLSWEEP" merge s0.h5 junk.h5 -o x.h5
expect 1 "no output file" "$MLSWEEP" merge s0.h5
expect 1 "no shard files" "$MLSWEEP" merge -o x.h5
expect 1 "did you mean '--output'" "$MLSWEEP" merge --outpt x.h5 s0.h5
expect 2 "cannot create" "$MLSWEEP" merge s0.h5 s1.h5 s2.h5 -o "$W/nodir/x.h5"
if ls x.h5* nodir 2>/dev/null; then bad "a refused merge left files"; else ok "refused merges left no files"; fi

# status: complete file (exit 0), a stopped one with 1 of 2 chunks (8*64*512 points) done
# (exit 4), a shard, several files at once, JSON, and bad files
expect 0 "chunks +2 / 2 done \(100.0 %\)" "$MLSWEEP" status merged.h5
expect 0 "complete +yes \(408536 feasible points\)" "$MLSWEEP" status merged.h5
$PY "$HERE/mkresult.py" half.h5 --done 1
expect 4 "points +262144 / 524288 done \(50.0 %\)" "$MLSWEEP" status half.h5
expect 4 "complete +no .*--resume -o half.h5" "$MLSWEEP" status half.h5
expect 0 "shard +1 of 3: model\[6\.\.11\)" "$MLSWEEP" status s1.h5
expect 4 "chunks +0 / 1 done" "$MLSWEEP" status s0.h5 part1.h5
expect 0 "^ok$" $PY -c "
import json, subprocess
r = subprocess.run(['$MLSWEEP', 'status', '--format', 'json', 'half.h5', 's2.h5'], capture_output=True, text=True)
assert r.returncode == 4, r.returncode
a, b = json.loads(r.stdout)
assert (a['chunks_done'], a['chunks'], a['points_done'], a['points'], a['complete']) == (1, 2, 262144, 524288, False), a
assert (b['shard'], b['shards'], b['shard_start'], b['shard_count'], b['complete']) == (2, 3, 11, 5, True), b
print('ok')"
expect 1 "nosuch.h5: No such file" "$MLSWEEP" status nosuch.h5
expect 1 "junk.h5: not an HDF5 file" "$MLSWEEP" status junk.h5
expect 1 "not a mlsweep result file" "$MLSWEEP" status "$(h5f=$W/plain.h5; $PY -c "import h5py; h5py.File('$h5f','w')"; echo "$h5f")"
expect 1 "no result file given" "$MLSWEEP" status
expect 1 "unknown format 'xml'" "$MLSWEEP" status --format xml merged.h5
# bad input outranks incomplete: exit 1 with the good file still reported
expect 1 "chunks +1 / 2" "$MLSWEEP" status half.h5 nosuch.h5

# beside a writer that holds the file open for writing (HDF5 takes a lock): status still reads
# the last flushed state
$PY -c "
import h5py, time, sys
f = h5py.File('half.h5', 'r+')
f['progress/done'][1] = 1
f.flush()
open('ready', 'w').close()
time.sleep(60)" &
writer=$!
for i in $(seq 100); do [ -e ready ] && break; sleep 0.1; done
expect 4 "chunks +2 / 2 done" "$MLSWEEP" status half.h5 # complete is still 0: exit 4
kill "$writer"; wait "$writer" 2>/dev/null || true; writer=""

echo "$fails failures"
[ "$fails" -eq 0 ]
