/* cmd_status.c - `mlsweep status FILE...`: progress of running or stopped sweeps.
 *
 * Reads only the header, /progress/done and the shape of /status, so it is instant on any grid
 * size and safe beside a running writer (the file is opened read-only, without a lock).
 * Exit codes: 0 every file complete, 4 some file not complete (running, stopped by a signal, or
 * crashed: resumable), 1 bad arguments or not a result file, 2 a file could not be read. */
#include "commands.h"
#include "exitcodes.h"
#include "h5read.h"
#include "jsonw.h"
#include "resinfo.h"
#include "watchdog.h"

#include <stdio.h>
#include <string.h>

static const ms_optspec specs[] = {
    {"format", 1, 0, "text | json (default text)"},
    {"help", 0, 0, "show this help"},
};
#define NSPECS (sizeof specs / sizeof specs[0])

static double pct(uint64_t a, uint64_t b) {
    return b ? 100.0 * (double)a / (double)b : 0.0;
}

static void print_text(const char *path, const ms_resinfo *ri) {
    uint64_t pts = 1;
    for (size_t i = 0; i < ri->grid.rank; i++) pts *= ri->grid.dims[i];
    printf("%-10s %s\n", "file", path);
    printf("%-10s %s (%s)\n", "job", ri->job_name ? ri->job_name : "?", ri->mode ? ri->mode : "?");
    if (ri->is_shard)
        printf("%-10s %lld of %lld: %s[%lld..%lld)\n", "shard", (long long)ri->shard,
               (long long)ri->shards, ri->shard_axis, (long long)ri->shard_start,
               (long long)(ri->shard_start + ri->shard_count));
    printf("%-10s %llu / %llu done (%.1f %%)\n", "chunks", (unsigned long long)ri->chunks_done,
           (unsigned long long)ri->grid.n_chunks, pct(ri->chunks_done, ri->grid.n_chunks));
    printf("%-10s %llu / %llu done (%.1f %%)\n", "points", (unsigned long long)ri->points_done,
           (unsigned long long)pts, pct(ri->points_done, pts));
    if (ri->complete == 1)
        printf("%-10s yes (%lld feasible points)\n", "complete", (long long)ri->points_feasible);
    else
        printf("%-10s no (running, stopped or crashed; continue with: mlsweep run JOB --resume -o "
               "%s)\n",
               "complete", path);
}

static void print_json(const char *path, const ms_resinfo *ri, int first) {
    uint64_t pts = 1;
    for (size_t i = 0; i < ri->grid.rank; i++) pts *= ri->grid.dims[i];
    printf("%s  {\"file\": ", first ? "" : ",\n");
    ms_json_str(stdout, path);
    printf(", \"job_name\": ");
    ms_json_str(stdout, ri->job_name);
    printf(", \"chunks_done\": %llu, \"chunks\": %llu, \"points_done\": %llu, \"points\": %llu, "
           "\"complete\": %s",
           (unsigned long long)ri->chunks_done, (unsigned long long)ri->grid.n_chunks,
           (unsigned long long)ri->points_done, (unsigned long long)pts,
           ri->complete == 1 ? "true" : "false");
    if (ri->is_shard) {
        printf(", \"shard\": %lld, \"shards\": %lld, \"shard_axis\": ", (long long)ri->shard,
               (long long)ri->shards);
        ms_json_str(stdout, ri->shard_axis);
        printf(", \"shard_start\": %lld, \"shard_count\": %lld", (long long)ri->shard_start,
               (long long)ri->shard_count);
    }
    printf("}");
}

int ms_cmd_status(int argc, char **argv) {
    ms_opts o;
    char err[1024];
    if (ms_opts_parse(&o, specs, NSPECS, argc, argv, err, sizeof err)) {
        fprintf(stderr, "mlsweep status: %s\n", err);
        return MS_EXIT_INPUT;
    }
    if (ms_opts_flag(&o, "help")) {
        ms_opts_help(specs, NSPECS, "mlsweep status FILE... [--format text|json]",
                     "Progress of running or stopped sweeps: done chunks and points, the complete\n"
                     "flag and the shard slice. Safe to run beside a writer (read-only, no lock).\n"
                     "Exit codes: 0 all complete, 4 some not complete (resumable), 1 bad input or\n"
                     "not a result file, 2 a file could not be read.");
        return MS_EXIT_OK;
    }
    const char *fmt = ms_opts_get(&o, "format");
    int json = fmt && !strcmp(fmt, "json");
    if (fmt && !json && strcmp(fmt, "text") != 0) {
        fprintf(stderr, "mlsweep status: unknown format '%s' (text, json)\n", fmt);
        return MS_EXIT_INPUT;
    }
    if (o.n_pos == 0) {
        fprintf(stderr, "mlsweep status: no result file given (usage: mlsweep status FILE...)\n");
        return MS_EXIT_INPUT;
    }
    int worst_err = 0, incomplete = 0, shown = 0;
    if (json) printf("[\n");
    for (size_t i = 0; i < o.n_pos; i++) {
        int code = 0;
        ms_watchdog_arm_file("mlsweep status", o.pos[i], "", "");
        hid_t f = ms_h5r_open(o.pos[i], &code, err, sizeof err);
        ms_resinfo ri;
        if (f >= 0) {
            if (ms_resinfo_read(f, o.pos[i], &ri, err, sizeof err) != 0) code = MS_EXIT_INPUT;
            H5Fclose(f);
        }
        ms_watchdog_disarm();
        if (f < 0 || code) {
            fprintf(stderr, "mlsweep status: %s\n", err);
            if (f >= 0) ms_resinfo_free(&ri);
            /* bad input outranks an unreadable file: both mean "look at this" */
            if (worst_err == 0 || code == MS_EXIT_INPUT) worst_err = code;
            continue;
        }
        if (json)
            print_json(o.pos[i], &ri, shown == 0);
        else {
            if (shown) printf("\n");
            print_text(o.pos[i], &ri);
        }
        shown++;
        if (ri.complete != 1) incomplete = 1;
        ms_resinfo_free(&ri);
    }
    if (json) printf("\n]\n");
    if (worst_err) return worst_err;
    return incomplete ? MS_EXIT_RESUMABLE : MS_EXIT_OK;
}
