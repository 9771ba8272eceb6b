/*
 * check_tsig.c - TSIG signing and verification (lib/tsig).
 *
 * Synthetic exchanges use zs_tsig_start/zs_tsig_sign_response as the
 * "server"; the known-answer tests replay exchanges captured from a real
 * BIND 9.18 named (test/data/tsig/, see README there) with a fixed now.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "err.h"
#include "msg.h"
#include "tsig.h"
#include "wire.h"

#define DATADIR		"test/data/tsig"
#define NOW		1795279362u
#define FUDGE		300
#define QID		0x4242

static const uint8_t keyname[] = "\003xfr\007example";	/* + root 0 */
static const uint8_t secret[] = "0123456789abcdef0123456789abcdef";

static struct zs_tsig_key
mkkey(enum zs_tsig_alg alg)
{
	struct zs_tsig_key k = { keyname, sizeof(keyname), alg, secret,
	    sizeof(secret) - 1 };
	return k;
}

static const uint8_t zone[] = "\007example\004test";

/* An AXFR query for example.test. */
static size_t
mkquery(uint8_t *buf, size_t cap)
{
	struct zs_wr wr = zs_wr_init(buf, cap);

	ck_assert_int_eq(zs_msg_query(&wr, QID, 0, zone, sizeof(zone), 252,
	    1), 0);
	return wr.pos;
}

/* An answer message with n A records; seq varies the content. */
static size_t
mkresp(uint8_t *buf, size_t cap, unsigned n, unsigned seq)
{
	struct zs_wr wr = zs_wr_init(buf, cap);
	unsigned i;

	zs_wr_u16(&wr, QID);
	zs_wr_u16(&wr, ZS_FLAG_QR | ZS_FLAG_AA);
	zs_wr_u16(&wr, 1);
	zs_wr_u16(&wr, (uint16_t)n);
	zs_wr_u16(&wr, 0);
	zs_wr_u16(&wr, 0);
	zs_wr_bytes(&wr, zone, sizeof(zone));
	zs_wr_u16(&wr, 252);
	zs_wr_u16(&wr, 1);
	for (i = 0; i < n; i++) {
		zs_wr_u16(&wr, 0xc00c);		/* example.test */
		zs_wr_u16(&wr, 1);
		zs_wr_u16(&wr, 1);
		zs_wr_u32(&wr, 3600);
		zs_wr_u16(&wr, 4);
		zs_wr_u32(&wr, 0x0a000000u | (seq << 8) | i);
	}
	ck_assert_int_eq(wr.err, 0);
	return wr.pos;
}

/*
 * Client signs a query with key ck; server (key sk) takes the request
 * MAC.  Both contexts are ready for the answer.
 */
static void
exchange(struct zs_tsig_ctx *cli, struct zs_tsig_ctx *srv,
    const struct zs_tsig_key *ck, const struct zs_tsig_key *sk)
{
	uint8_t q[512];
	size_t qlen = mkquery(q, sizeof(q));

	ck_assert_int_eq(zs_tsig_sign_query(cli, ck, q, &qlen, sizeof(q), NOW,
	    FUDGE), 0);
	ck_assert_int_eq(zs_tsig_start(srv, sk, cli->mac, cli->maclen, QID),
	    0);
}

/* Where the TSIG RR of a message we built starts (it is last). */
static size_t
tsig_offset(const uint8_t *msg, size_t len)
{
	struct zs_rd rd = zs_rd_init(msg, len);
	struct zs_msghdr h;
	struct zs_question q;
	struct zs_rr rr;
	unsigned i, n;

	ck_assert_int_eq(zs_msg_read_header(&rd, &h), 0);
	ck_assert_int_eq(zs_msg_read_question(&rd, &q), 0);
	n = (unsigned)h.ancount + h.nscount + h.arcount;
	for (i = 0; i < n; i++)
		ck_assert_int_eq(zs_msg_read_rr(&rd, &rr), 0);
	ck_assert_int_eq(rr.type, ZS_TSIG_TYPE);
	return rr.offset;
}

/*
 * Rewrite the MAC of the TSIG (key name keyname, alg alg) at the end of
 * msg to its first n octets (n may exceed the MAC: zero padded).
 */
static void
set_maclen(uint8_t *msg, size_t *len, enum zs_tsig_alg alg, size_t n)
{
	size_t off = tsig_offset(msg, *len), alen, p, old;
	uint8_t tail[6];

	zs_tsig_alg_wire(alg, &alen);
	p = off + sizeof(keyname) + 10 + alen + 8;	/* at MAC size */
	old = (size_t)(msg[p] << 8 | msg[p + 1]);
	memcpy(tail, msg + p + 2 + old, 6);
	if (n > old)
		memset(msg + p + 2 + old, 0, n - old);
	msg[p] = (uint8_t)(n >> 8);
	msg[p + 1] = (uint8_t)n;
	memcpy(msg + p + 2 + n, tail, 6);
	*len = p + 2 + n + 6;
	p = off + sizeof(keyname) + 8;			/* at rdlength */
	msg[p] = (uint8_t)((*len - p - 2) >> 8);
	msg[p + 1] = (uint8_t)(*len - p - 2);
}

