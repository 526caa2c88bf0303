/* Growing arrays (see vec.h). */
#include <stdlib.h>

#include "repdesk/vec.h"

bool vec_room(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 256;
	void *p = realloc(*(void **)v, ncap * size);
	if (!p)
		return false;
	*(void **)v = p;
	*cap = ncap;
	return true;
}
