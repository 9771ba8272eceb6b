/*
 * check_serial.c - RFC 1982 serial number arithmetic.
 */
#include "check_util.h"
#include "serial.h"

static const struct {
	uint32_t a, b;
	enum zs_serial_order want;
} cmp_cases[] = {
	{ 0, 0, ZS_SERIAL_EQ },
	{ 1, 1, ZS_SERIAL_EQ },
	{ 0xffffffff, 0xffffffff, ZS_SERIAL_EQ },
	{ 1, 2, ZS_SERIAL_LT },
	{ 2, 1, ZS_SERIAL_GT },
	{ 2026112101, 2026112102, ZS_SERIAL_LT },
	{ 2026112102, 2026112101, ZS_SERIAL_GT },
	/* wraparound: 0xffffffff + 1 == 0 is newer */
	{ 0xffffffff, 0, ZS_SERIAL_LT },
	{ 0, 0xffffffff, ZS_SERIAL_GT },
	{ 0xfffffff0, 0x10, ZS_SERIAL_LT },
	{ 0x10, 0xfffffff0, ZS_SERIAL_GT },
	/* largest defined gap: 2^31 - 1 */
	{ 0, 0x7fffffff, ZS_SERIAL_LT },
	{ 0x7fffffff, 0, ZS_SERIAL_GT },
	{ 0x80000000, 0xffffffff, ZS_SERIAL_LT },
	{ 0x80000001, 0, ZS_SERIAL_LT },
	{ 0, 0x80000001, ZS_SERIAL_GT },
	/* exactly 2^31 apart: undefined in both directions */
	{ 0, 0x80000000, ZS_SERIAL_UNDEF },
	{ 0x80000000, 0, ZS_SERIAL_UNDEF },
	{ 1, 0x80000001, ZS_SERIAL_UNDEF },
	{ 0x80000001, 1, ZS_SERIAL_UNDEF },
	{ 0x7fffffff, 0xffffffff, ZS_SERIAL_UNDEF },
	{ 0xffffffff, 0x7fffffff, ZS_SERIAL_UNDEF },
	{ 2026112101, 2026112101u + 0x80000000u, ZS_SERIAL_UNDEF },
};

START_TEST(test_cmp)
{
	ck_assert_msg(zs_serial_cmp(cmp_cases[_i].a, cmp_cases[_i].b) ==
	    cmp_cases[_i].want, "case %d: cmp(%u, %u) = %d, want %d", _i,
	    cmp_cases[_i].a, cmp_cases[_i].b,
	    (int)zs_serial_cmp(cmp_cases[_i].a, cmp_cases[_i].b),
	    (int)cmp_cases[_i].want);
}
END_TEST

START_TEST(test_undef_never_newer)
{
	uint32_t a;

	for (a = 0; a < 0xffff0000u; a += 0x01010101u) {
		ck_assert_int_ne(zs_serial_cmp(a, a + 0x80000000u),
		    ZS_SERIAL_GT);
		ck_assert_int_ne(zs_serial_cmp(a + 0x80000000u, a),
		    ZS_SERIAL_GT);
		ck_assert_int_eq(zs_serial_cmp(a, a + 0x80000000u),
		    ZS_SERIAL_UNDEF);
	}
}
END_TEST

START_TEST(test_add)
{
	ck_assert_uint_eq(zs_serial_add(1, 1), 2);
	ck_assert_uint_eq(zs_serial_add(0xffffffff, 1), 0);
	ck_assert_uint_eq(zs_serial_add(0xfffffff0, 0x20), 0x10);
	ck_assert_uint_eq(zs_serial_add(5, 0), 5);
	ck_assert_uint_eq(zs_serial_add(0, 0x7fffffff), 0x7fffffff);
	/* n out of range: a unchanged */
	ck_assert_uint_eq(zs_serial_add(5, 0x80000000), 5);
	ck_assert_uint_eq(zs_serial_add(5, 0xffffffff), 5);
	/* a + n is always newer than a for 0 < n < 2^31 */
	ck_assert_int_eq(zs_serial_cmp(0xfffffffe,
	    zs_serial_add(0xfffffffe, 10)), ZS_SERIAL_LT);
}
END_TEST

static Suite *
serial_suite(void)
{
	Suite *s = suite_create("serial");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_cmp, 0,
	    (int)(sizeof(cmp_cases) / sizeof(cmp_cases[0])));
	tcase_add_test(tc, test_undef_never_newer);
	tcase_add_test(tc, test_add);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(serial_suite)
