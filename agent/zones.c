/*
 * zones.c - the zone registry: the set of zones of the running config,
 * a name index for NOTIFY, refresh and SIGHUP, iteration for status and
 * metrics, the stale temporary files of zones about to start, and which
 * zones named has been told of through the named-include file.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <unistd.h>

#include "dname.h"
#include "ixfr.h"
#include "log.h"
#include "namedinc.h"
#include "zonefile.h"
#include "zones.h"

#ifndef TAILQ_FOREACH_SAFE
#define TAILQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = TAILQ_FIRST((head));				\
	    (var) && ((tvar) = TAILQ_NEXT((var), field), 1);		\
	    (var) = (tvar))
#endif

#define START_STAGGER	10e-6	/* first rounds this far apart: 10,000
				 * zones start over 0.1 s */

struct zent {
	TAILQ_ENTRY(zent) link;		/* configuration order, or gone */
	struct szone *z;		/* NULL once gone */
	const struct zs_conf_zone *cz;	/* NULL once gone */
	char *origin;			/* where the zone came from */
	bool matched;			/* zones_reconfigure bookkeeping */
	/* named-include (see zones.h) */
	bool in_include;		/* has a statement in the include */
	unsigned inc_gen;		/* first write listing it, 0: none yet */
	bool waiting;			/* the scheduler waits for named to
					 * take the zone (zones_named_add) */
	unsigned gone_gen;		/* gone: first write without it */
	char *name, *file;		/* gone: what to say and delete */
	bool keep_file;			/* gone: leave the file (catalog
					 * keep-files) */
};

TAILQ_HEAD(zlist, zent);

static struct zs_conf *conf;
static struct zlist zlist = TAILQ_HEAD_INITIALIZER(zlist);
static struct zlist gone = TAILQ_HEAD_INITIALIZER(gone);	/* removed,
				 * still in named's config until a reconfig */
static size_t nzones;
static bool unlocked;		/* no pid-file lock: leave temp files */
static struct zones_named named;	/* all NULL: no named-include */

/*
 * Zones by name: an open-addressing hash on the lower-case wire name, so
 * NOTIFY, refresh and SIGHUP find a zone among thousands at once.  Zones
 * come and go one at a time (catalog changes): insertion grows the table
 * at half full, deletion re-seats the rest of the probe run.
 */
static struct zent **ztab;
static size_t ztab_size;		/* a power of two, or 0 */
static size_t ztab_used;

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
index_put(struct zent *e)
{
	size_t h = wire_hash(e->cz->wire, e->cz->wirelen) & (ztab_size - 1);

	while (ztab[h] != NULL)
		h = (h + 1) & (ztab_size - 1);
	ztab[h] = e;
}

static void
index_resize(size_t want)
{
	struct zent **old = ztab;
	size_t i, oldsize = ztab_size, size = 16;

	while (size < 2 * want)
		size *= 2;
	if ((ztab = calloc(size, sizeof(*ztab))) == NULL)
		fatalx("out of memory");
	ztab_size = size;
	for (i = 0; i < oldsize; i++)
		if (old[i] != NULL)
			index_put(old[i]);
	free(old);
}

static void
index_add(struct zent *e)
{
	if (2 * (ztab_used + 1) > ztab_size)
		index_resize(ztab_used + 1 > 2 * ztab_used ? ztab_used + 1 :
		    2 * ztab_used);
	index_put(e);
	ztab_used++;
}

static size_t
index_slot(const uint8_t *wire, size_t len)
{
	size_t h;

	if (ztab_size == 0)
		return SIZE_MAX;
	h = wire_hash(wire, len) & (ztab_size - 1);
	for (; ztab[h] != NULL; h = (h + 1) & (ztab_size - 1))
		if (zs_dname_eq_nocase(ztab[h]->cz->wire, ztab[h]->cz->wirelen,
		    wire, len))
			return h;
	return SIZE_MAX;
}

static struct zent *
index_find(const uint8_t *wire, size_t len)
{
	size_t h = index_slot(wire, len);

	return h == SIZE_MAX ? NULL : ztab[h];
}

