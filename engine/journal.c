/* journal.c - the result file's sidecar journal (see journal.h). */
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAGIC "mlsweep-journal 1"

static void path_of(const char *out, const char *suffix, char *buf, size_t len) {
    snprintf(buf, len, "%s.journal%s", out, suffix);
}

static unsigned long long mix(unsigned long long h, const void *p, size_t n) {
    return h ^ (ms_fnv1a64(p, n) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

unsigned long long ms_journal_fingerprint(const ms_plan *pl) {
    unsigned long long h = 0;
    const char *t = pl->job_text ? pl->job_text : "";
    h = mix(h, t, strlen(t));
    for (size_t i = 0; i < pl->n_axes; i++)
        h = mix(h, pl->axes[i].prm->name, strlen(pl->axes[i].prm->name));
    for (size_t i = 0; i < pl->reg.n_files; i++)
        h = mix(h, &pl->reg.checksums[i], sizeof pl->reg.checksums[i]);
    long sh[2] = {pl->shard, pl->shards};
    return mix(h, sh, sizeof sh);
}

int ms_journal_write(const ms_plan *pl, const char *out, char *err, size_t errlen) {
    char tmp[4200], fin[4200];
    path_of(out, ".tmp", tmp, sizeof tmp);
    path_of(out, "", fin, sizeof fin);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create the journal '%s' of the result file: %s", tmp,
                 strerror(errno));
        return -1;
    }
    char line[160];
    int n =
        snprintf(line, sizeof line, "%s\nfingerprint %016llx\n", MAGIC, ms_journal_fingerprint(pl));
    int bad = write(fd, line, (size_t)n) != n || fsync(fd) != 0;
    bad |= close(fd) != 0;
    if (bad || rename(tmp, fin) != 0) {
        snprintf(err, errlen, "cannot create the journal '%s' of the result file: %s", fin,
                 strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

int ms_journal_matches(const ms_plan *pl, const char *out) {
    char fin[4200], buf[160] = "";
    path_of(out, "", fin, sizeof fin);
    FILE *f = fopen(fin, "r");
    if (!f) return 0;
    size_t got = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[got] = 0;
    char want[160];
    snprintf(want, sizeof want, "%s\nfingerprint %016llx\n", MAGIC, ms_journal_fingerprint(pl));
    return strcmp(buf, want) == 0;
}

void ms_journal_remove(const char *out) {
    char fin[4200];
    path_of(out, "", fin, sizeof fin);
    unlink(fin);
}
