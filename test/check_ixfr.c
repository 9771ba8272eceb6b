/*
 * check_ixfr.c - the zone snapshot and the IXFR net-change engine.  Every
 * test works in its own directory made with mkdtemp under /tmp; input RRs
 * are views over small hand-made buffers (some of them compressed DNS
 * messages), output RRs are rendered to text and compared.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_util.h"
#include "dname.h"
#include "ixfr.h"
#include "rdata.h"
#include "rrtype.h"
#include "strbuf.h"
#include "zonefile.h"

static char dir[64];
static char zpath[128];		/* dir/example.zone */
static char spath[128];		/* dir/example.zone.snap */

static const uint8_t origin[] = { 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0 };
#define OLEN	sizeof(origin)

/* RDATA of the RRs built below lives here until the next test. */
static uint8_t arena[1 << 22];
static size_t arena_pos;

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/zs_check_ixfr.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(zpath, sizeof(zpath), "%s/example.zone", dir);
	snprintf(spath, sizeof(spath), "%s/example.zone.snap", dir);
	arena_pos = 0;
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

static uint8_t *
alloc(size_t n)
{
	uint8_t *p;

	ck_assert_uint_le(arena_pos + n, sizeof(arena));
	p = arena + arena_pos;
	arena_pos += n;
	return p;
}

static size_t
name(const char *text, uint8_t *out)
{
	size_t n;

	ck_assert_int_eq(zs_dname_from_text(text, strlen(text), origin, OLEN,
	    out, &n), 0);
	return n;
}

/* An RR view over rdata[0..len) copied into the arena. */
static struct zs_rr
mkrr(const char *owner, uint16_t type, uint32_t ttl, const uint8_t *rd,
    size_t len)
{
	struct zs_rr rr;
	uint8_t *p = alloc(len + 1);

	memset(&rr, 0, sizeof(rr));
	rr.owner_len = name(owner, rr.owner);
	rr.type = type;
	rr.rrclass = ZS_CLASS_IN;
	rr.ttl = ttl;
	rr.rdlen = (uint16_t)len;
	memcpy(p, rd, len);
	rr.rdata = zs_rd_init(p, len);
	return rr;
}

static struct zs_rr
A(const char *owner, uint32_t ttl, unsigned a, unsigned b, unsigned c,
    unsigned d)
{
	uint8_t rd[4] = { (uint8_t)a, (uint8_t)b, (uint8_t)c, (uint8_t)d };

	return mkrr(owner, ZS_TYPE_A, ttl, rd, 4);
}

/* NS, CNAME, PTR: one name. */
static struct zs_rr
N(const char *owner, uint16_t type, uint32_t ttl, const char *target)
{
	uint8_t rd[ZS_DNAME_MAXLEN];

	return mkrr(owner, type, ttl, rd, name(target, rd));
}

static struct zs_rr
TXT(const char *owner, uint32_t ttl, const char *s)
{
	uint8_t rd[256];

	rd[0] = (uint8_t)strlen(s);
	memcpy(rd + 1, s, rd[0]);
	return mkrr(owner, ZS_TYPE_TXT, ttl, rd, 1 + rd[0]);
}

static struct zs_rr
SOA(const char *owner, uint32_t ttl, uint32_t serial)
{
	uint8_t rd[600];
	size_t n = name("ns.example.", rd);
	uint32_t v[5] = { serial, 3600, 600, 86400, 300 };
	int i;

	n += name("Host.Example.", rd + n);
	for (i = 0; i < 5; i++) {
		rd[n++] = (uint8_t)(v[i] >> 24);
		rd[n++] = (uint8_t)(v[i] >> 16);
		rd[n++] = (uint8_t)(v[i] >> 8);
		rd[n++] = (uint8_t)v[i];
	}
	return mkrr(owner, ZS_TYPE_SOA, ttl, rd, n);
}

/* One line of text per RR: "owner ttl TYPE rdata". */
static void
render(struct zs_strbuf *sb, const struct zs_rr *rr)
{
	zs_dname_totext(sb, rr->owner, rr->owner_len);
	zs_sb_appendf(sb, " %u ", rr->ttl);
	zs_rrtype_totext(sb, rr->type);
	zs_sb_putc(sb, ' ');
	ck_assert_int_ge(zs_rdata_totext(sb, rr->type, rr->rdata), 0);
	zs_sb_putc(sb, '\n');
}

static int
collect(void *arg, const struct zs_rr *rr)
{
	struct zs_strbuf *sb = arg;

	/* The RDATA window is the whole buffer: nothing to point back to. */
	ck_assert_uint_eq(rr->rdata.pos, 0);
	ck_assert_uint_eq(rr->rdata.end, rr->rdlen);
	ck_assert_uint_eq(rr->rdata.msglen, rr->rdlen);
	render(sb, rr);
	return 0;
}

static const char *
text(const struct zs_rr *rrs, size_t n)
{
	static struct zs_strbuf sb;
	size_t i;

	zs_sb_reset(&sb);
	zs_sb_puts(&sb, "");
	for (i = 0; i < n; i++)
		render(&sb, &rrs[i]);
	return zs_sb_cstr(&sb);
}

static void
write_snap(const struct zs_rr *rrs, size_t n)
{
	struct zs_snap *s;
	struct zs_soa soa;
	size_t i;

	ck_assert_int_eq(zs_snap_open(&s, zpath, origin, OLEN, ZS_CLASS_IN),
	    0);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(zs_snap_add(s, &rrs[i]), 0);
	ck_assert_int_eq(zs_msg_soa(rrs[0].rdata, &soa), 0);
	ck_assert_int_eq(zs_snap_finish(s, soa.serial), 0);
	ck_assert_int_eq(zs_snap_install(s), 0);
	zs_snap_free(s);
}

/*
 * Apply ix to the snapshot; on success install the new snapshot and check
 * its header.  The text of the resulting zone goes to *out.
 */
