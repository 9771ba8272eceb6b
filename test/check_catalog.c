/*
 * check_catalog.c - RFC 9432 catalog zone reader, with hand-built
 * records: "OWNER TYPE DATA" lines turned into zs_rr views.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "catalog.h"
#include "check_util.h"
#include "err.h"
#include "rrtype.h"

static const uint8_t cat[] = "\003cat\007example\000";
#define CATLEN	(sizeof(cat) - 1)

/*
 * Feed one record: type is "PTR", "TXT", "A", "AAAA", "APL" (data as
 * "1:192.0.2.0/24 !2:2001:db8::/32") or "NS" (ignored by the reader);
 * the owner is relative to cat.example.  class: 1 unless given.
 */
static int
feed_class(struct zs_catalog *c, const char *owner, const char *type,
    const char *data, uint16_t rrclass)
{
	struct zs_rr rr;
	uint8_t rd[1024];
	size_t rdlen = 0, n;

	memset(&rr, 0, sizeof(rr));
	ck_assert_int_eq(zs_dname_from_text(owner, strlen(owner), cat, CATLEN,
	    rr.owner, &rr.owner_len), 0);
	rr.rrclass = rrclass;
	rr.ttl = 0;
	if (strcmp(type, "PTR") == 0 || strcmp(type, "NS") == 0) {
		rr.type = type[0] == 'P' ? ZS_TYPE_PTR : ZS_TYPE_NS;
		ck_assert_int_eq(zs_dname_from_text(data, strlen(data), NULL,
		    0, rd, &rdlen), 0);
	} else if (strcmp(type, "TXT") == 0) {
		rr.type = ZS_TYPE_TXT;
		n = strlen(data);
		rd[0] = (uint8_t)n;
		memcpy(rd + 1, data, n);
		rdlen = n + 1;
	} else if (strcmp(type, "A") == 0) {
		rr.type = ZS_TYPE_A;
		ck_assert_int_eq(inet_pton(AF_INET, data, rd), 1);
		rdlen = 4;
	} else if (strcmp(type, "AAAA") == 0) {
		rr.type = ZS_TYPE_AAAA;
		ck_assert_int_eq(inet_pton(AF_INET6, data, rd), 1);
		rdlen = 16;
	} else if (strcmp(type, "APL") == 0) {
		char buf[256], *tok, *save = NULL;

		rr.type = ZS_TYPE_APL;
		snprintf(buf, sizeof(buf), "%s", data);
		for (tok = strtok_r(buf, " ", &save); tok != NULL;
		    tok = strtok_r(NULL, " ", &save)) {
			int neg = tok[0] == '!', fam;
			char *a, *slash;
			uint8_t addr[16];
			size_t alen;

			tok += neg;
			fam = tok[0] - '0';
			a = tok + 2;
			slash = strchr(a, '/');
			*slash = '\0';
			ck_assert_int_eq(inet_pton(fam == 1 ? AF_INET :
			    AF_INET6, a, addr), 1);
			alen = fam == 1 ? 4 : 16;
			while (alen > 0 && addr[alen - 1] == 0)
				alen--;	/* RFC 3123 4: no trailing zeros */
			rd[rdlen++] = 0;
			rd[rdlen++] = (uint8_t)fam;
			rd[rdlen++] = (uint8_t)atoi(slash + 1);
			rd[rdlen++] = (uint8_t)(alen | (neg ? 0x80 : 0));
			memcpy(rd + rdlen, addr, alen);
			rdlen += alen;
		}
	} else {
		ck_abort_msg("unknown type %s in test", type);
	}
	rr.rdlen = (uint16_t)rdlen;
	rr.rdata = zs_rd_init(rd, rdlen);
	return zs_catalog_add(c, &rr);
}

static int
feed(struct zs_catalog *c, const char *owner, const char *type,
    const char *data)
{
	return feed_class(c, owner, type, data, ZS_CLASS_IN);
}

static struct zs_catalog *
new_v2(size_t max)
{
	struct zs_catalog *c = zs_catalog_new(cat, CATLEN, max);

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(feed(c, "@", "NS", "invalid."), 0);
	ck_assert_int_eq(feed(c, "version", "TXT", "2"), 0);
	return c;
}

