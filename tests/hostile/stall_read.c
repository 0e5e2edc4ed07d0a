/* stall_read.c - LD_PRELOAD shim for tests/hostile/bulk_stall.sh: a read of at least
 * MS_STALL_READ_BYTES bytes (the bulk data of a result file; its metadata comes in small reads)
 * never returns, as on a stalled file system or a chunk index HDF5 loops on. Only a signal ends
 * it: the watchdog's SIGALRM handler exits 2; without one the default action kills the
 * process, and without an alarm it hangs, which the test's timeout reports. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static void stall(size_t n) {
    const char *s = getenv("MS_STALL_READ_BYTES");
    const size_t limit = s ? strtoul(s, NULL, 10) : 0;
    if (limit && n >= limit)
        for (;;) pause();
}

/* the next definition of `name` (libc's), as a function pointer: memcpy, since ISO C has no
   cast from dlsym's object pointer to a function pointer */
static void next(const char *name, void *fn, size_t size) {
    void *sym = dlsym(RTLD_NEXT, name);
    memcpy(fn, &sym, size);
}

ssize_t pread(int fd, void *buf, size_t n, off_t off) {
    ssize_t (*real)(int, void *, size_t, off_t);
    next("pread", &real, sizeof real);
    stall(n);
    return real(fd, buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off64_t off) {
    ssize_t (*real)(int, void *, size_t, off64_t);
    next("pread64", &real, sizeof real);
    stall(n);
    return real(fd, buf, n, off);
}

ssize_t read(int fd, void *buf, size_t n) {
    ssize_t (*real)(int, void *, size_t);
    next("read", &real, sizeof real);
    stall(n);
    return real(fd, buf, n);
}
