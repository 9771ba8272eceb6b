/*
 * check_addr.c - address literals with ports.
 */
#include <netinet/in.h>

#include "addr.h"
#include "check_util.h"
#include "err.h"

static const struct {
	const char *in;
	uint16_t port;
	int want;		/* 0 or the error */
	int family;
	const char *text;	/* zs_addr_totext on success */
} parse_cases[] = {
	{ "192.0.2.1", 53, 0, AF_INET, "192.0.2.1#53" },
	{ "192.0.2.1#5353", 53, 0, AF_INET, "192.0.2.1#5353" },
	{ "127.0.0.1#0", 53, 0, AF_INET, "127.0.0.1#0" },
	{ "10.0.0.1#65535", 53, 0, AF_INET, "10.0.0.1#65535" },
	{ "2001:db8::1", 53, 0, AF_INET6, "2001:db8::1#53" },
	{ "2001:db8::1#1053", 53, 0, AF_INET6, "2001:db8::1#1053" },
	{ "::1", 8053, 0, AF_INET6, "::1#8053" },
	{ "::ffff:192.0.2.1", 53, 0, AF_INET6, "::ffff:192.0.2.1#53" },
	{ "2001:DB8:0:0:0:0:0:1", 53, 0, AF_INET6, "2001:db8::1#53" },
	{ "", 53, ZS_ESYNTAX, 0, NULL },
	{ "#53", 53, ZS_ESYNTAX, 0, NULL },
	{ "192.0.2.1#", 53, ZS_ESYNTAX, 0, NULL },
	{ "192.0.2.1#65536", 53, ZS_ESYNTAX, 0, NULL },
	{ "192.0.2.1#53x", 53, ZS_ESYNTAX, 0, NULL },
	{ "192.0.2.1#-1", 53, ZS_ESYNTAX, 0, NULL },
	{ "192.0.2.1#99999999999999999999999", 53, ZS_ESYNTAX, 0, NULL },
	{ "256.0.2.1", 53, ZS_ESYNTAX, 0, NULL },
	{ "192.0.2", 53, ZS_ESYNTAX, 0, NULL },
	{ "example.com", 53, ZS_ESYNTAX, 0, NULL },
	{ "2001:db8::1::2", 53, ZS_ESYNTAX, 0, NULL },
	{ "[2001:db8::1]", 53, ZS_ESYNTAX, 0, NULL },
	{ "192.0.2.1 ", 53, ZS_ESYNTAX, 0, NULL },
	{ "1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa:bbbb:cccc:dddd:eeee",
	    53, ZS_ESYNTAX, 0, NULL },
};

START_TEST(test_parse)
{
	struct zs_addr a;
	char buf[ZS_ADDR_TEXTLEN];
	int ret;

	memset(&a, 0xa5, sizeof(a));
	ret = zs_addr_parse(parse_cases[_i].in, parse_cases[_i].port, &a);
	ck_assert_msg(ret == parse_cases[_i].want, "case %d (%s): got %d",
	    _i, parse_cases[_i].in, ret);
	if (ret != 0) {
		/* out untouched on failure */
		ck_assert_int_eq(((uint8_t *)&a)[0], 0xa5);
		return;
	}
	ck_assert_int_eq(a.ss.ss_family, parse_cases[_i].family);
	ck_assert_uint_eq(a.len, parse_cases[_i].family == AF_INET ?
	    sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6));
	ck_assert_str_eq(zs_addr_totext(&a, buf, sizeof(buf)),
	    parse_cases[_i].text);
}
END_TEST

START_TEST(test_port)
{
	struct zs_addr a;
	char buf[ZS_ADDR_TEXTLEN];

	ck_assert_int_eq(zs_addr_parse("192.0.2.7", 53, &a), 0);
	ck_assert_uint_eq(zs_addr_port(&a), 53);
	zs_addr_setport(&a, 10053);
	ck_assert_uint_eq(zs_addr_port(&a), 10053);
	ck_assert_str_eq(zs_addr_totext(&a, buf, sizeof(buf)),
	    "192.0.2.7#10053");

	ck_assert_int_eq(zs_addr_parse("fe80::1#99", 53, &a), 0);
	ck_assert_uint_eq(zs_addr_port(&a), 99);
	zs_addr_setport(&a, 65535);
	ck_assert_uint_eq(zs_addr_port(&a), 65535);
	ck_assert_str_eq(zs_addr_totext(&a, buf, sizeof(buf)),
	    "fe80::1#65535");

	/* unknown family: port 0, setport does nothing */
	memset(&a, 0, sizeof(a));
	ck_assert_uint_eq(zs_addr_port(&a), 0);
	zs_addr_setport(&a, 53);
	ck_assert_uint_eq(zs_addr_port(&a), 0);
	ck_assert_str_eq(zs_addr_totext(&a, buf, sizeof(buf)), "?#0");
}
END_TEST

START_TEST(test_totext_small_buffer)
{
	struct zs_addr a;
	char buf[8];

	ck_assert_int_eq(zs_addr_parse("192.0.2.100#5353", 53, &a), 0);
	/* truncated but NUL-terminated */
	ck_assert_str_eq(zs_addr_totext(&a, buf, sizeof(buf)), "192.0.2");
}
END_TEST

