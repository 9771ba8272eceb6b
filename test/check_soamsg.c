/*
 * check_soamsg.c - checks of an answer to an SOA query (lib/soamsg),
 * unsigned and TSIG-signed.
 */
#include <stdio.h>

#include "check_util.h"
#include "soamsg.h"

static const uint8_t zone[] = { 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0 };

#define Q	"07 6578616d706c65 00 0006 0001"
#define SOA_RDATA "03 6e7331 c00c 02 686d 00" \
		" 78c40465 00000e10 00000258 00093a80 0000012c"
#define SOARR	"c00c 0006 0001 00000e10 001e " SOA_RDATA
#define NSRR	"c00c 0002 0001 00000e10 0006 03 6e7331 c00c"

static const struct {
	const char *hex;
	int err;
	enum zs_soamsg_stage stage;
} cases[] = {
	/* 0 a good answer */
	{ "1234 8400 0001 0001 0000 0000" Q SOARR, 0, ZS_SOAMSG_OK },
	/* 1 owner and question in upper case */
	{ "1234 8400 0001 0001 0000 0000 07 4558414d504c45 00 0006 0001"
	    SOARR, 0, ZS_SOAMSG_OK },
	/* 2 NS first, then the SOA */
	{ "1234 8400 0001 0002 0000 0000" Q NSRR SOARR, 0, ZS_SOAMSG_OK },
	/* 3 trailing bytes are not looked at */
	{ "1234 8400 0001 0001 0000 0000" Q SOARR "00", 0, ZS_SOAMSG_OK },
	/* 4 empty */
	{ "", ZS_ETRUNC, ZS_SOAMSG_MALFORMED },
	/* 5 truncated header */
	{ "1234 8400 0001 0001 0000", ZS_ETRUNC, ZS_SOAMSG_MALFORMED },
	/* 6 QR clear */
	{ "1234 0400 0001 0001 0000 0000" Q SOARR, ZS_ENOTRESP,
	    ZS_SOAMSG_REFUSED },
	/* 7 opcode NOTIFY */
	{ "1234 a400 0001 0001 0000 0000" Q SOARR, ZS_EOPCODE,
	    ZS_SOAMSG_REFUSED },
	/* 8 no question in a NOERROR answer */
	{ "1234 8400 0000 0001 0000 0000" SOARR, ZS_EQUESTION,
	    ZS_SOAMSG_REFUSED },
	/* 9 two questions */
	{ "1234 8400 0002 0001 0000 0000" Q Q SOARR, ZS_EQUESTION,
	    ZS_SOAMSG_REFUSED },
	/* 10 REFUSED without a question */
	{ "1234 8405 0000 0000 0000 0000", ZS_ERCODE, ZS_SOAMSG_REFUSED },
	/* 11 NXDOMAIN with the question */
	{ "1234 8403 0001 0000 0000 0000" Q, ZS_ERCODE, ZS_SOAMSG_REFUSED },
	/* 12 question truncated */
	{ "1234 8400 0001 0000 0000 0000 07 6578616d", ZS_ETRUNC,
	    ZS_SOAMSG_MALFORMED },
	/* 13 question of type A */
	{ "1234 8400 0001 0000 0000 0000 07 6578616d706c65 00 0001 0001",
	    ZS_EQUESTION, ZS_SOAMSG_REFUSED },
	/* 14 question of class CH */
	{ "1234 8400 0001 0000 0000 0000 07 6578616d706c65 00 0006 0003",
	    ZS_EQUESTION, ZS_SOAMSG_REFUSED },
	/* 15 question for another name */
	{ "1234 8400 0001 0000 0000 0000 07 6578616d706c66 00 0006 0001",
	    ZS_EQUESTION, ZS_SOAMSG_REFUSED },
	/* 16 question name pointing at itself */
	{ "1234 8400 0001 0000 0000 0000 c00c 0006 0001", ZS_ELOOP,
	    ZS_SOAMSG_MALFORMED },
	/* 17 AA clear */
	{ "1234 8000 0001 0001 0000 0000" Q SOARR, ZS_ENOTAUTH,
	    ZS_SOAMSG_REFUSED },
	/* 18 the SOA in the authority section only */
	{ "1234 8400 0001 0000 0001 0000" Q SOARR, ZS_ENOSOA,
	    ZS_SOAMSG_REFUSED },
	/* 19 an SOA for another owner */
	{ "1234 8400 0001 0001 0000 0000" Q "00 0006 0001 00000e10 0016"
	    " 00 00 78c40465 00000e10 00000258 00093a80 0000012c", ZS_ENOSOA,
	    ZS_SOAMSG_REFUSED },
	/* 20 ancount 2, one RR there, no SOA */
	{ "1234 8400 0001 0002 0000 0000" Q NSRR, ZS_ETRUNC,
	    ZS_SOAMSG_MALFORMED },
	/* 21 SOA RDATA too short */
	{ "1234 8400 0001 0001 0000 0000" Q "c00c 0006 0001 00000e10 0008"
	    " 00 00 78c40465 0000", ZS_EMALFORMED, ZS_SOAMSG_MALFORMED },
	/* 22 owner pointing at itself */
	{ "1234 8400 0001 0001 0000 0000" Q "c01d 0006 0001 00000e10 0000",
	    ZS_ELOOP, ZS_SOAMSG_MALFORMED },
	/* 23 owner pointing forward */
	{ "1234 8400 0001 0001 0000 0000" Q "c030 0006 0001 00000e10 0000",
	    ZS_ELOOP, ZS_SOAMSG_MALFORMED },
	/* 24 rdlength past the end */
	{ "1234 8400 0001 0001 0000 0000" Q "c00c 0006 0001 00000e10 00ff"
	    SOA_RDATA, ZS_ETRUNC, ZS_SOAMSG_MALFORMED },
	/* 25 SERVFAIL with AA clear: the RCODE is what is reported */
	{ "1234 8002 0001 0000 0000 0000" Q, ZS_ERCODE, ZS_SOAMSG_REFUSED },
};

