from setuptools import setup
from torch.utils.cpp_extension import BuildExtension, CUDAExtension

setup(
    name="fastadam",
    install_requires=["megatron-core>=0.6.0", "transformer-engine", "numpy"],
    ext_modules=[
        CUDAExtension("fastadam_cuda", ["csrc/binding.cpp", "csrc/fused_adam.cu"]),
    ],
    cmdclass={"build_ext": BuildExtension},
)