static int
apply(struct zs_ixfr *ix, const char **out, struct zs_ixfr_stats *st)
{
	static struct zs_strbuf sb;
	struct zs_snap *s;
	struct zs_ixfr_stats tmp;
	uint32_t serial;
	uint64_t records;
	int ret;

	zs_sb_reset(&sb);
	zs_sb_puts(&sb, "");
	ck_assert_int_eq(zs_snap_open(&s, zpath, origin, OLEN, ZS_CLASS_IN),
	    0);
	ret = zs_ixfr_apply(ix, zpath, s, collect, &sb, &tmp);
	if (ret == 0) {
		ck_assert_uint_eq(zs_snap_records(s), tmp.records);
		ck_assert_int_eq(zs_snap_finish(s, zs_ixfr_serial(ix)), 0);
		ck_assert_int_eq(zs_snap_install(s), 0);
		ck_assert_int_eq(zs_snap_stat(zpath, origin, OLEN,
		    ZS_CLASS_IN, &serial, &records), 0);
		ck_assert_uint_eq(serial, zs_ixfr_serial(ix));
		ck_assert_uint_eq(records, tmp.records);
		if (st != NULL)
			*st = tmp;
	}
	zs_snap_free(s);
	/* Whatever happened, only the snapshot is left. */
	ck_assert_str_eq(listing(), "example.zone.snap");
	*out = zs_sb_cstr(&sb);
	return ret;
}

/* The snapshot read back as it is (an empty change). */
static const char *
readback(uint32_t serial)
{
	struct zs_ixfr *ix = zs_ixfr_new(origin, OLEN, ZS_CLASS_IN, serial, 0);
	const char *t;

	ck_assert_ptr_nonnull(ix);
	ck_assert_int_eq(apply(ix, &t, NULL), 0);
	zs_ixfr_free(ix);
	return t;
}

/* A small zone at serial 10. */
static struct zs_rr base[8];
static size_t nbase;

static void
small_zone(void)
{
	nbase = 0;
	base[nbase++] = SOA("@", 3600, 10);
	base[nbase++] = N("@", ZS_TYPE_NS, 3600, "ns1");
	base[nbase++] = N("@", ZS_TYPE_NS, 3600, "NS2");
	base[nbase++] = A("www", 300, 192, 0, 2, 1);
	base[nbase++] = A("www", 300, 192, 0, 2, 2);
	base[nbase++] = TXT("www", 300, "hello");
	base[nbase++] = A("Mail", 300, 192, 0, 2, 25);
	write_snap(base, nbase);
}

static struct zs_ixfr *
ixnew(uint32_t from)
{
	struct zs_ixfr *ix = zs_ixfr_new(origin, OLEN, ZS_CLASS_IN, from, 0);

	ck_assert_ptr_nonnull(ix);
	return ix;
}

static void
delta(struct zs_ixfr *ix, uint32_t from, uint32_t to)
{
	struct zs_rr o = SOA("@", 3600, from), n = SOA("@", 7200, to);

	ck_assert_int_eq(zs_ixfr_delta(ix, &o, &n), 0);
}

/* ---- snapshot file */

START_TEST(t_roundtrip)
{
	struct zs_snap *s;
	uint32_t serial;
	uint64_t records;
	const char *l;

	small_zone();
	ck_assert_str_eq(listing(), "example.zone.snap");
	ck_assert_int_eq(zs_snap_stat(zpath, origin, OLEN, ZS_CLASS_IN,
	    &serial, &records), 0);
	ck_assert_uint_eq(serial, 10);
	ck_assert_uint_eq(records, nbase);
	/* Case-insensitive on the zone name. */
	{
		uint8_t up[] = { 7, 'E', 'X', 'A', 'M', 'P', 'L', 'E', 0 };

		ck_assert_int_eq(zs_snap_stat(zpath, up, sizeof(up),
		    ZS_CLASS_IN, &serial, &records), 0);
	}
	ck_assert_str_eq(readback(10), text(base, nbase));
	/* Twice: the snapshot apply wrote reads back the same. */
	ck_assert_str_eq(readback(10), text(base, nbase));

	/* The temporary file is not named like the zone writer's. */
	ck_assert_int_eq(zs_snap_open(&s, zpath, origin, OLEN, ZS_CLASS_IN),
	    0);
	l = listing();
	ck_assert_msg(strncmp(l, ".snap+example.zone.snap.", 24) == 0, "%s", l);
	ck_assert_ptr_null(strstr(l, ".example.zone."));
	zs_snap_free(s);
	ck_assert_str_eq(listing(), "example.zone.snap");

	ck_assert_int_eq(zs_snap_remove(zpath), 0);
	ck_assert_int_eq(zs_snap_remove(zpath), 0);
	ck_assert_int_eq(zs_snap_stat(zpath, origin, OLEN, ZS_CLASS_IN,
	    &serial, &records), -ENOENT);
}
END_TEST

START_TEST(t_writer_rules)
{
	struct zs_snap *s;
	struct zs_rr soa = SOA("@", 3600, 5), a = A("www", 60, 1, 2, 3, 4);
	struct zs_rr soa2 = SOA("sub", 3600, 5);

	ck_assert_int_eq(zs_snap_open(&s, zpath, origin, OLEN, ZS_CLASS_IN),
	    0);
	ck_assert_int_eq(zs_snap_finish(s, 5), ZS_ENOSOA);
	ck_assert_int_eq(zs_snap_add(s, &a), ZS_ENOSOA);
	ck_assert_int_eq(zs_snap_add(s, &soa2), ZS_ENOSOA);
	ck_assert_int_eq(zs_snap_add(s, &soa), 0);
	ck_assert_int_eq(zs_snap_add(s, &soa), ZS_EINVAL);
	ck_assert_int_eq(zs_snap_add(s, &soa2), ZS_ENOTAPEX);
	a.rrclass = ZS_CLASS_CH;
	ck_assert_int_eq(zs_snap_add(s, &a), ZS_ECLASS);
	a.rrclass = ZS_CLASS_IN;
	ck_assert_int_eq(zs_snap_add(s, &a), 0);
	ck_assert_int_eq(zs_snap_install(s), ZS_EINVAL);
	ck_assert_int_eq(zs_snap_finish(s, 6), ZS_EINVAL);
	ck_assert_int_eq(zs_snap_finish(s, 5), 0);
	ck_assert_int_eq(zs_snap_add(s, &a), ZS_EINVAL);
	zs_snap_free(s);
	/* Never installed: nothing left. */
	ck_assert_str_eq(listing(), "");
	zs_snap_free(NULL);
}
END_TEST

