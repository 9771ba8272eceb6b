/*
 * check_notifymsg.c - NOTIFY request parsing and answer building
 * (lib/notifymsg), unsigned and TSIG-signed.
 */
#include <stdio.h>

#include "check_util.h"
#include "notifymsg.h"

#define NOW	1700000000u

#define Q	"07 6578616d706c65 00 0006 0001"
#define SOARR	"c00c 0006 0001 00000e10 001e 03 6e7331 c00c 02 686d 00" \
		" 78c40465 00000e10 00000258 00093a80 0000012c"
#define NSRR	"c00c 0002 0001 00000e10 0006 03 6e7331 c00c"

static const uint8_t example[] = { 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0 };

static const struct {
	const char *hex;
	int ret;		/* of zs_notify_parse */
	unsigned int rcode;
	int serial;		/* -1: none */
} cases[] = {
	/* 0 NOTIFY without a serial */
	{ "4d2a 2000 0001 0000 0000 0000" Q, 0, ZS_RCODE_NOERROR, -1 },
	/* 1 with the SOA and its serial (AA set, as BIND sends it) */
	{ "4d2a 2400 0001 0001 0000 0000" Q SOARR, 0, ZS_RCODE_NOERROR,
	    0x78c40465 },
	/* 2 first answer RR not an SOA: no serial, still a NOTIFY */
	{ "4d2a 2000 0001 0001 0000 0000" Q NSRR, 0, ZS_RCODE_NOERROR, -1 },
	/* 3 SOA RDATA that does not parse: no serial */
	{ "4d2a 2000 0001 0001 0000 0000" Q
	    "c00c 0006 0001 00000e10 0004 00 00 7878", 0, ZS_RCODE_NOERROR,
	    -1 },
	/* 4 ancount 1 but no RR: no serial */
	{ "4d2a 2000 0001 0001 0000 0000" Q, 0, ZS_RCODE_NOERROR, -1 },
	/* 5 opcode QUERY */
	{ "4d2a 0000 0001 0000 0000 0000" Q, 0, ZS_RCODE_NOTIMP, -1 },
	/* 6 opcode UPDATE */
	{ "4d2a 2800 0001 0000 0000 0000" Q, 0, ZS_RCODE_NOTIMP, -1 },
	/* 7 QR set: a response is never answered */
	{ "4d2a a400 0001 0000 0000 0000" Q, ZS_EQRSET, 0, -1 },
	/* 8 short header */
	{ "4d2a 2000 00", ZS_ETRUNC, 0, -1 },
	/* 9 qdcount 0 */
	{ "4d2a 2000 0000 0000 0000 0000", 0, ZS_RCODE_FORMERR, -1 },
	/* 10 qdcount 2 */
	{ "4d2a 2000 0002 0000 0000 0000" Q Q, 0, ZS_RCODE_FORMERR, -1 },
	/* 11 question of type A */
	{ "4d2a 2000 0001 0000 0000 0000 07 6578616d706c65 00 0001 0001", 0,
	    ZS_RCODE_FORMERR, -1 },
	/* 12 question truncated */
	{ "4d2a 2000 0001 0000 0000 0000 07 657861", 0, ZS_RCODE_FORMERR,
	    -1 },
	/* 13 question name pointing at itself */
	{ "4d2a 2000 0001 0000 0000 0000 c00c 0006 0001", 0,
	    ZS_RCODE_FORMERR, -1 },
	/* 14 a junk additional RR (no TSIG): NOTAUTH, as before */
	{ "4d2a 2000 0001 0000 0000 0001" Q "00 0001 0001", 0,
	    ZS_RCODE_NOTAUTH, -1 },
	/* 15 a non-TSIG additional RR (EDNS OPT) is fine */
	{ "4d2a 2000 0001 0000 0000 0001" Q "00 0029 1000 00000000 0000", 0,
	    ZS_RCODE_NOERROR, -1 },
	/* 16 class CH is passed on, not judged here */
	{ "4d2a 2000 0001 0000 0000 0000 07 6578616d706c65 00 0006 0003", 0,
	    ZS_RCODE_NOERROR, -1 },
};

