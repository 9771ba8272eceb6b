/*
 * check_sched.c - the refresh state machine (agent/sched.c) and the zone
 * registry (agent/zones.c) driven by a fake clock and fake SOA, transfer,
 * check, reload and verify modules: each case asserts the exact sequence
 * of actions the scheduler asks for and the state it reports.
 */
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_util.h"
#include "conf.h"
#include "dname.h"
#include "err.h"
#include "log.h"
#include "msg.h"
#include "sched.h"
#include "wire.h"
#include "zonefile.h"
#include "zones.h"

/* ------------------------------------------------------------ the fakes */

static double fake_now;		/* monotonic seconds */
static double fake_wake = -1;	/* the deadline the scheduler asked for */
static double fake_random;	/* the jitter draw */
static int soa_send_err;	/* what soa_query returns */
static int xfr_start_err;	/* what xfr_start returns */
static struct sched_xfr_req last_req;	/* what the last xfr_start asked */
static bool no_snapshot;		/* xfr_start asks AXFR after all */
static bool stopped;
static char actions[8192];	/* one line per action, in order */
static struct zs_event events[32];
static char event_errors[32][800];
static size_t nevents;
static char tmpdir[64];

static void
act(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
act(const char *fmt, ...)
{
	size_t n = strlen(actions);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(actions + n, sizeof(actions) - n, fmt, ap);
	va_end(ap);
	n = strlen(actions);
	snprintf(actions + n, sizeof(actions) - n, "\n");
}

static double
f_now(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static time_t
f_wall(void *ctx)
{
	(void)ctx;
	return (time_t)(1800000000 + fake_now);
}

static double
f_random(void *ctx)
{
	(void)ctx;
	return fake_random;
}

static void
f_wake(void *ctx, double when)
{
	(void)ctx;
	fake_wake = when;
}

static const char *
srv(const struct zs_conf_server *s, char *buf)
{
	return zs_addr_totext(&s->addr, buf, ZS_ADDR_TEXTLEN);
}

static int
f_soa_query(void *ctx, struct szone *z, const struct zs_conf_server *s,
    bool verify)
{
	char buf[ZS_ADDR_TEXTLEN];

	(void)ctx;
	act("%s %s %s", verify ? "verify" : "soa", sched_zone_name(z),
	    srv(s, buf));
	return soa_send_err;
}

static void
f_soa_cancel(void *ctx, struct szone *z)
{
	(void)ctx;
	act("soa-cancel %s", sched_zone_name(z));
}

static int
f_xfr_start(void *ctx, struct szone *z, const struct zs_conf_server *p,
    struct sched_xfr_req *req, char *err, size_t errlen)
{
	char buf[ZS_ADDR_TEXTLEN];

	(void)ctx;
	last_req = *req;
	if (no_snapshot)
		req->ixfr = false;	/* as xfrin without a snapshot */
	act("xfr %s %s", sched_zone_name(z), srv(p, buf));
	if (xfr_start_err != 0)
		snprintf(err, errlen, "cannot connect");
	return xfr_start_err;
}

static void
f_xfr_abort(void *ctx, struct szone *z)
{
	(void)ctx;
	act("xfr-abort %s", sched_zone_name(z));
}

static int
f_check_start(void *ctx, struct szone *z, char **argv)
{
	(void)ctx;
	act("check %s %s", sched_zone_name(z), argv[0]);
	return 0;
}

static int
f_reload_start(void *ctx, struct szone *z, const char *zone, char **argv)
{
	(void)ctx;
	(void)z;
	act("reload %s%s", zone, argv == NULL ? " (rndc-server)" : "");
	return 0;
}

static void
f_reload_cancel(void *ctx, struct szone *z)
{
	(void)ctx;
	act("reload-cancel %s", sched_zone_name(z));
}

static void
f_stop(void *ctx)
{
	(void)ctx;
	stopped = true;
	act("stop");
}

static void
o_event(void *arg, struct zs_event *e)
{
	(void)arg;
	ck_assert_uint_lt(nevents, 32);
	events[nevents] = *e;
	snprintf(event_errors[nevents], sizeof(event_errors[0]), "%s",
	    e->error != NULL ? e->error : "");
	nevents++;
}

static void
o_change(void *arg)
{
	(void)arg;
}

static const struct sched_io fake_io = { NULL, f_now, f_wall, f_random,
	f_wake, f_soa_query, f_soa_cancel, f_xfr_start, f_xfr_abort,
	f_check_start, f_reload_start, f_reload_cancel, f_stop, NULL };
static const struct sched_observer fake_obs = { NULL, o_event, o_change };

/* ------------------------------------------------------------ helpers */

#define OPTS	"min-refresh-time 300; max-refresh-time 3600; "	\
		"min-retry-time 60; max-retry-time 600; "		\
		"reload-command \"rndc reload %%z\"; "
#define VERIFY	"verify-server 127.0.0.1 port 5300; verify-interval 0; "
#define VERIFY_EVERY "verify-server 127.0.0.1 port 5300; " \
		"verify-interval 300; "
#define ZONE_A	"zone \"a.test\" { primaries { 192.0.2.1; 192.0.2.2; }; };\n"
#define ZONE_B	"zone \"b.test\" { primaries { 192.0.2.3; }; };\n"

static struct zs_conf *
conf_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static struct zs_conf *
conf_of(const char *fmt, ...)
{
	char opts[1024], text[4096], err[512];
	struct zs_conf *c = NULL;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(opts, sizeof(opts), fmt, ap);
	va_end(ap);
	snprintf(text, sizeof(text), "options { directory \"%s\"; %s", tmpdir,
	    opts);
	ck_assert_msg(zs_conf_parse_string(text, "test.conf", &c, err,
	    sizeof(err)) == 0, "config: %s", err);
	return c;
}

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/zs-check-sched.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	fake_now = 1000;
	fake_wake = -1;
	fake_random = 0;
	soa_send_err = xfr_start_err = 0;
	no_snapshot = false;
	stopped = false;
	actions[0] = '\0';
	nevents = 0;
	log_init("check_sched", 1, 0);
	/* The scheduler's log lines go to a file the cases can read (and to
	 * the terminal with ZS_TEST_VERBOSE=1). */
	if (getenv("ZS_TEST_VERBOSE") == NULL) {
		char p[96];

		snprintf(p, sizeof(p), "%s/log", tmpdir);
		ck_assert_ptr_nonnull(freopen(p, "w", stderr));
	}
}

/* Log lines so far that contain text. */
static int
log_lines(const char *text)
{
	char p[96], line[1024];
	FILE *fp;
	int n = 0;

	fflush(stderr);
	snprintf(p, sizeof(p), "%s/log", tmpdir);
	if ((fp = fopen(p, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strstr(line, text) != NULL)
			n++;
	fclose(fp);
	return n;
}

static void
teardown(void)
{
	char cmd[128];

	zones_stop();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

static const struct zs_statefile *test_state;	/* what a restart finds */

static void
start(struct zs_conf *c, bool once)
{
	sched_init(&fake_io, &fake_obs, once);
	zones_start(c, once, test_state);
}

/* Move the fake clock to now + secs, firing every timer due on the way. */
static void
advance(double secs)
{
	double until = fake_now + secs;

	while (fake_wake >= 0 && fake_wake <= until) {
		if (fake_wake > fake_now)
			fake_now = fake_wake;
		sched_run_timers();
	}
	fake_now = until;
}

/* The next action must be want (exactly); it is consumed. */
#define expect(want) expect_at(__LINE__, want)

static void
expect_at(int line, const char *want)
{
	char *nl = strchr(actions, '\n');

	ck_assert_msg(nl != NULL, "line %d: want action \"%s\", got none",
	    line, want);
	*nl = '\0';
	ck_assert_msg(strcmp(actions, want) == 0, "line %d: want action "
	    "\"%s\", got \"%s\"", line, want, actions);
	memmove(actions, nl + 1, strlen(nl + 1) + 1);
}

#define expect_none() ck_assert_msg(actions[0] == '\0', \
	"line %d: unexpected actions:\n%s", __LINE__, actions)

static struct szone *
Z(const char *name)
{
	uint8_t w[ZS_DNAME_MAXLEN];
	size_t wl;
	struct szone *z;

	ck_assert_int_eq(zs_dname_from_text(name, strlen(name), NULL, 0, w,
	    &wl), 0);
	z = zones_find(w, wl);
	ck_assert_ptr_nonnull(z);
	return z;
}

static struct zone_status
st(const char *name)
{
	struct zone_status s;

	sched_zone_status(Z(name), &s);
	return s;
}

#define expect_state(zone, want) ck_assert_str_eq( \
	zstate_name(sched_zone_state(Z(zone))), want)

static uint32_t soa_refresh = 1000, soa_retry = 100, soa_expire = 5000;

static void
soa_answer(const char *zone, uint32_t serial)
{
	struct soa_result r;

	memset(&r, 0, sizeof(r));
	r.soa.serial = serial;
	r.soa.refresh = soa_refresh;
	r.soa.retry = soa_retry;
	r.soa.expire = soa_expire;
	r.aa = 1;
	sched_soa_done(Z(zone), &r);
}

static void
soa_timeout(const char *zone)
{
	struct soa_result r;

	memset(&r, 0, sizeof(r));
	r.err = -ETIMEDOUT;
	snprintf(r.errtext, sizeof(r.errtext), "timed out");
	sched_soa_done(Z(zone), &r);
}

static void
soa_rcode(const char *zone, unsigned rcode)
{
	struct soa_result r;

	memset(&r, 0, sizeof(r));
	r.err = ZS_ERCODE;
	r.rcode = rcode;
	snprintf(r.errtext, sizeof(r.errtext), "server answered %s",
	    zs_rcode_name(rcode));
	sched_soa_done(Z(zone), &r);
}

/* A finished transfer of zone at serial: a real file, as xfrin leaves it. */
static void
xfr_ok(const char *zone, uint32_t serial, uint64_t records)
{
	const struct zs_conf_zone *cz = sched_zone_conf(Z(zone));
	struct zs_zonefile_meta meta = { "192.0.2.1#53", 1800000000,
	    ZS_ZONEFILE_TEXT };
	struct sched_xfr_outcome o;
	uint8_t msg[512];
	struct zs_wr wr = zs_wr_init(msg, sizeof(msg));
	struct zs_rd rd;
	struct zs_rr rr;

	zs_wr_bytes(&wr, cz->wire, cz->wirelen);
	zs_wr_u16(&wr, 6);
	zs_wr_u16(&wr, 1);
	zs_wr_u32(&wr, 3600);
	zs_wr_u16(&wr, 22);
	zs_wr_u8(&wr, 0);
	zs_wr_u8(&wr, 0);
	zs_wr_u32(&wr, serial);
	zs_wr_u32(&wr, soa_refresh);
	zs_wr_u32(&wr, soa_retry);
	zs_wr_u32(&wr, soa_expire);
	zs_wr_u32(&wr, 300);
	ck_assert_int_eq(wr.err, 0);
	rd = zs_rd_init(msg, wr.pos);
	ck_assert_int_eq(zs_msg_read_rr(&rd, &rr), 0);
	memset(&o, 0, sizeof(o));
	ck_assert_int_eq(zs_zonefile_open(&o.zf, cz->file, cz->wire,
	    cz->wirelen, 1, &meta), 0);
	ck_assert_int_eq(zs_zonefile_add(o.zf, &rr), 0);
	ck_assert_int_eq(zs_zonefile_finish(o.zf, serial), 0);
	o.res.serial = serial;
	o.res.records = records;
	o.res.bytes = 100 * records;
	sched_xfr_done(Z(zone), &o);
}

static void
xfr_fail(const char *zone, const char *why)
{
	struct sched_xfr_outcome o;

	memset(&o, 0, sizeof(o));
	o.err = ZS_ETRUNC;
	o.errtext = why;
	sched_xfr_done(Z(zone), &o);
}

/* An IXFR the primary had failed (xfrin_ixfr_failed). */
static void
ixfr_fail(const char *zone, int err, const char *why)
{
	struct sched_xfr_outcome o;

	memset(&o, 0, sizeof(o));
	o.err = err;
	o.errtext = why;
	o.ixfr_failed = true;
	sched_xfr_done(Z(zone), &o);
}

static void
run_done(const char *zone, bool ok, void (*fn)(struct szone *,
    const struct sched_run_outcome *))
{
	struct sched_run_outcome r;

	memset(&r, 0, sizeof(r));
	r.ok = ok;
	r.exited = true;
	r.status = ok ? 0 : 1;
	r.output = ok ? "" : "rndc: connect failed: connection refused\n";
	fn(Z(zone), &r);
}

static uint32_t
file_serial(const char *zone)
{
	struct zs_zonefile_info info;

	if (zs_zonefile_read_info(sched_zone_conf(Z(zone))->file, &info) != 0)
		return 0;
	return info.serial;
}

/* From the first round's start to "ok" at serial, with verify-server. */
static void
first_fill(const char *zone, const char *primary, uint32_t serial)
{
	char line[128];

	advance(0);
	snprintf(line, sizeof(line), "soa %s %s#53", zone, primary);
	expect(line);
	soa_answer(zone, serial);
	snprintf(line, sizeof(line), "xfr %s %s#53", zone, primary);
	expect(line);
	xfr_ok(zone, serial, 10);
	snprintf(line, sizeof(line), "reload %s", zone);
	expect(line);
	run_done(zone, true, sched_reload_done);
	snprintf(line, sizeof(line), "verify %s 127.0.0.1#5300", zone);
	expect(line);
	soa_answer(zone, serial);
	expect_none();
}

/* ------------------------------------------------------------ cases */

START_TEST(first_round_fills_and_verifies)
{
	struct zone_status s;

	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	expect_none();
	expect_state("a.test", "refreshing");
	advance(0);
	expect("soa a.test 192.0.2.1#53");
	expect_state("a.test", "refreshing");
	soa_answer("a.test", 10);
	expect("xfr a.test 192.0.2.1#53");
	expect_state("a.test", "transferring");
	xfr_ok("a.test", 10, 10);
	expect("reload a.test");
	ck_assert_uint_eq(file_serial("a.test"), 10);
	ck_assert_uint_eq(nevents, 1);
	ck_assert_uint_eq(events[0].type, ZS_EV_ZONE_UPDATED);
	ck_assert_uint_eq(events[0].new_serial, 10);
	ck_assert(!events[0].have_old);
	run_done("a.test", true, sched_reload_done);
	expect("verify a.test 127.0.0.1#5300");
	expect_state("a.test", "transferring");
	soa_answer("a.test", 10);
	expect_none();
	expect_state("a.test", "ok");
	s = st("a.test");
	ck_assert(s.have_local && s.local_serial == 10);
	ck_assert(s.have_served && s.served_serial == 10);
	ck_assert(s.have_primary && s.primary_serial == 10);
	ck_assert_str_eq(s.last_error, "");
	ck_assert_uint_eq(s.xfers_ok, 1);
	/* Refresh 1000 s, jitter draw 0: the next check in exactly 1000 s. */
	ck_assert_int_eq((long)s.next_check, (long)(1800000000 + 1000 + 1000));
	advance(999.9);
	expect_none();
	advance(0.1);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 10);
	expect_none();
	expect_state("a.test", "ok");
}
END_TEST

START_TEST(refresh_clamped_and_jittered)
{
	start(conf_of(OPTS "};\n" ZONE_A), false);
	/* No verify-server: ok once the reload exits 0. */
	advance(0);
	expect("soa a.test 192.0.2.1#53");
	soa_refresh = 100;		/* under min-refresh-time 300 */
	soa_answer("a.test", 1);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 1, 3);
	expect("reload a.test");
	fake_random = 0.5;		/* 300 less 12.5% */
	run_done("a.test", true, sched_reload_done);
	expect_none();
	expect_state("a.test", "ok");
	advance(262.4);
	expect_none();
	advance(0.1);
	expect("soa a.test 192.0.2.1#53");
	soa_refresh = 100000;		/* over max-refresh-time 3600 */
	fake_random = 0;
	soa_answer("a.test", 1);
	expect_none();
	advance(3599.9);
	expect_none();
	advance(0.1);
	expect("soa a.test 192.0.2.1#53");
	soa_refresh = 1000;
}
END_TEST

