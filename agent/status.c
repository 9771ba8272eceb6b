/*
 * status.c - status JSON (jansson), its summary line and its table.
 *
 * The JSON fields are documented in the README; keep them in step.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "err.h"
#include "event.h"
#include "catz.h"
#include "include.h"
#include "log.h"
#include "zones.h"
#include "status.h"

static json_t *
json_time(time_t t)
{
	char buf[32];
	struct tm tm;

	if (t == 0 || gmtime_r(&t, &tm) == NULL)
		return json_null();
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

static json_t *
json_serial(bool have, uint32_t v)
{
	return have ? json_integer((json_int_t)v) : json_null();
}

static void
add_zone(const struct zone_status *s, void *arg)
{
	const char *cat;
	json_t *zones = arg, *z, *x;

	z = json_object();
	json_object_set_new(z, "zone", json_string(s->name));
	json_object_set_new(z, "file", json_string(s->file));
	json_object_set_new(z, "state", json_string(zstate_name(s->state)));
	json_object_set_new(z, "origin", json_string(s->origin != NULL ?
	    s->origin : ZONES_ORIGIN_CONF));
	json_object_set_new(z, "in_named", json_boolean(s->in_named));
	/* Members run with the origin "catalog NAME" (agent/catz.c). */
	cat = s->origin != NULL && strncmp(s->origin, "catalog ", 8) == 0 ?
	    s->origin + 8 : NULL;
	json_object_set_new(z, "catalog", cat != NULL ? json_string(cat) :
	    json_null());
	json_object_set_new(z, "local_serial",
	    json_serial(s->have_local, s->local_serial));
	json_object_set_new(z, "primary_serial",
	    json_serial(s->have_primary, s->primary_serial));
	json_object_set_new(z, "primary", s->primary[0] != '\0' ?
	    json_string(s->primary) : json_null());
	json_object_set_new(z, "served_serial",
	    json_serial(s->have_served, s->served_serial));
	json_object_set_new(z, "served_checked", json_time(s->served_checked));
	json_object_set_new(z, "last_check", json_time(s->last_check));
	json_object_set_new(z, "last_success", json_time(s->last_ok));
	json_object_set_new(z, "next_check", json_time(s->next_check));
	json_object_set_new(z, "failures", json_integer(s->failures));
	json_object_set_new(z, "last_error", s->last_error[0] != '\0' ?
	    json_string(s->last_error) : json_null());
	if (s->last_xfer != 0) {
		x = json_object();
		json_object_set_new(x, "time", json_time(s->last_xfer));
		json_object_set_new(x, "serial",
		    json_integer(s->last_xfer_serial));
		json_object_set_new(x, "records",
		    json_integer((json_int_t)s->last_xfer_records));
		json_object_set_new(x, "bytes",
		    json_integer((json_int_t)s->last_xfer_bytes));
		json_object_set_new(x, "seconds",
		    json_real(zs_event_round_ms(s->last_xfer_secs)));
		json_object_set_new(x, "kind", json_string(
		    s->last_xfer_kind[0] != '\0' ? s->last_xfer_kind : "axfr"));
		json_object_set_new(x, "why", s->last_xfer_why[0] != '\0' ?
		    json_string(s->last_xfer_why) : json_null());
		json_object_set_new(x, "deltas",
		    json_integer((json_int_t)s->last_xfer_deltas));
		json_object_set_new(z, "last_transfer", x);
	} else
		json_object_set_new(z, "last_transfer", json_null());
	json_object_set_new(z, "transfers_ok",
	    json_integer((json_int_t)s->xfers_ok));
	json_object_set_new(z, "transfers_failed",
	    json_integer((json_int_t)s->xfers_failed));
	json_object_set_new(z, "transfers_ixfr",
	    json_integer((json_int_t)s->xfers_ixfr));
	json_object_set_new(z, "ixfr_fallbacks",
	    json_integer((json_int_t)s->ixfr_fallbacks));
	json_array_append_new(zones, z);
}