START_TEST(test_parse)
{
	uint8_t msg[1024];
	size_t n = hexbytes(cases[_i].hex, msg, sizeof(msg));
	struct zs_notify_req req;
	int ret;

	memset(&req, 0x5a, sizeof(req));
	ret = zs_notify_parse(msg, n, NULL, 0, NOW, &req);
	ck_assert_msg(ret == cases[_i].ret, "case %d: got %d want %d", _i,
	    ret, cases[_i].ret);
	if (ret != 0) {
		ck_assert_uint_eq(req.id, 0x5a5a);	/* untouched */
		return;
	}
	ck_assert_uint_eq(req.id, 0x4d2a);
	ck_assert_msg(req.rcode == cases[_i].rcode, "case %d: rcode %u", _i,
	    req.rcode);
	ck_assert(req.have_q == (req.rcode == ZS_RCODE_NOERROR));
	ck_assert(req.key == NULL);
	ck_assert(req.have_serial == (cases[_i].serial >= 0));
	if (req.have_serial)
		ck_assert_uint_eq(req.serial, (uint32_t)cases[_i].serial);
	if (req.have_q) {
		ck_assert_uint_eq(req.qnamelen, sizeof(example));
		ck_assert_mem_eq(req.qname, example, sizeof(example));
	}
	if (cases[_i].rcode != ZS_RCODE_NOTAUTH)
		ck_assert_int_eq(req.tsig, ZS_ENOTSIGNED);
}
END_TEST

START_TEST(test_case_kept)
{
	uint8_t msg[128];
	size_t n = hexbytes("0001 2000 0001 0000 0000 0000"
	    "07 4578416d506c65 00 0006 0001", msg, sizeof(msg));
	struct zs_notify_req req;

	ck_assert_int_eq(zs_notify_parse(msg, n, NULL, 0, NOW, &req), 0);
	ck_assert_uint_eq(req.qname[1], 'E');
	ck_assert_uint_eq(req.qname[4], 'm');
	ck_assert_uint_eq(req.qname[5], 'P');
}
END_TEST

/* ---- answers ---- */

static void
parse(const char *hex, struct zs_notify_req *req)
{
	uint8_t msg[1024];
	size_t n = hexbytes(hex, msg, sizeof(msg));

	ck_assert_int_eq(zs_notify_parse(msg, n, NULL, 0, NOW, req), 0);
}

START_TEST(test_answer)
{
	struct zs_notify_req req;
	uint8_t out[512], want[512];
	size_t olen, wlen;

	parse("4d2a 2400 0001 0001 0000 0000" Q SOARR, &req);
	ck_assert_int_eq(zs_notify_answer(&req, req.rcode, NOW, out,
	    sizeof(out), &olen), 0);
	wlen = hexbytes("4d2a a400 0001 0000 0000 0000" Q, want, sizeof(want));
	ck_assert_uint_eq(olen, wlen);
	ck_assert_mem_eq(out, want, wlen);
	/* The caller's policy may turn it into REFUSED or NOTAUTH. */
	ck_assert_int_eq(zs_notify_answer(&req, ZS_RCODE_REFUSED, NOW, out,
	    sizeof(out), &olen), 0);
	ck_assert_uint_eq(out[3], 0x05);
	ck_assert_int_eq(zs_notify_answer(&req, ZS_RCODE_NOTAUTH, NOW, out,
	    sizeof(out), &olen), 0);
	ck_assert_uint_eq(out[3], 0x09);
	/* Too small a buffer, *olen untouched. */
	olen = 77;
	ck_assert_int_eq(zs_notify_answer(&req, 0, NOW, out, 20, &olen),
	    ZS_ESPACE);
	ck_assert_uint_eq(olen, 77);
}
END_TEST

START_TEST(test_answer_no_question)
{
	struct zs_notify_req req;
	uint8_t out[512], want[64];
	size_t olen, wlen;

	/* NOTIMP for a QUERY: opcode echoed, no question. */
	parse("4d2a 0100 0001 0000 0000 0000" Q, &req);
	ck_assert_uint_eq(req.rcode, ZS_RCODE_NOTIMP);
	ck_assert_int_eq(zs_notify_answer(&req, req.rcode, NOW, out,
	    sizeof(out), &olen), 0);
	wlen = hexbytes("4d2a 8404 0000 0000 0000 0000", want, sizeof(want));
	ck_assert_uint_eq(olen, wlen);
	ck_assert_mem_eq(out, want, wlen);
	/* FORMERR for qdcount 0. */
	parse("4d2a 2000 0000 0000 0000 0000", &req);
	ck_assert_int_eq(zs_notify_answer(&req, req.rcode, NOW, out,
	    sizeof(out), &olen), 0);
	wlen = hexbytes("4d2a a401 0000 0000 0000 0000", want, sizeof(want));
	ck_assert_uint_eq(olen, wlen);
	ck_assert_mem_eq(out, want, wlen);
}
END_TEST

