/*
 * conf.c - agent.conf parser: statements, validation, resolution and
 * print-back.  The tokenizer and value parsers are in conftok.c.
 *
 * Parsing fills struct zs_conf directly, plus side tables (primaries
 * lists, per-zone raw data, locations) that live only during the load.
 * Resolution runs after the whole text is read, so statements may come in
 * any order, as in named.conf: a zone may name a key defined further down.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "acl.h"
#include "conf.h"
#include "confint.h"
#include "conflog.h"
#include "conftok.h"
#include "dname.h"
#include "encode.h"
#include "event.h"
#include "err.h"
#include "namedinc.h"

#define MAXDUR		2147483647u	/* RFC 2181 TTL ceiling */
#define MAXMINUTES	(40320u * 60)	/* BIND: 28 days for xfer times */
#define MAXPRIMARIES	256		/* per zone, after list expansion */
#define MAXNEST		32		/* primaries lists inside lists */
#define MAXSECRET	512

/* One element of a primaries block, as written. */
struct pelem {
	struct zs_loc loc;
	char *ref;		/* list name, NULL for an address */
	struct zs_addr addr;	/* port set later (expand) */
	int port;		/* -1: not given */
	char *key;		/* NULL: not given */
	struct zs_loc keyloc;
};

struct plist {
	char *name;		/* NULL for a zone's inline block */
	struct zs_loc loc;
	int port;		/* list-wide default, -1: not given */
	struct pelem *v;
	size_t n;
	bool visiting;		/* loop detection during expansion */
};

struct zraw {
	struct zs_loc loc;
	struct plist prim;
	bool has_prim;
	char *file;
	unsigned set;		/* O_* bits given in the zone */
};

/* A catalog-zones element as written (parallel to conf->catalogs). */
struct catraw {
	struct zs_loc loc;
	struct plist prim;		/* default-primaries */
	unsigned *gset;			/* O_* bits given, per group */
	struct zs_loc *gloc;		/* per group */
};

struct parser {
	struct catraw *catraw;		/* parallel to conf->catalogs */
	size_t ncatraw;
	struct zs_lex *lx;
	struct zs_conf *conf;
	struct plist *lists;
	size_t nlists;
	struct zraw *zraw;	/* parallel to conf->zones */
	size_t nzraw;
	struct zs_loc *keyloc;	/* parallel to conf->keys */
	struct zs_loc optloc;
	bool seen_options;
	unsigned optset;	/* O_* bits given in options */
	bool reload_all_set;	/* reload-all-command given */
	bool reconfig_set;	/* reconfig-command given */
	char *rndc_key;		/* rndc-server's key name, until resolved */
	struct zs_loc rndc_loc;
};

/* BIND's masterfile-format values, in enum zs_zonefile_format order. */
static const char *const formats[] = { "text", "raw", NULL };

const struct zs_zoneopt zs_conf_opttab[O_NZONEOPT] = {
	[O_RELOAD] = { "reload-command", K_ARGV,
	    offsetof(struct zs_conf_zoneopts, reload_argv), 0, 0, 0 },
	[O_CHECK] = { "check-command", K_ARGV,
	    offsetof(struct zs_conf_zoneopts, check_argv), 0, 0, 0 },
	[O_MINREF] = { "min-refresh-time", K_DUR,
	    offsetof(struct zs_conf_zoneopts, min_refresh), 1, 1, MAXDUR },
	[O_MAXREF] = { "max-refresh-time", K_DUR,
	    offsetof(struct zs_conf_zoneopts, max_refresh), 1, 1, MAXDUR },
	[O_MINRETRY] = { "min-retry-time", K_DUR,
	    offsetof(struct zs_conf_zoneopts, min_retry), 1, 1, MAXDUR },
	[O_MAXRETRY] = { "max-retry-time", K_DUR,
	    offsetof(struct zs_conf_zoneopts, max_retry), 1, 1, MAXDUR },
	/* BIND counts these two in minutes; so do we for bare numbers. */
	[O_XFERTIME] = { "max-transfer-time-in", K_DUR,
	    offsetof(struct zs_conf_zoneopts, max_xfer_time), 60, 1,
	    MAXMINUTES },
	[O_XFERIDLE] = { "max-transfer-idle-in", K_DUR,
	    offsetof(struct zs_conf_zoneopts, max_xfer_idle), 60, 1,
	    MAXMINUTES },
	[O_MAXREC] = { "max-records", K_NUM,
	    offsetof(struct zs_conf_zoneopts, max_records), 1, 0,
	    UINT32_MAX },
	[O_MAXSIZE] = { "max-transfer-size", K_SIZE,
	    offsetof(struct zs_conf_zoneopts, max_xfer_size), 1, 0,
	    UINT64_C(1) << 50 },
	[O_SHRINK] = { "max-shrink-percent", K_PCT,
	    offsetof(struct zs_conf_zoneopts, max_shrink_pct), 1, 0, 100 },
	[O_IXFR] = { "request-ixfr", K_BOOL,
	    offsetof(struct zs_conf_zoneopts, request_ixfr), 1, 0, 1 },
	/* BIND's name; "map" went in 9.18, so text and raw only. */
	[O_FORMAT] = { "masterfile-format", K_ENUM,
	    offsetof(struct zs_conf_zoneopts, masterfile_format), 1, 0, 1,
	    formats },
};

const struct zs_stropt zs_conf_strtab[S_NSTROPT] = {
	{ "directory", offsetof(struct zs_conf, directory), false, "." },
	{ "pid-file", offsetof(struct zs_conf, pid_file), true,
	    "/run/zonesyncd/zonesyncd.pid" },
	{ "status-file", offsetof(struct zs_conf, status_file), true,
	    "zonesyncd.status.json" },
	{ "state-file", offsetof(struct zs_conf, state_file), true,
	    "zonesyncd.state" },
	{ "metrics-file", offsetof(struct zs_conf, metrics_file), true, NULL },
	{ "control-socket", offsetof(struct zs_conf, control_socket), true,
	    ZS_CONF_CONTROL_SOCKET },
	{ "user", offsetof(struct zs_conf, user), false, NULL },
	{ "syslog-facility", offsetof(struct zs_conf, syslog_facility), false,
	    "daemon" },
	{ "named-include", offsetof(struct zs_conf, named_include), true,
	    NULL },
	{ "named-zone-options", offsetof(struct zs_conf, named_body), false,
	    ZS_NAMEDINC_DEFAULT_BODY },
};

static const char *const facilities[] = {
	"auth", "authpriv", "cron", "daemon", "ftp", "kern", "local0",
	"local1", "local2", "local3", "local4", "local5", "local6", "local7",
	"lpr", "mail", "news", "syslog", "user", "uucp",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- small helpers ---------------------------------------------------- */

static const char *
desc(const struct zs_tok *t, char *buf, size_t len)
{
	return zs_tok_desc(t, buf, len);
}

static int
next(struct parser *p, struct zs_tok *t)
{
	return zs_lex_next(p->lx, t);
}

/* Read a word or quoted string; what names it in the message. */
static int
get_str(struct parser *p, struct zs_tok *t, const char *what)
{
	return zs_lex_want_str(p->lx, t, what);
}

static int
expect(struct parser *p, enum zs_tok_type type, const char *what)
{
	return zs_lex_expect(p->lx, type, what);
}

/* The ";" that ends every statement and option. */
static int
expect_semi(struct parser *p)
{
	return expect(p, ZS_TOK_SEMI, "\";\"");
}

/* A setting that may appear once per block was seen again at loc. */
static int
given_twice(struct parser *p, const struct zs_loc *loc, const char *name)
{
	return zs_lex_error(p->lx, loc, "%s given twice", name);
}

static int
unknown_option(struct parser *p, const struct zs_tok *t, const char *in)
{
	return zs_lex_error(p->lx, &t->loc, "unknown option \"%.*s\" in %s",
	    (int)t->len, t->text, in);
}

/*
 * After a body_next() loop: its error if it ended with one, else the ";"
 * after the block's "}".
 */
static int
block_end(struct parser *p, int ret)
{
	return ret != 0 ? ret : expect_semi(p);
}

static int
enomem(void)
{
	return ZS_ENOMEM;
}

/* Make room for one more element in *v (count *n) of size sz. */
int
zs_conf_grow(void *vp, size_t n, size_t sz)
{
	void **v = vp;
	void *nv;

	if ((nv = reallocarray(*v, n + 1, sz)) == NULL)
		return ZS_ENOMEM;
	memset((char *)nv + n * sz, 0, sz);
	*v = nv;
	return 0;
}

/* Where c keeps the string setting d. */
static char **
str_slot(struct zs_conf *c, const struct zs_stropt *d)
{
	return (void *)((char *)c + d->off);
}

static int
set_string(struct parser *p, char **dst, const char *what)
{
	struct zs_tok t;
	char *s;
	int ret;

	if ((ret = get_str(p, &t, what)) != 0)
		return ret;
	if (t.len == 0 || memchr(t.text, '\0', t.len) != NULL)
		return zs_lex_error(p->lx, &t.loc, "%s must not be empty",
		    what);
	if ((s = zs_tok_strdup(&t)) == NULL)
		return enomem();
	free(*dst);
	*dst = s;
	return expect_semi(p);
}

/*
 * Split the command in v into a new argv that replaces *dst; escapes are
 * the %X it may use (see zs_cmd_split).
 */
static int
set_argv(struct parser *p, const struct zs_tok *v, const char *escapes,
    char ***dst)
{
	char why[96], **argv = NULL;
	int ret;

	ret = zs_cmd_split(v->text, v->len, escapes, &argv, why, sizeof(why));
	if (ret == ZS_ESYNTAX)
		return zs_lex_error(p->lx, &v->loc, "%s", why);
	if (ret != 0)
		return ret;
	zs_conf_argv_free(*dst);
	*dst = argv;
	return 0;
}

/* Read "port N" after its keyword. */
static int
get_port(struct parser *p, int *port)
{
	struct zs_tok t;
	uint64_t v;
	int ret;

	if ((ret = get_str(p, &t, "a port number")) != 0)
		return ret;
	if (zs_parse_u64(t.text, t.len, 65535, &v) != 0 || v == 0)
		return zs_lex_error(p->lx, &t.loc,
		    "bad port \"%.*s\" (expected 1 to 65535)", (int)t.len,
		    t.text);
	*port = (int)v;
	return 0;
}

/*
 * Read the NAME of a "key NAME" or "zone NAME" statement (what says
 * which) into *t, and set its lower-case wire form and canonical text.
 */
static int
get_name(struct parser *p, struct zs_tok *t, const char *what,
    uint8_t *wire, size_t *wirelen, char **text)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	const char *s;
	char msg[32];
	size_t i, n;
	int ret;

	snprintf(msg, sizeof(msg), "a %s name", what);
	if ((ret = get_str(p, t, msg)) != 0)
		return ret;
	if (t->len == 0 || zs_dname_from_text(t->text, t->len, NULL, 0, wire,
	    wirelen) != 0) {
		return zs_lex_error(p->lx, &t->loc, "bad %s name \"%.*s\"",
		    what, (int)t->len, t->text);
	}
	/* Length octets are < 64, so folding every byte is safe. */
	for (i = 0; i < *wirelen; i++)
		if (wire[i] >= 'A' && wire[i] <= 'Z')
			wire[i] = (uint8_t)(wire[i] + 32);
	zs_dname_totext(&sb, wire, *wirelen);
	if ((s = zs_sb_cstr(&sb)) == NULL) {
		ret = ZS_ENOMEM;
		goto out;
	}
	n = strlen(s);
	if (n > 1)
		n--;		/* drop the final dot, except for the root */
	if ((*text = strndup(s, n)) == NULL) {
		ret = ZS_ENOMEM;
		goto out;
	}
	ret = 0;
out:
	zs_sb_free(&sb);
	return ret;
}

