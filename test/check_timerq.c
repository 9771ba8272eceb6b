/*
 * check_timerq.c - the deadline heap under the poll loop.
 */
#include "check_util.h"
#include "timerq.h"

/* A small deterministic generator so failures reproduce. */
static uint32_t
rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

START_TEST(test_order)
{
	struct zs_timerq q = ZS_TIMERQ_INIT;
	struct zs_tq_entry e[5] = { ZS_TQ_ENTRY_INIT, ZS_TQ_ENTRY_INIT,
	    ZS_TQ_ENTRY_INIT, ZS_TQ_ENTRY_INIT, ZS_TQ_ENTRY_INIT };
	static const double when[5] = { 5, 1, 4, 2, 3 };
	int i;

	ck_assert_ptr_null(zs_timerq_peek(&q));
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(zs_timerq_set(&q, &e[i], when[i]), 0);
	for (i = 1; i <= 5; i++) {
		struct zs_tq_entry *t = zs_timerq_pop(&q);

		ck_assert_ptr_nonnull(t);
		ck_assert(t->when == i);
		ck_assert_uint_eq(t->idx, ZS_TQ_NONE);
	}
	ck_assert_ptr_null(zs_timerq_pop(&q));
	zs_timerq_clear(&q);
}
END_TEST

START_TEST(test_rearm_and_remove)
{
	struct zs_timerq q = ZS_TIMERQ_INIT;
	struct zs_tq_entry a = ZS_TQ_ENTRY_INIT, b = ZS_TQ_ENTRY_INIT,
	    c = ZS_TQ_ENTRY_INIT;

	zs_timerq_set(&q, &a, 10);
	zs_timerq_set(&q, &b, 20);
	zs_timerq_set(&q, &c, 30);
	zs_timerq_set(&q, &c, 5);	/* earlier: moves up */
	ck_assert_ptr_eq(zs_timerq_peek(&q), &c);
	zs_timerq_set(&q, &c, 40);	/* later: moves down */
	ck_assert_ptr_eq(zs_timerq_peek(&q), &a);
	ck_assert_uint_eq(q.n, 3);	/* re-arming never duplicates */
	zs_timerq_remove(&q, &a);
	zs_timerq_remove(&q, &a);	/* twice is harmless */
	ck_assert_ptr_eq(zs_timerq_pop(&q), &b);
	ck_assert_ptr_eq(zs_timerq_pop(&q), &c);
	zs_timerq_clear(&q);
}
END_TEST

/* Against a brute-force model: random sets, moves and removals. */
START_TEST(test_random)
{
	enum { N = 500, OPS = 20000 };
	static struct zs_tq_entry e[N];
	struct zs_timerq q = ZS_TIMERQ_INIT;
	uint32_t seed = 42;
	int i, op;

	for (i = 0; i < N; i++)
		e[i] = (struct zs_tq_entry)ZS_TQ_ENTRY_INIT;
	for (op = 0; op < OPS; op++) {
		struct zs_tq_entry *x = &e[rnd(&seed) % N], *min = NULL;

		if (rnd(&seed) % 4 == 0)
			zs_timerq_remove(&q, x);
		else
			ck_assert_int_eq(zs_timerq_set(&q, x,
			    (double)(rnd(&seed) % 1000)), 0);
		for (i = 0; i < N; i++)
			if (e[i].idx != ZS_TQ_NONE &&
			    (min == NULL || e[i].when < min->when))
				min = &e[i];
		if (min == NULL)
			ck_assert_ptr_null(zs_timerq_peek(&q));
		else
			ck_assert(zs_timerq_peek(&q)->when == min->when);
	}
	zs_timerq_clear(&q);
	for (i = 0; i < N; i++)
		ck_assert_uint_eq(e[i].idx, ZS_TQ_NONE);
}
END_TEST

static Suite *
timerq_suite(void)
{
	Suite *s = suite_create("timerq");
	TCase *tc = tcase_create("timerq");

	tcase_add_test(tc, test_order);
	tcase_add_test(tc, test_rearm_and_remove);
	tcase_add_test(tc, test_random);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(timerq_suite)