START_TEST(retry_backs_off_then_expires)
{
	struct zone_status s;
	int i;

	soa_expire = 1500;
	start(conf_of(VERIFY OPTS "};\n" ZONE_B), false);
	first_fill("b.test", "192.0.2.3", 7);
	advance(1000);
	expect("soa b.test 192.0.2.3#53");
	soa_timeout("b.test");
	expect_none();
	expect_state("b.test", "retrying");
	s = st("b.test");
	ck_assert_uint_eq(s.failures, 1);
	ck_assert_str_eq(s.last_error,
	    "SOA query to 192.0.2.3#53 failed: timed out");
	/* retry 100 s: 1x, 1x, 2x, 2x, 4x ... */
	advance(100);
	expect("soa b.test 192.0.2.3#53");
	soa_timeout("b.test");
	advance(99);
	expect_none();
	advance(1);
	expect("soa b.test 192.0.2.3#53");
	soa_timeout("b.test");
	advance(199);
	expect_none();
	advance(1);
	expect("soa b.test 192.0.2.3#53");
	soa_timeout("b.test");
	ck_assert_uint_eq(st("b.test").failures, 4);
	expect_state("b.test", "retrying");
	/* Four failures, one line: said when it starts, not every retry. */
	if (getenv("ZS_TEST_VERBOSE") == NULL)
		ck_assert_int_eq(log_lines("b.test: SOA query to 192.0.2.3#53 "
		    "failed: timed out"), 1);
	ck_assert_uint_eq(nevents, 1);	/* zone-updated only */
	/* The last good answer was at t=1000; expire 1500 s: past 2500. */
	ck_assert(fake_now < 2500);
	advance(2500 - fake_now);
	expect_state("b.test", "retrying");
	advance(0.01);
	expect_state("b.test", "expired");
	ck_assert_uint_eq(nevents, 2);
	ck_assert_uint_eq(events[1].type, ZS_EV_ZONE_EXPIRED);
	/* Said once, however many retries fail after. */
	for (i = 0; i < 3; i++) {
		advance(400);
		while (strstr(actions, "soa b.test") != NULL) {
			expect("soa b.test 192.0.2.3#53");
			soa_timeout("b.test");
		}
	}
	ck_assert_uint_eq(nevents, 2);
	expect_state("b.test", "expired");
	/* Backed off to max-retry-time; the primary answers again: ok. */
	ck_assert_int_eq((int)(st("b.test").next_check - f_wall(NULL)), 600);
	advance(600);
	expect("soa b.test 192.0.2.3#53");
	soa_answer("b.test", 7);
	expect_state("b.test", "ok");
	ck_assert_uint_eq(st("b.test").failures, 0);
	/* ... and when it ends. */
	if (getenv("ZS_TEST_VERBOSE") == NULL) {
		ck_assert_int_eq(log_lines("b.test: SOA query to 192.0.2.3#53 "
		    "failed"), 1);
		ck_assert_int_eq(log_lines("b.test: recovered after "), 1);
	}
	soa_expire = 5000;
}
END_TEST

