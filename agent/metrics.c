/*
 * metrics.c - write metrics-file atomically (temporary file + rename), so
 * the textfile collector never reads half a file.  Names and meanings
 * are documented in the README; keep the two in step.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomicfile.h"
#include "catz.h"
#include "log.h"
#include "loop.h"
#include "metrics.h"
#include "notify.h"
#include "zones.h"
#include "soa.h"
#include "strbuf.h"
#include "webhook.h"

#define COALESCE	1.0	/* seconds between writes at most */
#define REFRESH		60.0	/* rewrite at least this often */

static char *path;
static struct loop_timer *timer;
static double last_write;
static time_t started;
static time_t now_wall;

/* Label value escaping of the exposition format: \ " and newline. */
static void
put_label(struct zs_strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			zs_sb_putc(sb, '\\');
		if (*s == '\n') {
			zs_sb_puts(sb, "\\n");
			continue;
		}
		zs_sb_putc(sb, *s);
	}
}

struct family {
	const char *name;
	const char *type;
	const char *help;
};

/* Per-zone families, in output order. */
static const struct family zf[] = {
	{ "zonesync_zone_serial", "gauge",
	    "SOA serial of the zone file installed here" },
	{ "zonesync_zone_primary_serial", "gauge",
	    "SOA serial last seen at a primary" },
	{ "zonesync_zone_served_serial", "gauge",
	    "SOA serial the local named served at the last verify" },
	{ "zonesync_zone_state", "gauge",
	    "1 for the zone's current state (ok, refreshing, transferring, "
	    "retrying, expired, error)" },
	{ "zonesync_zone_consecutive_failures", "gauge",
	    "failed rounds since the last good one" },
	{ "zonesync_zone_last_success_timestamp_seconds", "gauge",
	    "time of the last good SOA answer or transfer" },
	{ "zonesync_zone_seconds_since_last_success", "gauge",
	    "seconds since the last good SOA answer or transfer, as of the "
	    "write" },
	{ "zonesync_zone_last_transfer_timestamp_seconds", "gauge",
	    "time of the last successful transfer" },
	{ "zonesync_zone_seconds_since_last_transfer", "gauge",
	    "seconds since the last successful transfer, as of the write" },
	{ "zonesync_zone_transfers_total", "counter",
	    "successful transfers since start" },
	{ "zonesync_zone_transfer_failures_total", "counter",
	    "failed transfers since start" },
	{ "zonesync_zone_transfer_bytes_total", "counter",
	    "DNS message bytes received in successful transfers" },
	{ "zonesync_zone_transfer_records_total", "counter",
	    "records received in successful transfers" },
	{ "zonesync_zone_last_transfer_records", "gauge",
	    "records in the zone at the last transfer" },
	{ "zonesync_zone_notifies_total", "counter",
	    "NOTIFY messages accepted for the zone" },
	{ "zonesync_zone_ixfr_transfers_total", "counter",
	    "successful transfers applied as IXFR deltas" },
	{ "zonesync_zone_ixfr_fallbacks_total", "counter",
	    "IXFRs that failed and were followed by an AXFR" },
	{ "zonesync_zone_last_transfer_bytes", "gauge",
	    "DNS message bytes of the last transfer" },
	{ "zonesync_zone_last_transfer_deltas", "gauge",
	    "IXFR deltas of the last transfer (0 for a whole zone)" },
	{ "zonesync_zone_last_transfer_kind", "gauge",
	    "1 for the kind of the last transfer (axfr, ixfr, ixfr-axfr: "
	    "an AXFR after a failed IXFR)" },
};
#define NZF (sizeof(zf) / sizeof(zf[0]))
#define KIND_FAM (NZF - 1)	/* zonesync_zone_last_transfer_kind */

struct pass {
	struct zs_strbuf *sb;
	size_t fam;
};

