/*
 * zones.c - the zone registry: the set of zones of the running config,
 * a name index for NOTIFY, refresh and SIGHUP, iteration for status and
 * metrics, and the stale temporary files of zones about to start.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include "dname.h"
#include "log.h"
#include "zonefile.h"
#include "zones.h"

#define START_STAGGER	10e-6	/* first rounds this far apart: 10,000
				 * zones start over 0.1 s */

struct zent {
	TAILQ_ENTRY(zent) link;		/* configuration order */
	struct szone *z;
	const struct zs_conf_zone *cz;
	bool matched;			/* zones_reconfigure bookkeeping */
};

TAILQ_HEAD(zlist, zent);

static struct zs_conf *conf;
static struct zlist zlist = TAILQ_HEAD_INITIALIZER(zlist);
static bool unlocked;		/* no pid-file lock: leave temp files */

/*
 * Zones by name: an open-addressing hash on the lower-case wire name, so
 * NOTIFY, refresh and SIGHUP find a zone among thousands at once.
 */
static struct zent **ztab;
static size_t ztab_size;		/* a power of two, or 0 */

static uint32_t
wire_hash(const uint8_t *w, size_t n)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++) {
		uint8_t c = w[i];

		h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 16777619u;
	}
	return h;
}

static void
index_build(void)
{
	struct zent *e;
	size_t size = 16, n = 0;

	TAILQ_FOREACH(e, &zlist, link)
		n++;
	while (size < 2 * n)
		size *= 2;
	free(ztab);
	if ((ztab = calloc(size, sizeof(*ztab))) == NULL)
		fatalx("out of memory");
	ztab_size = size;
	TAILQ_FOREACH(e, &zlist, link) {
		size_t h = wire_hash(e->cz->wire, e->cz->wirelen) & (size - 1);

		while (ztab[h] != NULL)
			h = (h + 1) & (size - 1);
		ztab[h] = e;
	}
}

static struct zent *
index_find(const uint8_t *wire, size_t len)
{
	size_t h;

	if (ztab_size == 0)
		return NULL;
	h = wire_hash(wire, len) & (ztab_size - 1);
	for (; ztab[h] != NULL; h = (h + 1) & (ztab_size - 1))
		if (zs_dname_eq_nocase(ztab[h]->cz->wire, ztab[h]->cz->wirelen,
		    wire, len))
			return ztab[h];
	return NULL;
}

/*
 * Temporary files of a killed predecessor, for zones about to start: the
 * pid-file lock says no other agent writes here (without it, they stay).
 */
static void
remove_stale(const char **paths, size_t n)
{
	int removed;

	if (unlocked || n == 0)
		return;
	if ((removed = zs_zonefile_remove_stale(paths, n)) > 0)
		log_info("removed %d temporary file%s left by interrupted "
		    "transfers", removed, removed > 1 ? "s" : "");
}

static struct zent *
zent_new(const struct zs_conf_zone *cz, double delay, time_t last_ok)
{
	struct zent *e;

	if ((e = calloc(1, sizeof(*e))) == NULL)
		fatalx("out of memory");
	e->cz = cz;
	e->z = sched_zone_new(cz, delay, last_ok);
	return e;
}

void
zones_start(struct zs_conf *c, bool nolock, const struct zs_statefile *sf)
{
	const char **paths;
	size_t i;

	conf = c;
	unlocked = nolock;
	sched_setconf(conf);
	if ((paths = calloc(conf->nzones + 1, sizeof(*paths))) == NULL)
		fatalx("out of memory");
	for (i = 0; i < conf->nzones; i++) {
		/* Staggered, so answers are read while later zones start. */
		struct zent *e = zent_new(&conf->zones[i],
		    (double)i * START_STAGGER,
		    (time_t)zs_statefile_get(sf, conf->zones[i].name));

		TAILQ_INSERT_TAIL(&zlist, e, link);
		paths[i] = conf->zones[i].file;
	}
	index_build();
	remove_stale(paths, conf->nzones);
	free(paths);
}