/* Set the TSIG error field of a signed message. */
static void
set_error(uint8_t *msg, size_t len, uint16_t err)
{
	msg[len - 4] = (uint8_t)(err >> 8);
	msg[len - 3] = (uint8_t)err;
}

static const enum zs_tsig_alg all_algs[] = {
	ZS_TSIG_HMAC_MD5, ZS_TSIG_HMAC_SHA1, ZS_TSIG_HMAC_SHA224,
	ZS_TSIG_HMAC_SHA256, ZS_TSIG_HMAC_SHA384, ZS_TSIG_HMAC_SHA512
};

START_TEST(test_alg_names)
{
	enum zs_tsig_alg a = 0;
	const uint8_t *w;
	size_t len;
	unsigned i;

	ck_assert_int_eq(zs_tsig_alg_from_name(
	    (const uint8_t *)"\010HMAC-MD5\007SIG-ALG\003REG\003INT", 26, &a),
	    0);
	ck_assert_int_eq(a, ZS_TSIG_HMAC_MD5);
	ck_assert_int_eq(zs_tsig_alg_from_name(
	    (const uint8_t *)"\013Hmac-Sha256", 13, &a), 0);
	ck_assert_int_eq(a, ZS_TSIG_HMAC_SHA256);
	ck_assert_int_eq(zs_tsig_alg_from_name(
	    (const uint8_t *)"\010hmac-md5", 10, &a), ZS_EBADKEY);
	ck_assert_int_eq(zs_tsig_alg_from_name(
	    (const uint8_t *)"\011gss-tsig", 11, &a), ZS_EBADKEY);
	ck_assert_int_eq(a, ZS_TSIG_HMAC_SHA256);	/* untouched */
	for (i = 0; i < sizeof(all_algs) / sizeof(all_algs[0]); i++) {
		w = zs_tsig_alg_wire(all_algs[i], &len);
		ck_assert_ptr_nonnull(w);
		ck_assert_int_eq(zs_tsig_alg_from_name(w, len, &a), 0);
		ck_assert_int_eq(a, all_algs[i]);
	}
	ck_assert_ptr_null(zs_tsig_alg_wire((enum zs_tsig_alg)0, &len));
	ck_assert_ptr_null(zs_tsig_alg_wire((enum zs_tsig_alg)7, &len));
	ck_assert_uint_eq(zs_tsig_mac_len(ZS_TSIG_HMAC_MD5), 16);
	ck_assert_uint_eq(zs_tsig_mac_len(ZS_TSIG_HMAC_SHA224), 28);
	ck_assert_uint_eq(zs_tsig_mac_len(ZS_TSIG_HMAC_SHA512), 64);
	ck_assert_uint_eq(zs_tsig_mac_len((enum zs_tsig_alg)9), 0);
}
END_TEST

/* Text names as named.conf and dig -y write them, and back. */
START_TEST(test_alg_text)
{
	static const struct {
		const char *text;
		int ret;
		enum zs_tsig_alg alg;
	} cases[] = {
		{ "hmac-md5", 0, ZS_TSIG_HMAC_MD5 },
		{ "HMAC-MD5", 0, ZS_TSIG_HMAC_MD5 },
		{ "hmac-md5.sig-alg.reg.int", 0, ZS_TSIG_HMAC_MD5 },
		{ "hmac-md5.sig-alg.reg.int.", 0, ZS_TSIG_HMAC_MD5 },
		{ "hmac-sha1", 0, ZS_TSIG_HMAC_SHA1 },
		{ "hmac-sha224", 0, ZS_TSIG_HMAC_SHA224 },
		{ "Hmac-Sha256", 0, ZS_TSIG_HMAC_SHA256 },
		{ "hmac-sha256.", 0, ZS_TSIG_HMAC_SHA256 },
		{ "hmac-sha384", 0, ZS_TSIG_HMAC_SHA384 },
		{ "hmac-sha512", 0, ZS_TSIG_HMAC_SHA512 },
		{ "hmac-md5.", ZS_EBADKEY, 0 },
		{ "hmac-sha", ZS_EBADKEY, 0 },
		{ "gss-tsig", ZS_EBADKEY, 0 },
		{ "", ZS_EBADKEY, 0 },
		{ "..", ZS_EBADKEY, 0 },
	};
	enum zs_tsig_alg a;
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a = (enum zs_tsig_alg)0;
		ck_assert_int_eq(zs_tsig_alg_from_text(cases[i].text,
		    strlen(cases[i].text), &a), cases[i].ret);
		ck_assert_int_eq(a, cases[i].alg);
	}
	for (i = 0; i < sizeof(all_algs) / sizeof(all_algs[0]); i++) {
		const char *n = zs_tsig_alg_name(all_algs[i]);

		ck_assert_ptr_nonnull(n);
		ck_assert_int_eq(zs_tsig_alg_from_text(n, strlen(n), &a), 0);
		ck_assert_int_eq(a, all_algs[i]);
	}
	ck_assert_str_eq(zs_tsig_alg_name(ZS_TSIG_HMAC_MD5), "hmac-md5");
	ck_assert_ptr_null(zs_tsig_alg_name((enum zs_tsig_alg)0));
	ck_assert_ptr_null(zs_tsig_alg_name((enum zs_tsig_alg)7));
}
END_TEST

