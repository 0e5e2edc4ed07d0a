#!/usr/bin/env bash
# mlsweep submit without a cluster: the scripts it writes (every #SBATCH line and setting, the
# body shared with the templates in slurm/, valid bash), where it writes them, and its refusal of
# every bad option or job with a clear message and exit 1 (exit 2 when sbatch cannot run).
set -euo pipefail
: "${MLSWEEP:?}" "${MLSWEEP_SOURCE_DIR:?}"
W=$(mktemp -d "${TMPDIR:-/tmp}/ms-submit.XXXXXX")
trap 'rm -rf "$W"' EXIT
cd "$W"
W=$(pwd -P)
EXE=$(readlink -f "$MLSWEEP")
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
expect() {
  local rc=$1 pat=$2; shift 2
  local out got=0
  out=$("$@" 2>&1) || got=$?
  if [ "$got" = "$rc" ] && grep -qE -- "$pat" <<<"$out"; then ok "$* -> $rc"
  else bad "$* -> $got (want $rc /$pat/): $out"; fi
}
has() { grep -qxF -- "$2" "$1" && ok "$1 has: $2" || bad "$1 lacks: $2"; }
lacks() { grep -q -- "$2" "$1" && bad "$1 has: $2" || ok "$1 lacks: $2"; }
mkdir -p out
cat > job.yaml <<'Y'
name: submit test 1
mode: serve
axes:
  model: [llama31-8b, llama31-70b, mixtral-8x7b, llama31-405b]
  hardware: [h100-sxm, b200]
output: {file: out/sweep.h5}
Y
BASE=(submit job.yaml --nodes 2 --ntasks-per-node 3 --cpus-per-task 4 --time 01:30:00)

# one MPI job
"$MLSWEEP" "${BASE[@]}" --partition gpu --account proj-7 --dry-run > mpi.txt
for l in "#SBATCH --job-name=mlsweep-submit_test_1" "#SBATCH --nodes=2" "#SBATCH --ntasks-per-node=3" \
         "#SBATCH --cpus-per-task=4" "#SBATCH --time=01:30:00" "#SBATCH --partition=gpu" \
         "#SBATCH --account=proj-7" "#SBATCH --signal=B:USR1@300" "#SBATCH --requeue" \
         "#SBATCH --chdir=$W" "#SBATCH --output=$W/out/sweep.%j.log" "MLSWEEP='$EXE'" \
         "JOB='$W/job.yaml'" "OUT='$W/out/sweep.h5'" "SHARDS=0" "MAX_REQUEUES=10" \
         "# rerun: sbatch $W/out/sweep.sbatch"; do has mpi.txt "$l"; done
lacks mpi.txt "#SBATCH --array"
bash -n mpi.txt && ok "MPI script is valid bash" || bad "MPI script is not valid bash"
# the body is the templates' body, character for character
sed -n '/^# ---- body/,$p' mpi.txt > body.txt
[ "$(wc -l < body.txt)" -gt 20 ] && ok "body found" || bad "no body in the script"
for t in mlsweep.sbatch mlsweep-array.sbatch; do
  sed -n '/^# ---- body/,$p' "$MLSWEEP_SOURCE_DIR/slurm/$t" | diff - body.txt >/dev/null \
    && ok "slurm/$t has the same body" || bad "slurm/$t body differs from the generated one"
done
# the default grace is a quarter of a short limit
"$MLSWEEP" "${BASE[@]/01:30:00/00:10:00}" --dry-run > short.txt
has short.txt "#SBATCH --signal=B:USR1@150"
"$MLSWEEP" "${BASE[@]}" --grace 90 --max-requeues 3 -o "$W/out/other.h5" --dry-run > grace.txt
has grace.txt "#SBATCH --signal=B:USR1@90"
has grace.txt "MAX_REQUEUES=3"
has grace.txt "OUT='$W/out/other.h5'"
[ ! -e out/sweep.sbatch ] && ok "--dry-run wrote nothing" || bad "--dry-run wrote a script"

# a job array of 4 shards, and its merge job
"$MLSWEEP" "${BASE[@]}" --array 4 --dry-run > arr.txt
csplit -s -f part arr.txt '/^#!\/bin\/bash/' '{1}'
for l in "#SBATCH --array=0-3" "SHARDS=4" "#SBATCH --output=$W/out/sweep.%A_%a.log"; do has part01 "$l"; done
for l in "#SBATCH --job-name=mlsweep-submit_test_1-merge" "#SBATCH --ntasks=1" "SHARDS=4" \
         "#SBATCH --output=$W/out/sweep.merge.%j.log" "OUT='$W/out/sweep.h5'"; do has part02 "$l"; done