static void
copy_file(const char *from, const char *to, long cut, long flip)
{
	static uint8_t buf[1 << 16];
	FILE *in = fopen(from, "rb"), *out;
	size_t n;

	ck_assert_ptr_nonnull(in);
	n = fread(buf, 1, sizeof(buf), in);
	fclose(in);
	if (cut >= 0)
		n = (size_t)cut;
	if (flip >= 0)
		buf[flip] ^= 0x20;
	ck_assert_ptr_nonnull(out = fopen(to, "wb"));
	ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
	fclose(out);
}

static int
stat_snap(void)
{
	uint32_t serial;
	uint64_t records;

	return zs_snap_stat(zpath, origin, OLEN, ZS_CLASS_IN, &serial,
	    &records);
}

static int
apply_empty(uint32_t from)
{
	struct zs_ixfr *ix = ixnew(from);
	struct zs_strbuf sb = { 0 };
	int ret;

	ret = zs_ixfr_apply(ix, zpath, NULL, collect, &sb, NULL);
	zs_sb_free(&sb);
	zs_ixfr_free(ix);
	return ret;
}

START_TEST(t_refused)
{
	char good[160], p[512];
	struct stat st;
	struct zs_snap *s;
	uint32_t serial;
	uint64_t records;
	uint8_t other[] = { 5, 'o', 't', 'h', 'e', 'r', 0 };
	long size, off;
	size_t i;

	small_zone();
	snprintf(good, sizeof(good), "%s/good", dir);
	ck_assert_int_eq(rename(spath, good), 0);
	ck_assert_int_eq(stat(good, &st), 0);
	size = (long)st.st_size;

	copy_file(good, spath, -1, -1);
	ck_assert_int_eq(stat_snap(), 0);
	ck_assert_int_eq(apply_empty(10), 0);
	/* Another zone, class, serial. */
	ck_assert_int_eq(zs_snap_stat(zpath, other, sizeof(other),
	    ZS_CLASS_IN, &serial, &records), ZS_ESNAP);
	ck_assert_int_eq(zs_snap_stat(zpath, origin, OLEN, ZS_CLASS_CH,
	    &serial, &records), ZS_ESNAP);
	ck_assert_int_eq(apply_empty(9), ZS_ESNAP);
	ck_assert_int_eq(apply_empty(11), ZS_ESNAP);

	/* Torn: every length short of the whole. */
	for (off = 0; off < size; off++) {
		copy_file(good, spath, off, -1);
		ck_assert_int_eq(stat_snap() == 0 && apply_empty(10) == 0, 0);
		ck_assert_int_eq(apply_empty(10), ZS_ESNAP);
	}
	/* One octet more. */
	copy_file(good, spath, size, -1);
	{
		FILE *fp = fopen(spath, "ab");

		fputc(0, fp);
		fclose(fp);
	}
	ck_assert_int_eq(stat_snap(), ZS_ESNAP);
	ck_assert_int_eq(apply_empty(10), ZS_ESNAP);
	/* Any octet altered: header or records. */
	for (off = 0; off < size; off++) {
		copy_file(good, spath, -1, off);
		ck_assert_msg(apply_empty(10) == ZS_ESNAP, "flip at %ld", off);
	}

	/* A temporary file copied before zs_snap_finish: not complete. */
	unlink(spath);
	ck_assert_int_eq(zs_snap_open(&s, zpath, origin, OLEN, ZS_CLASS_IN),
	    0);
	for (i = 0; i < nbase; i++)
		ck_assert_int_eq(zs_snap_add(s, &base[i]), 0);
	/* Enough records that the header placeholder reaches the file. */
	for (i = 0; i < 8000; i++) {
		struct zs_rr a = A("many", 60, 10, 0, (uint8_t)(i >> 8),
		    (uint8_t)i);

		ck_assert_int_eq(zs_snap_add(s, &a), 0);
	}
	{
		struct dirent *e;
		DIR *d = opendir(dir);

		while ((e = readdir(d)) != NULL)
			if (strncmp(e->d_name, ".snap+", 6) == 0)
				snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		closedir(d);
	}
	copy_file(p, spath, -1, -1);
	ck_assert_int_eq(stat_snap(), ZS_ESNAP);
	ck_assert_int_eq(apply_empty(10), ZS_ESNAP);
	zs_snap_free(s);

	/* None at all. */
	unlink(spath);
	ck_assert_int_eq(stat_snap(), -ENOENT);
	ck_assert_int_eq(apply_empty(10), ZS_ESNAP);
	unlink(good);
}
END_TEST

/* ---- the change */

START_TEST(t_add_del_ttl)
{
	struct zs_ixfr *ix;
	struct zs_ixfr_stats st;
	struct zs_rr r;
	struct zs_rr want[10];
	const char *t;
	size_t n = 0;

	small_zone();
	ix = ixnew(10);
	delta(ix, 10, 11);
	r = A("www", 300, 192, 0, 2, 2);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = A("Mail", 300, 192, 0, 2, 25);	/* TTL change: del, add */
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = A("Mail", 900, 192, 0, 2, 25);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	r = A("www", 300, 192, 0, 2, 3);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	ck_assert_uint_eq(zs_ixfr_serial(ix), 11);
	ck_assert_uint_eq(zs_ixfr_pending(ix), 3);
	ck_assert_int_eq(apply(ix, &t, &st), 0);
	want[n++] = SOA("@", 7200, 11);
	want[n++] = base[1];
	want[n++] = base[2];
	want[n++] = base[3];
	want[n++] = A("www", 300, 192, 0, 2, 3);
	want[n++] = base[5];
	want[n++] = A("Mail", 900, 192, 0, 2, 25);
	ck_assert_str_eq(t, text(want, n));
	ck_assert_uint_eq(st.from, 10);
	ck_assert_uint_eq(st.to, 11);
	ck_assert_uint_eq(st.deltas, 1);
	ck_assert_uint_eq(st.deleted, 1);
	ck_assert_uint_eq(st.added, 1);
	ck_assert_uint_eq(st.replaced, 1);
	ck_assert_uint_eq(st.records, n);
	zs_ixfr_free(ix);
	ck_assert_str_eq(readback(11), text(want, n));
}
END_TEST

