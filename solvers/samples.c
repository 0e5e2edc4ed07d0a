/* samples.c - serving models that produce one result per sample, not tokens: CNNs (and other
 * models known only by their FLOPs per sample), and diffusion (steps x per-step cost).
 *
 * CNN batch roofline: a batch of B samples costs max(B*F / (peak*cnn_eff_max), bytes/bw) plus
 * one launch overhead per layer (decode_layer_overhead_s: at batch 1 the kernels are too small
 * to fill the device and the launches dominate, which is what the MLPerf SingleStream latencies
 * measure). Diffusion: every denoising step is a full U-Net/DiT forward pass of the batch
 * (doubled by classifier-free guidance), streaming the weights once per step. */
#include "edge.h"
#include "memory.h"
#include "minmax.h"
#include "serve.h"

#include <math.h>

static void fail(ms_result *r, int status, int bn, const char *why) {
    r->status = (uint8_t)status;
    r->bottleneck = (uint8_t)bn;
    r->reason = why;
}

void ms_samples_solve(const ms_point *p, ms_result *r) {
    const ms_model *m = p->model;
    const ms_hardware *hw = p->hw;
    const ms_calib *c = p->calib;
    const double B = p->batch;
    const double F = m->flops_per_sample;
    if (F <= 0) {
        fail(r, MS_INVALID, MS_BN_NONE, "model has no flops_per_sample to serve it by");
        return;
    }
    if (p->tp * p->pp > 1) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "per-sample models run on one device (tp=pp=1)");
        return;
    }
    const int diffusion = m->family == MS_FAM_DIFFUSION;
    const double steps = !diffusion ? 1 : p->steps > 0 ? p->steps : m->steps > 0 ? m->steps : 50;
    const double imgs =
        B * (diffusion && p->cfg ? 2.0 : 1.0); /* CFG: conditional + unconditional */
    const double wb = ms_memory_weight_bytes_per_param(p);
    const double ab = ms_precision_bytes(p->precision);
    const double wbytes = m->params * wb;
    const double act = imgs * ms_edge_cnn_activation_bytes(m, ab);
    const double layers = m->layers > 0 ? m->layers : 1;
    const double peak = hw->peak_flops[p->precision];
    const double eff = diffusion ? c->serve_gemm_eff_max : c->cnn_eff_max;

    double t_mem_bytes = wbytes + 2.0 * act; /* weights once, largest maps written and read */
    double framework = c->framework_mem_bytes;
    if (ms_edge_is_mcu(hw)) {
        ms_edge e;
        ms_edge_place(hw, wbytes, act, &e);
        r->weights_bytes_per_gpu = wbytes;
        r->activation_bytes_per_gpu = act;
        r->memory_per_gpu_bytes = e.sram_used_bytes;
        if (e.status != MS_OK) {
            fail(r, e.status, MS_BN_MEMORY_CAPACITY, e.reason);
            return;
        }
        /* SRAM runs at core speed: only weights streamed from flash cost memory time */
        t_mem_bytes = e.weights_in_flash ? wbytes : 0.0;
        framework = 0;
        r->reason = e.reason;
    } else {
        r->weights_bytes_per_gpu = wbytes;
        r->activation_bytes_per_gpu = act;
        r->memory_per_gpu_bytes = wbytes + act + framework;
        if (r->memory_per_gpu_bytes > hw->memory_bytes) {
            fail(r, MS_OOM,
                 wbytes + framework > hw->memory_bytes ? MS_BN_MEMORY_CAPACITY : MS_BN_KV_CAPACITY,
                 wbytes + framework > hw->memory_bytes ? "weights do not fit in device memory"
                                                       : "activations of this batch do not fit");
            return;
        }
    }
    r->kv_cache_bytes = 0;
    const double tc = imgs * F / (peak * eff);
    const double tm = t_mem_bytes / (hw->memory_bw_Bps * c->decode_bw_eff);
    const double ovh = layers * c->decode_layer_overhead_s + c->decode_step_overhead_s;
    const double t_step = ms_fmax(tc, tm) + ovh;
    const double lat = steps * t_step;
    r->flops_per_step = steps * imgs * F;
    r->prefill_time_s = r->ttft_s = lat;
    r->decode_time_s = 0;
    r->tpot_s = NAN;
    r->e2e_latency_s = lat;
    r->overhead_time_s = steps * ovh;
    r->samples_per_s = B / lat * r->dp;
    const double free_b =
        (ms_edge_is_mcu(hw) ? (hw->sram_bytes > 0 ? hw->sram_bytes : hw->memory_bytes)
                            : hw->memory_bytes - framework) -
        (ms_edge_is_mcu(hw) && t_mem_bytes > 0 ? 0 : wbytes);
    const double per = act / B;
    r->max_batch = per > 0 ? ms_fmax(0, floor(free_b / per) / (imgs / B)) : INFINITY;
    r->bottleneck = (uint8_t)(ovh > ms_fmax(tc, tm) ? MS_BN_OVERHEAD
                              : tc >= tm            ? MS_BN_COMPUTE
                                                    : MS_BN_MEMORY_BW);
}