/* Every algorithm: query, two signed answers, end. */
START_TEST(test_roundtrip)
{
	struct zs_tsig_ctx cli = ZS_TSIG_CTX_INIT, srv = ZS_TSIG_CTX_INIT;
	struct zs_tsig_key k = mkkey(all_algs[_i]);
	uint8_t m[2048];
	size_t len, plain, ulen = 0;

	exchange(&cli, &srv, &k, &k);
	ck_assert_uint_eq(cli.maclen, zs_tsig_mac_len(k.alg));
	ck_assert_uint_eq(cli.time_signed, NOW);
	ck_assert_int_eq(zs_tsig_end(&cli), ZS_ETSIG);	/* nothing yet */

	plain = len = mkresp(m, sizeof(m), 3, 1);
	ck_assert_int_eq(zs_tsig_sign_response(&srv, m, &len, sizeof(m), NOW,
	    FUDGE), 0);
	ck_assert_uint_gt(len, plain);
	ck_assert_int_eq(zs_tsig_verify(&cli, m, len, NOW + 5, &ulen), 0);
	ck_assert_uint_eq(ulen, plain);
	ck_assert_int_eq(zs_tsig_end(&cli), 0);

	/* A second message is signed over prior MAC + timers only. */
	plain = len = mkresp(m, sizeof(m), 5, 2);
	ck_assert_int_eq(zs_tsig_sign_response(&srv, m, &len, sizeof(m),
	    NOW + 1, FUDGE), 0);
	ck_assert_int_eq(zs_tsig_verify(&cli, m, len, NOW + 5, &ulen), 0);
	ck_assert_uint_eq(ulen, plain);
	ck_assert_uint_eq(cli.last_time, NOW + 1);
	ck_assert_int_eq(zs_tsig_end(&cli), 0);
	zs_tsig_ctx_clear(&cli);
	zs_tsig_ctx_clear(&srv);
}
END_TEST

/* The query carries one TSIG RR, last, with the ID as Original ID. */
START_TEST(test_query_layout)
{
	struct zs_tsig_ctx cli = ZS_TSIG_CTX_INIT;
	struct zs_tsig_key k = mkkey(ZS_TSIG_HMAC_SHA256);
	uint8_t q[512];
	size_t qlen = mkquery(q, sizeof(q)), plain = qlen, small;
	struct zs_rd rd;
	struct zs_msghdr h;

	/* Too small a buffer: ZS_ESPACE and the query left alone. */
	small = qlen;
	ck_assert_int_eq(zs_tsig_sign_query(&cli, &k, q, &small, plain + 40,
	    NOW, FUDGE), ZS_ESPACE);
	ck_assert_uint_eq(small, plain);
	ck_assert_uint_eq(q[11], 0);
	ck_assert_int_eq(zs_tsig_sign_query(&cli, &k, q, &qlen, sizeof(q),
	    NOW, FUDGE), 0);
	rd = zs_rd_init(q, qlen);
	ck_assert_int_eq(zs_msg_read_header(&rd, &h), 0);
	ck_assert_uint_eq(h.arcount, 1);
	ck_assert_uint_eq(tsig_offset(q, qlen), plain);
	ck_assert_uint_eq(qlen, plain + sizeof(keyname) + 10 + 13 + 16 + 32);
	ck_assert_uint_eq(q[qlen - 6], 0x42);	/* Original ID */
	ck_assert_uint_eq(q[qlen - 5], 0x42);
	/* Bad keys. */
	k.secretlen = 0;
	qlen = mkquery(q, sizeof(q));
	ck_assert_int_eq(zs_tsig_sign_query(&cli, &k, q, &qlen, sizeof(q),
	    NOW, FUDGE), ZS_EBADKEY);
	k = mkkey((enum zs_tsig_alg)42);
	ck_assert_int_eq(zs_tsig_sign_query(&cli, &k, q, &qlen, sizeof(q),
	    NOW, FUDGE), ZS_EBADKEY);
	k = mkkey(ZS_TSIG_HMAC_SHA256);
	k.namelen--;		/* no root label */
	ck_assert_int_eq(zs_tsig_sign_query(&cli, &k, q, &qlen, sizeof(q),
	    NOW, FUDGE), ZS_EBADKEY);
	ck_assert_uint_eq(qlen, plain);
	qlen = 5;
	k = mkkey(ZS_TSIG_HMAC_SHA256);
	ck_assert_int_eq(zs_tsig_sign_query(&cli, &k, q, &qlen, sizeof(q),
	    NOW, FUDGE), ZS_ETRUNC);
	/* Verify before any start. */
	ck_assert_int_eq(zs_tsig_verify(&cli, q, plain, NOW, NULL),
	    ZS_EINVAL);
	zs_tsig_ctx_clear(&cli);
}
END_TEST

