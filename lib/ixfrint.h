/*
 * ixfrint.h - what lib/ixfr.c (the change and its application) and
 * lib/ixfrsnap.c (the snapshot file) share; not a public interface.  The
 * snapshot's layout is described at the top of ixfr.c.
 */
#ifndef ZS_IXFRINT_H
#define ZS_IXFRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ixfr.h"

#define ZS_SNAP_RDATA_MAX	65535

/* A snapshot header, as decoded. */
struct zs_snaphdr {
	uint16_t flags;
	uint16_t rrclass;
	uint32_t serial;
	uint64_t records;
	uint64_t bytes;
	uint64_t sum;
	uint8_t origin[ZS_DNAME_MAXLEN];
	size_t olen;
	size_t hdrlen;
};

struct zs_snaprd {
	int fd;
	uint8_t *buf;		/* fixed size, holds any record */
	size_t pos, len;	/* unread octets are buf[pos..len) */
	bool eof;		/* read() returned 0 */
	struct zs_snaphdr h;
	uint64_t records;	/* records read so far */
	uint64_t bytes;		/* record octets read so far */
	uint64_t sum;		/* checksum so far */
};

/* One record read: views into the reader's buffer, valid until next. */
struct zs_snaprec {
	const uint8_t *owner;
	size_t owner_len;
	uint16_t type;
	uint16_t rrclass;
	uint32_t ttl;
	uint16_t rdlen;
	const uint8_t *rdata;
};

/*
 * Hash p[0..n) continuing from h (a word-at-a-time multiply-xorshift
 * with murmur3's finaliser): the snapshot checksums and the change's
 * hash tables.
 */
uint64_t zs_ixfr_hash(uint64_t h, const uint8_t *p, size_t n);

/*
 * Append one record to a snapshot: its RDATA copied as it is (raw, for
 * records read from a snapshot) or through zs_rdata_towire to expand
 * compressed names.  Same returns as zs_snap_add.
 */
int zs_snap_put(struct zs_snap *s, const struct zs_rr *rr, bool raw);

/*
 * Open zonefile.snap and check its header against the zone (not the
 * serial).  Returns 0, -ENOENT (no snapshot), another negated errno,
 * ZS_ENOMEM or ZS_ESNAP.  r is to be closed with zs_snaprd_close in
 * every case.  One fixed buffer, whatever the zone's size.
 */
int zs_snaprd_open(struct zs_snaprd *r, const char *zonefile,
    const uint8_t *origin, size_t olen, uint16_t rrclass);

/*
 * Read the next record.  Returns 1 and rec (views into r's buffer, valid
 * until the next call), 0 at the end once counts and checksum agree with
 * the header, or ZS_ESNAP / a negated errno.
 */
int zs_snaprd_next(struct zs_snaprd *r, struct zs_snaprec *rec);

void zs_snaprd_close(struct zs_snaprd *r);

#endif /* ZS_IXFRINT_H */
