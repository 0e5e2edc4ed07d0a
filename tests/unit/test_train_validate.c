/* test_train_validate.c - how measurement rows become training points (validate_train.c) and
 * how the measurement reader splits cells (validate_csv.c). */
#include "check.h"
#include "registry.h"
#include "validate_csv.h"
#include "validate_train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ms_vrow row(const char *kind, const char *model, const char *hw, const char *unit,
                   const char *citation, const char *notes) {
    ms_vrow r;
    memset(&r, 0, sizeof r);
    r.case_id = "t";
    r.kind = kind;
    r.model = model;
    r.hardware = hw;
    r.precision = "";
    r.unit = unit;
    r.citation = citation;
    r.notes = notes;
    r.params = r.layers = r.hidden = r.heads = r.seq_len = r.n_devices = r.tp = r.pp = r.dp =
        r.batch = r.measured = NAN;
    return r;
}

static void test_rows(const ms_registry *reg) {
    ms_vtrain *vt = malloc(sizeof *vt);
    char why[256];
    /* NeMo row: layout from the columns and the notes, conventions of the source */
    ms_vrow r = row("train_throughput", "GPT3-175B", "H100-SXM5-80GB", "tokens/s per GPU",
                    "NVIDIA/NeMo repo docs", "GBS 256, MBS 1, CP 1, VP 6");
    r.seq_len = 2048;
    r.n_devices = 128;
    r.tp = 4;
    r.pp = 8;
    r.dp = 4;
    r.batch = 256;
    r.precision = "fp8";
    r.measured = 726;
    CHECK(ms_validate_train_setup(reg, &r, vt, why, sizeof why) == 1);
    CHECK(strcmp(vt->point.hw->key, "h100-sxm") == 0);
    CHECK(vt->point.precision == MS_FP8);
    CHECK(vt->point.tp == 4 && vt->point.pp == 8 && vt->point.interleave == 6);
    CHECK(vt->point.micro_batch == 1 && vt->point.global_batch == 256 && vt->point.gpus == 128);
    CHECK(vt->point.sequence_parallel == 1 && vt->point.zero == 1);
    CHECK(vt->point.recompute == MS_RECOMPUTE_NONE && vt->point.unfused_attention == 0);
    CHECK(vt->metric == MS_VM_TOKENS_PER_GPU);
    CHECK(vt->model.layers == 96 && vt->model.hidden == 12288);
    /* Megatron Table 2 row: the model from the registry by its normalized name, the
     * model-parallel size split as TP 8 (a node) x PP 35 */
    r = row("train_throughput", "GPT-529.6B (PTD-P)", "A100-SXM4-80GB", "TFLOP/s per GPU",
            "Narayanan et al. SC'21 (arXiv:2104.04473) Table 2",
            "model-parallel size 280; microbatch 1");
    r.seq_len = 2048;
    r.n_devices = 560;
    r.batch = 2240;
    r.precision = "mixed";
    r.measured = 171;
    CHECK(ms_validate_train_setup(reg, &r, vt, why, sizeof why) == 1);
    CHECK(vt->point.tp == 8 && vt->point.pp == 35);
    CHECK(vt->model.layers == 105 && vt->model.vocab == 51200);
    CHECK(vt->point.recompute == MS_RECOMPUTE_FULL && vt->point.unfused_attention == 1);
    CHECK(vt->metric == MS_VM_HW_TFLOPS);
    CHECK(vt->point.precision == MS_BF16);
    /* the shape from the row's columns; notes override the convention */
    r = row("train_throughput", "GPT-1.7B", "A100-SXM4-80GB", "MFU (%)", "someone 2024",
            "vocab 50000; selective recompute; sequence parallel; ZeRO-2; flash");
    r.layers = 24;
    r.hidden = 2304;
    r.heads = 24;
    r.seq_len = 2048;
    r.n_devices = 64;
    r.tp = 2;
    r.pp = 1;
    r.batch = 512;
    r.measured = 40;
    CHECK(ms_validate_train_setup(reg, &r, vt, why, sizeof why) == 1);
    CHECK(vt->model.ffn_hidden == 4 * 2304 && vt->model.vocab == 50000);
    CHECK(vt->point.recompute == MS_RECOMPUTE_SELECTIVE && vt->point.zero == 2);
    CHECK(vt->point.sequence_parallel == 1 && vt->point.unfused_attention == 0);
    CHECK(vt->metric == MS_VM_MFU_PCT);
    /* a measured run fitted: with nothing stated, recompute and then ZeRO-1 escalate until it
     * does. 174.6B on tp 8 x pp 4 holds 5.46e9 parameters per GPU, 87 GB of 16 B each: out of
     * memory whatever the recompute, and fits once ZeRO-1 shards the optimizer over dp = 12 */
    r = row("train_throughput", "GPT-174.6B", "A100-SXM4-80GB", "TFLOP/s per GPU", "a blog", "");
    r.seq_len = 2048;
    r.n_devices = 384;
    r.tp = 8;
    r.pp = 4;
    r.batch = 1536;
    r.measured = 150;
    CHECK(ms_validate_train_setup(reg, &r, vt, why, sizeof why) == 1);
    CHECK(vt->point.recompute == MS_RECOMPUTE_NONE && vt->point.zero == 0);
    ms_result res;
    ms_validate_train_solve(vt, &res);
    CHECK(res.status == MS_OK);
    CHECK(vt->point.recompute == MS_RECOMPUTE_FULL && vt->point.zero == 1);
    /* stated in the notes: no escalation, the row is out of memory */
    r.notes = "no recompute, ZeRO-0";
    CHECK(ms_validate_train_setup(reg, &r, vt, why, sizeof why) == 1);
    ms_validate_train_solve(vt, &res);
    CHECK(res.status == MS_OOM);
    /* not predictable, with a reason */
    r.dp = 7; /* 64 != 2 x 1 x 7 */
    CHECK(ms_validate_train_setup(reg, &r, vt, why, sizeof why) == -1);
    CHECK(strstr(why, "n_devices") != NULL);
    r = row("train_throughput", "Nonexistent-9B", "A100-SXM4-80GB", "tokens/s", "", "");
    r.measured = 1;
    CHECK(ms_validate_train_setup(reg, &r, vt, why, sizeof why) == -1);
    CHECK(strstr(why, "not in the registries") != NULL);
    r = row("serving_throughput", "LLaMA 7B", "H100-SXM5-80GB", "tokens/s", "", "");
    CHECK(ms_validate_train_setup(reg, &r, vt, why, sizeof why) == 0);
    /* total training FLOPs: 3 x forward FLOPs per token x tokens from the notes */
    r = row("train_compute", "GPT-3 175B", "", "FLOPs", "Brown et al.",
            "174.6B params, 300B tokens (6ND = 3.14e23)");
    r.seq_len = 2048;
    r.measured = 3.14e23;
    double pred;
    CHECK(ms_validate_train(reg, &r, &pred, why, sizeof why) == 1);
    /* 6*N*D = 3.14e23 plus attention (12*l*s*h per token: +8.7e21) and the untied head's
     * share: within 3.5% above 6ND */
    CHECK(pred > 3.14e23 && pred < 3.14e23 * 1.035);
    free(vt);
}

