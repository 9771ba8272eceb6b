/*
 * include.h - the named.conf include (named-include in agent.conf): the
 * file of zone statements for every zone named should load from the
 * agent, rewritten atomically when that set changes, then `reconfig` so
 * named picks it up (over rndc-server's control channel, or by running
 * reconfig-command).
 *
 * What goes into the file is the zone registry's business (agent/zones.c
 * renders it); this module batches changes, writes, runs the reconfig,
 * retries a failed one with backoff, and reports each attempt back by
 * generation, so the registry knows what named has been told:
 *
 *   include_changed() --INCLUDE_BATCH s--> render(gen) + write
 *       --> reconfig --ok--> applied(gen, ok)
 *                    --fail--> applied(gen, fail), again in 2 s, 4 s, ...
 *                              (at most INCLUDE_BACKOFF_MAX)
 *
 * Changes made while a reconfig runs wait for it, then go out together.
 */
#ifndef ZS_AGENT_INCLUDE_H
#define ZS_AGENT_INCLUDE_H

#include <stdbool.h>
#include <time.h>

#include "conf.h"
#include "proc.h"
#include "strbuf.h"

#define INCLUDE_BATCH		0.1	/* changes closer than this: one write */
#define INCLUDE_BACKOFF_MAX	60.0

/*
 * The registry's side.  render appends the file's zone statements to sb
 * and returns how many it wrote; gen numbers this write (1, 2, ...).
 * applied says how the reconfig after write gen ended (r: the reconfig's
 * result, NULL when the file could not be written; borrowed).
 */
struct include_hooks {
	size_t (*render)(struct zs_strbuf *sb, unsigned gen);
	void (*applied)(unsigned gen, bool ok, const struct spawn_result *r);
};

/* Set the hooks (copied); once, before anything else. */
void include_init(const struct include_hooks *h);

/*
 * Take c's named-include, reconfig-command and rndc-server (copied); at
 * start and after SIGHUP.  Without named-include the module is off.
 * Returns 0 or ZS_ENOMEM (the old settings then stay).
 */
int include_configure(const struct zs_conf *c);

/* Whether named-include is configured. */
bool include_enabled(void);

/* The set of zones (or a statement) changed: rewrite and reconfig soon. */
void include_changed(void);

/* The last generation named accepted (0: none yet). */
unsigned include_applied_gen(void);

/* What the status shows of the include. */
struct include_status {
	const char *path;	/* NULL when off */
	const char *state;	/* "ok", "pending", "error" */
	size_t zones;		/* statements in the file last written */
	time_t last_written, last_reconfig;	/* 0 = never */
	unsigned failures;	/* failed attempts in a row */
	const char *error;	/* the last failure, "" when none */
};
void include_status(struct include_status *st);

/*
 * At exit: write the file if a change is still pending (no reconfig),
 * forget any reconfig running, free the settings.
 */
void include_shutdown(void);

#endif /* ZS_AGENT_INCLUDE_H */
