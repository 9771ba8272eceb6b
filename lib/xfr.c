/*
 * xfr.c - AXFR response state machine (RFC 5936).
 *
 *            feed(first message)
 *   START ---------------------------> (first RR must be the zone's SOA)
 *     |                                   |
 *     |  rcode != 0, bad header,          v
 *     |  no SOA                        BODY <----+ feed(next message)
 *     v                                   |      |  (zone RRs handed on)
 *   FAILED <------------------------------+------+
 *     ^      limits, out-of-zone owner,   |
 *     |      class, parse error           | apex SOA again, same serial
 *     |                                   v
 *     +------ any message after END ---- END (ZS_XFR_DONE)
 *
 * Every message: ID equals the query's, QR set, opcode QUERY, rcode 0,
 * TC clear (RFC 5936 section 2.2).  The first message must copy the
 * question (2.2.1); later ones may omit it but must match if they don't.  The closing SOA must
 * be the last RR of the stream (section 2.2: it is "the last RR in the
 * response") and must carry the opening serial.
 */
#include <stdlib.h>
#include <string.h>

#include "rrtype.h"
#include "xfr.h"

enum xfr_state { XFR_START, XFR_BODY, XFR_END, XFR_FAILED };

struct zs_xfr {
	enum xfr_state state;
	int err;			/* error once FAILED */
	uint8_t zone[ZS_DNAME_MAXLEN];
	size_t zlen;
	uint16_t rrclass;
	uint16_t qid;
	struct zs_xfr_limits lim;
	struct zs_xfr_stats st;
	struct zs_soa soa;		/* the opening SOA */
};

struct zs_xfr *
zs_xfr_new(const uint8_t *zone, size_t zlen, uint16_t rrclass, uint16_t qid,
    const struct zs_xfr_limits *lim)
{
	struct zs_xfr *x;

	if (zlen > ZS_DNAME_MAXLEN || (x = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	memcpy(x->zone, zone, zlen);
	x->zlen = zlen;
	x->rrclass = rrclass;
	x->qid = qid;
	if (lim != NULL)
		x->lim = *lim;
	return x;
}

void
zs_xfr_free(struct zs_xfr *x)
{
	free(x);
}

void
zs_xfr_get_stats(const struct zs_xfr *x, struct zs_xfr_stats *st)
{
	*st = x->st;
}

static int
fail(struct zs_xfr *x, int err)
{
	x->state = XFR_FAILED;
	x->err = err;
	return err;
}

static int
check_header(struct zs_xfr *x, const struct zs_msghdr *h)
{
	if (h->id != x->qid)
		return ZS_EID;
	if ((h->flags & ZS_FLAG_QR) == 0)
		return ZS_ENOTRESP;
	if (zs_msg_opcode(h->flags) != ZS_OPCODE_QUERY)
		return ZS_EOPCODE;
	if (zs_msg_rcode(h->flags) != ZS_RCODE_NOERROR) {
		x->st.rcode = zs_msg_rcode(h->flags);
		return ZS_ERCODE;
	}
	if ((h->flags & ZS_FLAG_TC) != 0)
		return ZS_ETC;
	if (h->qdcount > 1)
		return ZS_EQUESTION;
	return 0;
}

static int
is_apex_soa(const struct zs_xfr *x, const struct zs_rr *rr)
{
	return rr->type == ZS_TYPE_SOA &&
	    zs_dname_eq_nocase(rr->owner, rr->owner_len, x->zone, x->zlen);
}

/* One answer RR; returns 0, ZS_XFR_DONE, or an error. */
static int
answer_rr(struct zs_xfr *x, const struct zs_rr *rr, zs_xfr_rr_fn fn,
    void *arg)
{
	struct zs_soa soa;
	int ret;

	if (x->state == XFR_END)
		return ZS_EAFTEREND;
	if (rr->rrclass != x->rrclass)
		return ZS_ECLASS;
	if (x->state == XFR_START) {
		if (!is_apex_soa(x, rr) || zs_msg_soa(rr->rdata, &soa) != 0)
			return ZS_ENOSOA;
		x->soa = soa;
		x->st.serial = soa.serial;
		x->st.have_soa = 1;
		x->state = XFR_BODY;
	} else if (is_apex_soa(x, rr)) {
		if (zs_msg_soa(rr->rdata, &soa) != 0 ||
		    soa.serial != x->soa.serial)
			return ZS_ESOAMISMATCH;
		x->state = XFR_END;
		return 0;
	} else if (!zs_dname_is_subdomain(rr->owner, rr->owner_len, x->zone,
	    x->zlen))
		return ZS_EOUTOFZONE;
	if (x->lim.max_records != 0 && x->st.records >= x->lim.max_records)
		return ZS_ETOOMANY;
	x->st.records++;
	ret = fn(arg, rr);
	/* A positive value would read as ZS_XFR_DONE to our caller. */
	return ret > 0 ? ZS_EINVAL : ret;
}

int
zs_xfr_feed(struct zs_xfr *x, const uint8_t *msg, size_t len,
    zs_xfr_rr_fn fn, void *arg)
{
	struct zs_rd rd = zs_rd_init(msg, len);
	struct zs_msghdr h;
	struct zs_question q;
	struct zs_rr rr;
	unsigned int i;
	int ret;

	if (x->state == XFR_FAILED)
		return x->err;
	if (x->state == XFR_END)
		return fail(x, ZS_EAFTEREND);
	x->st.messages++;
	x->st.bytes += len;
	if (x->lim.max_bytes != 0 && x->st.bytes > x->lim.max_bytes)
		return fail(x, ZS_ETOOBIG);
	if (zs_msg_read_header(&rd, &h) != 0)
		return fail(x, rd.err);
	if ((ret = check_header(x, &h)) != 0)
		return fail(x, ret);
	/* RFC 5936 2.2.1: the first message copies the question. */
	if (h.qdcount == 0 && x->st.messages == 1)
		return fail(x, ZS_EQUESTION);
	if (h.qdcount == 1) {
		if (zs_msg_read_question(&rd, &q) != 0)
			return fail(x, rd.err);
		if (q.type != ZS_TYPE_AXFR || q.rrclass != x->rrclass ||
		    !zs_dname_eq_nocase(q.name, q.namelen, x->zone, x->zlen))
			return fail(x, ZS_EQUESTION);
	}
	for (i = 0; i < h.ancount; i++) {
		if (zs_msg_read_rr(&rd, &rr) != 0)
			return fail(x, rd.err);
		if ((ret = answer_rr(x, &rr, fn, arg)) != 0)
			return fail(x, ret);
	}
	if (x->state == XFR_START)	/* an empty first message */
		return fail(x, ZS_ENOSOA);
	/*
	 * Authority and additional RRs carry nothing for AXFR except a TSIG
	 * (handled by the caller before feeding); parse them so a malformed
	 * tail is still caught.
	 */
	for (i = 0; i < (unsigned int)h.nscount + h.arcount; i++)
		if (zs_msg_read_rr(&rd, &rr) != 0)
			return fail(x, rd.err);
	if (zs_rd_left(&rd) != 0)
		return fail(x, ZS_ETRAILING);
	return x->state == XFR_END ? ZS_XFR_DONE : ZS_XFR_MORE;
}
