#ifndef CHIPFIT_FUZZ_SHIM_H
#define CHIPFIT_FUZZ_SHIM_H
#include <stddef.h>
#include <stdint.h>

typedef int (*chipfit_fuzz_callback)(const uint8_t *data, size_t size);

/// Runs libFuzzer's driver when the binary was linked with -sanitize=fuzzer; returns -1
/// otherwise, so an ordinary build of the target still links and explains itself.
int chipfit_fuzz_run(int *argc, char ***argv, chipfit_fuzz_callback callback);

#endif
