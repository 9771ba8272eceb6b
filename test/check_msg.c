/*
 * check_msg.c - DNS message header, questions, RR views and SOA RDATA.
 */
#include <stdio.h>

#include "check_util.h"
#include "msg.h"

/* Pieces of an SOA answer for example.com. (question name at offset 12). */
#define HDR(an)		"1234 8400 0001 " an " 0000 0000"
#define QUESTION	"07 6578616d706c65 03 636f6d 00 00fc 0001"
#define SOA_RDATA	"03 6e7331 c00c  0a 686f73746d6173746572 c00c" \
			" 78c40465 00000e10 00000258 00093a80 0000012c"
#define SOA_RR		"c00c 0006 0001 00000e10 0027 " SOA_RDATA
#define A_RR		"03 777777 c00c 0001 0001 0000012c 0004 c0000250"

/*
 * Parse a whole message the way the agent does: header, questions, then
 * every RR of all three sections, then no byte may remain.  Returns the
 * first error and the number of RRs read in *nrr.
 */
static int
parse_all(const uint8_t *msg, size_t len, unsigned int *nrr)
{
	struct zs_rd rd = zs_rd_init(msg, len);
	struct zs_msghdr h;
	struct zs_question q;
	struct zs_rr rr;
	unsigned int i, total;

	*nrr = 0;
	if (zs_msg_read_header(&rd, &h) != 0)
		return rd.err;
	for (i = 0; i < h.qdcount; i++)
		if (zs_msg_read_question(&rd, &q) != 0)
			return rd.err;
	total = (unsigned int)h.ancount + h.nscount + h.arcount;
	for (i = 0; i < total; i++) {
		if (zs_msg_read_rr(&rd, &rr) != 0)
			return rd.err;
		ck_assert_uint_eq(zs_rd_left(&rr.rdata), rr.rdlen);
		ck_assert_int_eq(zs_dname_check(rr.owner, rr.owner_len), 0);
		(*nrr)++;
	}
	return zs_rd_left(&rd) != 0 ? ZS_ETRAILING : 0;
}

static const struct {
	const char *hex;
	int err;
	unsigned int nrr;	/* RRs read before the error */
} parse_cases[] = {
	/* 0 */ { HDR("0001") QUESTION SOA_RR, 0, 1 },
	/* 1 */ { HDR("0002") QUESTION SOA_RR A_RR, 0, 2 },
	/* 2 header only */
	{ "1234 8400 0000 0000 0000 0000", 0, 0 },
	/* 3 truncated header */
	{ "1234 8400 0000 0000 0000 00", ZS_ETRUNC, 0 },
	/* 4 empty */
	{ "", ZS_ETRUNC, 0 },
	/* 5 question without qclass */
	{ HDR("0000") "07 6578616d706c65 03 636f6d 00 00fc", ZS_ETRUNC, 0 },
	/* 6 question name cut */
	{ HDR("0000") "07 6578616d70", ZS_ETRUNC, 0 },
	/* 7 qdcount 2 with one question */
	{ "1234 8400 0002 0000 0000 0000" QUESTION, ZS_ETRUNC, 0 },
	/* 8 RR cut in the fixed fields */
	{ HDR("0001") QUESTION "c00c 0006 0001 0000", ZS_ETRUNC, 0 },
	/* 9 RR without rdlength */
	{ HDR("0001") QUESTION "c00c 0006 0001 00000e10", ZS_ETRUNC, 0 },
	/* 10 rdlength overrun by one */
	{ HDR("0001") QUESTION "c00c 0001 0001 00000e10 0005 c0000250",
	    ZS_ETRUNC, 0 },
	/* 11 rdlength 0xffff */
	{ HDR("0001") QUESTION "c00c 0001 0001 00000e10 ffff c0000250",
	    ZS_ETRUNC, 0 },
	/* 12 ancount says 2, one RR present */
	{ HDR("0002") QUESTION SOA_RR, ZS_ETRUNC, 1 },
	/* 13 ancount 0xffff */
	{ HDR("ffff") QUESTION SOA_RR, ZS_ETRUNC, 1 },
	/* 14 trailing byte */
	{ HDR("0001") QUESTION SOA_RR "00", ZS_ETRAILING, 1 },
	/* 15 owner pointing at itself */
	{ HDR("0001") QUESTION "c01d 0001 0001 00000e10 0004 c0000250",
	    ZS_ELOOP, 0 },
	/* 16 owner pointing forward */
	{ HDR("0001") QUESTION "c030 0001 0001 00000e10 0004 c0000250",
	    ZS_ELOOP, 0 },
	/* 17 owner pointer past the end */
	{ HDR("0001") QUESTION "cfff 0001 0001 00000e10 0004 c0000250",
	    ZS_ELOOP, 0 },
	/* 18 question name pointing at itself */
	{ HDR("0000") "c00c 00fc 0001", ZS_ELOOP, 0 },
	/* 19 owner with label type 0x40 */
	{ HDR("0001") QUESTION "41 61 00 0001 0001 00000e10 0004 c0000250",
	    ZS_EBADNAME, 0 },
	/* 20 owner with label type 0x80 */
	{ HDR("0001") QUESTION "81 61 00 0001 0001 00000e10 0004 c0000250",
	    ZS_EBADNAME, 0 },
	/* 21 empty RDATA is fine at this level */
	{ HDR("0001") QUESTION "c00c 0001 0001 00000e10 0000", 0, 1 },
	/* 22 RRs in authority and additional count too */
	{ "1234 8400 0001 0000 0001 0001" QUESTION SOA_RR A_RR, 0, 2 },
	/* 23 additional count one too many */
	{ "1234 8400 0001 0000 0001 0002" QUESTION SOA_RR A_RR, ZS_ETRUNC,
	    2 },
};

