/*
 * check_frame.c - DNS over TCP length-prefix framing (lib/frame).
 */
#include <stdio.h>

#include "check_util.h"
#include "frame.h"

static const struct {
	const char *hex;	/* the bytes read so far */
	size_t max;		/* largest message accepted */
	int nmsg;		/* complete messages handed out */
	size_t used;		/* octets they take, prefixes included */
	int last;		/* the call after the last message */
} cases[] = {
	/* 0 nothing read */
	{ "", 512, 0, 0, 0 },
	/* 1 one octet of a prefix */
	{ "00", 512, 0, 0, 0 },
	/* 2 a prefix, no message yet */
	{ "0003", 512, 0, 0, 0 },
	/* 3 a prefix and part of the message */
	{ "0003 aabb", 512, 0, 0, 0 },
	/* 4 one whole message */
	{ "0003 aabbcc", 512, 1, 5, 0 },
	/* 5 one and the start of the next */
	{ "0003 aabbcc 00", 512, 1, 5, 0 },
	/* 6 two whole, then a partial one */
	{ "0001 aa 0002 bbcc 0004 dd", 512, 2, 7, 0 },
	/* 7 a zero-length message is handed out as one */
	{ "0000 0001 aa", 512, 2, 5, 0 },
	/* 8 a prefix over max fails at once, before its bytes come */
	{ "0201", 512, 0, 0, ZS_ETOOBIG },
	/* 9 exactly max is fine */
	{ "0002 aabb", 2, 1, 4, 0 },
	/* 10 a good message, then one over max */
	{ "0001 aa ffff", 512, 1, 3, ZS_ETOOBIG },
};

START_TEST(test_next)
{
	uint8_t buf[64];
	size_t n = hexbytes(cases[_i].hex, buf, sizeof(buf)), mlen = 99;
	struct zs_frame fr = zs_frame_init(buf, n, cases[_i].max);
	const uint8_t *m = NULL;
	int r, got = 0;

	while ((r = zs_frame_next(&fr, &m, &mlen)) == 1) {
		ck_assert_ptr_nonnull(m);
		ck_assert(m >= buf + 2 && m + mlen <= buf + n);
		got++;
	}
	ck_assert_msg(got == cases[_i].nmsg, "case %d: %d messages", _i, got);
	ck_assert_msg(r == cases[_i].last, "case %d: last %d", _i, r);
	ck_assert_uint_eq(fr.pos, cases[_i].used);
	/* The answer repeats: a failure is not consumed. */
	ck_assert_int_eq(zs_frame_next(&fr, &m, &mlen), cases[_i].last);
}
END_TEST

START_TEST(test_views)
{
	uint8_t buf[16];
	size_t n = hexbytes("0002 1122 0001 33", buf, sizeof(buf)), mlen;
	struct zs_frame fr = zs_frame_init(buf, n, 512);
	const uint8_t *m;

	ck_assert_int_eq(zs_frame_next(&fr, &m, &mlen), 1);
	ck_assert_ptr_eq(m, buf + 2);
	ck_assert_uint_eq(mlen, 2);
	ck_assert_int_eq(zs_frame_next(&fr, &m, &mlen), 1);
	ck_assert_ptr_eq(m, buf + 6);
	ck_assert_uint_eq(mlen, 1);
	ck_assert_uint_eq(m[0], 0x33);
}
END_TEST

START_TEST(test_keep)
{
	uint8_t buf[16];
	size_t n = hexbytes("0001 aa 0003 bb", buf, sizeof(buf));

	ck_assert_uint_eq(zs_frame_keep(buf, n, 3), 3);
	ck_assert_uint_eq(buf[0], 0x00);
	ck_assert_uint_eq(buf[1], 0x03);
	ck_assert_uint_eq(buf[2], 0xbb);
	ck_assert_uint_eq(zs_frame_keep(buf, 3, 0), 3);
	ck_assert_uint_eq(buf[2], 0xbb);
	ck_assert_uint_eq(zs_frame_keep(buf, 3, 3), 0);
}
END_TEST

START_TEST(test_put_len)
{
	uint8_t h[2] = { 0x55, 0x55 };

	ck_assert_int_eq(zs_frame_put_len(h, 0), 0);
	ck_assert(h[0] == 0 && h[1] == 0);
	ck_assert_int_eq(zs_frame_put_len(h, 0x1234), 0);
	ck_assert(h[0] == 0x12 && h[1] == 0x34);
	ck_assert_int_eq(zs_frame_put_len(h, 65535), 0);
	ck_assert(h[0] == 0xff && h[1] == 0xff);
	ck_assert_int_eq(zs_frame_put_len(h, 65536), ZS_ERANGE);
	ck_assert(h[0] == 0xff && h[1] == 0xff);
}
END_TEST

static Suite *
frame_suite(void)
{
	Suite *s = suite_create("frame");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_next, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_views);
	tcase_add_test(tc, test_keep);
	tcase_add_test(tc, test_put_len);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(frame_suite)
