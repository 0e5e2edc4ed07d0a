/* test_hostile_jobs.c - hostile job files through the job parser (ms_plan_load, no MPI): every
 * one is refused with a "FILE:LINE: ..." message naming the problem. inputs.sh runs a few of
 * them through `mlsweep run` for the exit code; this covers the whole list in well under a
 * second, and under valgrind. */
#include "check.h"
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[256];

static int load_bytes(ms_plan *pl, const char *text, size_t len, char *err, size_t errlen) {
    FILE *f = fopen(path, "wb");
    if (!f) return -2;
    fwrite(text, 1, len, f);
    fclose(f);
    return ms_plan_load(pl, path, NULL, NULL, 0, err, errlen);
}

/* text refused with a message at path:line holding frag (line 0: any line) */
static void refused_text(const char *text, size_t len, int line, const char *frag) {
    ms_plan pl;
    char err[1024] = "", where[300];
    int rc = load_bytes(&pl, text, len, err, sizeof err);
    if (line)
        snprintf(where, sizeof where, "%s:%d:", path, line);
    else
        snprintf(where, sizeof where, "%s:", path);
    int ok = rc == -1 && strstr(err, where) && strstr(err, frag);
    if (!ok) fprintf(stderr, "rc %d, message '%s' (wanted %s ... '%s')\n", rc, err, where, frag);
    CHECK(ok);
    if (rc == 0) ms_plan_free(&pl);
}

/* two fixed axes, then extra (axis lines or a section), then the output */
static void refused(const char *extra, int line, const char *frag) {
    char text[200000];
    snprintf(text, sizeof text,
             "name: h\nmode: serve\naxes:\n  model: [llama31-8b]\n  hardware: [h100-sxm]\n%s\n"
             "output: {file: h.h5}\n",
             extra);
    refused_text(text, strlen(text), line, frag);
}