START_TEST(t_compose)
{
	struct zs_ixfr *ix;
	struct zs_ixfr_stats st;
	struct zs_rr r, want[10];
	const char *t;
	size_t n = 0;

	small_zone();
	ix = ixnew(10);
	/* 10 -> 11: add x, delete www .1, TTL of Mail 300 -> 600 */
	delta(ix, 10, 11);
	r = A("www", 300, 192, 0, 2, 1);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = A("Mail", 300, 192, 0, 2, 25);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = A("x", 60, 10, 0, 0, 1);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	r = A("Mail", 600, 192, 0, 2, 25);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	/* 11 -> 12: delete x again, re-add www .1, TTL of Mail 600 -> 900 */
	delta(ix, 11, 12);
	r = A("x", 60, 10, 0, 0, 1);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = A("Mail", 600, 192, 0, 2, 25);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = A("www", 120, 192, 0, 2, 1);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	r = A("Mail", 900, 192, 0, 2, 25);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	/* 12 -> 13: nothing but the SOA */
	delta(ix, 12, 13);
	ck_assert_uint_eq(zs_ixfr_pending(ix), 2);
	ck_assert_int_eq(apply(ix, &t, &st), 0);
	want[n++] = SOA("@", 7200, 13);
	want[n++] = base[1];
	want[n++] = base[2];
	want[n++] = A("www", 120, 192, 0, 2, 1);	/* in its place */
	want[n++] = base[4];
	want[n++] = base[5];
	want[n++] = A("Mail", 900, 192, 0, 2, 25);
	ck_assert_str_eq(t, text(want, n));
	ck_assert_uint_eq(st.deltas, 3);
	ck_assert_uint_eq(st.added, 0);
	ck_assert_uint_eq(st.deleted, 0);
	ck_assert_uint_eq(st.replaced, 2);
	zs_ixfr_free(ix);

	/* Replaced, then deleted for good in a later delta. */
	ix = ixnew(13);
	delta(ix, 13, 14);
	r = A("www", 120, 192, 0, 2, 1);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = A("www", 5, 192, 0, 2, 1);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	delta(ix, 14, 15);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	ck_assert_int_eq(apply(ix, &t, &st), 0);
	ck_assert_uint_eq(st.deleted, 1);
	ck_assert_uint_eq(st.records, n - 1);
	zs_ixfr_free(ix);
}
END_TEST

START_TEST(t_strict)
{
	struct zs_ixfr *ix;
	struct zs_rr r, o, nw;
	const char *t;

	small_zone();
	/* Deleting a record the zone does not have. */
	ix = ixnew(10);
	delta(ix, 10, 11);
	r = A("www", 300, 192, 0, 2, 9);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	ck_assert_int_eq(apply(ix, &t, NULL), ZS_EDIFF);
	zs_ixfr_free(ix);
	/* Adding one it has (the TTL does not matter). */
	ix = ixnew(10);
	delta(ix, 10, 11);
	r = A("www", 1, 192, 0, 2, 2);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	ck_assert_int_eq(apply(ix, &t, NULL), ZS_EDIFF);
	zs_ixfr_free(ix);
	/* Deleting twice, adding twice: at once, and for good. */
	ix = ixnew(10);
	delta(ix, 10, 11);
	r = A("www", 300, 192, 0, 2, 2);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	delta(ix, 11, 12);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), ZS_EDIFF);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), ZS_EDIFF);
	ck_assert_int_eq(apply(ix, &t, NULL), ZS_EDIFF);
	zs_ixfr_free(ix);
	ix = ixnew(10);
	delta(ix, 10, 11);
	r = A("new", 300, 192, 0, 2, 2);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), ZS_EDIFF);
	zs_ixfr_free(ix);
	/* Replaced, then added again. */
	ix = ixnew(10);
	delta(ix, 10, 11);
	r = A("www", 300, 192, 0, 2, 2);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), ZS_EDIFF);
	zs_ixfr_free(ix);

	/* The chain of serials. */
	ix = ixnew(10);
	o = SOA("@", 3600, 9);
	nw = SOA("@", 3600, 11);
	ck_assert_int_eq(zs_ixfr_delta(ix, &o, &nw), ZS_ECHAIN);
	ck_assert_int_eq(zs_ixfr_delta(ix, &o, &nw), ZS_ECHAIN);
	zs_ixfr_free(ix);
	ix = ixnew(10);
	delta(ix, 10, 11);
	o = SOA("@", 3600, 10);
	nw = SOA("@", 3600, 12);
	ck_assert_int_eq(zs_ixfr_delta(ix, &o, &nw), ZS_ECHAIN);
	r = A("www", 300, 192, 0, 2, 2);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), ZS_ECHAIN);	/* sticky */
	ck_assert_int_eq(apply(ix, &t, NULL), ZS_ECHAIN);
	zs_ixfr_free(ix);
	/* A delta from an older serial than the snapshot's. */
	ix = ixnew(9);
	delta(ix, 9, 10);
	ck_assert_int_eq(apply(ix, &t, NULL), ZS_ESNAP);
	zs_ixfr_free(ix);

	/* SOA records off the apex, or outside a delta's SOAs. */
	ix = ixnew(10);
	o = SOA("sub", 3600, 10);
	nw = SOA("@", 3600, 11);
	ck_assert_int_eq(zs_ixfr_delta(ix, &o, &nw), ZS_ENOTAPEX);
	zs_ixfr_free(ix);
	ix = ixnew(10);
	o = SOA("@", 3600, 10);
	nw = SOA("sub", 3600, 11);
	ck_assert_int_eq(zs_ixfr_delta(ix, &o, &nw), ZS_ENOTAPEX);
	zs_ixfr_free(ix);
	ix = ixnew(10);
	o = SOA("@", 3600, 10);
	nw = A("@", 3600, 1, 2, 3, 4);
	ck_assert_int_eq(zs_ixfr_delta(ix, &o, &nw), ZS_EINVAL);
	zs_ixfr_free(ix);
	ix = ixnew(10);
	r = A("www", 300, 192, 0, 2, 2);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), ZS_EINVAL);	/* no delta */
	delta(ix, 10, 11);
	r = SOA("sub", 3600, 10);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), ZS_ENOTAPEX);
	zs_ixfr_free(ix);
	ix = ixnew(10);
	delta(ix, 10, 11);
	r = SOA("@", 3600, 10);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), ZS_EINVAL);
	zs_ixfr_free(ix);
	ix = ixnew(10);
	delta(ix, 10, 11);
	r = A("www.other.", 300, 1, 2, 3, 4);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), ZS_EOUTOFZONE);
	zs_ixfr_free(ix);
	ix = ixnew(10);
	delta(ix, 10, 11);
	r = A("www", 300, 1, 2, 3, 4);
	r.rrclass = ZS_CLASS_CH;
	ck_assert_int_eq(zs_ixfr_add(ix, &r), ZS_ECLASS);
	zs_ixfr_free(ix);
	/* The snapshot is still the old one. */
	ck_assert_str_eq(readback(10), text(base, nbase));
}
END_TEST

