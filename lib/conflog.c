/*
 * conflog.c - parser of agent.conf's logging statement (channels and
 * categories in BIND's grammar); conf.c calls it, confprint.c prints it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "confint.h"
#include "conflog.h"
#include "conftok.h"
#include "err.h"

#define MAXCHANNELS	256

static const char *const cat_names[ZS_LOG_NCAT] = {
	[ZS_LOG_CAT_DEFAULT] = "default",
	[ZS_LOG_CAT_GENERAL] = "general",
	[ZS_LOG_CAT_CONFIG] = "config",
	[ZS_LOG_CAT_XFER_IN] = "xfer-in",
	[ZS_LOG_CAT_NOTIFY] = "notify",
};

static const char *const sev_names[] = {
	[ZS_LOG_SEV_CRITICAL] = "critical",
	[ZS_LOG_SEV_ERROR] = "error",
	[ZS_LOG_SEV_WARNING] = "warning",
	[ZS_LOG_SEV_NOTICE] = "notice",
	[ZS_LOG_SEV_INFO] = "info",
	[ZS_LOG_SEV_DEBUG] = "debug",
	[ZS_LOG_SEV_DYNAMIC] = "dynamic",
};

/* A category line as written, resolved once every channel is known. */
struct catref {
	struct zs_tok tok;	/* the channel name */
	enum zs_log_cat cat;
};

struct lparser {
	struct zs_lex *lx;
	struct zs_conf_logging *lg;
	struct catref *refs;
	size_t nrefs;
};

const char *
zs_conflog_cat_name(enum zs_log_cat cat)
{
	if ((unsigned)cat >= ZS_LOG_NCAT)
		return "?";
	return cat_names[cat];
}

const char *
zs_conflog_sev_name(int sev)
{
	if (sev < ZS_LOG_SEV_CRITICAL || sev > ZS_LOG_SEV_DYNAMIC)
		return "?";
	return sev_names[sev];
}

static void
channel_clear(struct zs_conf_channel *ch)
{
	free(ch->name);
	free(ch->path);
	free(ch->facility);
}

void
zs_conflog_free(struct zs_conf_logging *lg)
{
	size_t i;

	if (lg == NULL)
		return;
	for (i = 0; i < lg->nchannels; i++)
		channel_clear(&lg->channels[i]);
	free(lg->channels);
	for (i = 0; i < ZS_LOG_NCAT; i++)
		free(lg->cat[i].chans);
	free(lg);
}

/* Append a channel named name with BIND's defaults for a new channel. */
static struct zs_conf_channel *
add_channel(struct zs_conf_logging *lg, const char *name, size_t len)
{
	struct zs_conf_channel *ch;

	if (zs_conf_grow(&lg->channels, lg->nchannels, sizeof(*lg->channels)) != 0)
		return NULL;
	ch = &lg->channels[lg->nchannels];
	if ((ch->name = strndup(name, len)) == NULL)
		return NULL;
	lg->nchannels++;
	ch->dest = ZS_LOG_NULL;
	ch->versions = ZS_LOG_VERSIONS_NONE;
	ch->severity = ZS_LOG_SEV_INFO;
	return ch;
}

struct zs_conf_logging *
zs_conflog_new(void)
{
	struct zs_conf_logging *lg;
	struct zs_conf_channel *ch;
	size_t i;

	if ((lg = calloc(1, sizeof(*lg))) == NULL)
		return NULL;
	if ((ch = add_channel(lg, "default_syslog", 14)) == NULL)
		goto fail;
	ch->dest = ZS_LOG_SYSLOG;
	if ((ch = add_channel(lg, "default_stderr", 14)) == NULL)
		goto fail;
	ch->dest = ZS_LOG_STDERR;
	ch->severity = ZS_LOG_SEV_DYNAMIC;
	/* What zonesyncd printed on stderr before there were channels. */
	ch->print_time = ch->print_severity = true;
	if ((ch = add_channel(lg, "null", 4)) == NULL)
		goto fail;
	if ((ch = add_channel(lg, "default_logfile", 15)) == NULL)
		goto fail;
	ch->dest = ZS_LOG_FILE;
	ch->severity = ZS_LOG_SEV_DYNAMIC;
	if ((ch->path = strdup("zonesyncd.log")) == NULL)
		goto fail;
	for (i = 0; i < ZS_LOG_NPREDEF; i++)
		lg->channels[i].predefined = true;
	return lg;
fail:
	zs_conflog_free(lg);
	return NULL;
}

