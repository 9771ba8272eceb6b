/*
 * check_rrtype.c - type and class mnemonics, RFC 3597 fallbacks.
 */
#include "check_util.h"
#include "rrtype.h"

struct tcase_ {
	uint16_t type;
	const char *text;
};

/* Every type of the enum in rrtype.h must have a name. */
static const struct tcase_ types[] = {
	{ 1, "A" }, { 2, "NS" }, { 3, "MD" }, { 4, "MF" }, { 5, "CNAME" },
	{ 6, "SOA" }, { 7, "MB" }, { 8, "MG" }, { 9, "MR" }, { 10, "NULL" },
	{ 11, "WKS" }, { 12, "PTR" }, { 13, "HINFO" }, { 14, "MINFO" },
	{ 15, "MX" }, { 16, "TXT" }, { 17, "RP" }, { 18, "AFSDB" },
	{ 19, "X25" }, { 20, "ISDN" }, { 21, "RT" }, { 22, "NSAP" },
	{ 23, "NSAP-PTR" }, { 24, "SIG" }, { 25, "KEY" }, { 26, "PX" },
	{ 27, "GPOS" }, { 28, "AAAA" }, { 29, "LOC" }, { 30, "NXT" },
	{ 33, "SRV" }, { 35, "NAPTR" }, { 36, "KX" }, { 37, "CERT" },
	{ 38, "A6" }, { 39, "DNAME" }, { 41, "OPT" }, { 42, "APL" },
	{ 43, "DS" }, { 44, "SSHFP" }, { 45, "IPSECKEY" }, { 46, "RRSIG" },
	{ 47, "NSEC" }, { 48, "DNSKEY" }, { 49, "DHCID" }, { 50, "NSEC3" },
	{ 51, "NSEC3PARAM" }, { 52, "TLSA" }, { 53, "SMIMEA" },
	{ 55, "HIP" }, { 59, "CDS" }, { 60, "CDNSKEY" },
	{ 61, "OPENPGPKEY" }, { 62, "CSYNC" }, { 63, "ZONEMD" },
	{ 64, "SVCB" }, { 65, "HTTPS" }, { 99, "SPF" }, { 104, "NID" },
	{ 105, "L32" }, { 106, "L64" }, { 107, "LP" }, { 108, "EUI48" },
	{ 109, "EUI64" }, { 249, "TKEY" }, { 250, "TSIG" }, { 251, "IXFR" },
	{ 252, "AXFR" }, { 255, "ANY" }, { 256, "URI" }, { 257, "CAA" },
	{ 258, "AVC" }, { 259, "DOA" }, { 260, "AMTRELAY" },
	{ 32768, "TA" }, { 32769, "DLV" },
	/* No mnemonic: RFC 3597 section 5. */
	{ 0, "TYPE0" }, { 31, "TYPE31" }, { 54, "TYPE54" },
	{ 65280, "TYPE65280" }, { 65535, "TYPE65535" },
};

START_TEST(test_type_totext)
{
	const struct tcase_ *c = &types[_i];
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	const char *name = zs_rrtype_name(c->type);
	uint16_t back = 0;

	zs_rrtype_totext(&sb, c->type);
	ck_assert_str_eq(zs_sb_cstr(&sb), c->text);
	if (strncmp(c->text, "TYPE", 4) == 0 && c->text[4] >= '0' &&
	    c->text[4] <= '9')
		ck_assert_ptr_null(name);
	else
		ck_assert_str_eq(name, c->text);
	/* And back, in any case. */
	ck_assert_int_eq(zs_rrtype_from_text(sb.buf, sb.len, &back), 0);
	ck_assert_uint_eq(back, c->type);
	zs_sb_free(&sb);
}
END_TEST

