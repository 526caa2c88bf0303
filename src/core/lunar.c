/* The Chinese calendar's festivals from the moon's phases and the sun's
 * longitude (lunar.h). Times are Julian Ephemeris Days (TT); a day is taken
 * in Beijing time (UTC+8) after the difference between TT and UT. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "repdesk/lunar.h"

#define PI 3.14159265358979323846
#define RAD(x) ((x) * PI / 180.0)
#define SYNODIC 29.530588861
#define JD_1970 2440587.5       /* 1970-01-01 00:00 UT */

/* TT - UT in days, polynomials for the years around ours (Espenak and
 * Meeus); a minute's error moves nothing but an event at midnight. */
static double delta_t(double year)
{
	double t, s;

	if (year < 2005) {
		t = year - 2000;
		s = 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t;
	} else if (year < 2050) {
		t = year - 2000;
		s = 62.92 + 0.32217 * t + 0.005589 * t * t;
	} else {
		t = (year - 1820) / 100;
		s = -20 + 32 * t * t - 0.5628 * (2150 - year);
	}
	return s / 86400.0;
}

/* The Beijing day of the instant JDE. */
static date_day beijing_day(double jde)
{
	double year = 2000 + (jde - 2451545.0) / 365.25;
	return (date_day)floor(jde - delta_t(year) + 8.0 / 24.0 - JD_1970);
}

static double norm360(double a)
{
	a = fmod(a, 360.0);
	return a < 0 ? a + 360.0 : a;
}

/* The instant of new moon number K (0: 2000-01-06), Meeus ch. 49. */
static double new_moon(int k)
{
	double kk = k, t = kk / 1236.85, t2 = t * t, t3 = t2 * t, t4 = t3 * t;
	double jde = 2451550.09766 + SYNODIC * kk + 0.00015437 * t2 - 0.000000150 * t3 +
	             0.00000000073 * t4;
	double e = 1 - 0.002516 * t - 0.0000074 * t2;
	double m = RAD(norm360(2.5534 + 29.10535670 * kk - 0.0000014 * t2 - 0.00000011 * t3));
	double mp = RAD(norm360(201.5643 + 385.81693528 * kk + 0.0107582 * t2 + 0.00001238 * t3 -
	                        0.000000058 * t4));
	double f = RAD(norm360(160.7108 + 390.67050284 * kk - 0.0016118 * t2 - 0.00000227 * t3 +
	                       0.000000011 * t4));
	double om = RAD(norm360(124.7746 - 1.56375588 * kk + 0.0020672 * t2 + 0.00000215 * t3));

	jde += -0.40720 * sin(mp) + 0.17241 * e * sin(m) + 0.01608 * sin(2 * mp) +
	       0.01039 * sin(2 * f) + 0.00739 * e * sin(mp - m) - 0.00514 * e * sin(mp + m) +
	       0.00208 * e * e * sin(2 * m) - 0.00111 * sin(mp - 2 * f) - 0.00057 * sin(mp + 2 * f) +
	       0.00056 * e * sin(2 * mp + m) - 0.00042 * sin(3 * mp) + 0.00042 * e * sin(m + 2 * f) +
	       0.00038 * e * sin(m - 2 * f) - 0.00024 * e * sin(2 * mp - m) - 0.00017 * sin(om) -
	       0.00007 * sin(mp + 2 * m) + 0.00004 * sin(2 * mp - 2 * f) + 0.00004 * sin(3 * m) +
	       0.00003 * sin(mp + m - 2 * f) + 0.00003 * sin(2 * mp + 2 * f) -
	       0.00003 * sin(mp + m + 2 * f) + 0.00003 * sin(mp - m + 2 * f) -
	       0.00002 * sin(mp - m - 2 * f) - 0.00002 * sin(3 * mp + m) + 0.00002 * sin(4 * mp);

	/* The planets' small pulls. */
	static const double a0[14] = { 299.77, 251.88, 251.83, 349.42, 84.66, 141.74, 207.14,
	                               154.84, 34.52, 207.19, 291.34, 161.72, 239.56, 331.55 };
	static const double a1[14] = { 0.107408, 0.016321, 26.651886, 36.412478, 18.206239,
	                               53.303771, 2.453732, 7.306860, 27.261239, 0.121824,
	                               1.844379, 24.198154, 25.513099, 3.592518 };
	static const double amp[14] = { 0.000325, 0.000165, 0.000164, 0.000126, 0.000110, 0.000062,
	                                0.000060, 0.000056, 0.000047, 0.000042, 0.000040, 0.000037,
	                                0.000035, 0.000023 };
	for (int i = 0; i < 14; i++) {
		double a = a0[i] + a1[i] * kk - (i == 0 ? 0.009173 * t2 : 0);
		jde += amp[i] * sin(RAD(norm360(a)));
	}
	return jde;
}

