/*
 * catz.c - the catalog zone consumer (see catz.h).
 *
 *   configure --side file--> apply(forced)          restart, no transfer
 *   xfr_begin -> xfr_rr... -> xfr_end(ok) --pending--+
 *                                                    | installed(serial)
 *                    held <--guard-- apply(reader) <-+
 *                      \--retransfer --force--> apply(forced)
 *
 * Each member that runs has its own struct zs_conf_zone, owned here at a
 * fixed address (the registry borrows it), built from the catalog's
 * settings, the member's group and its BIND properties.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catz.h"
#include "catzint.h"
#include "dname.h"
#include "events.h"
#include "log.h"
#include "sched.h"
#include "strbuf.h"
#include "zonefile.h"
#include "zones.h"

#define SIDE_SUFFIX	".catalog"

struct cat;

struct member {
	struct cat *cat;
	char *name;			/* canonical text */
	uint8_t wire[ZS_DNAME_MAXLEN];	/* lower case */
	size_t wirelen;
	uint8_t id[ZS_DNAME_MAXLABEL];
	size_t idlen;
	char *group;
	uint8_t coo[ZS_DNAME_MAXLEN];
	size_t coolen;
	struct zs_conf_zone *cz;	/* built; the registry borrows it */
	bool running;			/* in the registry, through us */
	bool moved;			/* handed to another catalog (coo) */
	bool mark;			/* apply(): still listed */
	char *problem;			/* why not running, NULL: none */
};

struct cat {
	const struct zs_conf_catalog *cc;	/* of the running config */
	char *name;
	uint8_t wire[ZS_DNAME_MAXLEN];
	size_t wirelen;
	char *side;			/* side file path */
	char origin[ZS_DNAME_MAXLEN * 4 + 16];	/* "catalog NAME" */
	struct member **m;		/* the members applied */
	size_t n;
	struct member **idx;		/* m by name: open addressing */
	size_t idxsize;			/* a power of two, or 0 */
	bool have_serial;
	uint32_t serial;
	char error[512];
	bool held;			/* a reader waits for --force */
	bool force_next;
	struct zs_catalog *pending;	/* finished transfer, not yet
					 * installed (or held) */
	uint32_t pending_serial;
	struct zs_strbuf pending_rec;	/* its records, for the side file */
	struct zs_catalog *xfr;		/* transfer under way */
	struct zs_strbuf xfr_rec;
	bool seen;			/* catz_configure bookkeeping */
};

static const struct zs_conf *conf;
static struct cat **cats;
static size_t ncats;

/* ------------------------------------------------------------ helpers */

static struct cat *
cat_find_wire(const uint8_t *w, size_t len)
{
	size_t i;

	for (i = 0; i < ncats; i++)
		if (zs_dname_eq_nocase(cats[i]->wire, cats[i]->wirelen, w, len))
			return cats[i];
	return NULL;
}

static struct cat *
cat_find(const char *name)
{
	uint8_t w[ZS_DNAME_MAXLEN];
	size_t wl;

	if (zs_dname_from_text(name, strlen(name), NULL, 0, w, &wl) != 0)
		return NULL;
	return cat_find_wire(w, wl);
}

/* FNV-1a of a lower-case wire name. */
static size_t
whash(const uint8_t *w, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ w[i]) * 16777619u;
	return h;
}

/* Index c->m by name, so 10,000 members diff in linear time. */
static void
idx_build(struct cat *c)
{
	size_t size = 16, i;

	while (size < 2 * c->n)
		size *= 2;
	free(c->idx);
	if ((c->idx = calloc(size, sizeof(*c->idx))) == NULL)
		fatalx("out of memory");
	c->idxsize = size;
	for (i = 0; i < c->n; i++) {
		size_t h = whash(c->m[i]->wire, c->m[i]->wirelen) & (size - 1);

		while (c->idx[h] != NULL)
			h = (h + 1) & (size - 1);
		c->idx[h] = c->m[i];
	}
}

