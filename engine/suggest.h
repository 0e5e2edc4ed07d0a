/* suggest.h - "did you mean ...?" for unknown names (edit distance). */
#ifndef MS_SUGGEST_H
#define MS_SUGGEST_H
#include <stddef.h>

/* Levenshtein distance, capped at 255. */
int ms_suggest_distance(const char *a, const char *b);
/* Closest candidate within a sensible distance (or a candidate that starts with / contains the
 * word), or NULL. */
const char *ms_suggest(const char *word, const char *const *cands, size_t n);
/* Formats " (did you mean 'x'?)" into buf, or "" when nothing is close. Returns buf. */
char *ms_suggest_hint(const char *word, const char *const *cands, size_t n, char *buf, size_t len);
#endif
