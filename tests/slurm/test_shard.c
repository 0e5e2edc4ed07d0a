/* test_shard.c - shard slices (engine/shard.c) and chunk grids read back from files
 * (engine/chunkgrid.c), against hand-derived values. */
#include "check.h"
#include "chunkgrid.h"
#include "shard.h"

#include <string.h>

static void test_ranges(void) {
    char err[256];
    uint64_t s, c;
    /* 10 values in 4 shards: 10 = 3 + 3 + 2 + 2, the first 10 % 4 = 2 shards get one more */
    const uint64_t want_s[] = {0, 3, 6, 8}, want_c[] = {3, 3, 2, 2};
    for (long k = 0; k < 4; k++) {
        CHECK(ms_shard_range(10, k, 4, &s, &c, err, sizeof err) == 0);
        CHECK(s == want_s[k] && c == want_c[k]);
    }
    /* one shard is the whole axis; as many shards as values: one value each */
    CHECK(ms_shard_range(7, 0, 1, &s, &c, err, sizeof err) == 0 && s == 0 && c == 7);
    CHECK(ms_shard_range(4, 3, 4, &s, &c, err, sizeof err) == 0 && s == 3 && c == 1);
    /* the slices tile the axis for every split of a 1000-value axis */
    int tiles = 1;
    for (long n = 1; n <= 64; n++) {
        uint64_t next = 0;
        for (long k = 0; k < n; k++) {
            if (ms_shard_range(1000, k, n, &s, &c, err, sizeof err) || s != next ||
                c < 1000 / (uint64_t)n || c > 1000 / (uint64_t)n + 1)
                tiles = 0;
            next = s + c;
        }
        if (next != 1000) tiles = 0;
    }
    CHECK(tiles);
    /* errors */
    CHECK(ms_shard_range(3, 0, 4, &s, &c, err, sizeof err) == -1 && strstr(err, "would be empty"));
    CHECK(ms_shard_range(10, 4, 4, &s, &c, err, sizeof err) == -1 && strstr(err, "0..3"));
    CHECK(ms_shard_range(10, -1, 4, &s, &c, err, sizeof err) == -1);
    CHECK(ms_shard_range(10, 0, 0, &s, &c, err, sizeof err) == -1 && strstr(err, "at least 1"));
}

static void test_parse(void) {
    long v = -7;
    CHECK(ms_shard_parse("4", 1, 100, &v) == 0 && v == 4);
    CHECK(ms_shard_parse("0", 0, 3, &v) == 0 && v == 0);
    CHECK(ms_shard_parse("0", 1, 3, &v) == -1);
    CHECK(ms_shard_parse("-1", 0, 3, &v) == -1);
    CHECK(ms_shard_parse("4.0", 0, 9, &v) == -1);
    CHECK(ms_shard_parse(" 4", 0, 9, &v) == -1);
    CHECK(ms_shard_parse("", 0, 9, &v) == -1);
    CHECK(ms_shard_parse("99999999999999999999999", 0, 9, &v) == -1);
}

static void test_chunks(void) {
    uint64_t chunk[3], st[3], ct[3];
    /* 64 * 512 = 32768 points per row of axis 0: 2^18 / 32768 = 8 rows per chunk */
    const uint64_t a[3] = {16, 64, 512};
    ms_cg_default_chunk(3, a, 1u << 18, chunk);
    CHECK(chunk[0] == 8 && chunk[1] == 64 && chunk[2] == 512);
    /* 300 * 1000 > 2^18: the middle axis is split, 2^18 / 1000 = 262 */
    const uint64_t b[3] = {10, 300, 1000};
    ms_cg_default_chunk(3, b, 1u << 18, chunk);
    CHECK(chunk[0] == 1 && chunk[1] == 262 && chunk[2] == 1000);
    ms_chunkgrid g;
    CHECK(ms_cg_init(&g, 3, b, chunk) == 0);
    CHECK(g.n_chunks == 20 && g.grid[0] == 10 && g.grid[1] == 2 && g.grid[2] == 1);
    /* chunk 3 = row-major (1, 1, 0): rows 262..299 of axis 1 */
    CHECK(ms_cg_box(&g, 3, st, ct) == 38 * 1000);
    CHECK(st[0] == 1 && ct[0] == 1 && st[1] == 262 && ct[1] == 38 && st[2] == 0 && ct[2] == 1000);
    uint64_t sum = 0;
    for (uint64_t k = 0; k < g.n_chunks; k++) sum += ms_cg_box(&g, k, st, ct);
    CHECK(sum == 10u * 300u * 1000u);
    const uint64_t zero[1] = {0};
    CHECK(ms_cg_init(&g, 1, b, zero) == -1);
}

int main(void) {
    test_ranges();
    test_parse();
    test_chunks();
    return check_done();
}
