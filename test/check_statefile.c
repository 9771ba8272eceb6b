/*
 * check_statefile.c - the state file's text: parse, look up, write.
 */
#include <check.h>
#include <string.h>

#include "check_util.h"
#include "statefile.h"

START_TEST(round_trip)
{
	struct zs_state_entry v[] = { { "b.test", 1800000123 },
	    { "a.test", 1800000000 }, { "never.test", 0 },
	    { "\\032odd.test", 1700000000 } };
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	struct zs_statefile sf = ZS_STATEFILE_INIT;

	ck_assert_int_eq(zs_statefile_format(v, 4, &sb), 0);
	ck_assert_str_eq(zs_sb_cstr(&sb), "; zonesyncd state 1\n"
	    "b.test 1800000123\na.test 1800000000\n"
	    "\\032odd.test 1700000000\n");
	ck_assert_int_eq(zs_statefile_parse(sb.buf, sb.len, &sf), 0);
	ck_assert_uint_eq(sf.n, 3);
	ck_assert_int_eq(zs_statefile_get(&sf, "a.test"), 1800000000);
	ck_assert_int_eq(zs_statefile_get(&sf, "b.test"), 1800000123);
	ck_assert_int_eq(zs_statefile_get(&sf, "\\032odd.test"), 1700000000);
	ck_assert_int_eq(zs_statefile_get(&sf, "never.test"), 0);
	ck_assert_int_eq(zs_statefile_get(&sf, "c.test"), 0);
	zs_statefile_free(&sf);
	zs_sb_free(&sb);
}
END_TEST

START_TEST(damage_is_skipped)
{
	static const char text[] = "; zonesyncd state 1\n"
	    "good.test 100\r\n"
	    "nonumber.test\n"
	    "neg.test -5\n"
	    "zero.test 0\n"
	    "junk.test 12x\n"
	    "huge.test 99999999999999999999999\n"
	    " leading.test 5\n"
	    "\n"
	    "dup.test 7\n"
	    "dup.test 7\n"
	    "last.test 42";	/* no final newline: a cut write */
	struct zs_statefile sf = ZS_STATEFILE_INIT;

	ck_assert_int_eq(zs_statefile_parse(text, sizeof(text) - 1, &sf), 0);
	ck_assert_uint_eq(sf.n, 3);
	ck_assert_int_eq(zs_statefile_get(&sf, "good.test"), 100);
	ck_assert_int_eq(zs_statefile_get(&sf, "dup.test"), 7);
	ck_assert_int_eq(zs_statefile_get(&sf, "last.test"), 42);
	ck_assert_int_eq(zs_statefile_get(&sf, "neg.test"), 0);
	ck_assert_int_eq(zs_statefile_get(&sf, "huge.test"), 0);
	zs_statefile_free(&sf);
	ck_assert_int_eq(zs_statefile_parse("", 0, &sf), 0);
	ck_assert_uint_eq(sf.n, 0);
	ck_assert_int_eq(zs_statefile_get(&sf, "a"), 0);
	ck_assert_int_eq(zs_statefile_get(NULL, "a"), 0);
	zs_statefile_free(&sf);
}
END_TEST

static Suite *
statefile_suite(void)
{
	Suite *s = suite_create("statefile");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, damage_is_skipped);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(statefile_suite)
