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
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(addr_suite)