START_TEST(test_unsigned)
{
	uint8_t msg[1024];
	size_t n = hexbytes(cases[_i].hex, msg, sizeof(msg));
	struct zs_soamsg out;
	int ret;

	ret = zs_soamsg_check(msg, n, zone, sizeof(zone), 1, NULL, 0, &out);
	ck_assert_msg(ret == cases[_i].err, "case %d: got %d (%s) want %d",
	    _i, ret, zs_strerror(ret), cases[_i].err);
	ck_assert_msg(out.stage == cases[_i].stage, "case %d: stage %d", _i,
	    out.stage);
	ck_assert(out.have_hdr == (n >= ZS_MSG_HDRLEN));
	if (ret == 0) {
		ck_assert_uint_eq(out.soa.serial, 0x78c40465);
		ck_assert_uint_eq(out.soa.minimum, 300);
		ck_assert_uint_eq(out.soa.mname_len, 13);
	}
}
END_TEST

START_TEST(test_header_reported)
{
	uint8_t msg[64];
	size_t n = hexbytes("1234 8405 0000 0000 0000 0000", msg, sizeof(msg));
	struct zs_soamsg out;

	ck_assert_int_eq(zs_soamsg_check(msg, n, zone, sizeof(zone), 1, NULL,
	    0, &out), ZS_ERCODE);
	ck_assert(out.have_hdr);
	ck_assert_uint_eq(out.hdr.id, 0x1234);
	ck_assert_uint_eq(zs_msg_rcode(out.hdr.flags), ZS_RCODE_REFUSED);
}
END_TEST

/* ---- signed ---- */

#define NOW	1700000000u

static const uint8_t secret[] = "0123456789abcdef0123456789abcdef";
static const uint8_t keyname[] = { 3, 'k', 'e', 'y', 0 };
static const uint8_t othername[] = { 5, 'o', 't', 'h', 'e', 'r', 0 };

static const struct zs_tsig_key key = { keyname, sizeof(keyname),
	ZS_TSIG_HMAC_SHA256, secret, 32 };
static const struct zs_tsig_key other = { othername, sizeof(othername),
	ZS_TSIG_HMAC_SHA256, secret, 32 };

/* Sign the query as soa.c does; qctx is then ready to verify. */
static void
sign_query(struct zs_tsig_ctx *qctx)
{
	uint8_t q[512];
	struct zs_wr wr = zs_wr_init(q, sizeof(q));
	size_t qlen;

	ck_assert_int_eq(zs_msg_query(&wr, 0, 0, zone, sizeof(zone), 6, 1), 0);
	qlen = wr.pos;
	ck_assert_int_eq(zs_tsig_sign_query(qctx, &key, q, &qlen, sizeof(q),
	    NOW, ZS_TSIG_FUDGE), 0);
}

