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
 *
 * A snapshot is only of use when its serial is the zone file's: write
 * both from the same records and install them one after the other (the
 * agent installs the snapshot first; either order is safe), and on any
 * mismatch (a crash in between, a file replaced by hand) transfer the
 * whole zone (AXFR) again.
 */
#ifndef ZS_IXFR_H
#define ZS_IXFR_H

#include <stdint.h>

#include "msg.h"

/* ---- the snapshot writer (after an AXFR, and inside zs_ixfr_apply) */

struct zs_snap;

/*
 * Start a new snapshot for the zone file at zonefile (the snapshot goes to
 * zonefile + ".snap", through a temporary file ".snap+BASE.XXXXXX" beside
 * it, BASE being the snapshot's base name: not the zone writer's
 * ".ZONEFILE.XXXXXX" pattern) for zone origin (wire, copied) of class
 * rrclass.  Returns 0 and a new writer the caller frees with
 * zs_snap_free, ZS_EINVAL (origin not a name), ZS_ENOMEM or a negated
 * errno.
 */
int zs_snap_open(struct zs_snap **out, const char *zonefile,
    const uint8_t *origin, size_t olen, uint16_t rrclass);

/*
 * Append one RR (a view into a message, borrowed; compressed names in its
 * RDATA are expanded, case kept).  The first RR must be the apex SOA
 * (else ZS_ENOSOA) and no later one an SOA (ZS_EINVAL at the apex,
 * ZS_ENOTAPEX elsewhere).  Returns 0, ZS_ECLASS (not the zone's class),
 * ZS_EBADNAME, ZS_EBADRDATA (RDATA malformed for its type), ZS_ETOOBIG
 * (RDATA over 65535 octets once expanded), or a negated errno from
 * write(2), which is sticky.
 */
int zs_snap_add(struct zs_snap *s, const struct zs_rr *rr);

/*
 * Write the header (serial, count, checksum, complete), flush and fsync
 * the temporary file.  serial must be the SOA's (else ZS_EINVAL);
 * ZS_ENOSOA when no record was added.  Returns 0 or a negated errno.
 */
int zs_snap_finish(struct zs_snap *s, uint32_t serial);

/*
 * After zs_snap_finish: rename over zonefile.snap, fsync the directory.
 * Returns 0, ZS_EINVAL (not finished) or a negated errno.
 */
int zs_snap_install(struct zs_snap *s);

/* Records added so far. */
uint64_t zs_snap_records(const struct zs_snap *s);

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

/*
 * Remove zonefile.snap (a zone that is no longer ours, or whose zone file
 * was replaced by other means).  0 also when there was none.
 */
int zs_snap_remove(const char *zonefile);

/* ---- the net change of an IXFR answer */

struct zs_ixfr;

struct zs_ixfr_stats {
	uint32_t from, to;	/* serials: ours, and the one reached */
	uint64_t deltas;	/* delta sequences applied */
	uint64_t deleted;	/* records deleted (net, SOA excluded) */
	uint64_t added;		/* records added (net, SOA excluded) */
	uint64_t replaced;	/* records deleted and added back (net): kept
				 * in place with the new TTL and case */
	uint64_t records;	/* records in the resulting zone */
};

/* Built-in bounds of the change held (max_change 0), records and bytes. */
#define ZS_IXFR_MAX_CHANGE	1000000
#define ZS_IXFR_MAX_BYTES	(256ULL * 1024 * 1024)

/*
 * Start collecting deltas that must begin at serial from (the serial of
 * the snapshot).  max_change bounds the records held (0: a built-in
 * bound); past it, or past ZS_IXFR_MAX_BYTES of memory held, zs_ixfr_*
 * return ZS_ETOOMANY and the caller does an AXFR instead.  NULL when out
 * of memory or origin is not a name.  Free with zs_ixfr_free (NULL: a
 * no-op).
 *
 * Errors are sticky: once zs_ixfr_delta, _del or _add failed (except
 * ZS_EINVAL for a record outside any delta), every later call, apply
 * included, returns the same error.
 */
