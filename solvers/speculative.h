/* speculative.h - speculative decoding (Leviathan et al. 2023): a draft model proposes k tokens,
 * the target verifies all k+1 positions in one pass and keeps the accepted prefix plus one. */
#ifndef MS_SPECULATIVE_H
#define MS_SPECULATIVE_H

/* Expected tokens emitted per verify pass with per-token acceptance a (i.i.d.) and k drafted
 * tokens: sum_{i=0..k} a^i = (1 - a^(k+1)) / (1 - a); k + 1 when a = 1; 1 when a = 0. */
double ms_spec_expected_tokens(double acceptance, double k);
/* Mean time per emitted token: (k * t_draft_step + t_verify) / expected tokens. */
double ms_spec_time_per_token(double t_draft_step, double t_verify, double acceptance, double k);
#endif
