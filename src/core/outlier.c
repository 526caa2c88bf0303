/* Amounts far outside a customer's history: see repdesk/outlier.h. */
#include "repdesk/outlier.h"

int64_t outlier_multiple(int64_t amount, int64_t target, int64_t monthly)
{
	int64_t base = target > 0 ? target : monthly > 0 ? monthly : 0;

	if (base <= 0 || amount <= 0 || amount / OUTLIER_FACTOR < base)
		return 0;
	/* amount >= 10 * base, without the product overflowing. */
	return amount / base;
}
