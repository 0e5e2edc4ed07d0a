/* suggest.c - close matches for unknown names. */
#include "suggest.h"

#include <stdio.h>
#include <string.h>

int ms_suggest_distance(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return 255;
    int row[65];
    for (size_t j = 0; j <= lb; j++) row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int prev = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int cur = row[j];
            int sub = prev + (a[i - 1] != b[j - 1]);
            int del = row[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            prev = cur;
        }
    }
    return row[lb];
}

const char *ms_suggest(const char *word, const char *const *cands, size_t n) {
    if (!word || !*word) return NULL;
    const char *best = NULL;
    int bestd = 1 << 20;
    size_t wl = strlen(word);
    int limit = wl <= 3 ? 1 : wl <= 6 ? 2 : (int)(wl / 3 + 1);
    if (limit > 4) limit = 4;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i]) continue;
        int d = ms_suggest_distance(word, cands[i]);
        if (d < bestd) {
            bestd = d;
            best = cands[i];
        }
    }
    if (best && bestd <= limit) return best;
    /* a prefix or substring match ("h100" -> "h100-sxm") */
    for (size_t i = 0; i < n; i++)
        if (cands[i] && wl >= 2 && strncmp(cands[i], word, wl) == 0) return cands[i];
    for (size_t i = 0; i < n; i++)
        if (cands[i] && wl >= 3 && strstr(cands[i], word)) return cands[i];
    return NULL;
}

char *ms_suggest_hint(const char *word, const char *const *cands, size_t n, char *buf, size_t len) {
    const char *s = ms_suggest(word, cands, n);
    if (s)
        snprintf(buf, len, " (did you mean '%s'?)", s);
    else if (len)
        buf[0] = 0;
    return buf;
}