START_TEST(test_parse)
{
	uint8_t msg[1024];
	size_t n = hexbytes(parse_cases[_i].hex, msg, sizeof(msg));
	unsigned int nrr;
	int ret = parse_all(msg, n, &nrr);

	ck_assert_msg(ret == parse_cases[_i].err, "case %d: got %d want %d",
	    _i, ret, parse_cases[_i].err);
	ck_assert_uint_eq(nrr, parse_cases[_i].nrr);
}
END_TEST

START_TEST(test_fields)
{
	uint8_t msg[512], name[64];
	size_t n = hexbytes(HDR("0002") QUESTION SOA_RR A_RR, msg,
	    sizeof(msg)), nl;
	struct zs_rd rd = zs_rd_init(msg, n);
	struct zs_msghdr h;
	struct zs_question q;
	struct zs_rr rr;
	struct zs_soa soa;
	const uint8_t *p;

	ck_assert_int_eq(zs_msg_read_header(&rd, &h), 0);
	ck_assert_uint_eq(h.id, 0x1234);
	ck_assert_uint_eq(h.flags, 0x8400);
	ck_assert_uint_eq(h.qdcount, 1);
	ck_assert_uint_eq(h.ancount, 2);
	ck_assert_uint_eq(h.nscount, 0);
	ck_assert_uint_eq(h.arcount, 0);
	ck_assert_uint_eq(zs_msg_opcode(h.flags), ZS_OPCODE_QUERY);
	ck_assert_uint_eq(zs_msg_rcode(h.flags), ZS_RCODE_NOERROR);

	ck_assert_int_eq(zs_msg_read_question(&rd, &q), 0);
	nl = hexbytes("07 6578616d706c65 03 636f6d 00", name, sizeof(name));
	ck_assert_uint_eq(q.namelen, nl);
	ck_assert_int_eq(memcmp(q.name, name, nl), 0);
	ck_assert_uint_eq(q.type, 252);
	ck_assert_uint_eq(q.rrclass, 1);

	ck_assert_int_eq(zs_msg_read_rr(&rd, &rr), 0);
	ck_assert_uint_eq(rr.offset, 29);
	ck_assert_uint_eq(rr.owner_len, nl);
	ck_assert_int_eq(memcmp(rr.owner, name, nl), 0);
	ck_assert_uint_eq(rr.type, 6);
	ck_assert_uint_eq(rr.rrclass, 1);
	ck_assert_uint_eq(rr.ttl, 3600);
	ck_assert_uint_eq(rr.rdlen, 39);
	ck_assert_ptr_eq(rr.rdata.msg, msg);
	ck_assert_uint_eq(rr.rdata.msglen, n);
	ck_assert_uint_eq(rr.rdata.pos, 41);
	ck_assert_uint_eq(rr.rdata.end, 80);

	ck_assert_int_eq(zs_msg_soa(rr.rdata, &soa), 0);
	/* the view was passed by value: rr.rdata did not move */
	ck_assert_uint_eq(rr.rdata.pos, 41);
	nl = hexbytes("03 6e7331 07 6578616d706c65 03 636f6d 00", name,
	    sizeof(name));
	ck_assert_uint_eq(soa.mname_len, nl);
	ck_assert_int_eq(memcmp(soa.mname, name, nl), 0);
	ck_assert_uint_eq(soa.rname_len, 24);
	ck_assert_uint_eq(soa.serial, 2026112101);
	ck_assert_uint_eq(soa.refresh, 3600);
	ck_assert_uint_eq(soa.retry, 600);
	ck_assert_uint_eq(soa.expire, 604800);
	ck_assert_uint_eq(soa.minimum, 300);

	ck_assert_int_eq(zs_msg_read_rr(&rd, &rr), 0);
	ck_assert_uint_eq(rr.offset, 80);
	ck_assert_uint_eq(rr.owner_len, 17);
	ck_assert_uint_eq(rr.type, 1);
	ck_assert_uint_eq(rr.ttl, 300);
	ck_assert_uint_eq(rr.rdlen, 4);
	p = zs_rd_bytes(&rr.rdata, 4);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(zs_be32(p), 0xc0000250);
	ck_assert_uint_eq(zs_rd_left(&rd), 0);
}
END_TEST

