#ifndef CHIPFIT_CYAML_SHIM_H
#define CHIPFIT_CYAML_SHIM_H
#include <yaml.h>
#endif
