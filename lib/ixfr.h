/*
 * ixfr.h - apply IXFR deltas (RFC 1995) to a zone without holding the
 * zone in memory.
 *
 * Beside each zone file the agent keeps a snapshot, PATH.snap, of the zone
 * exactly as its file holds it, in a compact binary form (uncompressed
 * wire names and RDATA, see ixfr.c for the layout) whose header carries
 * the zone, class and serial.  An IXFR answer is reduced, delta after
 * delta, to its net change (records to delete from the snapshot, records
 * to add), held in memory: its size is that of the change, not of the
 * zone.  zs_ixfr_apply then reads the old snapshot once, drops what is
 * deleted, inserts what is added, and hands every record of the new zone
 * to a callback (the zone file writer, text or raw) while writing the new
 * snapshot.  Applying is strict, as BIND's xfrin is: deleting a record
 * that is not there, adding one that is, or a delta that does not start
 * where the previous one ended fails the whole IXFR (then the caller
 * falls back to AXFR) and leaves every file as it was.
 *
 * Two records are the same record when owner (case-insensitive), type,
 * class and RDATA (names expanded and case-folded, zs_rdata_towire with
 * ZS_RDATA_LOWER) are equal; the TTL is not part of a record's identity.
 */
#ifndef ZS_IXFR_H
#define ZS_IXFR_H

#include <stdint.h>

#include "msg.h"

/* ---- the snapshot writer (after an AXFR, and inside zs_ixfr_apply) */

struct zs_snap;

/*
 * Start a new snapshot for the zone file at zonefile (the snapshot goes to
 * zonefile + ".snap", through a temporary file beside it) for zone origin
 * (wire, copied) of class rrclass.  Returns 0 or a negated errno.
 */
int zs_snap_open(struct zs_snap **out, const char *zonefile,
    const uint8_t *origin, size_t olen, uint16_t rrclass);

/* Append one RR (a view into a message; names are expanded). */
int zs_snap_add(struct zs_snap *s, const struct zs_rr *rr);

/* Write the header (serial, count), flush and fsync the temporary file. */
int zs_snap_finish(struct zs_snap *s, uint32_t serial);

/* After zs_snap_finish: rename over zonefile.snap, fsync the directory. */
int zs_snap_install(struct zs_snap *s);

/* Free s; a temporary file not installed is removed.  NULL is a no-op. */
void zs_snap_free(struct zs_snap *s);

/*
 * Read the header of zonefile.snap: 0 and its serial and record count when
 * it is a complete snapshot of zone origin in class rrclass, else a
 * negated errno (ENOENT: none) or ZS_ESNAP (unreadable, another zone,
 * incomplete).  The caller also checks the serial against the zone file's.
 */
int zs_snap_stat(const char *zonefile, const uint8_t *origin, size_t olen,
    uint16_t rrclass, uint32_t *serial, uint64_t *records);

/* Remove zonefile.snap (a zone that is no longer ours). */
int zs_snap_remove(const char *zonefile);

/* ---- the net change of an IXFR answer */

struct zs_ixfr;

struct zs_ixfr_stats {
	uint32_t from, to;	/* serials: ours, and the one reached */
	uint64_t deltas;	/* delta sequences applied */
	uint64_t deleted;	/* records deleted (net, SOA excluded) */
	uint64_t added;		/* records added (net, SOA excluded) */
	uint64_t records;	/* records in the resulting zone */
};

/*
 * Start collecting deltas that must begin at serial from (the serial of
 * the snapshot).  max_change bounds the records held (0: a built-in
 * bound); past it zs_ixfr_* return ZS_ETOOMANY and the caller does an
 * AXFR instead.  NULL when out of memory.
 */
struct zs_ixfr *zs_ixfr_new(const uint8_t *origin, size_t olen,
    uint16_t rrclass, uint32_t from, uint64_t max_change);
void zs_ixfr_free(struct zs_ixfr *ix);

/*
 * A delta begins: old_soa is the SOA that opens its deletions, new_soa
 * the one that opens its additions (both full RRs at the apex).  Returns
 * 0, or ZS_ECHAIN when old_soa's serial is not the serial the previous
 * delta reached (or from, for the first).
 */
int zs_ixfr_delta(struct zs_ixfr *ix, const struct zs_rr *old_soa,
    const struct zs_rr *new_soa);

/* One record deleted / added by the current delta (never an SOA). */
int zs_ixfr_del(struct zs_ixfr *ix, const struct zs_rr *rr);
int zs_ixfr_add(struct zs_ixfr *ix, const struct zs_rr *rr);

/* The serial the deltas so far reach. */
uint32_t zs_ixfr_serial(const struct zs_ixfr *ix);

typedef int (*zs_ixfr_rr_fn)(void *arg, const struct zs_rr *rr);

/*
 * Apply: read zonefile.snap (which must hold serial from), and hand every
 * record of the resulting zone to fn, the new SOA first, each RR a view
 * valid during the call whose RDATA holds no compression pointers; write
 * the same records to out (already open, not finished).  Additions to an
 * RRset that exists are placed right after it, so RRsets stay together.
 * Returns 0, ZS_EDIFF (a deleted record absent, an added record present),
 * ZS_ESNAP (snapshot unreadable or at another serial), a negated errno, or
 * fn's non-zero value.  st may be NULL.
 */
int zs_ixfr_apply(struct zs_ixfr *ix, const char *zonefile,
    struct zs_snap *out, zs_ixfr_rr_fn fn, void *arg,
    struct zs_ixfr_stats *st);

#endif /* ZS_IXFR_H */
