/* test_where.c - the --where language: truth values on hand-made points, operator precedence,
 * IEEE NaN semantics, error messages (column and close match), and a fuzz loop of random bytes
 * and random token soup that must never crash (run under ASan/UBSan in CI). */
#include "check.h"
#include "mlsweep.h"
#include "where.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

static const char *const hw[] = {"h100-sxm", "mi300x", "b200"};
static const double tp[] = {1, 2, 4, 8};
static const char *const region[] = {"us-east-1", "eu-north-1"};
static const ms_where_axis axes[] = {
    {"hardware", 3, NULL, hw}, {"tp", 4, tp, NULL}, {"region", 2, NULL, region}};
static const char *const metrics[] = {"ttft_s", "cost_usd", "carbon_kgco2e"};
static const ms_where_schema schema = {axes, 3, metrics, 3};

/* evaluate expr at (hardware h, tp index t, region r) with metric values m; -1 on a compile error
 */
static int ev(const char *expr, size_t h, size_t t, size_t r, double ttft, double cost,
              int status) {
    ms_where *w;
    char err[256];
    if (ms_where_compile(expr, &schema, &w, err, sizeof err)) {
        fprintf(stderr, "compile '%s': %s\n", expr, err);
        return -1;
    }
    size_t coord[3] = {h, t, r};
    double m[3] = {ttft, cost, 0};
    ms_where_point pt = {coord, m, status, MS_BN_COMPUTE};
    int v = ms_where_eval(w, &pt);
    ms_where_free(w);
    return v;
}

/* compile must fail with a message containing each of the given fragments */
static int err_has(const char *expr, const char *a, const char *b) {
    ms_where *w = NULL;
    char err[256];
    if (ms_where_compile(expr, &schema, &w, err, sizeof err) == 0) {
        ms_where_free(w);
        fprintf(stderr, "'%s' compiled, expected an error\n", expr);
        return 0;
    }
    int ok = strstr(err, a) && (!b || strstr(err, b));
    if (!ok) fprintf(stderr, "'%s': message '%s' lacks '%s' / '%s'\n", expr, err, a, b ? b : "");
    return ok && w == NULL;
}