int main(void) {
    snprintf(path, sizeof path, "/tmp/mlsweep-hostile-%d.yaml", (int)getpid());
    /* numbers: huge, negative, NaN, infinite, out of their range */
    refused("  batch: [1e400]", 6, "'1e400' is not a finite number");
    refused("  batch: [1e300]", 6, "batch must be a whole number");
    refused("  batch: [-1]", 6, "batch must be a whole number >= 1");
    refused("  qps: [-0.5]", 6, "qps must be non-negative");
    refused("  batch: [.nan]", 6, "is not a finite number");
    refused("  batch: [nan]", 6, "is not a finite number");
    refused("  qps: [.inf]", 6, "is not a finite number");
    refused("  qps: [-.inf]", 6, "is not a finite number");
    refused("  acceptance: [1.5]", 6, "must be between 0 and 1");
    refused("  zero: [4]", 6, "zero must be 0, 1, 2 or 3");
    refused("  batch: {from: 1, to: .inf, step: 1}", 6, "to must be a number");
    refused("  batch: {from: 1, to: 8, step: 0}", 6, "'step' must be > 0");
    refused("  batch: {from: 1, to: 8, times: 1}", 6, "'times' needs times > 1");
    refused("  batch: {from: 8, to: 1, step: 1}", 6, "is below 'from'");
    refused("constraints: {ttft_s: \"<= nan\"}", 6, "is not a number");
    refused("constraints: {ttft_s: \"<= 1e999\"}", 6, "is not a number");
    refused("constraints: {ttft_s: \"== 1\"}", 6, "expected '<= N'");
    refused("workload: {prompt_tokens: 1e16}", 6, "must be a whole number");
    refused("fleet: {pue: 0.5}", 6, "pue must be >= 1");
    /* empty and degenerate axes */
    refused("  batch: []", 6, "empty list");
    refused("  batch: {}", 6, "a range needs both 'from' and 'to'");
    refused("  batch: ~", 6, "is not a finite number");
    refused("  batch: \"\"", 6, "is not a finite number");
    refused("  batch: [[1, 2]]", 6, "expected a single value, not a list");
    refused("  batch: all", 6, "'all' is only for registry and enum axes");
    refused("  mode: [train]", 6, "'mode' cannot be an axis");
    /* duplicates: keys, values, and values far apart in a list longer than 4096 */
    refused("  batch: [1]\n  batch: [2]", 7, "duplicate key 'batch'");
    refused("  batch: [1, 2, 1]", 6, "value '1' appears twice");
    refused("  hardware: [h100-sxm]", 6, "duplicate key 'hardware'");
    {
        static char list[60000];
        size_t n = (size_t)snprintf(list, sizeof list, "  batch: [");
        for (int i = 1; i <= 5000; i++) n += (size_t)snprintf(list + n, sizeof list - n, "%d, ", i);
        snprintf(list + n, sizeof list - n, "17]");
        refused(list, 6, "a value appears twice");
    }
    /* grids: past 10^12 points and past 2^64 (5 axes of 10^4 = 10^20), refused while read */
    refused("  batch: {from: 1, to: 10000, step: 1}\n  prompt_tokens: {from: 1, to: 10000, step: "
            "1}\n  output_tokens: {from: 1, to: 10000, step: 1}\n  spec_tokens: {from: 1, to: "
            "10000, step: 1}\n  steps: {from: 1, to: 10000, step: 1}",
            9, "the grid has more than 1000000000000 points (up to axis 'spec_tokens')");
    refused("  output_tokens: {from: 1, to: 20000000, step: 1}", 6, "more than 10000000 values");
    /* YAML itself: deep nesting, anchors, several documents, not a mapping (tags such as !!seq are
       ignored, harmlessly: nothing is constructed from them) */
    {
        static char deep[400];
        char *p = deep + snprintf(deep, sizeof deep, "  batch: ");
        for (int i = 0; i < 100; i++) *p++ = '[';
        *p = 0;
        refused(deep, 0, "nested too deeply");
        static char deeper[100100]; /* unterminated, far past the limit */
        p = deeper + snprintf(deeper, sizeof deeper, "  batch: ");
        for (int i = 0; i < 100000; i++) *p++ = '[';
        *p = 0;
        refused(deeper, 0, "nested too deeply");
    }
    refused("  batch: &b [1]\n  tp: *b", 6, "anchors");
    refused_text("name: a\n---\nname: b\n", 20, 0, "more than one YAML document");
    refused_text("- just\n- a list\n", 16, 1, "a job file is a mapping");
    refused_text("", 0, 1, "a job file is a mapping");
    /* bytes that are not UTF-8, a NUL, a UTF-8 overlong form */
    const char bad_utf8[] = "name: \"h\xff\xfe\"\nmode: serve\n";
    refused_text(bad_utf8, sizeof bad_utf8 - 1, 1, "malformed YAML");
    const char nul[] = "name: h\0x\nmode: serve\n";
    refused_text(nul, sizeof nul - 1, 1, "malformed YAML");
    const char overlong[] = "name: \xc0\xaf\nmode: serve\n";
    refused_text(overlong, sizeof overlong - 1, 1, "malformed YAML");
    /* names: a path separator in the name would write elsewhere */
    refused_text("name: ../x\nmode: serve\naxes: {model: [llama31-8b], hardware: [h100-sxm]}\n", 73,
                 1, "may not contain '/'");

    /* a 10^6-element axis is fine: the plan holds it, in chunks of at most 2^18 points */
    ms_plan pl;
    char err[1024];
    const char *big = "name: h\nmode: serve\naxes:\n  model: [llama31-8b]\n  hardware: [h100-sxm]\n"
                      "  output_tokens: {from: 1, to: 1000000, step: 1}\n";
    int rc = load_bytes(&pl, big, strlen(big), err, sizeof err);
    CHECK(rc == 0);
    if (rc == 0) {
        CHECK(pl.points == 1000000);
        CHECK(pl.axes[2].n == 1000000 && pl.axes[2].vals[999999] == 1e6);
        CHECK(pl.chunk[2] <= MS_PLAN_CHUNK_POINTS &&
              pl.n_chunks == (1000000 + pl.chunk[2] - 1) / pl.chunk[2]);
        ms_plan_free(&pl);
    } else
        fprintf(stderr, "10^6 axis refused: %s\n", err);
    unlink(path);
    return check_done();
}
