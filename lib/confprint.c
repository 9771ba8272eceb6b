/*
 * confprint.c - print a loaded config back in the same dialect, for
 * `zonesyncd -n -v` and the golden tests.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "confint.h"
#include "conflog.h"
#include "conf.h"
#include "conftok.h"
#include "encode.h"
#include "event.h"

/*
 * The part of path after directory (what in_dir prefixed), so printing it
 * and reading it back gives the same path; path itself otherwise.
 */
static const char *
rel_to(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (path == NULL || n == 0 || strcmp(dir, ".") == 0 ||
	    strncmp(path, dir, n) != 0)
		return path;
	if (dir[n - 1] == '/')
		return path[n] != '\0' ? path + n : path;
	return path[n] == '/' && path[n + 1] != '\0' ? path + n + 1 : path;
}

/* A conf-language string: quote, and escape what the lexer unescapes. */
static void
put_qstr(struct zs_strbuf *sb, const char *s)
{
	zs_sb_putc(sb, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			zs_sb_putc(sb, '\\');
		zs_sb_putc(sb, *s);
	}
	zs_sb_putc(sb, '"');
}

/*
 * Start the line "<ind>name " and return true; or, when the setting is not
 * set, write the line "<ind>// name not set;" instead and return false.
 */
static bool
opt_begin(struct zs_strbuf *sb, const char *ind, const char *name, bool set)
{
	if (!set) {
		zs_sb_appendf(sb, "%s// %s not set;\n", ind, name);
		return false;
	}
	zs_sb_appendf(sb, "%s%s ", ind, name);
	return true;
}

static void
put_opt_str(struct zs_strbuf *sb, const char *ind, const char *name,
    const char *v)
{
	if (opt_begin(sb, ind, name, v != NULL)) {
		put_qstr(sb, v);
		zs_sb_puts(sb, ";\n");
	}
}

/* A command setting: its argv joined back into one quoted string. */
static void
put_argv(struct zs_strbuf *sb, const char *ind, const char *name,
    char *const *argv)
{
	struct zs_strbuf w = ZS_STRBUF_INIT;
	const char *s;

	if (argv == NULL) {
		put_opt_str(sb, ind, name, NULL);
		return;
	}
	zs_cmd_join(&w, argv);
	if ((s = zs_sb_cstr(&w)) == NULL)
		sb->err = ZS_ENOMEM;
	else
		put_opt_str(sb, ind, name, s);
	zs_sb_free(&w);
}

/* The address alone, without its port. */
static void
put_addr(struct zs_strbuf *sb, const struct zs_addr *addr)
{
	char a[INET6_ADDRSTRLEN];
	const void *src;

	if (addr->ss.ss_family == AF_INET)
		src = &((const struct sockaddr_in *)&addr->ss)->sin_addr;
	else
		src = &((const struct sockaddr_in6 *)&addr->ss)->sin6_addr;
	if (inet_ntop(addr->ss.ss_family, src, a, sizeof(a)) == NULL)
		snprintf(a, sizeof(a), "?");
	zs_sb_puts(sb, a);
}

static void
put_server(struct zs_strbuf *sb, const struct zs_conf_server *s)
{
	put_addr(sb, &s->addr);
	zs_sb_appendf(sb, " port %u", zs_addr_port(&s->addr));
	if (s->key != NULL) {
		zs_sb_puts(sb, " key ");
		put_qstr(sb, s->key->name);
	}
}

/* "\tname ADDR port N [key K];", or a comment when s is NULL (unset). */
static void
put_opt_server(struct zs_strbuf *sb, const char *name,
    const struct zs_conf_server *s)
{
	if (opt_begin(sb, "\t", name, s != NULL)) {
		put_server(sb, s);
		zs_sb_puts(sb, ";\n");
	}
}


/* A list name bare when the lexer reads it back as one word. */
static void
put_name(struct zs_strbuf *sb, const char *name)
{
	const char *s;
	bool bare = (name[0] >= 'a' && name[0] <= 'z') ||
	    (name[0] >= 'A' && name[0] <= 'Z');

	for (s = name; bare && *s != '\0'; s++)
		bare = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		    *s == '.';
	if (bare)
		zs_sb_puts(sb, name);
	else
		put_qstr(sb, name);
}

/*
 * A primaries block as written: "[port N] {" then one element a line,
 * list names kept (ind: the elements' indentation).
 */