static const char *
desc(const struct zs_tok *t, char *buf, size_t len)
{
	return zs_tok_desc(t, buf, len);
}

static int
expect(struct lparser *p, enum zs_tok_type type, const char *what)
{
	return zs_lex_expect(p->lx, type, what);
}

static int
get_str(struct lparser *p, struct zs_tok *t, const char *what)
{
	return zs_lex_want_str(p->lx, t, what);
}

/* Next element of a block: 1 with a word or string in *t, 0 at "}". */
static int
body_next(struct lparser *p, struct zs_tok *t, const char *in)
{
	char b[64];
	int ret;

	if ((ret = zs_lex_next(p->lx, t)) != 0)
		return ret;
	if (t->type == ZS_TOK_RBRACE)
		return 0;
	if (t->type == ZS_TOK_WORD || t->type == ZS_TOK_STRING)
		return 1;
	return zs_lex_error(p->lx, &t->loc, "expected an option or \"}\" in "
	    "%s but found %s", in, desc(t, b, sizeof(b)));
}

static int
get_bool(struct lparser *p, bool *out)
{
	char b[64];
	static const char *const yes[] = { "yes", "true", "1" };
	static const char *const no[] = { "no", "false", "0" };
	struct zs_tok t;
	size_t i;
	int ret;

	if ((ret = get_str(p, &t, "yes or no")) != 0)
		return ret;
	for (i = 0; i < 3; i++) {
		if (zs_tok_is(&t, yes[i])) {
			*out = true;
			return 0;
		}
		if (zs_tok_is(&t, no[i])) {
			*out = false;
			return 0;
		}
	}
	return zs_lex_error(p->lx, &t.loc, "expected yes or no but found %s",
	    desc(&t, b, sizeof(b)));
}

static struct zs_conf_channel *
find_channel(struct zs_conf_logging *lg, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < lg->nchannels; i++)
		if (strlen(lg->channels[i].name) == len &&
		    strncasecmp(lg->channels[i].name, s, len) == 0)
			return &lg->channels[i];
	return NULL;
}

/* file "PATH" [versions N|unlimited] [size SIZE] */
static int
parse_file(struct lparser *p, struct zs_conf_channel *ch)
{
	char b[64];
	struct zs_tok t, v;
	uint64_t x;
	int ret;

	if ((ret = get_str(p, &t, "a file name")) != 0)
		return ret;
	if (t.len == 0 || memchr(t.text, '\0', t.len) != NULL)
		return zs_lex_error(p->lx, &t.loc, "file must not be empty");
	free(ch->path);
	if ((ch->path = zs_tok_strdup(&t)) == NULL)
		return ZS_ENOMEM;
	for (;;) {
		if ((ret = zs_lex_peek(p->lx, &t)) != 0)
			return ret;
		if (zs_tok_is(&t, "versions")) {
			(void)zs_lex_next(p->lx, &t);
			if ((ret = get_str(p, &v, "a number of versions")) != 0)
				return ret;
			if (zs_tok_is(&v, "unlimited"))
				ch->versions = ZS_LOG_VERSIONS_UNLIMITED;
			else if (zs_parse_u64(v.text, v.len,
			    ZS_LOG_MAXVERSIONS, &x) == 0)
				ch->versions = (int)x;
			else
				return zs_lex_error(p->lx, &v.loc, "bad versions "
				    "%s (expected 0 to %d or unlimited)",
				    desc(&v, b, sizeof(b)), ZS_LOG_MAXVERSIONS);
		} else if (zs_tok_is(&t, "size")) {
			(void)zs_lex_next(p->lx, &t);
			if ((ret = get_str(p, &v, "a size")) != 0)
				return ret;
			if (zs_parse_size(v.text, v.len, UINT64_C(1) << 50,
			    &x) != 0)
				return zs_lex_error(p->lx, &v.loc, "bad size "
				    "%s", desc(&v, b, sizeof(b)));
			ch->size = x;
		} else
			return 0;
	}
}

