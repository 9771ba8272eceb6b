/*
 * check_encode.c - base64, base32hex and hex against the RFC 4648
 * section 10 test vectors, plus decoder error cases.
 */
#include "check_util.h"
#include "encode.h"

struct vec {
	const char *in;		/* raw octets, as a C string */
	const char *b64;
	const char *b32hex;	/* no padding, as NSEC3 writes it */
	const char *hex;
};

/* RFC 4648 section 10, with the padding stripped from base32hex. */
static const struct vec vecs[] = {
	{ "", "", "", "" },
	{ "f", "Zg==", "CO", "66" },
	{ "fo", "Zm8=", "CPNG", "666F" },
	{ "foo", "Zm9v", "CPNMU", "666F6F" },
	{ "foob", "Zm9vYg==", "CPNMUOG", "666F6F62" },
	{ "fooba", "Zm9vYmE=", "CPNMUOJ1", "666F6F6261" },
	{ "foobar", "Zm9vYmFy", "CPNMUOJ1E8", "666F6F626172" },
};

START_TEST(test_encode)
{
	const struct vec *v = &vecs[_i];
	const uint8_t *in = (const uint8_t *)v->in;
	size_t n = strlen(v->in);
	struct zs_strbuf sb = ZS_STRBUF_INIT;

	zs_sb_puts(&sb, ">");
	zs_base64_encode(&sb, in, n);
	ck_assert_str_eq(zs_sb_cstr(&sb) + 1, v->b64);
	zs_sb_reset(&sb);
	zs_sb_puts(&sb, ">");
	zs_base32hex_encode(&sb, in, n);
	ck_assert_str_eq(zs_sb_cstr(&sb) + 1, v->b32hex);
	zs_sb_reset(&sb);
	zs_sb_puts(&sb, ">");
	zs_hex_encode(&sb, in, n);
	ck_assert_str_eq(zs_sb_cstr(&sb) + 1, v->hex);
	zs_sb_free(&sb);
}
END_TEST

START_TEST(test_decode)
{
	const struct vec *v = &vecs[_i];
	size_t n = strlen(v->in), outlen = 99;
	uint8_t out[16];

	ck_assert_int_eq(zs_base64_decode(v->b64, strlen(v->b64), out,
	    sizeof(out), &outlen), 0);
	ck_assert_uint_eq(outlen, n);
	ck_assert(memcmp(out, v->in, n) == 0);
	outlen = 99;
	ck_assert_int_eq(zs_hex_decode(v->hex, strlen(v->hex), out,
	    sizeof(out), &outlen), 0);
	ck_assert_uint_eq(outlen, n);
	ck_assert(memcmp(out, v->in, n) == 0);
}
END_TEST

/* Every octet value, every length up to 64: encode then decode. */
START_TEST(test_roundtrip)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	uint8_t in[256], out[256];
	size_t len, i, outlen;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 7 + 3);
	for (len = 0; len <= 64; len++) {
		zs_sb_reset(&sb);
		zs_base64_encode(&sb, in + len, len);
		ck_assert_uint_eq(sb.len, (len + 2) / 3 * 4);
		ck_assert_int_eq(zs_base64_decode(sb.buf, sb.len, out,
		    sizeof(out), &outlen), 0);
		ck_assert_uint_eq(outlen, len);
		ck_assert(memcmp(out, in + len, len) == 0);
		zs_sb_reset(&sb);
		zs_hex_encode(&sb, in + len, len);
		ck_assert_int_eq(zs_hex_decode(sb.buf, sb.len, out,
		    sizeof(out), &outlen), 0);
		ck_assert_uint_eq(outlen, len);
		ck_assert(memcmp(out, in + len, len) == 0);
		zs_sb_reset(&sb);
		zs_base32hex_encode(&sb, in, len);
		ck_assert_uint_eq(sb.len, (len * 8 + 4) / 5);
	}
	zs_sb_free(&sb);
}
END_TEST

START_TEST(test_b32hex_nsec3)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	uint8_t h[20];

	/* A SHA-1 NSEC3 hash is 20 octets: 32 symbols, never padded. */
	hexbytes("00FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", h, sizeof(h));
	zs_base32hex_encode(&sb, h, sizeof(h));
	ck_assert_str_eq(zs_sb_cstr(&sb), "03VVVVVVVVVVVVVVVVVVVVVVVVVVVVVV");
	zs_sb_free(&sb);
}
END_TEST

