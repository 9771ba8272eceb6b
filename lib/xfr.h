/*
 * xfr.h - I/O-free zone transfer response state machine (RFC 5936 AXFR,
 * RFC 1995 IXFR).
 *
 * The caller sends the query, then feeds each response message as it
 * arrives.  The machine checks every message against the query and the
 * RFC 5936 framing rules and hands each zone RR to a callback: the
 * opening SOA first, then the rest, never the closing SOA.
 *
 * An IXFR answer (zs_xfr_new_ixfr) is one of three things, told apart as
 * BIND's xfrin does: a lone SOA not newer than ours (up to date), an
 * incremental answer (the SOA, then an SOA with our serial: deltas), or
 * anything else, which is an AXFR-style answer handled exactly as an
 * AXFR.  The kind is known after the second RR (zs_xfr_stats.kind).
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

/* What an answer turned out to be (zs_xfr_stats.kind). */
enum zs_xfr_kind {
	ZS_XFR_KIND_UNKNOWN,	/* not known yet (IXFR: before the 2nd RR) */
	ZS_XFR_KIND_AXFR,	/* a whole zone: an AXFR, or an AXFR-style
				 * answer to an IXFR query */
	ZS_XFR_KIND_IXFR,	/* deltas (RFC 1995 section 4) */
	ZS_XFR_KIND_UPTODATE	/* IXFR: one SOA not newer than ours */
};

struct zs_xfr_stats {
	uint32_t serial;	/* serial of the opening SOA */
	uint64_t records;	/* RRs handed to the callback (RR, DEL, ADD
				 * events; the SOAs of DELTA events not) */
	uint64_t received;	/* answer RRs received but the closing SOA
				 * (what max_records bounds) */
	uint64_t deltas;	/* IXFR: delta sequences seen */
	enum zs_xfr_kind kind;
	int ixfr;		/* the query was an IXFR */
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

/* What an event of zs_xfr_feed_ev carries. */
enum zs_xfr_ev_type {
	ZS_XFR_EV_RR,		/* a record of the whole zone (AXFR, or an
				 * AXFR-style IXFR answer); the SOA first */
	ZS_XFR_EV_DELTA,	/* IXFR: a delta begins; old_soa opens its
				 * deletions, rr (the new SOA) its additions */
	ZS_XFR_EV_DEL,		/* IXFR: rr deleted by the current delta */
	ZS_XFR_EV_ADD		/* IXFR: rr added by the current delta */
};

/*
 * One event; the RR views are valid only during the call.  A DELTA's
 * old_soa and every DEL view hold RDATA without compression pointers
 * (they were kept across messages); RR and ADD views and a DELTA's rr
 * point into the message and may have them.  A delta's DEL events come after its DELTA
 * event (the machine holds the deletions until the new SOA arrives,
 * bounded by ZS_XFR_DELBUF_MAX octets).  Never an SOA in DEL or ADD.
 */
struct zs_xfr_ev {
	enum zs_xfr_ev_type type;
	const struct zs_rr *rr;
	const struct zs_rr *old_soa;	/* DELTA only, else NULL */
};

#define ZS_XFR_DELBUF_MAX	(64u << 20)

typedef int (*zs_xfr_ev_fn)(void *arg, const struct zs_xfr_ev *ev);

/*
 * Start a transfer of zone (wire form, copied) in class rrclass, for a
 * query sent with ID qid.  lim may be NULL (no limits).  Returns a new
 * object the caller frees with zs_xfr_free, or NULL when out of memory.
 */
struct zs_xfr *zs_xfr_new(const uint8_t *zone, size_t zlen, uint16_t rrclass,
    uint16_t qid, const struct zs_xfr_limits *lim);

/*
 * The same for an IXFR query sent with our serial (RFC 1995 section 3):
 * the answer is classified as it comes (see the top of this file) and
 * fed with zs_xfr_feed_ev.
 */
struct zs_xfr *zs_xfr_new_ixfr(const uint8_t *zone, size_t zlen,
    uint16_t rrclass, uint16_t qid, uint32_t serial,
    const struct zs_xfr_limits *lim);

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

/*
 * Feed one message, events to fn.  As zs_xfr_feed; an SOA RR at another
 * name than the apex fails with ZS_ENOTAPEX (CVE-2021-25214), and an
 * IXFR answer also with ZS_ECHAIN (a delta does not start where the
 * previous one ended, or the last does not reach the opening serial),
 * ZS_ETOOBIG (the deletions of one delta over ZS_XFR_DELBUF_MAX) or
 * ZS_EBADRDATA (a deleted record's RDATA does not parse).  An up-to-date
 * answer returns ZS_XFR_DONE with kind ZS_XFR_KIND_UPTODATE and no
 * event; whatever follows its SOA is not looked at.  zs_xfr_feed on an
 * IXFR machine fails with ZS_EINVAL at the first DELTA event.
 */
int zs_xfr_feed_ev(struct zs_xfr *x, const uint8_t *msg, size_t len,
    zs_xfr_ev_fn fn, void *arg);

/*
 * Write an IXFR query for zone in class qclass with our serial: the
 * question, and in the authority section our SOA (RFC 1995 section 3),
 * whose names are the root and whose timers are 0, as dig sends it
 * (servers look only at the serial).  Returns 0 or ZS_ESPACE.
 */
int zs_xfr_ixfr_query(struct zs_wr *wr, uint16_t id, const uint8_t *zone,
    size_t zlen, uint16_t qclass, uint32_t serial);

/* Copy the counters so far into st. */
void zs_xfr_get_stats(const struct zs_xfr *x, struct zs_xfr_stats *st);

#endif /* ZS_XFR_H */
