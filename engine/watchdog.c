/* watchdog.c - a time limit on reading a result file's metadata (see watchdog.h). */
#include "watchdog.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* the handler may only write(2) and _exit: the message is formatted before the clock starts */
static char message[700];
static struct sigaction previous;
static int armed;

static void on_alarm(int sig) {
    (void)sig;
    ssize_t w = write(2, message, strlen(message));
    (void)w;
    _exit(2); /* MS_EXIT_RUNTIME */
}

long ms_watchdog_seconds(void) {
    const char *env = getenv("MLSWEEP_READ_TIMEOUT_S");
    if (!env || !*env) env = getenv("MLSWEEP_RESUME_TIMEOUT_S");
    long secs = env && *env ? strtol(env, NULL, 10) : 60;
    return secs < 1 ? 1 : secs;
}

void ms_watchdog_arm(const char *msg) {
    snprintf(message, sizeof message, "%s\n", msg);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, armed ? NULL : &previous);
    armed = 1;
    alarm((unsigned)ms_watchdog_seconds());
}

void ms_watchdog_arm_file(const char *who, const char *path, const char *what, const char *advice) {
    char msg[sizeof message - 1];
    snprintf(msg, sizeof msg,
             "%s: reading '%s'%s took over %ld s: the file is damaged (HDF5 loops on it)%s", who,
             path, what, ms_watchdog_seconds(), advice);
    ms_watchdog_arm(msg);
}

void ms_watchdog_arm_block(const char *who, const char *path) {
    ms_watchdog_arm_file(who, path, " (a block of its data)",
                         " or its file system stalls (MLSWEEP_READ_TIMEOUT_S raises the limit)");
}

void ms_watchdog_disarm(void) {
    if (!armed) return;
    alarm(0);
    sigaction(SIGALRM, &previous, NULL);
    armed = 0;
}
