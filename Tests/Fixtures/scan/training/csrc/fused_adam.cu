#include <cuda_runtime.h>
// A __global__ kernel in a comment is not a kernel.
/* __global__ void not_a_kernel(); */
__global__ void adam_kernel(float* p, const float* g, int n) {
    const char* s = "__global__";
}