START_TEST(t_case)
{
	struct zs_ixfr *ix;
	struct zs_rr r, want[10];
	const char *t;
	size_t n = 0;

	small_zone();
	ix = ixnew(10);
	delta(ix, 10, 11);
	r = A("WWW", 300, 192, 0, 2, 1);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = N("@", ZS_TYPE_NS, 3600, "NS1");		/* base: ns1 */
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = N("@", ZS_TYPE_NS, 60, "ns2.EXAMPLE.");	/* base: NS2 */
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = N("EXAMPLE.", ZS_TYPE_NS, 60, "Ns2.example.");
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	r = A("mail", 300, 192, 0, 2, 25);		/* base: Mail */
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	ck_assert_int_eq(apply(ix, &t, NULL), ZS_EDIFF);
	zs_ixfr_free(ix);

	ix = ixnew(10);
	delta(ix, 10, 11);
	r = A("WWW", 300, 192, 0, 2, 1);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = N("@", ZS_TYPE_NS, 3600, "NS1");
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = N("@", ZS_TYPE_NS, 60, "ns2.EXAMPLE.");
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = N("EXAMPLE.", ZS_TYPE_NS, 60, "Ns2.example.");
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	ck_assert_int_eq(apply(ix, &t, NULL), 0);
	want[n++] = SOA("@", 7200, 11);
	want[n++] = N("EXAMPLE.", ZS_TYPE_NS, 60, "Ns2.example.");
	want[n++] = base[4];
	want[n++] = base[5];
	want[n++] = base[6];
	ck_assert_str_eq(t, text(want, n));
	zs_ixfr_free(ix);
}
END_TEST

/*
 * An IXFR-looking message: owner "example." at offset 12, then RRs whose
 * owners and NS targets point back to it.
 */
START_TEST(t_compressed)
{
	static const char *hex =
	    "0000 8400 0000 0003 0000 0000"
	    /* 12: example. NS ns1.example. (ns1 + pointer to 12) */
	    "07 6578616d706c65 00 0002 0001 00000e10 0006 03 6e7331 c00c"
	    /* 37: www.example. (www + ptr) NS ns9.example. */
	    "03 777777 c00c 0002 0001 0000003c 0006 03 6e7339 c00c"
	    /* 63: www.example. MX 10 Mail.example. (ptr to 12) */
	    "c025 000f 0001 0000003c 0009 000a 04 4d61696c c00c";
	uint8_t msg[256];
	size_t len = hexbytes(hex, msg, sizeof(msg));
	struct zs_rd rd = zs_rd_init(msg, len);
	struct zs_msghdr h;
	struct zs_rr rr[3], want[10];
	struct zs_ixfr *ix;
	const char *t;
	size_t n = 0, i;

	ck_assert_int_eq(zs_msg_read_header(&rd, &h), 0);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(zs_msg_read_rr(&rd, &rr[i]), 0);
	ck_assert_uint_eq(zs_rd_left(&rd), 0);
	small_zone();
	ix = ixnew(10);
	delta(ix, 10, 11);
	ck_assert_int_eq(zs_ixfr_del(ix, &rr[0]), 0);	/* base: ns1 */
	ck_assert_int_eq(zs_ixfr_add(ix, &rr[1]), 0);
	ck_assert_int_eq(zs_ixfr_add(ix, &rr[2]), 0);
	ck_assert_int_eq(apply(ix, &t, NULL), 0);
	want[n++] = SOA("@", 7200, 11);
	want[n++] = base[2];
	want[n++] = base[3];
	want[n++] = base[4];
	want[n++] = base[5];
	want[n++] = N("www", ZS_TYPE_NS, 60, "ns9");
	{
		uint8_t mx[64] = { 0, 10 };
		size_t m = 2 + name("Mail", mx + 2);

		want[n++] = mkrr("www", ZS_TYPE_MX, 60, mx, m);
	}
	want[n++] = base[6];
	ck_assert_str_eq(t, text(want, n));
	zs_ixfr_free(ix);

	/* And a snapshot written from compressed views. */
	{
		struct zs_snap *s;
		struct zs_rr soa = SOA("@", 3600, 1);

		ck_assert_int_eq(zs_snap_open(&s, zpath, origin, OLEN,
		    ZS_CLASS_IN), 0);
		ck_assert_int_eq(zs_snap_add(s, &soa), 0);
		for (i = 0; i < 3; i++)
			ck_assert_int_eq(zs_snap_add(s, &rr[i]), 0);
		ck_assert_int_eq(zs_snap_finish(s, 1), 0);
		ck_assert_int_eq(zs_snap_install(s), 0);
		zs_snap_free(s);
		n = 0;
		want[n++] = soa;
		want[n++] = N("@", ZS_TYPE_NS, 3600, "ns1");
		want[n++] = N("www", ZS_TYPE_NS, 60, "ns9");
		{
			uint8_t mx[64] = { 0, 10 };
			size_t m = 2 + name("Mail", mx + 2);

			want[n++] = mkrr("www", ZS_TYPE_MX, 60, mx, m);
		}
		ck_assert_str_eq(readback(1), text(want, n));
	}
}
END_TEST

