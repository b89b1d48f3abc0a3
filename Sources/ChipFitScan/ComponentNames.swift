import ChipFitPlanner

/// Which component of the CUDA ecosystem a package or a Python module is, in the names stack
/// rules use (`profiles/stacks/*.yaml`, `components:`). Only names listed here are reported:
/// the scan looks for what ties code to CUDA, not for every dependency.
public enum ComponentNames {
    /// A distribution (PyPI or conda) name, normalised, to its component.
    public static func forPackage(_ name: String) -> String? {
        let n = Versioned.normalised(name)
        if let c = packages[n] { return c }
        // CUDA's own wheels: nvidia-cublas-cu12, nvidia-nccl-cu12, cupy-cuda12x, …
        if n.hasPrefix("nvidia-nccl") { return "nccl" }
        if n.hasPrefix("nvidia-") && (n.hasSuffix("-cu11") || n.hasSuffix("-cu12") || n.hasSuffix("-cu13")) { return "cuda" }
        if n.hasPrefix("cupy-cuda") { return "cupy" }
        return nil
    }

    /// A top-level Python module to its component.
    public static func forModule(_ module: String) -> String? { modules[module] }

    static let packages: [String: String] = [
        "torch": "pytorch", "pytorch": "pytorch",
        "cudatoolkit": "cuda", "cuda-toolkit": "cuda", "cuda-runtime": "cuda", "cuda-python": "cuda", "pytorch-cuda": "cuda",
        "nccl": "nccl",
        "flash-attn": "flash-attn", "xformers": "xformers", "vllm": "vllm", "sglang": "sglang",
        "triton": "triton", "transformer-engine": "transformer-engine", "torchao": "torchao",
        "tensorrt": "tensorrt", "tensorrt-llm": "tensorrt-llm", "peft": "peft",
        "onnxruntime-gpu": "onnxruntime-gpu", "megatron-lm": "megatron-lm", "megatron-core": "megatron-lm",
        "lmdeploy": "lmdeploy", "liger-kernel": "liger-kernel", "flashinfer": "flashinfer", "flashinfer-python": "flashinfer",
        "deepspeed": "deepspeed", "cupy": "cupy", "bitsandbytes": "bitsandbytes", "autoawq": "awq", "awq": "awq",
        "auto-gptq": "auto-gptq", "apex": "apex", "nvidia-apex": "apex", "accelerate": "accelerate",
        "pycuda": "custom-cuda-kernels", "numba-cuda": "custom-cuda-kernels", "cutlass": "cutlass", "nvidia-cutlass": "cutlass",
    ]

    static let modules: [String: String] = [
        "flash_attn": "flash-attn", "flash_attn_interface": "flash-attn", "xformers": "xformers", "vllm": "vllm",
        "sglang": "sglang", "triton": "triton", "transformer_engine": "transformer-engine", "torchao": "torchao",
        "tensorrt": "tensorrt", "tensorrt_llm": "tensorrt-llm", "peft": "peft", "megatron": "megatron-lm",
        "lmdeploy": "lmdeploy", "liger_kernel": "liger-kernel", "flashinfer": "flashinfer", "deepspeed": "deepspeed",
        "cupy": "cupy", "cupyx": "cupy", "bitsandbytes": "bitsandbytes", "awq": "awq", "auto_gptq": "auto-gptq",
        "apex": "apex", "accelerate": "accelerate", "pycuda": "custom-cuda-kernels", "cutlass": "cutlass",
    ]
}
