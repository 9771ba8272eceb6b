/*
 * fuzz_msg.c - parse the input as one DNS message: header, questions and
 * every RR of all three sections; render every owner and RDATA to text.
 * Must never crash.  Also checks that each owner's text reads back to
 * the same octets, and that zs_msg_soa accepts only what it should.
 */
#include <stdlib.h>
#include <string.h>

#include "dname.h"
#include "msg.h"
#include "rdata.h"
#include "rrtype.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
name_round_trip(struct zs_strbuf *sb, const uint8_t *name, size_t len)
{
	uint8_t back[ZS_DNAME_MAXLEN];
	size_t backlen, start = sb->len;

	if (zs_dname_check(name, len) != 0)
		abort();
	zs_dname_totext(sb, name, len);
	if (sb->err != 0)
		return;
	if (zs_dname_from_text(sb->buf + start, sb->len - start, NULL, 0,
	    back, &backlen) != 0 || backlen != len ||
	    memcmp(back, name, len) != 0)
		abort();	/* text form does not read back */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zs_rd rd = zs_rd_init(data, size);
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	struct zs_msghdr h;
	struct zs_question q;
	struct zs_rr rr;
	struct zs_soa soa;
	unsigned int i, total;
	int ret;

	if (zs_msg_read_header(&rd, &h) != 0)
		return 0;
	(void)zs_rcode_name(zs_msg_rcode(h.flags));
	for (i = 0; i < h.qdcount; i++) {
		if (zs_msg_read_question(&rd, &q) != 0)
			goto out;
		name_round_trip(&sb, q.name, q.namelen);
		zs_sb_putc(&sb, ' ');
		zs_rrclass_totext(&sb, q.rrclass);
		zs_sb_putc(&sb, ' ');
		zs_rrtype_totext(&sb, q.type);
		zs_sb_putc(&sb, '\n');
	}
	total = (unsigned int)h.ancount + h.nscount + h.arcount;
	for (i = 0; i < total; i++) {
		if (zs_msg_read_rr(&rd, &rr) != 0)
			goto out;
		if (zs_rd_left(&rr.rdata) != rr.rdlen)
			abort();
		name_round_trip(&sb, rr.owner, rr.owner_len);
		zs_sb_putc(&sb, '\t');
		zs_sb_u32(&sb, rr.ttl);
		zs_sb_putc(&sb, '\t');
		zs_rrclass_totext(&sb, rr.rrclass);
		zs_sb_putc(&sb, '\t');
		zs_rrtype_totext(&sb, rr.type);
		zs_sb_putc(&sb, '\t');
		ret = zs_rdata_totext_class(&sb, rr.rrclass, rr.type,
		    rr.rdata);
		if (ret < 0)
			goto out;
		/* Typed text means well formed on the wire. */
		if (ret == 0 && zs_rdata_check(rr.rrclass, rr.type,
		    rr.rdata) != 0)
			abort();
		zs_sb_putc(&sb, '\n');
		if (rr.type == ZS_TYPE_SOA && zs_msg_soa(rr.rdata, &soa) == 0 &&
		    (zs_dname_check(soa.mname, soa.mname_len) != 0 ||
		    zs_dname_check(soa.rname, soa.rname_len) != 0))
			abort();
		/* keep memory flat on long messages */
		if (sb.len > 65536)
			zs_sb_reset(&sb);
	}
	(void)zs_sb_cstr(&sb);
out:
	zs_sb_free(&sb);
	return 0;
}
