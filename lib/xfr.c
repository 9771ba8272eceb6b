/*
 * xfr.c - AXFR (RFC 5936) and IXFR (RFC 1995) response state machine.
 *
 *            feed(first message)
 *   START ---------------------------> (first RR must be the zone's SOA)
 *     |                                   |
 *     |  rcode != 0, bad header,          | AXFR query
 *     |  no SOA                           v
 *     |                                 BODY <---+ feed(next message)
 *     |                                   |      |  (zone RRs handed on)
 *     |     IXFR query: FIRST ------------+------+
 *     |      |  2nd RR is not an SOA      |
 *     |      |  with our serial           | apex SOA again, same serial
 *     |      | (AXFR-style)               v
 *     |      +------------------------> END (ZS_XFR_DONE)
 *     |      | SOA with our serial        ^   ^
 *     |      v                            |   | lone SOA, not newer
 *     |    IX_DEL --new SOA--> IX_ADD ----+   | than ours (up to date,
 *     |      ^                   |  SOA S     | straight from START)
 *     |      +---SOA (next delta)+
 *     v
 *   FAILED <-- limits, out-of-zone owner, class, non-apex SOA, broken
 *              chain, parse error, any message after END
 *
 * Every message: ID equals the query's, QR set, opcode QUERY, rcode 0,
 * TC clear (RFC 5936 section 2.2).  The first message must copy the
 * question (2.2.1); later ones may omit it but must match if they don't.
 * The closing SOA must be the last RR of the stream (section 2.2: it is
 * "the last RR in the response") and must carry the opening serial.
 *
 * IXFR (RFC 1995 section 4): SOA S, then for each delta SOA old,
 * deletions, SOA new, additions, and SOA S again at the end.  Each delta
 * starts at the serial the previous one reached (the first at ours) and
 * the last reaches S.  The deletions of a delta are held (copied, names
 * expanded) until its new SOA arrives, so the callback hears of the
 * delta, with both SOAs, before its first deletion.
 */
#include <stdlib.h>
#include <string.h>

#include "rdata.h"
#include "rrtype.h"
#include "serial.h"
#include "xfr.h"

enum xfr_state {
	XFR_START, XFR_FIRST, XFR_BODY, XFR_IX_DEL, XFR_IX_ADD, XFR_END,
	XFR_FAILED
};

/* An SOA kept across messages, RDATA uncompressed. */
struct kept_soa {
	uint8_t owner[ZS_DNAME_MAXLEN];
	size_t owner_len;
	uint16_t rrclass;
	uint32_t ttl;
	uint8_t rdata[2 * ZS_DNAME_MAXLEN + 20];
	size_t rdlen;
	uint32_t serial;
};

struct zs_xfr {
	enum xfr_state state;
	int err;			/* error once FAILED */
	uint8_t zone[ZS_DNAME_MAXLEN];
	size_t zlen;
	uint16_t rrclass;
	uint16_t qid;
	uint16_t qtype;			/* AXFR or IXFR */
	uint32_t ours;			/* IXFR: the serial we asked from */
	uint32_t current;		/* IXFR: the serial deltas reached */
	struct zs_xfr_limits lim;
	struct zs_xfr_stats st;
	struct zs_soa soa;		/* the opening SOA */
	struct kept_soa first;		/* IXFR: the opening SOA, kept */
	struct kept_soa old;		/* IXFR: the current delta's old SOA */
	uint8_t *del;			/* IXFR: the deletions held */
	size_t dlen, dcap;
};