static void
sample(struct zs_strbuf *sb, const char *fam, const struct zone_status *s,
    const char *extra, double v, int is_int)
{
	zs_sb_puts(sb, fam);
	zs_sb_puts(sb, "{zone=\"");
	put_label(sb, s->name);
	zs_sb_putc(sb, '"');
	if (extra != NULL)
		zs_sb_puts(sb, extra);
	zs_sb_puts(sb, "} ");
	if (is_int)
		zs_sb_u64(sb, (uint64_t)v);
	else
		zs_sb_appendf(sb, "%.3f", v);
	zs_sb_putc(sb, '\n');
}

/*
 * The value of family fam (an index into zf[]) for one zone; false when
 * the zone has none yet (no serial, never a success or a transfer).
 */
static bool
zone_value(const struct zone_status *s, size_t fam, double *v)
{
	const double xfer = s->last_xfer != 0 ? (double)s->last_xfer : -1;
	const double ok = s->last_ok != 0 ? (double)s->last_ok : -1;
	const double vals[] = {
		s->have_local ? (double)s->local_serial : -1,
		s->have_primary ? (double)s->primary_serial : -1,
		s->have_served ? (double)s->served_serial : -1,
		1,					/* the state, as a label */
		(double)s->failures,
		ok,
		ok >= 0 ? (double)now_wall - ok : -1,
		xfer,
		xfer >= 0 ? (double)now_wall - xfer : -1,
		(double)s->xfers_ok,
		(double)s->xfers_failed,
		(double)s->xfer_bytes_total,
		(double)s->xfer_records_total,
		xfer >= 0 ? (double)s->last_xfer_records : -1,
		(double)s->notifies,
		(double)s->xfers_ixfr,
		(double)s->ixfr_fallbacks,
		xfer >= 0 ? (double)s->last_xfer_bytes : -1,
		xfer >= 0 ? (double)s->last_xfer_deltas : -1,
		xfer >= 0 ? 1 : -1,			/* the kind, as a label */
	};

	if (fam >= sizeof(vals) / sizeof(vals[0]) || vals[fam] < 0)
		return false;
	*v = vals[fam];
	return true;
}

static void
zone_lines(const struct zone_status *s, void *arg)
{
	struct pass *p = arg;
	char extra[64];
	double v;

	if (!zone_value(s, p->fam, &v))
		return;
	if (p->fam == 3)
		snprintf(extra, sizeof(extra), ",state=\"%s\"",
		    zstate_name(s->state));
	/* Prometheus label values may hold UTF-8, but "-" greps better. */
	if (p->fam == KIND_FAM)
		snprintf(extra, sizeof(extra), ",kind=\"%s\"",
		    strcmp(s->last_xfer_kind, "ixfr") == 0 ? "ixfr" :
		    strncmp(s->last_xfer_kind, "ixfr", 4) == 0 ? "ixfr-axfr" :
		    "axfr");
	sample(p->sb, zf[p->fam].name, s, p->fam == 3 || p->fam == KIND_FAM ?
	    extra : NULL, v, 1);
}

static void
global(struct zs_strbuf *sb, const char *name, const char *type,
    const char *help, unsigned long long v)
{
	zs_sb_appendf(sb, "# HELP %s %s\n# TYPE %s %s\n%s %llu\n", name, help,
	    name, type, name, v);
}

/* Members per catalog (served, and listed but not served). */
static void
catalog_lines(const struct catz_status *s, void *arg)
{
	struct zs_strbuf *sb = arg;

	zs_sb_appendf(sb, "zonesync_catalog_members{catalog=\"%s\","
	    "served=\"yes\"} %zu\n", s->name, s->members);
	zs_sb_appendf(sb, "zonesync_catalog_members{catalog=\"%s\","
	    "served=\"no\"} %zu\n", s->name, s->problems);
}

