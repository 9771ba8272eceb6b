/*
 * rawzone.c - BIND raw zone format version 1 (layout in rawzone.h).
 *
 * A block is built in place at the end of the writer's buffer: its
 * header goes in with the length and count left at zero, each record is
 * expanded straight into the buffer behind it, and zs_raw_close patches
 * the two fields, so no record is copied twice and nothing but the open
 * block waits in memory.
 */
#include <string.h>

#include "rawzone.h"
#include "rdata.h"
#include "rrtype.h"
#include "wire.h"

/*
 * A block is cut (and the RRset continues in the next one, which named
 * merges) once it holds this much.  named reads a block of up to 128 KiB
 * (TSIZ in master.c) in one go and anything larger piecewise; the cut
 * keeps the writer's buffer to its flush size plus one block.
 */
#define BLOCK_CUT	(64 * 1024)

/* Octets before the owner: totallen, class, type, covers, ttl, count. */
#define BLOCK_FIXED	18

void
zs_raw_header(struct zs_strbuf *sb, uint32_t dumptime)
{
	uint8_t h[ZS_RAW_HDRLEN];

	/*
	 * masterdump.c writeheader(): named's secondary passes a header
	 * from dns_master_initrawheader(), all zero, so flags,
	 * sourceserial and lastxfrin are 0.  The loader uses sourceserial
	 * only when the SOURCESERIALSET flag is set (inline signing,
	 * zone.c zone_setrawdata()) and nothing else of the header: a
	 * primary zone's freshness is the file's mtime, as for text.
	 */
	memset(h, 0, sizeof(h));
	zs_put_be32(h, ZS_RAW_FORMAT);
	zs_put_be32(h + 4, ZS_RAW_VERSION);
	zs_put_be32(h + 8, dumptime);
	zs_sb_put(sb, h, sizeof(h));
}

/* Equal as DNS names: octet for octet but for the case of ASCII letters. */
static bool
name_eq(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	size_t i;

	if (alen != blen)
		return false;
	/*
	 * Label lengths are at most 63, below 'A', so folding every octet
	 * never makes a length equal to a letter.
	 */
	for (i = 0; i < alen; i++) {
		uint8_t x = a[i], y = b[i];

		if (x >= 'A' && x <= 'Z')
			x = (uint8_t)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (uint8_t)(y + 32);
		if (x != y)
			return false;
	}
	return true;
}

uint16_t
zs_raw_covers(const struct zs_rr *rr)
{
	struct zs_rd rd = rr->rdata;
	uint16_t t;

	/* RFC 4034 3.1 and RFC 2535 4.1: Type Covered comes first. */
	if (rr->type != ZS_TYPE_RRSIG && rr->type != ZS_TYPE_SIG)
		return 0;
	t = zs_rd_u16(&rd);
	return rd.err != 0 ? 0 : t;
}

bool
zs_raw_continues(const struct zs_rawset *rs, const struct zs_strbuf *sb,
    const struct zs_rr *rr, uint16_t covers)
{
	return rs->open && rs->count < ZS_RAW_MAXCOUNT &&
	    sb->len - rs->start < BLOCK_CUT && rr->type == rs->type &&
	    rr->rrclass == rs->rrclass && covers == rs->covers &&
	    name_eq(rr->owner, rr->owner_len, rs->owner, rs->olen);
}

