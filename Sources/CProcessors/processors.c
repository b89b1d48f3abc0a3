// CPU_COUNT and sched_getaffinity are GNU extensions that Swift's Glibc module does not export.
#define _GNU_SOURCE
#include "processors.h"

#if defined(__linux__)
#include <sched.h>

int chipfit_allowed_cpus(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return 0;
    return CPU_COUNT(&set);
}
#else
int chipfit_allowed_cpus(void) { return 0; }
#endif
