/* pareto_stream.h - exact Pareto frontiers (non-dominated sets) of k >= 2 objectives, as an
 * incremental object that can be fed point by point or chunk by chunk, and merged.
 *
 *     int max[2] = {0, 0};                      // both objectives minimized
 *     ms_pareto *p = ms_pareto_new(2, max);
 *     for (...) ms_pareto_add(p, linear_index, (double[]){cost, carbon});
 *     size_t n = ms_pareto_finish(p);           // frontier, sorted
 *     for (size_t i = 0; i < n; i++) ms_pareto_get(p, i, &id, obj);
 *
 * Definitions (docs/analysis.md): a dominates b when a is no worse in every objective and
 * strictly better in at least one. The frontier is every point no other point dominates, so
 * points with identical objective vectors are all kept (neither dominates the other) unless
 * ms_pareto_set_unique() asks for one per vector (the smallest id). A point with a NaN objective
 * is never on the frontier and never dominates anything; +-inf are ordinary values.
 *
 * The result is independent of the order the points arrive in and of how they are split among
 * objects that are merged: it is sorted by the objectives (lexicographically, in "better first"
 * order) and then by id. Two objectives cost O(n log F) (F = frontier size) via a staircase
 * search; more use a presorted block-nested-loop filter (sort-filter-skyline), O(n F) worst case.
 * Memory is O(F + buffer): dominated points are dropped as they arrive.
 * Not thread-safe per object: use one object per thread and merge. */
#ifndef MS_PARETO_STREAM_H
#define MS_PARETO_STREAM_H
#include <stddef.h>
#include <stdint.h>

#define MS_PARETO_MAX_OBJ 16

typedef struct ms_pareto ms_pareto;

/* k objectives (2..MS_PARETO_MAX_OBJ); maximize[j] != 0 means larger is better for objective j
 * (NULL: all minimized). Returns NULL for a bad k or when out of memory. */
ms_pareto *ms_pareto_new(int k, const int *maximize);
void ms_pareto_free(ms_pareto *p);
/* Keep one point per distinct objective vector (the smallest id). Default: keep all ties. */
void ms_pareto_set_unique(ms_pareto *p, int unique);
int ms_pareto_objectives(const ms_pareto *p);

/* Offer one point (obj holds k values). 0, or -1 when out of memory (the object stays valid). */
int ms_pareto_add(ms_pareto *p, uint64_t id, const double *obj);
/* Offer n points: ids[i] with obj[i*k .. i*k+k-1]. */
int ms_pareto_add_many(ms_pareto *p, size_t n, const uint64_t *ids, const double *obj);
/* Offer every frontier point of src to dst (same k and senses). */
int ms_pareto_merge(ms_pareto *dst, ms_pareto *src);

/* Reduce to the exact frontier and return its size. Adding more points afterwards is allowed. */
size_t ms_pareto_finish(ms_pareto *p);
/* Point i (0-based, i < ms_pareto_finish()) of the finished frontier: its id and its k
 * objective values in the caller's sense (maximized objectives are not negated). */
void ms_pareto_get(const ms_pareto *p, size_t i, uint64_t *id, double *obj);
/* Points offered so far, and points currently held (frontier + not yet reduced). */
uint64_t ms_pareto_offered(const ms_pareto *p);
size_t ms_pareto_held(const ms_pareto *p);

/* The batch algorithm used inside: reduce n points (ids[i], v[i*k..]) to their frontier in
 * place, all objectives minimized. Rows with NaN are dropped. On return the first m rows
 * (m = return value) are the frontier sorted by (v, id); with unique, one row per vector.
 * Returns (size_t)-1 when out of memory (arrays unchanged). */
size_t ms_pareto_filter(size_t n, int k, double *v, uint64_t *ids, int unique);
#endif
