/* edge.c - SRAM/flash placement and the feasibility verdict of microcontroller inference.
 * MCU registry convention (configs/hardware.yaml): memory = on-chip SRAM, flash = weight
 * storage, memory_bw = the rate at which weights stream from flash. Bare-metal runtimes
 * (TFLite Micro, CMSIS-NN) have no framework reservation, so none is charged. */
#include "edge.h"

int ms_edge_is_mcu(const ms_hardware *hw) {
    return hw->hw_class == MS_HW_MCU;
}

void ms_edge_place(const ms_hardware *hw, double wbytes, double abytes, ms_edge *e) {
    e->sram_bytes = hw->sram_bytes > 0 ? hw->sram_bytes : hw->memory_bytes;
    e->weights_in_flash = 0;
    e->status = MS_OK;
    e->sram_used_bytes = abytes;
    if (abytes > e->sram_bytes) {
        e->status = MS_OOM;
        e->reason = "activations do not fit in on-chip SRAM";
        return;
    }
    if (wbytes + abytes <= e->sram_bytes) {
        e->sram_used_bytes = wbytes + abytes;
        e->reason = "weights and activations in SRAM";
        return;
    }
    if (hw->flash_bytes > 0 && wbytes <= hw->flash_bytes) {
        e->weights_in_flash = 1;
        e->reason = "weights in flash (streamed per inference), activations in SRAM";
        return;
    }
    e->status = MS_OOM;
    e->reason = hw->flash_bytes > 0 ? "weights do not fit in flash (nor with activations in SRAM)"
                                    : "weights and activations do not fit in on-chip memory";
}

double ms_edge_cnn_activation_bytes(const ms_model *m, double bytes_per_elem) {
    const double elems = m->resolution > 0 ? 8.0 * m->resolution * m->resolution : m->params;
    return elems * bytes_per_elem;
}