START_TEST(test_answer_uncompressed)
{
	struct zs_notify_req req;
	uint8_t out[512], want[512];
	size_t olen, wlen;

	/* "a" then a pointer to the header's last (zero) octet: "a." */
	parse("4d2a 2000 0001 0000 0000 0000 01 61 c00b 0006 0001", &req);
	ck_assert(req.have_q);
	ck_assert_int_eq(zs_notify_answer(&req, 0, NOW, out, sizeof(out),
	    &olen), 0);
	wlen = hexbytes("4d2a a400 0001 0000 0000 0000 01 61 00 0006 0001",
	    want, sizeof(want));
	ck_assert_uint_eq(olen, wlen);
	ck_assert_mem_eq(out, want, wlen);
}
END_TEST

/* ---- signed ---- */

static const uint8_t secret[] = "0123456789abcdef0123456789abcdef";
static const uint8_t name1[] = { 3, 'k', 'e', 'y', 0 };
static const uint8_t name2[] = { 5, 'o', 't', 'h', 'e', 'r', 0 };
static const uint8_t name3[] = { 3, 'b', 'a', 'd', 0 };
static const uint8_t name1up[] = { 3, 'K', 'E', 'Y', 0 };

static const struct zs_tsig_key keys[2] = {
	{ name1, sizeof(name1), ZS_TSIG_HMAC_SHA256, secret, 32 },
	{ name2, sizeof(name2), ZS_TSIG_HMAC_SHA512, secret, 32 },
};

static const struct {
	const char *hex;	/* the request before signing */
	int key;		/* 0, 1: keys[]; 2: unknown name; 3: keys[0]
				 * with the wrong algorithm; 4: "KEY." */
	int how;		/* 0 good, 1 bad MAC, 2 an hour early */
	unsigned int rcode;
	int tsig;
	int serial;
} scases[] = {
	/* 0 signed, no serial */
	{ "4d2a 2000 0001 0000 0000 0000" Q, 0, 0, ZS_RCODE_NOERROR, 0, -1 },
	/* 1 signed with the second key, with the serial */
	{ "4d2a 2400 0001 0001 0000 0000" Q SOARR, 1, 0, ZS_RCODE_NOERROR, 0,
	    0x78c40465 },
	/* 2 key name in upper case */
	{ "4d2a 2000 0001 0000 0000 0000" Q, 4, 0, ZS_RCODE_NOERROR, 0, -1 },
	/* 3 MAC broken */
	{ "4d2a 2000 0001 0000 0000 0000" Q, 0, 1, ZS_RCODE_NOTAUTH,
	    ZS_ETSIG, -1 },
	/* 4 a key we do not have */
	{ "4d2a 2000 0001 0000 0000 0000" Q, 2, 0, ZS_RCODE_NOTAUTH,
	    ZS_EBADKEY, -1 },
	/* 5 our key's name with another algorithm */
	{ "4d2a 2000 0001 0000 0000 0000" Q, 3, 0, ZS_RCODE_NOTAUTH,
	    ZS_EBADKEY, -1 },
	/* 6 signed an hour ago */
	{ "4d2a 2000 0001 0000 0000 0000" Q, 0, 2, ZS_RCODE_NOTAUTH,
	    ZS_ETIME, -1 },
	/* 7 signed, but a QUERY: NOTIMP, and the answer still signed */
	{ "4d2a 0000 0001 0000 0000 0000" Q, 0, 0, ZS_RCODE_NOTIMP, 0, -1 },
	/* 8 signed, no question */
	{ "4d2a 2000 0000 0000 0000 0000", 0, 0, ZS_RCODE_FORMERR, 0, -1 },
};