static void
put_plist(struct zs_strbuf *sb, const char *ind,
    const struct zs_conf_plist *pl)
{
	size_t i;

	if (pl->port >= 0)
		zs_sb_appendf(sb, "port %d ", pl->port);
	zs_sb_puts(sb, "{\n");
	for (i = 0; i < pl->nelems; i++) {
		const struct zs_conf_pelem *e = &pl->elems[i];

		zs_sb_puts(sb, ind);
		if (e->ref != NULL)
			put_name(sb, e->ref);
		else
			put_addr(sb, &e->addr);
		if (e->port >= 0)
			zs_sb_appendf(sb, " port %d", e->port);
		if (e->key != NULL) {
			zs_sb_puts(sb, " key ");
			put_qstr(sb, e->key);
		}
		zs_sb_puts(sb, ";\n");
	}
}

static void
put_opts(struct zs_strbuf *sb, const char *ind,
    const struct zs_conf_zoneopts *o)
{
	size_t i;

	if (o->reload_argv == NULL)
		zs_sb_appendf(sb, "%s// reload-command not set: reloads go "
		    "to rndc-server;\n", ind);
	else
		put_argv(sb, ind, "reload-command", o->reload_argv);
	put_argv(sb, ind, "check-command", o->check_argv);
	for (i = O_MINREF; i < O_NZONEOPT; i++) {
		const struct zs_zoneopt *d = &zs_conf_opttab[i];
		const char *base = (const char *)o;
		uint64_t v = 0;

		if (d->kind == K_BOOL) {
			bool b;

			memcpy(&b, base + d->off, sizeof(b));
			zs_sb_appendf(sb, "%s%s %s;\n", ind, d->name,
			    b ? "yes" : "no");
			continue;
		}
		if (d->kind == K_ENUM) {
			unsigned x;

			memcpy(&x, base + d->off, sizeof(x));
			zs_sb_appendf(sb, "%s%s %s;\n", ind, d->name,
			    d->names[x]);
			continue;
		}
		if (d->kind == K_DUR) {
			uint32_t x;

			memcpy(&x, base + d->off, sizeof(x));
			v = x;
		} else if (d->kind == K_PCT) {
			unsigned x;

			memcpy(&x, base + d->off, sizeof(x));
			v = x;
		} else
			memcpy(&v, base + d->off, sizeof(v));
		/* Minute options print in BIND's unit when they can. */
		if (d->unit == 60 && v % 60 != 0)
			zs_sb_appendf(sb, "%s%s %llus;\n", ind, d->name,
			    (unsigned long long)v);
		else
			zs_sb_appendf(sb, "%s%s %llu;\n", ind, d->name,
			    (unsigned long long)(v / d->unit));
	}
}

/* catalog-zones, only when given (BIND's layout: one element a line). */
static void
put_catalogs(struct zs_strbuf *sb, const struct zs_conf *c)
{
	size_t i, j;

	if (c->ncatalogs == 0)
		return;
	zs_sb_puts(sb, "\tcatalog-zones {\n");
	for (i = 0; i < c->ncatalogs; i++) {
		const struct zs_conf_catalog *cat = &c->catalogs[i];

		zs_sb_puts(sb, "\t\tzone ");
		put_qstr(sb, cat->name);
		zs_sb_putc(sb, '\n');
		if (cat->has_defprim) {
			zs_sb_puts(sb, "\t\t    default-primaries ");
			put_plist(sb, "\t\t\t", &cat->defprim_raw);
			zs_sb_puts(sb, "\t\t    }\n");
		}
		if (cat->zone_directory != NULL) {
			zs_sb_puts(sb, "\t\t    zone-directory ");
			put_qstr(sb, rel_to(c->directory,
			    cat->zone_directory));
			zs_sb_putc(sb, '\n');
		}
		if (cat->has_min_update)
			zs_sb_appendf(sb, "\t\t    min-update-interval %u\n",
			    cat->min_update_interval);
		for (j = 0; j < cat->ngroups; j++) {
			const struct zs_conf_catgroup *g = &cat->groups[j];

			zs_sb_puts(sb, "\t\t    group ");
			put_qstr(sb, g->name);
			zs_sb_puts(sb, " {\n");
			if (g->named_body != NULL)
				put_opt_str(sb, "\t\t\t", "named-zone-options",
				    g->named_body);
			put_opts(sb, "\t\t\t", &g->opts);
			zs_sb_puts(sb, "\t\t    }\n");
		}
		if (cat->nallow > 0) {
			zs_sb_puts(sb, "\t\t    allow-members {");
			for (j = 0; j < cat->nallow; j++) {
				zs_sb_putc(sb, ' ');
				put_qstr(sb, cat->allow[j]);
				zs_sb_putc(sb, ';');
			}
			zs_sb_puts(sb, " }\n");
		}
		zs_sb_appendf(sb, "\t\t    max-members %llu max-removal-percent "
		    "%u keep-files %s;\n", (unsigned long long)cat->max_members,
		    cat->max_removal_pct, cat->keep_files ? "yes" : "no");
	}
	zs_sb_puts(sb, "\t};\n");
}

