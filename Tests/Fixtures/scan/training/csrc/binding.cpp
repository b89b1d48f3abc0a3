#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

void adam(torch::Tensor p);
