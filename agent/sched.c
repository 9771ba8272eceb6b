/*
 * sched.c - the refresh state machine of each zone (the secondary's
 * cycle: rounds, SOA, transfers, reloads, timers) and the transfer slots
 * the zones share.  No I/O here: see sched.h for the io it drives and the
 * observer it reports to; sched_verify.c checks what named serves.
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
 *    +---- VERIFY <---- RELOAD (retried) <-------------------- INSTALL
 *
 * Timing follows a BIND secondary (RFC 1034 4.3.5, RFC 1996): the SOA
 * refresh interval after a good round, the retry interval after a failed
 * one (backing off up to 8x), clamped by min/max-*-time, and the refresh
 * jittered down by up to a quarter so thousands of zones do not fire
 * together.  named never expires a `type primary` zone, so expiry is
 * reported here: state "expired"; the file is kept and named keeps
 * serving it (a documented choice).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <unistd.h>

#include "err.h"
#include "ixfr.h"
#include "log.h"
#include "sched.h"
#include "schedint.h"
#include "serial.h"
#include "timerq.h"
#include "timing.h"
#include "zonefile.h"

#define RELOAD_TRIES	3	/* runs of reload-command before an error */
#define RELOAD_AGAIN	1.0	/* seconds between them */
#define RELOAD_BACKOFF_MAX 60.0	/* then tried again, backing off to this */
#define AGAIN_SPACING	0.5	/* queued re-checks start this long after
				 * the previous round began, so a NOTIFY
				 * flood costs a few SOA queries, not one
				 * per round trip */

TAILQ_HEAD(zqueue, szone);

struct sched_io sc_io;
static struct sched_observer obs;
const struct zs_conf *sc_conf;
static struct zs_timerq timers = ZS_TIMERQ_INIT;
static double woken = -1;		/* the deadline io->wake last got */
static struct zqueue xq = TAILQ_HEAD_INITIALIZER(xq);
static unsigned xfers_running;
static bool once_mode;
static size_t once_left;
static int once_failed;

static void soa_next(struct szone *z);
static void ixfr_bad_forget(struct szone *z);


/* ------------------------------------------------------------ basics */

const char *
zstate_name(enum zstate s)
{
	static const char *const names[] = { "ok", "refreshing",
	    "transferring", "retrying", "expired", "error" };

	return (unsigned)s < Z_NSTATES ? names[s] : "?";
}

double
sc_now(void)
{
	return sc_io.now(sc_io.ctx);
}

time_t
sc_wall(void)
{
	return sc_io.wall(sc_io.ctx);
}

static time_t
wall_at(double mono)
{
	return sc_wall() + (time_t)(mono - sc_now());
}

void
sc_changed(void)
{
	if (obs.on_change != NULL)
		obs.on_change(obs.arg);
}

/* Tell the io when to call sched_run_timers next, if that moved. */
static void
rewake(void)
{
	struct zs_tq_entry *e = zs_timerq_peek(&timers);
	double when = e != NULL ? e->when : -1;

	if (when != woken) {
		woken = when;
		sc_io.wake(sc_io.ctx, when);
	}
}

static void
timer_at(struct szone *z, enum sched_timer k, double when)
{
	if (zs_timerq_set(&timers, &z->t[k].e, when) != 0)
		fatalx("out of memory");
}

void
sc_timer_in(struct szone *z, enum sched_timer k, double secs)
{
	timer_at(z, k, sc_now() + secs);
}

void
sc_timer_cancel(struct szone *z, enum sched_timer k)
{
	zs_timerq_remove(&timers, &z->t[k].e);
}

static bool
timer_armed(const struct szone *z, enum sched_timer k)
{
	return z->t[k].e.idx != ZS_TQ_NONE;
}

/* The SOA timers in force: the primary's last answer, else the file's. */
static const struct sched_soa *
soa_timers(const struct szone *z)
{
	return z->primary.have ? &z->primary : &z->local;
}

void
sc_soa_learn(struct sched_soa *s, const struct zs_soa *soa)
{
	s->have = true;
	s->serial = soa->serial;
	s->refresh = soa->refresh;
	s->retry = soa->retry;
	s->expire = soa->expire;
	s->at = sc_now();
	s->wall = sc_wall();
}

static bool
expired(const struct szone *z)
{
	const struct sched_soa *s = soa_timers(z);

	return zs_timing_expired(s->have, s->expire, sc_now() - z->last_ok);
}

/* T_EXPIRE just past SOA expire since the last good answer. */
static void
arm_expire(struct szone *z)
{
	const struct sched_soa *s = soa_timers(z);

	if (s->have)
		timer_at(z, T_EXPIRE, z->last_ok + s->expire + 0.001);
	else
		sc_timer_cancel(z, T_EXPIRE);
}

/* A good answer: expiry counts from now. */
static void
answered(struct szone *z)
{
	z->last_ok = sc_now();
	z->last_ok_wall = sc_wall();
	z->expiry_said = false;
	arm_expire(z);
}

/* ------------------------------------------------------------ errors */

/* Start a new error of class kind; the caller fills in its facts. */
struct sched_error *
sc_set_error(struct szone *z, enum sched_err kind)
{
	memset(&z->err, 0, sizeof(z->err));
	z->err.kind = kind;
	z->err_logged = false;
	return &z->err;
}

void
sc_clear_error(struct szone *z)
{
	if (z->streak_n > 0)
		log_info("%s: recovered after %u failure%s over %.0f s", z->name,
		    z->streak_n, z->streak_n > 1 ? "s" : "",
		    sc_now() - z->streak_since);
	z->streak_n = 0;
	z->streak_hash = 0;
	z->failover_hash = 0;
	z->err.kind = E_NONE;
	z->err_logged = false;
}

/* "keeping serial N" facts for the errors that keep the old file. */
static void
set_kept(struct szone *z)
{
	z->err.have_other = z->local.have;
	z->err.other = z->local.serial;
}

void
sc_set_detail(struct szone *z, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

void
sc_set_detail(struct szone *z, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(z->err.detail, sizeof(z->err.detail), fmt, ap);
	va_end(ap);
}

/*
 * A child's output as one line: its non-empty lines joined with "; ",
 * control characters dropped.
 */
static void
one_line(const char *out, char *buf, size_t len)
{
	size_t o = 0;
	bool sep = false;

	for (; out != NULL && *out != '\0' && o + 3 < len; out++) {
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
	if (o == 0)
		snprintf(buf, len, "no output");
}

static const char *
err_text(const struct szone *z, char *buf, size_t len)
{
	return sched_error_text(&z->err, z->name, buf, len);
}

static uint64_t
text_hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (uint8_t)*s) * UINT64_C(1099511628211);
	return h | 1;			/* never 0: 0 means none */
}

