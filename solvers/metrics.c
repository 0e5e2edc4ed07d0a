/* metrics.c - the catalogue of every metric a point produces: one row per ms_result field.
 * The command line (eval), the HDF5 writer and the analysis tools all read this table, so a
 * metric added here appears everywhere with its units. */
#include "mlsweep.h"

#include <stddef.h>
#include <string.h>

#define S (1u << MS_MODE_SERVE)
#define T (1u << MS_MODE_TRAIN)
#define M(field, units, desc, modes)                                                               \
    { #field, units, desc, offsetof(ms_result, field), modes }

const ms_metric_info ms_metrics[] = {
    M(dp, "1", "data-parallel degree gpus/(tp*pp*cp)", S | T),
    M(memory_per_gpu_bytes, "B", "device memory used per accelerator", S | T),
    M(weights_bytes_per_gpu, "B", "weights held per accelerator", S | T),
    M(grads_bytes_per_gpu, "B", "gradients held per accelerator", T),
    M(optimizer_bytes_per_gpu, "B", "optimizer states held per accelerator", T),
    M(activation_bytes_per_gpu, "B", "activations held per accelerator", S | T),
    M(kv_cache_bytes, "B", "KV cache per accelerator at the evaluated batch", S),
    M(flops_per_step, "FLOP", "model FLOPs of one step (train) or one batch of requests (serve)",
      S | T),
    M(step_time_s, "s", "training step time", T),
    M(tokens_per_s, "1/s", "training tokens per second, whole job", T),
    M(model_tflops_per_gpu, "TFLOP/s", "model FLOP/s per accelerator (no recompute)", T),
    M(hw_tflops_per_gpu, "TFLOP/s", "hardware FLOP/s per accelerator (with recompute)", T),
    M(mfu, "1", "model FLOPs utilization", T),
    M(hfu, "1", "hardware FLOPs utilization", T),
    M(compute_time_s, "s", "compute time per step", T),
    M(exposed_comm_time_s, "s", "communication not hidden by compute, per step", T),
    M(bubble_time_s, "s", "pipeline bubble per step", T),
    M(overhead_time_s, "s", "fixed software overheads per step", S | T),
    M(tp_comm_time_s, "s", "tensor-parallel communication per step", S | T),
    M(dp_comm_time_s, "s", "data-parallel gradient communication per step", T),
    M(pp_comm_time_s, "s", "pipeline point-to-point communication per step", T),
    M(ep_comm_time_s, "s", "expert-parallel all-to-all per step", S | T),
    M(cp_comm_time_s, "s", "context-parallel communication per step", T),
    M(time_to_train_s, "s", "time to train on train_tokens (goodput-adjusted)", T),
    M(gpu_hours, "h", "accelerator-hours to train on train_tokens", T),
    M(ttft_s, "s", "time to first token", S),
    M(tpot_s, "s", "time per output token (mean over the generation)", S),
    M(e2e_latency_s, "s", "request latency: TTFT + (output_tokens-1) x TPOT", S),
    M(prefill_time_s, "s", "prefill time of the batch", S),
    M(decode_time_s, "s", "decode time of the batch", S),
    M(output_tokens_per_s, "1/s", "output tokens per second of the system", S),
    M(output_tokens_per_s_per_gpu, "1/s", "output tokens per second per accelerator", S),
    M(max_batch, "1", "largest batch that fits in memory", S),
    M(p50_latency_s, "s", "median request latency at the offered QPS", S),
    M(p99_latency_s, "s", "99th-percentile request latency at the offered QPS", S),
    M(replicas_needed, "1", "replicas needed for the QPS at the P99 target", S),
    M(samples_per_s, "1/s", "samples (images, sequences) per second", S | T),
    M(power_w_per_gpu, "W", "average power per accelerator incl. host and network share", S | T),
    M(device_power_w, "W", "average accelerator power", S | T),
    M(energy_j, "J", "facility energy (incl. PUE) of the run or period", S | T),
    M(energy_j_per_token, "J", "facility energy per token", S | T),
    M(it_energy_j, "J", "IT energy (accelerators, hosts, network) before PUE", S | T),
    M(tokens, "1", "tokens trained on (train) or output tokens served in the period (serve)",
      S | T),
    M(cost_usd, "USD", "cost of the training run or serving period", S | T),
    M(cost_usd_per_mtok, "USD", "cost per million output tokens", S),
    M(capex_usd, "USD", "amortized capital cost share", S | T),
    M(opex_usd, "USD", "energy and maintenance cost", S | T),
    M(maintenance_usd, "USD", "maintenance cost (part of opex; 0 for cloud prices)", S | T),
    M(carbon_kgco2e, "kg", "operational carbon (kgCO2e)", S | T),
    M(embodied_carbon_kgco2e, "kg", "amortized embodied carbon (kgCO2e)", S | T),
    M(carbon_kgco2e_per_mtok, "kg",
      "operational + embodied carbon per million output tokens (kgCO2e)", S),
    M(water_l, "L", "water consumed (WUE x energy)", S | T),
    M(fleet_mtbf_s, "s", "mean time between failures of the whole job", T),
    M(checkpoint_interval_s, "s", "optimal checkpoint interval (Young-Daly with Daly's correction)",
      T),
    M(checkpoint_write_s, "s", "time to write one checkpoint", T),
    M(goodput, "1", "fraction of wall time doing useful training", T),
};
const size_t ms_metric_count = sizeof ms_metrics / sizeof ms_metrics[0];

const ms_metric_info *ms_metric_find(const char *name) {
    if (!name) return NULL;
    for (size_t i = 0; i < ms_metric_count; i++)
        if (strcmp(ms_metrics[i].name, name) == 0) return &ms_metrics[i];
    return NULL;
}