/* jansson's output callback: straight into the temporary file. */
static int
dump_cb(const char *buf, size_t len, void *arg)
{
	return zs_atomicfile_write(arg, buf, len) == 0 ? 0 : -1;
}

static void
add_problem(const char *member, const char *why, void *arg)
{
	json_object_set_new(arg, member, json_string(why));
}

/* One catalog: its member set, and the members it lists but not serves. */
static void
add_catalog(const struct catz_status *s, void *arg)
{
	json_t *c = json_object(), *p = json_object();

	json_object_set_new(c, "catalog", json_string(s->name));
	json_object_set_new(c, "state", json_string(s->state));
	json_object_set_new(c, "serial", json_serial(s->have_serial,
	    s->serial));
	json_object_set_new(c, "members", json_integer((json_int_t)
	    s->members));
	json_object_set_new(c, "last_error", s->error[0] != '\0' ?
	    json_string(s->error) : json_null());
	catz_problems(s->name, add_problem, p);
	json_object_set_new(c, "not_served", p);
	json_array_append_new(arg, c);
}

/* The status document (the caller decrefs it). */
static json_t *
status_doc(void)
{
	struct include_status inc;
	json_t *doc, *zones;

	doc = json_object();
	zones = json_array();
	json_object_set_new(doc, "version", json_integer(1));
	json_object_set_new(doc, "pid", json_integer(getpid()));
	json_object_set_new(doc, "generated", json_time(time(NULL)));
	include_status(&inc);
	if (inc.path != NULL) {
		json_t *ni = json_object();

		json_object_set_new(ni, "file", json_string(inc.path));
		json_object_set_new(ni, "state", json_string(inc.state));
		json_object_set_new(ni, "zones", json_integer((json_int_t)
		    inc.zones));
		json_object_set_new(ni, "last_written",
		    json_time(inc.last_written));
		json_object_set_new(ni, "last_reconfig",
		    json_time(inc.last_reconfig));
		json_object_set_new(ni, "failures",
		    json_integer(inc.failures));
		json_object_set_new(ni, "last_error", inc.error[0] != '\0' ?
		    json_string(inc.error) : json_null());
		json_object_set_new(doc, "named_include", ni);
	}
	zones_foreach(add_zone, zones);
	json_object_set_new(doc, "zones", zones);
	if (zones_conf() != NULL && zones_conf()->ncatalogs > 0) {
		json_t *cats = json_array();

		catz_foreach(add_catalog, cats);
		json_object_set_new(doc, "catalogs", cats);
	}
	return doc;
}

char *
status_text(void)
{
	json_t *doc = status_doc();
	char *text;

	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(9));	/* seconds: "0.046" (lib/event.h) */
	json_decref(doc);
	return text;
}

int
status_write(const char *path)
{
	struct zs_atomicfile af = ZS_ATOMICFILE_INIT;
	json_t *doc = status_doc();
	int ret;

	/* Rewritten on every request: not worth an fsync. */
	if ((ret = zs_atomicfile_open(&af, path, 0644,
	    ZS_ATOMICFILE_NOSYNC)) != 0)
		goto out;
	errno = 0;
	if (json_dump_callback(doc, dump_cb, &af, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(9)) != 0) {
		ret = errno != 0 ? -errno : ZS_ENOMEM;
		goto out;
	}
	if ((ret = zs_atomicfile_write(&af, "\n", 1)) == 0)
		ret = zs_atomicfile_commit(&af);
out:
	zs_atomicfile_abort(&af);
	json_decref(doc);
	if (ret != 0) {
		errno = -ret;
		return -1;
	}
	return 0;
}

struct tally {
	unsigned n[Z_ERROR + 1];
	unsigned total;
};

static void
count(const struct zone_status *s, void *arg)
{
	struct tally *t = arg;

	t->n[s->state]++;
	t->total++;
}

void
status_summary(char *buf, size_t len)
{
	struct tally t;
	const char *sep = ": ";
	size_t off;
	int i;

	memset(&t, 0, sizeof(t));
	zones_foreach(count, &t);
	off = (size_t)snprintf(buf, len, "%u zones", t.total);
	for (i = 0; i <= Z_ERROR && off < len; i++) {
		if (t.n[i] == 0)
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%s%u %s", sep,
		    t.n[i], zstate_name((enum zstate)i));
		sep = ", ";
	}
}

