#ifndef REPDESK_TIER_H
#define REPDESK_TIER_H
/* Customer tiers S/A/B/C/D from a monthly value and four thresholds, and the
 * store-count bands. Pure. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { TIER_S, TIER_A, TIER_B, TIER_C, TIER_D, TIER_COUNT, TIER_NONE = -1 } tier;

typedef enum { TIER_METRIC_AMOUNT, TIER_METRIC_VOLUME } tier_metric;

typedef struct {
	tier_metric metric;
	/* Lower bounds of S, A, B, C (D is everything below C). Amounts in fen,
	 * volumes in units (room-nights). Strictly decreasing. */
	int64_t min[4];
} tier_thresholds;

/* Defaults: amount S >= ¥20,000, A >= ¥10,000, B >= ¥5,000, C >= ¥1,000;
 * volume S >= 100, A >= 50, B >= 20, C >= 1. */
tier_thresholds tier_default(tier_metric metric);

tier tier_of(int64_t value, const tier_thresholds *th);
/* A manual tier (not TIER_NONE) overrides the computed one. */
tier tier_effective(tier manual, tier computed);

char tier_letter(tier t);           /* 'S'..'D', '-' for TIER_NONE */
tier tier_from_letter(int c);       /* 'S'/'s'.. 'D'/'d', else TIER_NONE */

/* Parse "S=20000,A=10000,B=5000,C=1000" (money forms allowed for the amount
 * metric, plain integers for volume; all four, any order, strictly decreasing).
 * On error false with the reason in ERR. */
bool tier_parse_spec(const char *spec, tier_metric metric, tier_thresholds *out,
                     char *err, size_t errsz);
/* "S=20000,A=10000,B=5000,C=1000" (yuan for amounts). */
char *tier_format_spec(const tier_thresholds *th, char *buf, size_t bufsz);

const char *tier_metric_name(tier_metric m);          /* "amount" / "volume" */
bool tier_metric_parse(const char *s, tier_metric *m);

/* Store-count bands: >=30, >=10, >=3, fewer; -1 stores (unknown) -> TIER_BAND_UNKNOWN. */
typedef enum { TIER_BAND_30, TIER_BAND_10, TIER_BAND_3, TIER_BAND_FEW, TIER_BAND_UNKNOWN } tier_band;
tier_band tier_band_of(int64_t stores);
const char *tier_band_label(tier_band b);   /* "30+", "10-29", "3-9", "1-2"/"0-2", "" */

#endif
