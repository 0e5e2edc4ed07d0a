/* ms_arch_probe.c - configure-time test (cmake/ms_arch.cmake): does the build host run x86-64
 * level MS_ARCH_LEVEL? The same check as the mlsweep executable's guard (engine/cpu_guard.c). */
#include "cpu_guard.h"

int main(void) {
    return ms_cpu_lacks(MS_ARCH_LEVEL) != 0;
}
