#ifndef CHIPFIT_PROCESSORS_H
#define CHIPFIT_PROCESSORS_H

/// The number of CPUs this process may run on (its CPU affinity: taskset, a container's
/// cpuset), or 0 where the system cannot tell.
int chipfit_allowed_cpus(void);

#endif
