/* sweep.c - run a plan over MPI ranks and OpenMP threads into an HDF5 file. */
/* realpath() is XSI */
#define _XOPEN_SOURCE 700
#include "sweep.h"
#include "journal.h"
#include "dealer.h"
#include "exitcodes.h"
#include "h5out.h"
#include "h5pack.h"
#include "progress.h"
#include "run_pareto.h"

#include <mpi.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* After a complete run, show how to get the frontier and the figure from the file (the
 * quickstart's cost-vs-carbon question is one command away). */
static void print_next_steps(const ms_plan *pl, const char *file) {
    /* per-token objectives when the job stores them (a fleet's total cost favours tiny fleets) */
    const char *pairs[2][2] = {{"cost_usd_per_mtok", "carbon_kgco2e_per_mtok"},
                               {"cost_usd", "carbon_kgco2e"}};
    for (int k = 0; k < 2; k++) {
        int have = 0;
        for (size_t i = 0; i < pl->n_metrics; i++)
            have += strcmp(pl->metrics[i]->name, pairs[k][0]) == 0 ||
                    strcmp(pl->metrics[i]->name, pairs[k][1]) == 0;
        if (have < 2) continue;
        fprintf(stderr,
                "mlsweep run: frontier: mlsweep pareto %s --min %s --min %s --where \"status==ok\" "
                "--format table\n"
                "mlsweep run: figure:   analysis/plot.py pareto %s --x %s --y %s --color hardware "
                "-o pareto.pdf\n",
                file, pairs[k][0], pairs[k][1], file, pairs[k][0], pairs[k][1]);
        return;
    }
}

static volatile sig_atomic_t stop_signal;
static void on_signal(int sig) {
    stop_signal = sig;
}

void ms_sweep_install_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    /* Ctrl-C stops cleanly like SIGTERM; a second Ctrl-C kills at once (still resumable) */
    sa.sa_flags |= SA_RESETHAND;
    sigaction(SIGINT, &sa, NULL);
}

/* Rank 0 creates or checks the file; everyone learns the outcome and the done-map. */
static int prepare(const ms_plan *pl, const ms_sweep_opts *o, int rank, uint8_t *done,
                   int64_t *feasible) {
    char err[600] = "";
    int code = 0;
    if (rank == 0) {
        struct stat st;
        int exists = stat(o->out, &st) == 0;
        int r = o->resume && exists
                    ? ms_h5_check_resume(pl, o->out, done, feasible, err, sizeof err)
                    : -1;
        if (r == 2 && ms_journal_matches(pl, o->out)) {
            /* our own interrupted run, damaged inside a metadata flush: nothing in it can be
               trusted, so start it over (the result equals an uninterrupted run) */
            fprintf(stderr,
                    "mlsweep run: %s was damaged when the previous run was killed while writing "
                    "(its journal names this job): starting it over\n",
                    o->out);
            r = -1;
        }
        if (r < 0) {
            /* a check that failed part way may have read some of the done-map already: a
               fresh file starts with none done (else those chunks would stay unwritten) */
            memset(done, 0, pl->n_chunks);
            memset(feasible, 0, pl->n_chunks * sizeof *feasible);
        }
        if (r >= 0) {
            code = r == 0 ? 0 : r == 1 ? MS_EXIT_INPUT : r == 3 ? -1 : MS_EXIT_RUNTIME;
            if (r == 1 || r == 2) fprintf(stderr, "mlsweep run: %s\n", err);
            if (r == 0 && !o->quiet) fprintf(stderr, "mlsweep run: resuming %s\n", o->out);
        } else {
            if (o->resume && !exists && !o->quiet)
                fprintf(stderr, "mlsweep run: %s does not exist yet: starting it\n", o->out);
            int size = 1;
            MPI_Comm_size(MPI_COMM_WORLD, &size);
            if (ms_journal_write(pl, o->out, err, sizeof err) ||
                ms_h5_create(pl, o->out, size, omp_get_max_threads(), err, sizeof err)) {
                fprintf(stderr, "mlsweep run: %s\n", err);
                /* no usable file was made (-o a directory or /dev/null, a full disk): a journal
                   left behind would make a later --resume "recover" it (tests/hostile) */
                ms_journal_remove(o->out);
                code = MS_EXIT_RUNTIME;
            }
        }
    }
    MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (code == 0) MPI_Bcast(done, (int)pl->n_chunks, MPI_UINT8_T, 0, MPI_COMM_WORLD);
    return code;
}

