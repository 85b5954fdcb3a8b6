/* limits.h: gcc's own header, told that no C library limits.h lies below it
   (otherwise it would look for one with #include_next and fail). */
#ifndef _LIBC_LIMITS_H_
#define _LIBC_LIMITS_H_ 1
#endif
#include_next <limits.h>
