/*
 * zonefile.h - streaming, atomic BIND text zone file writer.
 *
 * Records are rendered and written as they arrive, into a temporary file
 * in the target's directory.  Only zs_zonefile_commit makes them visible:
 * flush, fsync, rename over the target, fsync the directory.  Until then
 * (and after any error, a crash or kill -9) the previous file is intact.
 *
 * Layout of a written file:
 *
 *   ; zonesync zone file: example.com.
 *   ; primary: 192.0.2.1#53
 *   ; transferred: 2026-11-21T16:30:00Z
 *   ; serial:            2026112101
 *   ; records:               123456
 *   $ORIGIN example.com.
 *   @	3600	IN	SOA	...
 *   www	300	IN	A	192.0.2.80
 *
 * Owners are written relative to $ORIGIN only when their suffix matches
 * the origin octet for octet, so case is never lost on reload.
 *
 * With ZS_ZONEFILE_RAW in the meta, the same writer produces BIND's raw
 * format instead (lib/rawzone.h: a binary header, then one block per
 * RRset of uncompressed wire RDATA), which named loads with
 * `masterfile-format raw;` in about 0.6-0.7 of the time (no text
 * parsing).
 * Consecutive records of one RRset share a block; an RRset that comes
 * back later gets a second block, which named merges.  Everything else
 * (temporary file, checks, commit) is the same.
 */
#ifndef ZS_ZONEFILE_H
#define ZS_ZONEFILE_H

#include <stdint.h>

#include "msg.h"

struct zs_zonefile;

/* The file format, BIND's masterfile-format. */
enum zs_zonefile_format {
	ZS_ZONEFILE_TEXT = 0,	/* master file text (default) */
	ZS_ZONEFILE_RAW = 1,	/* BIND raw, version 1 */
};

struct zs_zonefile_meta {
	const char *primary;	/* server text for the header, may be NULL;
				 * text only (raw has no room for it) */
	int64_t time;		/* transfer time, seconds since the epoch;
				 * raw: the header's dump time */
	enum zs_zonefile_format format;	/* a NULL meta means text */
};

/*
 * Create a temporary file beside path for zone origin (wire form, copied)
 * of class rrclass, and write the header.  Returns 0 and a new writer
 * the caller frees with zs_zonefile_free, or a negated errno.
 */
int zs_zonefile_open(struct zs_zonefile **out, const char *path,
    const uint8_t *origin, size_t olen, uint16_t rrclass,
    const struct zs_zonefile_meta *meta);

/*
 * Render one RR and append it.  The first RR must be the SOA.  Returns 0,
 * ZS_ENOMEM, ZS_EBADRDATA for RDATA malformed for its type (see
 * zs_rdata_check: the zone must not be installed), or a negated errno from
 * write(2) (ENOSPC for a full disk).
 */
int zs_zonefile_add(struct zs_zonefile *zf, const struct zs_rr *rr);

/*
 * Finish the header (serial, record count), flush, fsync and close the
 * temporary file, which then holds the complete zone but is not yet
 * visible under path: a check command can read it at
 * zs_zonefile_tmppath().  Returns 0 or a negated errno.
 */
int zs_zonefile_finish(struct zs_zonefile *zf, uint32_t serial);

/* Path of the temporary file (owned by zf). */
const char *zs_zonefile_tmppath(const struct zs_zonefile *zf);

/*
 * After zs_zonefile_finish: rename the temporary file over path and
 * fsync the directory.  Returns 0 or a negated errno; if the rename
 * failed the target is untouched.  The replaced file's data is released
 * only by zs_zonefile_free, so a caller can tell named first.
 */
int zs_zonefile_install(struct zs_zonefile *zf);

/*
 * After zs_zonefile_install: hand over the path of the extra link that
 * keeps the replaced file's data (NULL if there is none).  The caller
 * then unlinks and frees it when it likes, and may free zf at once.
 */
char *zs_zonefile_take_replaced(struct zs_zonefile *zf);

/*
 * zs_zonefile_finish then zs_zonefile_install.  On error the temporary
 * file is removed by zs_zonefile_free and the target is untouched.
 */
int zs_zonefile_commit(struct zs_zonefile *zf, uint32_t serial);

/* Records and bytes written so far. */
uint64_t zs_zonefile_records(const struct zs_zonefile *zf);
uint64_t zs_zonefile_bytes(const struct zs_zonefile *zf);

/*
 * Free zf.  If it was not committed, the temporary file is removed.
 * NULL does nothing.
 */
void zs_zonefile_free(struct zs_zonefile *zf);

/*
 * Remove temporary files this writer left beside the zone files paths[]
 * when it was killed (".NAME.XXXXXX"), and those of their IXFR snapshots
 * (".snap+NAME.snap.XXXXXX", lib/ixfr.h).  Each directory is read once,
 * whatever the number of zones in it.  Only for a caller that knows no
 * other writer is at work on these paths.  Returns how many files were
 * removed, or a negated errno (ZS_ENOMEM).
 */
int zs_zonefile_remove_stale(const char *const *paths, size_t n);

/* What zs_zonefile_read_info learns from a file this writer wrote. */
struct zs_zonefile_info {
	enum zs_zonefile_format format;	/* which of the two it is */
	uint32_t serial;	/* from the SOA line (raw: the first block) */
	uint32_t refresh;
	uint32_t retry;
	uint32_t expire;
	uint32_t minimum;
	uint64_t records;	/* from the header (raw: block counts) */
};

/*
 * Read the header record count and the SOA fields of a zone file written
 * by this writer (the SOA is the first record after the header), in
 * either format, told apart by the first octets.  A text file is read
 * for its first 8 KiB only; a raw file has no record count in its
 * header, so its blocks are walked (their headers; the file is read
 * through once: 40 ms for a million records, 69 MB, from the page cache).  Returns 0, ZS_ESYNTAX when the
 * file is not ours, has no readable SOA or (raw) a block runs past the
 * end, or a negated errno (-ENOENT when there is no file).
 */
int zs_zonefile_read_info(const char *path, struct zs_zonefile_info *info);

#endif /* ZS_ZONEFILE_H */
