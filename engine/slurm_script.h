/* slurm_script.h - the batch scripts `mlsweep submit` writes (one MPI job, or a job array of
 * shards plus a merge job), and the checks of their settings.
 *
 * The scripts are self-contained and reproducible: absolute paths, every resource request as an
 * #SBATCH line, the submit command line in a comment; `sbatch FILE` alone reruns the sweep. Their
 * body is the one of slurm/mlsweep.sbatch (tests/slurm checks that they stay the same). */
#ifndef MS_SLURM_SCRIPT_H
#define MS_SLURM_SCRIPT_H
#include <stdio.h>

typedef struct ms_sbatch {
    const char *name;    /* Slurm job name (already sanitized) */
    const char *mlsweep; /* absolute path of the mlsweep binary */
    const char *job;     /* absolute path of the job file */
    const char *out;     /* absolute path of the (merged) result file */
    const char *log;     /* --output pattern (absolute) */
    const char *chdir;   /* working directory of the job (absolute) */
    long nodes, ntasks_per_node, cpus_per_task;
    const char *time;      /* HH:MM:SS, checked */
    long shards;           /* 0: one MPI job; N: a job array of N shards */
    const char *partition; /* NULL: the cluster's default */
    const char *account;   /* NULL: the user's default */
    long grace_s;          /* --signal=B:USR1@grace_s */
    long max_requeues;     /* self-requeues at the time-limit warning */
    const char *cmdline;   /* the submit command, for the header comment */
    const char *version;   /* mlsweep version and git commit, for the header comment */
} ms_sbatch;

/* The sweep script (MPI job or array), to be saved as path. */
void ms_sbatch_write(FILE *f, const ms_sbatch *s, const char *path);
/* The merge job of an array, submitted with --dependency=afterok:<array job>; saved as path. */
void ms_sbatch_write_merge(FILE *f, const ms_sbatch *s, const char *path, const char *log);

/* "HH:MM:SS" (hours 0..9999, minutes and seconds 0..59, total > 0) to seconds; -1 if malformed. */
long ms_sbatch_time_s(const char *hhmmss);
/* A value that is safe on an #SBATCH line: letters, digits and "_.,-" only. */
int ms_sbatch_word_ok(const char *s);
/* A path that is safe on an #SBATCH line and in the script: no whitespace, quotes, '$', '`',
 * backslashes or control characters. */
int ms_sbatch_path_ok(const char *s);
#endif
