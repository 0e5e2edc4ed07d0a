/* resinfo.h - what `status` and `merge` need to know about one result file: its provenance
 * attributes, its shard slice, its grid and chunk shape, and how much of it is done. */
#ifndef MS_RESINFO_H
#define MS_RESINFO_H
#include "chunkgrid.h"

#include <hdf5.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ms_resinfo {
    char *job_name, *mode, *job_text, *axes, *registry_checksums, *git_commit;
    char *start_time, *end_time;
    int64_t format_version, complete, points, points_feasible, ranks, threads;
    double points_per_s;
    int is_shard;
    int64_t shard, shards, shard_start, shard_count;
    char *shard_axis;
    ms_chunkgrid grid;    /* dims from /status, chunk from /progress/done's chunk_shape */
    uint64_t chunks_done; /* entries of /progress/done equal to 1 */
    uint64_t points_done; /* points in those chunks */
} ms_resinfo;

/* Reads everything from the open file f (named path in messages). Returns 0, or -1 with a
 * one-line message in err: not a mlsweep result file, or an inconsistent one. */
int ms_resinfo_read(hid_t f, const char *path, ms_resinfo *ri, char *err, size_t errlen);
void ms_resinfo_free(ms_resinfo *ri);
#endif