static const char *
mname(const struct zs_catalog_member *m, char *buf, size_t len)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;

	zs_dname_totext(&sb, m->name, m->namelen);
	snprintf(buf, len, "%s", zs_sb_cstr(&sb));
	zs_sb_free(&sb);
	return buf;
}

static bool
has_note(const struct zs_catalog *c, const char *needle)
{
	size_t i, n = zs_catalog_nnotes(c, NULL);

	for (i = 0; i < n; i++)
		if (strstr(zs_catalog_note(c, i), needle) != NULL)
			return true;
	return false;
}

START_TEST(test_members)
{
	struct zs_catalog *c = zs_catalog_new(cat, CATLEN, 0);
	const struct zs_catalog_member *m;
	char buf[300];

	ck_assert_ptr_nonnull(c);
	/* Any order: members before the version. */
	ck_assert_int_eq(feed(c, "b2.zones", "PTR", "Two.Example."), 0);
	ck_assert_int_eq(feed(c, "a1.zones", "PTR", "one.example."), 0);
	ck_assert_int_eq(feed(c, "group.a1.zones", "TXT", "signed"), 0);
	ck_assert_int_eq(feed(c, "coo.b2.zones", "PTR", "new.cat."), 0);
	ck_assert_int_eq(feed(c, "version", "TXT", "2"), 0);
	ck_assert_int_eq(feed(c, "zones", "TXT", "meaningless"), 0);
	ck_assert_int_eq(feed(c, "other.thing", "A", "192.0.2.9"), 0);
	ck_assert_int_eq(zs_catalog_finish(c), 0);
	ck_assert_uint_eq(zs_catalog_count(c), 2);
	m = zs_catalog_member(c, 0);
	ck_assert_str_eq(mname(m, buf, sizeof(buf)), "one.example.");
	ck_assert_uint_eq(m->idlen, 2);
	ck_assert_mem_eq(m->id, "a1", 2);
	ck_assert_str_eq(m->group, "signed");
	ck_assert_uint_eq(m->coolen, 0);
	m = zs_catalog_member(c, 1);
	/* Lower-cased, so it compares with agent.conf's names. */
	ck_assert_str_eq(mname(m, buf, sizeof(buf)), "two.example.");
	ck_assert_ptr_null(m->group);
	ck_assert_uint_gt(m->coolen, 0);
	ck_assert_ptr_null(zs_catalog_member(c, 2));
	zs_catalog_free(c);
}
END_TEST

START_TEST(test_version)
{
	static const char *const bad[] = { "1", "3", "2 ", "" };
	struct zs_catalog *c;
	size_t i;

	/* Missing. */
	c = zs_catalog_new(cat, CATLEN, 0);
	ck_assert_int_eq(feed(c, "a.zones", "PTR", "x."), 0);
	ck_assert_int_eq(zs_catalog_finish(c), ZS_ECATVERSION);
	ck_assert_ptr_nonnull(strstr(zs_catalog_error(c), "no version"));
	zs_catalog_free(c);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c = zs_catalog_new(cat, CATLEN, 0);
		ck_assert_int_eq(feed(c, "version", "TXT", bad[i]), 0);
		ck_assert_int_eq(zs_catalog_finish(c), ZS_ECATVERSION);
		ck_assert_ptr_nonnull(strstr(zs_catalog_error(c),
		    "not supported"));
		zs_catalog_free(c);
	}
	/* Two version records: RFC 9432 4.2 wants exactly one. */
	c = new_v2(0);
	ck_assert_int_eq(feed(c, "version", "TXT", "1"), 0);
	ck_assert_int_eq(zs_catalog_finish(c), ZS_ECATVERSION);
	zs_catalog_free(c);
	/* Case of the owner does not matter. */
	c = zs_catalog_new(cat, CATLEN, 0);
	ck_assert_int_eq(feed(c, "VERSION", "TXT", "2"), 0);
	ck_assert_int_eq(zs_catalog_finish(c), 0);
	ck_assert_uint_eq(zs_catalog_count(c), 0);
	zs_catalog_free(c);
}
END_TEST