START_TEST(failover_across_primaries)
{
	struct zone_status s;

	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	advance(0);
	expect("soa a.test 192.0.2.1#53");
	soa_timeout("a.test");
	expect("soa a.test 192.0.2.2#53");
	soa_answer("a.test", 5);
	expect("xfr a.test 192.0.2.2#53");
	/* The transfer from .2 fails: back to the SOA, at the next one. */
	xfr_fail("a.test", "malformed message");
	expect_none();
	expect_state("a.test", "retrying");
	s = st("a.test");
	ck_assert_str_eq(s.last_error,
	    "transfer from 192.0.2.2#53 failed: malformed message");
	ck_assert_uint_eq(s.xfers_failed, 1);
	ck_assert_uint_eq(nevents, 1);
	ck_assert_uint_eq(events[0].type, ZS_EV_TRANSFER_FAILED);
	ck_assert_str_eq(event_errors[0], s.last_error);
	/* No SOA known from a file: retry after ZS_TIMING... no: .2 gave 100. */
	advance(100);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 5);
	expect("xfr a.test 192.0.2.1#53");
	xfr_start_err = 0;
	xfr_ok("a.test", 5, 4);
	expect("reload a.test");
	run_done("a.test", true, sched_reload_done);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 5);
	expect_state("a.test", "ok");
	ck_assert_str_eq(st("a.test").last_error, "");
	/* A primary that cannot be asked at all counts as failed too. */
	advance(1000);
	expect("soa a.test 192.0.2.1#53");
	soa_send_err = ZS_ENOMEM;
	soa_timeout("a.test");
	expect("soa a.test 192.0.2.2#53");
	expect_none();
	expect_state("a.test", "retrying");
	soa_send_err = 0;
}
END_TEST