void
zones_reconfigure(struct zs_conf *newconf)
{
	struct zlist old = TAILQ_HEAD_INITIALIZER(old);
	struct zent *e;
	const char **paths;
	size_t i, added = 0, kept = 0, removed = 0;

	index_build();
	TAILQ_CONCAT(&old, &zlist, link);
	if ((paths = calloc(newconf->nzones + 1, sizeof(*paths))) == NULL)
		fatalx("out of memory");
	sched_setconf(newconf);
	for (i = 0; i < newconf->nzones; i++) {
		const struct zs_conf_zone *cz = &newconf->zones[i];

		if ((e = index_find(cz->wire, cz->wirelen)) != NULL &&
		    !e->matched) {
			e->matched = true;
			e->cz = cz;
			sched_zone_setconf(e->z, cz);
			TAILQ_REMOVE(&old, e, link);
			kept++;
		} else {
			e = zent_new(cz, 0, 0);
			log_cat_info(LOG_CAT_CONFIG, "%s: added to the "
			    "configuration", cz->name);
			paths[added++] = cz->file;
		}
		TAILQ_INSERT_TAIL(&zlist, e, link);
	}
	remove_stale(paths, added);
	free(paths);
	while ((e = TAILQ_FIRST(&old)) != NULL) {
		TAILQ_REMOVE(&old, e, link);
		sched_zone_remove(e->z, false);
		free(e);
		removed++;
	}
	TAILQ_FOREACH(e, &zlist, link)
		e->matched = false;
	zs_conf_free(conf);
	conf = newconf;
	index_build();
	sched_kick();
	log_cat_info(LOG_CAT_CONFIG, "configuration reloaded: %zu zones "
	    "(%zu added, %zu kept, %zu removed)", added + kept, added, kept,
	    removed);
}

void
zones_stop(void)
{
	struct zent *e;

	while ((e = TAILQ_FIRST(&zlist)) != NULL) {
		TAILQ_REMOVE(&zlist, e, link);
		sched_zone_remove(e->z, true);
		free(e);
	}
	free(ztab);
	ztab = NULL;
	ztab_size = 0;
	zs_conf_free(conf);
	conf = NULL;
	sched_setconf(NULL);
}

const struct zs_conf *
zones_conf(void)
{
	return conf;
}

struct szone *
zones_find(const uint8_t *wire, size_t len)
{
	struct zent *e = index_find(wire, len);

	return e != NULL ? e->z : NULL;
}

int
zones_refresh(const char *name, unsigned flags)
{
	uint8_t wire[ZS_DNAME_MAXLEN];
	size_t wlen;
	struct szone *z;

	/* With or without the final dot, any case, escapes as in -n -v. */
	if (zs_dname_from_text(name, strlen(name), NULL, 0, wire,
	    &wlen) != 0 || (z = zones_find(wire, wlen)) == NULL)
		return -1;
	sched_zone_refresh(z, flags);
	return 0;
}

/* The default allow-notify: the zone's primaries, whatever the port. */
static bool
from_primary(const struct zs_conf_zone *cz, const struct sockaddr *src)
{
	struct zs_addr a;
	size_t i;

	if (zs_addr_from_sockaddr(src, &a) != 0)
		return false;
	for (i = 0; i < cz->nprimaries; i++)
		if (zs_addr_same_host(&cz->primaries[i].addr, &a))
			return true;
	return false;
}

enum notify_verdict
zones_notify(const uint8_t *wire, size_t wlen, const struct sockaddr *src,
    const uint8_t *key, size_t keylen, bool have_serial, uint32_t serial)
{
	struct zent *e;
	bool ok;

	if ((e = index_find(wire, wlen)) == NULL)
		return NOTIFY_UNKNOWN_ZONE;
	if (e->cz->nnotify_acl > 0)
		ok = zs_acl_allows(e->cz->notify_acl, e->cz->nnotify_acl, src,
		    key, keylen);
	else
		ok = from_primary(e->cz, src);
	if (!ok)
		return NOTIFY_REFUSED;
	sched_zone_notify(e->z, have_serial, serial);
	return NOTIFY_ACCEPT;
}

void
zones_foreach(void (*fn)(const struct zone_status *, void *), void *arg)
{
	struct zone_status st;
	struct zent *e;

	TAILQ_FOREACH(e, &zlist, link) {
		sched_zone_status(e->z, &st);
		fn(&st, arg);
	}
}