static struct member *
idx_find(const struct cat *c, const uint8_t *w, size_t len)
{
	struct member *m;
	size_t h;

	if (c->idxsize == 0)
		return NULL;
	h = whash(w, len) & (c->idxsize - 1);
	for (; (m = c->idx[h]) != NULL; h = (h + 1) & (c->idxsize - 1))
		if (m->wirelen == len && memcmp(m->wire, w, len) == 0)
			return m;
	return NULL;
}

/* The member of any catalog that runs zone w (lower case), or NULL. */
static struct member *
running_member(const uint8_t *w, size_t len)
{
	struct member *m;
	size_t i;

	for (i = 0; i < ncats; i++)
		if ((m = idx_find(cats[i], w, len)) != NULL && m->running)
			return m;
	return NULL;
}

static void
emit(unsigned type, const char *zone, const char *why)
{
	struct zs_event e;

	memset(&e, 0, sizeof(e));
	e.type = type;
	e.zone = zone;
	e.error = why;
	events_emit(&e);
}

/* ----------------------------------------------------------- members */

static void
member_free(struct member *m)
{
	if (m == NULL)
		return;
	free(m->name);
	free(m->group);
	free(m->problem);
	catz_cz_free(m->cz);
	free(m);
}

static void
set_problem(struct member *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_problem(struct member *m, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (m->problem != NULL && strcmp(m->problem, buf) == 0)
		return;		/* said already */
	free(m->problem);
	m->problem = catz_xstrdup(buf);
	log_warnx("%s: member of catalog %s not served: %s", m->name,
	    m->cat->name, buf);
}

/* A zone of agent.conf itself (not one added at run time)? */
static bool
is_static(const uint8_t *w, size_t len)
{
	struct szone *z = zones_find(w, len);
	const struct zs_conf_zone *cz;

	if (z == NULL)
		return false;
	cz = sched_zone_conf(z);
	return cz >= conf->zones && cz < conf->zones + conf->nzones;
}

/*
 * Start m (not running) if nothing stands in the way: agent.conf's zone
 * of that name, another catalog's member (unless it hands m over by
 * coo, RFC 9432 5.5).  m->cz is built.
 */
static void
member_start(struct member *m, bool announce)
{
	struct member *o;

	if (is_static(m->wire, m->wirelen)) {
		set_problem(m, "also in agent.conf, which wins");
		return;
	}
	if ((o = running_member(m->wire, m->wirelen)) != NULL) {
		/* coo: the old owner names our catalog as the new one. */
		if (o->cat != m->cat && o->coolen > 0 &&
		    zs_dname_eq_nocase(o->coo, o->coolen, m->cat->wire,
		    m->cat->wirelen)) {
			if (zones_update(m->cz, m->cat->origin) == 0) {
				o->running = false;
				o->moved = true;
				set_problem(o, "moved to catalog %s (coo)",
				    m->cat->name);
				m->running = true;
				free(m->problem);
				m->problem = NULL;
				log_info("%s: moved from catalog %s to %s "
				    "(change of ownership)", m->name,
				    o->cat->name, m->cat->name);
			}
			return;
		}
		set_problem(m, "also listed by catalog %s, which has it",
		    o->cat->name);
		return;
	}
	if (zones_add(m->cz, m->cat->origin) != 0) {
		set_problem(m, "a zone of that name exists");
		return;
	}
	m->running = true;
	free(m->problem);
	m->problem = NULL;
	if (announce) {
		log_info("%s: added by catalog %s", m->name, m->cat->name);
		emit(ZS_EV_ZONE_ADDED, m->name, NULL);
	}
}

static void
member_stop(struct member *m, const char *why)
{
	if (!m->running)
		return;
	m->running = false;
	/* The registry stops it; named forgets it before the file goes. */
	(void)zones_remove_keep(m->wire, m->wirelen, m->cat->cc != NULL &&
	    m->cat->cc->keep_files);
	log_info("%s: removed (%s)", m->name, why);
	emit(ZS_EV_ZONE_REMOVED, m->name, NULL);
}

/* Members of other catalogs waiting for a name that may now be free. */
static void
retry_problems(void)
{
	size_t i, j;

	for (i = 0; i < ncats; i++)
		for (j = 0; j < cats[i]->n; j++) {
			struct member *m = cats[i]->m[j];

			if (!m->running && !m->moved && m->problem != NULL &&
			    m->cz != NULL)
				member_start(m, true);
		}
}

/* ------------------------------------------------------------- apply */

static bool
allowed(const struct cat *c, const uint8_t *w, size_t wl)
{
	uint8_t aw[ZS_DNAME_MAXLEN];
	size_t i, al;

	if (c->cc->nallow == 0)
		return true;
	for (i = 0; i < c->cc->nallow; i++)
		if (zs_dname_from_text(c->cc->allow[i],
		    strlen(c->cc->allow[i]), NULL, 0, aw, &al) == 0 &&
		    zs_dname_is_subdomain(w, wl, aw, al))
			return true;
	return false;
}

/*
 * Make the members of r (finished) those of c.  forced: no removal
 * guard.  Takes r (frees it, or keeps it as held).
 */
static void
apply(struct cat *c, struct zs_catalog *r, uint32_t serial,
    struct zs_strbuf *rec, bool forced, bool announce)
{
	size_t i, nr = zs_catalog_count(r), removed = 0, added = 0,
	    updated = 0, reset = 0, kept = 0, nn, supp;
	struct member **nm;
	char err[300];
	int ret;

	/* How many members would go. */
	for (i = 0; i < nr; i++) {
		const struct zs_catalog_member *cm = zs_catalog_member(r, i);

		if (idx_find(c, cm->name, cm->namelen) != NULL)
			kept++;
	}
	removed = c->n - kept;
	if (!forced && !c->force_next && c->n > 0 &&
	    removed * 100 > (size_t)c->cc->max_removal_pct * c->n) {
		snprintf(c->error, sizeof(c->error), "update to serial %u "
		    "held: it removes %zu of %zu members (more than "
		    "max-removal-percent %u); `zonesyncd retransfer --force "
		    "%s` applies it", serial, removed, c->n,
		    c->cc->max_removal_pct, c->name);
		log_warnx("%s: %s", c->name, c->error);
		zs_catalog_free(c->pending);
		zs_sb_free(&c->pending_rec);
		c->pending = r;
		c->pending_serial = serial;
		c->pending_rec = *rec;
		*rec = (struct zs_strbuf)ZS_STRBUF_INIT;
		c->held = true;
		return;
	}
	c->force_next = false;
	c->held = false;
	c->error[0] = '\0';
	removed = 0;
	nn = zs_catalog_nnotes(r, &supp);
	for (i = 0; i < nn; i++)
		log_info("%s: %s", c->name, zs_catalog_note(r, i));
	if (supp > 0)
		log_info("%s: %zu more notes not shown", c->name, supp);
	if ((nm = calloc(nr + 1, sizeof(*nm))) == NULL)
		fatalx("out of memory");
	for (i = 0; i < nr; i++) {
		const struct zs_catalog_member *cm = zs_catalog_member(r, i);
		struct member *m = idx_find(c, cm->name, cm->namelen);
		struct zs_conf_zone *cz;

		if (m == NULL) {
			if ((m = calloc(1, sizeof(*m))) == NULL)
				fatalx("out of memory");
			m->cat = c;
			m->name = catz_wire_text(cm->name, cm->namelen);
			memcpy(m->wire, cm->name, cm->namelen);
			m->wirelen = cm->namelen;
		} else
			m->mark = true;
		nm[i] = m;
		if (!allowed(c, cm->name, cm->namelen)) {
			member_stop(m, "not in allow-members");
			catz_cz_free(m->cz);
			m->cz = NULL;
			set_problem(m, "not in allow-members of catalog %s",
			    c->name);
			continue;
		}
		cz = catz_cz_build(conf, c->cc, cm->name, cm->namelen, cm->group,
		    &cm->props, err, sizeof(err));
		if (cz == NULL) {
			member_stop(m, "unusable properties");
			catz_cz_free(m->cz);
			m->cz = NULL;
			set_problem(m, "%s", err);
			goto meta;
		}
		if (m->cz == NULL) {		/* new (or was unusable) */
			m->cz = cz;
			member_start(m, announce);
			added += m->running;
		} else if (m->running && (m->idlen != cm->idlen ||
		    memcmp(m->id, cm->id, cm->idlen) != 0)) {
			/* RFC 9432 5.6: a new unique id resets the zone. */
			(void)zones_update(cz, c->origin);
			catz_cz_free(m->cz);
			m->cz = cz;
			(void)zones_refresh(m->name, SCHED_RETRANSFER |
			    SCHED_OVERRIDE);
			log_info("%s: reset by catalog %s (new unique id): "
			    "transferring it again", m->name, c->name);
			reset++;
		} else if (!catz_cz_same(m->cz, cz) || (m->group == NULL) !=
		    (cm->group == NULL) || (m->group != NULL &&
		    strcmp(m->group, cm->group) != 0)) {
			if (m->running)
				(void)zones_update(cz, c->origin);
			catz_cz_free(m->cz);
			m->cz = cz;
			updated++;
			if (!m->running)
				member_start(m, announce);
		} else
			catz_cz_free(cz);
meta:
		memcpy(m->id, cm->id, cm->idlen);
		m->idlen = cm->idlen;
		free(m->group);
		m->group = catz_xstrdup(cm->group);
		memcpy(m->coo, cm->coo, cm->coolen);
		m->coolen = cm->coolen;
	}
	/* Those that went. */
	for (i = 0; i < c->n; i++) {
		if (c->m[i]->mark) {
			c->m[i]->mark = false;
			continue;
		}
		if (c->m[i]->running) {
			member_stop(c->m[i], "no longer in the catalog");
			removed++;
		}
		member_free(c->m[i]);
	}
	free(c->m);
	c->m = nm;
	c->n = nr;
	idx_build(c);
	c->have_serial = true;
	c->serial = serial;
	if ((ret = catz_side_write(c->side, serial, rec)) != 0)
		log_warnx("%s: cannot write %s: %s (a restart will transfer "
		    "the catalog again)", c->name, c->side, zs_strerror(ret));
	zs_catalog_free(r);
	retry_problems();
	log_info("%s: catalog serial %u: %zu members (%zu added, %zu removed, "
	    "%zu updated, %zu reset)", c->name, serial, nr, added, removed,
	    updated, reset);
	events_changed();
}

/* --------------------------------------------------------- transfers */

static struct zs_catalog *
reader_new(struct cat *c)
{
	struct zs_catalog *r = zs_catalog_new(c->wire, c->wirelen,
	    (size_t)c->cc->max_members);

	if (r == NULL)
		fatalx("out of memory");
	return r;
}

void *
catz_xfr_begin(const uint8_t *zone, size_t zlen)
{
	struct cat *c = cat_find_wire(zone, zlen);

	if (c == NULL)
		return NULL;
	zs_catalog_free(c->xfr);
	zs_sb_free(&c->xfr_rec);
	c->xfr = reader_new(c);
	return c;
}

int
catz_xfr_rr(void *arg, const struct zs_rr *rr)
{
	struct cat *c = arg;

	if (c->xfr != NULL && zs_catalog_add(c->xfr, rr) == 0)
		catz_rec_append(&c->xfr_rec, rr);
	return 0;
}

void
catz_xfr_end(const uint8_t *zone, size_t zlen, bool ok, uint32_t serial)
{
	struct cat *c = cat_find_wire(zone, zlen);

	if (c == NULL || c->xfr == NULL)
		return;
	if (ok) {
		zs_catalog_free(c->pending);
		zs_sb_free(&c->pending_rec);
		c->pending = c->xfr;
		c->pending_rec = c->xfr_rec;
		c->pending_serial = serial;
		c->held = false;
	} else {
		zs_catalog_free(c->xfr);
		zs_sb_free(&c->xfr_rec);
	}
	c->xfr = NULL;
	c->xfr_rec = (struct zs_strbuf)ZS_STRBUF_INIT;
}

static void
process(struct cat *c, bool forced)
{
	struct zs_catalog *r = c->pending;
	struct zs_strbuf rec = c->pending_rec;
	int ret;

	c->pending = NULL;
	c->pending_rec = (struct zs_strbuf)ZS_STRBUF_INIT;
	if (c->held) {
		ret = 0;	/* finished before it was held */
	} else if ((ret = zs_catalog_finish(r)) != 0) {
		/* RFC 9432 5.1: a broken catalog changes nothing. */
		snprintf(c->error, sizeof(c->error), "serial %u not used: %s "
		    "(%s); members unchanged", c->pending_serial,
		    zs_catalog_error(r), zs_strerror(ret));
		log_warnx("%s: %s", c->name, c->error);
		zs_catalog_free(r);
		zs_sb_free(&rec);
		events_changed();
		return;
	}
	apply(c, r, c->pending_serial, &rec, forced, true);
	zs_sb_free(&rec);
}

void
catz_installed(const char *zone, uint32_t serial)
{
	struct cat *c = cat_find(zone);

	if (c == NULL || c->pending == NULL || c->held ||
	    c->pending_serial != serial)
		return;
	process(c, false);
}

void
catz_force(const char *zone)
{
	struct cat *c = cat_find(zone);

	if (c == NULL)
		return;
	if (c->held && c->pending != NULL) {
		log_info("%s: applying the held update (--force)", c->name);
		process(c, true);
	} else
		c->force_next = true;
}

/* A catalog just configured: its members as the side file has them. */
static void
cat_load(struct cat *c)
{
	const struct zs_conf_zone *catz = &conf->zones[c->cc->zone];
	struct zs_strbuf rec = ZS_STRBUF_INIT;
	struct zs_zonefile_info info;
	struct zs_catalog *r = reader_new(c);
	bool damaged;
	int64_t serial = catz_side_read(c->side, r, &rec, &damaged);

	if (damaged)
		log_warnx("%s: %s is damaged; transferring the catalog again",
		    c->name, c->side);
	if (serial < 0 || zs_catalog_finish(r) != 0) {
		zs_catalog_free(r);
		zs_sb_free(&rec);
		if (serial >= 0)
			(void)zones_refresh(c->name, SCHED_RETRANSFER);
		return;
	}
	apply(c, r, (uint32_t)serial, &rec, true, false);
	zs_sb_free(&rec);
	/*
	 * The catalog's file moved on without us (a crash between its
	 * install and the side file, or a held update): transfer again so
	 * this serial is looked at.
	 */
	if (zs_zonefile_read_info(catz->file, &info) == 0 &&
	    info.serial != (uint32_t)serial) {
		log_info("%s: catalog file at serial %u, members from %lld: "
		    "transferring it again", c->name, info.serial,
		    (long long)serial);
		(void)zones_refresh(c->name, SCHED_RETRANSFER);
	}
}

static void
cat_free(struct cat *c, bool stop)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (stop)
			member_stop(c->m[i], "its catalog left the "
			    "configuration");
		member_free(c->m[i]);
	}
	free(c->m);
	free(c->idx);
	zs_catalog_free(c->pending);
	zs_catalog_free(c->xfr);
	zs_sb_free(&c->pending_rec);
	zs_sb_free(&c->xfr_rec);
	free(c->name);
	free(c->side);
	free(c);
}

