#!/usr/bin/env bash
# nvidia-smi would show the GPUs
nvidia-smi
export CUDA_VISIBLE_DEVICES=0,1
python -m vllm.entrypoints.openai.api_server --model "$MODEL"
