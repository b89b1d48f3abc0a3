"""Starts SGLang for the support assistant (the "cuda" device is chosen below, not here)."""
import os

import sglang as sgl
import torch


def launch(model_path: str, rank: int):
    torch.cuda.set_device(rank)
    runtime = sgl.Runtime(model_path=model_path, tp_size=2, device="cuda")
    sgl.set_default_backend(runtime)
    return runtime


def warmup(tokens):
    # tokens.cuda() was slower than pinning memory first
    return tokens.pin_memory().to("cuda", non_blocking=True)