static void
put_size(struct zs_strbuf *sb, uint64_t v)
{
	static const char units[] = "gmk";
	int i;

	for (i = 0; i < 3; i++) {
		uint64_t u = UINT64_C(1) << (10 * (3 - i));

		if (v >= u && v % u == 0) {
			zs_sb_appendf(sb, "%llu%c", (unsigned long long)(v / u),
			    units[i]);
			return;
		}
	}
	zs_sb_appendf(sb, "%llu", (unsigned long long)v);
}

/* Only what the config defined: the predefined channels go without. */
static void
put_logging(struct zs_strbuf *sb, const char *dir,
    const struct zs_conf_logging *lg)
{
	size_t i, j;

	zs_sb_puts(sb, "\nlogging {\n");
	for (i = 0; i < lg->nchannels; i++) {
		const struct zs_conf_channel *ch = &lg->channels[i];

		if (ch->predefined)
			continue;
		zs_sb_puts(sb, "\tchannel ");
		put_qstr(sb, ch->name);
		zs_sb_puts(sb, " {\n\t\t");
		switch (ch->dest) {
		case ZS_LOG_FILE:
			zs_sb_puts(sb, "file ");
			put_qstr(sb, rel_to(dir, ch->path));
			if (ch->versions == ZS_LOG_VERSIONS_UNLIMITED)
				zs_sb_puts(sb, " versions unlimited");
			else if (ch->versions >= 0)
				zs_sb_appendf(sb, " versions %d", ch->versions);
			if (ch->size > 0) {
				zs_sb_puts(sb, " size ");
				put_size(sb, ch->size);
			}
			break;
		case ZS_LOG_SYSLOG:
			zs_sb_puts(sb, "syslog");
			if (ch->facility != NULL)
				zs_sb_appendf(sb, " %s", ch->facility);
			break;
		case ZS_LOG_STDERR:
			zs_sb_puts(sb, "stderr");
			break;
		case ZS_LOG_NULL:
			zs_sb_puts(sb, "null");
			break;
		}
		zs_sb_appendf(sb, ";\n\t\tseverity %s",
		    zs_conflog_sev_name(ch->severity));
		if (ch->severity == ZS_LOG_SEV_DEBUG)
			zs_sb_appendf(sb, " %u", ch->debug_level);
		zs_sb_appendf(sb, ";\n\t\tprint-time %s;\n"
		    "\t\tprint-severity %s;\n\t\tprint-category %s;\n\t};\n",
		    ch->print_time ? "yes" : "no",
		    ch->print_severity ? "yes" : "no",
		    ch->print_category ? "yes" : "no");
	}
	for (i = 0; i < ZS_LOG_NCAT; i++) {
		const struct zs_conf_category *c = &lg->cat[i];

		if (!c->given)
			continue;
		zs_sb_appendf(sb, "\tcategory %s {",
		    zs_conflog_cat_name((enum zs_log_cat)i));
		for (j = 0; j < c->nchans; j++) {
			zs_sb_putc(sb, ' ');
			put_qstr(sb, lg->channels[c->chans[j]].name);
			zs_sb_putc(sb, ';');
		}
		zs_sb_puts(sb, " };\n");
	}
	zs_sb_puts(sb, "};\n");
}

