/* serve.h - inference: prefill (TTFT), decode (TPOT), KV capacity, batching, speculative and
 * disaggregated serving, queueing, and the per-sample paths (CNN, diffusion, edge/MCU). */
#ifndef MS_SERVE_H
#define MS_SERVE_H
#include "mlsweep.h"
#include "stage.h"

/* The point's serving metrics; st holds what its model, hardware and parallelism fix
 * (ms_serve_stage_fill on this point or one that shares those fields) and the memo of its
 * passes, which this call updates. */
void ms_serve_solve(const ms_point *p, ms_serve_stage *st, ms_result *r);

/* Bytes per activation element moved between kernels and GPUs: the compute precision, but at
 * least 2 (fp8/int8 engines keep 16-bit activations between kernels and in all-reduces). */
double ms_serve_act_bytes(const ms_point *p);

/* Per-sample paths (samples.c): CNNs, diffusion, encoders without a transformer shape. */
void ms_samples_solve(const ms_point *p, ms_result *r);
/* Queueing, replicas and SLA checks on a filled serving result (serve.c), shared by all paths:
 * service time = r->e2e_latency_s, `slots` concurrent requests per replica. */
void ms_serve_finish(const ms_point *p, ms_result *r, double slots);
#endif
