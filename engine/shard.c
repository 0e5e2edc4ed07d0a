/* shard.c - balanced contiguous slices of the outermost axis (see shard.h). */
#include "shard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int ms_shard_range(uint64_t n, long k, long shards, uint64_t *start, uint64_t *count, char *err,
                   size_t errlen) {
    if (shards < 1) {
        snprintf(err, errlen, "the number of shards must be at least 1 (got %ld)", shards);
        return -1;
    }
    if (k < 0 || k >= shards) {
        snprintf(err, errlen, "shard %ld does not exist: shards are numbered 0..%ld", k,
                 shards - 1);
        return -1;
    }
    if ((uint64_t)shards > n) {
        snprintf(err, errlen,
                 "%ld shards but the outermost axis has only %llu values: a shard would be empty",
                 shards, (unsigned long long)n);
        return -1;
    }
    uint64_t base = n / (uint64_t)shards, extra = n % (uint64_t)shards, uk = (uint64_t)k;
    *start = uk * base + (uk < extra ? uk : extra);
    *count = base + (uk < extra ? 1 : 0);
    return 0;
}

int ms_shard_parse(const char *s, long lo, long hi, long *out) {
    if (!s || !*s) return -1;
    for (const char *c = s; *c; c++)
        if (*c < '0' || *c > '9') return -1; /* no sign, no spaces, no "4.0" */
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}