int
zs_conf_print(const struct zs_conf *c, struct zs_strbuf *sb, unsigned flags)
{
	size_t i, j;

	zs_sb_puts(sb, "options {\n");
	for (i = 0; i < S_NSTROPT; i++) {
		const struct zs_stropt *d = &zs_conf_strtab[i];
		const char *v = zs_conf_str(c, d);

		put_opt_str(sb, "\t", d->name, d->path ?
		    rel_to(c->directory, v) : v);
	}
	if (c->reload_all_argv == NULL)
		zs_sb_puts(sb, "\t// reload-all-command not set: \"reload\" "
		    "goes to rndc-server;\n");
	else
		put_argv(sb, "\t", "reload-all-command", c->reload_all_argv);
	if (c->reconfig_argv == NULL)
		zs_sb_puts(sb, "\t// reconfig-command not set: \"reconfig\" "
		    "goes to rndc-server;\n");
	else
		put_argv(sb, "\t", "reconfig-command", c->reconfig_argv);
	put_opt_server(sb, "rndc-server", c->has_rndc ? &c->rndc_server :
	    NULL);
	zs_sb_appendf(sb, "\ttransfers-in %u;\n", c->transfers_in);
	put_opt_server(sb, "verify-server", c->has_verify ?
	    &c->verify_server : NULL);
	zs_sb_appendf(sb, "\tverify-interval %u;\n", c->verify_interval);
	zs_sb_appendf(sb, "\tverify-timeout %u;\n", c->verify_timeout);
	if (c->nnotify_listen == 0)
		put_opt_server(sb, "notify-listen", NULL);
	for (i = 0; i < c->nnotify_listen; i++)
		put_opt_server(sb, "notify-listen", &c->notify_listen[i]);
	put_opts(sb, "\t", &c->options);
	put_catalogs(sb, c);
	zs_sb_puts(sb, "};\n");

	for (i = 0; i < c->nkeys; i++) {
		const struct zs_conf_key *k = &c->keys[i];

		zs_sb_puts(sb, "\nkey ");
		put_qstr(sb, k->name);
		zs_sb_appendf(sb, " {\n\talgorithm %s;\n\tsecret \"",
		    zs_tsig_alg_name(k->tsig.alg));
		if (flags & ZS_CONF_PRINT_SECRETS)
			zs_base64_encode(sb, k->secret, k->tsig.secretlen);
		else
			zs_sb_puts(sb, "<redacted>");
		zs_sb_puts(sb, "\";\n};\n");
	}

	for (i = 0; i < c->nwebhooks; i++) {
		const struct zs_conf_webhook *w = &c->webhooks[i];

		zs_sb_puts(sb, "\nwebhook ");
		put_qstr(sb, w->url);
		zs_sb_puts(sb, " {\n\tevents {");
		for (j = ZS_EV_ZONE_UPDATED; j <= ZS_EV_ALL; j <<= 1)
			if (w->events & j)
				zs_sb_appendf(sb, " %s;", zs_event_name(
				    (unsigned)j));
		zs_sb_puts(sb, " };\n");
		for (j = 0; j < w->nheaders; j++) {
			zs_sb_puts(sb, "\theader ");
			put_qstr(sb, w->headers[j]);
			zs_sb_puts(sb, ";\n");
		}
		zs_sb_appendf(sb, "\ttimeout %u;\n};\n", w->timeout);
	}
	if (c->logging != NULL)
		put_logging(sb, c->directory, c->logging);

	for (i = 0; i < c->nlists; i++) {
		zs_sb_puts(sb, "\nprimaries ");
		put_qstr(sb, c->lists[i].name);
		zs_sb_putc(sb, ' ');
		put_plist(sb, "\t", &c->lists[i]);
		zs_sb_puts(sb, "};\n");
	}

	for (i = 0; i < c->npeers; i++) {
		const struct zs_conf_peer *pe = &c->peers[i];

		zs_sb_appendf(sb, "\nserver %s {\n", pe->text);
		if (pe->request_ixfr >= 0)
			zs_sb_appendf(sb, "\trequest-ixfr %s;\n",
			    pe->request_ixfr ? "yes" : "no");
		zs_sb_puts(sb, "};\n");
	}

	for (i = 0; i < c->nzones; i++) {
		const struct zs_conf_zone *z = &c->zones[i];

		zs_sb_puts(sb, "\nzone ");
		put_qstr(sb, z->name);
		zs_sb_puts(sb, " {\n\tfile ");
		put_qstr(sb, rel_to(c->directory, z->file));
		zs_sb_puts(sb, ";\n\tprimaries ");
		put_plist(sb, "\t\t", &z->primaries_raw);
		zs_sb_puts(sb, "\t};\n\t// primaries resolved:");
		for (j = 0; j < z->nprimaries; j++) {
			zs_sb_putc(sb, ' ');
			put_server(sb, &z->primaries[j]);
			if (z->primaries[j].request_ixfr != z->opts.request_ixfr)
				zs_sb_appendf(sb, " (request-ixfr %s: server)",
				    z->primaries[j].request_ixfr ? "yes" : "no");
			zs_sb_putc(sb, ';');
		}
		zs_sb_putc(sb, '\n');
		if (z->nallow_notify > 0) {
			zs_sb_puts(sb, "\tallow-notify {");
			for (j = 0; j < z->nallow_notify; j++)
				zs_sb_appendf(sb, " %s;", z->allow_notify[j]);
			zs_sb_puts(sb, " };\n");
		}
		if (z->named_body != NULL)
			put_opt_str(sb, "\t", "named-zone-options",
			    z->named_body);
		put_opts(sb, "\t", &z->opts);
		zs_sb_puts(sb, "};\n");
	}
	return sb->err;
}
