/*
 * sched.c - the secondary's refresh cycle for every zone.
 *
 *   IDLE --timer/refresh--> SOA(primary i) --newer or forced--> XFR_WAIT
 *    ^                       |   | error: i+1                     |
 *    |              same or  |   v                 transfers-in slot
 *    |              older    | all failed: retry                  v
 *    |                       v                                   XFR
 *    +---------------- round end <-- error: next primary ------- |
 *    ^                                                            v
 *    |                      check-command refuses: keep old    CHECK
 *    |                                                            v
 *    +---- VERIFY <---- RELOAD (coalesced) <------------------ INSTALL
 *
 * Timing follows a BIND secondary (RFC 1034 4.3.5, RFC 1996): the SOA
 * refresh interval after a good round, the retry interval after a failed
 * one (backing off up to 8x), clamped by min/max-*-time, and the refresh
 * jittered down by up to a quarter so thousands of zones do not fire
 * together.  named never expires a `type primary` zone, so expiry is
 * reported here: state "expired"; the file is kept and named keeps
 * serving it (a documented choice).
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "agent.h"
#include "events.h"
#include "log.h"
#include "loop.h"
#include "reload.h"
#include "sched.h"
#include "serial.h"
#include "soa.h"
#include "timing.h"
#include "proc.h"
#include "xfrin.h"
#include "zonefile.h"

#define SOA_TIMEOUT	4.0	/* seconds per primary, all tries */
#define SOA_TRIES	4	/* the first waits 4/15 s, then doubles */
#define CHECK_TIMEOUT	600.0
#define RELOAD_TRIES	3	/* runs of reload-command before an error */
#define RELOAD_AGAIN	1.0	/* seconds between them */
#define VERIFY_FOR	60.0	/* keep asking named this long */
#define START_STAGGER	10e-6	/* first rounds this far apart: 10,000
				 * zones start over 0.1 s */
#define AGAIN_SPACING	0.5	/* queued re-checks start this long after
				 * the previous round began, so a NOTIFY
				 * flood costs a few SOA queries, not one
				 * per round trip */

enum phase { P_IDLE, P_SOA, P_XFR_WAIT, P_XFR, P_CHECK, P_RELOAD,
    P_VERIFY };

struct zone {
	struct zone *next;		/* config order */
	struct zone *xq_next;		/* transfer queue */
	const struct zs_conf_zone *cz;	/* owned by the running config */
	char *name;
	enum zstate state;
	enum phase phase;
	int pending;			/* callbacks outstanding */
	bool removed;			/* free when pending reaches 0 */
	bool force;			/* transfer even if not newer */
	bool again;			/* refresh asked during a round */
	bool reload_pending;		/* installed, named not confirmed */
	bool round_done;		/* --once bookkeeping */
	size_t try_idx;			/* primary tried in this round */
	struct loop_timer *timer;	/* next round */
	struct loop_timer *xtimer;	/* transfer and verify deadlines */
	struct xfrin *xfr;
	char *replaced;			/* link holding the old file's blocks */
	int xfd;
	double xfr_start, xfr_activity;
	double verify_until, verify_wait;
	double reload_start;		/* the reload-command's first try */
	/* SOA timers of the local copy, then of the primary's answers. */
	bool have_timers;
	uint32_t refresh, retry, expire;
	uint64_t local_records;		/* records in the installed file */
	double last_ok_mono;
	double round_started;
	struct zone_status st;
	char err[512];
	bool err_logged;		/* err already went to the log */
	bool matched;			/* sched_reconfigure bookkeeping */
	bool info_loaded;		/* the installed file was looked at */
	unsigned reload_tries;		/* failed reloads in a row */
};

static struct zs_conf *conf;
static struct zone *zones, *zones_tail;
static struct zone *xq_head, *xq_tail;
static unsigned xfers_running;
static bool once_mode;
static size_t once_left;
static int once_failed;

/*
 * Zones by name: an open-addressing hash on the lower-case wire name, so
 * NOTIFY, refresh and SIGHUP find a zone among thousands at once.
 */
static struct zone **ztab;
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
index_build(struct zone **v, size_t n)
{
	size_t size = 16, i;

	while (size < 2 * n)
		size *= 2;
	free(ztab);
	if ((ztab = calloc(size, sizeof(*ztab))) == NULL)
		fatalx("out of memory");
	ztab_size = size;
	for (i = 0; i < n; i++) {
		size_t h = wire_hash(v[i]->cz->wire, v[i]->cz->wirelen) &
		    (size - 1);

		while (ztab[h] != NULL)
			h = (h + 1) & (size - 1);
		ztab[h] = v[i];
	}
}

/* The zone called wire (any case), or NULL. */
static struct zone *
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