START_TEST(test_max_text)
{
	struct zs_addr a;
	char buf[ZS_ADDR_TEXTLEN];
	const char *in = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255#65535";

	ck_assert_int_eq(zs_addr_parse(in, 53, &a), 0);
	ck_assert_str_eq(zs_addr_totext(&a, buf, sizeof(buf)),
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff#65535");
}
END_TEST

/* A literal and nothing else: no "#port", no brackets, no spaces. */
START_TEST(test_parse_host)
{
	struct zs_addr a;
	char buf[ZS_ADDR_TEXTLEN];

	ck_assert_int_eq(zs_addr_parse_host("192.0.2.1xyz", 9, 5353, &a), 0);
	ck_assert_str_eq(zs_addr_totext(&a, buf, sizeof(buf)),
	    "192.0.2.1#5353");
	ck_assert_int_eq(zs_addr_parse_host("2001:db8::2", 11, 0, &a), 0);
	ck_assert_int_eq(a.ss.ss_family, AF_INET6);
	ck_assert_str_eq(zs_addr_totext(&a, buf, sizeof(buf)),
	    "2001:db8::2#0");
	memset(&a, 0xa5, sizeof(a));
	ck_assert_int_eq(zs_addr_parse_host("192.0.2.1#53", 12, 0, &a),
	    ZS_ESYNTAX);
	ck_assert_int_eq(zs_addr_parse_host("[::1]", 5, 0, &a), ZS_ESYNTAX);
	ck_assert_int_eq(zs_addr_parse_host("", 0, 0, &a), ZS_ESYNTAX);
	ck_assert_int_eq(zs_addr_parse_host("xfr", 3, 0, &a), ZS_ESYNTAX);
	ck_assert_int_eq(((uint8_t *)&a)[0], 0xa5);	/* untouched */
}
END_TEST

static struct zs_addr
A(const char *text)
{
	struct zs_addr a;

	ck_assert_int_eq(zs_addr_parse(text, 53, &a), 0);
	return a;
}

/* eq: address and port; same_host: address only, mapped IPv4 unmapped. */
static const struct {
	const char *a, *b;
	bool eq, same_host;
} cmp_cases[] = {
	{ "192.0.2.1", "192.0.2.1", true, true },
	{ "192.0.2.1", "192.0.2.1#5353", false, true },
	{ "192.0.2.1", "192.0.2.2", false, false },
	{ "2001:db8::1", "2001:db8::1", true, true },
	{ "2001:db8::1#1", "2001:db8::1#2", false, true },
	{ "2001:db8::1", "2001:db8::2", false, false },
	{ "::ffff:192.0.2.1", "192.0.2.1", false, true },
	{ "192.0.2.1#99", "::ffff:192.0.2.1", false, true },
	{ "::ffff:192.0.2.1", "::ffff:192.0.2.1", true, true },
	{ "::ffff:192.0.2.1", "192.0.2.2", false, false },
	{ "::192.0.2.1", "192.0.2.1", false, false },	/* compatible, not mapped */
	{ "::1", "127.0.0.1", false, false },
};

START_TEST(test_compare)
{
	struct zs_addr a = A(cmp_cases[_i].a), b = A(cmp_cases[_i].b);

	ck_assert_msg(zs_addr_eq(&a, &b) == cmp_cases[_i].eq,
	    "eq %s %s", cmp_cases[_i].a, cmp_cases[_i].b);
	ck_assert(zs_addr_eq(&b, &a) == cmp_cases[_i].eq);
	ck_assert_msg(zs_addr_same_host(&a, &b) == cmp_cases[_i].same_host,
	    "same_host %s %s", cmp_cases[_i].a, cmp_cases[_i].b);
	ck_assert(zs_addr_same_host(&b, &a) == cmp_cases[_i].same_host);
}
END_TEST

START_TEST(test_scope_and_family)
{
	struct zs_addr a = A("fe80::1"), b = A("fe80::1"), z;

	((struct sockaddr_in6 *)&b.ss)->sin6_scope_id = 2;
	ck_assert(!zs_addr_eq(&a, &b));
	ck_assert(!zs_addr_same_host(&a, &b));
	memset(&z, 0, sizeof(z));
	ck_assert(!zs_addr_eq(&z, &z));		/* no family: never equal */
	ck_assert(!zs_addr_same_host(&z, &z));
}
END_TEST

START_TEST(test_from_sockaddr)
{
	struct zs_addr a = A("2001:db8::7#853"), b;
	struct sockaddr_storage ss;
	uint8_t v4[4] = { 0 };

	ck_assert_int_eq(zs_addr_from_sockaddr((struct sockaddr *)&a.ss, &b),
	    0);
	ck_assert_uint_eq(b.len, sizeof(struct sockaddr_in6));
	ck_assert(zs_addr_eq(&a, &b));
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = AF_UNIX;
	ck_assert_int_eq(zs_addr_from_sockaddr((struct sockaddr *)&ss, &b),
	    ZS_EINVAL);
	ck_assert(zs_addr_eq(&a, &b));		/* untouched */

	a = A("::ffff:10.1.2.3");
	ck_assert(zs_addr_ipv4((struct sockaddr *)&a.ss, v4));
	ck_assert_mem_eq(v4, "\012\001\002\003", 4);
	a = A("10.9.8.7");
	ck_assert(zs_addr_ipv4((struct sockaddr *)&a.ss, v4));
	ck_assert_mem_eq(v4, "\012\011\010\007", 4);
	a = A("2001:db8::1");
	ck_assert(!zs_addr_ipv4((struct sockaddr *)&a.ss, v4));
	ck_assert_mem_eq(v4, "\012\011\010\007", 4);
}
END_TEST

static Suite *
addr_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_parse, 0,
	    (int)(sizeof(parse_cases) / sizeof(parse_cases[0])));
	tcase_add_test(tc, test_port);
	tcase_add_test(tc, test_totext_small_buffer);
	tcase_add_test(tc, test_max_text);
	tcase_add_test(tc, test_parse_host);
	tcase_add_loop_test(tc, test_compare, 0,
	    (int)(sizeof(cmp_cases) / sizeof(cmp_cases[0])));
	tcase_add_test(tc, test_scope_and_family);
	tcase_add_test(tc, test_from_sockaddr);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(addr_suite)