void
status_log_summary(void)
{
	char buf[256];

	status_summary(buf, sizeof(buf));
	log_info("status: %s", buf);
}

static const char *
str_or(json_t *o, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : dflt;
}

static void
serial_col(json_t *o, const char *key, char *buf, size_t len)
{
	json_t *v = json_object_get(o, key);

	if (json_is_integer(v))
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	else
		snprintf(buf, len, "-");
}

/* A time field as the JSON has it (RFC 3339, UTC), or "-". */
static void
when_col(json_t *o, const char *key, char *buf, size_t len)
{
	const char *s = json_string_value(json_object_get(o, key));

	snprintf(buf, len, "%s", s != NULL ? s : "-");
}

int
status_print_table(const char *text, FILE *fp)
{
	json_error_t jerr;
	json_t *doc, *zones, *z;
	size_t i;

	if ((doc = json_loads(text, 0, &jerr)) == NULL)
		return -1;
	zones = json_object_get(doc, "zones");
	if (!json_is_array(zones)) {
		json_decref(doc);
		return -1;
	}
	fprintf(fp, "%-28s %-12s %-10s %-10s %-10s %-20s %-20s %-9s %-20s "
	    "%s\n", "ZONE", "STATE", "SERIAL", "PRIMARY", "SERVED",
	    "LAST CHECK", "LAST TRANSFER", "KIND", "NEXT CHECK",
	    "LAST ERROR");
	json_array_foreach(zones, i, z) {
		char local[16], prim[16], served[16], lc[32], lx[32], nc[32];
		json_t *x = json_object_get(z, "last_transfer");
		const char *kind = json_is_object(x) ? str_or(x, "kind", "-") :
		    "-";
		/* printf pads bytes: the arrow is 3 of them for 1 column */
		int kw = strstr(kind, "\xe2\x86\x92") != NULL ? 11 : 9;

		serial_col(z, "local_serial", local, sizeof(local));
		serial_col(z, "primary_serial", prim, sizeof(prim));
		serial_col(z, "served_serial", served, sizeof(served));
		when_col(z, "last_check", lc, sizeof(lc));
		if (json_is_object(x))
			when_col(x, "time", lx, sizeof(lx));
		else
			snprintf(lx, sizeof(lx), "-");
		when_col(z, "next_check", nc, sizeof(nc));
		fprintf(fp, "%-28s %-12s %-10s %-10s %-10s %-20s %-20s %-*s "
		    "%-20s %s\n", str_or(z, "zone", "?"), str_or(z, "state",
		    "?"), local, prim, served, lc, lx, kw, kind, nc,
		    str_or(z, "last_error", ""));
	}
	if (json_is_object(z = json_object_get(doc, "named_include")))
		fprintf(fp, "named-include %s: %s, %lld zones%s%s\n",
		    str_or(z, "file", "?"), str_or(z, "state", "?"),
		    (long long)json_integer_value(json_object_get(z, "zones")),
		    json_is_string(json_object_get(z, "last_error")) ? "; " :
		    "", str_or(z, "last_error", ""));
	zones = json_object_get(doc, "catalogs");
	if (json_is_array(zones) && json_array_size(zones) > 0)
		fprintf(fp, "\n%-28s %-8s %-10s %-8s %s\n", "CATALOG", "STATE",
		    "SERIAL", "MEMBERS", "LAST ERROR");
	json_array_foreach(zones, i, z) {
		char ser[16];

		serial_col(z, "serial", ser, sizeof(ser));
		fprintf(fp, "%-28s %-8s %-10s %-8lld %s\n", str_or(z, "catalog",
		    "?"), str_or(z, "state", "?"), ser, (long long)
		    json_integer_value(json_object_get(z, "members")),
		    str_or(z, "last_error", ""));
	}
	json_decref(doc);
	return 0;
}