START_TEST(t_placement)
{
	struct zs_ixfr *ix;
	struct zs_rr r[12], want[20];
	const char *t;
	size_t n = 0, i, k = 0;

	small_zone();
	ix = ixnew(10);
	delta(ix, 10, 11);
	r[k++] = A("zzz", 60, 10, 0, 0, 26);		/* new owners */
	r[k++] = TXT("aaa", 60, "a");
	r[k++] = A("aaa", 60, 10, 0, 0, 1);
	r[k++] = A("www", 300, 192, 0, 2, 3);		/* RRset www A */
	r[k++] = N("www", ZS_TYPE_CNAME, 60, "x");	/* new type, www */
	r[k++] = N("@", ZS_TYPE_NS, 3600, "ns3");	/* RRset apex NS */
	r[k++] = TXT("@", 60, "v=spf1 -all");		/* new type, apex */
	r[k++] = A("WWW", 300, 192, 0, 2, 4);		/* www A again */
	r[k++] = A("mail", 300, 192, 0, 2, 26);		/* Mail A */
	for (i = 0; i < k; i++)
		ck_assert_int_eq(zs_ixfr_add(ix, &r[i]), 0);
	ck_assert_int_eq(apply(ix, &t, NULL), 0);
	want[n++] = SOA("@", 7200, 11);
	want[n++] = base[1];
	want[n++] = base[2];
	want[n++] = r[5];
	want[n++] = r[6];
	want[n++] = base[3];
	want[n++] = base[4];
	want[n++] = r[3];
	want[n++] = r[7];
	want[n++] = base[5];
	want[n++] = r[4];
	want[n++] = base[6];
	want[n++] = r[8];
	want[n++] = r[2];	/* aaa A before aaa TXT: by type */
	want[n++] = r[1];
	want[n++] = r[0];
	ck_assert_str_eq(t, text(want, n));
	zs_ixfr_free(ix);
	ck_assert_str_eq(readback(11), text(want, n));
}
END_TEST

/* A base whose owner www comes in two runs (not as named sends it). */
START_TEST(t_placement_ungrouped)
{
	struct zs_ixfr *ix;
	struct zs_rr b[6], r[3], want[12];
	const char *t;
	size_t n = 0, i;

	b[0] = SOA("@", 3600, 10);
	b[1] = A("www", 300, 192, 0, 2, 1);
	b[2] = A("mail", 300, 192, 0, 2, 25);
	b[3] = TXT("www", 300, "second run");
	b[4] = A("www", 300, 192, 0, 2, 2);
	write_snap(b, 5);
	ix = ixnew(10);
	delta(ix, 10, 11);
	r[0] = TXT("www", 300, "added");	/* its RRset is further on */
	r[1] = A("www", 300, 192, 0, 2, 3);	/* RRset of the first run */
	r[2] = N("www", ZS_TYPE_CNAME, 60, "x");
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(zs_ixfr_add(ix, &r[i]), 0);
	ck_assert_int_eq(apply(ix, &t, NULL), 0);
	want[n++] = SOA("@", 7200, 11);
	want[n++] = b[1];
	want[n++] = r[1];
	want[n++] = r[2];	/* by type: CNAME 5, TXT 16 */
	want[n++] = r[0];
	want[n++] = b[2];
	want[n++] = b[3];
	want[n++] = b[4];
	ck_assert_str_eq(t, text(want, n));
	zs_ixfr_free(ix);
}
END_TEST

START_TEST(t_toomany)
{
	struct zs_ixfr *ix;
	struct zs_rr r;
	unsigned i;

	small_zone();
	ix = zs_ixfr_new(origin, OLEN, ZS_CLASS_IN, 10, 3);
	ck_assert_ptr_nonnull(ix);
	delta(ix, 10, 11);
	/* Cancelled changes do not count. */
	for (i = 0; i < 10; i++) {
		r = A("x", 60, 10, 0, 0, (uint8_t)i);
		ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
		ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	}
	ck_assert_uint_eq(zs_ixfr_pending(ix), 0);
	for (i = 0; i < 3; i++) {
		r = A("x", 60, 10, 0, 0, (uint8_t)i);
		ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	}
	r = A("x", 60, 10, 0, 0, 3);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), ZS_ETOOMANY);
	r = A("www", 300, 192, 0, 2, 1);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), ZS_ETOOMANY);
	zs_ixfr_free(ix);
}
END_TEST

/* ---- a larger zone */

#define BIG	100000

static void
big_name(char *buf, size_t n, unsigned i)
{
	snprintf(buf, n, "h%u", i);
}

START_TEST(t_big)
{
	struct zs_snap *s;
	struct zs_ixfr *ix;
	struct zs_ixfr_stats st;
	struct zs_strbuf want = { 0 };
	struct zs_rr r;
	const char *t;
	char nm[32];
	unsigned i;
	size_t mark;

	ck_assert_int_eq(zs_snap_open(&s, zpath, origin, OLEN, ZS_CLASS_IN),
	    0);
	mark = arena_pos;
	r = SOA("@", 3600, 100);
	ck_assert_int_eq(zs_snap_add(s, &r), 0);
	for (i = 0; i < BIG; i++) {
		arena_pos = mark;
		big_name(nm, sizeof(nm), i);
		r = A(nm, 300, 10, (uint8_t)(i >> 16), (uint8_t)(i >> 8),
		    (uint8_t)i);
		ck_assert_int_eq(zs_snap_add(s, &r), 0);
	}
	ck_assert_int_eq(zs_snap_finish(s, 100), 0);
	ck_assert_int_eq(zs_snap_install(s), 0);
	zs_snap_free(s);

	ix = ixnew(100);
	delta(ix, 100, 101);
	r = A("h500", 300, 10, 0, 500 >> 8, 500 & 0xff);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = A("h777", 300, 10, 0, 0, 1);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	r = A("H99999", 300, 10, 1, 134, 159);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = A("h99999", 30, 10, 1, 134, 159);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	r = A("new", 30, 10, 9, 9, 9);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);

	zs_sb_puts(&want, "");
	r = SOA("@", 7200, 101);
	render(&want, &r);
	for (i = 0; i < BIG; i++) {
		arena_pos = mark;
		big_name(nm, sizeof(nm), i);
		r = A(nm, i == 99999 ? 30 : 300, 10, (uint8_t)(i >> 16),
		    (uint8_t)(i >> 8), (uint8_t)i);
		if (i != 500)
			render(&want, &r);
		if (i == 777) {
			r = A("h777", 300, 10, 0, 0, 1);
			render(&want, &r);
		}
	}
	r = A("new", 30, 10, 9, 9, 9);
	render(&want, &r);
	ck_assert_int_eq(apply(ix, &t, &st), 0);
	ck_assert_msg(strcmp(t, zs_sb_cstr(&want)) == 0, "output differs");
	ck_assert_uint_eq(st.records, BIG + 2);
	ck_assert_uint_eq(st.added, 2);
	ck_assert_uint_eq(st.deleted, 1);
	ck_assert_uint_eq(st.replaced, 1);
	zs_ixfr_free(ix);
	ck_assert_msg(strcmp(readback(101), zs_sb_cstr(&want)) == 0,
	    "read back differs");
	zs_sb_free(&want);
}
END_TEST