typedef struct buffers {
    void *metric[MS_METRIC_MAX_STORED];
    uint8_t *status, *bottleneck;
} buffers;

static int alloc_buffers(const ms_plan *pl, buffers *b) {
    uint64_t n = 1;
    for (size_t i = 0; i < pl->n_axes; i++) n *= pl->chunk[i];
    size_t es = pl->float64 ? sizeof(double) : sizeof(float);
    memset(b, 0, sizeof *b);
    int bad = 0;
    for (size_t m = 0; m < pl->n_metrics; m++) bad |= !(b->metric[m] = malloc(n * es));
    bad |= !(b->status = malloc(n));
    bad |= !(b->bottleneck = malloc(n));
    return bad ? -1 : 0;
}

static void free_buffers(const ms_plan *pl, buffers *b) {
    for (size_t m = 0; m < pl->n_metrics; m++) free(b->metric[m]);
    free(b->status);
    free(b->bottleneck);
}

/* The chunk computed last round, written this round by the master thread while the other
   threads compute the next one (engine/plan.c, ms_plan_eval_chunk_beside). */
typedef struct pending_write {
    ms_h5out *out;
    const ms_plan *pl;
    ms_run_pareto *front;
    const buffers *b;    /* its buffers: the other set from the one being computed into */
    int64_t k, feas;     /* k < 0: nothing of this rank's (collective writes still take part) */
    int bad, pareto_bad; /* this write failed; the Pareto front failed once (it stays failed) */
    double secs;
    ms_h5pack *pack; /* one rank, compressed: the chunk was packed on every thread (h5pack.h) */
    int pack_bad;    /* ... and zlib failed on it */
} pending_write;

static void write_pending(void *arg) {
    pending_write *w = arg;
    const double t = MPI_Wtime();
    if (w->k >= 0 &&
        ms_run_pareto_chunk(w->front, w->pl, (uint64_t)w->k, w->b->metric, w->b->status))
        w->pareto_bad = 1;
    int wrc;
    if (w->pack) /* one rank: its chunk's compressed bytes as they are, nothing collective */
        wrc = w->k >= 0 && (w->pack_bad || ms_h5_write_packed(w->out, w->pl, w->pack));
    else
        wrc = ms_h5_write_chunk(w->out, w->pl, w->k, w->b->metric, w->b->status, w->b->bottleneck);
    w->bad = wrc ? 1 : w->pareto_bad;
    w->secs = MPI_Wtime() - t;
}

/* Gather the batch's (chunk, feasible) pairs to rank 0 and update its maps. */
static void gather_batch(const ms_plan *pl, int rank, int size, const int64_t *pairs, int n,
                         uint8_t *done, int64_t *feasible) {
    int *counts = NULL, *displs = NULL;
    int64_t *all = NULL;
    int cnt = 2 * n, total = 0;
    if (rank == 0) counts = calloc((size_t)size, sizeof *counts);
    MPI_Gather(&cnt, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        displs = calloc((size_t)size, sizeof *displs);
        for (int r = 0; r < size; r++) displs[r] = total, total += counts[r];
        all = malloc((size_t)(total ? total : 1) * sizeof *all);
    }
    MPI_Gatherv(pairs, cnt, MPI_INT64_T, all, counts, displs, MPI_INT64_T, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        for (int i = 0; i + 1 < total; i += 2) {
            uint64_t k = (uint64_t)all[i];
            if (k < pl->n_chunks) {
                done[k] = 1;
                feasible[k] = all[i + 1];
            }
        }
        free(all);
        free(counts);
        free(displs);
    }
}