static void
render(struct zs_strbuf *sb)
{
	struct soa_stats ss;
	struct notify_stats ns;
	struct webhook_stats ws;
	struct pass p;
	size_t i;

	now_wall = time(NULL);
	p.sb = sb;
	for (i = 0; i < NZF; i++) {
		zs_sb_appendf(sb, "# HELP %s %s\n# TYPE %s %s\n", zf[i].name,
		    zf[i].help, zf[i].name, zf[i].type);
		p.fam = i;
		zones_foreach(zone_lines, &p);
	}
	soa_get_stats(&ss);
	notify_get_stats(&ns);
	webhook_get_stats(&ws);
	{
		const struct {
			const char *name, *type, *help;
			unsigned long long v;
		} g[] = {
			{ "zonesync_start_time_seconds", "gauge",
			    "when the agent started",
			    (unsigned long long)started },
			{ "zonesync_soa_queries_total", "counter",
			    "SOA queries sent (polls and verifies)", ss.sent },
			{ "zonesync_soa_timeouts_total", "counter",
			    "SOA queries that got no answer", ss.timeouts },
			{ "zonesync_soa_errors_total", "counter",
			    "SOA queries that failed otherwise", ss.errors },
			{ "zonesync_notify_received_total", "counter",
			    "NOTIFY messages received", ns.received },
			{ "zonesync_notify_refused_total", "counter",
			    "NOTIFY messages refused (source or zone)",
			    ns.refused + ns.unknown_zone },
			{ "zonesync_webhook_delivered_total", "counter",
			    "webhook events delivered", ws.delivered },
			{ "zonesync_webhook_failed_total", "counter",
			    "webhook events given up after retries", ws.failed },
			{ "zonesync_webhook_dropped_total", "counter",
			    "webhook events dropped because a queue was full",
			    ws.dropped },
		};

		for (i = 0; i < sizeof(g) / sizeof(g[0]); i++)
			global(sb, g[i].name, g[i].type, g[i].help, g[i].v);
	}
	if (zones_conf() != NULL && zones_conf()->ncatalogs > 0) {
		zs_sb_puts(sb, "# HELP zonesync_catalog_members zones a "
		    "catalog lists\n# TYPE zonesync_catalog_members gauge\n");
		catz_foreach(catalog_lines, sb);
	}
}

static int
write_file(void)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	struct zs_atomicfile af = ZS_ATOMICFILE_INIT;
	int ret;

	render(&sb);
	/* Rewritten every REFRESH seconds: not worth an fsync. */
	if ((ret = sb.err) == 0 &&
	    (ret = zs_atomicfile_open(&af, path, 0644,
	    ZS_ATOMICFILE_NOSYNC)) == 0 &&
	    (ret = zs_atomicfile_write(&af, sb.buf, sb.len)) == 0)
		ret = zs_atomicfile_commit(&af);
	zs_atomicfile_abort(&af);
	zs_sb_free(&sb);
	if (ret != 0) {
		errno = -ret;
		return -1;
	}
	return 0;
}

static void
on_timer(void *arg)
{
	(void)arg;
	if (path == NULL)
		return;
	if (write_file() != 0)
		log_warn("metrics-file %s", path);
	last_write = loop_now();
	loop_timer_in(timer, REFRESH);
}

void
metrics_configure(const char *p)
{
	if (started == 0)
		started = time(NULL);
	free(path);
	path = p != NULL ? strdup(p) : NULL;
	if (timer == NULL && (timer = loop_timer_new(on_timer, NULL)) == NULL)
		fatalx("out of memory");
	if (path == NULL)
		loop_timer_cancel(timer);
	else
		metrics_touch();
}

void
metrics_touch(void)
{
	double due;

	if (path == NULL)
		return;
	due = last_write + COALESCE;
	if (due < loop_now())
		due = loop_now();
	/* Only ever bring the write forward. */
	if (!loop_timer_armed(timer) || due < loop_timer_when(timer))
		loop_timer_at(timer, due);
}

void
metrics_flush(void)
{
	if (path != NULL && write_file() != 0)
		log_warn("metrics-file %s", path);
}