static int
to_zonefile(void *arg, const struct zs_rr *rr)
{
	return zs_zonefile_add(arg, rr);
}

/* The records handed on go straight into the text zone file writer. */
START_TEST(t_zonefile)
{
	struct zs_zonefile_meta meta = { .primary = "192.0.2.53", .time = 0 };
	struct zs_zonefile_info info;
	struct zs_zonefile *zf;
	struct zs_ixfr *ix;
	struct zs_snap *s;
	struct zs_rr r;
	char buf[4096];
	FILE *fp;
	size_t n;

	small_zone();
	ix = ixnew(10);
	delta(ix, 10, 11);
	r = A("www", 300, 192, 0, 2, 1);
	ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
	r = A("www", 300, 192, 0, 2, 3);
	ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
	ck_assert_int_eq(zs_zonefile_open(&zf, zpath, origin, OLEN,
	    ZS_CLASS_IN, &meta), 0);
	ck_assert_int_eq(zs_snap_open(&s, zpath, origin, OLEN, ZS_CLASS_IN),
	    0);
	ck_assert_int_eq(zs_ixfr_apply(ix, zpath, s, to_zonefile, zf, NULL),
	    0);
	ck_assert_int_eq(zs_zonefile_commit(zf, zs_ixfr_serial(ix)), 0);
	ck_assert_int_eq(zs_snap_finish(s, zs_ixfr_serial(ix)), 0);
	ck_assert_int_eq(zs_snap_install(s), 0);
	zs_zonefile_free(zf);
	zs_snap_free(s);
	zs_ixfr_free(ix);
	ck_assert_str_eq(listing(), "example.zone|example.zone.snap");
	ck_assert_int_eq(zs_zonefile_read_info(zpath, &info), 0);
	ck_assert_uint_eq(info.serial, 11);
	ck_assert_uint_eq(info.records, nbase);
	ck_assert_ptr_nonnull(fp = fopen(zpath, "r"));
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	ck_assert_msg(strstr(buf, "$ORIGIN example.\n"
	    "@\t7200\tIN\tSOA\tns.example. Host.Example. "
	    "11 3600 600 86400 300\n"
	    "\t3600\tNS\tns1.example.\n"
	    "\t3600\tNS\tNS2.example.\n"
	    "www\t300\tA\t192.0.2.2\n"
	    "\t300\tA\t192.0.2.3\n"
	    "\t300\tTXT\t\"hello\"\n"
	    "Mail\t300\tA\t192.0.2.25\n") != NULL, "%s", buf);
}
END_TEST

/*
 * Random zones and deltas against a model that applies each delta to a
 * set of records: the same records must come out (case and TTL of the
 * last add), every owner and every RRset in one run.
 */
#define M_OWNERS	24	/* o0..o15 in the base, o16..o23 new */
#define M_VALS		3

struct mrec {
	bool present;
	uint32_t ttl;
	char owner[8];		/* as last written */
	char rname[24];		/* NS target as last written */
};

static struct mrec model[M_OWNERS][3][M_VALS];
static const uint16_t mtypes[3] = { ZS_TYPE_A, ZS_TYPE_TXT, ZS_TYPE_NS };
static uint64_t rng;

static unsigned
rnd(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(rng >> 33) % n;
}

static void
randcase(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'a' && *s <= 'z' && rnd(2))
			*s = (char)(*s - 'a' + 'A');
}

/* The RR of model[o][t][v] as written now, or with a new case and TTL. */
static struct zs_rr
mrr(unsigned o, unsigned t, unsigned v, bool fresh)
{
	struct mrec *m = &model[o][t][v];
	char txt[8];

	if (fresh) {
		snprintf(m->owner, sizeof(m->owner), "o%u", o);
		snprintf(m->rname, sizeof(m->rname), "ns%u.example.", v);
		randcase(m->owner);
		randcase(m->rname);
		m->ttl = 60 * (1 + rnd(4));
	}
	switch (mtypes[t]) {
	case ZS_TYPE_A:
		return A(m->owner, m->ttl, 10, 0, (uint8_t)o, (uint8_t)v);
	case ZS_TYPE_TXT:
		snprintf(txt, sizeof(txt), "t%u", v);
		return TXT(m->owner, m->ttl, txt);
	default:
		return N(m->owner, ZS_TYPE_NS, m->ttl, m->rname);
	}
}

static int
cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of t, sorted, joined; t is modified. */
static char *
sorted(char *t, char **v, size_t cap)
{
	static char out[1 << 16];
	size_t n = 0, i;
	char *p;

	for (p = strtok(t, "\n"); p != NULL; p = strtok(NULL, "\n")) {
		ck_assert_uint_lt(n, cap);
		v[n++] = p;
	}
	qsort(v, n, sizeof(*v), cmp_lines);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		ck_assert_uint_lt(strlen(out) + strlen(v[i]) + 2, sizeof(out));
		strcat(out, v[i]);
		strcat(out, "\n");
	}
	return out;
}