START_TEST(test_type_parse)
{
	uint16_t t = 0;

#define OK(s, v) do {							\
	t = 0;								\
	ck_assert_int_eq(zs_rrtype_from_text(s, strlen(s), &t), 0);	\
	ck_assert_uint_eq(t, v);					\
} while (0)
#define BAD(s) do {							\
	t = 4242;							\
	ck_assert_int_eq(zs_rrtype_from_text(s, strlen(s), &t),		\
	    ZS_ESYNTAX);						\
	ck_assert_uint_eq(t, 4242);					\
} while (0)
	OK("a", 1);
	OK("aaaa", 28);
	OK("nsec3param", 51);
	OK("Nsap-Ptr", 23);
	OK("TYPE1", 1);
	OK("type65535", 65535);
	OK("TYPE0", 0);
	OK("TYPE007", 7);
	BAD("");
	BAD("TYPE");
	BAD("TYPE65536");
	BAD("TYPE99999999999");
	BAD("TYPE-1");
	BAD("TYPE+1");
	BAD("TYPE1a");
	BAD("AA");
	BAD("AAAAA");
	BAD("NSEC33");
	BAD("CLASS1");
	BAD("A ");
	/* Length-delimited: "A" out of "AAAA". */
	ck_assert_int_eq(zs_rrtype_from_text("AAAA", 1, &t), 0);
	ck_assert_uint_eq(t, 1);
#undef OK
#undef BAD
}
END_TEST

START_TEST(test_class)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	uint16_t c = 0;

	ck_assert_str_eq(zs_rrclass_name(1), "IN");
	ck_assert_str_eq(zs_rrclass_name(3), "CH");
	ck_assert_str_eq(zs_rrclass_name(4), "HS");
	ck_assert_str_eq(zs_rrclass_name(254), "NONE");
	ck_assert_str_eq(zs_rrclass_name(255), "ANY");
	ck_assert_ptr_null(zs_rrclass_name(0));
	ck_assert_ptr_null(zs_rrclass_name(2));
	zs_rrclass_totext(&sb, 1);
	zs_sb_putc(&sb, ' ');
	zs_rrclass_totext(&sb, 2);
	zs_sb_putc(&sb, ' ');
	zs_rrclass_totext(&sb, 65535);
	ck_assert_str_eq(zs_sb_cstr(&sb), "IN CLASS2 CLASS65535");
	zs_sb_free(&sb);
	ck_assert_int_eq(zs_rrclass_from_text("in", 2, &c), 0);
	ck_assert_uint_eq(c, 1);
	ck_assert_int_eq(zs_rrclass_from_text("Class42", 7, &c), 0);
	ck_assert_uint_eq(c, 42);
	ck_assert_int_eq(zs_rrclass_from_text("ch", 2, &c), 0);
	ck_assert_uint_eq(c, 3);
	c = 7;
	ck_assert_int_eq(zs_rrclass_from_text("CHAOSX", 6, &c), ZS_ESYNTAX);
	ck_assert_int_eq(zs_rrclass_from_text("CLASS", 5, &c), ZS_ESYNTAX);
	ck_assert_int_eq(zs_rrclass_from_text("CLASS65536", 10, &c),
	    ZS_ESYNTAX);
	ck_assert_int_eq(zs_rrclass_from_text("TYPE1", 5, &c), ZS_ESYNTAX);
	ck_assert_uint_eq(c, 7);
}
END_TEST

/* Every name is unique and parses back to its own value. */
START_TEST(test_all_values)
{
	uint32_t v;
	unsigned int named = 0;

	for (v = 0; v <= 65535; v++) {
		const char *name = zs_rrtype_name((uint16_t)v);
		uint16_t back;

		if (name == NULL)
			continue;
		named++;
		ck_assert_int_eq(zs_rrtype_from_text(name, strlen(name),
		    &back), 0);
		ck_assert_uint_eq(back, v);
	}
	ck_assert_uint_eq(named, 76);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
rrtype_suite(void)
{
	Suite *s = suite_create("rrtype");
	TCase *tc = tcase_create("rrtype");

	tcase_add_loop_test(tc, test_type_totext, 0, N(types));
	tcase_add_test(tc, test_type_parse);
	tcase_add_test(tc, test_class);
	tcase_add_test(tc, test_all_values);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(rrtype_suite)
