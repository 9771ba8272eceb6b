/*
 * soamsg.c - validation of an answer to an SOA query, for SOA polling.
 */
#include <string.h>

#include "rrtype.h"
#include "soamsg.h"

static int
refuse(struct zs_soamsg *out, int err)
{
	out->stage = ZS_SOAMSG_REFUSED;
	return err;
}

static int
malformed(struct zs_soamsg *out, int err)
{
	out->stage = ZS_SOAMSG_MALFORMED;
	return err;
}

int
zs_soamsg_check(const uint8_t *msg, size_t len, const uint8_t *zone,
    size_t zlen, uint16_t rrclass, struct zs_tsig_ctx *tsig, uint64_t now,
    struct zs_soamsg *out)
{
	struct zs_rd rd = zs_rd_init(msg, len);
	struct zs_msghdr *h = &out->hdr;
	struct zs_question q;
	struct zs_rr rr;
	unsigned int i, rcode;
	int e;

	memset(out, 0, sizeof(*out));
	if ((e = zs_msg_read_header(&rd, h)) != 0)
		return malformed(out, e);
	out->have_hdr = true;
	rcode = zs_msg_rcode(h->flags);
	/*
	 * With a key, nothing unsigned or badly signed is believed: not
	 * even the RCODE, which is only reported.  A 1 (unsigned, fine
	 * for a later message of a stream) cannot stand for a whole answer.
	 */
	if (tsig != NULL && (e = zs_tsig_verify(tsig, msg, len, now,
	    NULL)) != 0) {
		out->stage = ZS_SOAMSG_TSIG;
		return e < 0 ? e : ZS_ETSIG;
	}
	if (!(h->flags & ZS_FLAG_QR))
		return refuse(out, ZS_ENOTRESP);
	if (zs_msg_opcode(h->flags) != ZS_OPCODE_QUERY)
		return refuse(out, ZS_EOPCODE);
	/* An error answer may legitimately omit the question. */
	if (h->qdcount != 1 && !(h->qdcount == 0 && rcode != 0))
		return refuse(out, ZS_EQUESTION);
	if (h->qdcount == 1) {
		if ((e = zs_msg_read_question(&rd, &q)) != 0)
			return malformed(out, e);
		if (q.type != ZS_TYPE_SOA || q.rrclass != rrclass ||
		    !zs_dname_eq_nocase(q.name, q.namelen, zone, zlen))
			return refuse(out, ZS_EQUESTION);
	}
	if (rcode != ZS_RCODE_NOERROR)
		return refuse(out, ZS_ERCODE);
	/* RFC 1034 4.3.1: only an authoritative server knows the serial. */
	if (!(h->flags & ZS_FLAG_AA))
		return refuse(out, ZS_ENOTAUTH);
	for (i = 0; i < h->ancount; i++) {
		if ((e = zs_msg_read_rr(&rd, &rr)) != 0)
			return malformed(out, e);
		if (rr.type != ZS_TYPE_SOA || rr.rrclass != rrclass ||
		    !zs_dname_eq_nocase(rr.owner, rr.owner_len, zone, zlen))
			continue;
		if ((e = zs_msg_soa(rr.rdata, &out->soa)) != 0)
			return malformed(out, e);
		out->stage = ZS_SOAMSG_OK;
		return 0;
	}
	return refuse(out, ZS_ENOSOA);
}
