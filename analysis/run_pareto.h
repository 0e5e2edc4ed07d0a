/* run_pareto.h - the streaming Pareto frontier of `mlsweep run` (job key
 * `output: {pareto: [{min: cost_usd}, {min: carbon_kgco2e}]}`): every rank feeds the feasible
 * points of its chunks to an ms_pareto object as they are computed; at the end rank 0 merges
 * them and writes /pareto into the result file. The result equals
 * `mlsweep pareto FILE --min cost_usd --min carbon_kgco2e --where status==ok`. */
#ifndef MS_RUN_PARETO_H
#define MS_RUN_PARETO_H
#include "plan.h"
#include "ydoc.h"

#include <stdint.h>

typedef struct ms_run_pareto ms_run_pareto;

/* Parses output.pareto (a list of {min: METRIC} / {max: METRIC}) into the plan; the metrics
 * must be stored ones. 0, or -1 with a message and its line. */
int ms_run_pareto_parse(ms_plan *pl, const ms_ynode *node, char *msg, size_t len, int *line);
/* NULL when the job asks for no frontier (or, with *oom set, when out of memory). */
ms_run_pareto *ms_run_pareto_new(const ms_plan *pl, int *oom);
/* Feeds chunk k's points (buffers as ms_plan_eval_chunk fills them); status ok only. */
int ms_run_pareto_chunk(ms_run_pareto *rp, const ms_plan *pl, uint64_t k, void *const *metric,
                        const uint8_t *status);
/* Collective over MPI_COMM_WORLD: merges on rank 0 and writes /pareto into the closed file.
 * resumed: chunks done by an earlier run were not fed, so rank 0 reads the frontier from the
 * file instead (still exact). Returns 0 or MS_EXIT_RUNTIME on every rank. */
int ms_run_pareto_write(ms_run_pareto *rp, const ms_plan *pl, const char *path, int resumed,
                        char *err, size_t errlen);
void ms_run_pareto_free(ms_run_pareto *rp);
#endif
