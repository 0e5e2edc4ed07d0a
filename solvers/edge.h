/* edge.h - microcontrollers: where weights and activations live (SRAM or flash) and whether an
 * inference can run at all. */
#ifndef MS_EDGE_H
#define MS_EDGE_H
#include "mlsweep.h"

typedef struct ms_edge {
    int status;           /* MS_OK or MS_OOM */
    const char *reason;   /* why infeasible, or where things were placed */
    int weights_in_flash; /* 1: weights stay in flash and stream at memory_bw per inference */
    double sram_bytes;    /* on-chip SRAM (the registry's sram, else memory) */
    double sram_used_bytes;
} ms_edge;

/* Is this hardware a microcontroller whose memory is on-chip SRAM plus flash? */
int ms_edge_is_mcu(const ms_hardware *hw);
/* Place weights and activations: weights in SRAM when weights + activations fit there, else in
 * flash (execute-in-place, streamed at the registry's memory_bw) when they fit the flash, else
 * infeasible; activations always need SRAM. */
void ms_edge_place(const ms_hardware *hw, double weight_bytes, double act_bytes, ms_edge *e);
/* Peak activation bytes of one CNN sample: the largest pair of feature maps, estimated as
 * 8 * resolution^2 elements (input + output of the first stride-2 stage, e.g. 112x112x64 of a
 * 224 input); without a resolution, as many elements as parameters. Coarse, by design. */
double ms_edge_cnn_activation_bytes(const ms_model *m, double bytes_per_elem);
#endif