START_TEST(notify_in_every_phase)
{
	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	first_fill("a.test", "192.0.2.1", 10);
	/* Idle, 0.5 s after the last round began: starts a round now. */
	advance(5);
	sched_zone_notify(Z("a.test"), true, 11);
	expect("soa a.test 192.0.2.1#53");
	ck_assert(st("a.test").have_notified);
	ck_assert_uint_eq(st("a.test").notified_serial, 11);
	/* During the SOA query: queued, one round after this one. */
	sched_zone_notify(Z("a.test"), true, 12);
	sched_zone_notify(Z("a.test"), false, 0);
	expect_none();
	soa_answer("a.test", 12);
	expect("xfr a.test 192.0.2.1#53");
	/* During the transfer, for the serial being fetched: nothing. */
	sched_zone_notify(Z("a.test"), true, 12);
	xfr_ok("a.test", 12, 10);
	expect("reload a.test");
	/* During the reload and the verify: queued. */
	sched_zone_notify(Z("a.test"), true, 13);
	run_done("a.test", true, sched_reload_done);
	expect("verify a.test 127.0.0.1#5300");
	sched_zone_notify(Z("a.test"), true, 13);
	soa_answer("a.test", 12);
	expect_none();
	/* The queued check: AGAIN_SPACING (0.5 s) after the round began. */
	advance(0.5);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 12);
	expect_none();
	ck_assert_uint_eq(st("a.test").notifies, 6);
	/* For a serial we have: nothing. */
	advance(10);
	sched_zone_notify(Z("a.test"), true, 12);
	sched_zone_notify(Z("a.test"), true, 11);
	expect_none();
	/* A burst between rounds: one round, 0.5 s after the last began. */
	sched_zone_notify(Z("a.test"), false, 0);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 12);
	sched_zone_notify(Z("a.test"), false, 0);
	sched_zone_notify(Z("a.test"), false, 0);
	expect_none();
	advance(0.4);
	expect_none();
	advance(0.1);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 12);
	expect_none();
}
END_TEST

START_TEST(serial_backwards_then_retransfer)
{
	struct zone_status s;

	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	first_fill("a.test", "192.0.2.1", 100);
	advance(1000);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 99);
	expect_none();
	expect_state("a.test", "error");
	s = st("a.test");
	ck_assert_str_eq(s.last_error, "serial 99 at 192.0.2.1#53 is not "
	    "newer than ours (100, RFC 1982); keeping ours (`zonesyncd "
	    "retransfer a.test` takes the primary's)");
	ck_assert_uint_eq(s.failures, 0);
	/* Not a failure of the primary: the next check at the refresh. */
	advance(999);
	expect_none();
	advance(1);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 99);
	expect_state("a.test", "error");
	/* retransfer: the primary's zone, whatever its serial. */
	sched_zone_refresh(Z("a.test"), SCHED_RETRANSFER);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 99);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 99, 10);
	expect("reload a.test");
	run_done("a.test", true, sched_reload_done);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 99);
	expect_state("a.test", "ok");
	ck_assert_uint_eq(file_serial("a.test"), 99);
}
END_TEST

START_TEST(transfer_older_than_ours_is_refused)
{
	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	first_fill("a.test", "192.0.2.1", 50);
	advance(1000);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 51);
	expect("xfr a.test 192.0.2.1#53");
	/* The SOA answer said 51; the transfer itself carries 49. */
	xfr_ok("a.test", 49, 10);
	expect("soa a.test 192.0.2.2#53");
	ck_assert_str_eq(st("a.test").last_error, "transfer from 192.0.2.1#53 "
	    "failed: it carries serial 49, not newer than ours (50, RFC 1982); "
	    "keeping ours");
	ck_assert_uint_eq(file_serial("a.test"), 50);
	soa_answer("a.test", 51);
	expect("xfr a.test 192.0.2.2#53");
	xfr_ok("a.test", 50, 10);	/* the same serial: refused too */
	expect_none();
	expect_state("a.test", "retrying");
	ck_assert_uint_eq(file_serial("a.test"), 50);
	ck_assert_uint_eq(st("a.test").xfers_failed, 2);
	/* retransfer takes whatever the primary has. */
	sched_zone_refresh(Z("a.test"), SCHED_RETRANSFER);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 51);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 49, 10);
	expect("reload a.test");
	ck_assert_uint_eq(file_serial("a.test"), 49);
}
END_TEST

START_TEST(reload_failure_retried_then_error)
{
	struct zone_status s;
	size_t n;

	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	advance(0);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 3);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 3, 10);
	expect("reload a.test");
	/* named restarting: tried again 1 s later, and it works. */
	run_done("a.test", false, sched_reload_done);
	expect_none();
	advance(1);
	expect("reload a.test");
	run_done("a.test", true, sched_reload_done);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 3);
	expect_state("a.test", "ok");
	/* Three failures in a row: error, event, and the next round. */
	advance(1000);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 4);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 4, 10);
	expect("reload a.test");
	run_done("a.test", false, sched_reload_done);
	advance(1);
	expect("reload a.test");
	run_done("a.test", false, sched_reload_done);
	advance(1);
	expect("reload a.test");
	run_done("a.test", false, sched_reload_done);
	expect_none();
	expect_state("a.test", "error");
	s = st("a.test");
	ck_assert_str_eq(s.last_error, "reload failed (exit 1), named may "
	    "still serve serial 4's predecessor: rndc: connect failed: "
	    "connection refused");
	ck_assert_uint_eq(events[nevents - 1].type, ZS_EV_VERIFY_FAILED);
	/* Tried again on its own backoff, 2 s then 4 s, not the SOA retry. */
	n = nevents;
	advance(1.9);
	expect_none();
	advance(0.1);
	expect("reload a.test");
	run_done("a.test", false, sched_reload_done);
	ck_assert_uint_eq(nevents, n);		/* said once */
	expect_state("a.test", "error");
	advance(3.9);
	expect_none();
	advance(0.1);
	expect("reload a.test");
	/* named is back. */
	run_done("a.test", true, sched_reload_done);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 4);
	expect_none();
	expect_state("a.test", "ok");
	ck_assert_uint_eq(nevents, n + 1);
	ck_assert_uint_eq(events[n].type, ZS_EV_ZONE_RECOVERED);
	ck_assert_str_eq(st("a.test").last_error, "");
	/* The SOA retry armed by the failed round became a refresh. */
	advance(999);
	expect_none();
	advance(1);
	expect("soa a.test 192.0.2.1#53");
}
END_TEST

START_TEST(coalesced_reload_then_own_reload)
{
	struct sched_run_outcome ok = { .ok = true, .coalesced = true,
	    .batch = 3, .exited = true, .output = "" };
	double t0;

	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	advance(0);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 2);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 2, 10);
	expect("reload a.test");
	/* `rndc reload` for many zones: exit 0 whatever this zone did. */
	sched_reload_done(Z("a.test"), &ok);
	expect("verify a.test 127.0.0.1#5300");
	soa_rcode("a.test", ZS_RCODE_SERVFAIL);
	advance(1.9);
	while (strstr(actions, "verify") != NULL) {
		expect("verify a.test 127.0.0.1#5300");
		soa_rcode("a.test", ZS_RCODE_SERVFAIL);
	}
	advance(0.5);
	expect("verify a.test 127.0.0.1#5300");
	/* Not served 2 s on: this zone's own reload, which says why. */
	soa_rcode("a.test", ZS_RCODE_SERVFAIL);
	expect("reload a.test");
	run_done("a.test", false, sched_reload_done);
	advance(1);
	expect("reload a.test");
	run_done("a.test", false, sched_reload_done);
	advance(1);
	expect("reload a.test");
	run_done("a.test", false, sched_reload_done);
	expect_state("a.test", "error");
	ck_assert(fake_now - 1000 < 6);	/* seconds, not verify-timeout */
	zones_stop();
	/* A batch of 5,000 zones: named needs time to load them all first. */
	ok.batch = 5000;
	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	advance(0);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 3);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 3, 10);
	expect("reload a.test");
	sched_reload_done(Z("a.test"), &ok);
	expect("verify a.test 127.0.0.1#5300");
	t0 = fake_now;
	/* named still serves 2: its own reload only past 2 s + 5,000 x 2 ms. */
	for (;;) {
		soa_answer("a.test", 2);
		if (strstr(actions, "reload a.test") != NULL)
			break;
		ck_assert_msg(fake_now - t0 < 20, "no own reload in 20 s");
		advance(3.2);
		expect("verify a.test 127.0.0.1#5300");
	}
	ck_assert_msg(fake_now - t0 >= 12, "own reload after %.1f s",
	    fake_now - t0);
	expect("reload a.test");
}
END_TEST