/* Each owner, and each owner and type, in one run of lines. */
static void
check_runs(const char *t)
{
	char seen_o[M_OWNERS + 1] = { 0 }, seen_ot[M_OWNERS + 1][4];
	char prev[64] = "", prevt[16] = "";
	const char *p = t;

	memset(seen_ot, 0, sizeof(seen_ot));
	while (*p != '\0') {
		char owner[64], type[16], lo[64];
		unsigned o, ti, i;
		int n;

		ck_assert_int_eq(sscanf(p, "%63s %*u %15s%n", owner, type, &n),
		    2);
		for (i = 0; owner[i] != '\0'; i++)
			lo[i] = (char)(owner[i] >= 'A' && owner[i] <= 'Z' ?
			    owner[i] - 'A' + 'a' : owner[i]);
		lo[i] = '\0';
		o = lo[0] == 'o' ? (unsigned)atoi(lo + 1) : M_OWNERS;
		ti = strcmp(type, "A") == 0 ? 0 : strcmp(type, "TXT") == 0 ?
		    1 : strcmp(type, "NS") == 0 ? 2 : 3;
		if (strcmp(lo, prev) != 0) {
			ck_assert_msg(!seen_o[o], "owner %s in two runs", lo);
			seen_o[o] = 1;
			strcpy(prev, lo);
			prevt[0] = '\0';
		}
		if (strcmp(type, prevt) != 0) {
			ck_assert_msg(!seen_ot[o][ti], "%s %s in two runs", lo,
			    type);
			seen_ot[o][ti] = 1;
			strcpy(prevt, type);
		}
		p = strchr(p + n, '\n');
		ck_assert_ptr_nonnull(p);
		p++;
	}
}

START_TEST(t_random)
{
	static char *lines[4096];
	static char got[1 << 16], want[1 << 16];
	static struct zs_rr zone[M_OWNERS * 3 * M_VALS + 1];
	struct zs_strbuf sb = { 0 };
	struct zs_ixfr *ix;
	struct zs_rr r;
	const char *t;
	unsigned o, ti, v, d, k, iter;
	uint32_t serial;
	size_t n;

	rng = 20261206;
	for (iter = 0; iter < 25; iter++) {
		arena_pos = 0;
		memset(model, 0, sizeof(model));
		n = 0;
		zone[n++] = SOA("@", 3600, 100);
		for (o = 0; o < 16; o++)
			for (ti = 0; ti < 3; ti++)
				for (v = 0; v < M_VALS; v++)
					if (rnd(3) == 0) {
						model[o][ti][v].present = true;
						zone[n++] = mrr(o, ti, v, true);
					}
		write_snap(zone, n);
		ix = ixnew(100);
		serial = 100;
		for (d = 0; d < 1 + rnd(8); d++, serial++) {
			delta(ix, serial, serial + 1);
			for (k = rnd(16); k > 0; k--) {
				o = rnd(M_OWNERS);
				ti = rnd(3);
				v = rnd(M_VALS);
				if (!model[o][ti][v].present)
					continue;
				r = mrr(o, ti, v, rnd(2));	/* any case */
				ck_assert_int_eq(zs_ixfr_del(ix, &r), 0);
				model[o][ti][v].present = false;
			}
			for (k = rnd(16); k > 0; k--) {
				o = rnd(M_OWNERS);
				ti = rnd(3);
				v = rnd(M_VALS);
				if (model[o][ti][v].present)
					continue;
				r = mrr(o, ti, v, true);
				ck_assert_int_eq(zs_ixfr_add(ix, &r), 0);
				model[o][ti][v].present = true;
			}
		}
		ck_assert_msg(apply(ix, &t, NULL) == 0, "iteration %u", iter);
		ck_assert_uint_lt(strlen(t), sizeof(got));
		strcpy(got, t);
		check_runs(got);
		zs_sb_reset(&sb);
		zs_sb_puts(&sb, "");
		r = SOA("@", 7200, serial);
		render(&sb, &r);
		for (o = 0; o < M_OWNERS; o++)
			for (ti = 0; ti < 3; ti++)
				for (v = 0; v < M_VALS; v++)
					if (model[o][ti][v].present) {
						r = mrr(o, ti, v, false);
						render(&sb, &r);
					}
		ck_assert_uint_lt(sb.len, sizeof(want));
		strcpy(want, zs_sb_cstr(&sb));
		strcpy(want, sorted(want, lines, 4096));
		/* (Short messages: Check cannot carry a whole zone.) */
		ck_assert_msg(strcmp(sorted(got, lines, 4096), want) == 0,
		    "iteration %u: records differ from the model", iter);
		zs_ixfr_free(ix);
		unlink(spath);
	}
	zs_sb_free(&sb);
}
END_TEST

/* A callback error stops the pass and is returned as it is. */
static int
fail_cb(void *arg, const struct zs_rr *rr)
{
	int *n = arg;

	(void)rr;
	return ++*n == 3 ? -12345 : 0;
}

START_TEST(t_callback_error)
{
	struct zs_ixfr *ix;
	struct zs_snap *s;
	int n = 0;

	small_zone();
	ix = ixnew(10);
	ck_assert_int_eq(zs_snap_open(&s, zpath, origin, OLEN, ZS_CLASS_IN),
	    0);
	ck_assert_int_eq(zs_ixfr_apply(ix, zpath, s, fail_cb, &n, NULL),
	    -12345);
	zs_snap_free(s);
	zs_ixfr_free(ix);
	zs_ixfr_free(NULL);
	ck_assert_str_eq(listing(), "example.zone.snap");
	ck_assert_str_eq(readback(10), text(base, nbase));
}
END_TEST

static Suite *
ixfr_suite(void)
{
	Suite *s = suite_create("ixfr");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_roundtrip);
	tcase_add_test(tc, t_writer_rules);
	tcase_add_test(tc, t_refused);
	tcase_add_test(tc, t_add_del_ttl);
	tcase_add_test(tc, t_compose);
	tcase_add_test(tc, t_strict);
	tcase_add_test(tc, t_case);
	tcase_add_test(tc, t_compressed);
	tcase_add_test(tc, t_placement);
	tcase_add_test(tc, t_placement_ungrouped);
	tcase_add_test(tc, t_toomany);
	tcase_add_test(tc, t_big);
	tcase_add_test(tc, t_callback_error);
	tcase_add_test(tc, t_zonefile);
	tcase_add_test(tc, t_random);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(ixfr_suite)
