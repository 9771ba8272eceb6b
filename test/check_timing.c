/*
 * check_timing.c - refresh, retry and expiry arithmetic.
 */
#include "check_util.h"
#include "timing.h"

START_TEST(test_refresh)
{
	/* SOA refresh clamped by min/max-refresh-time (BIND defaults). */
	ck_assert(zs_timing_refresh(true, 3600, 300, 2419200, 0) == 3600);
	ck_assert(zs_timing_refresh(true, 60, 300, 2419200, 0) == 300);
	ck_assert(zs_timing_refresh(true, 4000000, 300, 2419200, 0) ==
	    2419200);
	/* No SOA yet: min-refresh-time. */
	ck_assert(zs_timing_refresh(false, 0, 300, 2419200, 0) == 300);
	/* Jitter takes off up to a quarter, never adds. */
	ck_assert(zs_timing_refresh(true, 3600, 300, 2419200, 0.5) == 3150);
	ck_assert(zs_timing_refresh(true, 3600, 300, 2419200, 0.999999) >
	    2700);
	/* Out-of-range randomness is ignored rather than trusted. */
	ck_assert(zs_timing_refresh(true, 3600, 300, 2419200, 1.0) == 3600);
	ck_assert(zs_timing_refresh(true, 3600, 300, 2419200, -1) == 3600);
	/* min above max cannot loop or go below min. */
	ck_assert(zs_timing_refresh(true, 10, 600, 300, 0) == 600);
}
END_TEST

START_TEST(test_retry_backoff)
{
	static const double want[] = { 600, 600, 1200, 1200, 2400, 2400,
	    4800, 4800, 4800 };
	unsigned f;

	for (f = 0; f < sizeof(want) / sizeof(want[0]); f++)
		ck_assert_msg(zs_timing_retry(true, 600, 500, 1209600, f) ==
		    want[f], "failure %u: %f", f,
		    zs_timing_retry(true, 600, 500, 1209600, f));
	/* Clamped below, and never past max-retry-time. */
	ck_assert(zs_timing_retry(true, 10, 500, 1209600, 0) == 500);
	ck_assert(zs_timing_retry(true, 600, 500, 1000, 6) == 1000);
	/* No SOA known yet: retry soon. */
	ck_assert(zs_timing_retry(false, 0, 500, 1209600, 0) ==
	    ZS_TIMING_FIRST_RETRY);
	ck_assert(zs_timing_retry(false, 0, 500, 1209600, 4) ==
	    4 * ZS_TIMING_FIRST_RETRY);
	/* A huge failure count does not overflow the shift. */
	ck_assert(zs_timing_retry(true, 600, 500, 1209600, 4000000000u) ==
	    4800);
}
END_TEST

START_TEST(test_expired)
{
	ck_assert(!zs_timing_expired(true, 86400, 86400));
	ck_assert(zs_timing_expired(true, 86400, 86400.5));
	ck_assert(!zs_timing_expired(false, 0, 1e9));
	ck_assert(zs_timing_expired(true, 0, 0.001));
}
END_TEST

static Suite *
timing_suite(void)
{
	Suite *s = suite_create("timing");
	TCase *tc = tcase_create("timing");

	tcase_add_test(tc, test_refresh);
	tcase_add_test(tc, test_retry_backoff);
	tcase_add_test(tc, test_expired);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(timing_suite)
