/* glibc asks the processor what it has when the program starts and keeps
 * the answer: read there, it costs nothing. The compiler's own way
 * (__builtin_cpu_supports) links a constructor that asks again at every
 * start, which a virtual machine makes slow; it is the fallback. */
#include <config.h>

#include "text/cpu.h"

#if defined(__x86_64__) && defined(__has_include)
#if __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h>
#define CPU_FROM_GLIBC 1
#endif
#endif

bool
cpu_has_avx2(void)
{
#if defined(CPU_FROM_GLIBC)
	return CPU_FEATURE_ACTIVE(AVX2);
#elif defined(__x86_64__) && defined(__GNUC__)
	return __builtin_cpu_supports("avx2");
#else
	return false;
#endif
}
