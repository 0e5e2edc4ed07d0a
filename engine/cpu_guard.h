/* cpu_guard.h - does this CPU run the instruction set the build targets (MLSWEEP_ARCH)? */
#ifndef MS_CPU_GUARD_H
#define MS_CPU_GUARD_H

/* The first feature of x86-64 level `level` (2: x86-64-v2, 3: x86-64-v3) that this CPU lacks,
   as a name for a message ("AVX2"), or 0 if it has them all (also for level <= 1, and on other
   processors, where there is nothing to check). */
const char *ms_cpu_lacks(int level);

#endif
