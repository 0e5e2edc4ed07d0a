#!/usr/bin/env bash
# Stop what slurm/local-up.sh STATE_DIR started, by pid only (never by process name): the jobs,
# then slurmd, slurmctld and munged (the latter only if local-up.sh started it).
# usage: slurm/local-down.sh STATE_DIR      exit 0 (also when nothing was running)
[ $# -eq 1 ] || { echo "usage: $0 STATE_DIR" >&2; exit 1; }
S=$1
if [ -s "$S/slurmctld.pid" ] && kill -0 "$(cat "$S/slurmctld.pid")" 2>/dev/null; then
  SLURM_CONF="$S/slurm.conf" scancel --user="$(id -un)" 2>/dev/null || true  # slurmd ends the steps
  for _ in $(seq 50); do [ -z "$(SLURM_CONF="$S/slurm.conf" squeue -h -t R,CG 2>/dev/null)" ] && break; sleep 0.1; done
fi
for f in "$S/slurmd.pid" "$S/slurmctld.pid" "$S/munged.pid"; do
  [ -s "$f" ] || continue
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$f"
done
exit 0