/* yes/no as named.conf spells booleans: yes no true false 1 0. */
static int
parse_bool(const struct zs_tok *v, uint64_t *x)
{
	if (zs_tok_is(v, "yes") || zs_tok_is(v, "true") || zs_tok_is(v, "1"))
		*x = 1;
	else if (zs_tok_is(v, "no") || zs_tok_is(v, "false") ||
	    zs_tok_is(v, "0"))
		*x = 0;
	else
		return ZS_ESYNTAX;
	return 0;
}

/* ---- statements ------------------------------------------------------- */

/*
 * If t names a per-zone setting, parse its value into o and return 1;
 * return 0 if it does not, or an error.
 */
static int
parse_zoneopt(struct parser *p, const struct zs_tok *t,
    struct zs_conf_zoneopts *o, unsigned *set)
{
	const struct zs_zoneopt *d = NULL;
	struct zs_tok v;
	char *base = (char *)o;
	uint64_t x = 0;
	size_t i;
	int ret;

	for (i = 0; i < O_NZONEOPT; i++)
		if (zs_tok_is(t, zs_conf_opttab[i].name)) {
			d = &zs_conf_opttab[i];
			break;
		}
	if (d == NULL)
		return 0;
	if (*set & (1u << i))
		return given_twice(p, &t->loc, d->name);
	*set |= 1u << i;
	if ((ret = get_str(p, &v, "a value")) != 0)
		return ret;
	switch (d->kind) {
	case K_ARGV:
		if ((ret = set_argv(p, &v, "zf",
		    (char ***)(void *)(base + d->off))) != 0)
			return ret;
		break;
	case K_DUR:
		ret = zs_parse_duration(v.text, v.len, d->unit, d->max, &x);
		break;
	case K_SIZE:
		ret = zs_parse_size(v.text, v.len, d->max, &x);
		break;
	case K_NUM:
	case K_PCT:
		ret = zs_parse_u64(v.text, v.len, d->max, &x);
		break;
	case K_BOOL:
		if ((ret = parse_bool(&v, &x)) != 0)
			return zs_lex_error(p->lx, &v.loc, "bad %s \"%.*s\" "
			    "(expected yes or no)", d->name, (int)v.len,
			    v.text);
		break;
	case K_ENUM:
		for (x = 0; d->names[x] != NULL; x++)
			if (zs_tok_is(&v, d->names[x]))
				break;
		/* Two words so far; say them. */
		if (d->names[x] == NULL)
			return zs_lex_error(p->lx, &v.loc, "bad %s \"%.*s\" "
			    "(%s or %s)", d->name, (int)v.len, v.text,
			    d->names[0], d->names[1]);
		ret = 0;
		break;
	}
	if (ret == 0 && x < d->min)
		ret = ZS_ERANGE;
	/* Minute options accept seconds with units, down to 1s. */
	if (ret == ZS_ERANGE && d->kind == K_DUR && d->min % d->unit != 0)
		return zs_lex_error(p->lx, &v.loc, "%s \"%.*s\" out of range "
		    "(%llus to %llu minutes)", d->name, (int)v.len, v.text,
		    (unsigned long long)d->min,
		    (unsigned long long)(d->max / d->unit));
	if (ret == ZS_ERANGE)
		return zs_lex_error(p->lx, &v.loc, "%s \"%.*s\" out of range "
		    "(%llu to %llu%s)", d->name, (int)v.len, v.text,
		    (unsigned long long)(d->min / d->unit),
		    (unsigned long long)(d->max / d->unit),
		    d->kind == K_DUR ? (d->unit == 60 ? " minutes" :
		    " seconds") : d->kind == K_SIZE ? " bytes" : "");
	if (ret != 0)
		return zs_lex_error(p->lx, &v.loc, "bad %s \"%.*s\"", d->name,
		    (int)v.len, v.text);
	if (d->kind == K_DUR)
		*(uint32_t *)(void *)(base + d->off) = (uint32_t)x;
	else if (d->kind == K_NUM || d->kind == K_SIZE)
		*(uint64_t *)(void *)(base + d->off) = x;
	else if (d->kind == K_PCT || d->kind == K_ENUM)
		*(unsigned *)(void *)(base + d->off) = (unsigned)x;
	else if (d->kind == K_BOOL)
		*(bool *)(void *)(base + d->off) = x != 0;
	if ((ret = expect_semi(p)) != 0)
		return ret;
	return 1;
}

/* Handle "include" inside any body; returns 1 if t was one. */
static int
maybe_include(struct parser *p, const struct zs_tok *t)
{
	struct zs_tok f;
	int ret;

	if (t->type != ZS_TOK_WORD || !zs_tok_is(t, "include"))
		return 0;
	if ((ret = get_str(p, &f, "a file name")) != 0 ||
	    (ret = expect_semi(p)) != 0 ||
	    (ret = zs_lex_include(p->lx, &f)) != 0)
		return ret;
	return 1;
}

/*
 * Start of a body element: read the next token; 0 at "}", 1 for a token
 * to handle.  "include" is handled here so every block allows it.
 */
static int
body_next(struct parser *p, struct zs_tok *t, const char *in)
{
	char b[64];
	int ret;

	for (;;) {
		if ((ret = next(p, t)) != 0)
			return ret;
		if (t->type == ZS_TOK_RBRACE)
			return 0;
		if (t->type != ZS_TOK_WORD && t->type != ZS_TOK_STRING)
			return zs_lex_error(p->lx, &t->loc,
			    "expected an option or \"}\" in %s but found %s",
			    in, desc(t, b, sizeof(b)));
		if ((ret = maybe_include(p, t)) < 0)
			return ret;
		if (ret == 0)
			return 1;
	}
}

/*
 * "ADDR [port N]" for verify-server and notify-listen; with keyp (for
 * rndc-server) also "[key NAME]", the name returned in *keyp.
 */
static int
parse_server(struct parser *p, struct zs_conf_server *s, int port,
    char **keyp)
{
	struct zs_tok a, t;
	int ret;

	if ((ret = get_str(p, &a, "an IP address")) != 0)
		return ret;
	if ((ret = zs_lex_peek(p->lx, &t)) != 0)
		return ret;
	if (zs_tok_is(&t, "port")) {
		(void)next(p, &t);
		if ((ret = get_port(p, &port)) != 0)
			return ret;
		if ((ret = zs_lex_peek(p->lx, &t)) != 0)
			return ret;
	}
	if (keyp != NULL && zs_tok_is(&t, "key")) {
		(void)next(p, &t);
		if ((ret = get_str(p, &t, "a key name")) != 0)
			return ret;
		free(*keyp);
		if ((*keyp = zs_tok_strdup(&t)) == NULL)
			return enomem();
	}
	if (zs_addr_parse_host(a.text, a.len, (uint16_t)port, &s->addr) != 0)
		return zs_lex_error(p->lx, &a.loc, "bad IP address \"%.*s\"",
		    (int)a.len, a.text);
	return expect_semi(p);
}

bool
zs_conf_facility_ok(const char *s)
{
	size_t i;

	for (i = 0; i < NELEM(facilities); i++)
		if (strcmp(s, facilities[i]) == 0)
			return true;
	return false;
}

/* A named-zone-options template (v: its token, for the location). */
static int
check_body(struct parser *p, const struct zs_tok *v, const char *body)
{
	char why[128];

	if (zs_namedinc_check(body, why, sizeof(why)) != 0)
		return zs_lex_error(p->lx, &v->loc, "%s", why);
	return 0;
}

/* ---- catalog-zones (RFC 9432 consumer, BIND's syntax) ----------------- */

static int parse_plist(struct parser *p, struct plist *pl);

