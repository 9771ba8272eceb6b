/*
 * catz_zone.c - the zone settings of a catalog member (see catzint.h):
 * built from the catalog's settings, the member's group and its BIND
 * properties, with TSIG keys that outlive a SIGHUP'd config.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catzint.h"
#include "conftok.h"
#include "log.h"

char *
catz_xstrdup(const char *s)
{
	char *p;

	if (s == NULL)
		return NULL;
	if ((p = strdup(s)) == NULL)
		fatalx("out of memory");
	return p;
}

char *
catz_join(const char *a, const char *sep, const char *b)
{
	size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
	char *p;

	if ((p = malloc(n)) == NULL)
		fatalx("out of memory");
	snprintf(p, n, "%s%s%s", a, sep, b);
	return p;
}

char *
catz_wire_text(const uint8_t *w, size_t len)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	char *s;
	size_t n;

	zs_dname_totext(&sb, w, len);
	if (zs_sb_cstr(&sb) == NULL)
		fatalx("out of memory");
	n = strlen(sb.buf);
	if (n > 1)
		sb.buf[n - 1] = '\0';
	s = catz_xstrdup(sb.buf);
	zs_sb_free(&sb);
	return s;
}


void
catz_cz_free(struct zs_conf_zone *cz)
{
	if (cz == NULL)
		return;
	free(cz->name);
	free(cz->file);
	free(cz->primaries);
	zs_conf_argv_free(cz->opts.reload_argv);
	zs_conf_argv_free(cz->opts.check_argv);
	free(cz->named_body);
	free(cz);
}

/*
 * Members' primaries point at copies of agent.conf's keys kept here, not
 * into the config: a SIGHUP frees the old config before the members get
 * their new settings, and a transfer may start in between.  A key is
 * copied once per distinct (name, algorithm, secret), so SIGHUPs do not
 * pile up copies.
 */
static struct zs_conf_key **keystore;
static size_t nkeystore;

static const struct zs_conf_key *
key_keep(const struct zs_conf_key *k)
{
	struct zs_conf_key **v, *n;
	size_t i;

	if (k == NULL)
		return NULL;
	for (i = 0; i < nkeystore; i++) {
		const struct zs_conf_key *o = keystore[i];

		if (strcmp(o->name, k->name) == 0 &&
		    o->tsig.alg == k->tsig.alg &&
		    o->tsig.secretlen == k->tsig.secretlen &&
		    memcmp(o->secret, k->secret, k->tsig.secretlen) == 0)
			return o;
	}
	if ((v = reallocarray(keystore, nkeystore + 1, sizeof(*v))) == NULL ||
	    (n = calloc(1, sizeof(*n))) == NULL)
		fatalx("out of memory");
	keystore = v;
	if (zs_conf_key_dup(n, k) != 0)
		fatalx("out of memory");
	keystore[nkeystore++] = n;
	return n;
}

static const struct zs_conf_key *
key_find(const struct zs_conf *conf, const char *name)
{
	size_t i;

	for (i = 0; i < conf->nkeys; i++)
		if (strcmp(conf->keys[i].name, name) == 0)
			return key_keep(&conf->keys[i]);
	return NULL;
}

/* named ACL text from the APL property: "{ a; !b; }", "{ none; }". */
static void
put_acl(struct zs_strbuf *sb, const char *what, bool has, char **v, size_t n)
{
	size_t i;

	if (!has)
		return;
	zs_sb_appendf(sb, " %s {", what);
	for (i = 0; i < n; i++)
		zs_sb_appendf(sb, " %s;", v[i]);
	zs_sb_puts(sb, n == 0 ? " none; };" : " };");
}

/*
 * The zone settings of a member (lower-case wire w) of catalog cc in
 * conf, listed with props: a new config the caller frees with
 * catz_cz_free, or NULL with why in err.
 */