void
catz_configure(const struct zs_conf *newconf)
{
	struct cat **v;
	size_t i, j, n = 0;

	conf = newconf;
	if ((v = calloc(newconf->ncatalogs + 1, sizeof(*v))) == NULL)
		fatalx("out of memory");
	for (i = 0; i < ncats; i++)
		cats[i]->seen = false;
	for (i = 0; i < newconf->ncatalogs; i++) {
		const struct zs_conf_catalog *cc = &newconf->catalogs[i];
		struct cat *c = cat_find_wire(cc->wire, cc->wirelen);

		if (c == NULL) {
			if ((c = calloc(1, sizeof(*c))) == NULL)
				fatalx("out of memory");
			c->name = catz_xstrdup(cc->name);
			memcpy(c->wire, cc->wire, cc->wirelen);
			c->wirelen = cc->wirelen;
			snprintf(c->origin, sizeof(c->origin), "catalog %s",
			    cc->name);
			c->cc = cc;
			c->seen = true;
			v[n++] = c;
			continue;
		}
		c->seen = true;
		c->cc = cc;
		v[n++] = c;
	}
	/* Catalogs no longer configured take their members with them
	 * (their settings went with the old config). */
	for (i = 0; i < ncats; i++)
		if (!cats[i]->seen) {
			cats[i]->cc = NULL;
			cat_free(cats[i], true);
		}
	free(cats);
	cats = v;
	ncats = n;
	for (i = 0; i < ncats; i++) {
		struct cat *c = cats[i];
		const struct zs_conf_zone *catz = &conf->zones[c->cc->zone];

		free(c->side);
		c->side = catz_join(catz->file, "", SIDE_SUFFIX);
		if (!c->have_serial) {
			cat_load(c);
			continue;
		}
		/* New settings (keys, groups, options) for every member;
		 * a zone agent.conf now has took it over. */
		for (j = 0; j < c->n; j++) {
			struct member *m = c->m[j];

			if (m->running && is_static(m->wire, m->wirelen)) {
				m->running = false;
				set_problem(m, "also in agent.conf, which "
				    "wins");
			}
		}
		/* Re-applying the side file rebuilds every member's zone. */
		cat_load(c);
	}
	retry_problems();
}

