#!/usr/bin/env bash
# Bulk reads that never return (a stalled file system, or a chunk index HDF5 loops on): pareto,
# table and merge read a result file's tensors a bounded block at a time, each under the
# watchdog (engine/watchdog.h), so each of them exits 2 with a one-line message naming the file
# instead of hanging, and merge leaves no file claiming to be complete. The shim
# (stall_read.c, LD_PRELOAD) makes every read of at least MS_STALL_READ_BYTES bytes block
# forever: the result files here have chunks of 40000 float32 points (160 kB) and metadata in
# reads of a few kB, so the stall hits the data and not the header.
source "$(dirname "$0")/common.bash"
: "${MS_STALL_LIB:?run through ctest (the LD_PRELOAD shim)}"
small_job j.yaml none 40000
"$MLSWEEP" run --quiet j.yaml -o r.h5 >/dev/null
"$MLSWEEP" run --quiet j.yaml --shard 0 --shards 2 -o s0.h5 >/dev/null
"$MLSWEEP" run --quiet j.yaml --shard 1 --shards 2 -o s1.h5 >/dev/null
# the shim goes before the sanitizers' runtime in CI's AddressSanitizer pass
asan=${ASAN_OPTIONS:+$ASAN_OPTIONS:verify_asan_link_order=0}
stalled=(env MLSWEEP_READ_TIMEOUT_S=2 MS_STALL_READ_BYTES=100000 LD_PRELOAD="$MS_STALL_LIB"
  ${asan:+ASAN_OPTIONS=$asan})
why="took over 2 s: the file is damaged (HDF5 loops on it) or its file system stalls"

# the shim is inert below its size: every command works through it on reads of the metadata
"${stalled[@]}" "$MLSWEEP" status r.h5 >/dev/null || fail "status through the shim"
expect 2 "mlsweep: reading 'r.h5' (a block of its data) $why" "${stalled[@]}" \
  "$MLSWEEP" table r.h5 --rows model --cols hardware --metric cost_usd --reduce min
expect 2 "mlsweep: reading 'r.h5' (a block of its data) $why" "${stalled[@]}" \
  "$MLSWEEP" pareto r.h5 --min cost_usd --min carbon_kgco2e --where "status==ok"
expect 2 "mlsweep merge: reading 's0.h5' (a block of its data) $why" "${stalled[@]}" \
  "$MLSWEEP" merge s0.h5 s1.h5 -o m.h5
not_complete m.h5
# unstalled, the same merge completes over what the stalled one left behind
"$MLSWEEP" merge s0.h5 s1.h5 -o m.h5 2>/dev/null || fail "merge after a stalled merge"
same_tensors r.h5 m.h5
echo "PASS bulk_stall"
