#!/usr/bin/env bash
# The Slurm test: on a single-node Slurm that it starts itself (slurm/local-up.sh), submit
# through `mlsweep submit` a 2-rank MPI sweep and a 4-shard job array (with its merge job), wait
# for them by polling squeue, and check that both results equal a direct run; then stop a
# running sweep with `scancel --signal=USR1` (the engine checkpoints, exit 4), requeue it with
# `scontrol requeue` and check that the resumed result equals a direct run; and do the same
# through the time-limit path (USR1 to the batch shell: the script requeues itself). Every
# daemon it started is stopped by pid on exit (trap).
# Exit 77 (CTest SKIP_RETURN_CODE) only where Slurm is not installed.
set -euo pipefail
: "${MLSWEEP:?run through ctest}" "${MLSWEEP_SOURCE_DIR:?run through ctest}"
SRC=$MLSWEEP_SOURCE_DIR
JOBS=$SRC/tests/slurm/jobs
PY=/usr/bin/python3
missing=""
for b in sbatch squeue scontrol scancel sinfo srun munge unmunge; do
  command -v "$b" >/dev/null || missing="$missing $b"
done
for b in slurmctld slurmd munged; do
  [ -x "/usr/sbin/$b" ] || command -v "$b" >/dev/null || missing="$missing $b"
done
if [ -n "$missing" ]; then
  echo "SKIP: Slurm is not installed here (missing:$missing); install slurm-wlm and munge" \
       "(bash .ci/deps --test) to run this test"
  exit 77
fi
[ "$(id -u)" -eq 0 ] || { echo "FAIL: the Slurm test starts slurmd and munged: run it as root"; exit 1; }

