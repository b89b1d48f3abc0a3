#ifndef CHIPFIT_MALLOC_TUNING_H
#define CHIPFIT_MALLOC_TUNING_H
#include <stdlib.h> /* defines __GLIBC__ on glibc */
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/// Tells glibc's allocator to keep the memory it has instead of handing freed pages at the
/// top of the heap back to the kernel and growing the heap again a moment later; a no-op on
/// other C libraries. Call once, before any threads start. See docs/benchmarks.md.
///
/// Header-only (a system-library module), so no separately compiled C object carries DWARF 5
/// debug information, which valgrind 3.19 (the benchmark's instruction counter) cannot read.
static inline void chipfit_tune_malloc(void) {
#if defined(__GLIBC__)
    /* A short-lived command that builds and frees a syntax tree per file: with glibc's
     * defaults (trim above 128 KiB, grow by 128 KiB) `validate` shrank and regrew the heap
     * 42 times over 2,000 files, each shrink a brk(2) whose unmapping the kernel must make
     * visible to the other thread's CPU. Everything still goes back to the system at exit. */
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
#endif
}

#endif