static uint64_t splitmix64(uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static int by_key(const void *a, const void *b) {
    const uint64_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Order chunk indices by a hash of themselves: deterministic, and independent of the grid's
   shape. Left as it is if there is no memory for the keys (any order is correct). */
static void shuffle_chunks(uint64_t *todo, size_t n) {
    uint64_t *kv = malloc((n ? n : 1) * 2 * sizeof *kv);
    if (!kv) return;
    for (size_t i = 0; i < n; i++) kv[2 * i] = splitmix64(todo[i]), kv[2 * i + 1] = todo[i];
    qsort(kv, n, 2 * sizeof *kv, by_key);
    for (size_t i = 0; i < n; i++) todo[i] = kv[2 * i + 1];
    free(kv);
}

int ms_sweep_run(const ms_plan *pl, const ms_sweep_opts *o) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const double t0 = MPI_Wtime();
    uint8_t *done = calloc(pl->n_chunks, 1);
    int64_t *feasible = calloc(pl->n_chunks, sizeof *feasible);
    uint64_t *todo = malloc(pl->n_chunks * sizeof *todo);
    if (!done || !feasible || !todo) {
        fprintf(stderr, "mlsweep run: out of memory for %llu chunks\n",
                (unsigned long long)pl->n_chunks);
        MPI_Abort(MPI_COMM_WORLD, MS_EXIT_RUNTIME);
    }
    double tp0 = MPI_Wtime();
    int code = prepare(pl, o, rank, done, feasible);
    double t_prepare = MPI_Wtime() - tp0, t_compute = 0, t_write = 0, t_commit = 0, t_open = 0,
           t_sync = 0;
    if (code) {
        free(done), free(feasible), free(todo);
        if (code < 0) {
            if (rank == 0 && !o->quiet)
                fprintf(stderr, "mlsweep run: %s is already complete\n", o->out);
            if (rank == 0) printf("%s\n", o->out);
            return MS_EXIT_OK;
        }
        return code;
    }
    /* the chunks left, split statically over the ranks by point count */
    size_t n_todo = 0;
    uint64_t prior = 0, left = 0, st[MS_PLAN_MAX_AXES], ct[MS_PLAN_MAX_AXES];
    for (uint64_t k = 0; k < pl->n_chunks; k++) {
        uint64_t pts = ms_plan_chunk_box(pl, k, st, ct);
        if (done[k])
            prior += pts;
        else
            todo[n_todo++] = k, left += pts;
    }
    /* shuffled (a fixed pseudo-random order, the same on every rank) before the split:
       neighbouring chunks cost alike (the same models, the same fast-failing layouts), so
       contiguous parts of the grid can differ 2x in work, and a regular deal aliases with any
       axis whose size shares a factor with the rank count; shuffled shares do neither */
    if (size > 1) shuffle_chunks(todo, n_todo);
    /* split statically over the nodes, as the shares of their ranks together; the ranks of a
       node take their node's chunks from a shared counter (the static split of every chunk
       over the ranks is the fallback) */
    ms_dealer deal;
    int span_lo, span_hi;
    const int shared = ms_dealer_open(&deal, &span_lo, &span_hi);
    size_t first, last;
    ms_plan_decompose(pl, todo, n_todo, span_lo, span_hi, size, &first, &last);
    ms_dealer_start(&deal, todo, first, last);
    const size_t mine = last - first; /* at most this many chunks here */

    char err[600] = "";
    ms_h5out out;
    /* two buffer sets when threads can overlap a chunk's write with the next one's compute;
       one thread writes first and computes after, into the same set */
    buffers buf[2];
    const int nbuf = omp_get_max_threads() > 1 ? 2 : 1;
    int bad = 0, pareto_oom = 0;
    memset(buf, 0, sizeof buf);
    for (int i = 0; i < nbuf; i++) bad |= alloc_buffers(pl, &buf[i]) ? 1 : 0;
    ms_run_pareto *front = ms_run_pareto_new(pl, &pareto_oom); /* output.pareto, or NULL */
    if (pareto_oom) bad = 1;
    tp0 = MPI_Wtime();
    if (!bad && ms_h5_open(&out, pl, o->out, MPI_COMM_WORLD, err, sizeof err)) bad = 2;
    t_open = MPI_Wtime() - tp0;
    int any_bad = 0;
    MPI_Allreduce(&bad, &any_bad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (any_bad) {
        if (bad)
            fprintf(stderr, "mlsweep run: %s\n",
                    bad == 1 ? "out of memory for the chunk buffers" : err);
        if (bad != 1) ms_h5_close(&out);
        for (int i = 0; i < nbuf; i++) free_buffers(pl, &buf[i]);
        ms_run_pareto_free(front);
        ms_dealer_close(&deal); /* collective: every rank takes this path (any_bad) */
        free(done), free(feasible), free(todo);
        return MS_EXIT_RUNTIME;
    }
    ms_sweep_install_signals(); /* again: MPI_Init or HDF5 may have replaced them */
    ms_progress prog;
    if (rank == 0) ms_progress_start(&prog, !o->quiet, pl->points, prior, left);
    int64_t *pairs = malloc((mine > 0 ? mine : 1) * 2 * sizeof *pairs);
    int n_pairs = 0;
    uint64_t computed_all = 0, computed_mine = 0;
    double last_commit = MPI_Wtime(), last_ask = last_commit;
    long n_commits = 0;
    int stopped = 0, failed = 0;
    pending_write pend = {&out, pl, front, &buf[0], -1, 0, 0, 0, 0.0, NULL, 0};
    ms_h5pack pack;
    if (ms_h5_direct(&out, pl)) {
        unsigned char fills[MS_H5PACK_MAX][8];
        if (ms_h5_fills(&out, pl, fills) == 0 && ms_h5pack_init(&pack, pl, fills[0]) == 0)
            pend.pack = &pack; /* else HDF5's own filters, on this thread, as with several ranks */
    }
    /* test hook: MLSWEEP_TEST_CHUNK_DELAY_US slows every round by that many microseconds, so
       that tests which signal a running sweep (tests/slurm) do not race a fast machine */
    const char *delay_s = getenv("MLSWEEP_TEST_CHUNK_DELAY_US");
    const long delay_us = delay_s ? strtol(delay_s, NULL, 10) : 0;
    /* Round r computes the chunk this rank is dealt next and writes the one computed in round
       r-1 (r >= 1), the write beside the compute; the first round in which no rank was dealt a
       chunk only writes, and is the last. A chunk counts as done once written, so a stop leaves
       at most the one in flight undone. One reduction per round (stop requests, rank 0's batch
       clock, write errors, progress, "dealt nothing"), answered LAG rounds late: round r's is
       started after its write and waited for after round r+LAG's compute, so ranks may drift
       LAG chunks apart instead of waiting for the slowest one every round (chunks differ in
       cost). Every rank acts on the same round's answer at the same point, so commits
       (collective) stay in step; a stop or an error takes effect up to LAG chunks later, and
       the end is seen LAG rounds after the last write (those rounds write nothing). LAG 4 kept
       two ranks within 4 chunks of each other, and on bench/scale.yaml they waited 0.07-0.14 s
       of a 2.2 s run for each other even with chunks dealt dynamically (the lag is a random
       walk of chunk costs against a wall); at 32 the wait is ~1 ms, and a stop still takes
       effect well inside a second on chunks of 2^18 points (Slurm warns 300 s ahead). */
    enum { LAG = 32, NFLAGS = 5 };
    long long flags[LAG][NFLAGS], sum[LAG][NFLAGS];
    MPI_Request req[LAG];
    for (int i = 0; i < LAG; i++) req[i] = MPI_REQUEST_NULL;
    int dealt_out = 0; /* no chunk is left for this rank (a deal never restarts) */
    for (long long r = 0;; r++) {
        const int writing = r >= 1;
        int wbad = 0;
        const int64_t k = dealt_out ? -1 : ms_dealer_next(&deal);
        if (k < 0) dealt_out = 1;
        if (k >= 0 && delay_us > 0 && delay_us < 1000000) {
            struct timespec ts = {0, delay_us * 1000L};
            nanosleep(&ts, NULL);
        }
        const buffers *cur = &buf[r % nbuf];
        int64_t feas = 0;
        pend.secs = 0;
        if (writing && pend.pack && pend.k >= 0) {
            /* compress the chunk to write on every thread, then write it beside the next one's
               compute (writing is then only I/O) */
            const double tp = MPI_Wtime();
            pend.pack_bad = ms_h5pack_chunk(pend.pack, pl, (uint64_t)pend.k, pend.b->metric,
                                            pend.b->status, pend.b->bottleneck);
            t_write += MPI_Wtime() - tp;
        }
        double tc = MPI_Wtime();
        if (k >= 0) {
            feas = (int64_t)ms_plan_eval_chunk_beside(pl, (uint64_t)k, cur->metric, cur->status,
                                                      cur->bottleneck,
                                                      writing ? write_pending : NULL, &pend);
            computed_mine += ms_plan_chunk_box(pl, (uint64_t)k, st, ct);
        } else if (writing)
            write_pending(&pend);
        const double region = MPI_Wtime() - tc;
        t_write += pend.secs; /* the master's time, split: writing, and computing */
        t_compute += region - pend.secs;
        if (writing) {
            wbad = pend.bad;
            if (pend.k >= 0 && !wbad) {
                pairs[2 * n_pairs] = pend.k;
                pairs[2 * n_pairs + 1] = pend.feas;
                n_pairs++;
            }
        }
        pend.k = k, pend.feas = feas, pend.b = cur; /* next round's write */
        const long long q = r - LAG;                /* the round whose answer is due now */
        if (q >= 0) {
            const int s = (int)(q % LAG);
            double tq = MPI_Wtime();
            MPI_Wait(&req[s], MPI_STATUS_IGNORE);
            t_sync += MPI_Wtime() - tq;
            /* round q dealt no rank a chunk: its writes were everyone's last */
            const int final = sum[s][4] == size;
            computed_all = (uint64_t)sum[s][3];
            if (sum[s][2]) {
                failed = 1;
                break;
            }
            /* the final answer commits everything: by then every chunk has been written */
            if (sum[s][0] || sum[s][1] || final) {
                double tm = MPI_Wtime();
                gather_batch(pl, rank, size, pairs, n_pairs, done, feasible);
                n_pairs = 0;
                if (ms_h5_commit(&out, pl, done, feasible)) {
                    failed = 1;
                    break;
                }
                last_commit = MPI_Wtime();
                t_commit += last_commit - tm;
                n_commits++;
            }
            if (rank == 0) ms_progress_update(&prog, computed_all, final);
            if (final) break;
            if (sum[s][0]) {
                stopped = 1; /* the chunks written since are in this commit too */
                break;
            }
        }
        const int s = (int)(r % LAG);
        flags[s][0] = stop_signal != 0;
        /* rank 0 asks for a commit once per interval: its answer comes LAG rounds later, and
           asking in every round until then made LAG commits (each a flush and an fsync) out of
           one (--commit-interval 0 still asks, and commits, in every round) */
        const double now = MPI_Wtime();
        flags[s][1] = rank == 0 && now - last_ask >= o->commit_interval;
        if (flags[s][1]) last_ask = now;
        flags[s][2] = wbad;
        flags[s][3] = (long long)computed_mine;
        flags[s][4] = k < 0;
        MPI_Iallreduce(flags[s], sum[s], NFLAGS, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD, &req[s]);
    }
    MPI_Waitall(LAG, req, MPI_STATUSES_IGNORE); /* those still open after a break */
    ms_dealer_close(&deal);
    if (rank == 0) ms_progress_end(&prog);
    free(pairs);
    if (pend.pack) ms_h5pack_free(pend.pack);
    for (int i = 0; i < nbuf; i++) free_buffers(pl, &buf[i]);
    int crc = ms_h5_close(&out) ? 1 : 0, any_crc = 0;
    MPI_Allreduce(&crc, &any_crc, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (failed || any_crc) {
        if (rank == 0)
            fprintf(stderr,
                    "mlsweep run: writing %s failed (disk full?); the file is "
                    "incomplete, rerun with --resume\n",
                    o->out);
        free(done), free(feasible), free(todo);
        ms_run_pareto_free(front);
        return MS_EXIT_RUNTIME;
    }
    if (pl->pareto_k && !stopped &&
        ms_run_pareto_write(front, pl, o->out, prior > 0, err, sizeof err)) { /* /pareto */
        if (rank == 0) fprintf(stderr, "mlsweep run: %s\n", err);
        free(done), free(feasible), free(todo);
        ms_run_pareto_free(front);
        return MS_EXIT_RUNTIME;
    }
    ms_run_pareto_free(front);
    double wall = MPI_Wtime() - t0;
    /* MLSWEEP_PROFILE=1: where rank 0's time went (bench/ reads these lines) */
    if (rank == 0 && getenv("MLSWEEP_PROFILE")) {
        char how[64] = "statically";
        if (size < 2)
            snprintf(how, sizeof how, "to one rank");
        else if (shared && deal.nodes > 1)
            snprintf(how, sizeof how, "from a shared counter on each of %d nodes", deal.nodes);
        else if (shared)
            snprintf(how, sizeof how, "from a shared counter");
        fprintf(stderr,
                "mlsweep profile: prepare %.3f s, open %.3f s, compute %.3f s, write %.3f s, "
                "commit %.3f s (%ld commits), waiting for other ranks %.3f s, total %.3f s; "
                "chunks dealt %s\n",
                t_prepare, t_open, t_compute, t_write, t_commit, n_commits, t_sync, wall, how);
    }
    code = stopped ? MS_EXIT_RESUMABLE : MS_EXIT_OK;
    if (rank == 0) {
        ms_run_info info = {size, omp_get_max_threads(), wall > 0 ? (double)computed_all / wall : 0,
                            !stopped};
        int64_t feas_total = 0;
        if (ms_h5_finish(pl, o->out, &info, &feas_total, err, sizeof err)) {
            fprintf(stderr, "mlsweep run: %s\n", err);
            code = MS_EXIT_RUNTIME;
        } else {
            struct stat sb;
            char abs[4096];
            const char *where = realpath(o->out, abs) ? abs : o->out;
            double bytes = stat(o->out, &sb) == 0 ? (double)sb.st_size : 0;
            int cores = size * info.threads;
            if (!o->quiet) {
                if (stopped)
                    fprintf(stderr,
                            "mlsweep run: stopped by signal %d after a committed batch: "
                            "%llu of %llu points done; continue with --resume (exit 4)\n",
                            (int)stop_signal, (unsigned long long)(prior + computed_all),
                            (unsigned long long)pl->points);
                fprintf(stderr,
                        "mlsweep run: %s %s: %llu points (%llu feasible, %.1f%%), %llu computed "
                        "now in %.2f s on %d rank(s) x %d thread(s)\n"
                        "mlsweep run: %.3g points/s, %.3g points/s per core, %.1f MB written "
                        "(rank 0: solving %.2f s, writing %.2f s)\n",
                        stopped ? "partial" : "wrote", where, (unsigned long long)pl->points,
                        (unsigned long long)feas_total,
                        pl->points ? 100.0 * (double)feas_total / (double)pl->points : 0,
                        (unsigned long long)computed_all, wall, size, info.threads,
                        info.points_per_s, info.points_per_s / cores, bytes / 1e6, t_compute,
                        t_write);
                /* one rank deflates its chunks on all of its threads (h5pack.h) */
                if (pl->deflate_level >= 0 && size == 1 && wall >= 0.2 && t_write > 0.5 * wall)
                    fprintf(stderr,
                            "mlsweep run: compressing took most of the run, on %d thread(s): "
                            "more threads or ranks share it (compression: none skips it)\n",
                            info.threads);
                if (!stopped) print_next_steps(pl, where);
            }
            if (!stopped) ms_journal_remove(o->out); /* complete: nothing left to recover */
            printf("%s\n", o->out);
            fflush(stdout);
        }
    }
    MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
    free(done), free(feasible), free(todo);
    return code;
}
