/* slurm_script.c - write the batch scripts of `mlsweep submit` (see slurm_script.h). */
#include "slurm_script.h"

#include <stdlib.h>
#include <string.h>

/* The body every sweep script shares (slurm/mlsweep.sbatch and slurm/mlsweep-array.sbatch carry
 * the same text after their settings; tests/slurm/submit_script.sh compares them).
 * Why it is written this way:
 * - OMP_NUM_THREADS follows --cpus-per-task, and srun is given --cpus-per-task again because
 *   Slurm 22.05's srun no longer inherits it from sbatch.
 * - srun runs in the background and the shell waits in a loop, because bash runs a trap only
 *   between commands: `wait` returns at once on a signal, the trap forwards it, and the loop
 *   waits again until srun has really ended (a finished child is a zombie, so kill -0 sees it).
 * - USR1 arrives from Slurm (--signal=B:USR1@grace) before the time limit: the engine finishes
 *   its batch, flushes and exits 4, and the script requeues its own job, which resumes from the
 *   done-map. It then waits to be ended by the requeue rather than exit on its own first. USR1 sent
 * to the steps only (scancel --signal=USR1, an operator's "stop now") also makes the engine exit 4,
 * but then the job just ends, resumable by `scontrol requeue`.
 * - TERM (preemption, scancel, scontrol requeue) is passed on; the engine checkpoints the same
 *   way, and Slurm itself requeues a preempted --requeue job.
 * - A requeued job (SLURM_RESTART_COUNT > 0) whose output exists continues it with --resume. */
static const char body[] =
    "# ---- body: the same in every mlsweep batch script ----\n"
    "set -uo pipefail\n"
    "export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}\n"
    "target=$OUT\n"
    "run=(run \"$JOB\")\n"
    "if [ \"$SHARDS\" -gt 0 ]; then\n"
    "  k=${SLURM_ARRAY_TASK_ID:?not an array task: submit with sbatch --array=0-$((SHARDS - 1))}\n"
    "  target=${OUT%.h5}.shard$k.h5\n"
    "  run+=(--shard \"$k\" --shards \"$SHARDS\")\n"
    "fi\n"
    "run+=(-o \"$target\")\n"
    "restart=${SLURM_RESTART_COUNT:-0}\n"
    "if [ \"$restart\" -gt 0 ] && [ -e \"$target\" ]; then run+=(--resume); fi\n"
    "echo \"mlsweep: job ${SLURM_JOB_ID:-?} restart $restart on ${SLURM_JOB_NODELIST:-?}: "
    "${run[*]}\" >&2\n"
    "warned=0\n"
    "child=\n"
    "trap 'warned=1; [ -n \"$child\" ] && kill -USR1 \"$child\" 2>/dev/null' USR1\n"
    "trap '[ -n \"$child\" ] && kill -TERM \"$child\" 2>/dev/null' TERM\n"
    "srun --cpus-per-task=\"${SLURM_CPUS_PER_TASK:-1}\" $SRUN_FLAGS \"$MLSWEEP\" \"${run[@]}\" &\n"
    "child=$!\n"
    "while :; do\n"
    "  wait \"$child\"\n"
    "  rc=$?\n"
    "  kill -0 \"$child\" 2>/dev/null || break\n"
    "done\n"
    "if [ \"$rc\" -eq 4 ] && [ \"$warned\" = 1 ] && [ \"$restart\" -lt \"$MAX_REQUEUES\" ]; then\n"
    "  echo \"mlsweep: stopped at the time-limit warning; requeueing job $SLURM_JOB_ID to resume\" "
    ">&2\n"
    "  if scontrol requeue \"$SLURM_JOB_ID\"; then\n"
    "    sleep 300 & wait $!  # until the requeue ends this run, so that it never looks finished\n"
    "    exit 0\n"
    "  fi\n"
    "fi\n"
    "case $rc in\n"
    "  0) echo \"mlsweep: done: $target\" >&2 ;;\n"
    "  4) echo \"mlsweep: stopped early, resumable: scontrol requeue ${SLURM_JOB_ID:-JOBID}\" >&2 "
    ";;\n"
    "  *) echo \"mlsweep: failed with exit code $rc\" >&2 ;;\n"
    "esac\n"
    "exit \"$rc\"\n";

/* Single-quoted for the shell (paths are checked by ms_sbatch_path_ok, so no quote inside). */
static void q(FILE *f, const char *s) {
    fprintf(f, "'%s'", s);
}