/*
 * Log the zone's error once, however many paths report it, and once per
 * streak: the same failure again (the next retry) is counted, not logged.
 */
void
sc_log_error(struct szone *z)
{
	char buf[800];
	uint64_t h;

	if (z->err_logged || z->err.kind == E_NONE)
		return;
	z->err_logged = true;
	err_text(z, buf, sizeof(buf));
	if (z->streak_n++ == 0)
		z->streak_since = sc_now();
	if ((h = text_hash(buf)) == z->streak_hash)
		return;
	z->streak_hash = h;
	log_cat_warnx(z->err.kind == E_XFR ? LOG_CAT_XFER_IN : LOG_CAT_GENERAL,
	    "%s: %s", z->name, buf);
}

/* Report an event about z; serials and counts as far as they are known. */
void
sc_emit(struct szone *z, unsigned type, bool have_new, uint32_t new_serial,
    const struct xfrin_result *r, double secs)
{
	struct zs_event e;
	char buf[800];

	if (obs.on_event == NULL)
		return;
	memset(&e, 0, sizeof(e));
	e.type = type;
	e.zone = z->name;
	e.have_old = z->local.have;
	e.old_serial = z->local.serial;
	e.have_new = have_new;
	e.new_serial = new_serial;
	e.primary = z->primary_text[0] != '\0' ? z->primary_text : NULL;
	if (r != NULL) {
		e.records = r->records;
		e.bytes = r->bytes;
	}
	if (type == ZS_EV_ZONE_UPDATED && z->last_xfer_kind[0] != '\0') {
		e.transfer = z->last_xfer_kind;
		e.transfer_why = z->last_xfer_why[0] != '\0' ?
		    z->last_xfer_why : NULL;
		e.deltas = z->last_xfer_deltas;
	}
	e.seconds = secs;
	e.error = z->err.kind != E_NONE && type != ZS_EV_ZONE_UPDATED ?
	    err_text(z, buf, sizeof(buf)) : NULL;
	obs.on_event(obs.arg, &e);
}

/* ------------------------------------------------------------ state */

enum zstate
sched_zone_state(const struct szone *z)
{
	if (expired(z))
		return Z_EXPIRED;
	if (z->xfr_round && z->phase >= P_XFR_WAIT)
		return Z_TRANSFERRING;
	if (sched_err_hard(z->err.kind))
		return Z_ERROR;
	if ((z->phase != P_IDLE && z->phase != P_SERVED) || z->rounds == 0)
		return Z_REFRESHING;
	if (z->failures > 0)
		return Z_RETRYING;
	if (!z->in_named)
		return Z_REFRESHING;
	/* ok only once named was seen serving the file's serial. */
	if (sc_conf != NULL && sc_conf->has_verify && z->local.have &&
	    !(z->served.have && z->served.serial == z->local.serial))
		return Z_REFRESHING;
	return Z_OK;
}

const char *
sc_srv_text(const struct zs_conf_server *s, char *buf, size_t len)
{
	return zs_addr_totext(&s->addr, buf, len);
}

static const char *
primary_text(const struct szone *z, char *buf, size_t len)
{
	if (z->try_idx >= z->cz->nprimaries)
		return "?";
	return sc_srv_text(&z->cz->primaries[z->try_idx], buf, len);
}

