/*
 * timing.c - refresh, retry and expiry arithmetic for secondaries.
 */
#include "timing.h"

static double
clamp(uint32_t v, uint32_t lo, uint32_t hi)
{
	if (lo > hi)		/* the config parser refuses this; be safe */
		hi = lo;
	return (double)(v < lo ? lo : v > hi ? hi : v);
}

double
zs_timing_refresh(bool have_soa, uint32_t refresh, uint32_t min,
    uint32_t max, double u)
{
	double secs = have_soa ? clamp(refresh, min, max) : (double)min;

	if (u < 0 || u >= 1)
		u = 0;
	return secs - secs * 0.25 * u;
}

double
zs_timing_retry(bool have_soa, uint32_t retry, uint32_t min, uint32_t max,
    unsigned failures)
{
	double secs = have_soa ? clamp(retry, min, max) : ZS_TIMING_FIRST_RETRY;
	unsigned f = failures < 6 ? failures : 6;

	/* 1x, 1x, 2x, 2x, 4x, 4x, 8x... */
	secs *= (double)(1u << (f / 2));
	return max > 0 && secs > (double)max ? (double)max : secs;
}

bool
zs_timing_expired(bool have_soa, uint32_t expire, double since_ok)
{
	return have_soa && since_ok > (double)expire;
}
