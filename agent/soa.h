/*
 * soa.h - non-blocking SOA queries through c-ares (1.18.1 API only),
 * driven by the daemon's poll() loop (agent/loop.h).
 *
 * One c-ares channel per distinct (server address, port, timeout, tries),
 * created on first use and kept until soa_shutdown().  Queries are built
 * with lib/msg (RD clear) and sent with ares_send(), so a TSIG signer can
 * be slotted in before the send.  Note that c-ares 1.18.1 replaces the
 * query ID with its own random ID in ares_send(); a TSIG signature stays
 * valid because the verifier uses the TSIG "Original ID" (RFC 8945 4.3).
 *
 * At most soa_window queries are outstanding across all channels (default
 * SOA_MAX_INFLIGHT); the rest wait in a FIFO.  The FIFO has no count
 * limit: an entry is one small allocation (under 500 bytes: the server
 * address and the zone name are copied), so 100,000 queued polls cost
 * under 50 MB.
 */
#ifndef ZS_AGENT_SOA_H
#define ZS_AGENT_SOA_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "err.h"
#include "msg.h"
#include "tsig.h"

/*
 * Default window.  Measured on loopback against named 9.18 with the
 * default 208 KB socket buffers (t_soa): named's UDP sockets overflow
 * (RcvbufErrors) somewhere between 150 and 200 queries in flight, and
 * every lost query costs a retry timeout: 2,000 zones take ~0.05 s with
 * a window of 100 or 150 but ~0.45 s with 500.  With queries spread over
 * SOA_CHANS source ports, 10,000 zones: 150 never dropped in 10 sweeps,
 * 200 dropped now and then (make bench).  Raise it with soa_set_window()
 * for many primaries or long round trips.
 */
#ifndef SOA_MAX_INFLIGHT
#define SOA_MAX_INFLIGHT	150
#endif

/*
 * Errors of our own, below every lib/ ZS_E* code.  Network failures use
 * negated errno values like lib/ does: -ETIMEDOUT (no answer after all
 * tries), -ECONNREFUSED (ICMP port unreachable), -ECANCELED (soa_cancel),
 * -ENOMEM; answer problems use ZS_ENOTRESP, ZS_EOPCODE, ZS_EQUESTION,
 * ZS_ERCODE (rcode field says which), ZS_ENOSOA and the parse errors.
 */
#define SOA_EBASE	(-2000)
#define SOA_ENOTAUTH	(SOA_EBASE - 1)	/* answer without the AA bit */
#define SOA_ENET	(SOA_EBASE - 2)	/* other c-ares failure (errtext) */

struct soa_result {
	int err;		/* 0 ok, else a negative code (see above) */
	char errtext[320];	/* human-readable reason, "" when err == 0 */
	unsigned int rcode;	/* RCODE of the answer (0 if none came) */
	int aa;			/* AA bit of the answer */
	struct zs_soa soa;	/* the zone's SOA, valid only when err == 0 */
	double rtt;		/* seconds from send to answer (or failure) */
};

/*
 * Result callback.  r is borrowed for the duration of the call only.  The
 * callback may call soa_query(), soa_cancel() and soa_shutdown().
 */
typedef void (*soa_cb)(void *arg, const struct soa_result *r);

/* ares_library_init.  Call once, after loop_init().  Returns 0 or -ENOMEM. */
int soa_init(void);

/*
 * Destroy every channel and drop every queued or outstanding query
 * WITHOUT calling its callback: after soa_shutdown() no soa_cb is ever
 * called again (callers free their own per-query state).  Safe to call
 * from inside a soa_cb.  soa_init() may be called again afterwards.
 */
void soa_shutdown(void);

/*
 * Ask server for the SOA of zone (uncompressed wire name, copied) in
 * class rrclass.  timeout_secs bounds the whole query: c-ares doubles the
 * per-try timeout on every retry with one server, so each channel's first
 * try gets timeout_secs / (2^tries - 1) (at least 10 ms) and the last
 * failure arrives after about timeout_secs.  tries is clamped to 1..8.
 * Queries that differ in timeout or tries use different channels.
 *
 * Returns 0, and then cb is called exactly once, later, from the loop
 * (never from inside soa_query) unless soa_cancel() or soa_shutdown()
 * drops it first.  Returns ZS_EINVAL (bad zone name, address family,
 * timeout) or ZS_ENOMEM, and then cb is never called.
 */
int soa_query(const struct zs_addr *server, const uint8_t *zone, size_t zlen,
    uint16_t rrclass, double timeout_secs, int tries, soa_cb cb, void *arg);

/*
 * Drop every queued or outstanding query whose callback argument is arg:
 * their callbacks are never called.  Returns how many were dropped.
 * (Outstanding ones still count against the window until c-ares finishes
 * with them.)
 */
int soa_cancel(void *arg);

/*
 * soa_query with TSIG: the query is signed with key (borrowed for the
 * call only) and an answer counts only if it verifies; an unsigned or
 * badly signed answer fails with its ZS_E* code (ZS_ENOTSIGNED,
 * ZS_ETSIG, ZS_EBADKEY, ZS_ETIME).  key NULL is plain soa_query.
 */
int soa_query_tsig(const struct zs_addr *server, const uint8_t *zone,
    size_t zlen, uint16_t rrclass, const struct zs_tsig_key *key,
    double timeout_secs, int tries, soa_cb cb, void *arg);

/* Maximum queries outstanding at once (n < 1 means 1).  Takes effect now. */
void soa_set_window(int n);

/* Queries outstanding in c-ares / waiting in the FIFO. */
int soa_inflight(void);
int soa_queued(void);

/* Counters since soa_init(), for metrics. */
struct soa_stats {
	unsigned long long sent;	/* queries handed to ares_send */
	unsigned long long answers;	/* answers received (any RCODE) */
	unsigned long long ok;		/* results with err == 0 */
	unsigned long long timeouts;	/* -ETIMEDOUT results */
	unsigned long long errors;	/* all other failures, incl. answers */
};
void soa_get_stats(struct soa_stats *st);

/* Text for a soa_result err (SOA_E* or anything zs_strerror knows). */
const char *soa_strerror(int err);

#endif /* ZS_AGENT_SOA_H */
