/* assert.h of the nacl-cc runtime: a failed assertion prints to stderr and
   aborts (user return code 134). */
#ifndef NACL_CC_ASSERT_H
#define NACL_CC_ASSERT_H

__attribute__((noreturn)) void __nacl_assert_fail(const char *expr, const char *file, int line);

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : __nacl_assert_fail(#e, __FILE__, __LINE__))
#endif

#endif