START_TEST(test_header_truncated_untouched)
{
	uint8_t msg[16];
	size_t n = hexbytes("1234 8400 0001 0001 0000", msg, sizeof(msg));
	struct zs_rd rd = zs_rd_init(msg, n);
	struct zs_msghdr h;

	memset(&h, 0x5a, sizeof(h));
	ck_assert_int_eq(zs_msg_read_header(&rd, &h), ZS_ETRUNC);
	ck_assert_uint_eq(h.id, 0x5a5a);
	ck_assert_int_eq(rd.err, ZS_ETRUNC);
}
END_TEST

/* SOA RDATA inside a message: the RDATA window starts at offset 41. */
static const struct {
	const char *rdata;
	int err;
} soa_cases[] = {
	{ SOA_RDATA, 0 },
	/* uncompressed names */
	{ "03 6e7331 00 0a 686f73746d6173746572 00"
	  " 78c40465 00000e10 00000258 00093a80 0000012c", 0 },
	/* one byte short */
	{ "03 6e7331 c00c  0a 686f73746d6173746572 c00c"
	  " 78c40465 00000e10 00000258 00093a80 000001", ZS_EMALFORMED },
	/* one byte extra */
	{ SOA_RDATA " 00", ZS_EMALFORMED },
	/* names only */
	{ "00 00", ZS_EMALFORMED },
	/* empty */
	{ "", ZS_EMALFORMED },
	/* mname loops */
	{ "c029 00 78c40465 00000e10 00000258 00093a80 0000012c",
	    ZS_EMALFORMED },
	/* rname label type 0x80 */
	{ "00 81 00 78c40465 00000e10 00000258 00093a80 0000012c",
	    ZS_EMALFORMED },
};

START_TEST(test_soa)
{
	uint8_t msg[512];
	char hex[1024];
	size_t n;
	struct zs_rd rd;
	struct zs_soa soa;
	int ret;

	snprintf(hex, sizeof(hex), "%s %s", HDR("0001") QUESTION
	    "c00c 0006 0001 00000e10 0000", soa_cases[_i].rdata);
	n = hexbytes(hex, msg, sizeof(msg));
	rd = zs_rd_init(msg, n);
	rd.pos = 41;
	memset(&soa, 0x77, sizeof(soa));
	ret = zs_msg_soa(rd, &soa);
	ck_assert_msg(ret == soa_cases[_i].err, "case %d: got %d", _i, ret);
	if (ret != 0)
		ck_assert_uint_eq(soa.serial, 0x77777777);
	else
		ck_assert_uint_eq(soa.serial, 2026112101);
}
END_TEST

