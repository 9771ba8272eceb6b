/*
 * notifymsg.c - NOTIFY request parsing and answer building (RFC 1996).
 */
#include <string.h>

#include "notifymsg.h"
#include "rrtype.h"

/*
 * A signed request: find our key of that name and algorithm and check the
 * MAC.  Returns 0 with req->key and req->reqmac set, ZS_ENOTSIGNED when
 * there is no TSIG, or why it fails.
 */
static int
check_tsig(const uint8_t *msg, size_t len, uint16_t id,
    const struct zs_tsig_key *keys, size_t nkeys, uint64_t now,
    struct zs_notify_req *req)
{
	struct zs_tsig_ctx ctx = ZS_TSIG_CTX_INIT;
	uint8_t name[ZS_DNAME_MAXLEN];
	size_t namelen, i;
	enum zs_tsig_alg alg;
	int ret;

	if ((ret = zs_tsig_request_key(msg, len, name, &namelen, &alg)) <= 0)
		return ret == 0 ? ZS_ENOTSIGNED : ret;
	for (i = 0; i < nkeys; i++)
		if (keys[i].alg == alg && zs_dname_eq_nocase(keys[i].name,
		    keys[i].namelen, name, namelen))
			break;
	if (i == nkeys)
		return ZS_EBADKEY;
	/* A request is checked as the first message of an exchange. */
	if ((ret = zs_tsig_start(&ctx, &keys[i], NULL, 0, id)) == 0 &&
	    (ret = zs_tsig_verify(&ctx, msg, len, now, NULL)) == 0) {
		req->key = &keys[i];
		memcpy(req->reqmac, ctx.mac, ctx.maclen);
		req->reqmaclen = ctx.maclen;
	}
	zs_tsig_ctx_clear(&ctx);
	return ret;
}

/* RFC 1996 3.7: an SOA first in the answer section carries the serial. */
static void
read_serial(struct zs_rd *rd, const struct zs_msghdr *h,
    struct zs_notify_req *req)
{
	struct zs_rr rr;
	struct zs_soa soa;

	if (h->ancount >= 1 && zs_msg_read_rr(rd, &rr) == 0 &&
	    rr.type == ZS_TYPE_SOA && zs_msg_soa(rr.rdata, &soa) == 0) {
		req->have_serial = true;
		req->serial = soa.serial;
	}
}

int
zs_notify_parse(const uint8_t *msg, size_t len,
    const struct zs_tsig_key *keys, size_t nkeys, uint64_t now,
    struct zs_notify_req *req)
{
	struct zs_rd rd = zs_rd_init(msg, len);
	struct zs_msghdr h;
	struct zs_question q;
	struct zs_notify_req r;
	int e;

	if ((e = zs_msg_read_header(&rd, &h)) != 0)
		return e;
	/* An answer is never answered: two servers could loop forever. */
	if (h.flags & ZS_FLAG_QR)
		return ZS_EQRSET;
	memset(&r, 0, sizeof(r));
	r.id = h.id;
	r.flags = h.flags;
	r.rcode = ZS_RCODE_NOERROR;
	r.tsig = ZS_ENOTSIGNED;
	/*
	 * RFC 8945 5.2: a request whose TSIG fails is answered NOTAUTH and
	 * acted on not at all; an unsigned one may still pass allow-notify.
	 */
	if (h.arcount > 0)
		r.tsig = check_tsig(msg, len, h.id, keys, nkeys, now, &r);
	if (r.tsig != 0 && r.tsig != ZS_ENOTSIGNED)
		r.rcode = ZS_RCODE_NOTAUTH;
	else if (zs_msg_opcode(h.flags) != ZS_OPCODE_NOTIFY)
		r.rcode = ZS_RCODE_NOTIMP;
	else if (h.qdcount != 1 || zs_msg_read_question(&rd, &q) != 0 ||
	    q.type != ZS_TYPE_SOA)
		r.rcode = ZS_RCODE_FORMERR;
	else {
		memcpy(r.qname, q.name, q.namelen);
		r.qnamelen = q.namelen;
		r.qclass = q.rrclass;
		r.have_q = true;
		read_serial(&rd, &h, &r);
	}
	*req = r;
	return 0;
}

int
zs_notify_answer(const struct zs_notify_req *req, unsigned int rcode,
    uint64_t now, uint8_t *out, size_t cap, size_t *olen)
{
	struct zs_tsig_ctx ctx = ZS_TSIG_CTX_INIT;
	struct zs_wr wr = zs_wr_init(out, cap);
	size_t n;
	int ret;

	/* RFC 1996 4.7: same ID and opcode, QR and AA set, question echoed. */
	zs_wr_u16(&wr, req->id);
	zs_wr_u16(&wr, (uint16_t)(ZS_FLAG_QR | ZS_FLAG_AA |
	    (req->flags & 0x7800) | (rcode & 0xf)));
	zs_wr_u16(&wr, req->have_q ? 1 : 0);
	zs_wr_u16(&wr, 0);
	zs_wr_u16(&wr, 0);
	zs_wr_u16(&wr, 0);
	/*
	 * The question is written out whole: a request may have compressed
	 * its name against its own header, which the answer does not share.
	 */
	if (req->have_q) {
		zs_wr_bytes(&wr, req->qname, req->qnamelen);
		zs_wr_u16(&wr, ZS_TYPE_SOA);
		zs_wr_u16(&wr, req->qclass);
	}
	if (wr.err != 0)
		return wr.err;
	n = wr.pos;
	/* A signed request gets a signed answer, over the request MAC. */
	if (req->tsig == 0 && req->key != NULL) {
		if ((ret = zs_tsig_start(&ctx, req->key, req->reqmac,
		    req->reqmaclen, req->id)) == 0)
			ret = zs_tsig_sign_response(&ctx, out, &n, cap, now,
			    ZS_TSIG_FUDGE);
		zs_tsig_ctx_clear(&ctx);
		if (ret != 0)
			return ret;
	}
	*olen = n;
	return 0;
}
