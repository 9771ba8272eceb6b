/*
 * zoneio.c - the scheduler's real I/O: SOA queries through agent/soa,
 * transfers through agent/xfrin on the loop, check-command through
 * agent/proc, reloads through agent/reload, timers and clocks from
 * agent/loop.  test/agent/check_sched.c drives sched.c with fakes instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catz.h"
#include "log.h"
#include "loop.h"
#include "proc.h"
#include "reload.h"
#include "soa.h"
#include "xfrin.h"
#include "zoneio.h"
#include "zonefile.h"
#include "zones.h"

#define SOA_TIMEOUT	4.0	/* seconds per primary, all tries */
#define SOA_TRIES	4	/* the first waits 4/15 s, then doubles */
#define VERIFY_TIMEOUT	1.0	/* one query to the local named */
#define CHECK_TIMEOUT	600.0

static struct loop_timer *wake_timer;

static double
io_now(void *ctx)
{
	(void)ctx;
	return loop_now();
}

static time_t
io_wall(void *ctx)
{
	(void)ctx;
	return time(NULL);
}

/*
 * Uniform in [0, 1), for the refresh jitter, which needs spread, not
 * secrecy: xorshift64* seeded once.  glibc 2.36's arc4random() makes a
 * getrandom() system call every time, 10,000 of them per sweep.
 */
static double
io_random(void *ctx)
{
	static uint64_t x;

	(void)ctx;
	if (x == 0)
		x = ((uint64_t)arc4random() << 32 | arc4random()) | 1;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	return (double)((x * UINT64_C(2685821657736338717)) >> 11) /
	    9007199254740992.0;	/* 2^53 */
}

static void
on_wake(void *arg)
{
	(void)arg;
	sched_run_timers();
}

static void
io_wake(void *ctx, double when)
{
	(void)ctx;
	if (when < 0)
		loop_timer_cancel(wake_timer);
	else
		loop_timer_at(wake_timer, when);
}

/* The TSIG key of a configured server, or NULL. */
static const struct zs_tsig_key *
server_key(const struct zs_conf_server *s)
{
	return s->key != NULL ? &s->key->tsig : NULL;
}

static void
on_soa(void *arg, const struct soa_result *r)
{
	sched_soa_done(arg, r);
}

static int
io_soa_query(void *ctx, struct szone *z, const struct zs_conf_server *srv,
    bool verify)
{
	const struct zs_conf_zone *cz = sched_zone_conf(z);

	(void)ctx;
	if (verify)
		return soa_query(&srv->addr, cz->wire, cz->wirelen, 1,
		    VERIFY_TIMEOUT, 1, on_soa, z);
	return soa_query_tsig(&srv->addr, cz->wire, cz->wirelen, 1,
	    server_key(srv), SOA_TIMEOUT, SOA_TRIES, on_soa, z);
}

static void
io_soa_cancel(void *ctx, struct szone *z)
{
	(void)ctx;
	soa_cancel(z);
}

/* The running transfer of z lives in its io slot. */
static struct xfrin **
xslot(struct szone *z)
{
	return (struct xfrin **)sched_zone_ioslot(z);
}

/* fd: the transfer's socket (xfrin closes it itself once done). */
static void
xfr_close(struct szone *z, int fd)
{
	struct xfrin **x = xslot(z);

	if (*x == NULL)
		return;
	loop_fd_del(fd);
	xfrin_free(*x);
	*x = NULL;
}

static void
on_xfr_io(int fd, short revents, void *arg)
{
	struct szone *z = arg;
	struct xfrin *x = *xslot(z);
	struct sched_xfr_outcome o;
	char err[512];
	int ret;

	sched_xfr_activity(z);
	ret = xfrin_io(x, revents);
	if (ret == XFRIN_MORE) {
		loop_fd_set(xfrin_fd(x), xfrin_events(x), on_xfr_io, z);
		return;
	}
	memset(&o, 0, sizeof(o));
	if (ret == XFRIN_DONE) {
		o.zf = xfrin_take_file(x, &o.res);
		o.snap = xfrin_take_snap(x);
	} else {
		snprintf(err, sizeof(err), "%s", xfrin_error(x));
		o.err = ret;
		o.errtext = err;
		o.ixfr_failed = xfrin_ixfr_failed(x) != 0;
	}
	/* A catalog's reader saw the whole zone (AXFR, or IXFR applied). */
	catz_xfr_end(sched_zone_conf(z)->wire, sched_zone_conf(z)->wirelen,
	    ret == XFRIN_DONE, o.res.serial);
	xfr_close(z, fd);
	sched_xfr_done(z, &o);
}

