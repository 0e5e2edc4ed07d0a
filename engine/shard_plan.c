/* shard_plan.c - restrict a sweep plan to one shard (see shard.h). */
#include "plan.h"
#include "shard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ms_shard_plan(ms_plan *pl, long k, long shards, char *err, size_t errlen) {
    if (pl->n_axes == 0) {
        snprintf(err, errlen, "a job without axes cannot be split into shards");
        return -1;
    }
    ms_axis *ax = &pl->axes[0];
    uint64_t start, count, n = ax->n;
    if (ms_shard_range(n, k, shards, &start, &count, err, errlen)) return -1;
    /* keep values [start, start + count) at the front of the same allocations, so that
     * ms_plan_free still frees them */
    if (ax->names) {
        for (uint64_t i = 0; i < n; i++)
            if (i < start || i >= start + count) free(ax->names[i]);
        memmove(ax->names, ax->names + start, count * sizeof *ax->names);
    }
    if (ax->vals) memmove(ax->vals, ax->vals + start, count * sizeof *ax->vals);
    if (ax->ptrs) memmove(ax->ptrs, ax->ptrs + start, count * sizeof *ax->ptrs);
    ax->n = count;
    pl->points = pl->points / n * count;
    pl->shard = k;
    pl->shards = shards;
    pl->shard_start = start;
    pl->shard_count = count;
    ms_plan_chunking(pl);
    return 0;
}
