/* cpu_guard.c - a build for x86-64-v3 refuses, in one line, to run on a CPU without AVX2.
 *
 * Built with MLSWEEP_ARCH=x86-64-v3 (the default on hosts that have it, cmake/ms_arch.cmake),
 * the solver uses AVX2 and BMI2 instructions; on an older CPU, say a cluster node older than
 * the login node that built it, it would die of SIGILL somewhere in the first chunk. This file
 * is compiled for the x86-64 baseline, and its constructor runs before main (and before any
 * code compiled for the higher level): it names the missing feature and exits 2. CMake's
 * configure step runs the same test to pick the level for MLSWEEP_ARCH=auto. */
#include "cpu_guard.h"

#include <stdio.h>
#include <unistd.h>

#ifndef MS_ARCH_LEVEL
#define MS_ARCH_LEVEL 0
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
const char *ms_cpu_lacks(int level) {
    __builtin_cpu_init(); /* needed in code that may run before other constructors */
    /* x86-64-v2 and -v3 as defined by the x86-64 psABI levels, by the names both GCC and
       clang know (GCC 12 also knows LZCNT, MOVBE and F16C by name, clang 14 does not) */
    if (level >= 2) {
        if (!__builtin_cpu_supports("sse3")) return "SSE3";
        if (!__builtin_cpu_supports("ssse3")) return "SSSE3";
        if (!__builtin_cpu_supports("sse4.1")) return "SSE4.1";
        if (!__builtin_cpu_supports("sse4.2")) return "SSE4.2";
        if (!__builtin_cpu_supports("popcnt")) return "POPCNT";
    }
    if (level >= 3) {
        if (!__builtin_cpu_supports("avx")) return "AVX";
        if (!__builtin_cpu_supports("avx2")) return "AVX2";
        if (!__builtin_cpu_supports("bmi")) return "BMI1";
        if (!__builtin_cpu_supports("bmi2")) return "BMI2";
        if (!__builtin_cpu_supports("fma")) return "FMA";
    }
    return 0;
}
#else
const char *ms_cpu_lacks(int level) {
    (void)level;
    return 0;
}
#endif

__attribute__((constructor)) static void ms_cpu_guard(void) {
    const char *missing = ms_cpu_lacks(MS_ARCH_LEVEL);
    if (!missing) return;
    fprintf(stderr,
            "mlsweep: this build targets x86-64-v%d, but this CPU has no %s: rebuild it on this "
            "machine, or configure with -DMLSWEEP_ARCH=x86-64-v%d (or x86-64) for every node\n",
            MS_ARCH_LEVEL, missing, MS_ARCH_LEVEL - 1);
    _exit(2); /* MS_EXIT_RUNTIME (engine/exitcodes.h) */
}