const char *
catz_of(const char *zone)
{
	uint8_t w[ZS_DNAME_MAXLEN];
	size_t wl;
	struct member *m;

	if (ncats == 0 || zs_dname_from_text(zone, strlen(zone), NULL, 0, w,
	    &wl) != 0)
		return NULL;
	zs_dname_lower(w, wl);
	m = running_member(w, wl);
	return m != NULL ? m->cat->name : NULL;
}

void
catz_foreach(void (*fn)(const struct catz_status *, void *), void *arg)
{
	struct catz_status st;
	size_t i, j;

	for (i = 0; i < ncats; i++) {
		struct cat *c = cats[i];

		memset(&st, 0, sizeof(st));
		st.name = c->name;
		st.have_serial = c->have_serial;
		st.serial = c->serial;
		for (j = 0; j < c->n; j++) {
			if (c->m[j]->running)
				st.members++;
			else
				st.problems++;
		}
		st.error = c->error;
		st.state = c->held ? "held" : c->error[0] != '\0' ? "error" :
		    c->have_serial ? "ok" : "pending";
		fn(&st, arg);
	}
}

void
catz_problems(const char *name,
    void (*fn)(const char *, const char *, void *), void *arg)
{
	struct cat *c = cat_find(name);
	size_t j;

	for (j = 0; c != NULL && j < c->n; j++)
		if (!c->m[j]->running && c->m[j]->problem != NULL)
			fn(c->m[j]->name, c->m[j]->problem, arg);
}

void
catz_shutdown(void)
{
	size_t i;

	for (i = 0; i < ncats; i++)
		cat_free(cats[i], false);
	free(cats);
	cats = NULL;
	ncats = 0;
	conf = NULL;
	catz_keys_free();
}