/* critical|error|warning|notice|info|debug [N]|dynamic */
static int
parse_severity(struct lparser *p, struct zs_conf_channel *ch)
{
	char b[64];
	struct zs_tok t, n;
	uint64_t x;
	int sev, ret;

	if ((ret = get_str(p, &t, "a severity")) != 0)
		return ret;
	for (sev = ZS_LOG_SEV_CRITICAL; sev <= ZS_LOG_SEV_DYNAMIC; sev++)
		if (zs_tok_is(&t, sev_names[sev]))
			break;
	if (sev > ZS_LOG_SEV_DYNAMIC)
		return zs_lex_error(p->lx, &t.loc, "unknown severity %s "
		    "(expected critical, error, warning, notice, info, "
		    "debug [N] or dynamic)", desc(&t, b, sizeof(b)));
	ch->severity = sev;
	ch->debug_level = 0;
	if (sev != ZS_LOG_SEV_DEBUG)
		return 0;
	/* BIND: "debug" alone is debug level 1. */
	ch->debug_level = 1;
	if ((ret = zs_lex_peek(p->lx, &n)) != 0)
		return ret;
	if (n.type != ZS_TOK_WORD)
		return 0;
	(void)zs_lex_next(p->lx, &n);
	if (zs_parse_u64(n.text, n.len, ZS_LOG_MAXDEBUG, &x) != 0)
		return zs_lex_error(p->lx, &n.loc, "bad debug level %s "
		    "(expected 0 to %d)", desc(&n, b, sizeof(b)),
		    ZS_LOG_MAXDEBUG);
	ch->debug_level = (unsigned)x;
	return 0;
}

static int
parse_channel(struct lparser *p)
{
	char b[64];
	struct zs_conf_channel *ch;
	struct zs_tok name, t, f;
	bool have_dest = false;
	int ret;

	if ((ret = get_str(p, &name, "a channel name")) != 0)
		return ret;
	if (name.len == 0 || memchr(name.text, '\0', name.len) != NULL)
		return zs_lex_error(p->lx, &name.loc, "channel name must not be "
		    "empty");
	if ((ch = find_channel(p->lg, name.text, name.len)) != NULL)
		return zs_lex_error(p->lx, &name.loc, ch->predefined ?
		    "channel %s is predefined" : "channel %s defined twice",
		    desc(&name, b, sizeof(b)));
	if (p->lg->nchannels >= MAXCHANNELS)
		return zs_lex_error(p->lx, &name.loc, "too many channels");
	if ((ch = add_channel(p->lg, name.text, name.len)) == NULL)
		return ZS_ENOMEM;
	if ((ret = expect(p, ZS_TOK_LBRACE, "\"{\"")) != 0)
		return ret;
	while ((ret = body_next(p, &t, "channel")) == 1) {
		bool dest = zs_tok_is(&t, "file") || zs_tok_is(&t, "syslog") ||
		    zs_tok_is(&t, "stderr") || zs_tok_is(&t, "null");

		if (dest && have_dest)
			return zs_lex_error(p->lx, &t.loc, "channel \"%s\" has "
			    "more than one destination", ch->name);
		if (dest)
			have_dest = true;
		ret = 0;
		if (zs_tok_is(&t, "file")) {
			ch->dest = ZS_LOG_FILE;
			ret = parse_file(p, ch);
		} else if (zs_tok_is(&t, "syslog")) {
			ch->dest = ZS_LOG_SYSLOG;
			if ((ret = zs_lex_peek(p->lx, &f)) != 0)
				return ret;
			if (f.type == ZS_TOK_WORD ||
			    f.type == ZS_TOK_STRING) {
				(void)zs_lex_next(p->lx, &f);
				if ((ch->facility = zs_tok_strdup(&f)) == NULL)
					return ZS_ENOMEM;
				if (!zs_conf_facility_ok(ch->facility))
					return zs_lex_error(p->lx, &f.loc,
					    "unknown syslog facility \"%s\"",
					    ch->facility);
			}
		} else if (zs_tok_is(&t, "stderr"))
			ch->dest = ZS_LOG_STDERR;
		else if (zs_tok_is(&t, "null"))
			ch->dest = ZS_LOG_NULL;
		else if (zs_tok_is(&t, "severity"))
			ret = parse_severity(p, ch);
		else if (zs_tok_is(&t, "print-time"))
			ret = get_bool(p, &ch->print_time);
		else if (zs_tok_is(&t, "print-severity"))
			ret = get_bool(p, &ch->print_severity);
		else if (zs_tok_is(&t, "print-category"))
			ret = get_bool(p, &ch->print_category);
		else
			return zs_lex_error(p->lx, &t.loc, "unknown option "
			    "%s in channel", desc(&t, b, sizeof(b)));
		if (ret != 0)
			return ret;
		if ((ret = expect(p, ZS_TOK_SEMI, "\";\"")) != 0)
			return ret;
	}
	if (ret != 0)
		return ret;
	if (!have_dest)
		return zs_lex_error(p->lx, &name.loc, "channel \"%s\" needs a "
		    "destination (file, syslog, stderr or null)", ch->name);
	return expect(p, ZS_TOK_SEMI, "\";\"");
}

