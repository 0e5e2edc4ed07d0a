/* errfmt.c - file:line error messages. */
#include "errfmt.h"

#include <stdarg.h>
#include <stdio.h>

int ms_errf(char *err, size_t errlen, const char *file, int line, const char *fmt, ...) {
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(err, errlen, "%s:%d: %s", file, line, msg);
    return -1;
}
