#ifndef REPDESK_VEC_H
#define REPDESK_VEC_H
/* Growing arrays: one rule for room, doubling from 256 elements, so the
 * readers that gather a book in a few queries grow their arrays alike.
 * The caller owns the array and frees it. */

#include <stdbool.h>
#include <stddef.h>

/* Room in *V (an array of *CAP elements of SIZE) for one more than N:
 * doubled (from 256) when full. False when out of memory (then *V and
 * *CAP are as they were). */
bool vec_room(void *v, size_t *cap, size_t n, size_t size);

#endif