static void
index_del(struct zent *e)
{
	size_t h = index_slot(e->cz->wire, e->cz->wirelen), j;

	if (h == SIZE_MAX)
		return;
	ztab[h] = NULL;
	ztab_used--;
	/* Linear probing: re-seat the rest of the run. */
	for (j = (h + 1) & (ztab_size - 1); ztab[j] != NULL;
	    j = (j + 1) & (ztab_size - 1)) {
		struct zent *m = ztab[j];

		ztab[j] = NULL;
		index_put(m);
	}
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

static bool
include_on(void)
{
	return named.enabled != NULL && named.enabled();
}

static void
include_touch(void)
{
	if (include_on() && named.changed != NULL)
		named.changed();
}

static void
zent_free(struct zent *e)
{
	free(e->origin);
	free(e->name);
	free(e->file);
	free(e);
}

/*
 * A zone enters the registry.  With named-include, it enters the include
 * now only if its file exists (named refuses a zone without one); the
 * scheduler is told named does not have it yet, so its first install
 * asks for it through zones_named_add instead of reloading.
 */
static struct zent *
add_one(const struct zs_conf_zone *cz, const char *origin, double delay,
    time_t last_ok)
{
	struct zent *e, *g;

	/* Back before named forgot it: its file stays, it is still listed. */
	TAILQ_FOREACH(g, &gone, link)
		if (strcmp(g->name, cz->name) == 0 &&
		    strcmp(g->file, cz->file) == 0) {
			TAILQ_REMOVE(&gone, g, link);
			zent_free(g);
			break;
		}
	if ((e = calloc(1, sizeof(*e))) == NULL ||
	    (e->origin = strdup(origin != NULL ? origin :
	    ZONES_ORIGIN_CONF)) == NULL)
		fatalx("out of memory");
	e->cz = cz;
	e->z = sched_zone_new(cz, delay, last_ok);
	if (include_on()) {
		e->in_include = access(cz->file, F_OK) == 0;
		sched_zone_set_named(e->z, false);
	}
	TAILQ_INSERT_TAIL(&zlist, e, link);
	index_add(e);
	nzones++;
	return e;
}

/*
 * A zone leaves: its rounds stop now; with named-include, its statement
 * leaves the include and its file (and state) go once named has been
 * reconfigured without it.  Without named-include the file stays, as
 * named.conf written by hand may still name it.
 */
static void
remove_one(struct zent *e, bool quiet)
{
	index_del(e);
	TAILQ_REMOVE(&zlist, e, link);
	nzones--;
	e->waiting = false;
	sched_zone_remove(e->z, quiet);
	e->z = NULL;
	if (!include_on() || !e->in_include) {
		zent_free(e);
		return;
	}
	if ((e->name = strdup(e->cz->name)) == NULL ||
	    (e->file = strdup(e->cz->file)) == NULL)
		fatalx("out of memory");
	e->cz = NULL;
	e->in_include = false;
	e->gone_gen = 0;
	TAILQ_INSERT_TAIL(&gone, e, link);
}

void
zones_set_named(const struct zones_named *n)
{
	if (n != NULL)
		named = *n;
	else
		memset(&named, 0, sizeof(named));
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
	index_resize(conf->nzones);
	for (i = 0; i < conf->nzones; i++) {
		/* Staggered, so answers are read while later zones start. */
		add_one(&conf->zones[i], ZONES_ORIGIN_CONF,
		    (double)i * START_STAGGER,
		    (time_t)zs_statefile_get(sf, conf->zones[i].name));
		paths[i] = conf->zones[i].file;
	}
	remove_stale(paths, conf->nzones);
	free(paths);
	/* Written at start even when empty: named may be waiting for it. */
	include_touch();
}

int
zones_add(const struct zs_conf_zone *cz, const char *origin)
{
	const char *path = cz->file;

	if (index_find(cz->wire, cz->wirelen) != NULL)
		return -1;
	remove_stale(&path, 1);
	add_one(cz, origin, 0, 0);
	log_cat_info(LOG_CAT_CONFIG, "%s: added (%s)", cz->name,
	    origin != NULL ? origin : ZONES_ORIGIN_CONF);
	include_touch();
	sched_kick();
	return 0;
}

int
zones_update(const struct zs_conf_zone *cz, const char *origin)
{
	struct zent *e;
	char *o;

	if ((e = index_find(cz->wire, cz->wirelen)) == NULL)
		return -1;
	if (origin != NULL && strcmp(origin, e->origin) != 0) {
		if ((o = strdup(origin)) == NULL)
			fatalx("out of memory");
		free(e->origin);
		e->origin = o;
	}
	/* The index keys on cz's name: same name, so the slot holds. */
	e->cz = cz;
	sched_zone_setconf(e->z, cz);
	include_touch();	/* the statement may differ */
	return 0;
}

int
zones_remove_wire(const uint8_t *wire, size_t len)
{
	return zones_remove_keep(wire, len, false);
}

int
zones_remove_keep(const uint8_t *wire, size_t len, bool keep_file)
{
	struct zent *e;

	if ((e = index_find(wire, len)) == NULL)
		return -1;
	e->keep_file = keep_file;
	remove_one(e, false);
	include_touch();
	return 0;
}

int
zones_remove(const char *name)
{
	uint8_t wire[ZS_DNAME_MAXLEN];
	size_t wlen;

	if (zs_dname_from_text(name, strlen(name), NULL, 0, wire,
	    &wlen) != 0)
		return -1;
	return zones_remove_wire(wire, wlen);
}

/* named-include was turned off: nothing waits for a reconfig any more. */
static void
include_off(void)
{
	struct sched_run_outcome o;
	struct zent *e;

	while ((e = TAILQ_FIRST(&gone)) != NULL) {
		TAILQ_REMOVE(&gone, e, link);
		zent_free(e);
	}
	memset(&o, 0, sizeof(o));
	o.exited = true;
	o.status = 1;
	o.output = "named-include is no longer configured";
	TAILQ_FOREACH(e, &zlist, link) {
		e->in_include = false;
		e->inc_gen = 0;
		sched_zone_set_named(e->z, true);
		if (e->waiting) {
			e->waiting = false;
			sched_reload_done(e->z, &o);
		}
	}
}

void
zones_reconfigure(struct zs_conf *newconf)
{
	struct zlist old = TAILQ_HEAD_INITIALIZER(old);
	struct zent *e, *keep;
	const char **paths;
	size_t i, added = 0, kept = 0, removed = 0;

	TAILQ_CONCAT(&old, &zlist, link);
	TAILQ_INIT(&zlist);
	if ((paths = calloc(newconf->nzones + 1, sizeof(*paths))) == NULL)
		fatalx("out of memory");
	sched_setconf(newconf);
	/* First the zones gone from the file: their names may come back. */
	for (i = 0; i < newconf->nzones; i++) {
		const struct zs_conf_zone *cz = &newconf->zones[i];

		if ((e = index_find(cz->wire, cz->wirelen)) != NULL)
			e->matched = true;
	}
	TAILQ_FOREACH_SAFE(e, &old, link, keep) {
		if (e->matched || strcmp(e->origin, ZONES_ORIGIN_CONF) != 0)
			continue;
		TAILQ_REMOVE(&old, e, link);
		TAILQ_INSERT_TAIL(&zlist, e, link);
		remove_one(e, false);
		removed++;
	}
	/*
	 * Then the zones of the new file in its order, kept ones with their
	 * state; zones from elsewhere (a catalog) stay after them.
	 */
	for (i = 0; i < newconf->nzones; i++) {
		const struct zs_conf_zone *cz = &newconf->zones[i];

		if ((e = index_find(cz->wire, cz->wirelen)) != NULL &&
		    e->matched) {
			e->matched = false;
			TAILQ_REMOVE(&old, e, link);
			TAILQ_INSERT_TAIL(&zlist, e, link);
			if (strcmp(e->origin, ZONES_ORIGIN_CONF) != 0) {
				/* agent.conf wins over a catalog. */
				free(e->origin);
				if ((e->origin = strdup(ZONES_ORIGIN_CONF)) ==
				    NULL)
					fatalx("out of memory");
			}
			e->cz = cz;
			sched_zone_setconf(e->z, cz);
			if (include_on() && !e->in_include &&
			    access(cz->file, F_OK) == 0)
				e->in_include = true;
			kept++;
		} else {
			add_one(cz, ZONES_ORIGIN_CONF, 0, 0);
			log_cat_info(LOG_CAT_CONFIG, "%s: added to the "
			    "configuration", cz->name);
			paths[added++] = cz->file;
		}
	}
	TAILQ_CONCAT(&zlist, &old, link);
	remove_stale(paths, added);
	free(paths);
	zs_conf_free(conf);
	conf = newconf;
	if (!include_on())
		include_off();
	include_touch();
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
		zent_free(e);
	}
	while ((e = TAILQ_FIRST(&gone)) != NULL) {
		TAILQ_REMOVE(&gone, e, link);
		zent_free(e);
	}
	free(ztab);
	ztab = NULL;
	ztab_size = 0;
	ztab_used = 0;
	nzones = 0;
	zs_conf_free(conf);
	conf = NULL;
	sched_setconf(NULL);
}

