/*
 * check_strbuf.c - growing text buffer, and the error texts of err.c.
 */
#include <stdio.h>

#include "check_util.h"
#include "err.h"
#include "strbuf.h"

START_TEST(test_empty)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;

	ck_assert_str_eq(zs_sb_cstr(&sb), "");
	ck_assert_uint_eq(sb.len, 0);
	zs_sb_free(&sb);
	ck_assert_ptr_null(sb.buf);
	zs_sb_free(&sb);	/* twice is harmless */
}
END_TEST

START_TEST(test_appends)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;

	zs_sb_puts(&sb, "abc");
	zs_sb_putc(&sb, '.');
	zs_sb_put(&sb, "xyz123", 3);
	zs_sb_put(&sb, "ignored", 0);
	zs_sb_puts(&sb, "");
	zs_sb_putc(&sb, ' ');
	zs_sb_u32(&sb, 0);
	zs_sb_putc(&sb, ' ');
	zs_sb_u32(&sb, 4294967295u);
	zs_sb_putc(&sb, ' ');
	zs_sb_u64(&sb, UINT64_MAX);
	zs_sb_putc(&sb, ' ');
	zs_sb_u64(&sb, 10);
	zs_sb_appendf(&sb, " [%s|%5d|%-3x]", "f", 42, 0xab);
	ck_assert_int_eq(sb.err, 0);
	ck_assert_str_eq(zs_sb_cstr(&sb),
	    "abc.xyz 0 4294967295 18446744073709551615 10 [f|   42|ab ]");
	ck_assert_uint_eq(sb.len, strlen(sb.buf));
	/* cstr does not change the length; more appends continue */
	zs_sb_puts(&sb, "!");
	ck_assert_str_eq(zs_sb_cstr(&sb),
	    "abc.xyz 0 4294967295 18446744073709551615 10 [f|   42|ab ]!");
	zs_sb_reset(&sb);
	ck_assert_str_eq(zs_sb_cstr(&sb), "");
	ck_assert_ptr_nonnull(sb.buf);
	zs_sb_puts(&sb, "again");
	ck_assert_str_eq(zs_sb_cstr(&sb), "again");
	zs_sb_free(&sb);
	ck_assert_uint_eq(sb.len, 0);
	ck_assert_uint_eq(sb.cap, 0);
}
END_TEST

START_TEST(test_growth)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	char want[5001];
	int i;

	for (i = 0; i < 5000; i++) {
		want[i] = (char)('a' + i % 26);
		zs_sb_putc(&sb, want[i]);
	}
	want[5000] = '\0';
	ck_assert_int_eq(sb.err, 0);
	ck_assert_uint_ge(sb.cap, 5000);
	ck_assert_str_eq(zs_sb_cstr(&sb), want);
	/* appendf longer than the initial 256 bytes */
	zs_sb_reset(&sb);
	zs_sb_appendf(&sb, "%s%s", want, want);
	ck_assert_uint_eq(sb.len, 10000);
	ck_assert_int_eq(memcmp(sb.buf + 5000, want, 5000), 0);
	/* grow reserves at least n */
	ck_assert_int_eq(zs_sb_grow(&sb, 100000), 0);
	ck_assert_uint_ge(sb.cap - sb.len, 100000);
	zs_sb_free(&sb);
}
END_TEST

START_TEST(test_sticky_error)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;

	zs_sb_puts(&sb, "ok");
	sb.err = ZS_ENOMEM;
	zs_sb_puts(&sb, "lost");
	zs_sb_putc(&sb, 'x');
	zs_sb_u64(&sb, 12345);
	zs_sb_appendf(&sb, "%d", 7);
	ck_assert_uint_eq(sb.len, 2);
	ck_assert_ptr_null(zs_sb_reserve(&sb, 1));
	ck_assert_ptr_null(zs_sb_cstr(&sb));
	ck_assert_int_eq(zs_sb_grow(&sb, 1), ZS_ENOMEM);
	/* free clears the error and the buffer is reusable */
	zs_sb_free(&sb);
	ck_assert_int_eq(sb.err, 0);
	zs_sb_puts(&sb, "fresh");
	ck_assert_str_eq(zs_sb_cstr(&sb), "fresh");
	zs_sb_free(&sb);
}
END_TEST

START_TEST(test_grow_overflow)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;

	zs_sb_puts(&sb, "x");
	/* an impossible size fails with ENOMEM and sticks */
	ck_assert_int_eq(zs_sb_grow(&sb, SIZE_MAX - 8), ZS_ENOMEM);
	ck_assert_int_eq(sb.err, ZS_ENOMEM);
	zs_sb_putc(&sb, 'y');
	ck_assert_uint_eq(sb.len, 1);
	zs_sb_free(&sb);
}
END_TEST

/* err.c */

START_TEST(test_strerror)
{
	int e;

	ck_assert_str_eq(zs_strerror(0), "success");
	ck_assert_str_eq(zs_strerror(ZS_ENOMEM), strerror(ENOMEM));
	ck_assert_str_eq(zs_strerror(ZS_EINVAL), strerror(EINVAL));
	ck_assert_str_eq(zs_strerror(-ENOENT), strerror(ENOENT));
	ck_assert_str_eq(zs_strerror(ZS_ETRUNC), "truncated input");
	ck_assert_str_eq(zs_strerror(ZS_ELOOP),
	    "bad compression pointer (loop or forward reference)");
	ck_assert_str_eq(zs_strerror(ZS_ETIME),
	    "TSIG time outside the allowed window");
	/* every protocol code has its own text */
	for (e = ZS_ETRUNC; e > ZS_ELAST; e--) {
		const char *t = zs_strerror(e);

		ck_assert_ptr_nonnull(t);
		ck_assert_msg(strcmp(t, "unknown error") != 0,
		    "code %d has no text", e);
		if (e < ZS_ETRUNC)
			ck_assert_str_ne(t, zs_strerror(e + 1));
	}
	ck_assert_str_eq(zs_strerror(ZS_ELAST), "unknown error");
	ck_assert_str_eq(zs_strerror(ZS_EBASE), "unknown error");
	ck_assert_str_eq(zs_strerror(ZS_EBASE - 5000), "unknown error");
	ck_assert_str_eq(zs_strerror(1), "unknown error");
	ck_assert_str_eq(zs_strerror(2), "unknown error");
	ck_assert_ptr_nonnull(zs_strerror(-999));
	ck_assert_ptr_nonnull(zs_strerror(-2147483647 - 1));
}
END_TEST

static Suite *
strbuf_suite(void)
{
	Suite *s = suite_create("strbuf");
	TCase *tc = tcase_create("strbuf");
	TCase *te = tcase_create("err");

	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_appends);
	tcase_add_test(tc, test_growth);
	tcase_add_test(tc, test_sticky_error);
	tcase_add_test(tc, test_grow_overflow);
	suite_add_tcase(s, tc);
	tcase_add_test(te, test_strerror);
	suite_add_tcase(s, te);
	return s;
}

ZS_CHECK_MAIN(strbuf_suite)
