/* cmd_submit.c - `mlsweep submit JOB.yaml ...`: check the job and every option, write the batch
 * script next to the output file (reproducible: `sbatch SCRIPT` reruns it), and submit it with
 * sbatch; with --array N also a merge job that runs once every shard has completed.
 * Exit codes: 0 submitted (or printed with --dry-run), 1 bad job file or option, 2 the script
 * could not be written or sbatch failed. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "commands.h"
#include "exitcodes.h"
#include "git_commit.h"
#include "shard.h"
#include "slurm_script.h"
#include "submit_job.h"

#include "mlsweep.h"

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const ms_optspec specs[] = {
    {"nodes", 1, 0, "nodes per job (or per array task)"},
    {"ntasks-per-node", 1, 0, "MPI ranks per node"},
    {"cpus-per-task", 1, 0, "CPUs per rank = OpenMP threads"},
    {"time", 1, 0, "time limit HH:MM:SS (per job or per array task)"},
    {"array", 1, 0, "split the sweep into N shards along its outermost axis (a job array)"},
    {"partition", 1, 0, "Slurm partition"},
    {"account", 1, 0, "Slurm account"},
    {"grace", 1, 0, "seconds before the time limit to checkpoint (default min(300, time/4))"},
    {"max-requeues", 1, 0, "times a job requeues itself at the time limit (default 10)"},
    {"output", 1, 0, "result file (-o; default: the job's output.file)"},
    {"registry", 1, 1, "extra registry file (repeatable), to check the job"},
    {"config-dir", 1, 0, "directory of the shipped registries, to check the job"},
    {"dry-run", 0, 0, "print the script(s), write and submit nothing"},
    {"help", 0, 0, "show this help"},
};
#define NSPECS (sizeof specs / sizeof specs[0])

static int bad(const char *fmt, const char *a, const char *b) {
    fprintf(stderr, "mlsweep submit: ");
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, "\n");
    return MS_EXIT_INPUT;
}

/* A count option in [lo, hi]; *out keeps its default if the option is absent. */
static int count_opt(const ms_opts *o, const char *name, long lo, long hi, long *out) {
    const char *v = ms_opts_get(o, name);
    if (!v) return 0;
    if (ms_shard_parse(v, lo, hi, out) == 0) return 0;
    char range[64];
    snprintf(range, sizeof range, "an integer from %ld to %ld", lo, hi);
    fprintf(stderr, "mlsweep submit: --%s '%s' must be %s\n", name, v, range);
    return -1;
}

/* Absolute form of path (its directory must exist); malloc'ed, or NULL. */
static char *absolute(const char *path) {
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX], real[PATH_MAX];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    if (!realpath(dir, real)) return NULL;
    const char *base = slash ? slash + 1 : path;
    size_t len = strlen(real) + strlen(base) + 2;
    char *r = malloc(len);
    if (r) snprintf(r, len, "%s%s%s", real, strcmp(real, "/") ? "/" : "", base);
    return r;
}

static char *with_suffix(const char *out, const char *suffix) {
    size_t n = strlen(out);
    if (n > 3 && !strcmp(out + n - 3, ".h5")) n -= 3;
    size_t len = n + strlen(suffix) + 1;
    char *r = malloc(len);
    if (r) snprintf(r, len, "%.*s%s", (int)n, out, suffix);
    return r;
}

/* The command line for the script's header comment (one line, printable). */
static void join_cmdline(char *buf, size_t len, int argc, char **argv) {
    size_t at = (size_t)snprintf(buf, len, "mlsweep submit");
    for (int i = 0; i < argc && at < len; i++)
        at += (size_t)snprintf(buf + at, len - at, " %s", argv[i]);
    for (char *c = buf; *c; c++)
        if ((unsigned char)*c < ' ') *c = '?';
}

