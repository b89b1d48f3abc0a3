"""Serves the model with vLLM.

Runs on torch.cuda devices; the "cuda" string here is documentation.
"""
import os
import torch
import torch.distributed as dist
from vllm import LLM, SamplingParams
from flash_attn import flash_attn_func

# torch.cuda.synchronize() is not needed here


def load(path):
    llm = LLM(model=path, tensor_parallel_size=2)
    if torch.cuda.is_available():
        device = "cuda:0"
    print("cuda")
    return llm


def attention(q, k, v):
    out = flash_attn_func(q.cuda(), k.cuda(), v)
    return out.to("cuda")


def setup():
    dist.init_process_group(backend="nccl")
    log = "using nccl for collectives"
    return log
