"""Configurations per second that llm-analysis (PyPI 0.2.2) evaluates through its Python API,
for the same kind of question chipfit's search answers: one (model, chip, precision,
parallelism, batch) configuration -> memory and latency. Prints one number: evaluations/s."""
import logging, sys, time

logging.disable(logging.CRITICAL)
from llm_analysis.analysis import LLMAnalysis
from llm_analysis.config import (DtypeConfig, GPUConfig, ModelConfig, ParallelismConfig,
                                 get_dtype_config_by_name)

# Llama-2-7B as in estimators.md §4 (ffn must be a multiple of hidden in 0.2.2).
model = ModelConfig(name="llama2-7b", num_layers=32, n_head=32, hidden_dim=4096, vocab_size=32000,
                    max_seq_len=4096, num_key_value_heads=32, ffn_embed_dim=16384, model_type="llama")
# An Ascend-910B-like chip from chipfit's profile (64 GB, 1.6 TB/s, 320 TFLOPS fp16, 392 GB/s link).
gpu = GPUConfig(name="chip", mem_per_GPU_in_GB=64, hbm_bandwidth_in_GB_per_sec=1600,
                intra_node_bandwidth_in_GB_per_sec=392, intra_node_min_message_latency=8e-06,
                peak_fp16_TFLOPS=320, peak_i8_TFLOPS=640, peak_i4_TFLOPS=1280,
                inter_node_bandwidth_in_GB_per_sec=25)
dtype = get_dtype_config_by_name("w16a16e16")

configs = [(tp, batch) for tp in (1, 2, 4, 8) for batch in (1, 4, 16, 32)]
n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
start = time.perf_counter()
done = 0
while done < n:
    tp, batch = configs[done % len(configs)]
    a = LLMAnalysis(model, gpu, dtype, ParallelismConfig(tp_size=tp), hbm_memory_efficiency=0.75, flops_efficiency=0.4)
    a.inference(batch_size_per_gpu=batch, seq_len=2048, num_tokens_to_generate=256)
    done += 1
elapsed = time.perf_counter() - start
print(f"{done / elapsed:.1f}")