START_TEST(verify_waits_then_fails)
{
	struct zone_status s;
	double t0;
	int n = 0;

	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	first_fill("a.test", "192.0.2.1", 1);
	advance(1000);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 2);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 2, 10);
	expect("reload a.test");
	run_done("a.test", true, sched_reload_done);
	expect("verify a.test 127.0.0.1#5300");
	t0 = fake_now;
	/* named still serves 1: asked again at 0.05, 0.1, 0.2 ... 2 s. */
	soa_answer("a.test", 1);
	expect_none();
	ck_assert_str_eq(st("a.test").last_error,
	    "waiting for named to serve serial 2 (it serves 1)");
	expect_state("a.test", "transferring");
	advance(0.05);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 1);
	advance(0.1);
	expect("verify a.test 127.0.0.1#5300");
	while (fake_now < t0 + 61) {
		soa_answer("a.test", 1);
		advance(3.2);	/* the wait doubles up to 3.2 s */
		if (strstr(actions, "verify") == NULL)
			break;
		expect("verify a.test 127.0.0.1#5300");
		n++;
	}
	ck_assert_int_gt(n, 15);
	expect_none();
	expect_state("a.test", "error");
	s = st("a.test");
	ck_assert_str_eq(s.last_error, "named at 127.0.0.1#5300 serves "
	    "serial 1, not 2, 60 s after the reload; see named's log");
	ck_assert_uint_eq(events[nevents - 1].type, ZS_EV_VERIFY_FAILED);
	ck_assert(s.have_served && s.served_serial == 1);
}
END_TEST

START_TEST(check_command_and_shrink_keep_the_old_file)
{
	struct zone_status s;

	start(conf_of(VERIFY OPTS "check-command \"named-checkzone %%z "
	    "%%f\"; max-shrink-percent 50; };\n" ZONE_A), false);
	advance(0);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 1);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 1, 100);
	expect("check a.test named-checkzone");
	run_done("a.test", true, sched_check_done);
	expect("reload a.test");
	run_done("a.test", true, sched_reload_done);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 1);
	expect_state("a.test", "ok");
	/* The check refuses serial 2: serial 1 stays. */
	advance(1000);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 2);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 2, 100);
	expect("check a.test named-checkzone");
	run_done("a.test", false, sched_check_done);
	expect_none();
	expect_state("a.test", "error");
	s = st("a.test");
	ck_assert_str_eq(s.last_error, "check-command refused serial 2 "
	    "(exit 1); keeping serial 1: rndc: connect failed: connection "
	    "refused");
	ck_assert_uint_eq(file_serial("a.test"), 1);
	ck_assert_uint_eq(events[nevents - 1].type, ZS_EV_CHECK_FAILED);
	/* Serial 3 would shrink 100 records to 40: refused before the check. */
	advance(100);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 3);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 3, 40);
	expect_none();
	expect_state("a.test", "error");
	ck_assert_str_eq(st("a.test").last_error, "serial 3 would shrink the "
	    "zone from 100 to 40 records, more than max-shrink-percent 50%; "
	    "keeping serial 1 (`zonesyncd retransfer --force a.test` installs "
	    "it)");
	ck_assert_uint_eq(file_serial("a.test"), 1);
	/* The primary goes back to what we have: the refusal is over. */
	advance(100);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 1);
	expect_none();			/* named was seen serving 1 */
	expect_state("a.test", "ok");
	ck_assert_str_eq(st("a.test").last_error, "");
	/* retransfer alone does not pass the gate; --force does. */
	sched_zone_refresh(Z("a.test"), SCHED_RETRANSFER);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 3);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 3, 40);
	expect_none();
	ck_assert_uint_eq(file_serial("a.test"), 1);
	advance(1);
	sched_zone_refresh(Z("a.test"), SCHED_RETRANSFER | SCHED_OVERRIDE);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 3);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 3, 40);
	expect("check a.test named-checkzone");
	run_done("a.test", true, sched_check_done);
	expect("reload a.test");
	ck_assert_uint_eq(file_serial("a.test"), 3);
	/* The override was for that one transfer. */
	run_done("a.test", true, sched_reload_done);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 3);
	expect_state("a.test", "ok");
}
END_TEST

START_TEST(transfer_slots_and_time_limit)
{
	start(conf_of(VERIFY OPTS "transfers-in 1; max-transfer-time-in 2; "
	    "};\n" ZONE_A ZONE_B), false);
	advance(0.001);
	expect("soa a.test 192.0.2.1#53");
	expect("soa b.test 192.0.2.3#53");
	soa_answer("a.test", 1);
	expect("xfr a.test 192.0.2.1#53");
	soa_answer("b.test", 1);
	expect_none();			/* one slot: b waits */
	expect_state("b.test", "transferring");
	ck_assert_int_eq(st("b.test").phase, P_XFR_WAIT);
	/* a's transfer takes longer than 2 minutes: abandoned; b starts. */
	advance(119);
	expect_none();
	advance(1);
	expect("xfr-abort a.test");
	expect("xfr b.test 192.0.2.3#53");
	expect("soa a.test 192.0.2.2#53");
	ck_assert_str_eq(st("a.test").last_error, "transfer from 192.0.2.1#53 "
	    "failed: took longer than max-transfer-time-in (120 s)");
	xfr_ok("b.test", 1, 5);
	expect("reload b.test");
	soa_answer("a.test", 1);
	expect("xfr a.test 192.0.2.2#53");
}
END_TEST

START_TEST(sighup_adds_and_removes_mid_round)
{
	start(conf_of(VERIFY OPTS "};\n" ZONE_A ZONE_B), false);
	advance(0.001);
	expect("soa a.test 192.0.2.1#53");
	expect("soa b.test 192.0.2.3#53");
	soa_answer("a.test", 1);
	expect("xfr a.test 192.0.2.1#53");
	/* a (transferring) and b (asking) go, c comes; then a comes back. */
	zones_reconfigure(conf_of(VERIFY OPTS "};\n"
	    "zone \"c.test\" { primaries { 192.0.2.4; }; };\n"));
	expect("xfr-abort a.test");
	expect("soa-cancel b.test");
	expect_none();
	advance(0);
	expect("soa c.test 192.0.2.4#53");
	zones_reconfigure(conf_of(VERIFY OPTS "};\n"
	    "zone \"c.test\" { primaries { 192.0.2.5; }; };\n" ZONE_A));
	expect_none();
	/* c kept its round and answers; it is asked at its new primary next. */
	soa_answer("c.test", 9);
	expect("xfr c.test 192.0.2.5#53");
	advance(0);
	expect("soa a.test 192.0.2.1#53");
	expect_state("a.test", "refreshing");
	ck_assert_int_eq((int)st("c.test").primary_serial, 9);
}
END_TEST