struct zs_ixfr *zs_ixfr_new(const uint8_t *origin, size_t olen,
    uint16_t rrclass, uint32_t from, uint64_t max_change);
void zs_ixfr_free(struct zs_ixfr *ix);

/*
 * A delta begins: old_soa is the SOA that opens its deletions, new_soa
 * the one that opens its additions (both full RRs at the apex, views
 * borrowed; new_soa is copied, names expanded: the last delta's is the
 * SOA written, TTL included).  Returns 0, or ZS_ECHAIN when old_soa's
 * serial is not the serial the previous delta reached (or from, for the
 * first), ZS_ENOTAPEX (an SOA not at the apex), ZS_EINVAL (not an SOA),
 * ZS_ECLASS, ZS_EBADRDATA.
 */
int zs_ixfr_delta(struct zs_ixfr *ix, const struct zs_rr *old_soa,
    const struct zs_rr *new_soa);

/*
 * One record deleted / added by the current delta (never an SOA; rr is a
 * view, borrowed, its RDATA may hold compression pointers; what is kept
 * is copied).  Composed with the deltas before: deleting a record added
 * before cancels the addition, adding a record deleted before keeps it
 * with the new TTL and case.  Returns 0, ZS_EDIFF (deleting a record
 * already deleted, adding one already added), ZS_ETOOMANY (the bound),
 * ZS_EINVAL (no delta begun, or an SOA at the apex), ZS_ENOTAPEX (an SOA
 * elsewhere), ZS_ECLASS, ZS_EOUTOFZONE, ZS_EBADNAME, ZS_EBADRDATA,
 * ZS_ETOOBIG, ZS_ENOMEM.  Whether the record is in the zone is checked
 * by zs_ixfr_apply.
 */
int zs_ixfr_del(struct zs_ixfr *ix, const struct zs_rr *rr);
int zs_ixfr_add(struct zs_ixfr *ix, const struct zs_rr *rr);

/* The serial the deltas so far reach. */
uint32_t zs_ixfr_serial(const struct zs_ixfr *ix);

/* Records held in the net change now (what max_change bounds). */
uint64_t zs_ixfr_pending(const struct zs_ixfr *ix);

typedef int (*zs_ixfr_rr_fn)(void *arg, const struct zs_rr *rr);

/*
 * Apply: read zonefile.snap (which must hold serial from), and hand every
 * record of the resulting zone to fn, the new SOA first, each RR a view
 * valid during the call whose RDATA holds no compression pointers; write
 * the same records to out (already open, nothing added yet; the caller
 * finishes it with zs_ixfr_serial and installs it).  Additions to an
 * RRset that exists are placed right after it, so RRsets stay together;
 * additions of a new type for an existing owner after that owner's
 * records; additions for new owners at the end, in canonical order of
 * owner, then by type (ixfr.c says exactly where, for a base whose
 * owners are not grouped).  A record deleted and added back keeps its
 * place.  Memory is that of the change plus fixed buffers, whatever the
 * zone's size.  With no delta, the zone is copied as it is.  fn and out
 * may be NULL.
 * Returns 0, ZS_EDIFF (a deleted record absent, an added record present),
 * ZS_ESNAP (snapshot missing, unreadable, of another zone, incomplete,
 * or at another serial), ZS_ENOMEM, a negated errno, an error of
 * zs_snap_add, or fn's non-zero value; on error nothing is installed and
 * the caller discards what fn and out were given.  The change itself is
 * left as it was (apply may run again).  st may be NULL.
 */
int zs_ixfr_apply(struct zs_ixfr *ix, const char *zonefile,
    struct zs_snap *out, zs_ixfr_rr_fn fn, void *arg,
    struct zs_ixfr_stats *st);

#endif /* ZS_IXFR_H */