START_TEST(test_soa_window)
{
	/* The fields may not be read beyond the RDATA window. */
	uint8_t msg[512];
	size_t n = hexbytes(HDR("0001") QUESTION SOA_RR A_RR, msg,
	    sizeof(msg));
	struct zs_rd rd = zs_rd_init(msg, n), win;
	struct zs_soa soa;

	rd.pos = 41;
	win = zs_rd_sub(&rd, 38);
	ck_assert_int_eq(zs_msg_soa(win, &soa), ZS_EMALFORMED);
	rd = zs_rd_init(msg, n);
	rd.pos = 41;
	win = zs_rd_sub(&rd, 39);
	ck_assert_int_eq(zs_msg_soa(win, &soa), 0);
}
END_TEST

START_TEST(test_query)
{
	uint8_t buf[64], want[64], qname[64];
	size_t ql = hexbytes("07 6578616d706c65 03 636f6d 00", qname,
	    sizeof(qname));
	size_t n = hexbytes("beef 0000 0001 0000 0000 0000" QUESTION, want,
	    sizeof(want));
	struct zs_wr wr = zs_wr_init(buf, sizeof(buf));

	ck_assert_int_eq(zs_msg_query(&wr, 0xbeef, 0, qname, ql, 252, 1), 0);
	ck_assert_uint_eq(wr.pos, n);
	ck_assert_int_eq(memcmp(buf, want, n), 0);

	n = hexbytes("0001 0100 0001 0000 0000 0000 00 0006 0003", want,
	    sizeof(want));
	wr = zs_wr_init(buf, sizeof(buf));
	ck_assert_int_eq(zs_msg_query(&wr, 1, ZS_FLAG_RD,
	    (const uint8_t *)"", 1, 6, 3), 0);
	ck_assert_uint_eq(wr.pos, n);
	ck_assert_int_eq(memcmp(buf, want, n), 0);

	/* one byte too small */
	wr = zs_wr_init(buf, 12 + ql + 3);
	ck_assert_int_eq(zs_msg_query(&wr, 1, 0, qname, ql, 252, 1),
	    ZS_ESPACE);
	wr = zs_wr_init(buf, 12 + ql + 4);
	ck_assert_int_eq(zs_msg_query(&wr, 1, 0, qname, ql, 252, 1), 0);
}
END_TEST

START_TEST(test_flags)
{
	ck_assert_uint_eq(zs_msg_opcode(0x2000), ZS_OPCODE_NOTIFY);
	ck_assert_uint_eq(zs_msg_opcode(0xf800 & ~ZS_FLAG_QR), 15);
	ck_assert_uint_eq(zs_msg_rcode(0x8405), ZS_RCODE_REFUSED);
	ck_assert_uint_eq(zs_msg_rcode(0x840f), 15);
	ck_assert_str_eq(zs_rcode_name(0), "NOERROR");
	ck_assert_str_eq(zs_rcode_name(ZS_RCODE_REFUSED), "REFUSED");
	ck_assert_str_eq(zs_rcode_name(ZS_RCODE_NOTZONE), "NOTZONE");
	ck_assert_str_eq(zs_rcode_name(11), "RCODE11");
	ck_assert_str_eq(zs_rcode_name(15), "RCODE15");
	ck_assert_str_eq(zs_rcode_name(16), "RCODE?");
	ck_assert_str_eq(zs_rcode_name(4095), "RCODE?");
}
END_TEST

static Suite *
msg_suite(void)
{
	Suite *s = suite_create("msg");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_parse, 0,
	    (int)(sizeof(parse_cases) / sizeof(parse_cases[0])));
	tcase_add_test(tc, test_fields);
	tcase_add_test(tc, test_header_truncated_untouched);
	tcase_add_loop_test(tc, test_soa, 0,
	    (int)(sizeof(soa_cases) / sizeof(soa_cases[0])));
	tcase_add_test(tc, test_soa_window);
	tcase_add_test(tc, test_query);
	tcase_add_test(tc, test_flags);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(msg_suite)