START_TEST(once_exit_codes)
{
	start(conf_of(VERIFY OPTS "};\n" ZONE_A ZONE_B), true);
	advance(0.001);
	expect("soa a.test 192.0.2.1#53");
	expect("soa b.test 192.0.2.3#53");
	soa_answer("a.test", 1);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 1, 5);
	expect("reload a.test");
	run_done("a.test", true, sched_reload_done);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 1);
	expect_none();
	ck_assert(!stopped);
	soa_timeout("b.test");
	expect("stop");
	ck_assert_int_eq(sched_once_status(), 1);
	/* No next round is scheduled in --once. */
	advance(10000);
	expect_none();
	zones_stop();
	/* All current: 0. */
	start(conf_of(VERIFY OPTS "};\n" ZONE_A), true);
	advance(0);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 1);
	expect("verify a.test 127.0.0.1#5300");	/* is it served? */
	soa_answer("a.test", 1);
	expect("stop");
	ck_assert_int_eq(sched_once_status(), 0);
}
END_TEST

START_TEST(restart_keeps_the_file)
{
	/* A file from an earlier run: the first round compares, no transfer. */
	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	first_fill("a.test", "192.0.2.1", 42);
	zones_stop();
	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	advance(0);
	expect("soa a.test 192.0.2.1#53");
	ck_assert(st("a.test").have_local);
	ck_assert_uint_eq(st("a.test").local_serial, 42);
	soa_answer("a.test", 42);
	/* Not "ok" before named was seen serving it. */
	expect("verify a.test 127.0.0.1#5300");
	expect_state("a.test", "refreshing");
	soa_answer("a.test", 42);
	expect_none();
	expect_state("a.test", "ok");
}
END_TEST

START_TEST(periodic_check_sees_named_lose_the_zone)
{
	struct zone_status s;
	size_t n;

	start(conf_of(VERIFY_EVERY OPTS "};\n" ZONE_A), false);
	first_fill("a.test", "192.0.2.1", 8);
	expect_state("a.test", "ok");
	n = nevents;
	/* Every verify-interval (300 s, jitter draw 0), between rounds. */
	advance(299);
	expect_none();
	advance(1);
	expect("verify a.test 127.0.0.1#5300");
	expect_state("a.test", "ok");	/* a check is not a round */
	soa_answer("a.test", 8);
	expect_none();
	advance(300);
	expect("verify a.test 127.0.0.1#5300");
	/* named restarted without the zone. */
	soa_rcode("a.test", ZS_RCODE_REFUSED);
	expect_state("a.test", "error");
	s = st("a.test");
	ck_assert_str_eq(s.last_error, "named at 127.0.0.1#5300 does not have "
	    "this zone (REFUSED): add a zone statement for it (see "
	    "contrib/named.conf.snippet)");
	ck_assert_uint_eq(nevents, n + 1);
	ck_assert_uint_eq(events[n].type, ZS_EV_VERIFY_FAILED);
	/* Checked again within 30 s while it is wrong. */
	advance(30);
	expect("verify a.test 127.0.0.1#5300");
	soa_rcode("a.test", ZS_RCODE_SERVFAIL);
	s = st("a.test");
	ck_assert_msg(strstr(s.last_error, "answers SERVFAIL: its load of the "
	    "file failed; `named-checkzone -i local a.test ") != NULL, "%s",
	    s.last_error);
	ck_assert_uint_eq(nevents, n + 1);	/* one event for the episode */
	advance(30);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 7);
	ck_assert_msg(strstr(st("a.test").last_error, "serves serial 7, not "
	    "the file's 8: it did not load the file") != NULL, "%s",
	    st("a.test").last_error);
	/* Fixed: back to ok by itself, and said so. */
	advance(30);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 8);
	expect_state("a.test", "ok");
	ck_assert_str_eq(st("a.test").last_error, "");
	ck_assert_uint_eq(nevents, n + 2);
	ck_assert_uint_eq(events[n + 1].type, ZS_EV_ZONE_RECOVERED);
	/* A round that comes due during a check waits for its end. */
	advance(299);
	expect_none();
	advance(1);
	expect("verify a.test 127.0.0.1#5300");
	sched_zone_refresh(Z("a.test"), 0);
	expect_none();
	soa_answer("a.test", 8);
	expect("soa a.test 192.0.2.1#53");
}
END_TEST

START_TEST(start_up_check_sees_an_old_serial)
{
	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	first_fill("a.test", "192.0.2.1", 42);
	zones_stop();
	/* Restarted, --once: named serves 41 (it refused the file's 42). */
	start(conf_of(VERIFY OPTS "};\n" ZONE_A), true);
	advance(0);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 42);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 41);
	expect("stop");
	expect_state("a.test", "error");
	ck_assert_int_eq(sched_once_status(), 1);
	ck_assert_msg(strstr(st("a.test").last_error, "named at "
	    "127.0.0.1#5300 serves serial 41, not the file's 42") != NULL,
	    "%s", st("a.test").last_error);
}
END_TEST

START_TEST(sighup_retries_errors)
{
	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	advance(0);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 3);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 3, 10);
	expect("reload a.test");
	run_done("a.test", false, sched_reload_done);
	advance(1);
	expect("reload a.test");
	run_done("a.test", false, sched_reload_done);
	advance(1);
	expect("reload a.test");
	run_done("a.test", false, sched_reload_done);
	expect_state("a.test", "error");
	/* The operator fixes the rndc key and sends SIGHUP: tried at once. */
	zones_reconfigure(conf_of(VERIFY OPTS "};\n" ZONE_A));
	advance(0);
	expect("reload a.test");
	run_done("a.test", true, sched_reload_done);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 3);
	expect_state("a.test", "ok");
}
END_TEST

START_TEST(expiry_counts_across_a_restart)
{
	struct zs_state_entry ent = { "a.test", 0 };
	struct zs_statefile sf = { &ent, 1 };
	struct zone_status s;

	soa_expire = 1500;
	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	first_fill("a.test", "192.0.2.1", 5);
	zones_stop();
	/* Down for a while; the last good refresh was 1600 s ago. */
	advance(1600);
	ent.last_ok = f_wall(NULL) - 1600;
	test_state = &sf;
	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	s = st("a.test");
	ck_assert_int_eq((long)s.last_ok, (long)ent.last_ok);
	advance(0);
	expect("soa a.test 192.0.2.1#53");
	/* Past SOA expire at start-up: expired at once, not 1500 s later. */
	expect_state("a.test", "expired");
	ck_assert_uint_eq(nevents, 2);
	ck_assert_uint_eq(events[1].type, ZS_EV_ZONE_EXPIRED);
	soa_timeout("a.test");
	soa_timeout("a.test");
	expect("soa a.test 192.0.2.2#53");
	expect_state("a.test", "expired");
	zones_stop();
	/* 1000 s ago: expires 500 s after the restart, not 1500. */
	ent.last_ok = f_wall(NULL) - 1000;
	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	advance(0);
	expect("soa a.test 192.0.2.1#53");
	soa_timeout("a.test");
	expect("soa a.test 192.0.2.2#53");
	soa_timeout("a.test");
	expect_state("a.test", "retrying");
	advance(100);
	expect("soa a.test 192.0.2.1#53");
	soa_timeout("a.test");
	expect("soa a.test 192.0.2.2#53");
	soa_timeout("a.test");
	advance(399.9);
	ck_assert(sched_zone_state(Z("a.test")) != Z_EXPIRED);
	advance(0.1);
	while (strstr(actions, "soa a.test") != NULL) {
		expect_at(__LINE__, strstr(actions, "192.0.2.1") == actions + 11 ?
		    "soa a.test 192.0.2.1#53" : "soa a.test 192.0.2.2#53");
		soa_timeout("a.test");
	}
	advance(0.01);
	expect_state("a.test", "expired");
	test_state = NULL;
	soa_expire = 5000;
}
END_TEST