/* Flipping any bit-0 of a signed answer (except the ID) is caught. */
START_TEST(test_tamper)
{
	struct zs_tsig_key k = mkkey(ZS_TSIG_HMAC_SHA256);
	uint8_t good[1024], m[1024];
	size_t glen, i;
	int r;

	for (i = 2; ; i++) {
		struct zs_tsig_ctx cli = ZS_TSIG_CTX_INIT;
		struct zs_tsig_ctx srv = ZS_TSIG_CTX_INIT;

		exchange(&cli, &srv, &k, &k);
		glen = mkresp(good, sizeof(good), 2, 1);
		ck_assert_int_eq(zs_tsig_sign_response(&srv, good, &glen,
		    sizeof(good), NOW, FUDGE), 0);
		zs_tsig_ctx_clear(&srv);
		if (i >= glen) {
			ck_assert_int_eq(zs_tsig_verify(&cli, good, glen, NOW,
			    NULL), 0);
			zs_tsig_ctx_clear(&cli);
			break;
		}
		memcpy(m, good, glen);
		m[i] ^= 0x01;
		r = zs_tsig_verify(&cli, m, glen, NOW, NULL);
		ck_assert_msg(r < 0, "flip at %zu accepted (%d)", i, r);
		if (i == 44)	/* inside the first A record's address */
			ck_assert_int_eq(r, ZS_ETSIG);
		/* Sticky: the good message no longer helps. */
		ck_assert_int_eq(zs_tsig_verify(&cli, good, glen, NOW, NULL),
		    r);
		ck_assert_int_eq(zs_tsig_end(&cli), r);
		zs_tsig_ctx_clear(&cli);
	}
}
END_TEST

/* Key name, algorithm or secret differ between client and server. */
START_TEST(test_wrong_key)
{
	static const uint8_t other[] = "\005other\007example";
	struct zs_tsig_ctx cli = ZS_TSIG_CTX_INIT, srv = ZS_TSIG_CTX_INIT;
	struct zs_tsig_key k = mkkey(ZS_TSIG_HMAC_SHA256), sk;
	uint8_t m[1024];
	size_t len;

	sk = k;
	sk.name = other;
	sk.namelen = sizeof(other);
	exchange(&cli, &srv, &k, &sk);
	len = mkresp(m, sizeof(m), 1, 1);
	ck_assert_int_eq(zs_tsig_sign_response(&srv, m, &len, sizeof(m), NOW,
	    FUDGE), 0);
	ck_assert_int_eq(zs_tsig_verify(&cli, m, len, NOW, NULL), ZS_EBADKEY);

	sk = mkkey(ZS_TSIG_HMAC_SHA512);
	exchange(&cli, &srv, &k, &sk);
	len = mkresp(m, sizeof(m), 1, 1);
	ck_assert_int_eq(zs_tsig_sign_response(&srv, m, &len, sizeof(m), NOW,
	    FUDGE), 0);
	ck_assert_int_eq(zs_tsig_verify(&cli, m, len, NOW, NULL), ZS_EBADKEY);

	sk = k;
	sk.secret = (const uint8_t *)"another secret";
	sk.secretlen = 14;
	exchange(&cli, &srv, &k, &sk);
	len = mkresp(m, sizeof(m), 1, 1);
	ck_assert_int_eq(zs_tsig_sign_response(&srv, m, &len, sizeof(m), NOW,
	    FUDGE), 0);
	ck_assert_int_eq(zs_tsig_verify(&cli, m, len, NOW, NULL), ZS_ETSIG);

	/* Upper-case key name on the server side is the same key. */
	sk = k;
	sk.name = (const uint8_t *)"\003XFR\007ExAmPlE";
	exchange(&cli, &srv, &k, &sk);
	len = mkresp(m, sizeof(m), 1, 1);
	ck_assert_int_eq(zs_tsig_sign_response(&srv, m, &len, sizeof(m), NOW,
	    FUDGE), 0);
	ck_assert_int_eq(zs_tsig_verify(&cli, m, len, NOW, NULL), 0);
	zs_tsig_ctx_clear(&cli);
	zs_tsig_ctx_clear(&srv);
}
END_TEST