static int
get_bool(struct parser *p, bool *out)
{
	static const char *const yes[] = { "yes", "true", "1" };
	static const char *const no[] = { "no", "false", "0" };
	struct zs_tok t;
	char b[64];
	size_t i;
	int ret;

	if ((ret = get_str(p, &t, "yes or no")) != 0)
		return ret;
	for (i = 0; i < NELEM(yes); i++) {
		if (zs_tok_is(&t, yes[i]))
			*out = true;
		else if (zs_tok_is(&t, no[i]))
			*out = false;
		else
			continue;
		return 0;
	}
	return zs_lex_error(p->lx, &t.loc, "expected yes or no but found %s",
	    desc(&t, b, sizeof(b)));
}

/* group "NAME" { zone settings; named-zone-options "..."; } */
static int
parse_catgroup(struct parser *p, struct zs_conf_catalog *cat,
    struct catraw *r)
{
	struct zs_conf_catgroup *g;
	struct zs_tok n, t, v;
	size_t i;
	int ret;

	if ((ret = get_str(p, &n, "a group name")) != 0)
		return ret;
	for (i = 0; i < cat->ngroups; i++)
		if (strlen(cat->groups[i].name) == n.len &&
		    memcmp(cat->groups[i].name, n.text, n.len) == 0)
			return given_twice(p, &n.loc, "this group");
	if ((ret = zs_conf_grow(&cat->groups, cat->ngroups,
	    sizeof(*cat->groups))) != 0 ||
	    (ret = zs_conf_grow(&r->gset, cat->ngroups,
	    sizeof(*r->gset))) != 0 ||
	    (ret = zs_conf_grow(&r->gloc, cat->ngroups,
	    sizeof(*r->gloc))) != 0)
		return ret;
	g = &cat->groups[cat->ngroups];
	r->gloc[cat->ngroups] = n.loc;
	if ((g->name = zs_tok_strdup(&n)) == NULL)
		return enomem();
	i = cat->ngroups++;
	if ((ret = expect(p, ZS_TOK_LBRACE, "\"{\"")) != 0)
		return ret;
	while ((ret = body_next(p, &t, "group")) == 1) {
		if ((ret = parse_zoneopt(p, &t, &g->opts, &r->gset[i])) < 0)
			return ret;
		if (ret == 1)
			continue;
		if (!zs_tok_is(&t, "named-zone-options"))
			return unknown_option(p, &t, "group");
		if (g->named_body != NULL)
			return given_twice(p, &t.loc, "named-zone-options");
		if ((ret = zs_lex_peek(p->lx, &v)) != 0 ||
		    (ret = set_string(p, &g->named_body,
		    "named-zone-options")) != 0 ||
		    (ret = check_body(p, &v, g->named_body)) != 0)
			return ret;
	}
	return ret;
}

/* allow-members { "name"; ... } */
static int
parse_allow_members(struct parser *p, struct zs_conf_catalog *cat)
{
	uint8_t wire[ZS_DNAME_MAXLEN];
	size_t wlen;
	struct zs_tok t;
	int ret;

	if ((ret = expect(p, ZS_TOK_LBRACE, "\"{\"")) != 0)
		return ret;
	for (;;) {
		if ((ret = zs_lex_peek(p->lx, &t)) != 0)
			return ret;
		if (t.type == ZS_TOK_RBRACE)
			return next(p, &t);
		if ((ret = zs_conf_grow(&cat->allow, cat->nallow,
		    sizeof(*cat->allow))) != 0)
			return ret;
		if ((ret = get_name(p, &t, "name", wire, &wlen,
		    &cat->allow[cat->nallow])) != 0)
			return ret;
		cat->nallow++;
		if ((ret = expect_semi(p)) != 0)
			return ret;
	}
}

/*
 * zone "CAT" [default-primaries|default-masters [port N] { ... }]
 *     [zone-directory "DIR"] [in-memory no] [min-update-interval D]
 *     [group "G" { ... }]... [allow-members { ... }] [max-members N]
 *     [max-removal-percent P] [keep-files yes|no];
 */
static int
parse_catalog(struct parser *p, const struct zs_tok *kw)
{
	struct zs_conf *c = p->conf;
	struct zs_conf_catalog *cat;
	struct catraw *r;
	struct zs_tok t, v;
	unsigned seen = 0;
	uint64_t x;
	bool b;
	int ret;

	if (!zs_tok_is(kw, "zone"))
		return unknown_option(p, kw, "catalog-zones");
	if ((ret = zs_conf_grow(&c->catalogs, c->ncatalogs,
	    sizeof(*c->catalogs))) != 0 ||
	    (ret = zs_conf_grow(&p->catraw, c->ncatalogs,
	    sizeof(*p->catraw))) != 0)
		return ret;
	cat = &c->catalogs[c->ncatalogs];
	r = &p->catraw[c->ncatalogs++];
	p->ncatraw++;
	r->prim.port = -1;
	cat->max_members = 10000;
	cat->max_removal_pct = 50;
	if ((ret = get_name(p, &t, "zone", cat->wire, &cat->wirelen,
	    &cat->name)) != 0)
		return ret;
	r->loc = t.loc;
	for (;;) {
		unsigned bit;

		if ((ret = next(p, &t)) != 0)
			return ret;
		if (t.type == ZS_TOK_SEMI)
			return 0;
		if (zs_tok_is(&t, "default-primaries") ||
		    zs_tok_is(&t, "default-masters"))
			bit = 1;
		else if (zs_tok_is(&t, "zone-directory"))
			bit = 2;
		else if (zs_tok_is(&t, "in-memory"))
			bit = 4;
		else if (zs_tok_is(&t, "min-update-interval"))
			bit = 8;
		else if (zs_tok_is(&t, "allow-members"))
			bit = 16;
		else if (zs_tok_is(&t, "max-members"))
			bit = 32;
		else if (zs_tok_is(&t, "max-removal-percent"))
			bit = 64;
		else if (zs_tok_is(&t, "keep-files"))
			bit = 128;
		else if (zs_tok_is(&t, "group"))
			bit = 0;
		else if (t.type == ZS_TOK_WORD || t.type == ZS_TOK_STRING)
			return unknown_option(p, &t, "catalog-zones zone");
		else {
			char d[64];

			return zs_lex_error(p->lx, &t.loc, "missing \";\" "
			    "before %s", desc(&t, d, sizeof(d)));
		}
		if (seen & bit) {
			char nb[64];

			snprintf(nb, sizeof(nb), "%.*s", (int)t.len, t.text);
			return given_twice(p, &t.loc, nb);
		}
		seen |= bit;
		switch (bit) {
		case 0:
			ret = parse_catgroup(p, cat, r);
			break;
		case 1:
			cat->has_defprim = true;
			r->prim.loc = t.loc;
			ret = parse_plist(p, &r->prim);
			break;
		case 2:
			if ((ret = get_str(p, &v, "a directory")) == 0 &&
			    (cat->zone_directory = zs_tok_strdup(&v)) == NULL)
				ret = enomem();
			break;
		case 4:
			if ((ret = zs_lex_peek(p->lx, &v)) == 0 &&
			    (ret = get_bool(p, &b)) == 0 && b)
				ret = zs_lex_error(p->lx, &v.loc, "in-memory "
				    "yes is not supported: zonesyncd writes "
				    "every member zone to a file for named");
			break;
		case 8:
			if ((ret = get_str(p, &v, "a duration")) != 0)
				break;
			if (zs_parse_duration(v.text, v.len, 1, MAXDUR,
			    &x) != 0)
				return zs_lex_error(p->lx, &v.loc, "bad "
				    "min-update-interval \"%.*s\"",
				    (int)v.len, v.text);
			cat->min_update_interval = (uint32_t)x;
			cat->has_min_update = true;
			break;
		case 16:
			ret = parse_allow_members(p, cat);
			break;
		case 32:
		case 64:
			if ((ret = get_str(p, &v, "a number")) != 0)
				break;
			if (zs_parse_u64(v.text, v.len, bit == 32 ? 1000000 :
			    100, &x) != 0 || (bit == 32 && x == 0))
				return zs_lex_error(p->lx, &v.loc, "bad %s "
				    "\"%.*s\" (expected %s)", bit == 32 ?
				    "max-members" : "max-removal-percent",
				    (int)v.len, v.text, bit == 32 ?
				    "1 to 1000000" : "0 to 100");
			if (bit == 32)
				cat->max_members = x;
			else
				cat->max_removal_pct = (unsigned)x;
			break;
		case 128:
			ret = get_bool(p, &cat->keep_files);
			break;
		}
		if (ret != 0)
			return ret;
	}
}

static int
parse_catalog_zones(struct parser *p)
{
	struct zs_tok t;
	int ret;

	if ((ret = expect(p, ZS_TOK_LBRACE, "\"{\"")) != 0)
		return ret;
	while ((ret = body_next(p, &t, "catalog-zones")) == 1)
		if ((ret = parse_catalog(p, &t)) != 0)
			return ret;
	if (ret != 0)
		return ret;
	return expect_semi(p);
}

