/*
 * check_rndc.c - control-channel messages (lib/rndc).
 *
 * The expected octets and HMACs of the known-answer tests were computed
 * outside this code, with Python's hmac and base64 modules, from the
 * format as BIND's lib/isccc lays it out.  Interoperation with a real
 * named is in test/integration/t_daemon_rndc.sh.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "check_util.h"
#include "err.h"
#include "rndc.h"
#include "wire.h"

#define NOW	1795279362u

static uint8_t secret[] = "0123456789abcdef0123456789abcdef";

static struct zs_tsig_key
mkkey(enum zs_tsig_alg alg)
{
	struct zs_tsig_key k;

	memset(&k, 0, sizeof(k));
	k.name = (const uint8_t *)"\010rndc-key";
	k.namelen = 10;
	k.alg = alg;
	k.secret = secret;
	k.secretlen = 32;
	return k;
}

/* _ctrl {_ser 7, _tim NOW, _exp NOW+60}, _data {type "null"} */
static const char signed_hex[] =
    "055f6374726c0200000033045f736572010000000137045f74696d010000000a3137"
    "3935323739333632045f657870010000000a31373935323739343232055f64617461"
    "020000000e047479706501000000046e756c6c";

START_TEST(test_request_kat_sha256)
{
	struct zs_tsig_key k = mkkey(ZS_TSIG_HMAC_SHA256);
	uint8_t buf[1024], want[256];
	const char *mac = "4MeeQlL8GF8wNd2SD7OOAFpLzGXLTp5CoU4ucqnDMy0=";
	size_t len, n, i;

	ck_assert_int_eq(zs_rndc_request(buf, sizeof(buf), &len, &k, 7, NOW,
	    0, "null"), 0);
	n = hexbytes(signed_hex, want, sizeof(want));
	/* prefix, version, _auth {hsha: alg 163 + 88 octets}, signed part */
	ck_assert_uint_eq(len, 4 + 4 + 110 + n);
	ck_assert_uint_eq(zs_be32(buf), len - 4);
	ck_assert_uint_eq(zs_be32(buf + 4), 1);
	ck_assert_mem_eq(buf + 8, "\005_auth\002\000\000\000\143"
	    "\004hsha\001\000\000\000\131\243", 22);
	ck_assert_mem_eq(buf + 30, mac, 44);
	for (i = 30 + 44; i < 30 + 88; i++)
		ck_assert_uint_eq(buf[i], 0);
	ck_assert_mem_eq(buf + 118, want, n);
}
END_TEST

START_TEST(test_request_kat_md5)
{
	struct zs_tsig_key k = mkkey(ZS_TSIG_HMAC_MD5);
	uint8_t buf[1024], want[256];
	size_t len, n;

	ck_assert_int_eq(zs_rndc_request(buf, sizeof(buf), &len, &k, 7, NOW,
	    0, "null"), 0);
	n = hexbytes(signed_hex, want, sizeof(want));
	ck_assert_uint_eq(len, 4 + 4 + 43 + n);
	ck_assert_mem_eq(buf + 8, "\005_auth\002\000\000\000\040"
	    "\004hmd5\001\000\000\000\026", 21);
	/* base64 of the 16-octet HMAC without its "==" */
	ck_assert_mem_eq(buf + 29, "9zst1UgYYZu1TBlFRQiPtQ", 22);
	ck_assert_mem_eq(buf + 51, want, n);
}
END_TEST

START_TEST(test_round_trip)
{
	static const enum zs_tsig_alg algs[] = { ZS_TSIG_HMAC_MD5,
	    ZS_TSIG_HMAC_SHA1, ZS_TSIG_HMAC_SHA224, ZS_TSIG_HMAC_SHA256,
	    ZS_TSIG_HMAC_SHA384, ZS_TSIG_HMAC_SHA512 };
	struct zs_tsig_key k = mkkey(algs[_i]);
	struct zs_rndc_reply r;
	uint8_t buf[1024];
	size_t len;

	ck_assert_int_eq(zs_rndc_request(buf, sizeof(buf), &len, &k, 9, NOW,
	    4000000000u, "reload example.com"), 0);
	ck_assert_int_eq(zs_rndc_reply_parse(buf + 4, len - 4, &k, &r), 0);
	ck_assert_uint_eq(r.nonce, 4000000000u);
	ck_assert_int_eq(r.has_result, 0);
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(r.text, "");
}
END_TEST

