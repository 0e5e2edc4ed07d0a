/* shard.h - which slice of a sweep one shard of a job array computes.
 *
 * A sweep split into N shards is cut along its outermost axis (the slowest-varying one, so that
 * every shard is one contiguous block of the row-major grid) into N balanced contiguous ranges:
 * the first n % N shards get one value more than the others. `mlsweep run --shard K --shards N`,
 * `mlsweep submit --array N` and `mlsweep merge` all use this one definition. */
#ifndef MS_SHARD_H
#define MS_SHARD_H
#include <stddef.h>
#include <stdint.h>

/* Range [*start, *start + *count) of an axis of n values held by shard k of shards.
 * Returns 0, or -1 with a one-line message in err (shards < 1, k out of range, more shards than
 * values: a shard would be empty). */
int ms_shard_range(uint64_t n, long k, long shards, uint64_t *start, uint64_t *count, char *err,
                   size_t errlen);

/* Parses a shard count or index: a decimal integer in [lo, hi], nothing else. Returns 0 or -1. */
int ms_shard_parse(const char *s, long lo, long hi, long *out);
#endif
