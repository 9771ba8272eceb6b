/*
 * msg.c - DNS message header, queries and RR views (RFC 1035 4.1).
 */
#include <string.h>

#include "msg.h"

int
zs_msg_query(struct zs_wr *wr, uint16_t id, uint16_t flags,
    const uint8_t *qname, size_t qlen, uint16_t qtype, uint16_t qclass)
{
	zs_wr_u16(wr, id);
	zs_wr_u16(wr, flags);
	zs_wr_u16(wr, 1);
	zs_wr_u16(wr, 0);
	zs_wr_u16(wr, 0);
	zs_wr_u16(wr, 0);
	zs_wr_bytes(wr, qname, qlen);
	zs_wr_u16(wr, qtype);
	zs_wr_u16(wr, qclass);
	return wr->err;
}

int
zs_msg_read_header(struct zs_rd *rd, struct zs_msghdr *h)
{
	struct zs_msghdr t;

	t.id = zs_rd_u16(rd);
	t.flags = zs_rd_u16(rd);
	t.qdcount = zs_rd_u16(rd);
	t.ancount = zs_rd_u16(rd);
	t.nscount = zs_rd_u16(rd);
	t.arcount = zs_rd_u16(rd);
	if (rd->err == 0)
		*h = t;
	return rd->err;
}

int
zs_msg_read_question(struct zs_rd *rd, struct zs_question *q)
{
	if (zs_dname_unpack(rd, q->name, &q->namelen) != 0)
		return rd->err;
	q->type = zs_rd_u16(rd);
	q->rrclass = zs_rd_u16(rd);
	return rd->err;
}

int
zs_msg_read_rr(struct zs_rd *rd, struct zs_rr *rr)
{
	rr->offset = rd->pos;
	if (zs_dname_unpack(rd, rr->owner, &rr->owner_len) != 0)
		return rd->err;
	rr->type = zs_rd_u16(rd);
	rr->rrclass = zs_rd_u16(rd);
	rr->ttl = zs_rd_u32(rd);
	rr->rdlen = zs_rd_u16(rd);
	rr->rdata = zs_rd_sub(rd, rr->rdlen);
	return rd->err;
}

int
zs_msg_soa(struct zs_rd rdata, struct zs_soa *soa)
{
	struct zs_soa t;

	if (zs_dname_unpack(&rdata, t.mname, &t.mname_len) != 0 ||
	    zs_dname_unpack(&rdata, t.rname, &t.rname_len) != 0)
		return ZS_EMALFORMED;
	t.serial = zs_rd_u32(&rdata);
	t.refresh = zs_rd_u32(&rdata);
	t.retry = zs_rd_u32(&rdata);
	t.expire = zs_rd_u32(&rdata);
	t.minimum = zs_rd_u32(&rdata);
	if (rdata.err != 0 || zs_rd_left(&rdata) != 0)
		return ZS_EMALFORMED;
	*soa = t;
	return 0;
}

const char *
zs_rcode_name(unsigned int rcode)
{
	/* All 16 header values: no buffer, so no state shared by callers. */
	static const char *const names[16] = {
		"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",
		"REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH",
		"NOTZONE", "RCODE11", "RCODE12", "RCODE13", "RCODE14",
		"RCODE15",
	};

	return rcode < 16 ? names[rcode] : "RCODE?";
}
