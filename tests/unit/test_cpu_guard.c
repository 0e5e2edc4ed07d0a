/* test_cpu_guard.c - ms_cpu_lacks(level) agrees with the kernel's view of this CPU: the x86-64
 * psABI features of levels 2 and 3 as the "flags" line of /proc/cpuinfo lists them (SSE3 is
 * "pni" there). It names the first missing feature in the order the guard checks, and levels 0
 * and 1 (the baseline) need nothing. The build's own level must run here: this test's
 * constructor (the guard, compiled in) would have exited 2 otherwise. */
#include "check.h"
#include "cpu_guard.h"

#include <stdio.h>
#include <string.h>

static char flags[8192];

static int has(const char *flag) {
    const size_t n = strlen(flag);
    for (const char *s = strstr(flags, flag); s; s = strstr(s + 1, flag))
        if ((s == flags || s[-1] == ' ') && (s[n] == ' ' || s[n] == '\n' || s[n] == 0)) return 1;
    return 0;
}

/* the first flag of `want` (cpuinfo names) this CPU lacks, as the guard names it, or NULL */
static const char *first_missing(const char *const *want, const char *const *names, int n) {
    for (int i = 0; i < n; i++)
        if (!has(want[i])) return names[i];
    return NULL;
}

int main(void) {
    CHECK(ms_cpu_lacks(0) == NULL);
    CHECK(ms_cpu_lacks(1) == NULL);
    CHECK(ms_cpu_lacks(-5) == NULL);
#if defined(__x86_64__)
    FILE *f = fopen("/proc/cpuinfo", "r");
    CHECK(f != NULL);
    if (!f) return check_done();
    char line[sizeof flags];
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "flags", 5)) {
            strcpy(flags, strchr(line, ':') ? strchr(line, ':') + 1 : line);
            break;
        }
    fclose(f);
    CHECK(flags[0] != 0);
    CHECK(has("sse4_2") && !has("sse4") && !has("4_2")); /* whole words only */
    static const char *const v3[] = {"pni", "ssse3", "sse4_1", "sse4_2", "popcnt",
                                     "avx", "avx2",  "bmi1",   "bmi2",   "fma"};
    static const char *const v3_names[] = {"SSE3", "SSSE3", "SSE4.1", "SSE4.2", "POPCNT",
                                           "AVX",  "AVX2",  "BMI1",   "BMI2",   "FMA"};
    const char *miss2 = first_missing(v3, v3_names, 5), *miss3 = first_missing(v3, v3_names, 10);
    const char *got2 = ms_cpu_lacks(2), *got3 = ms_cpu_lacks(3);
    CHECK((got2 == NULL) == (miss2 == NULL));
    CHECK((got3 == NULL) == (miss3 == NULL));
    CHECK(!got2 || !strcmp(got2, miss2));
    CHECK(!got3 || !strcmp(got3, miss3));
    CHECK(ms_cpu_lacks(4) == got3); /* no level above 3 is checked */
    printf("this CPU: x86-64-v2 %s, x86-64-v3 %s\n", got2 ? got2 : "ok", got3 ? got3 : "ok");
#endif
    CHECK(ms_cpu_lacks(MS_ARCH_LEVEL) == NULL);
    return check_done();
}