static int
sign_at(uint64_t signed_at, uint64_t now, uint16_t fudge)
{
	struct zs_tsig_ctx cli = ZS_TSIG_CTX_INIT, srv = ZS_TSIG_CTX_INIT;
	struct zs_tsig_key k = mkkey(ZS_TSIG_HMAC_SHA1);
	uint8_t m[1024];
	size_t len;
	int r;

	exchange(&cli, &srv, &k, &k);
	len = mkresp(m, sizeof(m), 1, 1);
	ck_assert_int_eq(zs_tsig_sign_response(&srv, m, &len, sizeof(m),
	    signed_at, fudge), 0);
	r = zs_tsig_verify(&cli, m, len, now, NULL);
	zs_tsig_ctx_clear(&cli);
	zs_tsig_ctx_clear(&srv);
	return r;
}

START_TEST(test_time)
{
	ck_assert_int_eq(sign_at(NOW, NOW, 300), 0);
	ck_assert_int_eq(sign_at(NOW + 300, NOW, 300), 0);
	ck_assert_int_eq(sign_at(NOW - 300, NOW, 300), 0);
	ck_assert_int_eq(sign_at(NOW + 301, NOW, 300), ZS_ETIME);
	ck_assert_int_eq(sign_at(NOW - 301, NOW, 300), ZS_ETIME);
	/* The answer's own fudge is the one that counts. */
	ck_assert_int_eq(sign_at(NOW - 1000, NOW, 1000), 0);
	ck_assert_int_eq(sign_at(NOW - 1, NOW, 0), ZS_ETIME);
	/* 48-bit times beyond 2106. */
	ck_assert_int_eq(sign_at(0xfffffffffffull, 0xfffffffffffull, 0), 0);
}
END_TEST

static int
truncated(enum zs_tsig_alg alg, size_t n)
{
	struct zs_tsig_ctx cli = ZS_TSIG_CTX_INIT, srv = ZS_TSIG_CTX_INIT;
	struct zs_tsig_key k = mkkey(alg);
	uint8_t m[1024];
	size_t len;
	int r;

	exchange(&cli, &srv, &k, &k);
	len = mkresp(m, sizeof(m), 2, 1);
	ck_assert_int_eq(zs_tsig_sign_response(&srv, m, &len, sizeof(m), NOW,
	    FUDGE), 0);
	set_maclen(m, &len, alg, n);
	r = zs_tsig_verify(&cli, m, len, NOW, NULL);
	if (r == 0)
		ck_assert_uint_eq(cli.maclen, n);	/* chain on it */
	zs_tsig_ctx_clear(&cli);
	zs_tsig_ctx_clear(&srv);
	return r;
}

/* RFC 8945 5.2.2.1: max(10, hash/2) <= MAC size <= hash. */
START_TEST(test_truncation)
{
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_MD5, 16), 0);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_MD5, 10), 0);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_MD5, 9), ZS_ETSIG);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_MD5, 17), ZS_ETSIG);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_SHA1, 10), 0);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_SHA1, 9), ZS_ETSIG);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_SHA224, 14), 0);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_SHA224, 13), ZS_ETSIG);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_SHA256, 16), 0);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_SHA256, 15), ZS_ETSIG);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_SHA256, 0), ZS_ETSIG);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_SHA384, 24), 0);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_SHA384, 23), ZS_ETSIG);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_SHA512, 32), 0);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_SHA512, 31), ZS_ETSIG);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_SHA512, 64), 0);
	ck_assert_int_eq(truncated(ZS_TSIG_HMAC_SHA512, 65), ZS_ETSIG);
}
END_TEST

/*
 * signed, k unsigned, signed: the last MAC covers the unsigned ones
 * (RFC 8945 5.3.1).  Returns the first failure, or 0.
 */
static int
chain(unsigned k, int tamper_at)
{
	struct zs_tsig_ctx cli = ZS_TSIG_CTX_INIT, srv = ZS_TSIG_CTX_INIT;
	struct zs_tsig_key key = mkkey(ZS_TSIG_HMAC_SHA256);
	uint8_t m[1024];
	size_t len, ulen;
	unsigned i;
	int r;

	exchange(&cli, &srv, &key, &key);
	len = mkresp(m, sizeof(m), 4, 0);
	ck_assert_int_eq(zs_tsig_sign_response(&srv, m, &len, sizeof(m), NOW,
	    FUDGE), 0);
	ck_assert_int_eq(zs_tsig_verify(&cli, m, len, NOW, NULL), 0);
	for (i = 1; i <= k; i++) {
		len = mkresp(m, sizeof(m), 4, i);
		ck_assert_int_eq(zs_tsig_add_unsigned(&srv, m, len), 0);
		if ((int)i == tamper_at)
			m[len - 1] ^= 1;
		r = zs_tsig_verify(&cli, m, len, NOW, &ulen);
		if (r != 1)
			goto out;
		ck_assert_uint_eq(ulen, len);
		ck_assert_int_eq(zs_tsig_end(&cli), ZS_ETSIG);
	}
	len = mkresp(m, sizeof(m), 4, 200);
	ck_assert_int_eq(zs_tsig_sign_response(&srv, m, &len, sizeof(m), NOW,
	    FUDGE), 0);
	r = zs_tsig_verify(&cli, m, len, NOW, NULL);
	if (r == 0)
		r = zs_tsig_end(&cli);
out:
	zs_tsig_ctx_clear(&cli);
	zs_tsig_ctx_clear(&srv);
	return r;
}