START_TEST(error_text_for_every_class)
{
	struct sched_error e;
	char buf[800];

	memset(&e, 0, sizeof(e));
	e.kind = E_NONE;
	ck_assert_str_eq(sched_error_text(&e, "z", buf, sizeof(buf)), "");
	ck_assert(!sched_err_hard(E_NONE));
	e.kind = E_SOA_SEND;
	e.code = ZS_ENOMEM;
	ck_assert_str_eq(sched_error_text(&e, "z", buf, sizeof(buf)),
	    "cannot query the SOA: Cannot allocate memory");
	ck_assert(!sched_err_hard(E_SOA_SEND));
	e.kind = E_INSTALL;
	e.code = -ENOSPC;
	snprintf(e.detail, sizeof(e.detail), "/x/z.zone");
	ck_assert_str_eq(sched_error_text(&e, "z", buf, sizeof(buf)),
	    "cannot install /x/z.zone: No space left on device");
	ck_assert(sched_err_hard(E_INSTALL));
	e.kind = E_VERIFY_WAIT;
	ck_assert(!sched_err_hard(E_VERIFY_WAIT));
	e.kind = E_RELOAD_QUEUE;
	ck_assert_str_eq(sched_error_text(&e, "z", buf, sizeof(buf)),
	    "cannot queue the reload");
}
END_TEST

/* named-include: the registry's fakes of agent/include. */
static bool inc_on;
static int inc_changes;

static bool
f_inc_enabled(void)
{
	return inc_on;
}

static void
f_inc_changed(void)
{
	inc_changes++;
}

static int
f_named_add(void *ctx, struct szone *z)
{
	(void)ctx;
	act("named-add %s", sched_zone_name(z));
	return zones_named_add(z);
}

/* The include's text for write gen. */
static char *
render(unsigned gen)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	char *text;

	zones_include_render(&sb, gen);
	ck_assert_ptr_nonnull(zs_sb_cstr(&sb));
	text = strdup(sb.buf);
	zs_sb_free(&sb);
	return text;
}

/*
 * A zone named does not have: its first install asks for the include and
 * a reconfig, not a reload; it is never ok before named was seen serving
 * it; a failed reconfig is an error retried; a removal deletes the file
 * only after the reconfig without the zone.
 */
START_TEST(named_include_add_and_remove)
{
	static const struct zones_named named = { f_inc_enabled,
	    f_inc_changed };
	struct sched_io io = fake_io;
	struct spawn_result fail, good;
	struct zone_status s;
	char *text, path[128];

	io.named_add = f_named_add;
	inc_on = true;
	inc_changes = 0;
	zones_set_named(&named);
	sched_init(&io, &fake_obs, false);
	zones_start(conf_of(VERIFY OPTS "named-include \"inc.conf\"; };\n"
	    ZONE_A), false, NULL);
	ck_assert_int_eq(inc_changes, 1);	/* written at start, empty */
	text = render(1);
	ck_assert_ptr_null(strstr(text, "a.test"));	/* no file yet */
	free(text);
	advance(0);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 10);
	expect("xfr a.test 192.0.2.1#53");
	xfr_ok("a.test", 10, 10);
	expect("named-add a.test");
	expect_none();
	ck_assert_int_eq(inc_changes, 2);
	expect_state("a.test", "transferring");
	ck_assert(!st("a.test").in_named);
	text = render(2);
	snprintf(path, sizeof(path), "zone \"a.test\" {\n\ttype primary; "
	    "file \"%s/a.test.zone\"; notify no;", tmpdir);
	ck_assert_msg(strstr(text, path) != NULL, "include: %s", text);
	free(text);

	/* named down: the reconfig fails, the zone says so, tries again. */
	memset(&fail, 0, sizeof(fail));
	fail.exited = 1;
	fail.status = 1;
	snprintf(fail.output, sizeof(fail.output), "connection refused");
	zones_include_applied(1, false, &fail);	/* before a.test: nothing */
	expect_none();
	zones_include_applied(2, false, &fail);
	expect_none();
	advance(1);
	expect("named-add a.test");
	zones_include_applied(2, false, &fail);
	advance(1);
	expect("named-add a.test");
	zones_include_applied(2, false, &fail);
	expect_none();
	expect_state("a.test", "error");
	s = st("a.test");
	ck_assert_msg(strstr(s.last_error, "reconfig failed (exit 1), named "
	    "does not have the zone yet") != NULL, "%s", s.last_error);
	ck_assert(!s.in_named);

	/* named back: the next reconfig adds it; ok once served. */
	advance(2);
	expect("named-add a.test");
	memset(&good, 0, sizeof(good));
	good.exited = 1;
	zones_include_applied(3, true, &good);	/* listed since write 2 */
	expect("verify a.test 127.0.0.1#5300");
	ck_assert(st("a.test").in_named);
	expect_state("a.test", "error");
	soa_answer("a.test", 10);
	expect_none();
	expect_state("a.test", "ok");

	/* Removed: out of the include, file deleted after the reconfig. */
	snprintf(path, sizeof(path), "%s/a.test.zone", tmpdir);
	ck_assert_int_eq(access(path, F_OK), 0);
	ck_assert_int_eq(zones_remove("A.TEST."), 0);
	ck_assert_int_eq(zones_remove("a.test"), -1);
	ck_assert_ptr_null(zones_find((const uint8_t *)"\1a\4test", 8));
	ck_assert_uint_eq(zones_count(), 0);
	zones_include_applied(3, true, &good);	/* written before: kept */
	ck_assert_int_eq(access(path, F_OK), 0);
	text = render(4);
	ck_assert_ptr_null(strstr(text, "a.test"));
	free(text);
	zones_include_applied(4, false, &fail);
	ck_assert_int_eq(access(path, F_OK), 0);
	zones_include_applied(4, true, &good);
	ck_assert_int_eq(access(path, F_OK), -1);
	zones_set_named(NULL);
	inc_on = false;
}
END_TEST

/*
 * IXFR once the zone has a file; any failure once the primary had the
 * query: AXFR from it in the same round, one log line, and AXFR from it
 * for an hour (a SIGHUP forgets).  A forced retransfer is AXFR.
 */