/* ------------------------------------------------------ named-include */

size_t
zones_include_render(struct zs_strbuf *sb, unsigned gen)
{
	struct zent *e;
	size_t n = 0;

	TAILQ_FOREACH(e, &zlist, link) {
		if (!e->in_include)
			continue;
		const char *body = zs_conf_zone_body(conf, e->cz);

		if (zs_namedinc_zone(sb, e->cz->name, e->cz->file, body) != 0)
			continue;	/* refused at load; sb says ENOMEM */
		if (e->cz->opts.masterfile_format == ZS_ZONEFILE_RAW &&
		    zs_namedinc_raw(sb, body) != 0)
			continue;
		if (e->inc_gen == 0)
			e->inc_gen = gen;
		n++;
	}
	TAILQ_FOREACH(e, &gone, link)
		if (e->gone_gen == 0)
			e->gone_gen = gen;
	return n;
}

void
zones_include_applied(unsigned gen, bool ok, const struct spawn_result *r)
{
	struct sched_run_outcome o;
	struct zent *e, *next;

	memset(&o, 0, sizeof(o));
	o.ok = ok;
	o.exited = r == NULL || r->exited;
	o.status = r != NULL ? r->status : 1;
	o.signo = r != NULL ? r->signo : 0;
	o.timed_out = r != NULL && r->timed_out;
	o.exec_failed = r != NULL && r->exec_failed;
	o.output = r != NULL ? r->output : "cannot write the named-include "
	    "file";
	TAILQ_FOREACH(e, &zlist, link) {
		if (e->inc_gen == 0 || e->inc_gen > gen)
			continue;
		if (!e->waiting) {
			/* Between its own retries: not at the next one. */
			if (ok)
				sched_zone_named_listed(e->z);
			continue;
		}
		e->waiting = false;
		sched_reload_done(e->z, &o);
	}
	if (!ok)
		return;
	TAILQ_FOREACH_SAFE(e, &gone, link, next) {
		if (e->gone_gen == 0 || e->gone_gen > gen)
			continue;
		TAILQ_REMOVE(&gone, e, link);
		if (e->keep_file)
			log_cat_info(LOG_CAT_CONFIG, "%s: named no longer has "
			    "the zone; kept %s", e->name, e->file);
		else if (unlink(e->file) == 0)
			log_cat_info(LOG_CAT_CONFIG, "%s: named no longer has "
			    "the zone; removed %s", e->name, e->file);
		else if (errno != ENOENT)
			log_warn("%s: cannot remove %s", e->name, e->file);
		/* The IXFR snapshot is state: it goes, even with the file
		 * kept (a catalog's keep-files). */
		if (zs_snap_remove(e->file) != 0)
			log_warn("%s: cannot remove %s.snap", e->name, e->file);
		zent_free(e);
	}
}

int
zones_named_add(struct szone *z)
{
	const struct zs_conf_zone *cz = sched_zone_conf(z);
	struct zent *e = index_find(cz->wire, cz->wirelen);

	/* Never a statement without its file: named would fail the load. */
	if (e == NULL || e->z != z || !include_on() ||
	    access(cz->file, F_OK) != 0)
		return -1;
	e->waiting = true;
	e->in_include = true;
	/*
	 * Listed already and told to named: one more reconfig (batched with
	 * whatever else changes) answers it all the same.
	 */
	named.changed();
	return 0;
}

void
zones_named_cancel(struct szone *z)
{
	const struct zs_conf_zone *cz = sched_zone_conf(z);
	struct zent *e = index_find(cz->wire, cz->wirelen);

	if (e != NULL && e->z == z)
		e->waiting = false;
}

size_t
zones_count(void)
{
	return nzones;
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
		st.origin = e->origin;
		fn(&st, arg);
	}
}