START_TEST(test_chain)
{
	ck_assert_int_eq(chain(0, -1), 0);
	ck_assert_int_eq(chain(1, -1), 0);
	ck_assert_int_eq(chain(2, -1), 0);
	ck_assert_int_eq(chain(98, -1), 0);
	ck_assert_int_eq(chain(99, -1), 0);
	ck_assert_int_eq(chain(100, -1), ZS_ETSIG);	/* the 100th */
	ck_assert_int_eq(chain(5, 3), ZS_ETSIG);	/* caught at the end */
	ck_assert_int_eq(chain(1, 1), ZS_ETSIG);
}
END_TEST

START_TEST(test_unsigned)
{
	struct zs_tsig_ctx cli = ZS_TSIG_CTX_INIT, srv = ZS_TSIG_CTX_INIT;
	struct zs_tsig_key key = mkkey(ZS_TSIG_HMAC_SHA256);
	uint8_t m[1024];
	size_t len;

	/* The first answer unsigned. */
	exchange(&cli, &srv, &key, &key);
	len = mkresp(m, sizeof(m), 1, 0);
	ck_assert_int_eq(zs_tsig_verify(&cli, m, len, NOW, NULL),
	    ZS_ENOTSIGNED);
	ck_assert_int_eq(zs_tsig_end(&cli), ZS_ENOTSIGNED);

	/* Signed, then unsigned, then the transfer ends. */
	exchange(&cli, &srv, &key, &key);
	ck_assert_int_eq(cli.nmsgs, 0);
	ck_assert_int_eq(zs_tsig_sign_response(&srv, m, &len, sizeof(m), NOW,
	    FUDGE), 0);
	ck_assert_int_eq(zs_tsig_verify(&cli, m, len, NOW, NULL), 0);
	len = mkresp(m, sizeof(m), 1, 1);
	ck_assert_int_eq(zs_tsig_verify(&cli, m, len, NOW, NULL), 1);
	ck_assert_int_eq(zs_tsig_end(&cli), ZS_ETSIG);
	zs_tsig_ctx_clear(&cli);
	zs_tsig_ctx_clear(&srv);
}
END_TEST

/* The TSIG must be the last RR; errors from the server are mapped. */
START_TEST(test_placement_and_errors)
{
	static const uint16_t errs[] = { ZS_TSIG_BADSIG, ZS_TSIG_BADKEY,
	    ZS_TSIG_BADTIME, ZS_TSIG_BADTRUNC, 99 };
	static const int want[] = { ZS_ETSIG, ZS_EBADKEY, ZS_ETIME, ZS_ETSIG,
	    ZS_ETSIG };
	struct zs_tsig_ctx cli = ZS_TSIG_CTX_INIT, srv = ZS_TSIG_CTX_INIT;
	struct zs_tsig_key key = mkkey(ZS_TSIG_HMAC_SHA256);
	struct zs_wr wr;
	uint8_t m[1024];
	size_t len;
	unsigned i;

	/* An A record after the TSIG in additional. */
	exchange(&cli, &srv, &key, &key);
	len = mkresp(m, sizeof(m), 1, 0);
	ck_assert_int_eq(zs_tsig_sign_response(&srv, m, &len, sizeof(m), NOW,
	    FUDGE), 0);
	wr = zs_wr_init(m, sizeof(m));
	wr.pos = len;
	zs_wr_bytes(&wr, "\0\0\1\0\1\0\0\0\0\0\4\1\2\3\4", 15);
	zs_wr_put_u16_at(&wr, 10, 2);
	ck_assert_int_eq(wr.err, 0);
	ck_assert_int_eq(zs_tsig_verify(&cli, m, wr.pos, NOW, NULL),
	    ZS_ETSIG);

	/* Trailing garbage after the TSIG. */
	exchange(&cli, &srv, &key, &key);
	len = mkresp(m, sizeof(m), 1, 0);
	ck_assert_int_eq(zs_tsig_sign_response(&srv, m, &len, sizeof(m), NOW,
	    FUDGE), 0);
	m[len] = 0;
	ck_assert_int_eq(zs_tsig_verify(&cli, m, len + 1, NOW, NULL),
	    ZS_ETRAILING);

	/* TSIG counted in the answer section. */
	exchange(&cli, &srv, &key, &key);
	len = mkresp(m, sizeof(m), 1, 0);
	ck_assert_int_eq(zs_tsig_sign_response(&srv, m, &len, sizeof(m), NOW,
	    FUDGE), 0);
	m[7] = 2;
	m[11] = 0;
	ck_assert_int_eq(zs_tsig_verify(&cli, m, len, NOW, NULL), ZS_ETSIG);

	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		exchange(&cli, &srv, &key, &key);
		len = mkresp(m, sizeof(m), 1, 0);
		ck_assert_int_eq(zs_tsig_sign_response(&srv, m, &len,
		    sizeof(m), NOW, FUDGE), 0);
		set_error(m, len, errs[i]);
		ck_assert_int_eq(zs_tsig_verify(&cli, m, len, NOW, NULL),
		    want[i]);
	}
	/* Truncated message. */
	exchange(&cli, &srv, &key, &key);
	ck_assert_int_eq(zs_tsig_verify(&cli, m, 7, NOW, NULL), ZS_ETRUNC);
	zs_tsig_ctx_clear(&cli);
	zs_tsig_ctx_clear(&srv);
}
END_TEST

