/*
 * check_zonefile.c - streaming, atomic zone file writer.  Every test works
 * in its own directory made with mkdtemp under /tmp.
 */
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_util.h"
#include "rrtype.h"
#include "zonefile.h"

#define T2026	1767225600	/* 2026-01-01T00:00:00Z */

static char dir[64];

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/zs_check_zonefile.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

/* Names in dir, sorted, joined with '|'. */
static const char *
listing(void)
{
	static char out[1024];
	struct dirent **list;
	int n, i;

	out[0] = '\0';
	n = scandir(dir, &list, NULL, alphasort);
	ck_assert_int_ge(n, 0);
	for (i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") != 0 &&
		    strcmp(list[i]->d_name, "..") != 0) {
			if (out[0] != '\0')
				strcat(out, "|");
			strcat(out, list[i]->d_name);
		}
		free(list[i]);
	}
	free(list);
	return out;
}

/* Whole file into a static buffer (NUL-terminated); NULL if missing. */
static const char *
slurp(const char *path)
{
	static char buf[1 << 20];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return buf;
}

static void
spit(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static size_t
wname(const char *text, uint8_t *out)
{
	size_t len;

	ck_assert_msg(zs_dname_from_text(text, strlen(text), NULL, 0, out,
	    &len) == 0, "bad name in test: %s", text);
	return len;
}

/*
 * An RR view: owner, type, class, ttl and RDATA (hex) are laid out as a
 * tiny message in buf and read back with zs_msg_read_rr.
 */
struct rrbuf {
	uint8_t buf[1024];
	struct zs_rr rr;
};

static const struct zs_rr *
mkrr_class(struct rrbuf *b, const char *owner, uint16_t type,
    uint16_t rrclass, uint32_t ttl, const char *rdhex)
{
	uint8_t rd[512], n[ZS_DNAME_MAXLEN];
	size_t rl = hexbytes(rdhex, rd, sizeof(rd)), nl = wname(owner, n);
	struct zs_wr wr = zs_wr_init(b->buf, sizeof(b->buf));
	struct zs_rd r;

	zs_wr_bytes(&wr, n, nl);
	zs_wr_u16(&wr, type);
	zs_wr_u16(&wr, rrclass);
	zs_wr_u32(&wr, ttl);
	zs_wr_u16(&wr, (uint16_t)rl);
	zs_wr_bytes(&wr, rd, rl);
	ck_assert_int_eq(wr.err, 0);
	r = zs_rd_init(b->buf, wr.pos);
	ck_assert_int_eq(zs_msg_read_rr(&r, &b->rr), 0);
	return &b->rr;
}

static const struct zs_rr *
mkrr(struct rrbuf *b, const char *owner, uint16_t type, uint32_t ttl,
    const char *rdhex)
{
	return mkrr_class(b, owner, type, ZS_CLASS_IN, ttl, rdhex);
}

#define SOA_RD	"03 6e7331 07 6578616d706c65 03 636f6d 00" \
		" 0a 686f73746d6173746572 07 6578616d706c65 03 636f6d 00" \
		" 78c40465 00000e10 00000258 00093a80 0000012c"
#define NS_RD	"03 6e7331 07 6578616d706c65 03 636f6d 00"

static int
add(struct zs_zonefile *zf, const char *owner, uint16_t type, uint32_t ttl,
    const char *rdhex)
{
	struct rrbuf b;

	return zs_zonefile_add(zf, mkrr(&b, owner, type, ttl, rdhex));
}

static struct zs_zonefile *
open_zone(const char *path, const char *origin, const char *primary)
{
	struct zs_zonefile *zf = NULL;
	struct zs_zonefile_meta meta = { primary, T2026, ZS_ZONEFILE_TEXT };
	uint8_t o[ZS_DNAME_MAXLEN];
	size_t ol = wname(origin, o);

	ck_assert_int_eq(zs_zonefile_open(&zf, path, o, ol, ZS_CLASS_IN,
	    &meta), 0);
	ck_assert_ptr_nonnull(zf);
	return zf;
}

static const char example_zone[] =
	"; zonesync zone file: example.com.\n"
	"; primary: 192.0.2.1#53\n"
	"; transferred: 2026-01-01T00:00:00Z\n"
	"; serial:            2026112101\n"
	"; records:                   11\n"
	"$ORIGIN example.com.\n"
	"@\t3600\tIN\tSOA\tns1.example.com. hostmaster.example.com. "
	    "2026112101 3600 600 604800 300\n"
	/* the class once, on the SOA; a repeated owner left blank */
	"\t3600\tNS\tns1.example.com.\n"
	"ns1\t3600\tA\t192.0.2.53\n"
	"www\t300\tA\t192.0.2.80\n"
	"\t300\tA\t192.0.2.81\n"
	/* the same name in other case: said again, as it is */
	"WWW\t300\tA\t192.0.2.82\n"
	"a.b.c\t60\tTXT\t\"hello world\" \"x\\\"y\"\n"
	"www.Example.com.\t300\tA\t192.0.2.83\n"
	"other.example.net.\t300\tA\t192.0.2.84\n"
	"dot\\.ted\t300\tA\t192.0.2.85\n"
	"@\t300\tA\t192.0.2.86\n";

static void
write_example(struct zs_zonefile *zf)
{
	ck_assert_int_eq(add(zf, "example.com.", ZS_TYPE_SOA, 3600, SOA_RD),
	    0);
	ck_assert_int_eq(add(zf, "example.com.", ZS_TYPE_NS, 3600, NS_RD), 0);
	ck_assert_int_eq(add(zf, "ns1.example.com.", ZS_TYPE_A, 3600,
	    "c0000235"), 0);
	ck_assert_int_eq(add(zf, "www.example.com.", ZS_TYPE_A, 300,
	    "c0000250"), 0);
	ck_assert_int_eq(add(zf, "www.example.com.", ZS_TYPE_A, 300,
	    "c0000251"), 0);
	/* only the owner's own labels differ in case: still relative */
	ck_assert_int_eq(add(zf, "WWW.example.com.", ZS_TYPE_A, 300,
	    "c0000252"), 0);
	ck_assert_int_eq(add(zf, "a.b.c.example.com.", ZS_TYPE_TXT, 60,
	    "0b 68656c6c6f20776f726c64 03 78 22 79"), 0);
	/* the suffix differs in case: absolute */
	ck_assert_int_eq(add(zf, "www.Example.com.", ZS_TYPE_A, 300,
	    "c0000253"), 0);
	ck_assert_int_eq(add(zf, "other.example.net.", ZS_TYPE_A, 300,
	    "c0000254"), 0);
	ck_assert_int_eq(add(zf, "dot\\.ted.example.com.", ZS_TYPE_A, 300,
	    "c0000255"), 0);
	ck_assert_int_eq(add(zf, "example.com.", ZS_TYPE_A, 300, "c0000256"),
	    0);
}

START_TEST(test_write)
{
	char path[128];
	struct zs_zonefile *zf;
	struct zs_zonefile_info info;
	struct stat stb;

	snprintf(path, sizeof(path), "%s/example.com.zone", dir);
	zf = open_zone(path, "example.com.", "192.0.2.1#53");
	write_example(zf);
	ck_assert_uint_eq(zs_zonefile_records(zf), 11);
	ck_assert_int_eq(zs_zonefile_commit(zf, 2026112101), 0);
	ck_assert_str_eq(slurp(path), example_zone);
	ck_assert_uint_eq(zs_zonefile_bytes(zf), strlen(example_zone));
	zs_zonefile_free(zf);
	ck_assert_str_eq(listing(), "example.com.zone");
	/* readable by named running as another user */
	ck_assert_int_eq(stat(path, &stb), 0);
	ck_assert_uint_eq(stb.st_mode & 0777, 0644);
	ck_assert_int_eq(zs_zonefile_read_info(path, &info), 0);
	ck_assert_uint_eq(info.serial, 2026112101);
}
END_TEST

START_TEST(test_case_sensitive_origin)
{
	char path[128];
	struct zs_zonefile *zf;

	snprintf(path, sizeof(path), "%s/case.zone", dir);
	zf = open_zone(path, "case.test.", NULL);
	ck_assert_int_eq(add(zf, "case.test.", ZS_TYPE_SOA, 10,
	    "00 00 00000001 00000002 00000003 00000004 00000005"), 0);
	ck_assert_int_eq(add(zf, "CnAmE.Case.TEST.", ZS_TYPE_NS, 20,
	    "01 78 00"), 0);
	ck_assert_int_eq(add(zf, "CnAmE.case.test.", ZS_TYPE_NS, 20,
	    "01 78 00"), 0);
	ck_assert_int_eq(add(zf, "CASE.TEST.", ZS_TYPE_A, 30, "7f000001"),
	    0);
	ck_assert_int_eq(zs_zonefile_commit(zf, 1), 0);
	zs_zonefile_free(zf);
	ck_assert_str_eq(slurp(path),
	    "; zonesync zone file: case.test.\n"
	    "; primary: unknown\n"
	    "; transferred: 2026-01-01T00:00:00Z\n"
	    "; serial:                     1\n"
	    "; records:                    4\n"
	    "$ORIGIN case.test.\n"
	    "@\t10\tIN\tSOA\t. . 1 2 3 4 5\n"
	    "CnAmE.Case.TEST.\t20\tNS\tx.\n"
	    "CnAmE\t20\tNS\tx.\n"
	    "CASE.TEST.\t30\tA\t127.0.0.1\n");
}
END_TEST

START_TEST(test_root_zone_and_no_meta)
{
	char path[128];
	struct zs_zonefile *zf = NULL;
	uint8_t root = 0;

	snprintf(path, sizeof(path), "%s/root.zone", dir);
	ck_assert_int_eq(zs_zonefile_open(&zf, path, &root, 1, ZS_CLASS_IN,
	    NULL), 0);
	ck_assert_int_eq(add(zf, ".", ZS_TYPE_SOA, 86400,
	    "00 00 00000007 00000002 00000003 00000004 00000005"), 0);
	ck_assert_int_eq(add(zf, "com.", ZS_TYPE_NS, 172800, "01 61 00"), 0);
	ck_assert_int_eq(zs_zonefile_commit(zf, 7), 0);
	zs_zonefile_free(zf);
	ck_assert_str_eq(slurp(path),
	    "; zonesync zone file: .\n"
	    "; primary: unknown\n"
	    "; transferred: unknown\n"
	    "; serial:                     7\n"
	    "; records:                    2\n"
	    "$ORIGIN .\n"
	    "@\t86400\tIN\tSOA\t. . 7 2 3 4 5\n"
	    "com\t172800\tNS\ta.\n");
}
END_TEST

/*
 * Where the class stays: a type whose mnemonic is also a class (ANY; no
 * 128-255 type is zone data, but a primary may send one) would be read as
 * the class, and a record of another class must not take the zone's.
 */
START_TEST(test_class_kept)
{
	char path[128];
	struct zs_zonefile *zf;
	struct rrbuf b;

	snprintf(path, sizeof(path), "%s/cls.zone", dir);
	zf = open_zone(path, "example.com.", NULL);
	ck_assert_int_eq(add(zf, "example.com.", ZS_TYPE_SOA, 10,
	    "00 00 00000001 00000002 00000003 00000004 00000005"), 0);
	ck_assert_int_eq(add(zf, "a.example.com.", ZS_TYPE_ANY, 20, "00"), 0);
	ck_assert_int_eq(add(zf, "a.example.com.", 128, 20, ""), 0);
	ck_assert_int_eq(add(zf, "a.example.com.", 127, 20, ""), 0);
	ck_assert_int_eq(add(zf, "a.example.com.", 65280, 20, ""), 0);
	ck_assert_int_eq(zs_zonefile_add(zf, mkrr_class(&b, "b.example.com.",
	    ZS_TYPE_A, ZS_CLASS_CH, 30, "7f000001")), 0);
	ck_assert_int_eq(zs_zonefile_commit(zf, 1), 0);
	zs_zonefile_free(zf);
	ck_assert_str_eq(slurp(path),
	    "; zonesync zone file: example.com.\n"
	    "; primary: unknown\n"
	    "; transferred: 2026-01-01T00:00:00Z\n"
	    "; serial:                     1\n"
	    "; records:                    6\n"
	    "$ORIGIN example.com.\n"
	    "@\t10\tIN\tSOA\t. . 1 2 3 4 5\n"
	    "a\t20\tIN\tANY\t\\# 1 00\n"
	    "\t20\tIN\tTYPE128\t\\# 0\n"
	    "\t20\tTYPE127\t\\# 0\n"
	    "\t20\tTYPE65280\t\\# 0\n"
	    "b\t30\tCH\tA\t\\# 4 7F000001\n");
}
END_TEST

/* SOA ". . 1 2 3 4 5" */
#define SOA_ROOTS "00 00 00000001 00000002 00000003 00000004 00000005"

/* Add one RR of class cls; the test fails if the writer refuses it. */
static void
addc(struct zs_zonefile *zf, const char *owner, uint16_t type, uint16_t cls,
    uint32_t ttl, const char *rdhex)
{
	struct rrbuf b;

	ck_assert_int_eq(zs_zonefile_add(zf, mkrr_class(&b, owner, type, cls,
	    ttl, rdhex)), 0);
}

/*
 * A zone of another class: BIND knows A (CHAOS form), SRV, AAAA and the
 * other types of its rdata/in_1 only in class IN, so they go generic;
 * class-independent types keep their text.  HS A is IN's form.
 */
START_TEST(test_other_classes)
{
	char path[128];
	struct zs_zonefile *zf = NULL;
	uint8_t o[ZS_DNAME_MAXLEN];
	size_t ol = wname("ex.", o);

	snprintf(path, sizeof(path), "%s/ch.zone", dir);
	ck_assert_int_eq(zs_zonefile_open(&zf, path, o, ol, ZS_CLASS_CH,
	    NULL), 0);
	addc(zf, "ex.", ZS_TYPE_SOA, ZS_CLASS_CH, 10, SOA_ROOTS);
	addc(zf, "ex.", ZS_TYPE_NS, ZS_CLASS_CH, 10, "02 6e73 02 6578 00");
	addc(zf, "x.ex.", ZS_TYPE_A, ZS_CLASS_CH, 20, "01 78 00 0001");
	addc(zf, "x.ex.", ZS_TYPE_SRV, ZS_CLASS_CH, 20, "0001 0002 0003 00");
	addc(zf, "x.ex.", ZS_TYPE_AAAA, ZS_CLASS_CH, 20,
	    "20010db8000000000000000000000001");
	addc(zf, "x.ex.", ZS_TYPE_TXT, ZS_CLASS_CH, 20, "02 6869");
	ck_assert_int_eq(zs_zonefile_commit(zf, 1), 0);
	zs_zonefile_free(zf);
	ck_assert_str_eq(slurp(path),
	    "; zonesync zone file: ex.\n"
	    "; primary: unknown\n"
	    "; transferred: unknown\n"
	    "; serial:                     1\n"
	    "; records:                    6\n"
	    "$ORIGIN ex.\n"
	    "@\t10\tCH\tSOA\t. . 1 2 3 4 5\n"
	    "\t10\tNS\tns.ex.\n"
	    "x\t20\tA\t\\# 5 0178000001\n"
	    "\t20\tSRV\t\\# 7 00010002000300\n"
	    "\t20\tAAAA\t\\# 16 20010DB8000000000000000000000001\n"
	    "\t20\tTXT\t\"hi\"\n");

	zf = NULL;
	snprintf(path, sizeof(path), "%s/hs.zone", dir);
	ck_assert_int_eq(zs_zonefile_open(&zf, path, o, ol, ZS_CLASS_HS,
	    NULL), 0);
	addc(zf, "ex.", ZS_TYPE_SOA, ZS_CLASS_HS, 10, SOA_ROOTS);
	addc(zf, "x.ex.", ZS_TYPE_A, ZS_CLASS_HS, 20, "c0000201");
	ck_assert_int_eq(zs_zonefile_commit(zf, 1), 0);
	zs_zonefile_free(zf);
	ck_assert_ptr_nonnull(strstr(slurp(path),
	    "@\t10\tHS\tSOA\t. . 1 2 3 4 5\nx\t20\tA\t192.0.2.1\n"));
}
END_TEST

START_TEST(test_abort_keeps_previous)
{
	char path[128];
	struct zs_zonefile *zf;
	const char *old = "; an older zone file\n@ 1 IN SOA . . 1 1 1 1 1\n";

	snprintf(path, sizeof(path), "%s/example.com.zone", dir);
	spit(path, old);
	zf = open_zone(path, "example.com.", "192.0.2.1#53");
	/* the temporary file sits beside the target */
	ck_assert_int_eq(strncmp(zs_zonefile_tmppath(zf), dir, strlen(dir)),
	    0);
	ck_assert_int_eq(access(zs_zonefile_tmppath(zf), F_OK), 0);
	write_example(zf);
	ck_assert_str_eq(slurp(path), old);
	zs_zonefile_free(zf);		/* no commit */
	ck_assert_str_eq(slurp(path), old);
	ck_assert_str_eq(listing(), "example.com.zone");

	/* aborting a big zone that was partly flushed to disk */
	zf = open_zone(path, "example.com.", NULL);
	{
		int i;

		for (i = 0; i < 20000; i++)
			ck_assert_int_eq(add(zf, "www.example.com.",
			    ZS_TYPE_A, 300, "c0000250"), 0);
	}
	ck_assert_uint_gt(zs_zonefile_bytes(zf), 192 * 1024);
	zs_zonefile_free(zf);
	ck_assert_str_eq(slurp(path), old);
	ck_assert_str_eq(listing(), "example.com.zone");
}
END_TEST

START_TEST(test_big_zone)
{
	char path[128], owner[64];
	struct zs_zonefile *zf;
	struct zs_zonefile_info info;
	const char *text;
	size_t lines = 0;
	int i;

	snprintf(path, sizeof(path), "%s/big.zone", dir);
	zf = open_zone(path, "example.com.", "192.0.2.1#53");
	ck_assert_int_eq(add(zf, "example.com.", ZS_TYPE_SOA, 3600, SOA_RD),
	    0);
	for (i = 0; i < 30000; i++) {
		snprintf(owner, sizeof(owner), "h%d.example.com.", i);
		ck_assert_int_eq(add(zf, owner, ZS_TYPE_A, 300, "c0000250"),
		    0);
	}
	ck_assert_int_eq(zs_zonefile_commit(zf, 4000000000u), 0);
	ck_assert_uint_eq(zs_zonefile_records(zf), 30001);
	text = slurp(path);
	ck_assert_uint_eq(zs_zonefile_bytes(zf), strlen(text));
	zs_zonefile_free(zf);
	for (; *text != '\0'; text++)
		lines += *text == '\n';
	ck_assert_uint_eq(lines, 30001 + 6);
	/* read_info takes the SOA line; the header says what commit said. */
	ck_assert_int_eq(zs_zonefile_read_info(path, &info), 0);
	ck_assert_uint_eq(info.serial, 2026112101);
	ck_assert_uint_eq(info.records, 30001);
	text = slurp(path);
	ck_assert_ptr_nonnull(strstr(text, "; serial:            4000000000\n"));
	ck_assert_ptr_nonnull(strstr(text, "; records:                30001\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "\nh29999\t300\tA\t192.0.2.80\n"));
}
END_TEST

START_TEST(test_finish_install)
{
	char path[128], tmp[256];
	struct zs_zonefile *zf;
	const char *old = "old\n";

	snprintf(path, sizeof(path), "%s/example.com.zone", dir);
	spit(path, old);
	zf = open_zone(path, "example.com.", "192.0.2.1#53");
	ck_assert_int_eq(zs_zonefile_install(zf), ZS_EINVAL); /* not finished */
	write_example(zf);
	ck_assert_int_eq(zs_zonefile_finish(zf, 2026112101), 0);
	snprintf(tmp, sizeof(tmp), "%s", zs_zonefile_tmppath(zf));
	/* complete in the temporary file, target untouched */
	ck_assert_str_eq(slurp(tmp), example_zone);
	ck_assert_str_eq(slurp(path), old);
	ck_assert_int_eq(zs_zonefile_finish(zf, 1), ZS_EINVAL);
	ck_assert_int_eq(zs_zonefile_install(zf), 0);
	ck_assert_str_eq(slurp(path), example_zone);
	ck_assert_int_eq(access(tmp, F_OK), -1);
	ck_assert_int_eq(zs_zonefile_install(zf), ZS_EINVAL);
	/*
	 * The replaced file lives on under a temporary name until free, so
	 * its blocks are not freed between the rename and the reload.
	 */
	{
		const char *l = listing();

		ck_assert_msg(strncmp(l, ".example.com.zone.", 18) == 0 &&
		    strlen(l) == 24 + 1 + strlen("example.com.zone"),
		    "listing %s", l);
	}
	zs_zonefile_free(zf);
	ck_assert_str_eq(slurp(path), example_zone);
	ck_assert_str_eq(listing(), "example.com.zone");
}
END_TEST

/*
 * The caller may take the replaced file's link and free the writer at
 * once (the daemon drops the link after named has loaded): the link then
 * outlives zs_zonefile_free, holding the old data, until the caller's
 * unlink.
 */
START_TEST(test_take_replaced)
{
	char path[128];
	struct zs_zonefile *zf;
	char *old;

	snprintf(path, sizeof(path), "%s/example.com.zone", dir);
	spit(path, "old\n");
	zf = open_zone(path, "example.com.", "192.0.2.1#53");
	write_example(zf);
	ck_assert_int_eq(zs_zonefile_commit(zf, 2026112101), 0);
	old = zs_zonefile_take_replaced(zf);
	ck_assert_ptr_nonnull(old);
	ck_assert_ptr_null(zs_zonefile_take_replaced(zf));
	zs_zonefile_free(zf);
	ck_assert_str_eq(slurp(old), "old\n");
	ck_assert_str_eq(slurp(path), example_zone);
	ck_assert_int_eq(unlink(old), 0);
	free(old);
	ck_assert_str_eq(listing(), "example.com.zone");

	/* Nothing replaced (a first transfer): nothing to take. */
	ck_assert_int_eq(unlink(path), 0);
	zf = open_zone(path, "example.com.", "192.0.2.1#53");
	write_example(zf);
	ck_assert_int_eq(zs_zonefile_commit(zf, 2026112101), 0);
	ck_assert_ptr_null(zs_zonefile_take_replaced(zf));
	zs_zonefile_free(zf);
	ck_assert_str_eq(listing(), "example.com.zone");
}
END_TEST

START_TEST(test_finish_then_free)
{
	/* finished but never installed: the temporary file goes away */
	char path[128];
	struct zs_zonefile *zf;

	snprintf(path, sizeof(path), "%s/z", dir);
	zf = open_zone(path, "example.com.", NULL);
	write_example(zf);
	ck_assert_int_eq(zs_zonefile_finish(zf, 5), 0);
	zs_zonefile_free(zf);
	ck_assert_str_eq(listing(), "");
	zs_zonefile_free(NULL);
}
END_TEST

START_TEST(test_missing_dir)
{
	char path[256];
	struct zs_zonefile *zf = (struct zs_zonefile *)&dir; /* sentinel */
	uint8_t o[ZS_DNAME_MAXLEN];
	size_t ol = wname("example.com.", o);

	snprintf(path, sizeof(path), "%s/no/such/dir/zone", dir);
	ck_assert_int_eq(zs_zonefile_open(&zf, path, o, ol, ZS_CLASS_IN,
	    NULL), -ENOENT);
	ck_assert_ptr_eq(zf, (struct zs_zonefile *)&dir);
	ck_assert_str_eq(listing(), "");
}
END_TEST

START_TEST(test_dir_gone_before_commit)
{
	char sub[128], path[192];
	struct zs_zonefile *zf;

	snprintf(sub, sizeof(sub), "%s/sub", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(path, sizeof(path), "%s/zone", sub);
	zf = open_zone(path, "example.com.", NULL);
	write_example(zf);
	ck_assert_int_eq(unlink(zs_zonefile_tmppath(zf)), 0);
	ck_assert_int_eq(rmdir(sub), 0);
	ck_assert_int_eq(zs_zonefile_commit(zf, 1), -ENOENT);
	zs_zonefile_free(zf);
	ck_assert_str_eq(listing(), "");
}
END_TEST

START_TEST(test_bad_origin)
{
	char path[128];
	struct zs_zonefile *zf = NULL;
	uint8_t bad[] = { 3, 'a', 'b' };

	snprintf(path, sizeof(path), "%s/z", dir);
	ck_assert_int_eq(zs_zonefile_open(&zf, path, bad, sizeof(bad),
	    ZS_CLASS_IN, NULL), ZS_EINVAL);
	ck_assert_ptr_null(zf);
	ck_assert_str_eq(listing(), "");
}
END_TEST


/* What a restarted daemon reads back: SOA timers and record count. */
START_TEST(test_read_info)
{
	struct zs_zonefile_info info;
	struct zs_zonefile *zf;
	char path[128];

	snprintf(path, sizeof(path), "%s/example.com.zone", dir);
	zf = open_zone(path, "example.com.", "192.0.2.1#53");
	write_example(zf);
	ck_assert_int_eq(zs_zonefile_commit(zf, 2026112101), 0);
	zs_zonefile_free(zf);
	memset(&info, 0, sizeof(info));
	ck_assert_int_eq(zs_zonefile_read_info(path, &info), 0);
	ck_assert_uint_eq(info.records, 11);
	ck_assert_uint_eq(info.serial, 2026112101);
	ck_assert_uint_eq(info.refresh, 3600);
	ck_assert_uint_eq(info.retry, 600);
	ck_assert_uint_eq(info.expire, 604800);
	ck_assert_uint_eq(info.minimum, 300);

	/* Not ours, or ours without a one-line SOA: refused. */
	spit(path, "$ORIGIN example.com.\n@ 1 IN SOA a b 1 2 3 4 5\n");
	ck_assert_int_eq(zs_zonefile_read_info(path, &info), ZS_ESYNTAX);
	spit(path, "; zonesync zone file: x.\n; records: 3\n$ORIGIN x.\n"
	    "@ 1 IN SOA a b ( 1 2 3 4 5 )\n");
	ck_assert_int_eq(zs_zonefile_read_info(path, &info), ZS_ESYNTAX);
	spit(path, "; zonesync zone file: x.\n$ORIGIN x.\n"
	    "@ 1 IN SOA a b 1 2 3 4 5\n");	/* no record count */
	ck_assert_int_eq(zs_zonefile_read_info(path, &info), ZS_ESYNTAX);
	spit(path, "; zonesync zone file: x.\n; records: 3\n$ORIGIN x.\n"
	    "@ 1 IN SOA a b 4294967296 2 3 4 5\n");
	ck_assert_int_eq(zs_zonefile_read_info(path, &info), ZS_ESYNTAX);
	snprintf(path, sizeof(path), "%s/missing", dir);
	ck_assert_int_eq(zs_zonefile_read_info(path, &info), -ENOENT);
}
END_TEST

/* Leftovers of a killed writer go; anything else stays. */
START_TEST(test_remove_stale)
{
	char path[128], p[160];

	snprintf(path, sizeof(path), "%s/z.zone", dir);
	spit(path, "keep");
	snprintf(p, sizeof(p), "%s/.z.zone.AbC123", dir);
	spit(p, "stale");
	snprintf(p, sizeof(p), "%s/.z.zone.Xy9876", dir);
	spit(p, "stale");
	snprintf(p, sizeof(p), "%s/.z.zone.toolong1", dir);
	spit(p, "keep");
	snprintf(p, sizeof(p), "%s/.other.zone.AbC123", dir);
	spit(p, "keep");
	snprintf(p, sizeof(p), "%s/z.zone.AbC123", dir);
	spit(p, "keep");
	snprintf(p, sizeof(p), "%s/.snap+z.zone.snap.AbC123", dir);
	spit(p, "stale");
	snprintf(p, sizeof(p), "%s/.snap+other.zone.snap.AbC123", dir);
	spit(p, "keep");
	snprintf(p, sizeof(p), "%s/z.zone.snap", dir);
	spit(p, "keep");
	{
		char other[128], missing[160];
		const char *paths[3] = { path, other, missing };

		/* Two zones in one directory, one in a missing directory. */
		snprintf(other, sizeof(other), "%s/y.zone", dir);
		snprintf(p, sizeof(p), "%s/.y.zone.QQQQQQ", dir);
		spit(p, "stale");
		snprintf(missing, sizeof(missing), "%s/nodir/x.zone", dir);
		ck_assert_int_eq(zs_zonefile_remove_stale(paths, 3), 4);
		ck_assert_str_eq(listing(), ".other.zone.AbC123|"
		    ".snap+other.zone.snap.AbC123|.z.zone.toolong1|z.zone|"
		    "z.zone.AbC123|z.zone.snap");
		ck_assert_int_eq(zs_zonefile_remove_stale(paths, 3), 0);
		ck_assert_int_eq(zs_zonefile_remove_stale(paths, 0), 0);
	}
}
END_TEST

/* ---- raw format ---------------------------------------------------- */

static struct zs_zonefile *
open_raw(const char *path, const char *origin)
{
	struct zs_zonefile *zf = NULL;
	struct zs_zonefile_meta meta = { "192.0.2.1#53", T2026,
	    ZS_ZONEFILE_RAW };
	uint8_t o[ZS_DNAME_MAXLEN];
	size_t ol = wname(origin, o);

	ck_assert_int_eq(zs_zonefile_open(&zf, path, o, ol, ZS_CLASS_IN,
	    &meta), 0);
	return zf;
}

/* Whole file into a static buffer; its length in *len. */
static const uint8_t *
slurp_bin(const char *path, size_t *len)
{
	static uint8_t buf[1 << 21];
	FILE *fp = fopen(path, "rb");

	ck_assert_ptr_nonnull(fp);
	*len = fread(buf, 1, sizeof(buf), fp);
	ck_assert_uint_lt(*len, sizeof(buf));
	fclose(fp);
	return buf;
}

/* One block of a raw file as the tests see it. */
struct rblock {
	uint16_t rrclass, type, covers;
	uint32_t ttl, count;
	char owner[300];	/* text */
	char rdata[200];	/* hex of the first record's RDATA */
	size_t len;		/* the block's length */
};

static char *
tohex(const uint8_t *p, size_t n, char *out, size_t cap)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < n && 2 * i + 3 <= cap; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	return out;
}

/*
 * Split a raw file as named's load_raw() reads it (master.c), checking
 * what it checks: header, block lengths adding up, counts 1..65535, each
 * record's length inside its block.  Returns the number of blocks.
 */
static size_t
parse_raw(const uint8_t *buf, size_t len, struct rblock *v, size_t max)
{
	struct zs_rd rd = zs_rd_init(buf, len);
	size_t n = 0;

	ck_assert_uint_eq(zs_rd_u32(&rd), 2);	/* dns_masterformat_raw */
	ck_assert_uint_eq(zs_rd_u32(&rd), 1);	/* version */
	ck_assert_uint_eq(zs_rd_u32(&rd), T2026); /* dumptime */
	ck_assert_uint_eq(zs_rd_u32(&rd), 0);	/* flags */
	ck_assert_uint_eq(zs_rd_u32(&rd), 0);	/* sourceserial */
	ck_assert_uint_eq(zs_rd_u32(&rd), 0);	/* lastxfrin */
	while (zs_rd_left(&rd) > 0) {
		uint32_t total = zs_rd_u32(&rd), i;
		struct zs_rd b = zs_rd_sub(&rd, total - 4), nm;
		struct zs_strbuf sb = ZS_STRBUF_INIT;
		uint8_t owner[ZS_DNAME_MAXLEN];
		size_t ol;
		struct rblock blk;

		ck_assert_int_eq(rd.err, 0);
		memset(&blk, 0, sizeof(blk));
		blk.len = total;
		blk.rrclass = zs_rd_u16(&b);
		blk.type = zs_rd_u16(&b);
		blk.covers = zs_rd_u16(&b);
		blk.ttl = zs_rd_u32(&b);
		blk.count = zs_rd_u32(&b);
		ck_assert_uint_ge(blk.count, 1);
		ck_assert_uint_le(blk.count, 65535);
		nm = zs_rd_sub(&b, zs_rd_u16(&b));
		ck_assert_int_eq(zs_dname_unpack(&nm, owner, &ol), 0);
		ck_assert_uint_eq(zs_rd_left(&nm), 0);
		zs_dname_totext(&sb, owner, ol);
		snprintf(blk.owner, sizeof(blk.owner), "%s", zs_sb_cstr(&sb));
		zs_sb_free(&sb);
		for (i = 0; i < blk.count; i++) {
			uint16_t rl = zs_rd_u16(&b);
			const uint8_t *r = zs_rd_bytes(&b, rl);

			ck_assert_int_eq(b.err, 0);
			if (i == 0)
				tohex(r, rl, blk.rdata, sizeof(blk.rdata));
		}
		ck_assert_uint_eq(zs_rd_left(&b), 0);
		ck_assert_int_eq(b.err, 0);
		if (n < max)
			v[n] = blk;
		n++;
	}
	ck_assert_int_eq(rd.err, 0);
	return n;
}

START_TEST(test_raw_write)
{
	static const struct {
		const char *owner;
		uint16_t type;
		uint32_t ttl, count;
		const char *rdata;
	} want[] = {
		{ "example.com.", ZS_TYPE_SOA, 3600, 1, NULL },
		{ "example.com.", ZS_TYPE_NS, 3600, 1, NULL },
		{ "ns1.example.com.", ZS_TYPE_A, 3600, 1, "c0000235" },
		/* WWW joins www's set, as named compares names */
		{ "www.example.com.", ZS_TYPE_A, 300, 3, "c0000250" },
		{ "a.b.c.example.com.", ZS_TYPE_TXT, 60, 1, NULL },
		/* www again after another owner: a block of its own */
		{ "www.Example.com.", ZS_TYPE_A, 300, 1, "c0000253" },
		{ "other.example.net.", ZS_TYPE_A, 300, 1, "c0000254" },
		{ "dot\\.ted.example.com.", ZS_TYPE_A, 300, 1, "c0000255" },
		{ "example.com.", ZS_TYPE_A, 300, 1, "c0000256" },
	};
	struct rblock v[16];
	struct zs_zonefile_info info;
	struct zs_zonefile *zf;
	const uint8_t *buf;
	char path[128], soa[200];
	uint8_t soab[200];
	size_t len, n, i;

	snprintf(path, sizeof(path), "%s/example.com.raw", dir);
	zf = open_raw(path, "example.com.");
	write_example(zf);
	ck_assert_uint_eq(zs_zonefile_records(zf), 11);
	ck_assert_int_eq(zs_zonefile_commit(zf, 2026112101), 0);
	buf = slurp_bin(path, &len);
	ck_assert_uint_eq(zs_zonefile_bytes(zf), len);
	zs_zonefile_free(zf);
	ck_assert_str_eq(listing(), "example.com.raw");
	n = parse_raw(buf, len, v, 16);
	ck_assert_uint_eq(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(v[i].owner, want[i].owner);
		ck_assert_uint_eq(v[i].rrclass, ZS_CLASS_IN);
		ck_assert_uint_eq(v[i].type, want[i].type);
		ck_assert_uint_eq(v[i].covers, 0);
		ck_assert_uint_eq(v[i].ttl, want[i].ttl);
		ck_assert_uint_eq(v[i].count, want[i].count);
		if (want[i].rdata != NULL)
			ck_assert_str_eq(v[i].rdata, want[i].rdata);
	}
	tohex(soab, hexbytes(SOA_RD, soab, sizeof(soab)), soa, sizeof(soa));
	ck_assert_str_eq(v[0].rdata, soa);
	ck_assert_int_eq(zs_zonefile_read_info(path, &info), 0);
	ck_assert_int_eq(info.format, ZS_ZONEFILE_RAW);
	ck_assert_uint_eq(info.records, 11);
	ck_assert_uint_eq(info.serial, 2026112101);
	ck_assert_uint_eq(info.refresh, 3600);
	ck_assert_uint_eq(info.retry, 600);
	ck_assert_uint_eq(info.expire, 604800);
	ck_assert_uint_eq(info.minimum, 300);
}
END_TEST

/*
 * Names compressed in the message are expanded (raw RDATA is read with
 * decompression off); RRSIGs go in one block per covered type.
 */
START_TEST(test_raw_names_and_rrsig)
{
	/* RRSIG A / NS / A: type covered, alg 13, labels 2, TTL 300,
	 * expiration, inception, key tag, signer example.com., signature */
	static const char sig_a[] = "0001 0d 02 0000012c 66000000 65000000 "
	    "1234 07 6578616d706c65 03 636f6d 00 aabbccdd";
	static const char sig_ns[] = "0002 0d 02 0000012c 66000000 65000000 "
	    "1234 07 6578616d706c65 03 636f6d 00 aabbccdd";
	struct rblock v[8];
	struct zs_zonefile *zf;
	struct rrbuf b;
	const uint8_t *buf;
	char path[128];
	size_t len, n;

	snprintf(path, sizeof(path), "%s/example.com.raw", dir);
	zf = open_raw(path, "example.com.");
	ck_assert_int_eq(add(zf, "example.com.", ZS_TYPE_SOA, 3600, SOA_RD),
	    0);
	/* NS whose RDATA is a pointer to the owner at offset 0 */
	ck_assert_int_eq(zs_zonefile_add(zf, mkrr(&b, "example.com.",
	    ZS_TYPE_NS, 3600, "02 6e73 c000")), 0);
	ck_assert_int_eq(add(zf, "example.com.", ZS_TYPE_RRSIG, 300, sig_a),
	    0);
	ck_assert_int_eq(add(zf, "example.com.", ZS_TYPE_RRSIG, 300,
	    sig_ns), 0);
	ck_assert_int_eq(add(zf, "example.com.", ZS_TYPE_RRSIG, 300, sig_a),
	    0);
	ck_assert_int_eq(zs_zonefile_commit(zf, 1), 0);
	zs_zonefile_free(zf);
	buf = slurp_bin(path, &len);
	n = parse_raw(buf, len, v, 8);
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(v[1].rdata,
	    "026e73076578616d706c6503636f6d00");	/* ns.example.com. */
	ck_assert_uint_eq(v[2].type, ZS_TYPE_RRSIG);
	ck_assert_uint_eq(v[2].covers, ZS_TYPE_A);
	ck_assert_uint_eq(v[3].covers, ZS_TYPE_NS);
	ck_assert_uint_eq(v[4].covers, ZS_TYPE_A);
	ck_assert_uint_eq(v[2].count + v[3].count + v[4].count, 3);
}
END_TEST

/*
 * One RRset of 70,000 records: blocks hold at most 65,535 (named's limit)
 * and are cut at a size, so the writer's buffer stays small; named merges
 * them.  The record count read back is the sum.
 */
START_TEST(test_raw_big_rrset)
{
	struct rblock v[64];
	struct zs_zonefile_info info;
	struct zs_zonefile *zf;
	const uint8_t *buf;
	char path[128], hex[16];
	size_t len, n, i;
	uint64_t sum = 0;
	int k;

	snprintf(path, sizeof(path), "%s/big.raw", dir);
	zf = open_raw(path, "example.com.");
	ck_assert_int_eq(add(zf, "example.com.", ZS_TYPE_SOA, 3600, SOA_RD),
	    0);
	for (k = 0; k < 70000; k++) {
		snprintf(hex, sizeof(hex), "%08x", (unsigned)k);
		ck_assert_int_eq(add(zf, "big.example.com.", ZS_TYPE_A, 300,
		    hex), 0);
	}
	ck_assert_int_eq(zs_zonefile_commit(zf, 1), 0);
	zs_zonefile_free(zf);
	buf = slurp_bin(path, &len);
	n = parse_raw(buf, len, v, 64);
	ck_assert_uint_gt(n, 2);
	ck_assert_uint_le(n, 64);
	for (i = 1; i < n; i++) {
		ck_assert_str_eq(v[i].owner, "big.example.com.");
		ck_assert_uint_le(v[i].len, 64 * 1024 + 2 + 65535);
		sum += v[i].count;
	}
	ck_assert_uint_eq(sum, 70000);
	ck_assert_int_eq(zs_zonefile_read_info(path, &info), 0);
	ck_assert_uint_eq(info.records, 70001);
}
END_TEST

/* Malformed RDATA fails the zone; a cut file does not read as ours. */
START_TEST(test_raw_bad)
{
	struct zs_zonefile_info info;
	struct zs_zonefile *zf;
	const uint8_t *buf;
	char path[128];
	uint8_t copy[4096];
	size_t len;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/example.com.raw", dir);
	zf = open_raw(path, "example.com.");
	ck_assert_int_eq(add(zf, "example.com.", ZS_TYPE_SOA, 3600, SOA_RD),
	    0);
	ck_assert_int_eq(add(zf, "x.example.com.", ZS_TYPE_A, 300, "c00002"),
	    ZS_EBADRDATA);
	ck_assert_int_eq(add(zf, "x.example.com.", ZS_TYPE_A, 300,
	    "c0000201"), 0);
	zs_zonefile_free(zf);
	ck_assert_str_eq(listing(), "");

	zf = open_raw(path, "example.com.");
	write_example(zf);
	ck_assert_int_eq(zs_zonefile_commit(zf, 1), 0);
	zs_zonefile_free(zf);
	buf = slurp_bin(path, &len);
	ck_assert_uint_lt(len, sizeof(copy));
	memcpy(copy, buf, len);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	fwrite(copy, 1, len - 3, fp);	/* the last block cut short */
	fclose(fp);
	ck_assert_int_eq(zs_zonefile_read_info(path, &info), ZS_ESYNTAX);
	fp = fopen(path, "wb");
	fwrite(copy, 1, 30, fp);	/* inside the SOA block */
	fclose(fp);
	ck_assert_int_eq(zs_zonefile_read_info(path, &info), ZS_ESYNTAX);
}
END_TEST

static Suite *
zonefile_suite(void)
{
	Suite *s = suite_create("zonefile");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_write);
	tcase_add_test(tc, test_case_sensitive_origin);
	tcase_add_test(tc, test_root_zone_and_no_meta);
	tcase_add_test(tc, test_class_kept);
	tcase_add_test(tc, test_other_classes);
	tcase_add_test(tc, test_abort_keeps_previous);
	tcase_add_test(tc, test_big_zone);
	tcase_add_test(tc, test_finish_install);
	tcase_add_test(tc, test_take_replaced);
	tcase_add_test(tc, test_finish_then_free);
	tcase_add_test(tc, test_missing_dir);
	tcase_add_test(tc, test_dir_gone_before_commit);
	tcase_add_test(tc, test_bad_origin);
	tcase_add_test(tc, test_read_info);
	tcase_add_test(tc, test_remove_stale);
	tcase_add_test(tc, test_raw_write);
	tcase_add_test(tc, test_raw_names_and_rrsig);
	tcase_add_test(tc, test_raw_big_rrset);
	tcase_add_test(tc, test_raw_bad);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(zonefile_suite)
