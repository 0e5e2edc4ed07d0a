/* test_h5pack.c - chunks packed on every thread (engine/h5pack.c) decode to what HDF5's own
 * shuffle and deflate filters would have stored: the byte shuffle by hand; then every chunk of
 * small grids (float32 and float64 metrics, shuffle on and off, edge chunks: the engine splits
 * one axis, keeping those after it whole) inflated with zlib, unshuffled and compared point by
 * point with the chunk buffers, the part of an edge chunk outside the grid holding each dataset's
 * fill value. (The engine tests compare whole files written this way, by one rank, with those HDF5
 * filtered, by two.) */
#include "check.h"
#include "h5pack.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static char path[256];

static void shuffle_by_hand(void) {
    /* three 4-byte elements a b c: byte j of every element, then byte j+1 of every element */
    const unsigned char src[12] = {0xa0, 0xa1, 0xa2, 0xa3, 0xb0, 0xb1,
                                   0xb2, 0xb3, 0xc0, 0xc1, 0xc2, 0xc3};
    const unsigned char want[12] = {0xa0, 0xb0, 0xc0, 0xa1, 0xb1, 0xc1,
                                    0xa2, 0xb2, 0xc2, 0xa3, 0xb3, 0xc3};
    unsigned char got[12];
    ms_h5pack_shuffle(src, got, 3, 4);
    CHECK(memcmp(got, want, 12) == 0);
    ms_h5pack_shuffle(src, got, 12, 1); /* 1-byte elements stay as they are */
    CHECK(memcmp(got, src, 12) == 0);
}

/* one job: every chunk packed, inflated and checked; returns the edge chunks seen */
static int check_job(const char *output) {
    char text[1024], err[700];
    snprintf(text, sizeof text,
             "name: p\nmode: serve\naxes:\n  hardware: [h100-sxm, mi300x, l4]\n"
             "  batch: {from: 1, to: 64, times: 2}\n  prompt_tokens: [512, 2048, 8192]\n"
             "  output_tokens: [128, 256, 1024, 2048, 4096]\n"
             "workload: {model: llama31-8b}\nfleet: {duration_days: 365, utilization: 0.6}\n"
             "output: {%s}\n",
             output);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    ms_plan pl;
    if (ms_plan_load(&pl, path, NULL, NULL, 0, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        CHECK(0);
        return 0;
    }
    size_t elems = 1;
    for (size_t i = 0; i < pl.n_axes; i++) elems *= (size_t)pl.chunk[i];
    const size_t es = pl.float64 ? 8 : 4, nd = pl.n_metrics + 2;
    unsigned char fills[MS_H5PACK_MAX * 8];
    const double nan64 = NAN;
    const float nan32 = NAN;
    for (size_t d = 0; d < nd; d++) { /* NaN metrics, status 255, bottleneck 0 (as h5out.c) */
        memset(fills + 8 * d, 0, 8);
        if (d < pl.n_metrics) memcpy(fills + 8 * d, pl.float64 ? (const void *)&nan64 : &nan32, es);
        if (d == pl.n_metrics) fills[8 * d] = 255;
    }
    ms_h5pack pk;
    CHECK(ms_h5pack_init(&pk, &pl, fills) == 0);
    void *bufs[MS_METRIC_MAX_STORED];
    for (size_t m = 0; m < pl.n_metrics; m++) bufs[m] = malloc(elems * es);
    uint8_t *st = malloc(elems), *bn = malloc(elems);
    unsigned char *raw = malloc(elems * 8), *plain = malloc(elems * 8);
    int edges = 0, bad = 0;
    for (uint64_t k = 0; k < pl.n_chunks; k++) {
        uint64_t s0[MS_PLAN_MAX_AXES], cnt[MS_PLAN_MAX_AXES];
        const uint64_t in = ms_plan_chunk_box(&pl, k, s0, cnt);
        int cut = 0;
        for (size_t i = 0; i < pl.n_axes; i++) cut += cnt[i] < pl.chunk[i];
        edges += cut > 0;
        ms_plan_eval_chunk(&pl, k, bufs, st, bn);
        CHECK(ms_h5pack_chunk(&pk, &pl, k, bufs, st, bn) == 0);
        CHECK(pk.k == k);
        for (size_t d = 0; d < nd; d++) {
            const size_t e = d < pl.n_metrics ? es : 1;
            uLongf len = (uLongf)(elems * e);
            bad |= uncompress(raw, &len, pk.out[d], (uLong)pk.len[d]) != Z_OK || len != elems * e;
            if (pl.shuffle && e > 1) /* undo the shuffle */
                for (size_t j = 0; j < e; j++)
                    for (size_t i = 0; i < elems; i++) plain[i * e + j] = raw[j * elems + i];
            else
                memcpy(plain, raw, elems * e);
            const unsigned char *src = d < pl.n_metrics    ? (const unsigned char *)bufs[d]
                                       : d == pl.n_metrics ? st
                                                           : bn;
            for (size_t i = 0; i < elems; i++) { /* point i of the full chunk, C order */
                size_t rem = i, at = 0, inside = 1, c[MS_PLAN_MAX_AXES];
                for (size_t a = pl.n_axes; a-- > 0;) c[a] = rem % pl.chunk[a], rem /= pl.chunk[a];
                for (size_t a = 0; a < pl.n_axes; a++) {
                    inside &= c[a] < cnt[a];
                    at = at * cnt[a] + c[a];
                }
                const unsigned char *want = inside ? src + at * e : fills + 8 * d;
                bad |= memcmp(plain + i * e, want, e) != 0;
            }
        }
        CHECK(in <= elems);
    }
    CHECK(!bad);
    for (size_t m = 0; m < pl.n_metrics; m++) free(bufs[m]);
    free(st), free(bn), free(raw), free(plain);
    ms_h5pack_free(&pk);
    CHECK(pk.n == 0 && pk.scratch == NULL);
    ms_plan_free(&pl);
    return edges;
}

int main(void) {
    snprintf(path, sizeof path, "/tmp/test_h5pack_%d.yaml", (int)getpid());
    shuffle_by_hand();
    /* 3 x 7 x 3 x 5 points; output_tokens whole in every chunk, then prompt_tokens (3 = 2 + 1)
       or batch (7 = 3 + 3 + 1) split, the last chunk along it an edge chunk */
    CHECK(check_job("compression: deflate, level: 1, chunk_points: 10") > 0);
    CHECK(check_job("compression: deflate, level: 6, shuffle: false, chunk_points: 12") > 0);
    CHECK(check_job("compression: deflate, level: 9, precision: float64, chunk_points: 45") > 0);
    CHECK(check_job("compression: deflate, level: 0") == 0); /* one whole chunk */
    remove(path);
    return check_done();
}
