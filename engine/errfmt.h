/* errfmt.h - "FILE:LINE: message" errors, shared by the registry and job-file parsers. */
#ifndef MS_ERRFMT_H
#define MS_ERRFMT_H
#include <stddef.h>

/* Formats "file:line: <fmt ...>" into err and returns -1 (so parsers can `return ms_errf(...)`). */
int ms_errf(char *err, size_t errlen, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#endif
