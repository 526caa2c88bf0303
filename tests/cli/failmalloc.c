/* LD_PRELOAD shim for fault tests: malloc, calloc and realloc fail (return
 * NULL) from the FAILMALLOC_AT-th call on, so every allocation-failure path
 * of a real process is reached. Not used under the sanitizers. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

static long calls, fail_at = -1;
static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);

/* dlsym itself may calloc; serve that from a static buffer. */
static char bootstrap[4096];
static size_t boot_used;

static int should_fail(void)
{
	if (fail_at < 0) {
		const char *s = getenv("FAILMALLOC_AT");
		fail_at = s ? atol(s) : 0;
	}
	return fail_at > 0 && ++calls >= fail_at;
}

void *malloc(size_t n)
{
	if (!real_malloc)
		real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
	if (should_fail()) {
		errno = ENOMEM;
		return NULL;
	}
	return real_malloc(n);
}

void *calloc(size_t a, size_t b)
{
	if (!real_calloc) {
		static int in_dlsym;
		if (in_dlsym) {
			size_t n = (a * b + 15) & ~(size_t)15;
			if (boot_used + n > sizeof bootstrap)
				return NULL;
			void *p = bootstrap + boot_used;
			boot_used += n;
			return p;
		}
		in_dlsym = 1;
		real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
		in_dlsym = 0;
	}
	if (should_fail()) {
		errno = ENOMEM;
		return NULL;
	}
	return real_calloc(a, b);
}

void *realloc(void *p, size_t n)
{
	if (!real_realloc)
		real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
	if (should_fail()) {
		errno = ENOMEM;
		return NULL;
	}
	return real_realloc(p, n);
}

void free(void *p)
{
	static void (*real_free)(void *);
	if ((char *)p >= bootstrap && (char *)p < bootstrap + sizeof bootstrap)
		return;
	if (!real_free)
		real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
	real_free(p);
}