/* The current zone list as an array (for index_build). */
static struct zone **
zone_vector(size_t *n)
{
	struct zone *z, **v;
	size_t i = 0;

	*n = 0;
	for (z = zones; z != NULL; z = z->next)
		(*n)++;
	if ((v = calloc(*n + 1, sizeof(*v))) == NULL)
		fatalx("out of memory");
	for (z = zones; z != NULL; z = z->next)
		v[i++] = z;
	return v;
}

static void
index_zones(void)
{
	size_t n;
	struct zone **v = zone_vector(&n);

	index_build(v, n);
	free(v);
}

static void round_start(struct zone *z);
static void soa_next(struct zone *z);
static void xq_kick(void);
static void do_reload(struct zone *z);
static void verify_query(struct zone *z);
static void release_replaced(struct zone *z);

const char *
zstate_name(enum zstate s)
{
	static const char *const names[] = { "ok", "refreshing",
	    "transferring", "retrying", "expired", "error" };

	return names[s];
}

const struct zs_conf *
sched_conf(void)
{
	return conf;
}

int
sched_once_status(void)
{
	return once_failed ? 1 : 0;
}

static time_t
wall_at(double mono)
{
	return time(NULL) + (time_t)(mono - loop_now());
}

/*
 * Uniform in [0, 1), for the refresh jitter, which needs spread, not
 * secrecy: xorshift64* seeded once.  glibc 2.36's arc4random() makes a
 * getrandom() system call every time, 10,000 of them per sweep.
 */
static double
unit_random(void)
{
	static uint64_t x;

	if (x == 0)
		x = ((uint64_t)arc4random() << 32 | arc4random()) | 1;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	return (double)((x * UINT64_C(2685821657736338717)) >> 11) /
	    9007199254740992.0;	/* 2^53 */
}

