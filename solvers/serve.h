/* serve.h - inference: prefill (TTFT), decode (TPOT), KV capacity, batching. */
#ifndef MS_SERVE_H
#define MS_SERVE_H
#include "mlsweep.h"

void ms_serve_solve(const ms_point *p, ms_result *r);
#endif
