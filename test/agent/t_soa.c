/*
 * t_soa.c - agent/soa.c against a real named started by run.sh.
 *
 * usage: t_soa PORT NBULK
 *   PORT   named listens on 127.0.0.1#PORT and serves good.test (serial
 *          2026112101) and z0.bulk.test .. z<NBULK-1>.bulk.test
 *          (serial 7); it does not serve nothere.test.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "dname.h"
#include "log.h"
#include "loop.h"
#include "soa.h"
#include "tap.h"
#include "looprun.h"

#define C_IN 1

static int in_query;		/* set around soa_query calls */
static int reentrant;		/* a callback ran inside soa_query */

struct res {
	int calls;
	struct soa_result r;
	double at;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
cb_store(void *arg, const struct soa_result *r)
{
	struct res *s = arg;

	if (in_query)
		reentrant = 1;
	s->calls++;
	s->r = *r;
	s->at = now();
	got++;
	if (got >= goal)
		loop_stop();
}

static void
name(const char *text, uint8_t *out, size_t *len)
{
	if (zs_dname_from_text(text, strlen(text), NULL, 0, out, len) != 0) {
		fprintf(stderr, "bad name %s\n", text);
		exit(2);
	}
}

static int
query(const struct zs_addr *a, const char *zone, double t, int tries,
    soa_cb cb, void *arg)
{
	uint8_t n[ZS_DNAME_MAXLEN];
	size_t nl;
	int e;

	name(zone, n, &nl);
	in_query = 1;
	e = soa_query(a, n, nl, C_IN, t, tries, cb, arg);
	in_query = 0;
	return e;
}

/* ---- bulk ---- */

static struct res *bulk;
static int maxinflight;

static void
cb_bulk(void *arg, const struct soa_result *r)
{
	struct res *s = arg;

	if (in_query)
		reentrant = 1;
	if (soa_inflight() + 1 > maxinflight)
		maxinflight = soa_inflight() + 1;
	s->calls++;
	s->r = *r;
	got++;
	if (got >= goal)
		loop_stop();
}

/* ---- shutdown from inside a callback ---- */

static int after_shutdown;
static int shut_done;

static void
cb_shut(void *arg, const struct soa_result *r)
{
	(void)arg;
	(void)r;
	if (shut_done) {
		after_shutdown++;
		return;
	}
	shut_done = 1;
	soa_shutdown();
	loop_stop();
}

static int
bulk_round(const struct zs_addr *a, int nbulk, int win, double *rate,
    int *nok, int *once, int *maxin)
{
	char zone[64];
	double t0;
	int i, e = 0;

	soa_set_window(win);
	memset(bulk, 0, sizeof(*bulk) * (size_t)nbulk);
	maxinflight = 0;
	got = 0;
	t0 = now();
	for (i = 0; i < nbulk; i++) {
		snprintf(zone, sizeof(zone), "z%d.bulk.test.", i);
		e |= query(a, zone, 3.0, 3, cb_bulk, &bulk[i]);
	}
	run_until(nbulk, 60);
	*rate = (double)got / (now() - t0);
	*nok = 0;
	*once = 1;
	for (i = 0; i < nbulk; i++) {
		if (bulk[i].calls != 1)
			*once = 0;
		if (bulk[i].calls == 1 && bulk[i].r.err == 0 &&
		    bulk[i].r.soa.serial == 7)
			(*nok)++;
		else if (*nok + 5 > i)
			printf("# zone %d: calls %d err %d %s\n", i,
			    bulk[i].calls, bulk[i].r.err, bulk[i].r.errtext);
	}
	*maxin = maxinflight;
	return e;
}

int
main(int argc, char **argv)
{
	struct zs_addr srv, closed, hole;
	struct res r1, r2, r3, r4, r5, r6, rc[10];
	struct soa_stats st;
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	uint8_t n[ZS_DNAME_MAXLEN];
	int port, nbulk, fd, i, e, nok, once, maxin;
	double t0, rate;
	char pbuf[32];

	if (argc != 3) {
		fprintf(stderr, "usage: t_soa PORT NBULK\n");
		return 2;
	}
	port = atoi(argv[1]);
	nbulk = atoi(argv[2]);
	log_init("t_soa", 1, 0);
	if (loop_init() != 0 || soa_init() != 0) {
		fprintf(stderr, "init failed\n");
		return 2;
	}
	guard = loop_timer_new(on_guard, NULL);
	zs_addr_parse("127.0.0.1", (uint16_t)port, &srv);

	/* A black hole: a bound UDP socket nobody reads. */
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, (struct sockaddr *)&sin, sizeof(sin));
	getsockname(fd, (struct sockaddr *)&sin, &sl);
	snprintf(pbuf, sizeof(pbuf), "127.0.0.1#%u", ntohs(sin.sin_port));
	zs_addr_parse(pbuf, 53, &hole);
	/* A closed port: bind, learn the port, close. */
	{
		int f2 = socket(AF_INET, SOCK_DGRAM, 0);
		struct sockaddr_in s2 = sin;

		s2.sin_port = 0;
		sl = sizeof(s2);
		bind(f2, (struct sockaddr *)&s2, sizeof(s2));
		getsockname(f2, (struct sockaddr *)&s2, &sl);
		snprintf(pbuf, sizeof(pbuf), "127.0.0.1#%u",
		    ntohs(s2.sin_port));
		close(f2);
		zs_addr_parse(pbuf, 53, &closed);
	}

