/*
 * xfr.h - I/O-free zone transfer response state machine (RFC 5936 AXFR).
 *
 * The caller sends the query, then feeds each response message as it
 * arrives.  The machine checks every message against the query and the
 * RFC 5936 framing rules and hands each zone RR to a callback: the
 * opening SOA first, then the rest, never the closing SOA.
 */
#ifndef ZS_XFR_H
#define ZS_XFR_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

struct zs_xfr;

struct zs_xfr_limits {
	uint64_t max_records;	/* records in the zone, 0 = no limit */
	uint64_t max_bytes;	/* message bytes in all, 0 = no limit */
};

struct zs_xfr_stats {
	uint32_t serial;	/* serial of the opening SOA */
	uint64_t records;	/* RRs handed to the callback */
	uint64_t bytes;		/* message bytes fed (without TCP framing) */
	uint64_t messages;	/* messages fed */
	unsigned int rcode;	/* RCODE when feed failed with ZS_ERCODE */
	int have_soa;		/* the opening SOA has been seen */
};

/*
 * Called for each zone RR; rr is a view valid only during the call.
 * A non-zero return aborts the feed with that value.
 */
typedef int (*zs_xfr_rr_fn)(void *arg, const struct zs_rr *rr);

enum { ZS_XFR_MORE = 0, ZS_XFR_DONE = 1 };

/*
 * Start a transfer of zone (wire form, copied) in class rrclass, for a
 * query sent with ID qid.  lim may be NULL (no limits).  Returns a new
 * object the caller frees with zs_xfr_free, or NULL when out of memory.
 */
struct zs_xfr *zs_xfr_new(const uint8_t *zone, size_t zlen, uint16_t rrclass,
    uint16_t qid, const struct zs_xfr_limits *lim);

/* Free x; NULL does nothing. */
void zs_xfr_free(struct zs_xfr *x);

/*
 * Feed one whole response message (without the TCP length prefix).
 * Returns ZS_XFR_MORE when more messages are expected, ZS_XFR_DONE when
 * the closing SOA was seen, or a negative ZS_E* error, after which the
 * transfer is dead and every later feed returns the same error.
 * Errors: ZS_EID, ZS_ENOTRESP, ZS_EOPCODE, ZS_ERCODE (see stats.rcode),
 * ZS_ETC, ZS_EQUESTION, ZS_ENOSOA, ZS_EOUTOFZONE, ZS_ECLASS,
 * ZS_ESOAMISMATCH, ZS_EAFTEREND, ZS_ETOOMANY, ZS_ETOOBIG, parse errors
 * (ZS_ETRUNC, ZS_ELOOP, ...), ZS_ETRAILING, or the callback's value.
 */
int zs_xfr_feed(struct zs_xfr *x, const uint8_t *msg, size_t len,
    zs_xfr_rr_fn fn, void *arg);

/* Copy the counters so far into st. */
void zs_xfr_get_stats(const struct zs_xfr *x, struct zs_xfr_stats *st);

#endif /* ZS_XFR_H */
