/* fuzz_job.c - libFuzzer harness: any bytes as a job file, through the whole of `mlsweep run`'s
 * planning (YAML tree, axes, settings, constraints, output, grid size, chunking), then a few
 * points of an accepted plan through the solver. Never a run and never an output file.
 *
 * Besides "no crash, no leak, no hang" it checks what the executor relies on, aborting (a
 * finding) if an accepted plan breaks it: the grid's size is the product of the axes, the
 * chunks tile the grid exactly, and the static decomposition hands every chunk to one rank. */
#include "plan.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_geometry(const ms_plan *pl) {
    uint64_t prod = 1;
    for (size_t a = 0; a < pl->n_axes; a++) {
        if (pl->axes[a].n == 0) abort(); /* an empty axis must be refused */
        prod *= pl->axes[a].n;
    }
    if (prod != pl->points || pl->n_chunks == 0) abort();
    if (pl->n_chunks > 4096) return; /* the walk below is linear in the chunks */
    uint64_t st[MS_PLAN_MAX_AXES], ct[MS_PLAN_MAX_AXES], sum = 0;
    uint64_t *todo = malloc(pl->n_chunks * sizeof *todo);
    if (!todo) return;
    for (uint64_t k = 0; k < pl->n_chunks; k++) {
        sum += ms_plan_chunk_box(pl, k, st, ct);
        for (size_t a = 0; a < pl->n_axes; a++)
            if (ct[a] == 0 || st[a] + ct[a] > pl->axes[a].n) abort();
        todo[k] = k;
    }
    if (sum != pl->points) abort();
    /* 3 ranks: the runs [first, last) are disjoint, ordered, and cover every chunk */
    size_t next = 0;
    for (int r = 0; r < 3; r++) {
        size_t first, last;
        ms_plan_decompose(pl, todo, pl->n_chunks, r, r + 1, 3, &first, &last);
        if (first == last) continue;
        if (first != next || last < first) abort();
        next = last;
    }
    if (next != pl->n_chunks) abort();
    free(todo);
}

/* The first, last and a middle value of every axis together: hostile values (1e15 tokens,
   tiny fractions) reach the solver exactly as the run would pass them. */
static void solve_some(const ms_plan *pl) {
    for (int pick = 0; pick < 3; pick++) {
        ms_point p = pl->base;
        for (size_t a = 0; a < pl->n_axes; a++) {
            uint64_t n = pl->axes[a].n;
            ms_plan_apply(pl, a, pick == 0 ? 0 : pick == 1 ? n - 1 : n / 2, &p);
        }
        ms_plan_finish_point(pl, &p);
        if (!p.region && pl->reg.n_regions) p.region = &pl->reg.regions[0];
        ms_result r;
        ms_solve(&p, &r);
        ms_plan_constrain(pl, &r);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* ms_plan_load reads a path: the input goes to a private file first */
    char path[64];
    snprintf(path, sizeof path, "/tmp/mlsweep-fuzz-job.%d.yaml", (int)getpid());
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return 0;
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0) break;
        off += (size_t)w;
    }
    close(fd);
    ms_plan pl;
    char err[1024];
    if (ms_plan_load(&pl, path, MS_FUZZ_CONFIG_DIR, NULL, 0, err, sizeof err) == 0) {
        check_geometry(&pl);
        solve_some(&pl);
        ms_plan_free(&pl);
    } else if (!memchr(err, ':', sizeof err)) {
        abort(); /* every refusal names FILE:LINE */
    }
    unlink(path);
    return 0;
}