struct dcase {
	const char *text;
	int ret;
	size_t len;		/* decoded length when ret == 0 */
};

static const struct dcase b64_cases[] = {
	{ "Zm9v YmFy", 0, 6 },		/* blanks anywhere */
	{ " Zm9v\n\tYg==\n", 0, 4 },
	{ "AQ==", 0, 1 },
	{ "", 0, 0 },
	{ "Zm9", ZS_ESYNTAX, 0 },		/* unpadded tail */
	{ "Zg=", ZS_ESYNTAX, 0 },
	{ "Z===", ZS_ESYNTAX, 0 },
	{ "====", ZS_ESYNTAX, 0 },
	{ "Zg==Zg==", ZS_ESYNTAX, 0 },	/* data after padding */
	{ "Zm=v", ZS_ESYNTAX, 0 },
	{ "Zm9v!", ZS_ESYNTAX, 0 },
	{ "Zm9-", ZS_ESYNTAX, 0 },		/* base64url is not base64 */
	{ "Zm9vYmFyYmF6", ZS_ESPACE, 0 },	/* 9 octets, cap 8 */
	{ "Zm9vYmFyYmE=", 0, 8 },		/* exactly fills cap */
};

START_TEST(test_b64_errors)
{
	const struct dcase *c = &b64_cases[_i];
	uint8_t out[8];
	size_t outlen = 12345;

	ck_assert_int_eq(zs_base64_decode(c->text, strlen(c->text), out,
	    sizeof(out), &outlen), c->ret);
	ck_assert_uint_eq(outlen, c->ret == 0 ? c->len : 12345);
}
END_TEST

static const struct dcase hex_cases[] = {
	{ "0a0B 0c\n0D", 0, 4 },
	{ "", 0, 0 },
	{ "ABC", ZS_ESYNTAX, 0 },
	{ "A B", 0, 1 },
	{ "0g", ZS_ESYNTAX, 0 },
	{ "0x00", ZS_ESYNTAX, 0 },
	{ "000102030405060708", ZS_ESPACE, 0 },
};

START_TEST(test_hex_errors)
{
	const struct dcase *c = &hex_cases[_i];
	uint8_t out[8];
	size_t outlen = 12345;

	ck_assert_int_eq(zs_hex_decode(c->text, strlen(c->text), out,
	    sizeof(out), &outlen), c->ret);
	ck_assert_uint_eq(outlen, c->ret == 0 ? c->len : 12345);
}
END_TEST

/* A NUL byte is not a symbol (the decoders look symbols up in a string). */
START_TEST(test_nul_symbol)
{
	uint8_t out[8];
	size_t outlen = 12345;

	ck_assert_int_eq(zs_base64_decode("Zm9\0", 4, out, sizeof(out),
	    &outlen), ZS_ESYNTAX);
	ck_assert_int_eq(zs_hex_decode("0\0", 2, out, sizeof(out), &outlen),
	    ZS_ESYNTAX);
	ck_assert_uint_eq(outlen, 12345);
}
END_TEST

START_TEST(test_sticky_error)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;

	sb.err = ZS_ENOMEM;
	zs_base64_encode(&sb, (const uint8_t *)"abc", 3);
	zs_base32hex_encode(&sb, (const uint8_t *)"abc", 3);
	zs_hex_encode(&sb, (const uint8_t *)"abc", 3);
	ck_assert_uint_eq(sb.len, 0);
	ck_assert_ptr_null(sb.buf);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
encode_suite(void)
{
	Suite *s = suite_create("encode");
	TCase *tc = tcase_create("encode");

	tcase_add_loop_test(tc, test_encode, 0, N(vecs));
	tcase_add_loop_test(tc, test_decode, 0, N(vecs));
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_b32hex_nsec3);
	tcase_add_loop_test(tc, test_b64_errors, 0, N(b64_cases));
	tcase_add_loop_test(tc, test_hex_errors, 0, N(hex_cases));
	tcase_add_test(tc, test_nul_symbol);
	tcase_add_test(tc, test_sticky_error);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(encode_suite)