static uint64_t rng = 12345;
static uint64_t next(void) {
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

int main(void) {
    /* basic comparisons and names */
    CHECK(ev("status==ok", 0, 0, 0, 1, 1, MS_OK) == 1);
    CHECK(ev("status==ok", 0, 0, 0, 1, 1, MS_OOM) == 0);
    CHECK(ev("status!=oom && status<=4", 0, 0, 0, 1, 1, MS_NODIVIDE) == 1);
    CHECK(ev("status==0", 0, 0, 0, 1, 1, MS_OK) == 1);
    CHECK(ev("bottleneck==compute", 0, 0, 0, 1, 1, 0) == 1);
    CHECK(ev("ttft_s<=2", 0, 0, 0, 2.0, 1, 0) == 1);
    CHECK(ev("ttft_s<2", 0, 0, 0, 2.0, 1, 0) == 0);
    CHECK(ev("2>ttft_s", 0, 0, 0, 1.5, 1, 0) == 1); /* constant on the left: mirrored */
    CHECK(ev("ttft_s>=1e-3", 0, 0, 0, 1e-3, 1, 0) == 1);
    CHECK(ev("cost_usd>-1", 0, 0, 0, 1, -0.5, 0) == 1);
    CHECK(ev("ttft_s < cost_usd", 0, 0, 0, 1, 3, 0) == 1); /* metric vs metric */
    CHECK(ev("hardware==h100-sxm", 0, 0, 0, 1, 1, 0) == 1);
    CHECK(ev("hardware==\"mi300x\"", 1, 0, 0, 1, 1, 0) == 1);
    CHECK(ev("hardware=='mi300x'", 0, 0, 0, 1, 1, 0) == 0);
    CHECK(ev("mi300x==hardware", 1, 0, 0, 1, 1, 0) == 1);
    CHECK(ev("hardware!=b200", 2, 0, 0, 1, 1, 0) == 0);
    CHECK(ev("tp>=4", 0, 2, 0, 1, 1, 0) == 1); /* tp index 2 = 4 */
    CHECK(ev("tp>=4", 0, 1, 0, 1, 1, 0) == 0);
    CHECK(ev("tp==8 && region==eu-north-1", 0, 3, 1, 1, 1, 0) == 1);
    CHECK(ev("tp < ttft_s", 0, 0, 0, 1.5, 1, 0) == 1); /* axis vs metric */
    /* precedence: && binds tighter than ||; ! binds tightest; parentheses */
    CHECK(ev("tp==1 || tp==2 && hardware==b200", 0, 0, 0, 1, 1, 0) == 1);
    CHECK(ev("(tp==1 || tp==2) && hardware==b200", 0, 0, 0, 1, 1, 0) == 0);
    CHECK(ev("!tp==1 || hardware==h100-sxm", 0, 0, 0, 1, 1, 0) == 1);
    CHECK(ev("!(tp==1 || hardware==h100-sxm)", 0, 0, 0, 1, 1, 0) == 0);
    CHECK(ev("!!(tp==1)", 0, 0, 0, 1, 1, 0) == 1);
    CHECK(ev(" ( ( ttft_s <= 2 ) ) ", 0, 0, 0, 1, 1, 0) == 1);
    /* NaN: comparisons false except != */
    CHECK(ev("ttft_s<=2", 0, 0, 0, NAN, 1, 0) == 0);
    CHECK(ev("ttft_s>2", 0, 0, 0, NAN, 1, 0) == 0);
    CHECK(ev("!(ttft_s>2)", 0, 0, 0, NAN, 1, 0) == 1);
    CHECK(ev("ttft_s!=2", 0, 0, 0, NAN, 1, 0) == 1);
    /* a long chain (n-ary, no deep recursion) */
    {
        static char buf[60000];
        size_t o = 0;
        for (int i = 0; i < 4000; i++) o += (size_t)sprintf(buf + o, "%stp>=1", i ? "&&" : "");
        CHECK(ev(buf, 0, 0, 0, 1, 1, 0) == 1);
    }
    /* which inputs the filter reads */
    {
        ms_where *w;
        char err[256];
        CHECK(ms_where_compile("cost_usd<5 && status==ok", &schema, &w, err, sizeof err) == 0);
        CHECK(ms_where_uses_metric(w, 1) && !ms_where_uses_metric(w, 0) &&
              !ms_where_uses_metric(w, 9));
        CHECK(ms_where_uses_status(w) && !ms_where_uses_bottleneck(w));
        ms_where_free(w);
    }
    /* errors: column of the offending token and close matches */
    CHECK(err_has("tft_s<=2", "column 1:", "did you mean 'ttft_s'"));
    CHECK(err_has("status==ok && ttft_s<=2 && hardwre==b200",
                  "column 28:", "did you mean 'hardware'"));
    CHECK(err_has("hardware==h100", "column 11:", "did you mean 'h100-sxm'"));
    CHECK(err_has("status==okk", "column 9:", "did you mean 'ok'"));
    CHECK(err_has("bottleneck==memory", "column 13:", "memory-bw"));
    CHECK(err_has("ttft_s=2", "column 7:", "'=='"));
    CHECK(err_has("ttft_s<=2 & tp==1", "column 11:", "'&&'"));
    CHECK(err_has("ttft_s<=", "column 9:", "end of expression"));
    CHECK(err_has("(ttft_s<=2", "column 11:", "')'"));
    CHECK(err_has("ttft_s<=2)", "column 10:", "unexpected ')'"));
    CHECK(err_has("ttft_s", "column 7:", "comparison"));
    CHECK(err_has("", "column 1:", "empty"));
    CHECK(err_has("   ", "column", "empty"));
    CHECK(err_has("hardware<b200", "column 1:", "only == and !="));
    CHECK(err_has("tp==h100-sxm", "column 5:", "unknown name 'h100-sxm'"));
    CHECK(err_has("tp==\"8\"", "column 5:", "numeric"));
    CHECK(err_has("1<2", "column 1:", "needs a metric"));
    CHECK(err_has("ttft_s<=\"2", "column 9:", "unterminated"));
    CHECK(err_has("ttft_s<=2 \x01", "column 11:", "0x01"));
    CHECK(err_has("ttft_s<=2 && ttft_s<=2 ttft_s", "column 24:", "&& or ||"));
    {
        char deep[400];
        memset(deep, '(', 200);
        strcpy(deep + 200, "tp==1");
        CHECK(err_has(deep, "column", "nested deeper"));
        memset(deep, '!', 200);
        strcpy(deep + 200, "tp==1");
        CHECK(err_has(deep, "column", "nested deeper"));
    }
    /* fuzz: random bytes, then random soups of valid tokens; must not crash, and a compiled
     * filter must evaluate */
    {
        static const char *const toks[] = {
            "(",  ")",      "&&", "||", "!",      "==",     "!=",  "<",        "<=",       ">",
            ">=", "ttft_s", "tp", "8",  "-1",     "1e9",    "ok",  "hardware", "h100-sxm", "'b2'",
            "\"", "=",      "&",  "|",  "status", "region", "nan", "1e999"};
        const size_t nt = sizeof toks / sizeof toks[0];
        int compiled = 0;
        for (int it = 0; it < 20000; it++) {
            char buf[128];
            size_t n = next() % 100, o = 0;
            if (it % 3 == 1) {
                for (size_t i = 0; i < n; i++) buf[o++] = (char)(1 + next() % 255);
            } else if (it % 3 == 2) {
                /* grammatical: valid comparisons joined by && / ||, with ! and parentheses,
                 * and sometimes one byte mutated */
                static const char *const cmps[] = {"tp>=2",      "hardware==b200",
                                                   "ttft_s<=2",  "status==ok",
                                                   "2<cost_usd", "region!=us-east-1"};
                int open = 0;
                for (size_t i = 0; i < n % 6 + 1 && o + 40 < sizeof buf; i++) {
                    if (i) o += (size_t)sprintf(buf + o, "%s", next() & 1 ? "&&" : "||");
                    if (next() % 4 == 0) buf[o++] = '!';
                    if (next() % 4 == 0) buf[o++] = '(', open++;
                    o += (size_t)sprintf(buf + o, "%s", cmps[next() % 6]);
                    if (open && next() % 2) buf[o++] = ')', open--;
                }
                while (open-- > 0 && o + 1 < sizeof buf) buf[o++] = ')';
                if (o && next() % 3 == 0) buf[next() % o] = (char)(32 + next() % 95);
            } else {
                for (size_t i = 0; i < n % 12 + 1; i++) {
                    const char *t = toks[next() % nt];
                    size_t l = strlen(t);
                    if (o + l + 2 >= sizeof buf) break;
                    memcpy(buf + o, t, l), o += l;
                    if (next() & 1) buf[o++] = ' ';
                }
            }
            buf[o] = 0;
            ms_where *w;
            char err[64]; /* short: messages must truncate safely */
            if (ms_where_compile(buf, &schema, &w, err, sizeof err) == 0) {
                size_t coord[3] = {next() % 3, next() % 4, next() % 2};
                double m[3] = {1, 2, 3};
                ms_where_point pt = {coord, m, 0, 0};
                (void)ms_where_eval(w, &pt);
                ms_where_free(w);
                compiled++;
            } else {
                CHECK(strncmp(err, "column ", 7) == 0);
            }
        }
        fprintf(stderr, "fuzz: %d of 20000 compiled\n", compiled);
        CHECK(compiled > 50); /* the soup does produce valid expressions */
    }
    return check_done();
}