/* Sign the answer in msg with k over qctx's request MAC at time t. */
static void
sign_answer(const struct zs_tsig_ctx *qctx, const struct zs_tsig_key *k,
    uint64_t t, uint8_t *msg, size_t *n, size_t cap)
{
	struct zs_tsig_ctx a = ZS_TSIG_CTX_INIT;

	ck_assert_int_eq(zs_tsig_start(&a, k, qctx->mac, qctx->maclen, 0), 0);
	ck_assert_int_eq(zs_tsig_sign_response(&a, msg, n, cap, t,
	    ZS_TSIG_FUDGE), 0);
	zs_tsig_ctx_clear(&a);
}

static const struct {
	const char *hex;	/* the answer before signing */
	int how;		/* 0 signed, 1 bad MAC, 2 unsigned, 3 other
				 * key, 4 an hour late */
	int err;
	enum zs_soamsg_stage stage;
} scases[] = {
	/* 0 a good signed answer */
	{ "1234 8400 0001 0001 0000 0000" Q SOARR, 0, 0, ZS_SOAMSG_OK },
	/* 1 one bit of the MAC flipped */
	{ "1234 8400 0001 0001 0000 0000" Q SOARR, 1, ZS_ETSIG,
	    ZS_SOAMSG_TSIG },
	/* 2 an unsigned answer to a signed query */
	{ "1234 8400 0001 0001 0000 0000" Q SOARR, 2, ZS_ENOTSIGNED,
	    ZS_SOAMSG_TSIG },
	/* 3 signed with a key we did not use */
	{ "1234 8400 0001 0001 0000 0000" Q SOARR, 3, ZS_EBADKEY,
	    ZS_SOAMSG_TSIG },
	/* 4 signed an hour from now */
	{ "1234 8400 0001 0001 0000 0000" Q SOARR, 4, ZS_ETIME,
	    ZS_SOAMSG_TSIG },
	/* 5 a signed REFUSED: TSIG fine, then the RCODE */
	{ "1234 8405 0001 0000 0000 0000" Q, 0, ZS_ERCODE,
	    ZS_SOAMSG_REFUSED },
	/* 6 an unsigned REFUSED (a server without the key) */
	{ "1234 8405 0000 0000 0000 0000", 2, ZS_ENOTSIGNED, ZS_SOAMSG_TSIG },
	/* 7 signed, but QR clear */
	{ "1234 0400 0001 0001 0000 0000" Q SOARR, 0, ZS_ENOTRESP,
	    ZS_SOAMSG_REFUSED },
	/* 8 a truncated header is malformed before TSIG is looked at */
	{ "1234 8400 0001", 2, ZS_ETRUNC, ZS_SOAMSG_MALFORMED },
};

START_TEST(test_signed)
{
	struct zs_tsig_ctx qctx = ZS_TSIG_CTX_INIT;
	uint8_t msg[1024];
	size_t n = hexbytes(scases[_i].hex, msg, sizeof(msg));
	struct zs_soamsg out;
	int ret;

	sign_query(&qctx);
	switch (scases[_i].how) {
	case 0:
	case 1:
		sign_answer(&qctx, &key, NOW, msg, &n, sizeof(msg));
		if (scases[_i].how == 1)
			msg[n - 10] ^= 1;	/* in the MAC */
		break;
	case 3:
		sign_answer(&qctx, &other, NOW, msg, &n, sizeof(msg));
		break;
	case 4:
		sign_answer(&qctx, &key, NOW + 3600, msg, &n, sizeof(msg));
		break;
	default:
		break;
	}
	ret = zs_soamsg_check(msg, n, zone, sizeof(zone), 1, &qctx, NOW, &out);
	ck_assert_msg(ret == scases[_i].err, "case %d: got %d (%s) want %d",
	    _i, ret, zs_strerror(ret), scases[_i].err);
	ck_assert_msg(out.stage == scases[_i].stage, "case %d: stage %d", _i,
	    out.stage);
	if (ret == 0)
		ck_assert_uint_eq(out.soa.serial, 0x78c40465);
	zs_tsig_ctx_clear(&qctx);
}
END_TEST

static Suite *
soamsg_suite(void)
{
	Suite *s = suite_create("soamsg");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_unsigned, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_header_reported);
	tcase_add_loop_test(tc, test_signed, 0,
	    (int)(sizeof(scases) / sizeof(scases[0])));
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(soamsg_suite)
