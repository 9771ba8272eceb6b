/*
 * check_acl.c - allow-notify address match lists.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include "acl.h"
#include "check_util.h"
#include "dname.h"
#include "err.h"

static struct sockaddr_storage
sa(const char *text)
{
	struct sockaddr_storage ss;

	memset(&ss, 0, sizeof(ss));
	if (strchr(text, ':') != NULL) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		ck_assert_int_eq(inet_pton(AF_INET6, text, &s6->sin6_addr), 1);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		ck_assert_int_eq(inet_pton(AF_INET, text, &s4->sin_addr), 1);
	}
	return ss;
}

/* Parse a list of elements; returns the count. */
static size_t
list(struct zs_acl_elem *acl, const char *const *elems)
{
	size_t n = 0;

	for (; elems[n] != NULL; n++)
		ck_assert_msg(zs_acl_parse(elems[n], &acl[n]) == 0,
		    "element %s", elems[n]);
	return n;
}

static bool
allows(const char *const *elems, const char *src, const char *key)
{
	struct zs_acl_elem acl[16];
	struct sockaddr_storage ss = sa(src);
	uint8_t k[ZS_DNAME_MAXLEN];
	size_t klen = 0, n = list(acl, elems);

	if (key != NULL)
		ck_assert_int_eq(zs_dname_from_text(key, strlen(key), NULL, 0,
		    k, &klen), 0);
	return zs_acl_allows(acl, n, (struct sockaddr *)&ss,
	    key != NULL ? k : NULL, klen);
}

START_TEST(test_parse_errors)
{
	static const char *const bad[] = { "", "300.1.1.1", "10.0.0.0/33",
	    "::/129", "10.0.0.0/", "10.0.0.0/x", "key", "key \"\"",
	    "somename", "!", NULL };
	struct zs_acl_elem e;
	size_t i;

	for (i = 0; bad[i] != NULL; i++)
		ck_assert_msg(zs_acl_parse(bad[i], &e) == ZS_ESYNTAX,
		    "accepted \"%s\"", bad[i]);
}
END_TEST

START_TEST(test_addresses)
{
	static const char *const a[] = { "192.0.2.1", "2001:db8::/32", NULL };
	static const char *const net[] = { "10.1.2.3/8", NULL };
	static const char *const odd[] = { "192.0.2.128/25", NULL };

	ck_assert(allows(a, "192.0.2.1", NULL));
	ck_assert(!allows(a, "192.0.2.2", NULL));
	ck_assert(allows(a, "2001:db8:ffff::1", NULL));
	ck_assert(!allows(a, "2001:db9::1", NULL));
	/* Host bits in the element are cleared: 10.1.2.3/8 is 10/8. */
	ck_assert(allows(net, "10.200.0.1", NULL));
	ck_assert(!allows(net, "11.0.0.1", NULL));
	ck_assert(allows(odd, "192.0.2.200", NULL));
	ck_assert(!allows(odd, "192.0.2.127", NULL));
	/* An IPv4-mapped source matches an IPv4 element. */
	ck_assert(allows(a, "::ffff:192.0.2.1", NULL));
}
END_TEST

START_TEST(test_first_match_and_negation)
{
	static const char *const l[] = { "!192.0.2.66", "192.0.2.0/24", NULL };
	static const char *const none[] = { "none", NULL };
	static const char *const any[] = { "any", NULL };
	static const char *const notany[] = { "!any", "192.0.2.1", NULL };

	ck_assert(!allows(l, "192.0.2.66", NULL));
	ck_assert(allows(l, "192.0.2.67", NULL));
	ck_assert(!allows(l, "198.51.100.1", NULL));	/* no match denies */
	ck_assert(!allows(none, "192.0.2.1", NULL));
	ck_assert(allows(any, "2001:db8::1", NULL));
	ck_assert(!allows(notany, "192.0.2.1", NULL));
}
END_TEST

START_TEST(test_keys)
{
	static const char *const l[] = { "key \"nk\"", NULL };
	static const char *const l2[] = { "!key nk", "any", NULL };

	ck_assert(allows(l, "192.0.2.1", "nk"));
	ck_assert(allows(l, "192.0.2.1", "NK."));	/* case, final dot */
	ck_assert(!allows(l, "192.0.2.1", "other"));
	ck_assert(!allows(l, "192.0.2.1", NULL));	/* unsigned */
	ck_assert(!allows(l2, "192.0.2.1", "nk"));
	ck_assert(allows(l2, "192.0.2.1", NULL));
}
END_TEST

static Suite *
acl_suite(void)
{
	Suite *s = suite_create("acl");
	TCase *tc = tcase_create("acl");

	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_addresses);
	tcase_add_test(tc, test_first_match_and_negation);
	tcase_add_test(tc, test_keys);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(acl_suite)