/* Any changed octet after the length prefix fails, never passes. */
START_TEST(test_tamper)
{
	struct zs_tsig_key k = mkkey(ZS_TSIG_HMAC_SHA256);
	struct zs_rndc_reply r;
	uint8_t buf[1024];
	size_t len, i;

	ck_assert_int_eq(zs_rndc_request(buf, sizeof(buf), &len, &k, 9, NOW,
	    77, "reload"), 0);
	for (i = 4; i < len; i++) {
		buf[i] ^= 0x01;
		ck_assert_int_ne(zs_rndc_reply_parse(buf + 4, len - 4, &k, &r),
		    0);
		buf[i] ^= 0x01;
	}
	ck_assert_int_eq(zs_rndc_reply_parse(buf + 4, len - 4, &k, &r), 0);
}
END_TEST

START_TEST(test_wrong_key)
{
	struct zs_tsig_key k = mkkey(ZS_TSIG_HMAC_SHA256);
	struct zs_tsig_key other = mkkey(ZS_TSIG_HMAC_SHA256);
	struct zs_tsig_key k512 = mkkey(ZS_TSIG_HMAC_SHA512);
	struct zs_tsig_key kmd5 = mkkey(ZS_TSIG_HMAC_MD5);
	uint8_t buf[1024], sec2[32];
	struct zs_rndc_reply r;
	size_t len;

	memset(sec2, 'x', sizeof(sec2));
	other.secret = sec2;
	ck_assert_int_eq(zs_rndc_request(buf, sizeof(buf), &len, &k, 9, NOW,
	    0, "null"), 0);
	ck_assert_int_eq(zs_rndc_reply_parse(buf + 4, len - 4, &other, &r),
	    ZS_ETSIG);
	/* same secret, other algorithm: the algorithm octet differs */
	ck_assert_int_eq(zs_rndc_reply_parse(buf + 4, len - 4, &k512, &r),
	    ZS_ETSIG);
	ck_assert_int_eq(zs_rndc_reply_parse(buf + 4, len - 4, &kmd5, &r),
	    ZS_ETSIG);
	ck_assert_int_eq(zs_rndc_reply_parse(buf + 4, len - 4, NULL, &r),
	    ZS_ETSIG);
}
END_TEST

/* Every truncation fails cleanly. */
START_TEST(test_truncated)
{
	struct zs_tsig_key k = mkkey(ZS_TSIG_HMAC_SHA256);
	struct zs_rndc_reply r;
	uint8_t buf[1024];
	size_t len, n;

	ck_assert_int_eq(zs_rndc_request(buf, sizeof(buf), &len, &k, 9, NOW,
	    5, "reload"), 0);
	for (n = 0; n < len - 4; n++)
		ck_assert_int_ne(zs_rndc_reply_parse(buf + 4, n, &k, &r), 0);
}
END_TEST

START_TEST(test_limits)
{
	struct zs_tsig_key k = mkkey(ZS_TSIG_HMAC_SHA256);
	static char big[5000];
	uint8_t buf[1024];
	size_t len, need;

	memset(big, 'a', sizeof(big) - 1);
	ck_assert_int_eq(zs_rndc_request(buf, sizeof(buf), &len, &k, 1, NOW,
	    0, big), ZS_EINVAL);
	ck_assert_int_eq(zs_rndc_request(buf, sizeof(buf), &len, &k, 1, NOW,
	    0, "reload"), 0);
	need = len;
	ck_assert_int_eq(zs_rndc_request(buf, need - 1, &len, &k, 1, NOW,
	    0, "reload"), ZS_ESPACE);
	ck_assert_int_eq(zs_rndc_request(buf, need, &len, &k, 1, NOW,
	    0, "reload"), 0);
	k.alg = (enum zs_tsig_alg)99;
	ck_assert_int_eq(zs_rndc_request(buf, sizeof(buf), &len, &k, 1, NOW,
	    0, "reload"), ZS_EBADKEY);
}
END_TEST

/* ---- replies as named writes them, signed here with OpenSSL directly */

static size_t
tv(uint8_t *p, const char *key, int type, const void *v, size_t n)
{
	size_t kl = strlen(key);

	p[0] = (uint8_t)kl;
	memcpy(p + 1, key, kl);
	p[1 + kl] = (uint8_t)type;
	p[2 + kl] = (uint8_t)(n >> 24);
	p[3 + kl] = (uint8_t)(n >> 16);
	p[4 + kl] = (uint8_t)(n >> 8);
	p[5 + kl] = (uint8_t)n;
	memcpy(p + 6 + kl, v, n);
	return 6 + kl + n;
}

