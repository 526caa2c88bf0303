#ifndef REPDESK_LUNAR_H
#define REPDESK_LUNAR_H
/* China mainland's statutory public holidays for any year, estimated from
 * astronomy: the Chinese calendar's months begin on the day (Beijing time)
 * of a new moon, the eleventh month holds the winter solstice, and in a year
 * of thirteen months the first month without a principal solar term is the
 * leap one. New moons and the sun's longitude follow Meeus, Astronomical
 * Algorithms (ch. 25, 47-49 forms), to a few minutes: a new moon or a solar
 * term within minutes of midnight could land a day off, which is why these
 * dates are an estimate until the year's official schedule is known.
 * Pure: no I/O. */

#include <stddef.h>
#include "repdesk/date.h"

/* The first day of lunar month MONTH (1..10, never a leap month) of the
 * Chinese year that begins in Gregorian year Y, plus DAY - 1 days (DAY
 * 1..30). Years 1901..2099. */
date_day lunar_day(int y, int month, int day);
/* The day (Beijing time) the sun reaches apparent longitude DEG (0..359,
 * a multiple of 15: a solar term) in Gregorian year Y. */
date_day lunar_solar_term(int y, int deg);

/* The statutory holidays of year Y (the rules in force since 2025):
 * 元旦 1 Jan; 春节 the lunar new year's eve and the first three days;
 * 清明节 the Qingming term's day; 劳动节 1-2 May; 端午节 5/5; 中秋节 8/15;
 * 国庆节 1-3 Oct. Thirteen days, in date order, into OUT (NAMES static). */
#define LUNAR_HOLIDAYS 13
typedef struct {
	date_day day;
	const char *name;
} lunar_holiday;
void lunar_holidays(int y, lunar_holiday out[LUNAR_HOLIDAYS]);

#endif