static void test_csv(void) {
    char path[] = "/tmp/mlsweep-test-csv-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("case_id,kind,measured_value,unit,notes\n"
          "a,train_throughput,137,\"TFLOP/s, per GPU\",\"say \"\"hi\"\"\nsecond line\"\n"
          "\n"
          "b,x,,u,\r\n",
          f);
    fclose(f);
    ms_vfile v;
    char err[256];
    CHECK(ms_vcsv_read(path, &v, err, sizeof err) == 0);
    CHECK(v.n == 2);
    if (v.n == 2) {
        CHECK(strcmp(v.rows[0].unit, "TFLOP/s, per GPU") == 0);
        CHECK(strcmp(v.rows[0].notes, "say \"hi\"\nsecond line") == 0);
        CHECK(v.rows[0].measured == 137);
        CHECK(isnan(v.rows[1].measured) && isnan(v.rows[0].tp));
        CHECK(strcmp(v.rows[1].model, "") == 0); /* absent column: empty text */
        CHECK(v.rows[1].line == 5);
    }
    ms_vcsv_free(&v);
    f = fopen(path, "w");
    fputs("case_id,kind,measured_value,unit\na,b,1\n", f);
    fclose(f);
    CHECK(ms_vcsv_read(path, &v, err, sizeof err) == -1);
    CHECK(strstr(err, ":2: 3 cells, the header has 4") != NULL);
    remove(path);
}

int main(void) {
    const char *src = getenv("MLSWEEP_SOURCE_DIR");
    char extra[4096];
    snprintf(extra, sizeof extra, "%s/tests/data/megatron-gpt.yaml", src ? src : ".");
    const char *files[] = {extra};
    ms_registry reg;
    char err[512];
    if (ms_registry_load(&reg, NULL, files, 1, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        ms_registry_free(&reg);
        return 1;
    }
    test_rows(&reg);
    test_csv();
    ms_registry_free(&reg);
    return check_done();
}