START_TEST(ixfr_falls_back_to_axfr)
{
	struct zone_status s;
	struct zs_conf *c2;

	start(conf_of(VERIFY OPTS "};\n" ZONE_A), false);
	first_fill("a.test", "192.0.2.1", 5);
	ck_assert(!last_req.ixfr);	/* nothing to start from */
	ck_assert(last_req.snapshot);
	ck_assert_str_eq(st("a.test").last_xfer_kind, "axfr");

	advance(1000);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 6);
	expect("xfr a.test 192.0.2.1#53");
	ck_assert(last_req.ixfr);
	ck_assert_uint_eq(last_req.serial, 5);
	ixfr_fail("a.test", ZS_ERCODE, "server answered NOTIMP to IXFR");
	expect("xfr a.test 192.0.2.1#53");	/* same primary, same round */
	ck_assert(!last_req.ixfr);
	ck_assert_int_eq(log_lines("IXFR from 192.0.2.1#53 failed (server "
	    "answered NOTIMP to IXFR); falling back to AXFR"), 1);
	xfr_ok("a.test", 6, 10);
	expect("reload a.test");
	run_done("a.test", true, sched_reload_done);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 6);
	expect_state("a.test", "ok");
	s = st("a.test");
	ck_assert_str_eq(s.last_xfer_kind, "ixfr\u2192axfr");
	ck_assert_str_eq(s.last_xfer_why, "server answered NOTIMP to IXFR");
	ck_assert_uint_eq(s.ixfr_fallbacks, 1);
	ck_assert_uint_eq(s.xfers_failed, 0);
	/* the fill and this one; the failed IXFR is no event */
	ck_assert_uint_eq(nevents, 2);
	ck_assert_uint_eq(events[1].type, ZS_EV_ZONE_UPDATED);

	/* Within the hour: AXFR straight away, and the status says why. */
	advance(1000);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 7);
	expect("xfr a.test 192.0.2.1#53");
	ck_assert(!last_req.ixfr);
	xfr_ok("a.test", 7, 10);
	expect("reload a.test");
	run_done("a.test", true, sched_reload_done);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 7);
	s = st("a.test");
	ck_assert_str_eq(s.last_xfer_kind, "axfr");
	ck_assert_str_eq(s.last_xfer_why, "IXFR failed there within the "
	    "hour: server answered NOTIMP to IXFR");

	/* A SIGHUP forgets; an IXFR that never ends falls back too. */
	c2 = conf_of(VERIFY OPTS "max-transfer-idle-in 1; };\n" ZONE_A);
	zones_reconfigure(c2);
	advance(1000);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 8);
	expect("xfr a.test 192.0.2.1#53");
	ck_assert(last_req.ixfr);
	advance(60);
	expect("xfr-abort a.test");
	expect("xfr a.test 192.0.2.1#53");
	ck_assert(!last_req.ixfr);
	xfr_ok("a.test", 8, 10);
	expect("reload a.test");
	ck_assert_str_eq(st("a.test").last_xfer_why, "idle for longer than "
	    "max-transfer-idle-in (60 s)");
	run_done("a.test", true, sched_reload_done);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 8);

	/* The AXFR after a fallback fails: the next primary, IXFR again. */
	c2 = conf_of(VERIFY OPTS "};\n" ZONE_A);
	zones_reconfigure(c2);
	advance(1000);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 9);
	expect("xfr a.test 192.0.2.1#53");
	ixfr_fail("a.test", ZS_EDIFF, "IXFR does not apply");
	expect("xfr a.test 192.0.2.1#53");
	xfr_fail("a.test", "connection reset");
	expect("soa a.test 192.0.2.2#53");
	soa_answer("a.test", 9);
	expect("xfr a.test 192.0.2.2#53");
	ck_assert(last_req.ixfr);
	/* A snapshot problem is ours: the primary is not blamed. */
	ixfr_fail("a.test", ZS_ESNAP, "no usable zone snapshot");
	expect("xfr a.test 192.0.2.2#53");
	ck_assert(!last_req.ixfr);
	xfr_ok("a.test", 9, 10);
	expect("reload a.test");
	run_done("a.test", true, sched_reload_done);
	expect("verify a.test 127.0.0.1#5300");
	soa_answer("a.test", 9);

	/* retransfer: AXFR whatever the snapshot. */
	sched_zone_refresh(Z("a.test"), SCHED_RETRANSFER);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 9);
	expect("xfr a.test 192.0.2.1#53");
	ck_assert(!last_req.ixfr);
}
END_TEST

/* IXFR asked but no snapshot: an AXFR, whose timeout is no IXFR failure. */
START_TEST(ixfr_without_snapshot_times_out)
{
	start(conf_of(VERIFY OPTS "max-transfer-idle-in 1; };\n" ZONE_A),
	    false);
	first_fill("a.test", "192.0.2.1", 5);
	no_snapshot = true;
	advance(1000);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 6);
	expect("xfr a.test 192.0.2.1#53");
	ck_assert(last_req.ixfr);
	advance(60);
	expect("xfr-abort a.test");
	expect("soa a.test 192.0.2.2#53");	/* the next primary */
	ck_assert_int_eq(log_lines("falling back to AXFR"), 0);
	ck_assert_uint_eq(st("a.test").ixfr_fallbacks, 0);
}
END_TEST

/* request-ixfr no: neither IXFR nor a snapshot; a server statement wins. */
START_TEST(request_ixfr_no)
{
	start(conf_of(VERIFY OPTS "request-ixfr no; };\n"
	    "server 192.0.2.2 { request-ixfr yes; };\n" ZONE_A), false);
	first_fill("a.test", "192.0.2.1", 5);
	advance(1000);
	expect("soa a.test 192.0.2.1#53");
	soa_answer("a.test", 6);
	expect("xfr a.test 192.0.2.1#53");
	ck_assert(!last_req.ixfr);
	/* .2 is asked IXFR: the zone keeps a snapshot for it. */
	ck_assert(last_req.snapshot);
	xfr_fail("a.test", "reset");
	expect("soa a.test 192.0.2.2#53");
	soa_answer("a.test", 6);
	expect("xfr a.test 192.0.2.2#53");
	ck_assert(last_req.ixfr);
}
END_TEST

static Suite *
sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, first_round_fills_and_verifies);
	tcase_add_test(tc, refresh_clamped_and_jittered);
	tcase_add_test(tc, retry_backs_off_then_expires);
	tcase_add_test(tc, failover_across_primaries);
	tcase_add_test(tc, notify_in_every_phase);
	tcase_add_test(tc, serial_backwards_then_retransfer);
	tcase_add_test(tc, transfer_older_than_ours_is_refused);
	tcase_add_test(tc, reload_failure_retried_then_error);
	tcase_add_test(tc, verify_waits_then_fails);
	tcase_add_test(tc, coalesced_reload_then_own_reload);
	tcase_add_test(tc, check_command_and_shrink_keep_the_old_file);
	tcase_add_test(tc, transfer_slots_and_time_limit);
	tcase_add_test(tc, sighup_adds_and_removes_mid_round);
	tcase_add_test(tc, once_exit_codes);
	tcase_add_test(tc, restart_keeps_the_file);
	tcase_add_test(tc, periodic_check_sees_named_lose_the_zone);
	tcase_add_test(tc, start_up_check_sees_an_old_serial);
	tcase_add_test(tc, sighup_retries_errors);
	tcase_add_test(tc, expiry_counts_across_a_restart);
	tcase_add_test(tc, error_text_for_every_class);
	tcase_add_test(tc, named_include_add_and_remove);
	tcase_add_test(tc, ixfr_falls_back_to_axfr);
	tcase_add_test(tc, request_ixfr_no);
	tcase_add_test(tc, ixfr_without_snapshot_times_out);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(sched_suite)