START_TEST(test_signed)
{
	struct zs_tsig_ctx c = ZS_TSIG_CTX_INIT;
	struct zs_tsig_key k;
	struct zs_notify_req req;
	uint8_t msg[1024], out[1024];
	size_t n = hexbytes(scases[_i].hex, msg, sizeof(msg)), olen;

	switch (scases[_i].key) {
	case 2:
		k = keys[0];
		k.name = name3;
		k.namelen = sizeof(name3);
		break;
	case 3:
		k = keys[0];
		k.alg = ZS_TSIG_HMAC_SHA1;
		break;
	case 4:
		k = keys[0];
		k.name = name1up;
		break;
	default:
		k = keys[scases[_i].key];
		break;
	}
	ck_assert_int_eq(zs_tsig_sign_query(&c, &k, msg, &n, sizeof(msg),
	    scases[_i].how == 2 ? NOW - 3600 : NOW, ZS_TSIG_FUDGE), 0);
	if (scases[_i].how == 1)
		msg[n - 10] ^= 1;
	ck_assert_int_eq(zs_notify_parse(msg, n, keys, 2, NOW, &req), 0);
	ck_assert_msg(req.rcode == scases[_i].rcode, "case %d: rcode %u", _i,
	    req.rcode);
	ck_assert_msg(req.tsig == scases[_i].tsig, "case %d: tsig %d", _i,
	    req.tsig);
	ck_assert(req.have_serial == (scases[_i].serial >= 0));
	if (req.have_serial)
		ck_assert_uint_eq(req.serial, (uint32_t)scases[_i].serial);
	ck_assert_int_eq(zs_notify_answer(&req, req.rcode, NOW, out,
	    sizeof(out), &olen), 0);
	if (req.tsig == 0) {
		struct zs_tsig_ctx v = ZS_TSIG_CTX_INIT;

		ck_assert_ptr_eq(req.key, &keys[scases[_i].key == 1 ? 1 : 0]);
		/* The sender verifies the answer over its request MAC. */
		ck_assert_uint_eq(req.reqmaclen, c.maclen);
		ck_assert_mem_eq(req.reqmac, c.mac, c.maclen);
		ck_assert_int_eq(zs_tsig_verify(&c, out, olen, NOW, NULL), 0);
		/* And a signed answer never verifies against another MAC. */
		ck_assert_int_eq(zs_tsig_start(&v, req.key, NULL, 0, req.id),
		    0);
		ck_assert_int_eq(zs_tsig_verify(&v, out, olen, NOW, NULL),
		    ZS_ETSIG);
		zs_tsig_ctx_clear(&v);
	} else {
		/* A failed TSIG gets an unsigned NOTAUTH (as before). */
		ck_assert_ptr_null(req.key);
		ck_assert_uint_eq(zs_be16(out + 10), 0);
		ck_assert_uint_eq(out[3] & 0xf, ZS_RCODE_NOTAUTH);
	}
	zs_tsig_ctx_clear(&c);
}
END_TEST

START_TEST(test_signed_no_room)
{
	struct zs_tsig_ctx c = ZS_TSIG_CTX_INIT;
	struct zs_notify_req req;
	uint8_t msg[1024], out[64];
	size_t n = hexbytes("4d2a 2000 0001 0000 0000 0000" Q, msg,
	    sizeof(msg)), olen;

	ck_assert_int_eq(zs_tsig_sign_query(&c, &keys[0], msg, &n,
	    sizeof(msg), NOW, ZS_TSIG_FUDGE), 0);
	ck_assert_int_eq(zs_notify_parse(msg, n, keys, 2, NOW, &req), 0);
	ck_assert_int_eq(req.tsig, 0);
	/* The answer fits but its TSIG does not. */
	ck_assert_int_eq(zs_notify_answer(&req, 0, NOW, out, sizeof(out),
	    &olen), ZS_ESPACE);
	zs_tsig_ctx_clear(&c);
}
END_TEST

static Suite *
notifymsg_suite(void)
{
	Suite *s = suite_create("notifymsg");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_parse, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_case_kept);
	tcase_add_test(tc, test_answer);
	tcase_add_test(tc, test_answer_no_question);
	tcase_add_test(tc, test_answer_uncompressed);
	tcase_add_loop_test(tc, test_signed, 0,
	    (int)(sizeof(scases) / sizeof(scases[0])));
	tcase_add_test(tc, test_signed_no_room);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(notifymsg_suite)
