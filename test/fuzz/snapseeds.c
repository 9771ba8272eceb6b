/*
 * snapseeds.c - write the seed corpus of fuzz_snap: snapshots of
 * "example." written by the lib, whole and damaged.  Not built by make;
 * run from the top:
 *   cc -Ilib -o /tmp/snapseeds test/fuzz/snapseeds.c lib/libzonesync.a \
 *       && /tmp/snapseeds test/fuzz/corpus/snap
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ixfr.h"
#include "rrtype.h"

static const uint8_t zone[] = { 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0 };
static const char *dir;

static struct zs_rr
rr(const char *owner, uint16_t type, const uint8_t *rd, size_t len)
{
	struct zs_rr r;
	size_t n;

	memset(&r, 0, sizeof(r));
	if (zs_dname_from_text(owner, strlen(owner), zone, sizeof(zone),
	    r.owner, &n) != 0)
		abort();
	r.owner_len = n;
	r.type = type;
	r.rrclass = ZS_CLASS_IN;
	r.ttl = 300;
	r.rdlen = (uint16_t)len;
	r.rdata = zs_rd_init(rd, len);
	return r;
}

/* Write a snapshot with nrec of the records below; damage it as told. */
static void
seed(const char *name, size_t nrec, long cut, long flip)
{
	static const uint8_t soa[] = { 2, 'n', 's', 0, 2, 'h', 'm', 0,
	    0, 0, 0, 10, 0, 0, 14, 16, 0, 0, 2, 88, 0, 1, 81, 128, 0, 0, 1,
	    44 };
	static const uint8_t ns[] = { 2, 'n', 's', 7, 'e', 'x', 'a', 'm',
	    'p', 'l', 'e', 0 };
	static const uint8_t a1[] = { 192, 0, 2, 1 }, a3[] = { 192, 0, 2, 3 };
	static const uint8_t mx[] = { 0, 10, 4, 'M', 'a', 'i', 'l', 7, 'e',
	    'x', 'a', 'm', 'p', 'l', 'e', 0 };
	static const uint8_t txt[] = { 5, 'h', 'e', 'l', 'l', 'o' };
	struct zs_rr v[7];
	struct zs_snap *s;
	char src[512], dst[512];
	uint8_t buf[4096];
	FILE *fp;
	size_t i, n;

	v[0] = rr("@", ZS_TYPE_SOA, soa, sizeof(soa));
	v[1] = rr("@", ZS_TYPE_NS, ns, sizeof(ns));
	v[2] = rr("WWW", ZS_TYPE_A, a1, sizeof(a1));
	v[3] = rr("www", ZS_TYPE_A, a3, sizeof(a3));
	v[4] = rr("www", ZS_TYPE_MX, mx, sizeof(mx));
	v[5] = rr("www", ZS_TYPE_TXT, txt, sizeof(txt));
	v[6] = rr("new", ZS_TYPE_TXT, txt, sizeof(txt));
	snprintf(src, sizeof(src), "%s/tmp.zone", dir);
	if (zs_snap_open(&s, src, zone, sizeof(zone), ZS_CLASS_IN) != 0)
		abort();
	for (i = 0; i < nrec; i++)
		if (zs_snap_add(s, &v[i]) != 0)
			abort();
	if (zs_snap_finish(s, 10) != 0 || zs_snap_install(s) != 0)
		abort();
	zs_snap_free(s);
	snprintf(src, sizeof(src), "%s/tmp.zone.snap", dir);
	if ((fp = fopen(src, "rb")) == NULL)
		abort();
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	unlink(src);
	if (cut >= 0 && (size_t)cut < n)
		n = (size_t)cut;
	if (flip >= 0 && (size_t)flip < n)
		buf[flip] ^= 0x01;
	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	if ((fp = fopen(dst, "wb")) == NULL || fwrite(buf, 1, n, fp) != n)
		abort();
	fclose(fp);
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: snapseeds corpus-dir\n");
		return 1;
	}
	dir = argv[1];
	seed("soa-only", 1, -1, -1);
	seed("www", 6, -1, -1);
	seed("www-and-new", 7, -1, -1);	/* the change's add is there */
	seed("no-www", 2, -1, -1);	/* the change's delete is not */
	seed("torn-header", 6, 40, -1);
	seed("torn-record", 6, 120, -1);
	seed("flip-flags", 6, -1, 11);
	seed("flip-record", 6, -1, 100);
	seed("empty", 1, 0, -1);
	return 0;
}