/* A capture: secret, now, query, answers (see test/data/tsig/README). */
struct capture {
	uint8_t secret[64];
	size_t secretlen;
	uint64_t now;
	uint8_t query[512];
	size_t querylen;
	uint8_t *resp[64];
	size_t resplen[64];
	size_t nresp;
};

static void
load(const char *file, struct capture *c)
{
	char path[256], *line = NULL, *val;
	size_t cap = 0;
	FILE *fp;

	memset(c, 0, sizeof(*c));
	snprintf(path, sizeof(path), DATADIR "/%s", file);
	fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	while (getline(&line, &cap, fp) > 0) {
		if (line[0] == '#' || (val = strchr(line, ' ')) == NULL)
			continue;
		*val++ = '\0';
		if (strcmp(line, "secret") == 0) {
			c->secretlen = hexbytes(val, c->secret,
			    sizeof(c->secret));
		} else if (strcmp(line, "now") == 0) {
			c->now = strtoull(val, NULL, 10);
		} else if (strcmp(line, "query") == 0) {
			c->querylen = hexbytes(val, c->query,
			    sizeof(c->query));
		} else if (strcmp(line, "response") == 0) {
			ck_assert_uint_lt(c->nresp, 64);
			c->resp[c->nresp] = malloc(ZS_MSG_MAXLEN);
			ck_assert_ptr_nonnull(c->resp[c->nresp]);
			c->resplen[c->nresp] = hexbytes(val,
			    c->resp[c->nresp], ZS_MSG_MAXLEN);
			c->nresp++;
		}
	}
	free(line);
	fclose(fp);
	ck_assert_uint_gt(c->nresp, 0);
}

static void
unload(struct capture *c)
{
	size_t i;

	for (i = 0; i < c->nresp; i++)
		free(c->resp[i]);
}

/* Captured AXFRs: file, key name (wire), algorithm. */
static const struct {
	const char *file;
	const char *key;
	size_t keylen;
	enum zs_tsig_alg alg;
} axfrs[] = {
	{ "axfr-sha256.hex", "\003xfr", 5, ZS_TSIG_HMAC_SHA256 },
	{ "axfr-md5.hex", "\004kmd5", 6, ZS_TSIG_HMAC_MD5 },
	{ "axfr-sha512.hex", "\007ksha512", 9, ZS_TSIG_HMAC_SHA512 },
};

/* Start t again: sign our AXFR query with the captured key at now. */
static void
resign(struct zs_tsig_ctx *t, const struct capture *c, int n, uint64_t now)
{
	struct zs_tsig_key k = { (const uint8_t *)axfrs[n].key,
	    axfrs[n].keylen, axfrs[n].alg, c->secret, c->secretlen };
	uint8_t q[512];
	size_t qlen = mkquery(q, sizeof(q));

	ck_assert_int_eq(zs_tsig_sign_query(t, &k, q, &qlen, sizeof(q), now,
	    FUDGE), 0);
	/* Known answer for signing: the query BIND accepted. */
	if (now == c->now) {
		ck_assert_uint_eq(qlen, c->querylen);
		ck_assert_mem_eq(q, c->query, qlen);
	}
}