struct zs_conf_zone *
catz_cz_build(const struct zs_conf *conf, const struct zs_conf_catalog *cc,
    const uint8_t *w, size_t wl, const char *group,
    const struct zs_catalog_props *props, char *err, size_t errlen)
{
	const struct zs_conf_zone *catz = &conf->zones[cc->zone];
	const struct zs_conf_catgroup *g = zs_conf_catgroup_find(cc, group);
	const struct zs_conf_zoneopts *o = g != NULL ? &g->opts :
	    &conf->options;
	struct zs_conf_zone *cz;
	char fname[ZS_DNAME_FILENAME_MAX];
	const char *dir, *body;
	uint16_t port;
	size_t i;

	if ((cz = calloc(1, sizeof(*cz))) == NULL)
		fatalx("out of memory");
	cz->name = catz_wire_text(w, wl);
	memcpy(cz->wire, w, wl);
	cz->wirelen = wl;
	zs_dname_filename(w, fname);
	dir = cc->zone_directory != NULL ? cc->zone_directory :
	    conf->directory;
	cz->file = catz_join(dir, "/", fname);
	/* Primaries: the member's own, else default-primaries, else the
	 * catalog zone's (BIND's order). */
	if (props->nprimaries > 0) {
		port = cc->ndefprim > 0 ? zs_addr_port(&cc->defprim[0].addr) :
		    zs_addr_port(&catz->primaries[0].addr);
		if ((cz->primaries = calloc(props->nprimaries,
		    sizeof(*cz->primaries))) == NULL)
			fatalx("out of memory");
		for (i = 0; i < props->nprimaries; i++) {
			const struct zs_catalog_primary *p =
			    &props->primaries[i];

			cz->primaries[i].addr = p->addr;
			zs_addr_setport(&cz->primaries[i].addr, port);
			/* The group's (or options') request-ixfr; server
			 * statements are not looked at for these. */
			cz->primaries[i].request_ixfr = o->request_ixfr;
			if (p->key != NULL &&
			    (cz->primaries[i].key = key_find(conf, p->key)) == NULL) {
				snprintf(err, errlen, "its primaries name key "
				    "\"%s\", unknown in agent.conf", p->key);
				catz_cz_free(cz);
				return NULL;
			}
		}
		cz->nprimaries = props->nprimaries;
	} else {
		const struct zs_conf_server *src = cc->ndefprim > 0 ?
		    cc->defprim : catz->primaries;
		size_t n = cc->ndefprim > 0 ? cc->ndefprim : catz->nprimaries;

		if ((cz->primaries = calloc(n, sizeof(*src))) == NULL)
			fatalx("out of memory");
		for (i = 0; i < n; i++) {
			cz->primaries[i] = src[i];
			cz->primaries[i].key = key_keep(src[i].key);
		}
		cz->nprimaries = n;
	}
	cz->opts = *o;
	cz->opts.reload_argv = NULL;
	cz->opts.check_argv = NULL;
	if ((o->reload_argv != NULL &&
	    (cz->opts.reload_argv = zs_argv_dup(o->reload_argv)) == NULL) ||
	    (o->check_argv != NULL &&
	    (cz->opts.check_argv = zs_argv_dup(o->check_argv)) == NULL))
		fatalx("out of memory");
	/* named's statement: the group's body, else the options'; BIND's
	 * allow-query / allow-transfer properties appended unless the body
	 * sets them itself. */
	body = g != NULL && g->named_body != NULL ? g->named_body :
	    conf->named_body;
	if (body != NULL && (props->has_allow_query ||
	    props->has_allow_transfer)) {
		struct zs_strbuf sb = ZS_STRBUF_INIT;

		zs_sb_puts(&sb, body);
		if (strstr(body, "allow-query") == NULL)
			put_acl(&sb, "allow-query", props->has_allow_query,
			    props->allow_query, props->nallow_query);
		if (strstr(body, "allow-transfer") == NULL)
			put_acl(&sb, "allow-transfer",
			    props->has_allow_transfer, props->allow_transfer,
			    props->nallow_transfer);
		if (zs_sb_cstr(&sb) == NULL)
			fatalx("out of memory");
		cz->named_body = catz_xstrdup(sb.buf);
		zs_sb_free(&sb);
	} else if (body != NULL && g != NULL && g->named_body != NULL)
		cz->named_body = catz_xstrdup(body);
	return cz;
}

bool
catz_cz_same(const struct zs_conf_zone *a, const struct zs_conf_zone *b)
{
	size_t i;

	if (a == NULL || b == NULL)
		return a == b;
	if (a->nprimaries != b->nprimaries || strcmp(a->file, b->file) != 0 ||
	    (a->named_body == NULL) != (b->named_body == NULL) ||
	    (a->named_body != NULL && strcmp(a->named_body,
	    b->named_body) != 0))
		return false;
	for (i = 0; i < a->nprimaries; i++)
		if (!zs_addr_eq(&a->primaries[i].addr, &b->primaries[i].addr) ||
		    a->primaries[i].key != b->primaries[i].key ||
		    a->primaries[i].request_ixfr !=
		    b->primaries[i].request_ixfr)
			return false;
	return memcmp(&a->opts.min_refresh, &b->opts.min_refresh,
	    sizeof(a->opts) - offsetof(struct zs_conf_zoneopts,
	    min_refresh)) == 0;
}


void
catz_keys_free(void)
{
	size_t i;

	for (i = 0; i < nkeystore; i++) {
		zs_conf_key_clear(keystore[i]);
		free(keystore[i]);
	}
	free(keystore);
	keystore = NULL;
	nkeystore = 0;
}
