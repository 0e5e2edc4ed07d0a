/* resinfo.c - read a result file's summary (see resinfo.h, docs/file-format.md). */
#include "resinfo.h"
#include "h5read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Counts the 1s of /progress/done and the points of those chunks, in slabs of bounded memory. */
static int read_done(hid_t d, ms_resinfo *ri, char *err, size_t errlen, const char *path) {
    hid_t sp = H5Dget_space(d);
    hsize_t n = 0;
    int ok = H5Sget_simple_extent_ndims(sp) == 1 && H5Sget_simple_extent_dims(sp, &n, NULL) == 1;
    if (!ok || n != ri->grid.n_chunks) {
        H5Sclose(sp);
        snprintf(err, errlen,
                 "%s: /progress/done has %llu entries but the chunk grid has %llu chunks", path,
                 (unsigned long long)n, (unsigned long long)ri->grid.n_chunks);
        return -1;
    }
    enum { SLAB = 1 << 16 };
    uint8_t *buf = malloc(SLAB);
    uint64_t start[MS_CG_MAX_AXES], count[MS_CG_MAX_AXES];
    int rc = buf ? 0 : -1;
    for (hsize_t off = 0; rc == 0 && off < n; off += SLAB) {
        hsize_t cnt = n - off < SLAB ? n - off : SLAB;
        hid_t ms = H5Screate_simple(1, &cnt, NULL);
        H5Sselect_hyperslab(sp, H5S_SELECT_SET, &off, NULL, &cnt, NULL);
        if (H5Dread(d, H5T_NATIVE_UINT8, ms, sp, H5P_DEFAULT, buf) < 0) rc = -1;
        H5Sclose(ms);
        for (hsize_t i = 0; rc == 0 && i < cnt; i++)
            if (buf[i] == 1) {
                ri->chunks_done++;
                ri->points_done += ms_cg_box(&ri->grid, off + i, start, count);
            }
    }
    free(buf);
    H5Sclose(sp);
    if (rc) snprintf(err, errlen, "%s: /progress/done cannot be read", path);
    return rc;
}

/* The grid: shape of /status, chunk shape from /progress/done (the writer's record of it). */
static int read_grid(hid_t f, ms_resinfo *ri, char *err, size_t errlen, const char *path) {
    if (H5Lexists(f, "status", H5P_DEFAULT) <= 0 || H5Lexists(f, "progress", H5P_DEFAULT) <= 0 ||
        H5Lexists(f, "progress/done", H5P_DEFAULT) <= 0) {
        snprintf(err, errlen, "%s: no /status or /progress/done: not a complete mlsweep header",
                 path);
        return -1;
    }
    hid_t s = H5Dopen2(f, "status", H5P_DEFAULT);
    hid_t sp = s >= 0 ? H5Dget_space(s) : -1;
    int rank = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    hsize_t dims[MS_CG_MAX_AXES];
    uint64_t d64[MS_CG_MAX_AXES], chunk[MS_CG_MAX_AXES];
    int ok =
        rank >= 1 && rank <= MS_CG_MAX_AXES && H5Sget_simple_extent_dims(sp, dims, NULL) == rank;
    if (sp >= 0) H5Sclose(sp);
    if (s >= 0) H5Dclose(s);
    if (!ok) {
        snprintf(err, errlen, "%s: /status has no usable shape", path);
        return -1;
    }
    for (int i = 0; i < rank; i++) d64[i] = dims[i];
    hid_t d = H5Dopen2(f, "progress/done", H5P_DEFAULT);
    size_t nc = 0;
    int rc = -1;
    if (d >= 0 && ms_h5r_attr_u64v(d, "chunk_shape", chunk, MS_CG_MAX_AXES, &nc) == 0 &&
        nc == (size_t)rank && ms_cg_init(&ri->grid, (size_t)rank, d64, chunk) == 0)
        rc = read_done(d, ri, err, errlen, path);
    else
        snprintf(err, errlen, "%s: /progress/done has no valid chunk_shape attribute", path);
    if (d >= 0) H5Dclose(d);
    return rc;
}

int ms_resinfo_read(hid_t f, const char *path, ms_resinfo *ri, char *err, size_t errlen) {
    memset(ri, 0, sizeof *ri);
    ri->complete = -1;
    if (ms_h5r_attr_i64(f, "mlsweep_format_version", &ri->format_version) != 0) {
        snprintf(err, errlen, "%s: not a mlsweep result file (no mlsweep_format_version attribute)",
                 path);
        return -1;
    }
    if (ri->format_version != 1) {
        snprintf(err, errlen, "%s: result format version %lld, this build reads version 1", path,
                 (long long)ri->format_version);
        return -1;
    }
    ms_h5r_attr_str(f, "job_name", &ri->job_name);
    ms_h5r_attr_str(f, "mode", &ri->mode);
    ms_h5r_attr_str(f, "job_text", &ri->job_text);
    ms_h5r_attr_str(f, "axes", &ri->axes);
    ms_h5r_attr_str(f, "registry_checksums", &ri->registry_checksums);
    ms_h5r_attr_str(f, "git_commit", &ri->git_commit);
    ms_h5r_attr_str(f, "start_time", &ri->start_time);
    ms_h5r_attr_str(f, "end_time", &ri->end_time);
    ms_h5r_attr_i64(f, "complete", &ri->complete);
    ms_h5r_attr_i64(f, "points", &ri->points);
    ms_h5r_attr_i64(f, "points_feasible", &ri->points_feasible);
    ms_h5r_attr_i64(f, "ranks", &ri->ranks);
    ms_h5r_attr_i64(f, "threads", &ri->threads);
    ms_h5r_attr_f64(f, "points_per_s", &ri->points_per_s);
    if (ms_h5r_attr_i64(f, "shard", &ri->shard) == 0) {
        ri->is_shard = 1;
        if (ms_h5r_attr_i64(f, "shards", &ri->shards) ||
            ms_h5r_attr_i64(f, "shard_start", &ri->shard_start) ||
            ms_h5r_attr_i64(f, "shard_count", &ri->shard_count) ||
            ms_h5r_attr_str(f, "shard_axis", &ri->shard_axis)) {
            snprintf(err, errlen,
                     "%s: has a 'shard' attribute but not shards, shard_axis, "
                     "shard_start and shard_count",
                     path);
            return -1;
        }
    }
    return read_grid(f, ri, err, errlen, path);
}

void ms_resinfo_free(ms_resinfo *ri) {
    free(ri->job_name);
    free(ri->mode);
    free(ri->job_text);
    free(ri->axes);
    free(ri->registry_checksums);
    free(ri->git_commit);
    free(ri->start_time);
    free(ri->end_time);
    free(ri->shard_axis);
    memset(ri, 0, sizeof *ri);
}