/* The sun's apparent longitude at JDE, degrees (Meeus ch. 25, to 0.01°). */
static double sun_longitude(double jde)
{
	double t = (jde - 2451545.0) / 36525.0;
	double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
	double m = RAD(norm360(357.52911 + 35999.05029 * t - 0.0001537 * t * t));
	double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(m) +
	           (0.019993 - 0.000101 * t) * sin(2 * m) + 0.000289 * sin(3 * m);
	double om = RAD(125.04 - 1934.136 * t);

	return norm360(l0 + c - 0.00569 - 0.00478 * sin(om));
}

/* The instant near GUESS (within a month or so) when the sun's longitude
 * is DEG. */
static double term_near(double guess, double deg)
{
	double jde = guess;

	for (int i = 0; i < 8; i++) {
		double d = norm360(deg - sun_longitude(jde) + 180.0) - 180.0;
		jde += d * 365.2422 / 360.0;
		if (fabs(d) < 1e-6)
			break;
	}
	return jde;
}

/* The December solstice of year Y. */
static double solstice(int y)
{
	/* About 21 December; the loop walks to it. */
	return term_near(2451545.0 + (y - 2000) * 365.2422 + 354.0, 270.0);
}

date_day lunar_solar_term(int y, int deg)
{
	/* The March equinox is near 20 March: from there, DEG degrees on. */
	double equinox = 2451545.0 + (y - 2000) * 365.2422 + 79.0;
	return beijing_day(term_near(equinox + norm360(deg) * 365.2422 / 360.0, deg));
}

/* The number of the last new moon whose day is on or before DAY. */
static int moon_on_or_before(date_day day)
{
	int k = (int)floor((day + JD_1970 - 2451550.09766) / SYNODIC);

	while (beijing_day(new_moon(k + 1)) <= day)
		k++;
	while (beijing_day(new_moon(k)) > day)
		k--;
	return k;
}

/* The first days of lunar months 1..12 (never a leap month) of the Chinese
 * year that begins in Gregorian year Y, into FIRST[1..12]. */
static void year_months(int y, date_day first[13])
{
	double ws0 = solstice(y - 1);
	int k0 = moon_on_or_before(beijing_day(ws0));
	int k1 = moon_on_or_before(beijing_day(solstice(y)));
	date_day start[14];
	int n = k1 - k0, leap = -1, number = 11;

	if (n > 13)
		n = 13;
	for (int i = 0; i <= n; i++)
		start[i] = beijing_day(new_moon(k0 + i));
	if (n == 13) {
		/* The principal terms after the solstice: 300°, 330°, ... 240°. */
		date_day zq[11];
		for (int j = 0; j < 11; j++)
			zq[j] = beijing_day(term_near(ws0 + (j + 1) * 30.44, norm360(270.0 + 30.0 * (j + 1))));
		for (int i = 1; i < n && leap < 0; i++) {
			bool has = false;
			for (int j = 0; j < 11 && !has; j++)
				has = zq[j] >= start[i] && zq[j] < start[i + 1];
			if (!has)
				leap = i;
		}
	}
	for (int i = 0; i <= 12; i++)
		first[i] = start[0];
	for (int i = 1; i < n; i++) {
		if (i == leap)
			continue;
		number = number % 12 + 1;
		if (number <= 10)
			first[number] = start[i];
	}
	/* Months 11 and 12 of this year begin after the next solstice's month:
	 * the planner never asks for them. */
}

date_day lunar_day(int y, int month, int day)
{
	date_day first[13];

	year_months(y, first);
	return first[month >= 1 && month <= 10 ? month : 1] + day - 1;
}

void lunar_holidays(int y, lunar_holiday out[LUNAR_HOLIDAYS])
{
	date_day first[13];
	size_t n = 0;

	year_months(y, first);
	date_day ny = first[1];

	out[n++] = (lunar_holiday){ date_from_ymd(y, 1, 1), "元旦" };
	for (int i = -1; i < 3; i++)
		out[n++] = (lunar_holiday){ ny + i, "春节" };
	out[n++] = (lunar_holiday){ lunar_solar_term(y, 15), "清明节" };
	out[n++] = (lunar_holiday){ date_from_ymd(y, 5, 1), "劳动节" };
	out[n++] = (lunar_holiday){ date_from_ymd(y, 5, 2), "劳动节" };
	out[n++] = (lunar_holiday){ first[5] + 4, "端午节" };
	out[n++] = (lunar_holiday){ first[8] + 14, "中秋节" };
	for (int d = 1; d <= 3; d++)
		out[n++] = (lunar_holiday){ date_from_ymd(y, 10, d), "国庆节" };
	/* 中秋 can fall in the first days of October. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && out[j].day < out[j - 1].day; j--) {
			lunar_holiday t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
}