/* version + _auth (hsha, SHA-256) + signed; returns the length. */
static size_t
sign_reply(uint8_t *out, const uint8_t *signedp, size_t n)
{
	unsigned char mac[64], b64[100];
	uint8_t auth[89], tbl[128];
	size_t maclen = 0, len = 0, tl;

	ck_assert_ptr_nonnull(EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL,
	    secret, 32, signedp, n, mac, sizeof(mac), &maclen));
	memset(auth, 0, sizeof(auth));
	auth[0] = 163;
	EVP_EncodeBlock(b64, mac, (int)maclen);
	memcpy(auth + 1, b64, 44);
	tl = tv(tbl, "hsha", 1, auth, sizeof(auth));
	memcpy(out, "\0\0\0\1", 4);
	len = 4 + tv(out + 4, "_auth", 2, tbl, tl);
	memcpy(out + len, signedp, n);
	return len + n;
}

START_TEST(test_reply_fields)
{
	struct zs_tsig_key k = mkkey(ZS_TSIG_HMAC_SHA256);
	struct zs_rndc_reply r;
	uint8_t ctrl[256], data[256], body[1024], msg[2048];
	size_t cl = 0, dl = 0, bl = 0, ml;

	cl += tv(ctrl + cl, "_ser", 1, "9", 1);
	cl += tv(ctrl + cl, "_rpl", 1, "1", 1);
	cl += tv(ctrl + cl, "_nonce", 1, "12345", 5);
	dl += tv(data + dl, "type", 1, "reload nosuch.test", 18);
	dl += tv(data + dl, "result", 1, "23", 2);
	dl += tv(data + dl, "err", 1, "not found", 9);
	dl += tv(data + dl, "text", 1, "line1\nline2\033", 12);
	bl += tv(body + bl, "_ctrl", 2, ctrl, cl);
	bl += tv(body + bl, "_data", 2, data, dl);
	ml = sign_reply(msg, body, bl);
	ck_assert_int_eq(zs_rndc_reply_parse(msg, ml, &k, &r), 0);
	ck_assert_uint_eq(r.nonce, 12345);
	ck_assert_int_eq(r.has_result, 1);
	ck_assert_uint_eq(r.result, 23);
	ck_assert_str_eq(r.err, "not found");
	ck_assert_str_eq(r.text, "line1 line2 ");	/* no control octets */

	/* A value of the wrong type is as good as absent. */
	bl = tv(body, "_ctrl", 1, "x", 1);
	bl += tv(body + bl, "_data", 2, data, dl);
	ml = sign_reply(msg, body, bl);
	ck_assert_int_eq(zs_rndc_reply_parse(msg, ml, &k, &r), 0);
	ck_assert_uint_eq(r.nonce, 0);

	/* Lists and nested tables are walked; too deep is malformed. */
	{
		uint8_t l[64], t1[128], t2[160], t3[200], t4[240];
		size_t ll, n1, n2, n3, n4;

		ll = 0;
		l[ll++] = 1; memcpy(l + ll, "\0\0\0\1a", 5); ll += 5;
		n1 = tv(t1, "l", 3, l, ll);
		n2 = tv(t2, "t", 2, t1, n1);
		n3 = tv(t3, "t", 2, t2, n2);
		n4 = tv(t4, "t", 2, t3, n3);
		bl = tv(body, "_data", 2, t2, n2);
		ml = sign_reply(msg, body, bl);
		ck_assert_int_eq(zs_rndc_reply_parse(msg, ml, &k, &r), 0);
		bl = tv(body, "_data", 2, t4, n4);
		ml = sign_reply(msg, body, bl);
		ck_assert_int_eq(zs_rndc_reply_parse(msg, ml, &k, &r),
		    ZS_EMALFORMED);
	}

	/* _auth must come first. */
	bl = tv(body, "_ctrl", 2, ctrl, cl);
	ml = sign_reply(msg, body, bl);
	memmove(msg + 4 + bl, msg + 4, ml - 4 - bl);
	memcpy(msg + 4, body, bl);
	ck_assert_int_eq(zs_rndc_reply_parse(msg, ml, &k, &r), ZS_ETSIG);
	/* Unknown type octet. */
	bl = tv(body, "_ctrl", 9, ctrl, cl);
	ml = sign_reply(msg, body, bl);
	ck_assert_int_eq(zs_rndc_reply_parse(msg, ml, &k, &r), ZS_EMALFORMED);
	/* Version 2. */
	msg[3] = 2;
	ck_assert_int_eq(zs_rndc_reply_parse(msg, ml, &k, &r), ZS_EMALFORMED);
}
END_TEST

static Suite *
rndc_suite(void)
{
	Suite *s = suite_create("rndc");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_request_kat_sha256);
	tcase_add_test(tc, test_request_kat_md5);
	tcase_add_loop_test(tc, test_round_trip, 0, 6);
	tcase_add_test(tc, test_tamper);
	tcase_add_test(tc, test_wrong_key);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_reply_fields);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(rndc_suite)