static void header(FILE *f, const ms_sbatch *s, const char *what, const char *path) {
    fprintf(f, "#!/bin/bash\n");
    fprintf(f, "# %s, written by %s\n", what, s->version);
    fprintf(f, "# command: %s\n", s->cmdline);
    fprintf(f, "# rerun: sbatch %s\n", path);
}

static void common_sbatch(FILE *f, const ms_sbatch *s) {
    fprintf(f, "#SBATCH --time=%s\n", s->time);
    if (s->partition) fprintf(f, "#SBATCH --partition=%s\n", s->partition);
    if (s->account) fprintf(f, "#SBATCH --account=%s\n", s->account);
    fprintf(f, "#SBATCH --chdir=%s\n", s->chdir);
}

void ms_sbatch_write(FILE *f, const ms_sbatch *s, const char *path) {
    header(f, s,
           s->shards ? "mlsweep sweep as a job array, one shard per task"
                     : "mlsweep sweep as one MPI job",
           path);
    fprintf(f, "#SBATCH --job-name=%s\n", s->name);
    fprintf(f, "#SBATCH --nodes=%ld\n", s->nodes);
    fprintf(f, "#SBATCH --ntasks-per-node=%ld\n", s->ntasks_per_node);
    fprintf(f, "#SBATCH --cpus-per-task=%ld\n", s->cpus_per_task);
    if (s->shards) fprintf(f, "#SBATCH --array=0-%ld\n", s->shards - 1);
    common_sbatch(f, s);
    fprintf(f, "#SBATCH --signal=B:USR1@%ld\n", s->grace_s);
    fprintf(f, "#SBATCH --requeue\n");
    fprintf(f, "#SBATCH --open-mode=append\n");
    fprintf(f, "#SBATCH --output=%s\n", s->log);
    fprintf(f, "# ---- settings ----\n");
    fprintf(f, "MLSWEEP=");
    q(f, s->mlsweep);
    fprintf(f, "\nJOB=");
    q(f, s->job);
    fprintf(f, "\nOUT=");
    q(f, s->out);
    fprintf(f, "\nSHARDS=%ld\nMAX_REQUEUES=%ld\n", s->shards, s->max_requeues);
    fprintf(f, "SRUN_FLAGS=\"--mpi=pmix\"\n");
    fputs(body, f);
}

void ms_sbatch_write_merge(FILE *f, const ms_sbatch *s, const char *path, const char *log) {
    header(f, s,
           "mlsweep merge of the shards of a job array (submitted with "
           "--dependency=afterok:<array job>)",
           path);
    fprintf(f, "#SBATCH --job-name=%s-merge\n", s->name);
    fprintf(f, "#SBATCH --nodes=1\n#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n");
    common_sbatch(f, s);
    fprintf(f, "#SBATCH --open-mode=append\n");
    fprintf(f, "#SBATCH --output=%s\n", log);
    fprintf(f, "MLSWEEP=");
    q(f, s->mlsweep);
    fprintf(f, "\nOUT=");
    q(f, s->out);
    fprintf(f, "\nSHARDS=%ld\n", s->shards);
    fprintf(f, "set -euo pipefail\n"
               "files=()\n"
               "for ((k = 0; k < SHARDS; k++)); do files+=(\"${OUT%%.h5}.shard$k.h5\"); done\n"
               "exec \"$MLSWEEP\" merge \"${files[@]}\" -o \"$OUT\"\n");
}

long ms_sbatch_time_s(const char *t) {
    if (!t) return -1;
    long part[3] = {0, 0, 0};
    int np = 0, digits = 0;
    for (const char *c = t;; c++) {
        if (*c >= '0' && *c <= '9') {
            if (++digits > 4) return -1;
            part[np] = part[np] * 10 + (*c - '0');
            continue;
        }
        if (*c != ':' && *c != 0) return -1;
        /* hours: 1 to 4 digits; minutes and seconds: exactly 2 */
        if (digits == 0 || (np > 0 && digits != 2)) return -1;
        digits = 0;
        if (++np == 3 || *c == 0) {
            if (*c != 0) return -1;
            break;
        }
    }
    if (np != 3 || part[1] > 59 || part[2] > 59) return -1;
    long s = part[0] * 3600 + part[1] * 60 + part[2];
    return s > 0 ? s : -1;
}

int ms_sbatch_word_ok(const char *s) {
    if (!s || !*s) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr("_.,-", *s)))
            return 0;
    return 1;
}

int ms_sbatch_path_ok(const char *s) {
    if (!s || !*s) return 0;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ' || *s == 0x7f || strchr("'\"$`\\%", *s)) return 0;
    return 1;
}
