/* reliability.h - fleet MTBF, Young-Daly checkpoint interval with Daly's correction, goodput. */
#ifndef MS_RELIABILITY_H
#define MS_RELIABILITY_H
#include "mlsweep.h"

/* Daly (2006) optimum: tau = sqrt(2*delta*M) * (1 + sqrt(delta/(2M))/3 + delta/(18M)) - delta
 * for delta < 2M, else M. */
double ms_reliability_daly_interval(double delta_s, double mtbf_s);
/* Expected useful fraction of wall time with checkpoint cost delta, interval tau, restart R:
 * per failure we lose R + (tau + delta)/2 of rework; per interval delta is spent writing. */
double ms_reliability_goodput(double tau_s, double delta_s, double restart_s, double mtbf_s);
void ms_reliability_solve(const ms_point *p, ms_result *r);
#endif
