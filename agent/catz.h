/*
 * catz.h - the catalog zone consumer (RFC 9432): the zones a catalog
 * zone lists become zones of the agent, added and removed at run time
 * through the registry (agent/zones.h).
 *
 *   transfer of CAT --each RR--> catz_xfr_rr (lib/catalog reader,
 *                                and a copy of the records)
 *   file of CAT installed (zone-updated) --> catz_installed
 *       --> broken/wrong version: status error, members unchanged
 *       --> removes more than max-removal-percent: held (status), until
 *           `zonesyncd retransfer --force CAT`
 *       --> diff with the members: add, remove, update (group, ext
 *           properties), reset (new unique id: transfer again), take
 *           over (coo); the records go to CAT's side file "FILE.catalog"
 *           so a restart knows the members without a transfer.
 *
 * A member also in agent.conf is left to agent.conf; one listed by two
 * catalogs stays with the first; both are reported (status, log).
 */
#ifndef ZS_AGENT_CATZ_H
#define ZS_AGENT_CATZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf.h"
#include "msg.h"

/*
 * Follow conf's catalog-zones (borrowed until the next call): at start
 * after zones_start, and after every zones_reconfigure.  New catalogs
 * read their side file and add their members; members of catalogs no
 * longer configured are removed; the others take the new settings.
 */
void catz_configure(const struct zs_conf *conf);

/*
 * A transfer of zone (wire) starts: returns the tap argument for
 * catz_xfr_rr when the zone is a catalog, else NULL.  The previous
 * unfinished transfer's data, if any, is dropped.
 */
void *catz_xfr_begin(const uint8_t *zone, size_t zlen);

/* Each record of the transfer (a zs_xfr_rr_fn); never fails it. */
int catz_xfr_rr(void *arg, const struct zs_rr *rr);

/* The transfer of zone ended (ok: the file is complete at serial). */
void catz_xfr_end(const uint8_t *zone, size_t zlen, bool ok,
    uint32_t serial);

/* The file of zone now holds serial (the zone-updated event). */
void catz_installed(const char *zone, uint32_t serial);

/*
 * `retransfer --force` for zone: a held update of that catalog is
 * applied now, and the next one is not held either.
 */
void catz_force(const char *zone);

/* The catalog a zone came from (name without final dot), or NULL. */
const char *catz_of(const char *zone);

/* What status and metrics show of one catalog. */
struct catz_status {
	const char *name;
	const char *state;	/* "ok", "pending", "error", "held" */
	bool have_serial;
	uint32_t serial;	/* of the member set applied */
	size_t members;		/* served through this catalog */
	size_t problems;	/* members listed but not served */
	const char *error;	/* "" when none */
};
void catz_foreach(void (*fn)(const struct catz_status *, void *),
    void *arg);

/*
 * The members of catalog name that are listed but not served, each with
 * why ("also in agent.conf", ...): fn(member, reason, arg).
 */
void catz_problems(const char *name,
    void (*fn)(const char *, const char *, void *), void *arg);

/* At exit: forget everything (the registry stops the zones). */
void catz_shutdown(void);

#endif /* ZS_AGENT_CATZ_H */
