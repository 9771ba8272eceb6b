/*
 * timing.h - a secondary's refresh arithmetic (RFC 1034 4.3.5), as BIND
 * does it, pure so it can be tested: no clock, no randomness of its own.
 */
#ifndef ZS_TIMING_H
#define ZS_TIMING_H

#include <stdbool.h>
#include <stdint.h>

/* Before any SOA is known (first start, no file), retry this soon. */
#define ZS_TIMING_FIRST_RETRY	5.0

/*
 * Seconds until the next check after a good round: the SOA refresh
 * (min_refresh when no SOA is known) clamped to [min, max], then made up
 * to 25% shorter by u, a uniform random value in [0, 1), so thousands of
 * zones with the same refresh do not fire together (BIND jitters the
 * same way).
 */
double zs_timing_refresh(bool have_soa, uint32_t refresh, uint32_t min,
    uint32_t max, double u);

/*
 * Seconds until the next try after a failed round, failures being the
 * number of failed rounds before this one (0 for the first): the SOA
 * retry clamped to [min, max] (ZS_TIMING_FIRST_RETRY when no SOA is
 * known), doubled every second failure up to 8x, never past max.
 */
double zs_timing_retry(bool have_soa, uint32_t retry, uint32_t min,
    uint32_t max, unsigned failures);

/*
 * Whether a zone has expired: no good answer for longer than its SOA
 * expire (RFC 1034 4.3.5).  Never without a known SOA.
 */
bool zs_timing_expired(bool have_soa, uint32_t expire, double since_ok);

#endif /* ZS_TIMING_H */