static void
zone_free(struct szone *z)
{
	int k;

	for (k = 0; k < T_COUNT; k++)
		sc_timer_cancel(z, (enum sched_timer)k);
	zs_zonefile_free(z->zf);
	zs_snap_free(z->snap);
	ixfr_bad_forget(z);
	if (z->replaced != NULL) {
		unlink(z->replaced);
		free(z->replaced);
	}
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
release_replaced(struct szone *z)
{
	if (z->replaced == NULL)
		return;
	unlink(z->replaced);
	free(z->replaced);
	z->replaced = NULL;
}

/* The round ended; decide when the next one starts. */
void
sc_round_end(struct szone *z, bool ok)
{
	const struct zs_conf_zoneopts *o = &z->cz->opts;
	const struct sched_soa *s = soa_timers(z);
	enum sched_timer k = ok ? T_REFRESH : T_RETRY;
	double next;

	release_replaced(z);
	z->phase = P_IDLE;
	z->force = false;
	z->override = false;
	z->xfr_round = false;
	z->rounds++;
	if (ok) {
		z->failures = 0;
		if (!sched_err_hard(z->err.kind))
			sc_clear_error(z);
		next = zs_timing_refresh(s->have, s->refresh, o->min_refresh,
		    o->max_refresh, sc_io.random(sc_io.ctx));
	} else {
		sc_log_error(z);
		next = zs_timing_retry(s->have, s->retry, o->min_retry,
		    o->max_retry, z->failures);
		z->failures++;
	}
	if (once_mode) {
		if (!z->round_done) {
			z->round_done = true;
			if (!ok || sched_zone_state(z) != Z_OK)
				once_failed = 1;
			if (--once_left == 0)
				sc_io.stop(sc_io.ctx);
		}
		sc_changed();
		return;
	}
	if (z->again) {
		z->again = false;
		next = z->round_started + AGAIN_SPACING - sc_now();
		if (next < 0)
			next = 0;
	}
	sc_timer_cancel(z, T_REFRESH);
	sc_timer_cancel(z, T_RETRY);
	sc_timer_in(z, k, next);
	if (!timer_armed(z, T_VERIFY) && z->local.have)
		sc_arm_served(z, false);
	sc_changed();
}

/* T_EXPIRE: no good answer for SOA expire; said once, when it happens. */
static void
on_expire(struct szone *z)
{
	if (z->expiry_said)
		return;
	if (!expired(z)) {
		arm_expire(z);
		return;
	}
	z->expiry_said = true;
	log_warnx("%s: expired: no good answer from any primary for over %u "
	    "s (SOA expire); named keeps serving serial %u", z->name,
	    soa_timers(z)->expire, z->local.serial);
	sc_emit(z, ZS_EV_ZONE_EXPIRED, false, 0, NULL, 0);
	sc_changed();
}

/*
 * What the file on disk says, read when the zone's first round starts
 * rather than when it is created: with thousands of zones the reads then
 * overlap the first SOA queries instead of all coming before them.  A
 * restart must not re-transfer what is already here.
 */
static const char *
format_name(int f)
{
	return f == ZS_ZONEFILE_RAW ? "raw" : "text";
}

static void
load_info(struct szone *z)
{
	struct zs_zonefile_info info;
	struct zs_soa soa;

	z->info_loaded = true;
	if (zs_zonefile_read_info(z->cz->file, &info) != 0)
		return;
	memset(&soa, 0, sizeof(soa));
	soa.serial = info.serial;
	soa.refresh = info.refresh;
	soa.retry = info.retry;
	soa.expire = info.expire;
	sc_soa_learn(&z->local, &soa);
	z->local_records = info.records;
	z->disk_format = (int)info.format;
	arm_expire(z);
	log_debug("%s: have serial %u in %s", z->name, info.serial,
	    z->cz->file);
}

void
sc_round_start(struct szone *z)
{
	if (z->phase != P_IDLE) {
		z->again = true;
		return;
	}
	if (!z->info_loaded)
		load_info(z);
	z->try_idx = 0;
	z->xfr_axfr_only = false;
	z->fallback[0] = '\0';
	z->round_started = sc_now();
	sc_timer_cancel(z, T_REFRESH);
	sc_timer_cancel(z, T_RETRY);
	soa_next(z);
	sc_changed();
}

/* ------------------------------------------------------------ SOA */

/* Ask primary try_idx, or end the round when none is left. */
static void
soa_next(struct szone *z)
{
	int ret;

	while (z->try_idx < z->cz->nprimaries) {
		z->phase = P_SOA;
		ret = sc_io.soa_query(sc_io.ctx, z, &z->cz->primaries[z->try_idx],
		    false);
		if (ret == 0)
			return;
		sc_set_error(z, E_SOA_SEND)->code = ret;
		z->try_idx++;
	}
	sc_round_end(z, false);
}

static void xq_kick(void);

static void
xfr_queue(struct szone *z)
{
	z->phase = P_XFR_WAIT;
	z->xfr_round = true;
	TAILQ_INSERT_TAIL(&xq, z, xq);
	xq_kick();
}

static void
on_soa(struct szone *z, const struct soa_result *r)
{
	char peer[ZS_ADDR_TEXTLEN];
	struct sched_error *e;

	primary_text(z, peer, sizeof(peer));
	z->last_check = sc_wall();
	if (r->err != 0) {
		e = sc_set_error(z, E_SOA);
		e->code = r->err;
		snprintf(e->peer, sizeof(e->peer), "%s", peer);
		sc_set_detail(z, "%s", r->errtext);
		/*
		 * The last failure is logged by round_end; this one only when
		 * it is news (not the same failure as at the last retry).
		 */
		if (z->try_idx + 1 < z->cz->nprimaries) {
			char buf[800];
			uint64_t h = text_hash(err_text(z, buf, sizeof(buf)));

			if (h != z->failover_hash)
				log_info("%s: %s; trying the next primary",
				    z->name, buf);
			z->failover_hash = h;
		}
		z->try_idx++;
		soa_next(z);
		return;
	}
	if (expired(z))
		log_info("%s: primary %s answers again", z->name, peer);
	sc_soa_learn(&z->primary, &r->soa);
	answered(z);
	snprintf(z->primary_text, sizeof(z->primary_text), "%s", peer);
	if (z->force || !z->local.have) {
		xfr_queue(z);
		return;
	}
	/*
	 * masterfile-format changed (SIGHUP, or a restart with the other
	 * format): named, told the new one, cannot load the file on disk,
	 * so it is written anew now, not at the primary's next change.
	 */
	if (z->disk_format != (int)z->cz->opts.masterfile_format &&
	    zs_serial_cmp(r->soa.serial, z->local.serial) == ZS_SERIAL_EQ) {
		log_cat_info(LOG_CAT_XFER_IN, "%s: %s is in %s format, "
		    "masterfile-format is %s: transferring serial %u again",
		    z->name, z->cz->file, format_name(z->disk_format),
		    format_name((int)z->cz->opts.masterfile_format),
		    r->soa.serial);
		xfr_queue(z);
		return;
	}
	switch (zs_serial_cmp(r->soa.serial, z->local.serial)) {
	case ZS_SERIAL_GT:
		/* Said once per serial while its transfers keep failing. */
		if (z->streak_n == 0 || r->soa.serial != z->announced)
			log_cat_info(LOG_CAT_XFER_IN, "%s: serial %u -> %u "
			    "at %s", z->name,
			    z->local.serial, r->soa.serial, peer);
		z->announced = r->soa.serial;
		xfr_queue(z);
		return;
	case ZS_SERIAL_EQ:
		if (z->reload_pending) {
			sc_do_reload(z);	/* named has not confirmed it yet */
			return;
		}
		/*
		 * The primary has what we have: what it sent before (an older
		 * serial, a refused transfer) no longer matters.  What named
		 * serves is for the check below.
		 */
		if (!sc_served_err(z->err.kind))
			sc_clear_error(z);
		/* At start-up, or after a problem: does named serve it? */
		if (sc_conf->has_verify && (!sc_served_ok(z) ||
		    sched_err_hard(z->err.kind))) {
			sc_served_check(z, true);
			return;
		}
		sc_round_end(z, true);
		return;
	default:
		e = sc_set_error(z, E_SERIAL_OLDER);
		e->serial = r->soa.serial;
		e->other = z->local.serial;
		snprintf(e->peer, sizeof(e->peer), "%s", peer);
		sc_log_error(z);
		sc_round_end(z, true);
		return;
	}
}

/* ------------------------------------------------------------ transfer */

static void
xfr_end(struct szone *z)
{
	sc_timer_cancel(z, T_XFR);
	xfers_running--;
	xq_kick();
}

static void
drop_file(struct szone *z)
{
	zs_zonefile_free(z->zf);	/* removes an uninstalled temp file */
	z->zf = NULL;
	zs_snap_free(z->snap);		/* and so for the snapshot */
	z->snap = NULL;
}

/* Transfer failed: next primary, as BIND does. */
static void
xfr_failed(struct szone *z, const char *why)
{
	struct sched_error *e = sc_set_error(z, E_XFR);

	primary_text(z, e->peer, sizeof(e->peer));
	sc_set_detail(z, "%s", why);
	sc_log_error(z);
	z->xfers_failed++;
	sc_emit(z, ZS_EV_TRANSFER_FAILED, false, 0, NULL, sc_now() - z->xfr_start);
	drop_file(z);
	z->try_idx++;
	z->xfr_axfr_only = false;
	z->fallback[0] = '\0';
	soa_next(z);
}

/*
 * The zone's primaries whose IXFR failed lately, asked for AXFR until
 * `until' (SCHED_IXFR_FORGET after the failure, or a SIGHUP): a primary
 * without IXFR costs the zone one wasted query an hour, not one per
 * refresh.  Kept per zone: a diff that does not apply says something of
 * one zone's journal, not of the primary's other zones.
 */
static struct ixfr_bad *
ixfr_bad_find(const struct szone *z, const struct zs_addr *a)
{
	size_t i;

	for (i = 0; i < z->nixbad; i++)
		if (zs_addr_eq(&z->ixbad[i].addr, a))
			return &z->ixbad[i];
	return NULL;
}

/* Remember that p's IXFR failed (forgotten when out of memory). */
static void
ixfr_bad_mark(struct szone *z, const struct zs_conf_server *p,
    const char *why)
{
	struct ixfr_bad *b = ixfr_bad_find(z, &p->addr), *nb;

	if (b == NULL) {
		if ((nb = reallocarray(z->ixbad, z->nixbad + 1,
		    sizeof(*nb))) == NULL)
			return;
		z->ixbad = nb;
		b = &z->ixbad[z->nixbad++];
		b->addr = p->addr;
	}
	b->until = sc_now() + SCHED_IXFR_FORGET;
	snprintf(b->why, sizeof(b->why), "%s", why);
}

static void
ixfr_bad_forget(struct szone *z)
{
	free(z->ixbad);
	z->ixbad = NULL;
	z->nixbad = 0;
}

/* Whether to ask p for IXFR now; else *why says why not (may be NULL). */
static bool
ixfr_ok(const struct szone *z, const struct zs_conf_server *p,
    const char **why)
{
	struct ixfr_bad *b = ixfr_bad_find(z, &p->addr);

	*why = NULL;
	if (b == NULL || b->until <= sc_now())
		return true;
	*why = b->why;
	return false;
}

/* Whether the zone keeps a snapshot: some primary may be asked IXFR. */
static bool
keeps_snapshot(const struct szone *z)
{
	size_t i;

	for (i = 0; i < z->cz->nprimaries; i++)
		if (z->cz->primaries[i].request_ixfr)
			return true;
	return false;
}

static void
xfr_arm(struct szone *z)
{
	const struct zs_conf_zoneopts *o = &z->cz->opts;
	double a = z->xfr_start + o->max_xfer_time;
	double b = z->xfr_activity + o->max_xfer_idle;

	timer_at(z, T_XFR, a < b ? a : b);
}

static void xfr_begin(struct szone *z);

/*
 * An IXFR failed once the primary had it: AXFR from the same primary in
 * the same round, keeping the transfer slot (RFC 1995 leaves the choice
 * to the client; BIND and Knot do the same).  Local trouble (the
 * snapshot, the disk) says nothing of the primary; anything else makes
 * it an AXFR primary for SCHED_IXFR_FORGET.
 */
static void
ixfr_fallback(struct szone *z, const char *why, int code)
{
	const struct zs_conf_server *p = &z->cz->primaries[z->try_idx];
	char peer[ZS_ADDR_TEXTLEN];

	primary_text(z, peer, sizeof(peer));
	log_cat_info(LOG_CAT_XFER_IN, "%s: IXFR from %s failed (%s); "
	    "falling back to AXFR", z->name, peer, why);
	snprintf(z->fallback, sizeof(z->fallback), "%s", why);
	if (code != ZS_ESNAP && !(code < 0 && code > ZS_EBASE))
		ixfr_bad_mark(z, p, why);
	z->ixfr_fallbacks++;
	drop_file(z);
	sc_timer_cancel(z, T_XFR);
	xfers_running--;		/* xfr_begin takes the slot again */
	z->xfr_axfr_only = true;
	xfr_begin(z);
}

/* T_XFR: the transfer's time limits. */
static void
on_xfr_deadline(struct szone *z)
{
	const struct zs_conf_zoneopts *o = &z->cz->opts;
	char why[128];
	double t = sc_now();

	if (z->phase != P_XFR)
		return;
	if (t >= z->xfr_start + o->max_xfer_time)
		snprintf(why, sizeof(why), "took longer than "
		    "max-transfer-time-in (%u s)", o->max_xfer_time);
	else if (t >= z->xfr_activity + o->max_xfer_idle)
		snprintf(why, sizeof(why), "idle for longer than "
		    "max-transfer-idle-in (%u s)", o->max_xfer_idle);
	else {
		xfr_arm(z);
		return;
	}
	sc_io.xfr_abort(sc_io.ctx, z);
	if (z->xfr_ixfr) {
		ixfr_fallback(z, why, ZS_ETOOBIG);
		return;
	}
	xfr_end(z);
	xfr_failed(z, why);
}

static void
xfr_begin(struct szone *z)
{
	const struct zs_conf_server *p = &z->cz->primaries[z->try_idx];
	struct sched_xfr_req req;
	const char *why = NULL;
	char err[256];

	z->phase = P_XFR;
	xfers_running++;
	z->xfr_format = (int)z->cz->opts.masterfile_format;
	z->xfr_start = z->xfr_activity = sc_now();
	memset(&req, 0, sizeof(req));
	req.snapshot = keeps_snapshot(z);
	req.serial = z->local.serial;
	/*
	 * A forced retransfer is a whole zone, as in BIND; so is a rewrite
	 * in another masterfile-format, which is at the same serial (an
	 * IXFR would only hear "up to date").
	 */
	req.ixfr = !z->force && !z->xfr_axfr_only && z->local.have &&
	    z->disk_format == z->xfr_format &&
	    p->request_ixfr && ixfr_ok(z, p, &why);
	if (!req.ixfr && why != NULL && !z->xfr_axfr_only &&
	    p->request_ixfr)
		snprintf(z->fallback, sizeof(z->fallback), "IXFR failed "
		    "there within the hour: %s", why);
	if (sc_io.xfr_start(sc_io.ctx, z, p, &req, err, sizeof(err)) != 0) {
		xfr_end(z);
		xfr_failed(z, err);
		return;
	}
	z->xfr_ixfr = req.ixfr;	/* what was asked in the end */
	xfr_arm(z);
	sc_changed();
}

static void
xq_kick(void)
{
	unsigned limit = sc_conf != NULL && sc_conf->transfers_in > 0 ?
	    sc_conf->transfers_in : 1;
	struct szone *z;

	while (xfers_running < limit && (z = TAILQ_FIRST(&xq)) != NULL) {
		TAILQ_REMOVE(&xq, z, xq);
		xfr_begin(z);
	}
}

void
sched_kick(void)
{
	xq_kick();
	rewake();
}

void
sched_xfr_activity(struct szone *z)
{
	z->xfr_activity = sc_now();
}

static void install(struct szone *z);

/*
 * max-shrink-percent: a primary that suddenly serves an emptied zone must
 * not wipe the secondary.  Refuse and report instead; the old file and
 * named's data stay.
 */
static bool
shrinks_too_much(struct szone *z)
{
	unsigned pct = z->cz->opts.max_shrink_pct;
	const struct xfrin_result *r = &z->xres;
	struct sched_error *e;

	if (pct == 0 || !z->local.have || z->local_records == 0)
		return false;
	if (r->records * 100 >= z->local_records * (100 - (uint64_t)pct))
		return false;
	if (z->override) {
		log_warnx("%s: installing serial %u although it shrinks the "
		    "zone from %llu to %llu records (retransfer --force)",
		    z->name, r->serial, (unsigned long long)z->local_records,
		    (unsigned long long)r->records);
		return false;
	}
	e = sc_set_error(z, E_SHRINK);
	e->serial = r->serial;
	e->n1 = z->local_records;
	e->n2 = r->records;
	e->pct = pct;
	e->other = z->local.serial;
	sc_emit(z, ZS_EV_CHECK_FAILED, true, r->serial, r, 0);
	drop_file(z);
	sc_round_end(z, false);
	return true;
}

void
sched_xfr_done(struct szone *z, struct sched_xfr_outcome *o)
{
	const struct zs_conf_zoneopts *opts = &z->cz->opts;
	enum zs_serial_order cmp;
	char **argv;

	if (o->err != 0 && z->xfr_ixfr && o->ixfr_failed) {
		zs_zonefile_free(o->zf);
		zs_snap_free(o->snap);
		o->zf = NULL;
		o->snap = NULL;
		ixfr_fallback(z, o->errtext != NULL ? o->errtext : "failed",
		    o->err);
		goto out;
	}
	xfr_end(z);
	if (o->err != 0) {
		zs_zonefile_free(o->zf);
		zs_snap_free(o->snap);
		o->snap = NULL;
		xfr_failed(z, o->errtext != NULL ? o->errtext : "failed");
		goto out;
	}
	z->zf = o->zf;
	z->snap = o->snap;
	z->xres = o->res;
	o->zf = NULL;
	o->snap = NULL;
	/*
	 * The serial at the top of the transfer is compared with ours as the
	 * SOA answer's was: a primary whose AXFR is older than its SOA answer
	 * must not get that older zone installed (and again every retry).
	 */
	cmp = zs_serial_cmp(z->xres.serial, z->local.serial);
	/* A rewrite in the new masterfile-format takes the same serial. */
	if (cmp == ZS_SERIAL_EQ && z->xfr_format != z->disk_format)
		cmp = ZS_SERIAL_GT;
	if (!z->force && z->local.have && cmp != ZS_SERIAL_GT) {
		char why[160];

		snprintf(why, sizeof(why), "it carries serial %u, not newer "
		    "than ours (%u, RFC 1982); keeping ours", z->xres.serial,
		    z->local.serial);
		xfr_failed(z, why);
		goto out;
	}
	if (shrinks_too_much(z))
		goto out;
	if (opts->check_argv == NULL) {
		install(z);
		goto out;
	}
	z->phase = P_CHECK;
	if (zs_conf_expand_argv(opts->check_argv, z->name,
	    zs_zonefile_tmppath(z->zf), &argv) != 0) {
		xfr_failed(z, "cannot expand check-command");
		goto out;
	}
	if (sc_io.check_start(sc_io.ctx, z, argv) != 0)
		xfr_failed(z, "cannot run check-command");
	zs_conf_argv_free(argv);
out:
	rewake();
}

/*
 * What kind of transfer r was, for the status, metrics, webhooks and the
 * log line (how): "ixfr", "axfr", or "ixfr→axfr" when an IXFR failed in
 * this round, and why it was not an IXFR.
 */
static void
xfer_kind(struct szone *z, const struct xfrin_result *r, char *how,
    size_t len)
{
	const char *why = "";

	z->last_xfer_deltas = r->kind == XFRIN_IXFR ? r->deltas : 0;
	if (r->kind == XFRIN_IXFR) {
		z->xfers_ixfr++;
		snprintf(z->last_xfer_kind, sizeof(z->last_xfer_kind), "ixfr");
		snprintf(how, len, "IXFR, %llu delta%s (-%llu +%llu records)",
		    (unsigned long long)r->deltas, r->deltas == 1 ? "" : "s",
		    (unsigned long long)r->deleted,
		    (unsigned long long)r->added);
	} else if (z->xfr_axfr_only) {
		snprintf(z->last_xfer_kind, sizeof(z->last_xfer_kind),
		    "ixfr\u2192axfr");
		why = z->fallback;
		snprintf(how, len, "AXFR after IXFR failed (%s)", why);
	} else {
		snprintf(z->last_xfer_kind, sizeof(z->last_xfer_kind), "axfr");
		if (r->kind == XFRIN_IXFR_FULL)
			why = "IXFR answered with the whole zone";
		else if (z->fallback[0] != '\0')
			why = z->fallback;
		else
			why = r->note;
		snprintf(how, len, "AXFR%s%s%s", why[0] != '\0' ? " (" : "",
		    why, why[0] != '\0' ? ")" : "");
	}
	snprintf(z->last_xfer_why, sizeof(z->last_xfer_why), "%s", why);
}

static void
install(struct szone *z)
{
	const struct xfrin_result *r = &z->xres;
	char peer[ZS_ADDR_TEXTLEN];
	struct sched_error *e;
	struct zs_soa soa;
	char how[400];
	int ret;

	/*
	 * The snapshot first, then the file: a crash between the two
	 * leaves a snapshot whose serial is not the file's, which is never
	 * used (AXFR next time).  Without a new one the old goes, so that
	 * it can never pair with a later file of its serial.
	 */
	if (z->snap != NULL) {
		if ((ret = zs_snap_install(z->snap)) != 0)
			log_warnx("%s: snapshot %s.snap not installed (%s); "
			    "the next transfer is an AXFR", z->name,
			    z->cz->file, zs_strerror(ret));
	} else if ((ret = zs_snap_remove(z->cz->file)) != 0 &&
	    ret != -ENOENT)
		log_warnx("%s: cannot remove the old snapshot %s.snap: %s",
		    z->name, z->cz->file, zs_strerror(ret));
	if ((ret = zs_zonefile_install(z->zf)) != 0) {
		e = sc_set_error(z, E_INSTALL);
		e->code = ret;
		sc_set_detail(z, "%s", z->cz->file);
		drop_file(z);
		sc_round_end(z, false);
		return;
	}
	sc_clear_error(z);
	z->last_xfer_secs = sc_now() - z->xfr_start;
	xfer_kind(z, r, how, sizeof(how));
	sc_emit(z, ZS_EV_ZONE_UPDATED, true, r->serial, r, z->last_xfer_secs);
	/* The transferred SOA; its timers as the primary answered them. */
	memset(&soa, 0, sizeof(soa));
	soa.serial = r->serial;
	soa.refresh = z->primary.refresh;
	soa.retry = z->primary.retry;
	soa.expire = z->primary.expire;
	sc_soa_learn(&z->local, &soa);
	z->local_records = r->records;
	z->disk_format = z->xfr_format;
	z->last_xfer = sc_wall();
	z->last_xfer_serial = r->serial;
	z->last_xfer_records = r->records;
	z->last_xfer_bytes = r->bytes;
	z->xfers_ok++;
	z->xfer_bytes_total += r->bytes;
	z->xfer_records_total += r->records;
	answered(z);
	xfer_kind(z, r, how, sizeof(how));
	log_cat_info(LOG_CAT_XFER_IN, "%s: transferred serial %u from %s: "
	    "%llu records, %llu "
	    "bytes, %.3f s, %s", z->name, r->serial, primary_text(z, peer,
	    sizeof(peer)), (unsigned long long)r->records,
	    (unsigned long long)r->bytes, z->last_xfer_secs, how);
	z->reload_pending = true;
	z->reload_own = false;
	/* Only the link's name is kept (see release_replaced). */
	release_replaced(z);
	z->replaced = zs_zonefile_take_replaced(z->zf);
	drop_file(z);
	sc_do_reload(z);
}

void
sched_check_done(struct szone *z, const struct sched_run_outcome *r)
{
	struct sched_error *e;
	uint32_t serial = z->xres.serial;

	if (z->removed) {
		zone_free(z);
		goto out;
	}
	if (r->ok) {
		install(z);
		goto out;
	}
	e = sc_set_error(z, E_CHECK);
	e->serial = serial;
	set_kept(z);
	snprintf(e->peer, sizeof(e->peer), "%s%d", r->timed_out ?
	    "timed out, " : r->exited ? "exit " : "signal ",
	    r->exited ? r->status : r->signo);
	one_line(r->output, e->detail, sizeof(e->detail));
	sc_emit(z, ZS_EV_CHECK_FAILED, true, serial, &z->xres, 0);
	drop_file(z);			/* removes the refused file */
	sc_round_end(z, false);
out:
	rewake();
}

/* ------------------------------------------------------------ reload */

static bool named_add(struct szone *z);

void
sc_do_reload(struct szone *z)
{
	char **argv = NULL;

	if (named_add(z))
		return;
	z->phase = P_RELOAD;
	if (z->reload_tries == 0)
		z->reload_start = sc_now();
	/* No reload-command: rndc-server's "reload ZONE" (reload.c). */
	if (z->cz->opts.reload_argv != NULL &&
	    zs_conf_expand_argv(z->cz->opts.reload_argv, z->name,
	    z->cz->file, &argv) != 0) {
		sc_set_error(z, E_RELOAD_EXPAND);
		sc_round_end(z, false);
		return;
	}
	if (sc_io.reload_start(sc_io.ctx, z, z->name, argv) != 0) {
		sc_set_error(z, E_RELOAD_QUEUE);
		sc_round_end(z, false);
	}
	zs_conf_argv_free(argv);
}

/*
 * A zone named does not have yet: not a reload (named would answer "not
 * found") but the include and a reconfig, after which named loads the
 * file itself; the outcome arrives as a reload's would.
 */
static bool
named_add(struct szone *z)
{
	if (z->in_named || sc_io.named_add == NULL)
		return false;
	z->phase = P_RELOAD;
	if (z->reload_tries == 0)
		z->reload_start = sc_now();
	if (sc_io.named_add(sc_io.ctx, z) != 0) {
		sc_set_error(z, E_RELOAD_QUEUE);
		sc_round_end(z, false);
	}
	return true;
}

void
sched_reload_done(struct szone *z, const struct sched_run_outcome *r)
{
	struct sched_error *e;
	bool emit_next = false;
	char line[320];

	if (!r->ok && ++z->reload_tries < RELOAD_TRIES) {
		/* named may be restarting: its control channel comes back. */
		one_line(r->output, line, sizeof(line));
		log_info("%s: %s failed (%s); trying again in %.0f s",
		    z->name, z->in_named ? "reload" : "reconfig", line,
		    RELOAD_AGAIN);
		sc_timer_in(z, T_RELOAD, RELOAD_AGAIN);
		goto out;
	}
	if (!r->ok) {
		/*
		 * An error now, and tried again on its own backoff (2 s
		 * doubling to a minute), not at the next SOA retry: named
		 * back from a restart is served within a minute.
		 */
		unsigned n = z->reload_tries - RELOAD_TRIES;
		double again = n < 5 ? (double)(2u << n) : RELOAD_BACKOFF_MAX;

		if (z->err.kind == E_NOT_SERVED) {
			/* What named answers says more than the reload. */
			z->err_logged = true;
			sc_timer_in(z, T_RELOAD, again > RELOAD_BACKOFF_MAX ?
			    RELOAD_BACKOFF_MAX : again);
			sc_round_end(z, false);
			goto out;
		}
		if (z->err.kind != E_RELOAD)
			emit_next = true;
		e = sc_set_error(z, E_RELOAD);
		e->code = z->in_named ? 0 : 1;	/* 1: the reconfig adding it */
		snprintf(e->peer, sizeof(e->peer), "%s%d", r->timed_out ?
		    "timed out, " : r->exec_failed ? "cannot run, " :
		    r->exited ? "exit " : "signal ", r->exited ? r->status :
		    r->signo);
		e->serial = z->local.serial;
		one_line(r->output, e->detail, sizeof(e->detail));
		if (emit_next)
			sc_emit(z, ZS_EV_VERIFY_FAILED, false, 0, NULL, 0);
		else
			z->err_logged = true;	/* said when it began */
		sc_timer_in(z, T_RELOAD, again > RELOAD_BACKOFF_MAX ?
		    RELOAD_BACKOFF_MAX : again);
		sc_round_end(z, false);
		goto out;
	}
	z->reload_tries = 0;
	sc_timer_cancel(z, T_RELOAD);
	if (!z->in_named) {
		/* named loads a zone new to its config from the file itself. */
		z->in_named = true;
		z->reload_own = true;
		log_debug("%s: named has the zone in its configuration now "
		    "(named-include)", z->name);
	}
	z->reload_coalesced = r->coalesced;
	/*
	 * named loads a batch's zones after answering the reload: give it
	 * time in proportion (measured: 10,000 tiny zones in well under 5 s,
	 * about 0.5 ms each) before asking this zone's own reload.
	 */
	z->own_reload_after = OWN_RELOAD_AFTER + OWN_RELOAD_PER_ZONE *
	    (r->coalesced ? r->batch : 0);
	if (!r->coalesced)
		z->reload_own = true;
	if (!sc_conf->has_verify) {
		z->reload_pending = false;
		sc_recovered(z);
		sc_clear_error(z);
		sc_round_end(z, true);
		goto out;
	}
	z->phase = P_VERIFY;
	z->verify_until = sc_now() + sc_conf->verify_timeout;
	z->verify_wait = VERIFY_FIRST;
	sc_verify_query(z);
out:
	rewake();
}

void
sched_soa_done(struct szone *z, const struct soa_result *r)
{
	if (z->phase == P_SOA)
		on_soa(z, r);
	else if (z->phase == P_VERIFY)
		sc_on_verify(z, r);
	else if (z->phase == P_SERVED)
		sc_on_served(z, r);
	rewake();
}

/* ------------------------------------------------------------ timers */

static void
fire(struct szone *z, enum sched_timer k)
{
	switch (k) {
	case T_REFRESH:
	case T_RETRY:
		sc_round_start(z);
		break;
	case T_EXPIRE:
		on_expire(z);
		break;
	case T_XFR:
		on_xfr_deadline(z);
		break;
	case T_RELOAD:
		if (z->phase == P_RELOAD)
			sc_do_reload(z);
		else if (z->phase == P_IDLE && z->reload_pending) {
			/* The failed reload's own retry, between rounds. */
			z->round_started = sc_now();
			sc_do_reload(z);
		} else if (z->reload_pending)
			sc_timer_in(z, T_RELOAD, 1.0);
		break;
	case T_VERIFY:
		if (z->phase == P_VERIFY)
			sc_verify_query(z);
		else if (z->phase == P_IDLE && z->local.have && z->in_named)
			sc_served_check(z, false);
		else if (z->phase != P_IDLE)
			sc_timer_in(z, T_VERIFY, 1.0);	/* after the round */
		break;
	default:
		break;
	}
}

void
sched_run_timers(void)
{
	struct zs_tq_entry *e;
	double t = sc_now();

	while ((e = zs_timerq_peek(&timers)) != NULL && e->when <= t) {
		struct stimer *st = (struct stimer *)(void *)e;

		zs_timerq_pop(&timers);
		fire(st->z, (enum sched_timer)(st - st->z->t));
	}
	woken = -2;			/* the io's timer fired: re-arm it */
	rewake();
}

/* ------------------------------------------------------------ zones */

void
sched_init(const struct sched_io *i, const struct sched_observer *o,
    bool once)
{
	sc_io = *i;
	obs = *o;
	once_mode = once;
	once_left = 0;
	once_failed = 0;
	xfers_running = 0;
	woken = -1;
	TAILQ_INIT(&xq);
	zs_timerq_clear(&timers);
}

void
sched_setconf(const struct zs_conf *c)
{
	sc_conf = c;
}

struct szone *
sched_zone_new(const struct zs_conf_zone *cz, double delay, time_t last_ok)
{
	struct szone *z;
	int k;

	if ((z = calloc(1, sizeof(*z))) == NULL ||
	    (z->name = strdup(cz->name)) == NULL)
		fatalx("out of memory");
	z->cz = cz;
	z->in_named = true;
	for (k = 0; k < T_COUNT; k++) {
		z->t[k].e.idx = ZS_TQ_NONE;
		z->t[k].z = z;
	}
	/*
	 * Expiry counts from the last good refresh, across restarts (as
	 * BIND's file time does); never heard of: from start-up.
	 */
	z->last_ok = sc_now();
	z->last_ok_wall = 0;
	if (last_ok > 0 && last_ok <= sc_wall()) {
		z->last_ok -= (double)(sc_wall() - last_ok);
		z->last_ok_wall = last_ok;
	}
	if (once_mode)
		once_left++;
	sc_timer_in(z, T_REFRESH, delay);
	rewake();
	return z;
}

void
sched_zone_set_named(struct szone *z, bool in_named)
{
	if (z->in_named == in_named)
		return;
	z->in_named = in_named;
	/* Not in named: the first round (file there) or install asks. */
	if (!in_named)
		z->reload_pending = true;
	sc_changed();
}

void
sched_zone_named_listed(struct szone *z)
{
	if (z->format_wait) {
		/* named has the statement with the new format now. */
		z->format_wait = false;
		if (z->phase == P_IDLE)
			sc_timer_in(z, T_REFRESH, 0);
		rewake();
	}
	if (z->in_named || !z->reload_pending || !timer_armed(z, T_RELOAD))
		return;
	sc_timer_in(z, T_RELOAD, 0);
	rewake();
}

void
sched_zone_setconf(struct szone *z, const struct zs_conf_zone *cz)
{
	z->cz = cz;
	ixfr_bad_forget(z);		/* SIGHUP: IXFR again */
	/* The primary list may have shrunk under a round. */
	if (z->try_idx >= cz->nprimaries)
		z->try_idx = cz->nprimaries - 1;
	/* The new config may have fixed the cause of an error: try now. */
	switch (z->err.kind) {
	case E_RELOAD:
	case E_RELOAD_QUEUE:
	case E_RELOAD_EXPAND:
		if (z->reload_pending)
			sc_timer_in(z, T_RELOAD, 0);
		break;
	case E_NOT_SERVED:
	case E_VERIFY:
		/* Not loaded yet: reload it; else ask what named serves. */
		sc_timer_in(z, z->reload_pending ? T_RELOAD : T_VERIFY, 0);
		break;
	case E_CHECK:
	case E_SHRINK:
	case E_INSTALL:
		if (z->phase == P_IDLE)
			sc_timer_in(z, T_REFRESH, 0);
		break;
	default:
		break;
	}
	/*
	 * masterfile-format changed: rewrite the file now (see soa_done).
	 * With named-include, named learns the new format from the
	 * include's reconfig, which does not reload a zone it has: so the
	 * rewrite and its reload wait for that reconfig (up to 10 s), or
	 * named would read the new file in the old format.
	 */
	z->format_wait = false;
	if (z->info_loaded && z->local.have && z->phase == P_IDLE &&
	    z->disk_format != (int)cz->opts.masterfile_format) {
		z->format_wait = sc_conf != NULL &&
		    sc_conf->named_include != NULL;
		sc_timer_in(z, T_REFRESH, z->format_wait ? 10 : 0);
	}
	rewake();
}

void
sched_zone_remove(struct szone *z, bool quiet)
{
	if (!quiet)
		log_cat_info(LOG_CAT_CONFIG, "%s: removed from the "
		    "configuration; no longer synced",
		    z->name);
	else if (z->phase == P_XFR)
		log_info("%s: transfer abandoned; %s is untouched", z->name,
		    z->cz->file);
	switch (z->phase) {
	case P_SOA:
	case P_VERIFY:
	case P_SERVED:
		sc_io.soa_cancel(sc_io.ctx, z);
		break;
	case P_XFR_WAIT:
		TAILQ_REMOVE(&xq, z, xq);
		break;
	case P_XFR:
		sc_io.xfr_abort(sc_io.ctx, z);
		xfr_end(z);
		break;
	case P_RELOAD:
		sc_io.reload_cancel(sc_io.ctx, z);
		break;
	default:
		break;
	}
	if (once_mode && !z->round_done && once_left > 0)
		once_left--;
	if (z->phase == P_CHECK && !quiet) {
		int k;

		/* The check's child cannot be called off: free on its end. */
		z->removed = true;
		for (k = 0; k < T_COUNT; k++)
			sc_timer_cancel(z, (enum sched_timer)k);
	} else
		zone_free(z);
	rewake();
}

void
sched_zone_refresh(struct szone *z, unsigned flags)
{
	if (flags & (SCHED_RETRANSFER | SCHED_OVERRIDE))
		z->force = true;
	if (flags & SCHED_OVERRIDE)
		z->override = true;
	if (z->phase == P_IDLE)
		sc_round_start(z);
	else
		z->again = true;
	rewake();
}

void
sched_zone_notify(struct szone *z, bool have_serial, uint32_t serial)
{
	enum zstate s = sched_zone_state(z);
	double at;

	z->notifies++;
	if (have_serial) {
		struct zs_soa soa;

		memset(&soa, 0, sizeof(soa));
		soa.serial = serial;
		sc_soa_learn(&z->notified, &soa);
	}
	/*
	 * As BIND: a NOTIFY for a serial we already have, or are already
	 * fetching, starts nothing (the serial is a hint, RFC 1996 3.7).
	 */
	if (have_serial && !z->force && (s == Z_OK || s == Z_REFRESHING ||
	    s == Z_TRANSFERRING)) {
		bool have = z->local.have &&
		    zs_serial_cmp(serial, z->local.serial) != ZS_SERIAL_GT;
		bool fetching = z->phase >= P_XFR_WAIT && z->primary.have &&
		    zs_serial_cmp(serial, z->primary.serial) != ZS_SERIAL_GT;

		if (have || fetching) {
			log_debug("%s: NOTIFY for serial %u: nothing new",
			    z->name, serial);
			goto out;
		}
	}
	if (z->phase != P_IDLE) {
		z->again = true;
		goto out;
	}
	/*
	 * Between rounds too, a check starts no sooner than AGAIN_SPACING
	 * after the last one began: a burst longer than one SOA round trip
	 * would otherwise start a round per round trip.
	 */
	at = z->round_started + AGAIN_SPACING;
	if (z->round_started > 0 && sc_now() < at) {
		if (!timer_armed(z, T_REFRESH) || z->t[T_REFRESH].e.when > at)
			timer_at(z, T_REFRESH, at);
	} else
		sc_round_start(z);
out:
	sc_changed();
	rewake();
}

const struct zs_conf_zone *
sched_zone_conf(const struct szone *z)
{
	return z->cz;
}

const char *
sched_zone_name(const struct szone *z)
{
	return z->name;
}

void **
sched_zone_ioslot(struct szone *z)
{
	return &z->ioslot;
}

void
sched_zone_status(const struct szone *z, struct zone_status *st)
{
	double next = -1;

	memset(st, 0, sizeof(*st));
	st->name = z->name;
	st->file = z->cz->file;
	st->in_named = z->in_named;
	st->state = sched_zone_state(z);
	st->phase = z->phase;
	st->err_kind = z->err.kind;
	st->have_local = z->local.have;
	st->local_serial = z->local.serial;
	st->have_primary = z->primary.have;
	st->primary_serial = z->primary.serial;
	snprintf(st->primary, sizeof(st->primary), "%s", z->primary_text);
	st->have_served = z->served.have;
	st->served_serial = z->served.serial;
	st->served_checked = z->served.have ? z->served.wall : 0;
	st->have_notified = z->notified.have;
	st->notified_serial = z->notified.serial;
	st->last_check = z->last_check;
	st->last_ok = z->last_ok_wall;
	st->last_xfer = z->last_xfer;
	st->last_xfer_serial = z->last_xfer_serial;
	st->last_xfer_records = z->last_xfer_records;
	st->last_xfer_bytes = z->last_xfer_bytes;
	st->last_xfer_secs = z->last_xfer_secs;
	snprintf(st->last_xfer_kind, sizeof(st->last_xfer_kind), "%s",
	    z->last_xfer_kind);
	snprintf(st->last_xfer_why, sizeof(st->last_xfer_why), "%s",
	    z->last_xfer_why);
	st->last_xfer_deltas = z->last_xfer_deltas;
	st->xfers_ixfr = z->xfers_ixfr;
	st->ixfr_fallbacks = z->ixfr_fallbacks;
	if (z->phase == P_IDLE) {
		if (timer_armed(z, T_REFRESH))
			next = z->t[T_REFRESH].e.when;
		if (timer_armed(z, T_RETRY) && (next < 0 ||
		    z->t[T_RETRY].e.when < next))
			next = z->t[T_RETRY].e.when;
	}
	st->next_check = next >= 0 ? wall_at(next) : 0;
	st->failures = z->failures;
	sched_error_text(&z->err, z->name, st->last_error,
	    sizeof(st->last_error));
	st->xfers_ok = z->xfers_ok;
	st->xfers_failed = z->xfers_failed;
	st->xfer_bytes_total = z->xfer_bytes_total;
	st->xfer_records_total = z->xfer_records_total;
	st->notifies = z->notifies;
}

int
sched_once_status(void)
{
	return once_failed ? 1 : 0;
}