# Open MPI keeps allocations until exit that LeakSanitizer reports (dlclose'd components,
# unsymbolized): no leak checks here, as in tests/analysis (the jobs inherit this through
# sbatch); merge, status and submit are leak-checked in merge_status.sh and submit_script.sh.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
W=$(mktemp -d /tmp/ms-slurm.XXXXXX) # a short path without spaces: it goes into #SBATCH lines
S=$W/slurm
cleanup() { "$SRC/slurm/local-down.sh" "$S"; rm -rf "$W"; }
trap cleanup EXIT
T0=$(date +%s)
lap() { echo "---- $1 ($(($(date +%s) - T0)) s)"; }
fail() {
  echo "FAIL: $*"
  for f in "$W"/*/*.log; do [ -f "$f" ] && { echo "== $f"; tail -20 "$f"; }; done
  squeue 2>/dev/null || true
  scontrol show job -o 2>/dev/null | grep -oE "^JobId=[^ ]+|JobState=[^ ]+|Reason=[^ ]+|Restarts=[^ ]+|ExitCode=[^ ]+" \
    | paste -sd' ' | sed 's/ JobId=/\nJobId=/g' || true
  tail -25 "$S/log/slurmctld.log" 2>/dev/null || true
  exit 1
}
ok() { echo "ok   $*"; }
"$SRC/slurm/local-up.sh" "$S" || fail "slurm/local-up.sh could not start Slurm"
export SLURM_CONF=$S/slurm.conf
lap "slurm up"

# field F of job J (the first line: an array's tasks each have one)
field() { scontrol show job -o "$1" 2>/dev/null | grep -oE "(^| )$2=[^ ]*" | head -1 | cut -d= -f2; }
states() { scontrol show job -o "$1" 2>/dev/null | grep -oE " JobState=[A-Z_]+" | cut -d= -f2 | sort | uniq -c | tr -s ' ' | tr '\n' ';'; }
# poll squeue (sbatch --wait polls only every 10 s) until job J (all its tasks) left the queue
wait_gone() {
  for _ in $(seq $((${2:-240} * 4))); do
    [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && return 0
    sleep 0.25
  done
  fail "job $1 still queued after ${2:-240} s"
}
# job J has ended: out of the queue, in a final state
finished() {
  [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] &&
    [[ "$(field "$1" JobState)" =~ ^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY)$ ]]
}
# A requeued job is held ~2 min (Reason=BeginTime). Lift the hold only after it is set, and 2 s
# after the requeue: slurmd refuses a launch whose credential is not newer (1 s resolution)
# than the revocation of the requeued run's ("Killing non-startable batch JobId=N: Job
# credential revoked", seen when the hold was lifted 0.2 s after the requeue).
held_or_going() {
  [ "$(field "$1" Restarts)" = 1 ] || return 1
  [ "$(field "$1" Reason)" = BeginTime ] || [[ "$(field "$1" JobState)" =~ ^(RUNNING|COMPLETED)$ ]]
}
start_now() {
  wait_for "job $1 to be requeued and held" 60 held_or_going "$1"
  sleep 2
  [ "$(field "$1" JobState)" = PENDING ] && scontrol update JobId="$1" StartTime=now
  return 0
}
wait_for() { # DESCRIPTION TIMEOUT_S COMMAND...: until COMMAND succeeds
  local what=$1 t=$2; shift 2
  for _ in $(seq $((t * 10))); do "$@" && return 0; sleep 0.1; done
  fail "timed out waiting for $what"
}
same() { # the tensors, axes and done-map of two files are equal
  for d in /metrics /status /bottleneck /axes /progress/done; do
    h5diff "$1" "$2" "$d" "$d" >/dev/null || fail "$1 and $2 differ in $d"
  done
  ok "$(basename "$(dirname "$2")")/$(basename "$2") equals the direct run"
}
attr() { $PY -c "import h5py,sys; print(h5py.File(sys.argv[1],'r').attrs[sys.argv[2]])" "$1" "$2"; }
submit() { (cd "$W" && "$MLSWEEP" submit "$@"); }

# ---- direct runs, the reference ----
mkdir -p "$W/direct" "$W/mpi" "$W/array" "$W/stop" "$W/limit"
OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet "$JOBS/small.yaml" -o "$W/direct/small.h5" >/dev/null
OMP_NUM_THREADS=2 "$MLSWEEP" run --quiet "$JOBS/slow.yaml" -o "$W/direct/slow.h5" >/dev/null
lap "direct runs"

# ---- a 2-rank MPI job and a 4-shard job array, submitted together ----
read -r J < <(submit "$JOBS/small.yaml" --nodes 1 --ntasks-per-node 2 --cpus-per-task 1 \
                     --time 00:10:00 -o "$W/mpi/small.h5")
read -r A M < <(submit "$JOBS/small.yaml" --nodes 1 --ntasks-per-node 1 --cpus-per-task 1 \
                       --time 00:10:00 --array 4 -o "$W/array/small.h5")
[ -n "$J" ] && [ -n "$A" ] && [ -n "$M" ] || fail "mlsweep submit printed no job ids"
[ -x "$W/mpi/small.sbatch" ] && [ -x "$W/array/small.sbatch" ] && [ -x "$W/array/small.merge.sbatch" ] \
  || fail "the batch scripts are not next to the outputs"
wait_gone "$J"; wait_gone "$A"; wait_gone "$M"
lap "MPI job $J, array $A, merge $M done"
[ "$(states "$J")" = " 1 COMPLETED;" ] || fail "MPI job $J: $(states "$J")"
[ "$(states "$A")" = " 4 COMPLETED;" ] || fail "array $A: $(states "$A")"
[ "$(states "$M")" = " 1 COMPLETED;" ] || fail "merge job $M: $(states "$M")"
[ "$(attr "$W/mpi/small.h5" ranks)" = 2 ] || fail "the MPI job did not run 2 ranks"
[ "$(attr "$W/mpi/small.h5" complete)" = 1 ] || fail "the MPI job's file is not complete"
same "$W/direct/small.h5" "$W/mpi/small.h5"
for k in 0 1 2 3; do
  "$MLSWEEP" status "$W/array/small.shard$k.h5" | grep -qE "^shard +$k of 4: hardware" \
    || fail "shard $k: $("$MLSWEEP" status "$W/array/small.shard$k.h5" 2>&1)"
done
same "$W/direct/small.h5" "$W/array/small.h5"
"$MLSWEEP" status "$W/array/small.h5" >/dev/null || fail "status of the merged file is not 0"
$PY "$SRC/tests/slurm/cmpresult.py" "$W/direct/small.h5" "$W/array/small.h5" \
    --ignore start_time,end_time,points_per_s,ranks,threads >/dev/null \
  || fail "merged file differs from the direct run: $($PY "$SRC/tests/slurm/cmpresult.py" "$W/direct/small.h5" "$W/array/small.h5" --ignore start_time,end_time,points_per_s,ranks,threads)"
ok "merged file: same datasets, attributes, chunking and scales as the direct run"

# a running job's file: checks that it stopped mid-run (0 < done < all), resumable; the job is
# long enough (slow.yaml) to be signalled soon after its first committed batch
stopped_midway() {
  local js rc=0
  js=$("$MLSWEEP" status --format json "$1") || rc=$?
  [ "$rc" = 4 ] || fail "status of the stopped $1 exits $rc, expected 4"
  $PY -c "
import json, sys
s = json.loads(sys.argv[1])[0]
assert 0 < s['chunks_done'] < s['chunks'] and not s['complete'], s
print('ok   stopped after', s['chunks_done'], 'of', s['chunks'], 'chunks')" "$js" \
    || fail "$1 did not stop mid-run (slow.yaml too small for this machine?): $js"
}
# the engine is computing: its first batch is committed (so its signal handlers are in place)
started() {
  [ -s "$1" ] && [ "$(field "$2" JobState)" = RUNNING ] || return 1
  local js
  js=$("$MLSWEEP" status --format json "$1" 2>/dev/null) || true # exit 4 while it runs
  grep -qE '"chunks_done": [1-9]' <<<"$js"
}

# The sweeps signalled below run under a throttle (2 ms per engine round, ~14 s per run of
# slow.yaml on 2 ranks) so that a fast, quiet machine cannot finish them before the signal.
export MLSWEEP_TEST_CHUNK_DELAY_US=2000
# ---- stop a running sweep with scancel --signal=USR1, requeue it, it resumes ----
read -r K < <(submit "$JOBS/slow.yaml" --nodes 1 --ntasks-per-node 2 --cpus-per-task 1 \
                     --time 00:10:00 -o "$W/stop/slow.h5")
wait_for "job $K to commit a first batch" 120 started "$W/stop/slow.h5" "$K"
scancel --signal=USR1 "$K"
wait_for "job $K to stop" 240 finished "$K"
[ "$(field "$K" JobState)" = FAILED ] && [ "$(field "$K" ExitCode)" = 4:0 ] \
  || fail "job $K after USR1: $(field "$K" JobState) exit $(field "$K" ExitCode), expected FAILED 4:0"
ok "USR1 stopped job $K with exit code 4"
stopped_midway "$W/stop/slow.h5"
scontrol requeue "$K"
start_now "$K"
wait_for "job $K to finish" 240 finished "$K"
lap "job $K resumed"
[ "$(field "$K" JobState)" = COMPLETED ] && [ "$(field "$K" Restarts)" = 1 ] \
  || fail "requeued job $K: $(field "$K" JobState) after $(field "$K" Restarts) restarts"
grep -q -- "restart 1 .*--resume" "$W"/stop/slow.*.log || fail "the requeued job did not run --resume"
same "$W/direct/slow.h5" "$W/stop/slow.h5"

# ---- the time-limit path: USR1 to the batch shell, the script requeues its own job ----
read -r L < <(submit "$JOBS/slow.yaml" --nodes 1 --ntasks-per-node 2 --cpus-per-task 1 \
                     --time 00:10:00 -o "$W/limit/slow.h5")
wait_for "job $L to commit a first batch" 120 started "$W/limit/slow.h5" "$L"
scancel --batch --signal=USR1 "$L"
requeued() { [ "$(field "$L" Restarts)" = 1 ] && [ "$(field "$L" JobState)" = PENDING ]; }
wait_for "job $L to requeue itself" 60 requeued
stopped_midway "$W/limit/slow.h5"
start_now "$L"
wait_for "job $L to finish" 240 finished "$L"
lap "job $L requeued itself and resumed"
[ "$(field "$L" JobState)" = COMPLETED ] || fail "job $L: $(field "$L" JobState)"
grep -q "requeueing job $L to resume" "$W"/limit/slow.*.log || fail "job $L did not requeue itself"
same "$W/direct/slow.h5" "$W/limit/slow.h5"
echo PASS