static int
parse_category(struct lparser *p)
{
	char b[64];
	struct zs_tok name, t;
	enum zs_log_cat cat;
	int ret;

	if ((ret = get_str(p, &name, "a category name")) != 0)
		return ret;
	for (cat = 0; cat < ZS_LOG_NCAT; cat++)
		if (zs_tok_is(&name, cat_names[cat]))
			break;
	if (cat == ZS_LOG_NCAT)
		return zs_lex_error(p->lx, &name.loc, "unknown category "
		    "%s (expected default, general, config, xfer-in or "
		    "notify)", desc(&name, b, sizeof(b)));
	if (p->lg->cat[cat].given)
		return zs_lex_error(p->lx, &name.loc, "category %s given twice",
		    cat_names[cat]);
	p->lg->cat[cat].given = true;
	if ((ret = expect(p, ZS_TOK_LBRACE, "\"{\"")) != 0)
		return ret;
	while ((ret = body_next(p, &t, "category")) == 1) {
		if (p->nrefs >= MAXCHANNELS * ZS_LOG_NCAT)
			return zs_lex_error(p->lx, &t.loc, "too many channels "
			    "in categories");
		if ((ret = zs_conf_grow(&p->refs, p->nrefs, sizeof(*p->refs))) != 0)
			return ret;
		p->refs[p->nrefs].tok = t;
		p->refs[p->nrefs++].cat = cat;
		if ((ret = expect(p, ZS_TOK_SEMI, "\";\"")) != 0)
			return ret;
	}
	if (ret != 0)
		return ret;
	return expect(p, ZS_TOK_SEMI, "\";\"");
}

/* Categories may name channels defined further down, as in BIND. */
static int
resolve(struct lparser *p)
{
	char b[64];
	struct zs_conf_logging *lg = p->lg;
	size_t i, j;

	for (i = 0; i < p->nrefs; i++) {
		const struct zs_tok *t = &p->refs[i].tok;
		struct zs_conf_category *c = &lg->cat[p->refs[i].cat];
		const struct zs_conf_channel *ch;
		size_t idx;

		if ((ch = find_channel(lg, t->text, t->len)) == NULL)
			return zs_lex_error(p->lx, &t->loc, "unknown channel "
			    "%s", desc(t, b, sizeof(b)));
		idx = (size_t)(ch - lg->channels);
		for (j = 0; j < c->nchans; j++)
			if (c->chans[j] == idx)
				break;
		if (j < c->nchans)
			continue;	/* named twice: log once */
		if (zs_conf_grow(&c->chans, c->nchans, sizeof(*c->chans)) != 0)
			return ZS_ENOMEM;
		c->chans[c->nchans++] = idx;
	}
	return 0;
}

int
zs_conflog_parse(struct zs_lex *lx, const struct zs_tok *kw,
    struct zs_conf_logging **lg)
{
	char b[64];
	struct lparser p = { 0 };
	struct zs_tok t;
	int ret;

	if (*lg != NULL)
		return zs_lex_error(lx, &kw->loc, "logging given twice");
	if ((*lg = zs_conflog_new()) == NULL)
		return ZS_ENOMEM;
	p.lx = lx;
	p.lg = *lg;
	if ((ret = expect(&p, ZS_TOK_LBRACE, "\"{\"")) != 0)
		goto out;
	while ((ret = body_next(&p, &t, "logging")) == 1) {
		if (zs_tok_is(&t, "channel"))
			ret = parse_channel(&p);
		else if (zs_tok_is(&t, "category"))
			ret = parse_category(&p);
		else
			ret = zs_lex_error(lx, &t.loc, "unknown option %s "
			    "in logging (expected channel or category)",
			    desc(&t, b, sizeof(b)));
		if (ret != 0)
			goto out;
	}
	if (ret != 0)
		goto out;
	if ((ret = resolve(&p)) != 0)
		goto out;
	ret = expect(&p, ZS_TOK_SEMI, "\";\"");
out:
	free(p.refs);
	return ret;
}