	/* 1: a good zone. */
	memset(&r1, 0, sizeof(r1));
	got = 0;
	e = query(&srv, "good.test.", 2.0, 2, cb_store, &r1);
	tap_ok(e == 0 && r1.calls == 0,
	    "soa_query returns 0 and does not call back from inside");
	run_until(1, 10);
	tap_ok(r1.calls == 1 && r1.r.err == 0, "good.test answered (err %d %s)",
	    r1.r.err, r1.r.errtext);
	tap_ok(r1.r.soa.serial == 2026112101 && r1.r.aa == 1 &&
	    r1.r.rcode == 0, "serial %u, aa %d, rcode %u", r1.r.soa.serial,
	    r1.r.aa, r1.r.rcode);
	tap_ok(r1.r.rtt > 0 && r1.r.rtt < 2, "rtt %.6f s", r1.r.rtt);

	/* 2: case-insensitive question match; zone not served -> REFUSED. */
	memset(&r2, 0, sizeof(r2));
	memset(&r3, 0, sizeof(r3));
	memset(&r4, 0, sizeof(r4));
	got = 0;
	query(&srv, "GoOd.TeSt.", 2.0, 2, cb_store, &r2);
	query(&srv, "nothere.test.", 2.0, 2, cb_store, &r3);
	query(&srv, "www.good.test.", 2.0, 2, cb_store, &r4);
	run_until(3, 10);
	tap_ok(r2.calls == 1 && r2.r.err == 0 &&
	    r2.r.soa.serial == 2026112101, "mixed-case zone name answered");
	tap_ok(r3.calls == 1 && r3.r.err == ZS_ERCODE && r3.r.rcode == 5 &&
	    strstr(r3.r.errtext, "REFUSED") != NULL,
	    "unserved zone: err %d rcode %u \"%s\"", r3.r.err, r3.r.rcode,
	    r3.r.errtext);
	tap_ok(r4.calls == 1 && r4.r.err != 0,
	    "name below the apex is not a zone: err %d \"%s\"", r4.r.err,
	    r4.r.errtext);

	/* 3: black hole -> timeout after about the given 1.0 s. */
	memset(&r5, 0, sizeof(r5));
	got = 0;
	t0 = now();
	query(&hole, "good.test.", 1.0, 3, cb_store, &r5);
	run_until(1, 10);
	tap_ok(r5.calls == 1 && r5.r.err == -ETIMEDOUT,
	    "black hole: err %d \"%s\"", r5.r.err, r5.r.errtext);
	tap_ok(r5.at - t0 > 0.7 && r5.at - t0 < 1.5,
	    "black hole: gave up after %.3f s (timeout 1.0 s, 3 tries)",
	    r5.at - t0);