bash -n part01 && bash -n part02 && ok "array scripts are valid bash" || bad "array scripts are not valid bash"

# without sbatch: the script is written next to the output (reproducible), then exit 2
expect 2 "cannot run sbatch" env PATH=/nonexistent "$EXE" "${BASE[@]}" --array 2
[ -x out/sweep.sbatch ] && [ -x out/sweep.merge.sbatch ] && ok "scripts written next to the output" \
  || bad "scripts not written"
has out/sweep.sbatch "#SBATCH --array=0-1"

# refusals
expect 1 "--time is required" "$MLSWEEP" submit job.yaml --nodes 1 --ntasks-per-node 1 --cpus-per-task 1
expect 1 "--nodes is required" "$MLSWEEP" submit job.yaml --ntasks-per-node 1 --cpus-per-task 1 --time 00:10:00
for t in 1:2:3 00:60:00 00:00:00 abc 10 1-00:00:00 "01:00:00x"; do
  expect 1 "--time '$t' must be HH:MM:SS" "$MLSWEEP" "${BASE[@]/01:30:00/$t}"
done
for v in 0 -1 2.5 x ""; do
  expect 1 "--nodes '$v' must be an integer from 1" "$MLSWEEP" submit job.yaml --nodes "$v" \
    --ntasks-per-node 1 --cpus-per-task 1 --time 00:10:00
done
expect 1 "option '--nodes' given twice" "$MLSWEEP" "${BASE[@]}" --nodes 3
expect 1 "--cpus-per-task '0' must be" "$MLSWEEP" submit job.yaml --nodes 1 --ntasks-per-node 1 --cpus-per-task 0 --time 00:10:00
expect 1 "--array '0' must be" "$MLSWEEP" "${BASE[@]}" --array 0
expect 1 "--array 5: the outermost axis 'model' has only 4 values" "$MLSWEEP" "${BASE[@]}" --array 5
expect 1 "--grace must be shorter than the time limit \(600 s\)" "$MLSWEEP" "${BASE[@]/01:30:00/00:10:00}" --grace 600
expect 1 "--grace '0' must be" "$MLSWEEP" "${BASE[@]}" --grace 0
expect 1 "--partition 'a b': only letters" "$MLSWEEP" "${BASE[@]}" --partition "a b"
expect 1 "--account 'x;rm': only letters" "$MLSWEEP" "${BASE[@]}" --account "x;rm"
expect 1 "unknown option '--node' \(did you mean '--nodes'\?\)" "$MLSWEEP" "${BASE[@]}" --node 2
expect 1 "no job file given" "$MLSWEEP" submit --nodes 1 --ntasks-per-node 1 --cpus-per-task 1 --time 00:10:00
expect 1 "one job file expected" "$MLSWEEP" "${BASE[@]}" job.yaml
expect 1 "nosuch.yaml" "$MLSWEEP" "${BASE[@]/job.yaml/nosuch.yaml}"
printf 'name: [unclosed\n' > broken.yaml
expect 1 "broken.yaml:" "$MLSWEEP" "${BASE[@]/job.yaml/broken.yaml}"
# the job is checked as mlsweep run checks it (the whole plan, registries included)
printf 'name: x\nmode: serve\naxes: {model: [llama31-8b, no-such-model], hardware: [h100-sxm]}\n' > badname.yaml
expect 1 "badname.yaml:3: .*no-such-model" "$MLSWEEP" "${BASE[@]/job.yaml/badname.yaml}" --dry-run
[ ! -e badname.sbatch ] && ok "nothing written for a bad job" || bad "a script was written for a bad job"
# without output.file the engine's default (NAME.h5 in the current directory) is the output
printf 'name: noout\nmode: serve\naxes: {model: [llama31-8b], hardware: [h100-sxm]}\n' > noout.yaml
"$MLSWEEP" "${BASE[@]/job.yaml/noout.yaml}" --dry-run > noout.txt
has noout.txt "OUT='$W/noout.h5'"
expect 1 "the directory of the output nodir/x.h5 does not exist" "$MLSWEEP" "${BASE[@]}" -o nodir/x.h5 --dry-run
mkdir -p "my dir"
expect 1 "has a space, quote" "$MLSWEEP" "${BASE[@]}" -o "my dir/x.h5" --dry-run

echo "$fails failures"
[ "$fails" -eq 0 ]