static int
parse_options(struct parser *p, const struct zs_tok *kw)
{
	struct zs_conf *c = p->conf;
	unsigned seen = 0;	/* bits for zs_conf_strtab, then 1<<16 up */
	struct zs_tok t, v;
	uint64_t x;
	size_t i;
	int ret;

	if (p->seen_options)
		return given_twice(p, &kw->loc, "options");
	p->seen_options = true;
	p->optloc = kw->loc;
	if ((ret = expect(p, ZS_TOK_LBRACE, "\"{\"")) != 0)
		return ret;
	while ((ret = body_next(p, &t, "options")) == 1) {
		for (i = 0; i < S_NSTROPT; i++)
			if (zs_tok_is(&t, zs_conf_strtab[i].name))
				break;
		if (i < S_NSTROPT) {
			const struct zs_stropt *d = &zs_conf_strtab[i];
			char **dst = str_slot(c, d);

			if (seen & (1u << i))
				return given_twice(p, &t.loc, d->name);
			seen |= 1u << i;
			if ((ret = zs_lex_peek(p->lx, &v)) != 0 ||
			    (ret = set_string(p, dst, d->name)) != 0)
				return ret;
			if (dst == &c->syslog_facility &&
			    !zs_conf_facility_ok(c->syslog_facility))
				return zs_lex_error(p->lx, &v.loc,
				    "unknown syslog-facility \"%s\"",
				    c->syslog_facility);
			if (dst == &c->named_body &&
			    (ret = check_body(p, &v, *dst)) != 0)
				return ret;
			continue;
		}
		if ((ret = parse_zoneopt(p, &t, &c->options, &p->optset)) < 0)
			return ret;
		if (ret == 1)
			continue;
		if (zs_tok_is(&t, "reload-all-command")) {
			if (seen & (1u << 17))
				return given_twice(p, &t.loc,
				    "reload-all-command");
			seen |= 1u << 17;
			p->reload_all_set = true;
			if ((ret = get_str(p, &v, "a command")) != 0 ||
			    (ret = set_argv(p, &v, "",
			    &c->reload_all_argv)) != 0)
				return ret;
			ret = expect_semi(p);
		} else if (zs_tok_is(&t, "reconfig-command")) {
			if (p->reconfig_set)
				return given_twice(p, &t.loc,
				    "reconfig-command");
			p->reconfig_set = true;
			if ((ret = get_str(p, &v, "a command")) != 0 ||
			    (ret = set_argv(p, &v, "",
			    &c->reconfig_argv)) != 0)
				return ret;
			ret = expect_semi(p);
		} else if (zs_tok_is(&t, "verify-server")) {
			if (c->has_verify)
				return given_twice(p, &t.loc, "verify-server");
			c->has_verify = true;
			ret = parse_server(p, &c->verify_server, 53, NULL);
		} else if (zs_tok_is(&t, "verify-interval") ||
		    zs_tok_is(&t, "verify-timeout")) {
			bool iv = zs_tok_is(&t, "verify-interval");
			unsigned bit = iv ? 1u << 18 : 1u << 19;

			if (seen & bit)
				return given_twice(p, &t.loc, iv ?
				    "verify-interval" : "verify-timeout");
			seen |= bit;
			if ((ret = get_str(p, &v, "a duration")) != 0)
				return ret;
			ret = zs_parse_duration(v.text, v.len, 1, 604800, &x);
			if (ret != 0 || (!iv && x == 0))
				return zs_lex_error(p->lx, &v.loc,
				    "bad %s \"%.*s\" (expected %s to 1w)",
				    iv ? "verify-interval" : "verify-timeout",
				    (int)v.len, v.text, iv ? "0" : "1s");
			if (iv)
				c->verify_interval = (uint32_t)x;
			else
				c->verify_timeout = (uint32_t)x;
			ret = expect_semi(p);
		} else if (zs_tok_is(&t, "rndc-server")) {
			if (c->has_rndc)
				return given_twice(p, &t.loc, "rndc-server");
			c->has_rndc = true;
			p->rndc_loc = t.loc;
			ret = parse_server(p, &c->rndc_server, 953,
			    &p->rndc_key);
		} else if (zs_tok_is(&t, "notify-listen")) {
			if ((ret = zs_conf_grow(&c->notify_listen, c->nnotify_listen,
			    sizeof(*c->notify_listen))) != 0)
				return ret;
			ret = parse_server(p,
			    &c->notify_listen[c->nnotify_listen++], 53, NULL);
		} else if (zs_tok_is(&t, "catalog-zones")) {
			if (seen & (1u << 21))
				return given_twice(p, &t.loc, "catalog-zones");
			seen |= 1u << 21;
			ret = parse_catalog_zones(p);
		} else if (zs_tok_is(&t, "transfers-in")) {
			if (seen & (1u << 16))
				return given_twice(p, &t.loc, "transfers-in");
			seen |= 1u << 16;
			if ((ret = get_str(p, &v, "a number")) != 0)
				return ret;
			ret = zs_parse_u64(v.text, v.len, 10000, &x);
			if (ret != 0 || x == 0)
				return zs_lex_error(p->lx, &v.loc,
				    "bad transfers-in \"%.*s\" (expected 1 to "
				    "10000)", (int)v.len, v.text);
			c->transfers_in = (unsigned)x;
			ret = expect_semi(p);
		} else
			return unknown_option(p, &t, "options");
		if (ret != 0)
			return ret;
	}
	return block_end(p, ret);
}

static int
parse_key(struct parser *p, const struct zs_tok *kw)
{
	struct zs_conf *c = p->conf;
	struct zs_conf_key *k;
	struct zs_tok n, t, v, sec = { 0 };
	uint8_t buf[MAXSECRET];
	size_t i, len;
	int ret;

	(void)kw;
	if ((ret = zs_conf_grow(&c->keys, c->nkeys, sizeof(*c->keys))) != 0 ||
	    (ret = zs_conf_grow(&p->keyloc, c->nkeys, sizeof(*p->keyloc))) != 0)
		return ret;
	k = &c->keys[c->nkeys++];
	if ((ret = get_name(p, &n, "key", k->wire, &k->tsig.namelen,
	    &k->name)) != 0)
		return ret;
	p->keyloc[c->nkeys - 1] = n.loc;
	for (i = 0; i + 1 < c->nkeys; i++)
		if (strcmp(c->keys[i].name, k->name) == 0)
			return zs_lex_error(p->lx, &n.loc, "duplicate key \"%s\""
			    " (first defined at %s:%u:%u)", k->name,
			    p->keyloc[i].file, p->keyloc[i].line,
			    p->keyloc[i].col);
	if ((ret = expect(p, ZS_TOK_LBRACE, "\"{\"")) != 0)
		return ret;
	while ((ret = body_next(p, &t, "key")) == 1) {
		if (zs_tok_is(&t, "algorithm")) {
			if (k->tsig.alg != 0)
				return given_twice(p, &t.loc, "algorithm");
			if ((ret = get_str(p, &v, "an algorithm")) != 0)
				return ret;
			if (zs_tsig_alg_from_text(v.text, v.len,
			    &k->tsig.alg) != 0)
				return zs_lex_error(p->lx, &v.loc,
				    "unknown algorithm \"%.*s\"", (int)v.len,
				    v.text);
		} else if (zs_tok_is(&t, "secret")) {
			if (sec.text != NULL)
				return given_twice(p, &t.loc, "secret");
			if ((ret = get_str(p, &sec, "a secret")) != 0)
				return ret;
			if (sec.len == 0 || zs_base64_decode(sec.text, sec.len,
			    buf, sizeof(buf), &len) != 0 || len == 0)
				return zs_lex_error(p->lx, &sec.loc,
				    "bad base64 secret for key \"%s\"",
				    k->name);
			if ((k->secret = malloc(len)) == NULL)
				return enomem();
			memcpy(k->secret, buf, len);
			k->tsig.secretlen = len;
		} else
			return unknown_option(p, &t, "key");
		if ((ret = expect_semi(p)) != 0)
			return ret;
	}
	if (ret != 0)
		return ret;
	if (k->tsig.alg == 0 || k->secret == NULL)
		return zs_lex_error(p->lx, &n.loc, "key \"%s\" has no %s",
		    k->name, k->tsig.alg == 0 ? "algorithm" : "secret");
	return expect_semi(p);
}

/* "[port N] { elem; ... }" of a primaries statement or zone option. */
static int
parse_plist(struct parser *p, struct plist *pl)
{
	struct zs_tok t;
	struct pelem *e;
	int ret;

	pl->port = -1;
	if ((ret = zs_lex_peek(p->lx, &t)) != 0)
		return ret;
	if (zs_tok_is(&t, "port")) {
		(void)next(p, &t);
		if ((ret = get_port(p, &pl->port)) != 0)
			return ret;
	}
	if ((ret = expect(p, ZS_TOK_LBRACE, "\"{\"")) != 0)
		return ret;
	while ((ret = body_next(p, &t, "primaries")) == 1) {
		if ((ret = zs_conf_grow(&pl->v, pl->n, sizeof(*pl->v))) != 0)
			return ret;
		e = &pl->v[pl->n++];
		e->loc = t.loc;
		e->port = -1;
		if (zs_addr_parse_host(t.text, t.len, 0, &e->addr) != 0) {
			/* Not an address: a list name, unless it looks like
			 * a mistyped address. */
			if (memchr(t.text, ':', t.len) != NULL)
				goto badaddr;
			if (t.type == ZS_TOK_WORD && t.len > 0 &&
			    t.text[0] >= '0' && t.text[0] <= '9' &&
			    strspn(t.text, "0123456789.") >= t.len)
				goto badaddr;
			if ((e->ref = zs_tok_strdup(&t)) == NULL)
				return enomem();
		}
		for (;;) {
			if ((ret = next(p, &t)) != 0)
				return ret;
			if (t.type == ZS_TOK_SEMI)
				break;
			if (zs_tok_is(&t, "port") && e->port < 0) {
				if ((ret = get_port(p, &e->port)) != 0)
					return ret;
			} else if (zs_tok_is(&t, "key") && e->key == NULL) {
				if ((ret = get_str(p, &t, "a key name")) != 0)
					return ret;
				e->keyloc = t.loc;
				if ((e->key = zs_tok_strdup(&t)) == NULL)
					return enomem();
			} else {
				char b[64];

				if (t.type == ZS_TOK_WORD ||
				    t.type == ZS_TOK_STRING)
					return zs_lex_error(p->lx, &t.loc,
					    "expected \"port\", \"key\" or "
					    "\";\" but found %s",
					    desc(&t, b, sizeof(b)));
				return zs_lex_error(p->lx, &t.loc,
				    "missing \";\" before %s",
				    desc(&t, b, sizeof(b)));
			}
		}
	}
	return ret;
badaddr:
	return zs_lex_error(p->lx, &t.loc, "bad IP address \"%.*s\"",
	    (int)t.len, t.text);
}

