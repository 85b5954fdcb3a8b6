/* math.h of the nacl-cc runtime: only what SSE2 does in one instruction.
   Any other function is undeclared, so using it fails at compile time. */
#ifndef NACL_CC_MATH_H
#define NACL_CC_MATH_H

static inline double sqrt(double x) { return __builtin_sqrt(x); }
static inline float sqrtf(float x) { return __builtin_sqrtf(x); }
static inline double fabs(double x) { return __builtin_fabs(x); }
static inline float fabsf(float x) { return __builtin_fabsf(x); }

#endif