int
zs_raw_add(struct zs_rawset *rs, struct zs_strbuf *sb,
    const struct zs_rr *rr, uint16_t covers)
{
	size_t mark = sb->len, n;
	uint8_t *p;
	int ret;

	/*
	 * named decodes every RDATA with dns_rdata_fromwire() and refuses
	 * the whole file for one it does not take; the text backend's
	 * generic form fails the same way.  So the transfer fails here.
	 */
	if ((ret = zs_rdata_check(rr->rrclass, rr->type, rr->rdata)) != 0)
		return ret;
	if (!rs->open) {
		if ((p = (uint8_t *)zs_sb_reserve(sb, BLOCK_FIXED + 2 +
		    rr->owner_len)) == NULL)
			return sb->err;
		memset(p, 0, BLOCK_FIXED);
		zs_put_be16(p + 4, rr->rrclass);
		zs_put_be16(p + 6, rr->type);
		zs_put_be16(p + 8, covers);
		zs_put_be32(p + 10, rr->ttl);
		zs_put_be16(p + BLOCK_FIXED, (uint16_t)rr->owner_len);
		memcpy(p + BLOCK_FIXED + 2, rr->owner, rr->owner_len);
		sb->len += BLOCK_FIXED + 2 + rr->owner_len;
	}
	/* Room for the largest RDATA; names expand in place. */
	if ((p = (uint8_t *)zs_sb_reserve(sb, 2 + 65535)) == NULL) {
		ret = sb->err;
		goto fail;
	}
	ret = zs_rdata_towire(rr->rrclass, rr->type, rr->rdata, p + 2, 65535,
	    &n, 0);
	if (ret == ZS_ESPACE)	/* cannot be stored in 16 bits, by anyone */
		ret = ZS_EBADRDATA;
	if (ret != 0)
		goto fail;
	zs_put_be16(p, (uint16_t)n);
	sb->len += 2 + n;
	if (!rs->open) {
		rs->open = true;
		rs->start = mark;
		rs->count = 0;
		rs->ttl = rr->ttl;
		rs->rrclass = rr->rrclass;
		rs->type = rr->type;
		rs->covers = covers;
		memcpy(rs->owner, rr->owner, rr->owner_len);
		rs->olen = rr->owner_len;
	}
	/*
	 * The block keeps its first record's TTL, as named's text loader
	 * keeps an RRset's first TTL ("TTL set to prior TTL").
	 */
	rs->count++;
	return 0;
fail:
	/* A failed zs_sb_reserve set sb->err; a bad record did not. */
	sb->len = mark;
	return ret;
}

void
zs_raw_close(struct zs_rawset *rs, struct zs_strbuf *sb)
{
	uint8_t *p;

	if (!rs->open)
		return;
	p = (uint8_t *)sb->buf + rs->start;
	zs_put_be32(p, (uint32_t)(sb->len - rs->start));
	zs_put_be32(p + 14, rs->count);
	rs->open = false;
}

bool
zs_raw_is_raw(const uint8_t *buf, size_t len)
{
	return len >= 8 && zs_be32(buf) == ZS_RAW_FORMAT &&
	    zs_be32(buf + 4) == ZS_RAW_VERSION;
}

int
zs_raw_read_soa(const uint8_t *buf, size_t len, struct zs_raw_soa *out)
{
	struct zs_rd rd = zs_rd_init(buf, len), blk, name, rdata;
	struct zs_raw_soa s;
	uint8_t tmp[ZS_DNAME_MAXLEN];
	uint32_t total;
	size_t tl;

	if (len < 8)
		return ZS_ETRUNC;
	if (!zs_raw_is_raw(buf, len))
		return ZS_ESYNTAX;
	memset(&s, 0, sizeof(s));
	zs_rd_u32(&rd);
	zs_rd_u32(&rd);
	s.dumptime = zs_rd_u32(&rd);
	s.flags = zs_rd_u32(&rd);
	zs_rd_u32(&rd);		/* sourceserial */
	zs_rd_u32(&rd);		/* lastxfrin */
	total = zs_rd_u32(&rd);
	if (rd.err != 0)
		return ZS_ETRUNC;
	if (total < BLOCK_FIXED + 2)
		return ZS_ESYNTAX;
	if (zs_rd_left(&rd) < total - 4)
		return ZS_ETRUNC;
	blk = zs_rd_sub(&rd, total - 4);
	s.rrclass = zs_rd_u16(&blk);
	if (zs_rd_u16(&blk) != ZS_TYPE_SOA || zs_rd_u16(&blk) != 0)
		return ZS_ESYNTAX;
	s.ttl = zs_rd_u32(&blk);
	if (zs_rd_u32(&blk) != 1)
		return ZS_ESYNTAX;
	name = zs_rd_sub(&blk, zs_rd_u16(&blk));
	rdata = zs_rd_sub(&blk, zs_rd_u16(&blk));
	/* The names are uncompressed: unpacking them only checks them. */
	if (zs_dname_unpack(&name, tmp, &tl) != 0 ||
	    zs_dname_unpack(&rdata, tmp, &tl) != 0 ||
	    zs_dname_unpack(&rdata, tmp, &tl) != 0)
		return ZS_ESYNTAX;
	s.serial = zs_rd_u32(&rdata);
	s.refresh = zs_rd_u32(&rdata);
	s.retry = zs_rd_u32(&rdata);
	s.expire = zs_rd_u32(&rdata);
	s.minimum = zs_rd_u32(&rdata);
	if (blk.err != 0 || rdata.err != 0 || zs_rd_left(&rdata) != 0 ||
	    zs_rd_left(&blk) != 0)
		return ZS_ESYNTAX;
	*out = s;
	return 0;
}