static int
parse_primaries(struct parser *p, const struct zs_tok *kw)
{
	struct zs_tok n;
	struct plist *pl;
	size_t i;
	int ret;

	(void)kw;
	if ((ret = get_str(p, &n, "a primaries list name")) != 0)
		return ret;
	for (i = 0; i < p->nlists; i++)
		if (strlen(p->lists[i].name) == n.len &&
		    strncasecmp(p->lists[i].name, n.text, n.len) == 0)
			return zs_lex_error(p->lx, &n.loc, "duplicate primaries "
			    "list \"%.*s\" (first defined at %s:%u:%u)",
			    (int)n.len, n.text, p->lists[i].loc.file,
			    p->lists[i].loc.line, p->lists[i].loc.col);
	if ((ret = zs_conf_grow(&p->lists, p->nlists, sizeof(*p->lists))) != 0)
		return ret;
	pl = &p->lists[p->nlists++];
	pl->loc = n.loc;
	if ((pl->name = zs_tok_strdup(&n)) == NULL)
		return enomem();
	if ((ret = parse_plist(p, pl)) != 0)
		return ret;
	return expect_semi(p);
}

/* allow-notify { elements; }: kept as text until ACLs exist. */
static int
parse_allow_notify(struct parser *p, struct zs_conf_zone *z)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	struct zs_tok t;
	int depth = 0, ret;
	const char *cs;
	char *s;

	if ((ret = expect(p, ZS_TOK_LBRACE, "\"{\"")) != 0)
		goto out;
	for (;;) {
		if ((ret = next(p, &t)) != 0)
			goto out;
		if (t.type == ZS_TOK_EOF) {
			ret = zs_lex_error(p->lx, &t.loc, "expected \"}\" but "
			    "found end of file");
			goto out;
		}
		if (t.type == ZS_TOK_RBRACE && depth == 0 && sb.len == 0)
			break;
		if (t.type == ZS_TOK_SEMI && depth == 0) {
			if (sb.len == 0) {
				ret = zs_lex_error(p->lx, &t.loc,
				    "empty allow-notify element");
				goto out;
			}
			if ((cs = zs_sb_cstr(&sb)) == NULL ||
			    zs_conf_grow(&z->allow_notify, z->nallow_notify,
			    sizeof(char *)) != 0 || (s = strdup(cs)) == NULL) {
				ret = ZS_ENOMEM;
				goto out;
			}
			z->allow_notify[z->nallow_notify++] = s;
			if (zs_conf_grow(&z->notify_acl, z->nnotify_acl,
			    sizeof(*z->notify_acl)) != 0) {
				ret = ZS_ENOMEM;
				goto out;
			}
			if (zs_acl_parse(s, &z->notify_acl[z->nnotify_acl]) !=
			    0) {
				ret = zs_lex_error(p->lx, &t.loc, "bad "
				    "allow-notify element \"%s\": expected any, "
				    "none, an address[/prefix] or key \"NAME\"",
				    s);
				goto out;
			}
			z->nnotify_acl++;
			zs_sb_reset(&sb);
			continue;
		}
		if (t.type == ZS_TOK_RBRACE && depth == 0) {
			ret = zs_lex_error(p->lx, &t.loc,
			    "missing \";\" before \"}\"");
			goto out;
		}
		depth += t.type == ZS_TOK_LBRACE ? 1 :
		    t.type == ZS_TOK_RBRACE ? -1 : 0;
		if (sb.len > 0)
			zs_sb_putc(&sb, ' ');
		if (t.type == ZS_TOK_STRING)
			zs_sb_putc(&sb, '"');
		zs_sb_put(&sb, t.text, t.len);
		if (t.type == ZS_TOK_STRING)
			zs_sb_putc(&sb, '"');
	}
	ret = expect_semi(p);
out:
	zs_sb_free(&sb);
	return ret;
}

static int
parse_zone(struct parser *p, const struct zs_tok *kw)
{
	struct zs_conf *c = p->conf;
	struct zs_conf_zone *z;
	struct zraw *r;
	struct zs_tok n, t, v;
	int ret;

	(void)kw;
	if ((ret = zs_conf_grow(&c->zones, c->nzones, sizeof(*c->zones))) != 0 ||
	    (ret = zs_conf_grow(&p->zraw, c->nzones, sizeof(*p->zraw))) != 0)
		return ret;
	z = &c->zones[c->nzones];
	r = &p->zraw[c->nzones++];
	p->nzraw++;
	if ((ret = get_name(p, &n, "zone", z->wire, &z->wirelen,
	    &z->name)) != 0)
		return ret;
	r->loc = n.loc;
	if ((ret = zs_lex_peek(p->lx, &t)) != 0)
		return ret;
	if (t.type == ZS_TOK_WORD && zs_tok_is(&t, "in"))
		(void)next(p, &t);	/* BIND's optional class */
	if ((ret = expect(p, ZS_TOK_LBRACE, "\"{\"")) != 0)
		return ret;
	while ((ret = body_next(p, &t, "zone")) == 1) {
		if ((ret = parse_zoneopt(p, &t, &z->opts, &r->set)) < 0)
			return ret;
		if (ret == 1)
			continue;
		if (zs_tok_is(&t, "primaries") || zs_tok_is(&t, "masters")) {
			if (r->has_prim)
				return given_twice(p, &t.loc, "primaries");
			r->has_prim = true;
			r->prim.loc = t.loc;
			if ((ret = parse_plist(p, &r->prim)) != 0)
				return ret;
			ret = expect_semi(p);
		} else if (zs_tok_is(&t, "file")) {
			if (r->file != NULL)
				return given_twice(p, &t.loc, "file");
			ret = set_string(p, &r->file, "file");
		} else if (zs_tok_is(&t, "allow-notify")) {
			if (z->allow_notify != NULL)
				return given_twice(p, &t.loc, "allow-notify");
			ret = parse_allow_notify(p, z);
		} else if (zs_tok_is(&t, "named-zone-options")) {
			if (z->named_body != NULL)
				return given_twice(p, &t.loc,
				    "named-zone-options");
			if ((ret = zs_lex_peek(p->lx, &v)) != 0 ||
			    (ret = set_string(p, &z->named_body,
			    "named-zone-options")) != 0 ||
			    (ret = check_body(p, &v, z->named_body)) != 0)
				return ret;
		} else if (zs_tok_is(&t, "type")) {
			/* Accepted so BIND zone statements can be reused. */
			if ((ret = get_str(p, &v, "a zone type")) != 0)
				return ret;
			if (!zs_tok_is(&v, "secondary") &&
			    !zs_tok_is(&v, "slave"))
				return zs_lex_error(p->lx, &v.loc, "zone type "
				    "must be secondary, not \"%.*s\"",
				    (int)v.len, v.text);
			ret = expect_semi(p);
		} else
			return unknown_option(p, &t, "zone");
		if (ret != 0)
			return ret;
	}
	if (ret != 0)
		return ret;
	if (!r->has_prim || r->prim.n == 0)
		return zs_lex_error(p->lx, &n.loc, "zone \"%s\" has no "
		    "primaries", z->name);
	return expect_semi(p);
}

/*
 * server PREFIX { request-ixfr yes|no; };  BIND's statement, with the one
 * setting that matters to a secondary that only transfers in.
 */
static int
parse_peer(struct parser *p, const struct zs_tok *kw)
{
	struct zs_conf *c = p->conf;
	struct zs_conf_peer *pe;
	struct zs_tok a, t, v;
	uint64_t x;
	size_t i;
	int ret;

	(void)kw;
	if ((ret = get_str(p, &a, "an address or prefix")) != 0)
		return ret;
	if ((ret = zs_conf_grow(&c->peers, c->npeers,
	    sizeof(*c->peers))) != 0)
		return ret;
	pe = &c->peers[c->npeers++];
	pe->request_ixfr = -1;
	if ((pe->text = zs_tok_strdup(&a)) == NULL)
		return enomem();
	if (a.len == 0 || a.text[0] == '!' || strlen(pe->text) != a.len ||
	    zs_acl_parse(pe->text, &pe->net) != 0 ||
	    pe->net.kind != ZS_ACL_NET)
		return zs_lex_error(p->lx, &a.loc, "bad server address "
		    "\"%.*s\" (expected an address or prefix)", (int)a.len,
		    a.text);
	for (i = 0; i + 1 < c->npeers; i++)
		if (c->peers[i].net.family == pe->net.family &&
		    c->peers[i].net.prefix == pe->net.prefix &&
		    memcmp(c->peers[i].net.net, pe->net.net, 16) == 0)
			return zs_lex_error(p->lx, &a.loc, "duplicate server "
			    "\"%s\"", pe->text);
	if ((ret = expect(p, ZS_TOK_LBRACE, "\"{\"")) != 0)
		return ret;
	while ((ret = body_next(p, &t, "server")) == 1) {
		if (!zs_tok_is(&t, "request-ixfr"))
			return unknown_option(p, &t, "server");
		if (pe->request_ixfr >= 0)
			return given_twice(p, &t.loc, "request-ixfr");
		if ((ret = get_str(p, &v, "yes or no")) != 0)
			return ret;
		if (parse_bool(&v, &x) != 0)
			return zs_lex_error(p->lx, &v.loc, "bad request-ixfr "
			    "\"%.*s\" (expected yes or no)", (int)v.len,
			    v.text);
		pe->request_ixfr = (int)x;
		if ((ret = expect_semi(p)) != 0)
			return ret;
	}
	return block_end(p, ret);
}