static int write_file(const char *path,
                      void (*fn)(FILE *, const ms_sbatch *, const char *, const char *),
                      const ms_sbatch *s, const char *log) {
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "mlsweep submit: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    fn(f, s, path, log);
    if (fclose(f) != 0 || chmod(path, 0755) != 0) {
        fprintf(stderr, "mlsweep submit: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static void put_main(FILE *f, const ms_sbatch *s, const char *path, const char *log) {
    (void)log;
    ms_sbatch_write(f, s, path);
}

static void put_merge(FILE *f, const ms_sbatch *s, const char *path, const char *log) {
    ms_sbatch_write_merge(f, s, path, log);
}

/* Runs sbatch --parsable [dep] script; returns its job id (>0) or -1 with a message printed. */
static long run_sbatch(const char *script, const char *dependency) {
    char *av[6];
    int ac = 0;
    char a0[] = "sbatch", a1[] = "--parsable", a3[] = "--kill-on-invalid-dep=yes";
    char dep[64];
    av[ac++] = a0;
    av[ac++] = a1;
    if (dependency) {
        snprintf(dep, sizeof dep, "--dependency=afterok:%s", dependency);
        av[ac++] = dep;
        av[ac++] = a3;
    }
    av[ac++] = (char *)script;
    av[ac] = NULL;
    int fd[2];
    if (pipe(fd) != 0) return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
    posix_spawn_file_actions_addclose(&fa, fd[0]);
    pid_t pid;
    int e = posix_spawnp(&pid, "sbatch", &fa, NULL, av, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fd[1]);
    if (e != 0) {
        close(fd[0]);
        fprintf(stderr,
                "mlsweep submit: cannot run sbatch (%s): is this a Slurm login node? The script "
                "is written: %s\n",
                strerror(e), script);
        return -1;
    }
    char out[256] = "";
    size_t n = 0;
    ssize_t r;
    while ((r = read(fd[0], out + n, sizeof out - 1 - n)) > 0 && n < sizeof out - 1) n += (size_t)r;
    out[n] = 0;
    close(fd[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    char *end;
    long id = strtol(out, &end, 10);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || id <= 0 ||
        (*end && *end != ';' && *end != '\n')) {
        fprintf(stderr, "mlsweep submit: sbatch %s failed (exit %d)\n", script,
                WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        return -1;
    }
    return id;
}

int ms_cmd_submit(int argc, char **argv) {
    ms_opts o;
    char err[1024];
    if (ms_opts_parse(&o, specs, NSPECS, argc, argv, err, sizeof err)) {
        fprintf(stderr, "mlsweep submit: %s\n", err);
        return MS_EXIT_INPUT;
    }
    if (ms_opts_flag(&o, "help")) {
        ms_opts_help(specs, NSPECS,
                     "mlsweep submit JOB.yaml --nodes N --ntasks-per-node K --cpus-per-task T "
                     "--time HH:MM:SS [--array SHARDS] [--partition P] [--account A] [--grace S] "
                     "[-o FILE] [--dry-run]",
                     "Write a Slurm batch script next to the result file and submit it. The job\n"
                     "checkpoints at --grace seconds before its time limit and requeues itself;\n"
                     "a requeued job resumes. --array N runs N shards and a merge job.\n"
                     "Exit codes: 0 submitted, 1 bad job or option, 2 write or sbatch failure.");
        return MS_EXIT_OK;
    }
    if (o.n_pos != 1)
        return bad(o.n_pos ? "one job file expected, got %s and more%s" : "no job file given%s%s",
                   o.n_pos ? o.pos[0] : "", "");
    static const char *const required[] = {"nodes", "ntasks-per-node", "cpus-per-task", "time"};
    for (size_t i = 0; i < 4; i++)
        if (!ms_opts_get(&o, required[i])) return bad("--%s is required%s", required[i], "");
    long nodes = 0, ntpn = 0, cpt = 0, shards = 0, grace = -1, maxrq = 10;
    if (count_opt(&o, "nodes", 1, 100000, &nodes) ||
        count_opt(&o, "ntasks-per-node", 1, 4096, &ntpn) ||
        count_opt(&o, "cpus-per-task", 1, 4096, &cpt) ||
        count_opt(&o, "array", 1, 1000000, &shards) || count_opt(&o, "grace", 1, 65535, &grace) ||
        count_opt(&o, "max-requeues", 0, 1000, &maxrq))
        return MS_EXIT_INPUT;
    const char *time = ms_opts_get(&o, "time");
    long time_s = ms_sbatch_time_s(time);
    if (time_s < 0)
        return bad("--time '%s' must be HH:MM:SS (e.g. 02:00:00), above zero%s", time, "");
    if (grace < 0)
        grace = time_s / 4 < 300 ? (time_s / 4 ? time_s / 4 : 1) : 300;
    else if (grace >= time_s) {
        char t[32];
        snprintf(t, sizeof t, "%ld s", time_s);
        return bad("--grace must be shorter than the time limit (%s)%s", t, "");
    }
    const char *partition = ms_opts_get(&o, "partition"), *account = ms_opts_get(&o, "account");
    if (partition && !ms_sbatch_word_ok(partition))
        return bad("--partition '%s': only letters, digits and _.,- are allowed%s", partition, "");
    if (account && !ms_sbatch_word_ok(account))
        return bad("--account '%s': only letters, digits and _.,- are allowed%s", account, "");

    /* the job: checked as `mlsweep run` would, before anything is written */
    size_t nrep = 0;
    const char *const *rep = ms_cmd_registry_files(&o, &nrep);
    ms_submit_job job;
    if (ms_submit_job_check(o.pos[0], ms_opts_get(&o, "config-dir"), rep, nrep, &job, err,
                            sizeof err)) {
        fprintf(stderr, "mlsweep submit: %s\n", err);
        return MS_EXIT_INPUT;
    }
    int rc = MS_EXIT_INPUT;
    char *jobabs = NULL, *out = NULL, *script = NULL, *mscript = NULL, *log = NULL, *mlog = NULL;
    char exe[PATH_MAX], cwd[PATH_MAX];
    const char *outarg = ms_opts_get(&o, "output") ? ms_opts_get(&o, "output") : job.out_file;
    ssize_t el = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (el > 0) exe[el] = 0;
    if (shards && job.n_outer && (uint64_t)shards > job.n_outer) {
        fprintf(stderr,
                "mlsweep submit: --array %ld: the outermost axis '%s' has only %llu values\n",
                shards, job.outer_axis, (unsigned long long)job.n_outer);
        goto done;
    }
    if (!outarg) {
        bad("%s has no output.file; give -o FILE%s", o.pos[0], "");
        goto done;
    }
    if (el <= 0 || !getcwd(cwd, sizeof cwd)) {
        fprintf(stderr,
                "mlsweep submit: cannot find the mlsweep binary or the current directory\n");
        rc = MS_EXIT_RUNTIME;
        goto done;
    }
    jobabs = absolute(o.pos[0]);
    out = absolute(outarg);
    if (!out) {
        bad("the directory of the output %s does not exist%s", outarg, "");
        goto done;
    }
    const char *paths[] = {exe, jobabs, out, cwd};
    for (size_t i = 0; i < 4; i++)
        if (!paths[i] || !ms_sbatch_path_ok(paths[i])) {
            bad("path '%s' has a space, quote, '$', '%%' or backslash: Slurm scripts cannot carry "
                "it safely%s",
                paths[i] ? paths[i] : "?", "");
            goto done;
        }
    script = with_suffix(out, ".sbatch");
    mscript = with_suffix(out, ".merge.sbatch");
    log = with_suffix(out, shards ? ".%A_%a.log" : ".%j.log");
    mlog = with_suffix(out, ".merge.%j.log");
    char cmdline[2048], version[128], name[72];
    join_cmdline(cmdline, sizeof cmdline, argc, argv);
    snprintf(version, sizeof version, "mlsweep %s (git %s)", MLSWEEP_VERSION, ms_git_commit);
    snprintf(name, sizeof name, "mlsweep-%s", job.name);
    for (char *c = name; *c; c++)
        if (!ms_sbatch_word_ok((char[]){*c, 0}) || *c == ',') *c = '_';
    ms_sbatch s = {name, exe,    jobabs,    out,     log,   cwd,   nodes,   ntpn,   cpt,
                   time, shards, partition, account, grace, maxrq, cmdline, version};
    if (ms_opts_flag(&o, "dry-run")) {
        ms_sbatch_write(stdout, &s, script);
        if (shards) {
            printf("\n");
            ms_sbatch_write_merge(stdout, &s, mscript, mlog);
        }
        rc = MS_EXIT_OK;
        goto done;
    }
    rc = MS_EXIT_RUNTIME;
    if (write_file(script, put_main, &s, NULL) ||
        (shards && write_file(mscript, put_merge, &s, mlog)))
        goto done;
    long id = run_sbatch(script, NULL);
    if (id < 0) goto done;
    if (!shards) {
        printf("%ld\n", id);
        fprintf(stderr, "mlsweep submit: job %ld -> %s (script %s; progress: mlsweep status %s)\n",
                id, out, script, out);
    } else {
        char dep[32];
        snprintf(dep, sizeof dep, "%ld", id);
        long mid = run_sbatch(mscript, dep);
        if (mid < 0) {
            fprintf(stderr,
                    "mlsweep submit: array job %ld is submitted; merge by hand when it "
                    "ends: sbatch --dependency=afterok:%ld %s\n",
                    id, id, mscript);
            goto done;
        }
        printf("%ld %ld\n", id, mid);
        fprintf(stderr,
                "mlsweep submit: array job %ld (%ld shards), then merge job %ld -> %s "
                "(scripts %s, %s)\n",
                id, shards, mid, out, script, mscript);
    }
    rc = MS_EXIT_OK;
done:
    free(jobabs);
    free(out);
    free(script);
    free(mscript);
    free(log);
    free(mlog);
    ms_submit_job_free(&job);
    return rc;
}