	/* 4: closed port -> an error within the timeout. */
	memset(&r6, 0, sizeof(r6));
	got = 0;
	t0 = now();
	query(&closed, "good.test.", 1.0, 2, cb_store, &r6);
	run_until(1, 10);
	tap_ok(r6.calls == 1 && r6.r.err != 0 && r6.at - t0 < 1.5,
	    "closed port: err %d \"%s\" after %.3f s", r6.r.err,
	    r6.r.errtext, r6.at - t0);

	/* 5: bad input is refused synchronously. */
	n[0] = 70;
	tap_ok(soa_query(&srv, n, 1, C_IN, 1, 1, cb_store, &r1) == ZS_EINVAL,
	    "malformed zone name -> ZS_EINVAL");

	/* 6: soa_cancel drops queued queries silently. */
	memset(rc, 0, sizeof(rc));
	got = 0;
	for (i = 0; i < 10; i++)
		query(&srv, "good.test.", 2.0, 2, cb_store,
		    i < 5 ? (void *)&rc[0] : (void *)&rc[1 + i - 5]);
	e = soa_cancel(&rc[0]);
	run_until(5, 10);
	{
		int okc = 1;

		for (i = 1; i < 6; i++)
			okc &= rc[i].calls == 1 && rc[i].r.err == 0;
		tap_ok(e == 5 && rc[0].calls == 0 && okc,
		    "soa_cancel dropped %d, others answered", e);
	}

	/* 7: bulk through the window. */
	bulk = calloc((size_t)nbulk, sizeof(*bulk));
	e = bulk_round(&srv, nbulk, SOA_MAX_INFLIGHT, &rate, &nok, &once,
	    &maxin);
	tap_ok(e == 0 && once, "bulk: %d callbacks, each exactly once", got);
	tap_ok(nok == nbulk, "bulk: %d/%d zones answered with serial 7",
	    nok, nbulk);
	tap_ok(maxin <= SOA_MAX_INFLIGHT,
	    "bulk: in flight never above %d (max %d)", SOA_MAX_INFLIGHT,
	    maxin);
	printf("# bulk: %d SOA answers, window %d: %.0f answers/s\n",
	    nok, SOA_MAX_INFLIGHT, rate);
	for (i = 0; i < 3; i++) {
		static const int w[] = { 20, 150, 500 };

		e = bulk_round(&srv, nbulk, w[i], &rate, &nok, &once, &maxin);
		tap_ok(e == 0 && once && nok == nbulk && maxin <= w[i],
		    "bulk window %d: %d/%d ok, max in flight %d", w[i], nok,
		    nbulk, maxin);
		printf("# bulk: %d SOA answers, window %d: %.0f answers/s\n",
		    nok, w[i], rate);
	}

	soa_get_stats(&st);
	tap_ok(st.sent >= (unsigned long long)(4 * nbulk + 10) &&
	    st.timeouts >= 1 && st.errors >= 2 && st.ok >= 4ULL * nbulk,
	    "stats: sent %llu answers %llu ok %llu timeouts %llu errors %llu",
	    st.sent, st.answers, st.ok, st.timeouts, st.errors);
	tap_ok(!reentrant, "no callback ran inside soa_query");

	/* 8: soa_shutdown from inside a callback, queries outstanding. */
	soa_set_window(20);
	for (i = 0; i < 100; i++) {
		char z[64];

		snprintf(z, sizeof(z), "z%d.bulk.test.", i % nbulk);
		query(&srv, z, 2.0, 2, cb_shut, NULL);
	}
	query(&hole, "good.test.", 0.5, 1, cb_shut, NULL);
	loop_timer_in(guard, 10);
	loop_run();
	/* Let any stray event or timer fire. */
	loop_timer_in(guard, 1.0);
	loop_run();
	tap_ok(shut_done && after_shutdown == 0,
	    "soa_shutdown inside a callback: no callback afterwards");

	/* 9: init again works. */
	tap_ok(soa_init() == 0, "soa_init after soa_shutdown");
	memset(&r1, 0, sizeof(r1));
	got = 0;
	query(&srv, "good.test.", 2.0, 2, cb_store, &r1);
	run_until(1, 10);
	tap_ok(r1.calls == 1 && r1.r.err == 0, "query after re-init");
	soa_shutdown();

	free(bulk);
	loop_timer_free(guard);
	close(fd);
	return tap_done();
}
