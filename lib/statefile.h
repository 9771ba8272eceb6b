/*
 * statefile.h - the agent's state file: the few facts about each zone
 * that must survive a restart (its last good refresh, for SOA expire).
 * Text, one zone a line, parsed and written here without I/O:
 *
 *	; zonesyncd state 1
 *	example.com 1800000000
 *
 * Zone names are as the config prints them (canonical, escaped, so never
 * a space); the number is seconds since the epoch.
 */
#ifndef ZS_STATEFILE_H
#define ZS_STATEFILE_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct zs_state_entry {
	char *name;		/* owned by the table */
	int64_t last_ok;	/* last good refresh, seconds since the epoch */
};

struct zs_statefile {
	struct zs_state_entry *v;	/* sorted by name */
	size_t n;
};

#define ZS_STATEFILE_INIT	{ NULL, 0 }

/*
 * Read text (len bytes, not NUL-terminated) into sf (which must be
 * empty).  Lines that do not parse are skipped, and a name given twice
 * is kept once: a damaged file costs the facts it lost, never the start.  Returns 0 or
 * ZS_ENOMEM (sf then empty).
 */
int zs_statefile_parse(const char *text, size_t len, struct zs_statefile *sf);

/* The last good refresh recorded for name, or 0 when none. */
int64_t zs_statefile_get(const struct zs_statefile *sf, const char *name);

/*
 * Append the file's text for n entries (names borrowed; entries with
 * last_ok <= 0 are left out) to sb.  Returns 0 or sb's error.
 */
int zs_statefile_format(const struct zs_state_entry *v, size_t n,
    struct zs_strbuf *sb);

void zs_statefile_free(struct zs_statefile *sf);

#endif /* ZS_STATEFILE_H */