static bool
header_ok(const char *s, size_t len)
{
	size_t i, n = 0;

	while (n < len && (isalnum((unsigned char)s[n]) ||
	    strchr("!#$%&'*+-.^_`|~", s[n]) != NULL))
		n++;
	if (n == 0 || n >= len || s[n] != ':')
		return false;
	for (i = n + 1; i < len; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') ||
		    s[i] == 0x7f)
			return false;
	return true;
}

static int
parse_webhook(struct parser *p, const struct zs_tok *kw)
{
	struct zs_conf *c = p->conf;
	struct zs_conf_webhook *w;
	struct zs_tok u, t, v;
	bool have_events = false, have_timeout = false;
	uint64_t x;
	int ret;

	(void)kw;
	if ((ret = get_str(p, &u, "a URL")) != 0)
		return ret;
	if ((ret = zs_conf_grow(&c->webhooks, c->nwebhooks,
	    sizeof(*c->webhooks))) != 0)
		return ret;
	w = &c->webhooks[c->nwebhooks++];
	w->events = ZS_EV_ALL;
	w->timeout = 10;
	if ((w->url = zs_tok_strdup(&u)) == NULL)
		return enomem();
	if ((strncasecmp(w->url, "http://", 7) != 0 &&
	    strncasecmp(w->url, "https://", 8) != 0) ||
	    strlen(w->url) != u.len || strpbrk(w->url, " \t\r\n") != NULL)
		return zs_lex_error(p->lx, &u.loc, "bad webhook URL \"%s\" "
		    "(expected http:// or https://)", w->url);
	if ((ret = expect(p, ZS_TOK_LBRACE, "\"{\"")) != 0)
		return ret;
	while ((ret = body_next(p, &t, "webhook")) == 1) {
		if ((zs_tok_is(&t, "events") && have_events) ||
		    (zs_tok_is(&t, "timeout") && have_timeout))
			return zs_lex_error(p->lx, &t.loc, "%.*s given twice",
			    (int)t.len, t.text);
		if (zs_tok_is(&t, "events")) {
			have_events = true;
			w->events = 0;
			if ((ret = expect(p, ZS_TOK_LBRACE, "\"{\"")) != 0)
				return ret;
			while ((ret = body_next(p, &v, "events")) == 1) {
				unsigned bit;

				for (bit = ZS_EV_ZONE_UPDATED; bit <= ZS_EV_ALL;
				    bit <<= 1)
					if (zs_tok_is(&v, zs_event_name(bit)))
						break;
				if (bit > ZS_EV_ALL)
					return zs_lex_error(p->lx, &v.loc,
					    "unknown event \"%.*s\"",
					    (int)v.len, v.text);
				w->events |= bit;
				if ((ret = expect(p, ZS_TOK_SEMI,
				    "\";\"")) != 0)
					return ret;
			}
			if (ret != 0)
				return ret;
			if (w->events == 0)
				return zs_lex_error(p->lx, &t.loc,
				    "empty events list");
		} else if (zs_tok_is(&t, "header")) {
			if ((ret = get_str(p, &v, "a header")) != 0)
				return ret;
			if (!header_ok(v.text, v.len))
				return zs_lex_error(p->lx, &v.loc, "bad header "
				    "\"%.*s\" (expected \"Name: value\")",
				    (int)v.len, v.text);
			if ((ret = zs_conf_grow(&w->headers, w->nheaders,
			    sizeof(char *))) != 0)
				return ret;
			if ((w->headers[w->nheaders] = zs_tok_strdup(&v)) ==
			    NULL)
				return enomem();
			w->nheaders++;
		} else if (zs_tok_is(&t, "timeout")) {
			have_timeout = true;
			if ((ret = get_str(p, &v, "a duration")) != 0)
				return ret;
			if (zs_parse_duration(v.text, v.len, 1, 300, &x) != 0 ||
			    x == 0)
				return zs_lex_error(p->lx, &v.loc, "bad timeout "
				    "\"%.*s\" (expected 1 to 300 seconds)",
				    (int)v.len, v.text);
			w->timeout = (uint32_t)x;
		} else
			return unknown_option(p, &t, "webhook");
		if ((ret = expect_semi(p)) != 0)
			return ret;
	}
	return block_end(p, ret);
}

static int
parse_top(struct parser *p)
{
	struct zs_tok t;
	char b[64];
	int ret;

	for (;;) {
		if ((ret = next(p, &t)) != 0)
			return ret;
		if (t.type == ZS_TOK_EOF)
			return 0;
		if (t.type != ZS_TOK_WORD)
			return zs_lex_error(p->lx, &t.loc,
			    "expected a statement but found %s",
			    desc(&t, b, sizeof(b)));
		if ((ret = maybe_include(p, &t)) < 0)
			return ret;
		if (ret == 1)
			continue;
		if (zs_tok_is(&t, "options"))
			ret = parse_options(p, &t);
		else if (zs_tok_is(&t, "key"))
			ret = parse_key(p, &t);
		else if (zs_tok_is(&t, "primaries") ||
		    zs_tok_is(&t, "masters"))
			ret = parse_primaries(p, &t);
		else if (zs_tok_is(&t, "zone"))
			ret = parse_zone(p, &t);
		else if (zs_tok_is(&t, "webhook"))
			ret = parse_webhook(p, &t);
		else if (zs_tok_is(&t, "server"))
			ret = parse_peer(p, &t);
		else if (zs_tok_is(&t, "logging"))
			ret = zs_conflog_parse(p->lx, &t, &p->conf->logging);
		else
			ret = zs_lex_error(p->lx, &t.loc, "unknown statement "
			    "\"%.*s\" (expected options, key, primaries, zone,"
			    " server, webhook, logging or include)", (int)t.len,
			    t.text);
		if (ret != 0)
			return ret;
	}
}

/* ---- resolution ------------------------------------------------------- */

static const struct zs_conf_key *
find_key(const struct zs_conf *c, const char *name)
{
	uint8_t w[ZS_DNAME_MAXLEN];
	size_t wl, i, j;

	if (zs_dname_from_text(name, strlen(name), NULL, 0, w, &wl) != 0)
		return NULL;
	for (j = 0; j < wl; j++)
		if (w[j] >= 'A' && w[j] <= 'Z')
			w[j] = (uint8_t)(w[j] + 32);
	for (i = 0; i < c->nkeys; i++)
		if (c->keys[i].tsig.namelen == wl &&
		    memcmp(c->keys[i].wire, w, wl) == 0)
			return &c->keys[i];
	return NULL;
}

static struct plist *
find_list(struct parser *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nlists; i++)
		if (strcasecmp(p->lists[i].name, name) == 0)
			return &p->lists[i];
	return NULL;
}

/* Keep a primaries block as written in the config, for printing back. */
static int
plist_export(const struct plist *pl, struct zs_conf_plist *out)
{
	size_t i;

	out->port = pl->port;
	if (pl->name != NULL && (out->name = strdup(pl->name)) == NULL)
		return enomem();
	if (pl->n == 0)
		return 0;
	if ((out->elems = calloc(pl->n, sizeof(*out->elems))) == NULL)
		return enomem();
	for (i = 0; i < pl->n; i++) {
		const struct pelem *e = &pl->v[i];
		struct zs_conf_pelem *o = &out->elems[out->nelems++];

		o->addr = e->addr;
		o->port = e->port;
		if ((e->ref != NULL && (o->ref = strdup(e->ref)) == NULL) ||
		    (e->key != NULL && (o->key = strdup(e->key)) == NULL))
			return enomem();
	}
	return 0;
}

static void
cplist_clear(struct zs_conf_plist *pl)
{
	size_t i;

	for (i = 0; i < pl->nelems; i++) {
		free(pl->elems[i].ref);
		free(pl->elems[i].key);
	}
	free(pl->elems);
	free(pl->name);
}

/*
 * Flatten a primaries block into servers.  Port precedence: the element's
 * own, else its list's "port", else what the referring element or list
 * passed down, else 53.  A key on a list reference applies to the
 * elements of that list that name none.
 */
static int
expand(struct parser *p, struct plist *pl, int dport, const char *dkey,
    const struct zs_loc *dkeyloc, int depth, struct zs_conf_server **out,
    size_t *nout)
{
	struct plist *sub;
	size_t i;
	int ret;

	if (pl->port >= 0)
		dport = pl->port;
	for (i = 0; i < pl->n; i++) {
		struct pelem *e = &pl->v[i];
		const char *kname = e->key != NULL ? e->key : dkey;
		const struct zs_loc *kloc = e->key != NULL ? &e->keyloc :
		    dkeyloc;
		int port = e->port >= 0 ? e->port : dport;
		struct zs_conf_server *s;

		if (e->ref != NULL) {
			if ((sub = find_list(p, e->ref)) == NULL)
				return zs_lex_error(p->lx, &e->loc, "unknown "
				    "primaries list \"%s\"", e->ref);
			if (sub->visiting || depth >= MAXNEST)
				return zs_lex_error(p->lx, &e->loc, "primaries "
				    "list \"%s\" includes itself", e->ref);
			sub->visiting = true;
			ret = expand(p, sub, port, kname, kloc, depth + 1, out,
			    nout);
			sub->visiting = false;
			if (ret != 0)
				return ret;
			continue;
		}
		if (*nout >= MAXPRIMARIES)
			return zs_lex_error(p->lx, &e->loc, "more than %d "
			    "primaries", MAXPRIMARIES);
		if ((ret = zs_conf_grow(out, *nout, sizeof(**out))) != 0)
			return ret;
		s = &(*out)[(*nout)++];
		s->addr = e->addr;
		zs_addr_setport(&s->addr, (uint16_t)(port >= 0 ? port : 53));
		if (kname != NULL &&
		    (s->key = find_key(p->conf, kname)) == NULL)
			return zs_lex_error(p->lx, kloc, "unknown key \"%s\"",
			    kname);
	}
	return 0;
}

