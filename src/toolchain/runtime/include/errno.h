/* errno.h of the nacl-cc runtime: set by strtol and friends only. */
#ifndef NACL_CC_ERRNO_H
#define NACL_CC_ERRNO_H

extern int errno;
#define EINVAL 22
#define ERANGE 34

#endif
