/*
 * fuzz_snap.c - the input as the zone snapshot of "example." IN
 * (lib/ixfr.c gives the layout), read through zs_ixfr_apply twice: with
 * an empty change at the serial its header claims, and with one delta
 * that deletes www.example. A 192.0.2.1 and adds new.example. A
 * 192.0.2.2.  Must never crash; an accepted snapshot must also pass
 * zs_snap_stat with the record count the pass saw, and every record
 * handed on must be a well-formed name with an uncompressed RDATA window.
 * Seeds: test/fuzz/snapseeds.c.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ixfr.h"
#include "rdata.h"
#include "rrtype.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t zone[] = { 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0 };
static char dir[64], zpath[128], spath[160];

static void
cleanup(void)
{
	unlink(spath);
	rmdir(dir);
}

static int
check_rr(void *arg, const struct zs_rr *rr)
{
	struct zs_strbuf sb = { 0 };
	uint64_t *n = arg;

	if (zs_dname_check(rr->owner, rr->owner_len) != 0 ||
	    rr->rdata.pos != 0 || rr->rdata.end != rr->rdlen ||
	    rr->rdata.msglen != rr->rdlen)
		abort();
	(void)zs_rdata_totext(&sb, rr->type, rr->rdata);
	zs_sb_free(&sb);
	(*n)++;
	return 0;
}

static struct zs_rr
rr_make(const uint8_t *owner, size_t olen, uint16_t type, const uint8_t *rd,
    size_t rdlen)
{
	struct zs_rr rr;

	memset(&rr, 0, sizeof(rr));
	memcpy(rr.owner, owner, olen);
	rr.owner_len = olen;
	rr.type = type;
	rr.rrclass = ZS_CLASS_IN;
	rr.ttl = 300;
	rr.rdlen = (uint16_t)rdlen;
	rr.rdata = zs_rd_init(rd, rdlen);
	return rr;
}

static void
run(uint32_t serial, bool change)
{
	static const uint8_t www[] = { 3, 'w', 'w', 'w', 7, 'e', 'x', 'a',
	    'm', 'p', 'l', 'e', 0 };
	static const uint8_t new[] = { 3, 'n', 'e', 'w', 7, 'e', 'x', 'a',
	    'm', 'p', 'l', 'e', 0 };
	static const uint8_t a1[] = { 192, 0, 2, 1 }, a2[] = { 192, 0, 2, 2 };
	uint8_t soa[64];
	struct zs_ixfr *ix;
	struct zs_snap *out = NULL;
	struct zs_ixfr_stats st;
	struct zs_rr o, n, r;
	uint32_t ser;
	uint64_t seen = 0, recs;
	int ret;

	if ((ix = zs_ixfr_new(zone, sizeof(zone), ZS_CLASS_IN, serial,
	    0)) == NULL)
		abort();
	if (change) {
		/* ". . serial 0 0 0 0", then serial + 1 */
		memset(soa, 0, sizeof(soa));
		soa[2] = (uint8_t)(serial >> 24);
		soa[3] = (uint8_t)(serial >> 16);
		soa[4] = (uint8_t)(serial >> 8);
		soa[5] = (uint8_t)serial;
		o = rr_make(zone, sizeof(zone), ZS_TYPE_SOA, soa, 22);
		memcpy(soa + 22, soa, 22);
		serial++;
		soa[22 + 2] = (uint8_t)(serial >> 24);
		soa[22 + 3] = (uint8_t)(serial >> 16);
		soa[22 + 4] = (uint8_t)(serial >> 8);
		soa[22 + 5] = (uint8_t)serial;
		n = rr_make(zone, sizeof(zone), ZS_TYPE_SOA, soa + 22, 22);
		if (zs_ixfr_delta(ix, &o, &n) != 0)
			abort();
		r = rr_make(www, sizeof(www), ZS_TYPE_A, a1, 4);
		if (zs_ixfr_del(ix, &r) != 0)
			abort();
		r = rr_make(new, sizeof(new), ZS_TYPE_A, a2, 4);
		if (zs_ixfr_add(ix, &r) != 0)
			abort();
	}
	if (zs_snap_open(&out, zpath, zone, sizeof(zone), ZS_CLASS_IN) != 0)
		abort();
	ret = zs_ixfr_apply(ix, zpath, out, check_rr, &seen, &st);
	if (ret > 0)
		abort();
	if (ret == 0) {
		/* (A forged checksum can hide duplicates: a deleted or
		 * replaced record then goes more than once.) */
		if (st.records != seen || zs_snap_records(out) != seen ||
		    zs_snap_stat(zpath, zone, sizeof(zone), ZS_CLASS_IN,
		    &ser, &recs) != 0 || ser != st.from ||
		    seen > recs + st.added || (!change && seen != recs))
			abort();
	}
	zs_snap_free(out);	/* not finished: the temporary file goes */
	zs_ixfr_free(ix);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t serial = 0;
	int fd;

	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "/tmp/zs_fuzz_snap.XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
		snprintf(zpath, sizeof(zpath), "%s/example.zone", dir);
		snprintf(spath, sizeof(spath), "%s.snap", zpath);
		atexit(cleanup);
	}
	if ((fd = open(spath, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	if (size >= 20)
		serial = (uint32_t)data[16] << 24 | (uint32_t)data[17] << 16 |
		    (uint32_t)data[18] << 8 | data[19];
	run(serial, false);
	run(serial, true);
	return 0;
}