/* Relative paths are taken from directory, as named does. */
static int
in_dir(const char *dir, char **path)
{
	char *s;

	size_t n;

	/* "." adds nothing and would make print-back not round-trip. */
	if (*path == NULL || (*path)[0] == '/' || strcmp(dir, ".") == 0)
		return 0;
	n = strlen(dir) + strlen(*path) + 2;
	if ((s = malloc(n)) == NULL)
		return ZS_ENOMEM;
	snprintf(s, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
	    *path);
	free(*path);
	*path = s;
	return 0;
}

/* File name from a zone name: see zs_dname_filename. */
static int
zone_file_name(const struct zs_conf_zone *z, char **out)
{
	char buf[ZS_DNAME_FILENAME_MAX];

	zs_dname_filename(z->wire, buf);
	return (*out = strdup(buf)) == NULL ? ZS_ENOMEM : 0;
}

static int
check_minmax(struct parser *p, const struct zs_conf_zoneopts *o,
    const struct zs_loc *loc, const char *where)
{
	if (o->min_refresh > o->max_refresh)
		return zs_lex_error(p->lx, loc, "min-refresh-time %u is above "
		    "max-refresh-time %u in %s", o->min_refresh,
		    o->max_refresh, where);
	if (o->min_retry > o->max_retry)
		return zs_lex_error(p->lx, loc, "min-retry-time %u is above "
		    "max-retry-time %u in %s", o->min_retry, o->max_retry,
		    where);
	return 0;
}

/*
 * Order zones by wire name, then by position in the file: the elements
 * are pointers into the one zones array, so their order is file order
 * and the comparator needs no context.
 */
static int
zone_order(const void *a, const void *b)
{
	const struct zs_conf_zone *x = *(const struct zs_conf_zone *const *)a,
	    *y = *(const struct zs_conf_zone *const *)b;
	int d;

	if (x->wirelen != y->wirelen)
		return x->wirelen < y->wirelen ? -1 : 1;
	if ((d = memcmp(x->wire, y->wire, x->wirelen)) != 0)
		return d;
	return x < y ? -1 : x > y;
}

/*
 * Duplicate zones, found by sorting (wire names are lower case already):
 * a pairwise check costs 50 million comparisons for 10,000 zones.
 */
static int
check_duplicates(struct parser *p)
{
	const struct zs_conf *c = p->conf;
	const struct zs_conf_zone **v;
	size_t i;
	int ret = 0;

	if (c->nzones < 2)
		return 0;
	if ((v = calloc(c->nzones, sizeof(*v))) == NULL)
		return ZS_ENOMEM;
	for (i = 0; i < c->nzones; i++)
		v[i] = &c->zones[i];
	qsort(v, c->nzones, sizeof(*v), zone_order);
	for (i = 1; i < c->nzones; i++) {
		const struct zs_conf_zone *a = v[i - 1], *b = v[i];
		const struct zs_loc *first = &p->zraw[a - c->zones].loc;

		if (a->wirelen != b->wirelen ||
		    memcmp(a->wire, b->wire, a->wirelen) != 0)
			continue;
		ret = zs_lex_error(p->lx, &p->zraw[b - c->zones].loc,
		    "duplicate zone \"%s\" (first defined at %s:%u:%u)",
		    b->name, first->file, first->line, first->col);
		break;
	}
	free(v);
	return ret;
}

/* Copy into o every setting of g whose bit is not in set. */
static int
inherit(struct zs_conf_zoneopts *o, unsigned set,
    const struct zs_conf_zoneopts *g)
{
	char *zo = (char *)o;
	const char *go = (const char *)g;
	size_t j;

	for (j = 0; j < O_NZONEOPT; j++) {
		const struct zs_zoneopt *d = &zs_conf_opttab[j];

		if (set & (1u << j))
			continue;
		switch (d->kind) {
		case K_ARGV: {
			char **src = *(char **const *)(const void *)
			    (go + d->off);

			if (src != NULL && (*(char ***)(void *)(zo + d->off) =
			    zs_argv_dup(src)) == NULL)
				return ZS_ENOMEM;
			break;
		}
		case K_DUR:
			memcpy(zo + d->off, go + d->off, sizeof(uint32_t));
			break;
		case K_NUM:
		case K_SIZE:
			memcpy(zo + d->off, go + d->off, sizeof(uint64_t));
			break;
		case K_PCT:
		case K_ENUM:
			memcpy(zo + d->off, go + d->off, sizeof(unsigned));
			break;
		case K_BOOL:
			memcpy(zo + d->off, go + d->off, sizeof(bool));
			break;
		}
	}
	return 0;
}

static bool peer_ixfr(const struct zs_conf *c, const struct zs_addr *addr,
    bool zone);

/*
 * catalog-zones: each catalog zone is a zone of this file (so TSIG,
 * NOTIFY and limits apply to it), named once; groups inherit options.
 */
static int
resolve_catalogs(struct parser *p)
{
	struct zs_conf *c = p->conf;
	size_t i, j, k;
	int ret;

	for (i = 0; i < c->ncatalogs; i++) {
		struct zs_conf_catalog *cat = &c->catalogs[i];
		struct catraw *r = &p->catraw[i];

		for (k = 0; k < i; k++)
			if (c->catalogs[k].wirelen == cat->wirelen &&
			    memcmp(c->catalogs[k].wire, cat->wire,
			    cat->wirelen) == 0)
				return zs_lex_error(p->lx, &r->loc, "catalog "
				    "zone \"%s\" listed twice", cat->name);
		for (k = 0; k < c->nzones; k++)
			if (c->zones[k].wirelen == cat->wirelen &&
			    memcmp(c->zones[k].wire, cat->wire,
			    cat->wirelen) == 0)
				break;
		if (k == c->nzones)
			return zs_lex_error(p->lx, &r->loc, "catalog zone "
			    "\"%s\" is not a zone of this file (add zone "
			    "\"%s\" { primaries { ... }; }; so it is "
			    "transferred)", cat->name, cat->name);
		cat->zone = k;
		if (cat->has_defprim) {
			if ((ret = expand(p, &r->prim, -1, NULL, NULL, 0,
			    &cat->defprim, &cat->ndefprim)) != 0 ||
			    (ret = plist_export(&r->prim,
			    &cat->defprim_raw)) != 0)
				return ret;
			for (j = 0; j < cat->ndefprim; j++)
				cat->defprim[j].request_ixfr = peer_ixfr(c,
				    &cat->defprim[j].addr,
				    c->options.request_ixfr);
		}
		if (cat->zone_directory != NULL &&
		    (ret = in_dir(c->directory, &cat->zone_directory)) != 0)
			return ret;
		for (j = 0; j < cat->ngroups; j++) {
			if ((ret = inherit(&cat->groups[j].opts, r->gset[j],
			    &c->options)) != 0 ||
			    (ret = check_minmax(p, &cat->groups[j].opts,
			    &r->gloc[j], "group")) != 0)
				return ret;
		}
	}
	return 0;
}

const struct zs_conf_catgroup *
zs_conf_catgroup_find(const struct zs_conf_catalog *cat, const char *g)
{
	size_t i;

	for (i = 0; g != NULL && i < cat->ngroups; i++)
		if (strcmp(cat->groups[i].name, g) == 0)
			return &cat->groups[i];
	return NULL;
}

/*
 * Whether to ask addr for IXFR: the server statement with the longest
 * prefix covering it decides when it says, else the zone's setting
 * (BIND: a server's request-ixfr wins over the zone's).
 */
static bool
peer_ixfr(const struct zs_conf *c, const struct zs_addr *addr, bool zone)
{
	const struct zs_conf_peer *best = NULL;
	size_t i;

	for (i = 0; i < c->npeers; i++) {
		const struct zs_conf_peer *pe = &c->peers[i];

		if (pe->request_ixfr < 0 || !zs_acl_allows(&pe->net, 1,
		    (const struct sockaddr *)&addr->ss, NULL, 0))
			continue;
		if (best == NULL || pe->net.prefix > best->net.prefix)
			best = pe;
	}
	return best != NULL ? best->request_ixfr != 0 : zone;
}