static void
set_error(struct zone *z, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_error(struct zone *z, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(z->err, sizeof(z->err), fmt, ap);
	va_end(ap);
	z->err_logged = false;
}

/*
 * A child's output as one line for last_error and the log: its last
 * non-empty lines joined with "; ", control characters dropped.
 */
static const char *
one_line(const char *out, char *buf, size_t len)
{
	size_t o = 0;
	bool sep = false;

	for (; *out != '\0' && o + 3 < len; out++) {
		unsigned char c = (unsigned char)*out;

		if (c == '\n' || c == '\r') {
			sep = o > 0;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			c = ' ';
		if (sep) {
			buf[o++] = ';';
			buf[o++] = ' ';
			sep = false;
		}
		buf[o++] = (char)c;
	}
	buf[o] = '\0';
	return o > 0 ? buf : "no output";
}

/* "serial N" of the installed file, or that there is none yet. */
static const char *
kept_text(const struct zone *z, char *buf, size_t len)
{
	if (!z->st.have_local)
		return "nothing installed yet";
	snprintf(buf, len, "keeping serial %u", z->st.local_serial);
	return buf;
}

/* Log the zone's error once, however many paths report it. */
static void
log_error(struct zone *z)
{
	if (z->err_logged || z->err[0] == '\0')
		return;
	log_warnx("%s: %s", z->name, z->err);
	z->err_logged = true;
}

/* Report an event about z; serials and counts as far as they are known. */
static void
emit(struct zone *z, unsigned type, bool have_new, uint32_t new_serial,
    const struct xfrin_result *r, double secs)
{
	struct zs_event e;

	memset(&e, 0, sizeof(e));
	e.type = type;
	e.zone = z->name;
	e.have_old = z->st.have_local;
	e.old_serial = z->st.local_serial;
	e.have_new = have_new;
	e.new_serial = new_serial;
	e.primary = z->st.primary[0] != '\0' ? z->st.primary : NULL;
	if (r != NULL) {
		e.records = r->records;
		e.bytes = r->bytes;
	}
	e.seconds = secs;
	e.error = z->err[0] != '\0' && type != ZS_EV_ZONE_UPDATED ?
	    z->err : NULL;
	events_emit(&e);
}

static void
zone_free(struct zone *z)
{
	loop_timer_free(z->timer);
	loop_timer_free(z->xtimer);
	xfrin_free(z->xfr);
	release_replaced(z);
	free(z->name);
	free(z);
}

/*
 * Drop the replaced file's last link (see zs_zonefile_install).  Freeing
 * the blocks of a big file takes milliseconds (9 ms at 100k records, 70 ms
 * at a million) in which the loop stands still and the file system is
 * busy, so it waits for the end of the round: with verify-server, until
 * named serves the new serial.  Done before the request, it delayed the
 * request by those 9 ms; done while named loads, named's load of 100k
 * records took 0.312 s instead of 0.300 s (bench, its own log).
 */
static void
release_replaced(struct zone *z)
{
	if (z->replaced == NULL)
		return;
	unlink(z->replaced);
	free(z->replaced);
	z->replaced = NULL;
}

/* A callback came back; true when the zone was removed meanwhile. */
static bool
unpend(struct zone *z)
{
	z->pending--;
	if (!z->removed)
		return false;
	if (z->pending == 0)
		zone_free(z);
	return true;
}

static void
server_addr(const struct zs_conf_server *s, struct zs_addr *a)
{
	*a = s->addr;
}

/* The TSIG key of a configured server as lib/tsig wants it, or NULL. */
static const struct zs_tsig_key *
server_key(const struct zs_conf_server *s)
{
	return s->key != NULL ? &s->key->tsig : NULL;
}

static const char *
primary_text(struct zone *z, char *buf, size_t len)
{
	struct zs_addr a;

	if (z->try_idx >= z->cz->nprimaries)
		return "?";
	server_addr(&z->cz->primaries[z->try_idx], &a);
	return zs_addr_totext(&a, buf, len);
}

/* The round ended; decide when the next one starts. */
static void
round_end(struct zone *z, bool ok)
{
	const struct zs_conf_zoneopts *o = &z->cz->opts;
	double next;

	release_replaced(z);
	z->phase = P_IDLE;
	z->force = false;
	if (ok) {
		z->st.failures = 0;
		if (z->state != Z_ERROR)
			z->err[0] = '\0';
		next = zs_timing_refresh(z->have_timers, z->refresh,
		    o->min_refresh, o->max_refresh, unit_random());
	} else {
		bool was_expired = z->state == Z_EXPIRED;

		log_error(z);
		next = zs_timing_retry(z->have_timers, z->retry,
		    o->min_retry, o->max_retry, z->st.failures);
		z->st.failures++;
		if (z->state != Z_ERROR)
			z->state = Z_RETRYING;
		if (z->state == Z_RETRYING && zs_timing_expired(z->have_timers,
		    z->expire, loop_now() - z->last_ok_mono)) {
			z->state = Z_EXPIRED;
			/* Said once, when it happens, not every retry. */
			if (!was_expired) {
				log_warnx("%s: expired: no good answer from "
				    "any primary for over %u s (SOA expire); "
				    "named keeps serving serial %u", z->name,
				    z->expire, z->st.local_serial);
				emit(z, ZS_EV_ZONE_EXPIRED, false, 0, NULL, 0);
			}
		}
	}
	if (once_mode) {
		if (!z->round_done) {
			z->round_done = true;
			if (!ok || z->state != Z_OK)
				once_failed = 1;
			if (--once_left == 0)
				loop_stop();
		}
		return;
	}
	if (z->again) {
		z->again = false;
		next = z->round_started + AGAIN_SPACING - loop_now();
		if (next < 0)
			next = 0;
	}
	loop_timer_in(z->timer, next);
	z->st.next_check = wall_at(loop_now() + next);
	events_changed();
}

static void
on_timer(void *arg)
{
	round_start(arg);
}

/*
 * What the installed file says, read when the zone's first round starts
 * rather than when it is created: with thousands of zones the reads then
 * overlap the first SOA queries instead of all coming before them.  A
 * restart must not re-transfer what is already here.
 */
static void
load_info(struct zone *z)
{
	struct zs_zonefile_info info;

	z->info_loaded = true;
	if (zs_zonefile_read_info(z->cz->file, &info) != 0)
		return;
	z->st.have_local = true;
	z->st.local_serial = info.serial;
	z->local_records = info.records;
	z->have_timers = true;
	z->refresh = info.refresh;
	z->retry = info.retry;
	z->expire = info.expire;
	log_debug("%s: have serial %u in %s", z->name, info.serial,
	    z->cz->file);
}

static void
round_start(struct zone *z)
{
	if (z->phase != P_IDLE) {
		z->again = true;
		return;
	}
	if (!z->info_loaded)
		load_info(z);
	z->try_idx = 0;
	z->round_started = loop_now();
	if (z->state != Z_EXPIRED && z->state != Z_ERROR)
		z->state = Z_REFRESHING;
	loop_timer_cancel(z->timer);
	soa_next(z);
}

static void on_soa(void *arg, const struct soa_result *r);

/* Ask primary try_idx, or end the round when none is left. */
static void
soa_next(struct zone *z)
{
	struct zs_addr a;
	int ret;

	while (z->try_idx < z->cz->nprimaries) {
		const struct zs_conf_server *p = &z->cz->primaries[z->try_idx];

		z->phase = P_SOA;
		server_addr(p, &a);
		z->pending++;
		ret = soa_query_tsig(&a, z->cz->wire, z->cz->wirelen, 1,
		    server_key(p), SOA_TIMEOUT, SOA_TRIES, on_soa, z);
		if (ret == 0)
			return;
		z->pending--;
		set_error(z, "cannot query the SOA: %s", zs_strerror(ret));
		z->try_idx++;
	}
	round_end(z, false);
}

static void
xfr_queue(struct zone *z)
{
	z->phase = P_XFR_WAIT;
	if (z->state != Z_EXPIRED)
		z->state = Z_TRANSFERRING;
	z->xq_next = NULL;
	if (xq_tail != NULL)
		xq_tail->xq_next = z;
	else
		xq_head = z;
	xq_tail = z;
	xq_kick();
}

static void
on_soa(void *arg, const struct soa_result *r)
{
	struct zone *z = arg;
	char peer[ZS_ADDR_TEXTLEN];

	if (unpend(z))
		return;
	primary_text(z, peer, sizeof(peer));
	z->st.last_check = time(NULL);
	if (r->err != 0) {
		set_error(z, "SOA query to %s failed: %s", peer, r->errtext);
		/* The last failure is logged by round_end. */
		if (z->try_idx + 1 < z->cz->nprimaries)
			log_info("%s: %s; trying the next primary", z->name,
			    z->err);
		z->try_idx++;
		soa_next(z);
		return;
	}
	z->last_ok_mono = loop_now();
	z->st.last_ok = time(NULL);
	z->st.have_primary = true;
	z->st.primary_serial = r->soa.serial;
	snprintf(z->st.primary, sizeof(z->st.primary), "%s", peer);
	z->have_timers = true;
	z->refresh = r->soa.refresh;
	z->retry = r->soa.retry;
	z->expire = r->soa.expire;
	if (z->state == Z_EXPIRED)
		log_info("%s: primary %s answers again", z->name, peer);
	if (z->force || !z->st.have_local) {
		xfr_queue(z);
		return;
	}
	switch (zs_serial_cmp(r->soa.serial, z->st.local_serial)) {
	case ZS_SERIAL_GT:
		log_info("%s: serial %u -> %u at %s", z->name,
		    z->st.local_serial, r->soa.serial, peer);
		xfr_queue(z);
		return;
	case ZS_SERIAL_EQ:
		if (z->reload_pending) {
			do_reload(z);	/* named has not confirmed it yet */
			return;
		}
		z->state = Z_OK;
		round_end(z, true);
		return;
	default:
		set_error(z, "serial %u at %s is not newer than ours (%u, "
		    "RFC 1982); keeping ours (`zonesyncd retransfer %s` "
		    "takes the primary's)", r->soa.serial, peer,
		    z->st.local_serial, z->name);
		log_error(z);
		z->state = Z_ERROR;
		round_end(z, true);
		return;
	}
}

static void
xfr_end(struct zone *z)
{
	if (z->xfd >= 0)
		loop_fd_del(z->xfd);
	z->xfd = -1;
	loop_timer_cancel(z->xtimer);
	xfers_running--;
	xq_kick();
}

/* Transfer failed: next primary, as BIND does. */
static void
xfr_failed(struct zone *z, const char *why)
{
	char peer[ZS_ADDR_TEXTLEN];

	set_error(z, "transfer from %s failed: %s",
	    primary_text(z, peer, sizeof(peer)), why);
	log_error(z);
	z->st.xfers_failed++;
	emit(z, ZS_EV_TRANSFER_FAILED, false, 0, NULL,
	    loop_now() - z->xfr_start);
	xfrin_free(z->xfr);
	z->xfr = NULL;
	z->try_idx++;
	soa_next(z);
}

static void
install(struct zone *z)
{
	struct xfrin_result r;
	char peer[ZS_ADDR_TEXTLEN];
	int ret;

	xfrin_get_result(z->xfr, &r);
	if ((ret = xfrin_install(z->xfr)) != 0) {
		set_error(z, "cannot install %s: %s", z->cz->file,
		    zs_strerror(ret));
		xfrin_free(z->xfr);
		z->xfr = NULL;
		z->state = Z_ERROR;
		round_end(z, false);
		return;
	}
	z->err[0] = '\0';
	emit(z, ZS_EV_ZONE_UPDATED, true, r.serial, &r,
	    loop_now() - z->xfr_start);
	z->st.have_local = true;
	z->st.local_serial = r.serial;
	z->local_records = r.records;
	z->st.last_xfer = time(NULL);
	z->st.last_xfer_serial = r.serial;
	z->st.last_xfer_records = r.records;
	z->st.last_xfer_bytes = r.bytes;
	z->st.last_xfer_secs = loop_now() - z->xfr_start;
	z->st.xfers_ok++;
	z->st.xfer_bytes_total += r.bytes;
	z->st.xfer_records_total += r.records;
	z->last_ok_mono = loop_now();
	log_info("%s: transferred serial %u from %s: %llu records, %llu "
	    "bytes, %.3f s", z->name, r.serial, primary_text(z, peer,
	    sizeof(peer)), (unsigned long long)r.records,
	    (unsigned long long)r.bytes, z->st.last_xfer_secs);
	z->reload_pending = true;
	/* The transfer's buffers go now; only the link's name is kept. */
	release_replaced(z);
	z->replaced = xfrin_take_replaced(z->xfr);
	xfrin_free(z->xfr);
	z->xfr = NULL;
	do_reload(z);
}

static void
on_check(void *arg, const struct spawn_result *r)
{
	struct zone *z = arg;
	struct xfrin_result xr;
	char line[SPAWN_OUTPUT_MAX], kept[32];

	if (unpend(z))
		return;
	if (r->exited && r->status == 0) {
		install(z);
		return;
	}
	xfrin_get_result(z->xfr, &xr);
	set_error(z, "check-command refused serial %u (%s%d); %s: %s",
	    xr.serial, r->timed_out ? "timed out, " : r->exited ? "exit " :
	    "signal ", r->exited ? r->status : r->signo, kept_text(z, kept,
	    sizeof(kept)), one_line(r->output, line, sizeof(line)));
	emit(z, ZS_EV_CHECK_FAILED, true, xr.serial, &xr, 0);
	xfrin_free(z->xfr);	/* removes the refused file */
	z->xfr = NULL;
	z->state = Z_ERROR;
	round_end(z, false);
}

/*
 * max-shrink-percent: a primary that suddenly serves an emptied zone must
 * not wipe the secondary.  Refuse and report instead; the old file and
 * named's data stay.
 */
static bool
shrinks_too_much(struct zone *z)
{
	unsigned pct = z->cz->opts.max_shrink_pct;
	struct xfrin_result r;

	if (pct == 0 || !z->st.have_local || z->local_records == 0)
		return false;
	xfrin_get_result(z->xfr, &r);
	if (r.records * 100 >= z->local_records * (100 - (uint64_t)pct))
		return false;
	set_error(z, "serial %u would shrink the zone from %llu to %llu "
	    "records, more than max-shrink-percent %u%%; keeping serial %u",
	    r.serial, (unsigned long long)z->local_records,
	    (unsigned long long)r.records, pct, z->st.local_serial);
	emit(z, ZS_EV_CHECK_FAILED, true, r.serial, &r, 0);
	xfrin_free(z->xfr);
	z->xfr = NULL;
	z->state = Z_ERROR;
	round_end(z, false);
	return true;
}

static void
xfr_done(struct zone *z)
{
	const struct zs_conf_zoneopts *o = &z->cz->opts;
	char **argv;
	int ret;

	xfr_end(z);
	if (shrinks_too_much(z))
		return;
	if (o->check_argv == NULL) {
		install(z);
		return;
	}
	z->phase = P_CHECK;
	if ((ret = zs_conf_expand_argv(o->check_argv, z->name,
	    xfrin_tmppath(z->xfr), &argv)) != 0) {
		xfr_failed(z, "cannot expand check-command");
		return;
	}
	z->pending++;
	if (spawn_run(argv, CHECK_TIMEOUT, on_check, z) != 0) {
		z->pending--;
		xfr_failed(z, "cannot run check-command");
	}
	zs_conf_argv_free(argv);
}

static void
on_xfr_io(int fd, short revents, void *arg)
{
	struct zone *z = arg;
	int ret;

	(void)fd;
	z->xfr_activity = loop_now();
	ret = xfrin_io(z->xfr, revents);
	if (ret == XFRIN_MORE) {
		loop_fd_set(z->xfd, xfrin_events(z->xfr), on_xfr_io, z);
		return;
	}
	if (ret == XFRIN_DONE) {
		xfr_done(z);
		return;
	}
	xfr_end(z);
	xfr_failed(z, xfrin_error(z->xfr));
}

static void
xfr_arm(struct zone *z)
{
	const struct zs_conf_zoneopts *o = &z->cz->opts;
	double a = z->xfr_start + o->max_xfer_time;
	double b = z->xfr_activity + o->max_xfer_idle;

	loop_timer_at(z->xtimer, a < b ? a : b);
}

static void
on_xtimer(void *arg)
{
	struct zone *z = arg;
	const struct zs_conf_zoneopts *o = &z->cz->opts;
	char why[128];
	double now = loop_now();

	if (z->phase == P_VERIFY) {
		verify_query(z);
		return;
	}
	if (z->phase == P_RELOAD) {
		do_reload(z);
		return;
	}
	if (z->phase != P_XFR)
		return;
	if (now >= z->xfr_start + o->max_xfer_time)
		snprintf(why, sizeof(why), "took longer than "
		    "max-transfer-time-in (%u s)", o->max_xfer_time);
	else if (now >= z->xfr_activity + o->max_xfer_idle)
		snprintf(why, sizeof(why), "idle for longer than "
		    "max-transfer-idle-in (%u s)", o->max_xfer_idle);
	else {
		xfr_arm(z);
		return;
	}
	xfr_end(z);
	xfr_failed(z, why);
}

static void
xfr_begin(struct zone *z)
{
	const struct zs_conf_zoneopts *o = &z->cz->opts;
	struct xfrin_params p;
	struct zs_addr a;
	char err[256];

	z->phase = P_XFR;
	server_addr(&z->cz->primaries[z->try_idx], &a);
	memset(&p, 0, sizeof(p));
	p.zone_text = z->name;
	p.zone = z->cz->wire;
	p.zlen = z->cz->wirelen;
	p.rrclass = 1;
	p.primary = &a;
	p.path = z->cz->file;
	p.limits.max_records = o->max_records;
	p.limits.max_bytes = o->max_xfer_size;
	p.wall_time = (int64_t)time(NULL);
	p.install = 0;
	p.key = server_key(&z->cz->primaries[z->try_idx]);
	xfers_running++;
	z->xfd = -1;
	z->xfr_start = z->xfr_activity = loop_now();
	if (xfrin_start(&z->xfr, &p, err, sizeof(err)) != 0) {
		z->xfr = NULL;
		xfr_end(z);
		xfr_failed(z, err);
		return;
	}
	z->xfd = xfrin_fd(z->xfr);
	loop_fd_set(z->xfd, xfrin_events(z->xfr), on_xfr_io, z);
	xfr_arm(z);
}

static void
xq_kick(void)
{
	unsigned limit = conf->transfers_in > 0 ? conf->transfers_in : 1;

	while (xfers_running < limit && xq_head != NULL) {
		struct zone *z = xq_head;

		if ((xq_head = z->xq_next) == NULL)
			xq_tail = NULL;
		z->xq_next = NULL;
		xfr_begin(z);
	}
}

static void
xq_remove(struct zone *z)
{
	struct zone **pp, *prev = NULL;

	for (pp = &xq_head; *pp != NULL; prev = *pp, pp = &(*pp)->xq_next) {
		if (*pp != z)
			continue;
		*pp = z->xq_next;
		if (xq_tail == z)
			xq_tail = prev;
		z->xq_next = NULL;
		return;
	}
}

static void on_verify(void *arg, const struct soa_result *r);

static void
verify_query(struct zone *z)
{
	struct zs_addr a;

	server_addr(&conf->verify_server, &a);
	z->pending++;
	if (soa_query(&a, z->cz->wire, z->cz->wirelen, 1, 1.0, 1, on_verify,
	    z) != 0) {
		struct soa_result r;

		memset(&r, 0, sizeof(r));
		r.err = ZS_EINVAL;
		snprintf(r.errtext, sizeof(r.errtext), "cannot send a query");
		on_verify(z, &r);
	}
}

static void
on_verify(void *arg, const struct soa_result *r)
{
	struct zone *z = arg;
	char srv[ZS_ADDR_TEXTLEN];
	struct zs_addr a;

	if (unpend(z))
		return;
	if (r->err == 0) {
		z->st.have_served = true;
		z->st.served_serial = r->soa.serial;
		if (r->soa.serial == z->st.local_serial) {
			log_info("%s: named serves serial %u (seen %.3f s after "
			    "the reload started)", z->name,
			    r->soa.serial, loop_now() - z->reload_start);
			z->reload_pending = false;
			z->state = Z_OK;
			round_end(z, true);
			return;
		}
	}
	if (loop_now() < z->verify_until) {
		/*
		 * named may still be loading a big zone, or may have refused
		 * it (rndc reload exits 0 either way): say which we wait for.
		 */
		if (r->err == 0)
			set_error(z, "waiting for named to serve serial %u (it "
			    "serves %u)", z->st.local_serial, r->soa.serial);
		else
			set_error(z, "waiting for named to serve serial %u (%s)",
			    z->st.local_serial, r->errtext);
		z->err_logged = true;	/* progress, not a failure */
		loop_timer_in(z->xtimer, z->verify_wait);
		if (z->verify_wait < 2.0)
			z->verify_wait *= 2;
		return;
	}
	server_addr(&conf->verify_server, &a);
	zs_addr_totext(&a, srv, sizeof(srv));
	if (r->err == 0)
		set_error(z, "named at %s serves serial %u, not %u, %.0f s "
		    "after the reload; see named's log", srv, r->soa.serial,
		    z->st.local_serial, VERIFY_FOR);
	else
		set_error(z, "named at %s does not serve serial %u: %s; see "
		    "named's log", srv, z->st.local_serial, r->errtext);
	z->state = Z_ERROR;
	emit(z, ZS_EV_VERIFY_FAILED, false, 0, NULL, 0);
	round_end(z, false);
}

static void
on_reload(void *arg, const struct spawn_result *r, int coalesced)
{
	struct zone *z = arg;
	char line[SPAWN_OUTPUT_MAX];

	(void)coalesced;
	if (unpend(z))
		return;
	if (!(r->exited && r->status == 0) &&
	    ++z->reload_tries < RELOAD_TRIES) {
		/* named may be restarting: its control channel comes back. */
		log_info("%s: reload failed (%s); trying again in %.0f s",
		    z->name, one_line(r->output, line, sizeof(line)),
		    RELOAD_AGAIN);
		loop_timer_in(z->xtimer, RELOAD_AGAIN);
		return;
	}
	z->reload_tries = 0;
	if (!(r->exited && r->status == 0)) {
		set_error(z, "reload failed (%s%d), named may still "
		    "serve serial %u's predecessor: %s", r->timed_out ?
		    "timed out, " : r->exec_failed ? "cannot run, " :
		    r->exited ? "exit " : "signal ", r->exited ? r->status :
		    r->signo, z->st.local_serial, one_line(r->output, line,
		    sizeof(line)));
		z->state = Z_ERROR;
		emit(z, ZS_EV_VERIFY_FAILED, false, 0, NULL, 0);
		round_end(z, false);
		return;
	}
	if (!conf->has_verify) {
		z->reload_pending = false;
		z->state = Z_OK;
		round_end(z, true);
		return;
	}
	z->phase = P_VERIFY;
	z->verify_until = loop_now() + VERIFY_FOR;
	z->verify_wait = 0.05;
	verify_query(z);
}

static void
do_reload(struct zone *z)
{
	char **argv = NULL;

	z->phase = P_RELOAD;
	if (z->reload_tries == 0)
		z->reload_start = loop_now();
	/* No reload-command: rndc-server's "reload ZONE" (reload.c). */
	if (z->cz->opts.reload_argv != NULL &&
	    zs_conf_expand_argv(z->cz->opts.reload_argv, z->name,
	    z->cz->file, &argv) != 0) {
		set_error(z, "cannot expand reload-command");
		z->state = Z_ERROR;
		round_end(z, false);
		return;
	}
	z->pending++;
	if (reload_request(z->name, argv, on_reload, z) != 0) {
		z->pending--;
		set_error(z, "cannot queue the reload");
		z->state = Z_ERROR;
		round_end(z, false);
	}
	zs_conf_argv_free(argv);
}

static struct zone *
zone_new(const struct zs_conf_zone *cz)
{
	struct zone *z;

	if ((z = calloc(1, sizeof(*z))) == NULL ||
	    (z->name = strdup(cz->name)) == NULL ||
	    (z->timer = loop_timer_new(on_timer, z)) == NULL ||
	    (z->xtimer = loop_timer_new(on_xtimer, z)) == NULL)
		fatalx("out of memory");
	z->cz = cz;
	z->xfd = -1;
	z->st.name = z->name;
	z->st.file = cz->file;
	z->st.last_error = z->err;
	z->state = Z_REFRESHING;
	/* Until a primary answers, count from start-up. */
	z->last_ok_mono = loop_now();
	return z;
}

/*
 * Temporary files of a killed predecessor, for zones about to start: the
 * pid-file lock says no other daemon writes here (--once takes no lock,
 * so it leaves them).
 */
static void
remove_stale(struct zone **v, size_t n)
{
	const char **paths;
	size_t i;
	int removed;

	if (once_mode || n == 0)
		return;
	if ((paths = calloc(n, sizeof(*paths))) == NULL)
		fatalx("out of memory");
	for (i = 0; i < n; i++)
		paths[i] = v[i]->cz->file;
	if ((removed = zs_zonefile_remove_stale(paths, n)) > 0)
		log_info("removed %d temporary file%s left by interrupted "
		    "transfers", removed, removed > 1 ? "s" : "");
	free(paths);
}

static void
zone_append(struct zone *z)
{
	z->next = NULL;
	if (zones_tail != NULL)
		zones_tail->next = z;
	else
		zones = z;
	zones_tail = z;
}

int
sched_start(struct zs_conf *c, bool once)
{
	size_t i;

	conf = c;
	once_mode = once;
	once_left = conf->nzones;
	for (i = 0; i < conf->nzones; i++) {
		struct zone *z = zone_new(&conf->zones[i]);

		zone_append(z);
		/* Staggered, so answers are read while later zones start. */
		loop_timer_in(z->timer, (double)i * START_STAGGER);
	}
	{
		size_t n;
		struct zone **v = zone_vector(&n);

		index_build(v, n);
		remove_stale(v, n);
		free(v);
	}
	if (once && once_left == 0)
		loop_stop();
	return 0;
}

static void
zone_remove(struct zone *z)
{
	log_info("%s: removed from the configuration; no longer synced",
	    z->name);
	loop_timer_cancel(z->timer);
	loop_timer_cancel(z->xtimer);
	if (z->phase == P_XFR_WAIT)
		xq_remove(z);
	if (z->phase == P_XFR) {
		xfr_end(z);
		xfrin_free(z->xfr);
		z->xfr = NULL;
	}
	/* Cancelled requests never call back: settle their count here. */
	if ((z->phase == P_SOA || z->phase == P_VERIFY) && z->pending > 0)
		z->pending -= soa_cancel(z);
	if (z->phase == P_RELOAD && z->pending > 0) {
		reload_cancel(z);
		z->pending--;
	}
	z->removed = true;
	if (z->pending == 0)
		zone_free(z);
}

void
sched_reconfigure(struct zs_conf *newconf)
{
	struct zone **oldv, **newv, *z;
	size_t nold, i, added = 0, kept = 0, removed = 0;

	oldv = zone_vector(&nold);
	index_build(oldv, nold);
	if ((newv = calloc(newconf->nzones + 1, sizeof(*newv))) == NULL)
		fatalx("out of memory");
	zones = zones_tail = NULL;
	for (i = 0; i < newconf->nzones; i++) {
		const struct zs_conf_zone *cz = &newconf->zones[i];

		if ((z = index_find(cz->wire, cz->wirelen)) != NULL &&
		    !z->matched) {
			z->matched = true;
			z->cz = cz;
			z->st.file = cz->file;
			/* The primary list may have shrunk under a round. */
			if (z->try_idx >= cz->nprimaries)
				z->try_idx = cz->nprimaries - 1;
			kept++;
		} else {
			z = zone_new(cz);
			loop_timer_in(z->timer, 0);
			log_info("%s: added to the configuration", z->name);
			newv[added++] = z;
		}
		zone_append(z);
	}
	remove_stale(newv, added);
	free(newv);
	for (i = 0; i < nold; i++) {
		if (oldv[i]->matched) {
			oldv[i]->matched = false;
			continue;
		}
		zone_remove(oldv[i]);
		removed++;
	}
	free(oldv);
	zs_conf_free(conf);
	conf = newconf;
	index_zones();
	xq_kick();
	log_info("configuration reloaded: %zu zones (%zu added, %zu kept, "
	    "%zu removed)", added + kept, added, kept, removed);
}

void
sched_stop(void)
{
	struct zone *z, *next;

	for (z = zones; z != NULL; z = next) {
		next = z->next;
		if (z->xfr != NULL)
			log_info("%s: transfer abandoned; %s is untouched",
			    z->name, z->cz->file);
		if (z->xfd >= 0)
			loop_fd_del(z->xfd);
		zone_free(z);
	}
	zones = zones_tail = xq_head = xq_tail = NULL;
	free(ztab);
	ztab = NULL;
	ztab_size = 0;
	zs_conf_free(conf);
	conf = NULL;
}

int
sched_refresh(const char *name, bool force)
{
	uint8_t wire[ZS_DNAME_MAXLEN];
	size_t wlen;
	struct zone *z;

	/* With or without the final dot, any case, escapes as in -n -v. */
	if (zs_dname_from_text(name, strlen(name), NULL, 0, wire,
	    &wlen) != 0 || (z = index_find(wire, wlen)) == NULL)
		return -1;
	if (force)
		z->force = true;
	if (z->phase == P_IDLE)
		round_start(z);
	else
		z->again = true;
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
sched_notify(const uint8_t *wire, size_t wlen, const struct sockaddr *src,
    const uint8_t *key, size_t keylen, bool have_serial, uint32_t serial)
{
	struct zone *z;
	double at;
	bool ok;

	if ((z = index_find(wire, wlen)) == NULL)
		return NOTIFY_UNKNOWN_ZONE;
	if (z->cz->nnotify_acl > 0)
		ok = zs_acl_allows(z->cz->notify_acl, z->cz->nnotify_acl, src,
		    key, keylen);
	else
		ok = from_primary(z->cz, src);
	if (!ok)
		return NOTIFY_REFUSED;
	z->st.notifies++;
	/*
	 * As BIND: a NOTIFY for a serial we already have, or are already
	 * fetching, starts nothing (the serial is a hint, RFC 1996 3.7).
	 */
	if (have_serial && !z->force && (z->state == Z_OK ||
	    z->state == Z_REFRESHING || z->state == Z_TRANSFERRING)) {
		bool have = z->st.have_local &&
		    zs_serial_cmp(serial, z->st.local_serial) != ZS_SERIAL_GT;
		bool fetching = z->phase >= P_XFR_WAIT && z->st.have_primary &&
		    zs_serial_cmp(serial, z->st.primary_serial) !=
		    ZS_SERIAL_GT;

		if (have || fetching) {
			log_debug("%s: NOTIFY for serial %u: nothing new",
			    z->name, serial);
			return NOTIFY_ACCEPT;
		}
	}
	if (z->phase != P_IDLE) {
		z->again = true;
		return NOTIFY_ACCEPT;
	}
	/*
	 * Between rounds too, a check starts no sooner than AGAIN_SPACING
	 * after the last one began: a burst longer than one SOA round trip
	 * would otherwise start a round per round trip.
	 */
	at = z->round_started + AGAIN_SPACING;
	if (z->round_started > 0 && loop_now() < at) {
		if (!loop_timer_armed(z->timer) || loop_timer_when(z->timer) > at)
			loop_timer_at(z->timer, at);
	} else
		round_start(z);
	return NOTIFY_ACCEPT;
}

void
sched_foreach(void (*fn)(const struct zone_status *, void *), void *arg)
{
	struct zone *z;

	for (z = zones; z != NULL; z = z->next) {
		z->st.state = z->state;
		if (z->phase != P_IDLE)
			z->st.next_check = 0;
		fn(&z->st, arg);
	}
}
