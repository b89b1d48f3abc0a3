#include "fuzz_shim.h"

// Weak, so the symbol is null unless libFuzzer is linked in.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t)) __attribute__((weak));

int chipfit_fuzz_run(int *argc, char ***argv, chipfit_fuzz_callback callback) {
    if (!LLVMFuzzerRunDriver) return -1;
    return LLVMFuzzerRunDriver(argc, argv, callback);
}