static int
resolve(struct parser *p)
{
	struct zs_conf *c = p->conf;
	struct zs_conf_server *tmp = NULL;
	size_t i, j, ntmp = 0;
	int ret;

	/* The keys array has stopped moving: point each key's view into it. */
	for (i = 0; i < c->nkeys; i++) {
		c->keys[i].tsig.name = c->keys[i].wire;
		c->keys[i].tsig.secret = c->keys[i].secret;
	}
	if ((ret = check_duplicates(p)) != 0 ||
	    (ret = check_minmax(p, &c->options, &p->optloc, "options")) != 0)
		goto out;
	if (c->has_rndc) {
		if (p->rndc_key == NULL) {
			ret = zs_lex_error(p->lx, &p->rndc_loc, "rndc-server "
			    "needs a key: rndc-server ADDR [port N] key "
			    "\"NAME\"; (include \"/etc/bind/rndc.key\" for "
			    "the key named uses)");
			goto out;
		}
		if ((c->rndc_server.key = find_key(c, p->rndc_key)) == NULL) {
			ret = zs_lex_error(p->lx, &p->rndc_loc, "rndc-server: "
			    "unknown key \"%s\"", p->rndc_key);
			goto out;
		}
		/* Unless given, reloads go through rndc-server. */
		if (!(p->optset & (1u << O_RELOAD))) {
			zs_conf_argv_free(c->options.reload_argv);
			c->options.reload_argv = NULL;
		}
		if (!p->reload_all_set) {
			zs_conf_argv_free(c->reload_all_argv);
			c->reload_all_argv = NULL;
		}
		if (!p->reconfig_set) {
			zs_conf_argv_free(c->reconfig_argv);
			c->reconfig_argv = NULL;
		}
	}
	for (i = 0; i < S_NSTROPT; i++)
		if (zs_conf_strtab[i].path && (ret = in_dir(c->directory,
		    str_slot(c, &zs_conf_strtab[i]))) != 0)
			goto out;
	if (p->nlists > 0 &&
	    (c->lists = calloc(p->nlists, sizeof(*c->lists))) == NULL) {
		ret = enomem();
		goto out;
	}
	/* Check unused lists too, so a typo never waits for its first use. */
	for (i = 0; i < p->nlists; i++) {
		if ((ret = plist_export(&p->lists[i],
		    &c->lists[c->nlists++])) != 0)
			goto out;
		p->lists[i].visiting = true;
		ret = expand(p, &p->lists[i], -1, NULL, NULL, 0, &tmp, &ntmp);
		p->lists[i].visiting = false;
		free(tmp);
		tmp = NULL;
		ntmp = 0;
		if (ret != 0)
			goto out;
	}
	for (i = 0; i < c->nzones; i++) {
		struct zs_conf_zone *z = &c->zones[i];
		struct zraw *r = &p->zraw[i];
		struct zs_conf_zoneopts *o = &z->opts;

		if ((ret = expand(p, &r->prim, -1, NULL, NULL, 0,
		    &z->primaries, &z->nprimaries)) != 0 ||
		    (ret = plist_export(&r->prim, &z->primaries_raw)) != 0)
			goto out;
		/* Lists may be empty; a zone still needs a primary. */
		if (z->nprimaries == 0) {
			ret = zs_lex_error(p->lx, &r->loc, "zone \"%s\" has no "
			    "primaries (its lists are empty)", z->name);
			goto out;
		}
		if ((ret = inherit(o, r->set, &c->options)) != 0)
			goto out;
		if ((ret = check_minmax(p, o, &r->loc, "zone")) != 0)
			goto out;
		for (j = 0; j < z->nprimaries; j++)
			z->primaries[j].request_ixfr = peer_ixfr(c,
			    &z->primaries[j].addr, o->request_ixfr);
		for (j = 0; j < z->nnotify_acl; j++) {
			const struct zs_acl_elem *e = &z->notify_acl[j];
			size_t k;

			if (e->kind != ZS_ACL_KEY)
				continue;
			for (k = 0; k < c->nkeys; k++)
				if (c->keys[k].tsig.namelen == e->keylen &&
				    memcmp(c->keys[k].wire, e->key,
				    e->keylen) == 0)
					break;
			if (k == c->nkeys) {
				ret = zs_lex_error(p->lx, &r->loc, "zone \"%s\":"
				    " allow-notify names an unknown key",
				    z->name);
				goto out;
			}
		}
		if (r->file != NULL) {
			z->file = r->file;
			r->file = NULL;
		} else if ((ret = zone_file_name(z, &z->file)) != 0)
			goto out;
		if ((ret = in_dir(c->directory, &z->file)) != 0)
			goto out;
	}
	for (i = 0; c->logging != NULL && i < c->logging->nchannels; i++)
		if ((ret = in_dir(c->directory,
		    &c->logging->channels[i].path)) != 0)
			goto out;
	ret = resolve_catalogs(p);
out:
	free(tmp);
	return ret;
}

/* ---- life cycle ------------------------------------------------------- */

static void
opts_free(struct zs_conf_zoneopts *o)
{
	zs_conf_argv_free(o->reload_argv);
	zs_conf_argv_free(o->check_argv);
}

static void
strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
zs_conf_free(struct zs_conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < S_NSTROPT; i++)
		free(*str_slot(c, &zs_conf_strtab[i]));
	free(c->notify_listen);
	zs_conf_argv_free(c->reload_all_argv);
	zs_conf_argv_free(c->reconfig_argv);
	opts_free(&c->options);
	for (i = 0; i < c->nkeys; i++)
		zs_conf_key_clear(&c->keys[i]);
	free(c->keys);
	for (i = 0; i < c->nlists; i++)
		cplist_clear(&c->lists[i]);
	free(c->lists);
	for (i = 0; i < c->npeers; i++)
		free(c->peers[i].text);
	free(c->peers);
	for (i = 0; i < c->nzones; i++) {
		free(c->zones[i].name);
		free(c->zones[i].file);
		free(c->zones[i].primaries);
		cplist_clear(&c->zones[i].primaries_raw);
		opts_free(&c->zones[i].opts);
		strv_free(c->zones[i].allow_notify,
		    c->zones[i].nallow_notify);
		free(c->zones[i].notify_acl);
		free(c->zones[i].named_body);
	}
	free(c->zones);
	for (i = 0; i < c->nwebhooks; i++) {
		free(c->webhooks[i].url);
		strv_free(c->webhooks[i].headers, c->webhooks[i].nheaders);
	}
	free(c->webhooks);
	zs_conflog_free(c->logging);
	for (i = 0; i < c->ncatalogs; i++) {
		struct zs_conf_catalog *cat = &c->catalogs[i];
		size_t j;

		free(cat->name);
		cplist_clear(&cat->defprim_raw);
		free(cat->defprim);
		free(cat->zone_directory);
		for (j = 0; j < cat->ngroups; j++) {
			free(cat->groups[j].name);
			opts_free(&cat->groups[j].opts);
			free(cat->groups[j].named_body);
		}
		free(cat->groups);
		strv_free(cat->allow, cat->nallow);
	}
	free(c->catalogs);
	free(c);
}

static void
plist_clear(struct plist *pl)
{
	size_t i;

	for (i = 0; i < pl->n; i++) {
		free(pl->v[i].ref);
		free(pl->v[i].key);
	}
	free(pl->v);
	free(pl->name);
}

static struct zs_conf *
conf_new(void)
{
	static char *const reload[] = { "rndc", "reload", "%z", NULL };
	static char *const reload_all[] = { "rndc", "reload", NULL };
	static char *const reconfig[] = { "rndc", "reconfig", NULL };
	const struct zs_stropt *d;
	struct zs_conf *c;
	struct zs_conf_zoneopts *o;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	o = &c->options;
	o->min_refresh = 300;
	o->max_refresh = 2419200;
	o->min_retry = 500;
	o->max_retry = 1209600;
	o->max_xfer_time = 120 * 60;
	o->max_xfer_idle = 60 * 60;
	o->request_ixfr = true;
	c->transfers_in = 10;
	c->verify_interval = 300;
	c->verify_timeout = 60;
	for (d = zs_conf_strtab; d < zs_conf_strtab + S_NSTROPT; d++)
		if (d->def != NULL &&
		    (*str_slot(c, d) = strdup(d->def)) == NULL)
			goto nomem;
	if ((o->reload_argv = zs_argv_dup(reload)) == NULL ||
	    (c->reload_all_argv = zs_argv_dup(reload_all)) == NULL ||
	    (c->reconfig_argv = zs_argv_dup(reconfig)) == NULL)
		goto nomem;
	return c;
nomem:
	zs_conf_free(c);
	return NULL;
}

/*
 * Parse and resolve what lx reads, then free lx.  name (file or string
 * name) heads the message for ZS_ENOMEM, which the lexer cannot write.
 */
static int
run(struct zs_lex *lx, const char *name, char *errbuf, size_t errlen,
    struct zs_conf **out)
{
	struct parser p = { 0 };
	size_t i;
	int ret;

	p.lx = lx;
	if ((p.conf = conf_new()) == NULL) {
		ret = ZS_ENOMEM;
		goto out;
	}
	if ((ret = parse_top(&p)) != 0 || (ret = resolve(&p)) != 0)
		goto out;
	*out = p.conf;
	p.conf = NULL;
out:
	for (i = 0; i < p.nlists; i++)
		plist_clear(&p.lists[i]);
	free(p.lists);
	for (i = 0; i < p.nzraw; i++) {
		plist_clear(&p.zraw[i].prim);
		free(p.zraw[i].file);
	}
	free(p.zraw);
	for (i = 0; i < p.ncatraw; i++) {
		plist_clear(&p.catraw[i].prim);
		free(p.catraw[i].gset);
		free(p.catraw[i].gloc);
	}
	free(p.catraw);
	free(p.keyloc);
	free(p.rndc_key);
	zs_conf_free(p.conf);
	if (ret == ZS_ENOMEM && errlen > 0)
		snprintf(errbuf, errlen, "%s: out of memory", name);
	zs_lex_free(lx);
	return ret;
}

const char *
zs_conf_zone_body(const struct zs_conf *c, const struct zs_conf_zone *z)
{
	return z->named_body != NULL ? z->named_body : c->named_body;
}

int
zs_conf_load(const char *path, struct zs_conf **out, char *errbuf,
    size_t errlen)
{
	struct zs_lex *lx;
	int ret;

	if ((ret = zs_lex_open_file(path, errbuf, errlen, &lx)) != 0)
		return ret;
	return run(lx, path, errbuf, errlen, out);
}

int
zs_conf_parse_string(const char *text, const char *name,
    struct zs_conf **out, char *errbuf, size_t errlen)
{
	struct zs_lex *lx;
	int ret;

	if ((ret = zs_lex_open_string(text, name, errbuf, errlen, &lx)) != 0)
		return ret;
	return run(lx, name, errbuf, errlen, out);
}