/* Real BIND 9.18 AXFRs of 304 records, every message signed. */
START_TEST(test_bind_axfr)
{
	struct zs_tsig_ctx t = ZS_TSIG_CTX_INIT;
	struct capture c;
	size_t i, ulen, tsiglen;

	load(axfrs[_i].file, &c);
	ck_assert_uint_ge(c.nresp, 5);
	tsiglen = axfrs[_i].keylen + 10 + 16 + zs_tsig_mac_len(axfrs[_i].alg);
	tsiglen += axfrs[_i].alg == ZS_TSIG_HMAC_MD5 ? 26 : 13;
	resign(&t, &c, _i, c.now);
	for (i = 0; i < c.nresp; i++) {
		ck_assert_int_eq(zs_tsig_verify(&t, c.resp[i], c.resplen[i],
		    c.now + 1, &ulen), 0);
		ck_assert_uint_eq(ulen, c.resplen[i] - tsiglen);
	}
	ck_assert_int_eq(zs_tsig_end(&t), 0);

	/* The same answer an hour later: BADTIME on the first message. */
	resign(&t, &c, _i, c.now);
	ck_assert_int_eq(zs_tsig_verify(&t, c.resp[0], c.resplen[0],
	    c.now + 3600, NULL), ZS_ETIME);

	/* Messages out of order break the chain. */
	resign(&t, &c, _i, c.now);
	ck_assert_int_eq(zs_tsig_verify(&t, c.resp[0], c.resplen[0], c.now,
	    NULL), 0);
	ck_assert_int_eq(zs_tsig_verify(&t, c.resp[2], c.resplen[2], c.now,
	    NULL), ZS_ETSIG);

	/* A query signed a second later: the request MAC differs. */
	resign(&t, &c, _i, c.now + 1);
	ck_assert_int_eq(zs_tsig_verify(&t, c.resp[0], c.resplen[0], c.now,
	    NULL), ZS_ETSIG);

	/* One flipped bit in message 5. */
	resign(&t, &c, _i, c.now);
	c.resp[4][100] ^= 0x10;
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(zs_tsig_verify(&t, c.resp[i], c.resplen[i],
		    c.now, NULL), 0);
	ck_assert_int_eq(zs_tsig_verify(&t, c.resp[4], c.resplen[4], c.now,
	    NULL), ZS_ETSIG);
	zs_tsig_ctx_clear(&t);
	unload(&c);
}
END_TEST

/* Real BIND answers: SOA query, wrong secret, unknown key, unsigned. */
START_TEST(test_bind_single)
{
	static const struct {
		const char *file, *key;
		uint16_t qtype;
		int want;
	} cases[] = {
		{ "soa.hex", "xfr", 6, 0 },
		{ "badsig.hex", "xfr", 252, ZS_ETSIG },	/* NOTAUTH BADSIG */
		{ "badkey.hex", "nokey", 252, ZS_EBADKEY }, /* NOTAUTH BADKEY */
		{ "refused.hex", "xfr", 252, ZS_ENOTSIGNED }, /* REFUSED */
	};
	struct zs_tsig_ctx t = ZS_TSIG_CTX_INIT;
	struct capture c;
	uint8_t q[512], kw[ZS_DNAME_MAXLEN];
	size_t i, qlen, kl;
	struct zs_tsig_key k;
	struct zs_wr wr;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		load(cases[i].file, &c);
		ck_assert_int_eq(zs_dname_from_text(cases[i].key,
		    strlen(cases[i].key), NULL, 0, kw, &kl), 0);
		k.name = kw;
		k.namelen = kl;
		k.alg = ZS_TSIG_HMAC_SHA256;
		k.secret = c.secret;
		k.secretlen = c.secretlen;
		wr = zs_wr_init(q, sizeof(q));
		ck_assert_int_eq(zs_msg_query(&wr, QID, 0, zone, sizeof(zone),
		    cases[i].qtype, 1), 0);
		qlen = wr.pos;
		ck_assert_int_eq(zs_tsig_sign_query(&t, &k, q, &qlen,
		    sizeof(q), c.now, FUDGE), 0);
		if (c.query[11] != 0) {		/* captured signed */
			ck_assert_uint_eq(qlen, c.querylen);
			ck_assert_mem_eq(q, c.query, qlen);
		}
		ck_assert_uint_eq(c.nresp, 1);
		ck_assert_int_eq(zs_tsig_verify(&t, c.resp[0], c.resplen[0],
		    c.now, NULL), cases[i].want);
		ck_assert_int_eq(zs_tsig_end(&t),
		    cases[i].want == 0 ? 0 : cases[i].want);
		unload(&c);
	}
	zs_tsig_ctx_clear(&t);
}
END_TEST

static Suite *
tsig_suite(void)
{
	Suite *s = suite_create("tsig");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_alg_names);
	tcase_add_test(tc, test_alg_text);
	tcase_add_loop_test(tc, test_roundtrip, 0,
	    (int)(sizeof(all_algs) / sizeof(all_algs[0])));
	tcase_add_test(tc, test_query_layout);
	tcase_add_test(tc, test_tamper);
	tcase_add_test(tc, test_wrong_key);
	tcase_add_test(tc, test_time);
	tcase_add_test(tc, test_truncation);
	tcase_add_test(tc, test_chain);
	tcase_add_test(tc, test_unsigned);
	tcase_add_test(tc, test_placement_and_errors);
	tcase_add_loop_test(tc, test_bind_axfr, 0,
	    (int)(sizeof(axfrs) / sizeof(axfrs[0])));
	tcase_add_test(tc, test_bind_single);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(tsig_suite)