START_TEST(test_broken)
{
	struct zs_catalog *c;

	/* RFC 9432 4.1: two PTRs at one member node break the catalog. */
	c = new_v2(0);
	ck_assert_int_eq(feed(c, "m.zones", "PTR", "a.example."), 0);
	ck_assert_int_eq(feed(c, "m.zones", "PTR", "b.example."), 0);
	ck_assert_int_eq(zs_catalog_finish(c), ZS_ECATBROKEN);
	ck_assert_ptr_nonnull(strstr(zs_catalog_error(c), "member node m"));
	zs_catalog_free(c);
	/* RFC 9432 4.4.1: two coo PTRs too. */
	c = new_v2(0);
	ck_assert_int_eq(feed(c, "m.zones", "PTR", "a.example."), 0);
	ck_assert_int_eq(feed(c, "coo.m.zones", "PTR", "c1."), 0);
	ck_assert_int_eq(feed(c, "coo.m.zones", "PTR", "c2."), 0);
	ck_assert_int_eq(zs_catalog_finish(c), ZS_ECATBROKEN);
	zs_catalog_free(c);
	/* RFC 9432 3: class IN only; the reader is dead afterwards. */
	c = new_v2(0);
	ck_assert_int_eq(feed_class(c, "m.zones", "PTR", "a.", 3),
	    ZS_ECATBROKEN);
	ck_assert_int_eq(feed(c, "n.zones", "PTR", "b."), ZS_ECATBROKEN);
	ck_assert_int_eq(zs_catalog_finish(c), ZS_ECATBROKEN);
	zs_catalog_free(c);
}
END_TEST

START_TEST(test_duplicates)
{
	struct zs_catalog *c = new_v2(0);
	const struct zs_catalog_member *m;
	char buf[300];

	ck_assert_int_eq(feed(c, "zz.zones", "PTR", "dup.example."), 0);
	ck_assert_int_eq(feed(c, "aa.zones", "PTR", "DUP.example."), 0);
	ck_assert_int_eq(feed(c, "group.aa.zones", "TXT", "g2"), 0);
	ck_assert_int_eq(feed(c, "group.aa.zones", "TXT", "g1"), 0);
	ck_assert_int_eq(feed(c, "orphan.zones", "TXT", "x"), 0);
	ck_assert_int_eq(feed(c, "group.orphan.zones", "TXT", "x"), 0);
	ck_assert_int_eq(zs_catalog_finish(c), 0);
	ck_assert_uint_eq(zs_catalog_count(c), 1);
	m = zs_catalog_member(c, 0);
	ck_assert_str_eq(mname(m, buf, sizeof(buf)), "dup.example.");
	ck_assert_mem_eq(m->id, "aa", 2);	/* the lowest id */
	ck_assert_str_eq(m->group, "g1");
	ck_assert(has_note(c, "listed twice"));
	ck_assert(has_note(c, "2 groups"));
	ck_assert(has_note(c, "without a PTR"));
	zs_catalog_free(c);
}
END_TEST

START_TEST(test_limit)
{
	struct zs_catalog *c = new_v2(3);
	size_t i;
	char owner[32];

	for (i = 0; i < 3; i++) {
		snprintf(owner, sizeof(owner), "m%zu.zones", i);
		ck_assert_int_eq(feed(c, owner, "PTR", "x.example."), 0);
	}
	ck_assert_int_eq(feed(c, "m3.zones", "PTR", "y."), ZS_ETOOMANY);
	ck_assert_int_eq(zs_catalog_finish(c), ZS_ETOOMANY);
	ck_assert_ptr_nonnull(strstr(zs_catalog_error(c), "more than 3"));
	zs_catalog_free(c);
}
END_TEST

