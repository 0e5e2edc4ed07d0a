#!/usr/bin/env bash
# Start a single-node Slurm (munge + slurmctld + slurmd) by hand, as root, without systemd, for
# tests and for trying mlsweep submit on one machine. Recipe: ../shared/reference/infra.md §4
# (tested on Debian 12 / Slurm 22.05 / munge 0.5.15).
#
# usage: slurm/local-up.sh STATE_DIR
#   Everything of Slurm's (slurm.conf, spool, logs, pid files) lives in STATE_DIR, so the
#   machine's /etc/slurm is never touched; clients find it through SLURM_CONF:
#     export SLURM_CONF=STATE_DIR/slurm.conf     (STATE_DIR/env holds that line)
#   munged runs as the munge user on /run/munge as Debian expects; an already running munged is
#   used and left alone. Every daemon started here has its pid in STATE_DIR/*.pid for
#   slurm/local-down.sh STATE_DIR, which stops them by pid.
# Exit codes: 0 up, 1 bad usage or already running, 2 a daemon did not come up (logs shown).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 STATE_DIR" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "$0: must run as root (slurmd and munged need it)" >&2; exit 1; }
for b in munged munge unmunge slurmctld slurmd scontrol sinfo; do
  command -v "$b" >/dev/null || [ -x "/usr/sbin/$b" ] || { echo "$0: $b not installed (apt-get install slurm-wlm munge)" >&2; exit 1; }
done
S=$(mkdir -p "$1" && cd "$1" && pwd)
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
if alive "$S/slurmctld.pid" || alive "$S/slurmd.pid"; then
  echo "$0: Slurm of $S already running; run slurm/local-down.sh $S first" >&2; exit 1
fi
die() { echo "$0: $1" >&2; for f in "${@:2}"; do [ -f "$f" ] && tail -20 "$f" >&2; done; exit 2; }

# --- munge -----------------------------------------------------------------------------------
# Debian's postinst created /etc/munge/munge.key (munge:munge 0600); make one if missing.
if ! munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
  [ -s /etc/munge/munge.key ] || { mungekey --create --force; chown munge:munge /etc/munge/munge.key; chmod 600 /etc/munge/munge.key; }
  install -d -o munge -g munge -m 0755 /run/munge     # socket + pid dir (systemd's tmpfiles makes it)
  runuser -u munge -- /usr/sbin/munged                # as root it refuses: "Logfile is insecure"
  cp /run/munge/munged.pid "$S/munged.pid"            # ours to stop
  for _ in $(seq 50); do munge -n </dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n </dev/null | unmunge | grep -q 'STATUS:.*Success' || die "munged did not come up" /var/log/munge/munged.log
fi

# --- slurm.conf --------------------------------------------------------------------------------
install -d -m 0755 "$S/spool/ctld" "$S/spool/d" "$S/log"
NCPU=$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc) # GNU nproc obeys OMP_NUM_THREADS
MEM_MB=$(( $(free -m | awk '/^Mem:/{print $2}') - 1024 ))   # <= detected, else "Low RealMemory"
cat > "$S/slurm.conf" <<CONF
ClusterName=mlsweep-local
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=pmix
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$S/log/jobcomp.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$S/spool/ctld
SlurmdSpoolDir=$S/spool/d
SlurmctldPidFile=$S/slurmctld.daemon.pid
SlurmdPidFile=$S/slurmd.daemon.pid
SlurmctldLogFile=$S/log/slurmctld.log
SlurmdLogFile=$S/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
NodeName=localhost CPUs=${NCPU} RealMemory=${MEM_MB} State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$S/slurm.conf"
echo "export SLURM_CONF=$S/slurm.conf" > "$S/env"

# --- daemons (foreground, so that $! is the daemon's pid) ----------------------------------------
/usr/sbin/slurmctld -D -c -f "$SLURM_CONF" >"$S/log/slurmctld.stdout" 2>&1 &   # -c: clean state
echo $! > "$S/slurmctld.pid"
for _ in $(seq 100); do scontrol ping 2>/dev/null | grep -q 'is UP' && break; sleep 0.1; done
scontrol ping 2>/dev/null | grep -q 'is UP' || die "slurmctld did not come up" "$S/log/slurmctld.log" "$S/log/slurmctld.stdout"
/usr/sbin/slurmd -D -N localhost -f "$SLURM_CONF" >"$S/log/slurmd.stdout" 2>&1 &  # -N: any hostname
echo $! > "$S/slurmd.pid"
for _ in $(seq 100); do sinfo -h -n localhost -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)' && break; sleep 0.2; done
sinfo -h -n localhost -o %t | grep -qE '^(idle|mix|alloc)' || { sinfo -R >&2 || true; die "slurmd did not come up" "$S/log/slurmd.log" "$S/log/slurmd.stdout"; }
echo "slurm up: $NCPU CPUs, ${MEM_MB} MB; export SLURM_CONF=$S/slurm.conf"
