/* alloca.h of the nacl-cc runtime. */
#ifndef NACL_CC_ALLOCA_H
#define NACL_CC_ALLOCA_H

#include <stddef.h>
#define alloca(size) __builtin_alloca(size)

#endif
