/*
 * xfrin.h - one inbound zone transfer over TCP, non-blocking.
 *
 * The owner (the poll loop, or the one-shot `xfr` command) polls
 * xfrin_fd() for xfrin_events() and calls xfrin_io() when it is ready;
 * it also enforces the time limits, since only it knows the clock.
 */
#ifndef ZS_AGENT_XFRIN_H
#define ZS_AGENT_XFRIN_H

#include <stdint.h>

#include "addr.h"
#include "dname.h"
#include "tsig.h"
#include "xfr.h"

struct zs_zonefile;
struct zs_snap;

struct xfrin;

struct xfrin_params {
	const char *zone_text;		/* for messages */
	const uint8_t *zone;		/* wire form */
	size_t zlen;
	uint16_t rrclass;
	const struct zs_addr *primary;
	const char *path;		/* target zone file */
	struct zs_xfr_limits limits;
	int64_t wall_time;		/* for the file header */
	int install;			/* rename over path when done */
	int format;			/* enum zs_zonefile_format */
	const struct zs_tsig_key *key;	/* TSIG, NULL for none (borrowed
					 * for xfrin_start only) */
	zs_xfr_rr_fn tap;		/* also sees every record written
					 * (a catalog zone's reader); its
					 * return value is ignored */
	void *tap_arg;
	int snapshot;			/* keep path.snap for IXFR: write
					 * one with a whole zone */
	int ixfr;			/* ask for IXFR from serial, when a
					 * snapshot at serial is there */
	uint32_t serial;		/* the zone file's serial */
};

/* What a finished transfer was. */
enum xfrin_kind {
	XFRIN_AXFR,			/* asked AXFR */
	XFRIN_IXFR,			/* asked IXFR, got deltas */
	XFRIN_IXFR_FULL,		/* asked IXFR, got the whole zone */
	XFRIN_IXFR_UPTODATE		/* asked IXFR, got "up to date" */
};

struct xfrin_result {
	uint32_t serial;
	uint64_t records;		/* written to the file */
	uint64_t bytes;			/* DNS message bytes received */
	uint64_t messages;
	uint64_t file_bytes;
	enum xfrin_kind kind;
	uint64_t deltas;		/* IXFR: delta sequences applied */
	uint64_t deleted, added;	/* IXFR: net change (not SOAs) */
	char note[160];			/* why not IXFR ("" if none): no
					 * snapshot, a snapshot not usable */
};

enum { XFRIN_MORE = 0, XFRIN_DONE = 1 };

/*
 * Open the temporary file and start a non-blocking connect.  Returns 0
 * and a new transfer (free with xfrin_free), or an error with a message
 * in errbuf.
 */
int xfrin_start(struct xfrin **out, const struct xfrin_params *p,
    char *errbuf, size_t errlen);

int xfrin_fd(const struct xfrin *x);
short xfrin_events(const struct xfrin *x);

/*
 * Make progress after poll() reported revents.  Returns XFRIN_MORE,
 * XFRIN_DONE (the file is finished and, when install was set, in place),
 * or a negative error, after which xfrin_error() says what happened.
 */
int xfrin_io(struct xfrin *x, short revents);

/* Text of the last error ("" if none); owned by x. */
const char *xfrin_error(const struct xfrin *x);

/*
 * After a failure: whether an AXFR may do better, because the query was
 * an IXFR and it failed once the primary had it (an error rcode, an
 * answer that is empty, malformed or does not apply, a broken chain, a
 * snapshot problem), not on the way there (connect).
 */
int xfrin_ixfr_failed(const struct xfrin *x);

/* Whether the query sent, or about to be, is an IXFR. */
int xfrin_is_ixfr(const struct xfrin *x);

void xfrin_get_result(const struct xfrin *x, struct xfrin_result *r);

/*
 * Hand over the finished transfer once (after XFRIN_DONE, install == 0):
 * its result in r and the finished, not yet installed zone file, which
 * the caller frees with zs_zonefile_free (removing it unless installed).
 */
struct zs_zonefile *xfrin_take_file(struct xfrin *x, struct xfrin_result *r);

/*
 * After xfrin_take_file: the finished, not installed snapshot written
 * with the zone (NULL when none); the caller frees it with zs_snap_free.
 */
struct zs_snap *xfrin_take_snap(struct xfrin *x);

/* Abandon or release: closes, and removes an uninstalled temp file. */
void xfrin_free(struct xfrin *x);

#endif /* ZS_AGENT_XFRIN_H */