static int
io_xfr_start(void *ctx, struct szone *z, const struct zs_conf_server *p,
    struct sched_xfr_req *req, char *err, size_t errlen)
{
	const struct zs_conf_zone *cz = sched_zone_conf(z);
	struct xfrin_params xp;
	struct xfrin *x;

	(void)ctx;
	memset(&xp, 0, sizeof(xp));
	xp.zone_text = cz->name;
	xp.zone = cz->wire;
	xp.zlen = cz->wirelen;
	xp.rrclass = 1;
	xp.primary = &p->addr;
	xp.path = cz->file;
	xp.limits.max_records = cz->opts.max_records;
	xp.limits.max_bytes = cz->opts.max_xfer_size;
	xp.wall_time = (int64_t)time(NULL);
	xp.install = 0;
	xp.format = (int)cz->opts.masterfile_format;
	xp.key = server_key(p);
	if ((xp.tap_arg = catz_xfr_begin(cz->wire, cz->wirelen)) != NULL)
		xp.tap = catz_xfr_rr;
	xp.snapshot = req->snapshot;
	xp.ixfr = req->ixfr;
	xp.serial = req->serial;
	if (xfrin_start(&x, &xp, err, errlen) != 0)
		return -1;
	req->ixfr = xfrin_is_ixfr(x) != 0;
	*xslot(z) = x;
	loop_fd_set(xfrin_fd(x), xfrin_events(x), on_xfr_io, z);
	return 0;
}

static void
io_xfr_abort(void *ctx, struct szone *z)
{
	(void)ctx;
	if (*xslot(z) != NULL)
		xfr_close(z, xfrin_fd(*xslot(z)));
}

static void
outcome(const struct spawn_result *r, struct sched_run_outcome *o)
{
	memset(o, 0, sizeof(*o));
	o->ok = r->exited && r->status == 0;
	o->timed_out = r->timed_out != 0;
	o->exec_failed = r->exec_failed != 0;
	o->exited = r->exited != 0;
	o->status = r->status;
	o->signo = r->signo;
	o->output = r->output;
}

static void
on_check(void *arg, const struct spawn_result *r)
{
	struct sched_run_outcome o;

	outcome(r, &o);
	sched_check_done(arg, &o);
}

static int
io_check_start(void *ctx, struct szone *z, char **argv)
{
	(void)ctx;
	return spawn_run(argv, CHECK_TIMEOUT, on_check, z);
}

static void
on_reload(void *arg, const struct spawn_result *r, int coalesced)
{
	struct sched_run_outcome o;

	outcome(r, &o);
	o.coalesced = coalesced != 0;
	o.batch = coalesced > 0 ? (unsigned)coalesced : 0;
	sched_reload_done(arg, &o);
}

static int
io_reload_start(void *ctx, struct szone *z, const char *zone, char **argv)
{
	(void)ctx;
	return reload_request(zone, argv, on_reload, z);
}

static void
io_reload_cancel(void *ctx, struct szone *z)
{
	(void)ctx;
	reload_cancel(z);
	zones_named_cancel(z);
}

static int
io_named_add(void *ctx, struct szone *z)
{
	(void)ctx;
	return zones_named_add(z);
}

static void
io_stop(void *ctx)
{
	(void)ctx;
	loop_stop();
}

static const struct sched_io daemon_io = {
	.now = io_now,
	.wall = io_wall,
	.random = io_random,
	.wake = io_wake,
	.soa_query = io_soa_query,
	.soa_cancel = io_soa_cancel,
	.xfr_start = io_xfr_start,
	.xfr_abort = io_xfr_abort,
	.check_start = io_check_start,
	.reload_start = io_reload_start,
	.reload_cancel = io_reload_cancel,
	.named_add = io_named_add,
	.stop = io_stop
};

void
zoneio_get(struct sched_io *io)
{
	if (wake_timer == NULL &&
	    (wake_timer = loop_timer_new(on_wake, NULL)) == NULL)
		fatalx("out of memory");
	*io = daemon_io;
}

void
zoneio_shutdown(void)
{
	loop_timer_free(wake_timer);
	wake_timer = NULL;
}