START_TEST(test_bind_ext)
{
	struct zs_catalog *c = new_v2(0);
	const struct zs_catalog_member *m;
	char a[INET6_ADDRSTRLEN];
	const struct sockaddr_in *sin;

	/* Catalog-wide defaults. */
	ck_assert_int_eq(feed(c, "primaries.ext", "A", "192.0.2.1"), 0);
	ck_assert_int_eq(feed(c, "allow-query.ext", "APL", "1:10.0.0.0/8"),
	    0);
	/* m1: its own primaries, a labelled one with a key. */
	ck_assert_int_eq(feed(c, "m1.zones", "PTR", "one.example."), 0);
	ck_assert_int_eq(feed(c, "ns1.primaries.ext.m1.zones", "A",
	    "192.0.2.53"), 0);
	ck_assert_int_eq(feed(c, "ns1.primaries.ext.m1.zones", "TXT",
	    "XFR-Key."), 0);
	ck_assert_int_eq(feed(c, "masters.ext.m1.zones", "AAAA",
	    "2001:db8::1"), 0);
	ck_assert_int_eq(feed(c, "allow-transfer.ext.m1.zones", "APL",
	    "1:192.0.2.0/24 !2:2001:db8::/32"), 0);
	ck_assert_int_eq(feed(c, "notify.ext.m1.zones", "TXT", "x"), 0);
	/* m2: everything from the catalog. */
	ck_assert_int_eq(feed(c, "m2.zones", "PTR", "two.example."), 0);
	ck_assert_int_eq(zs_catalog_finish(c), 0);
	ck_assert_uint_eq(zs_catalog_count(c), 2);

	m = zs_catalog_member(c, 0);
	ck_assert_uint_eq(m->props.nprimaries, 2);
	sin = (const struct sockaddr_in *)&m->props.primaries[0].addr.ss;
	ck_assert_int_eq(sin->sin_family, AF_INET);
	inet_ntop(AF_INET, &sin->sin_addr, a, sizeof(a));
	ck_assert_str_eq(a, "192.0.2.53");
	ck_assert_str_eq(m->props.primaries[0].key, "xfr-key");
	ck_assert_int_eq(m->props.primaries[1].addr.ss.ss_family, AF_INET6);
	ck_assert_ptr_null(m->props.primaries[1].key);
	ck_assert(m->props.has_allow_query);
	ck_assert_uint_eq(m->props.nallow_query, 1);
	ck_assert_str_eq(m->props.allow_query[0], "10.0.0.0/8");
	ck_assert(m->props.has_allow_transfer);
	ck_assert_uint_eq(m->props.nallow_transfer, 2);
	ck_assert_str_eq(m->props.allow_transfer[0], "192.0.2.0/24");
	ck_assert_str_eq(m->props.allow_transfer[1], "!2001:db8::/32");
	ck_assert(has_note(c, "notify.ext.m1.zones"));

	m = zs_catalog_member(c, 1);
	ck_assert_uint_eq(m->props.nprimaries, 1);
	ck_assert_ptr_null(m->props.primaries[0].key);
	ck_assert(m->props.has_allow_query);
	ck_assert(!m->props.has_allow_transfer);
	zs_catalog_free(c);
}
END_TEST

START_TEST(test_hostile)
{
	struct zs_catalog *c = new_v2(0);
	struct zs_rr rr;
	uint8_t rd[8] = { 0xc0, 0x0c };	/* a pointer outside the window */

	/* A group with a quote and a key with a newline are refused. */
	ck_assert_int_eq(feed(c, "m.zones", "PTR", "ok.example."), 0);
	ck_assert_int_eq(feed(c, "group.m.zones", "TXT", "a\"b"), 0);
	ck_assert_int_eq(feed(c, "k.primaries.ext.m.zones", "TXT", "a\nb"),
	    0);
	ck_assert_int_eq(feed(c, "k.primaries.ext.m.zones", "A", "192.0.2.1"),
	    0);
	ck_assert_int_eq(zs_catalog_finish(c), 0);
	ck_assert_ptr_null(zs_catalog_member(c, 0)->group);
	ck_assert_ptr_null(zs_catalog_member(c, 0)->props.primaries[0].key);
	zs_catalog_free(c);

	/* A PTR whose RDATA does not parse breaks the catalog. */
	c = new_v2(0);
	memset(&rr, 0, sizeof(rr));
	ck_assert_int_eq(zs_dname_from_text("x.zones", 7, cat, CATLEN,
	    rr.owner, &rr.owner_len), 0);
	rr.type = ZS_TYPE_PTR;
	rr.rrclass = ZS_CLASS_IN;
	rr.rdlen = 2;
	rr.rdata = zs_rd_init(rd, 2);
	ck_assert_int_eq(zs_catalog_add(c, &rr), ZS_ECATBROKEN);
	zs_catalog_free(c);
	zs_catalog_free(NULL);
}
END_TEST

static Suite *
catalog_suite(void)
{
	Suite *s = suite_create("catalog");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_members);
	tcase_add_test(tc, test_version);
	tcase_add_test(tc, test_broken);
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_limit);
	tcase_add_test(tc, test_bind_ext);
	tcase_add_test(tc, test_hostile);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(catalog_suite)