static struct zs_xfr *
xfr_new(const uint8_t *zone, size_t zlen, uint16_t rrclass, uint16_t qid,
    const struct zs_xfr_limits *lim)
{
	struct zs_xfr *x;

	if (zlen > ZS_DNAME_MAXLEN || (x = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	memcpy(x->zone, zone, zlen);
	x->zlen = zlen;
	x->rrclass = rrclass;
	x->qid = qid;
	x->qtype = ZS_TYPE_AXFR;
	if (lim != NULL)
		x->lim = *lim;
	return x;
}

struct zs_xfr *
zs_xfr_new(const uint8_t *zone, size_t zlen, uint16_t rrclass, uint16_t qid,
    const struct zs_xfr_limits *lim)
{
	return xfr_new(zone, zlen, rrclass, qid, lim);
}

struct zs_xfr *
zs_xfr_new_ixfr(const uint8_t *zone, size_t zlen, uint16_t rrclass,
    uint16_t qid, uint32_t serial, const struct zs_xfr_limits *lim)
{
	struct zs_xfr *x = xfr_new(zone, zlen, rrclass, qid, lim);

	if (x != NULL) {
		x->qtype = ZS_TYPE_IXFR;
		x->ours = serial;
		x->st.ixfr = 1;
	}
	return x;
}

void
zs_xfr_free(struct zs_xfr *x)
{
	if (x == NULL)
		return;
	free(x->del);
	free(x);
}

void
zs_xfr_get_stats(const struct zs_xfr *x, struct zs_xfr_stats *st)
{
	*st = x->st;
}

int
zs_xfr_ixfr_query(struct zs_wr *wr, uint16_t id, const uint8_t *zone,
    size_t zlen, uint16_t qclass, uint32_t serial)
{
	size_t at;

	if (zs_msg_query(wr, id, 0, zone, zlen, ZS_TYPE_IXFR, qclass) != 0)
		return wr->err;
	/* RFC 1995 section 3: our version of the zone, in the authority. */
	at = wr->pos;
	zs_wr_bytes(wr, zone, zlen);
	zs_wr_u16(wr, ZS_TYPE_SOA);
	zs_wr_u16(wr, qclass);
	zs_wr_u32(wr, 0);
	zs_wr_u16(wr, 2 + 5 * 4);
	zs_wr_u8(wr, 0);		/* MNAME "." */
	zs_wr_u8(wr, 0);		/* RNAME "." */
	zs_wr_u32(wr, serial);
	zs_wr_u32(wr, 0);
	zs_wr_u32(wr, 0);
	zs_wr_u32(wr, 0);
	zs_wr_u32(wr, 0);
	if (wr->err == 0 && at >= ZS_MSG_HDRLEN)
		zs_wr_put_u16_at(wr, 8, 1);	/* NSCOUNT */
	return wr->err;
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
is_apex(const struct zs_xfr *x, const struct zs_rr *rr)
{
	return zs_dname_eq_nocase(rr->owner, rr->owner_len, x->zone, x->zlen);
}

/* Keep an SOA across messages; ZS_EMALFORMED when it is not one. */
static int
keep_soa(struct kept_soa *k, const struct zs_rr *rr)
{
	struct zs_soa soa;

	if (zs_msg_soa(rr->rdata, &soa) != 0 ||
	    zs_rdata_towire(rr->rrclass, ZS_TYPE_SOA, rr->rdata, k->rdata,
	    sizeof(k->rdata), &k->rdlen, 0) != 0)
		return ZS_EMALFORMED;
	memcpy(k->owner, rr->owner, rr->owner_len);
	k->owner_len = rr->owner_len;
	k->rrclass = rr->rrclass;
	k->ttl = rr->ttl;
	k->serial = soa.serial;
	return 0;
}

/* A view of a kept SOA, valid while k is. */
static void
kept_view(const struct kept_soa *k, struct zs_rr *rr)
{
	memset(rr, 0, sizeof(*rr));
	memcpy(rr->owner, k->owner, k->owner_len);
	rr->owner_len = k->owner_len;
	rr->type = ZS_TYPE_SOA;
	rr->rrclass = k->rrclass;
	rr->ttl = k->ttl;
	rr->rdlen = (uint16_t)k->rdlen;
	rr->rdata = zs_rd_init(k->rdata, k->rdlen);
}

static int
emit(zs_xfr_ev_fn fn, void *arg, enum zs_xfr_ev_type type,
    const struct zs_rr *rr, const struct zs_rr *old_soa)
{
	struct zs_xfr_ev ev = { type, rr, old_soa };
	int ret = fn(arg, &ev);

	/* A positive value would read as ZS_XFR_DONE to our caller. */
	return ret > 0 ? ZS_EINVAL : ret;
}

/* An RR handed on as a record of the zone (or a deletion / addition). */
static int
emit_rr(struct zs_xfr *x, zs_xfr_ev_fn fn, void *arg,
    enum zs_xfr_ev_type type, const struct zs_rr *rr)
{
	x->st.records++;
	return emit(fn, arg, type, rr, NULL);
}

/*
 * Hold one deletion until its delta's new SOA: owner length, owner,
 * type, class, TTL, RDATA length, RDATA with names expanded (the message
 * it came in will be gone).
 */
static int
hold_del(struct zs_xfr *x, const struct zs_rr *rr)
{
	size_t need = 1 + rr->owner_len + 10 + 65535, rdlen;
	struct zs_wr wr;
	uint8_t *p;
	int ret;

	if (x->dcap - x->dlen < need) {
		size_t cap = 2 * x->dcap;

		if (x->dlen > ZS_XFR_DELBUF_MAX)
			return ZS_ETOOBIG;
		if (cap < x->dlen + need)
			cap = x->dlen + need;
		if ((p = realloc(x->del, cap)) == NULL)
			return ZS_ENOMEM;
		x->del = p;
		x->dcap = cap;
	}
	wr = zs_wr_init(x->del + x->dlen, x->dcap - x->dlen);
	zs_wr_u8(&wr, (uint8_t)rr->owner_len);
	zs_wr_bytes(&wr, rr->owner, rr->owner_len);
	zs_wr_u16(&wr, rr->type);
	zs_wr_u16(&wr, rr->rrclass);
	zs_wr_u32(&wr, rr->ttl);
	zs_wr_u16(&wr, 0);		/* RDATA length, below */
	if (wr.err != 0)
		return wr.err;
	ret = zs_rdata_towire(rr->rrclass, rr->type, rr->rdata,
	    wr.buf + wr.pos, wr.cap - wr.pos < 65535 ? wr.cap - wr.pos :
	    65535, &rdlen, 0);
	if (ret == ZS_ESPACE)
		return ZS_ETOOBIG;	/* expands past 65535 octets */
	if (ret != 0)
		return ret;
	zs_wr_put_u16_at(&wr, wr.pos - 2, (uint16_t)rdlen);
	x->dlen += wr.pos + rdlen;
	return 0;
}

/* The delta's new SOA came: tell the callback, then its deletions. */
static int
flush_delta(struct zs_xfr *x, const struct zs_rr *new_soa, zs_xfr_ev_fn fn,
    void *arg)
{
	struct zs_rr old, rr;
	size_t pos = 0;
	int ret;

	kept_view(&x->old, &old);
	x->st.deltas++;
	if ((ret = emit(fn, arg, ZS_XFR_EV_DELTA, new_soa, &old)) != 0)
		return ret;
	while (pos < x->dlen) {
		struct zs_rd rd = zs_rd_init(x->del + pos, x->dlen - pos);
		size_t olen = zs_rd_u8(&rd);
		const uint8_t *owner = zs_rd_bytes(&rd, olen);

		memset(&rr, 0, sizeof(rr));
		if (owner == NULL)
			return ZS_EINVAL;	/* our own buffer: cannot be */
		memcpy(rr.owner, owner, olen);
		rr.owner_len = olen;
		rr.type = zs_rd_u16(&rd);
		rr.rrclass = zs_rd_u16(&rd);
		rr.ttl = zs_rd_u32(&rd);
		rr.rdlen = zs_rd_u16(&rd);
		rr.rdata = zs_rd_sub(&rd, rr.rdlen);
		if (rd.err != 0)
			return ZS_EINVAL;
		/* Standalone: the RDATA's own bytes are its whole message. */
		rr.rdata = zs_rd_init(x->del + pos + rr.rdata.pos, rr.rdlen);
		pos += rd.pos;
		if ((ret = emit_rr(x, fn, arg, ZS_XFR_EV_DEL, &rr)) != 0)
			return ret;
	}
	x->dlen = 0;
	return 0;
}

/*
 * The RR after the opening SOA of an IXFR answer decides its kind: an SOA
 * with our serial opens the first delta (RFC 1995 section 4); anything
 * else makes it the whole zone, handled as an AXFR (BIND: FIRSTDATA), so
 * the opening SOA kept so far goes out first.
 */
static int
classify(struct zs_xfr *x, const struct zs_rr *rr, uint32_t serial,
    zs_xfr_ev_fn fn, void *arg)
{
	struct zs_rr first;

	if (rr->type == ZS_TYPE_SOA && serial == x->ours) {
		x->st.kind = ZS_XFR_KIND_IXFR;
		return 0;
	}
	x->st.kind = ZS_XFR_KIND_AXFR;
	x->state = XFR_BODY;
	kept_view(&x->first, &first);
	return emit_rr(x, fn, arg, ZS_XFR_EV_RR, &first);
}

/* One answer RR; returns 0 or an error (ZS_XFR_DONE never). */
static int
answer_rr(struct zs_xfr *x, const struct zs_rr *rr, zs_xfr_ev_fn fn,
    void *arg)
{
	struct zs_soa soa;
	uint32_t serial = 0;
	int ret, soa_rr = rr->type == ZS_TYPE_SOA;

	if (x->state == XFR_END)
		return ZS_EAFTEREND;
	if (rr->rrclass != x->rrclass)
		return ZS_ECLASS;
	if (x->state == XFR_START) {
		if (!soa_rr || !is_apex(x, rr) ||
		    zs_msg_soa(rr->rdata, &soa) != 0)
			return ZS_ENOSOA;
		x->soa = soa;
		x->st.serial = soa.serial;
		x->st.have_soa = 1;
		x->st.received++;
		if (x->qtype == ZS_TYPE_AXFR) {
			x->st.kind = ZS_XFR_KIND_AXFR;
			x->state = XFR_BODY;
			return emit_rr(x, fn, arg, ZS_XFR_EV_RR, rr);
		}
		/* RFC 1995 section 2 / BIND: a lone SOA not newer is "up to
		 * date", whatever follows it. */
		if (zs_serial_cmp(soa.serial, x->ours) != ZS_SERIAL_GT) {
			x->st.kind = ZS_XFR_KIND_UPTODATE;
			x->state = XFR_END;
			return 0;
		}
		if (keep_soa(&x->first, rr) != 0)
			return ZS_ENOSOA;
		x->state = XFR_FIRST;
		return 0;
	}
	if (!zs_dname_is_subdomain(rr->owner, rr->owner_len, x->zone,
	    x->zlen))
		return ZS_EOUTOFZONE;
	/* CVE-2021-25214: an SOA anywhere but at the apex is refused. */
	if (soa_rr && !is_apex(x, rr))
		return ZS_ENOTAPEX;
	if (soa_rr) {
		if (zs_msg_soa(rr->rdata, &soa) != 0)
			return x->state == XFR_IX_DEL ||
			    x->state == XFR_IX_ADD ? ZS_EMALFORMED :
			    ZS_ESOAMISMATCH;
		serial = soa.serial;
	}
	if (x->state == XFR_FIRST && (ret = classify(x, rr, serial, fn,
	    arg)) != 0)
		return ret;
	/* The closing SOA: the last RR, the opening serial. */
	if (soa_rr && (x->state == XFR_BODY || x->state == XFR_IX_ADD) &&
	    serial == x->soa.serial) {
		if (x->state == XFR_IX_ADD && x->current != serial)
			return ZS_ECHAIN;
		x->state = XFR_END;
		return 0;
	}
	if (x->lim.max_records != 0 && x->st.received >= x->lim.max_records)
		return ZS_ETOOMANY;
	x->st.received++;
	switch (x->state) {
	case XFR_FIRST:
		/* The first delta's old SOA, at our serial. */
		if (keep_soa(&x->old, rr) != 0)
			return ZS_EMALFORMED;
		x->current = x->ours;
		x->state = XFR_IX_DEL;
		return 0;
	case XFR_BODY:
		if (soa_rr)
			return ZS_ESOAMISMATCH;
		return emit_rr(x, fn, arg, ZS_XFR_EV_RR, rr);
	case XFR_IX_DEL:
		if (!soa_rr)
			return hold_del(x, rr);
		x->current = serial;
		x->state = XFR_IX_ADD;
		return flush_delta(x, rr, fn, arg);
	case XFR_IX_ADD:
		if (!soa_rr)
			return emit_rr(x, fn, arg, ZS_XFR_EV_ADD, rr);
		/* The next delta must start where this one ended. */
		if (serial != x->current)
			return ZS_ECHAIN;
		if (keep_soa(&x->old, rr) != 0)
			return ZS_EMALFORMED;
		x->state = XFR_IX_DEL;
		return 0;
	default:
		return ZS_EINVAL;
	}
}

int
zs_xfr_feed_ev(struct zs_xfr *x, const uint8_t *msg, size_t len,
    zs_xfr_ev_fn fn, void *arg)
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
		if (q.type != x->qtype || q.rrclass != x->rrclass ||
		    !zs_dname_eq_nocase(q.name, q.namelen, x->zone, x->zlen))
			return fail(x, ZS_EQUESTION);
	}
	for (i = 0; i < h.ancount; i++) {
		if (zs_msg_read_rr(&rd, &rr) != 0)
			return fail(x, rd.err);
		if ((ret = answer_rr(x, &rr, fn, arg)) != 0)
			return fail(x, ret);
		/* Up to date: BIND stops at the SOA too. */
		if (x->st.kind == ZS_XFR_KIND_UPTODATE)
			return ZS_XFR_DONE;
	}
	if (x->state == XFR_START)	/* an empty first message */
		return fail(x, ZS_ENOSOA);
	/*
	 * Authority and additional RRs carry nothing for a transfer except
	 * a TSIG (handled by the caller before feeding); parse them so a
	 * malformed tail is still caught.
	 */
	for (i = 0; i < (unsigned int)h.nscount + h.arcount; i++)
		if (zs_msg_read_rr(&rd, &rr) != 0)
			return fail(x, rd.err);
	if (zs_rd_left(&rd) != 0)
		return fail(x, ZS_ETRAILING);
	return x->state == XFR_END ? ZS_XFR_DONE : ZS_XFR_MORE;
}

struct rr_adapter {
	zs_xfr_rr_fn fn;
	void *arg;
};

static int
adapt(void *arg, const struct zs_xfr_ev *ev)
{
	const struct rr_adapter *a = arg;

	if (ev->type != ZS_XFR_EV_RR)
		return ZS_EINVAL;
	return a->fn(a->arg, ev->rr);
}

int
zs_xfr_feed(struct zs_xfr *x, const uint8_t *msg, size_t len,
    zs_xfr_rr_fn fn, void *arg)
{
	struct rr_adapter a = { fn, arg };

	return zs_xfr_feed_ev(x, msg, len, adapt, &a);
}
