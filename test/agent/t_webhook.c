/*
 * t_webhook.c - agent/webhook.c in the real loop against a python3
 * http.server receiver started here on 127.0.0.1 (random free port).
 *
 * usage: t_webhook TMPDIR   (a scratch directory the test may write to)
 *
 * The receiver appends one JSON line per request (path, per-path count,
 * headers, body) to TMPDIR/wh-requests.log.  Paths: /ok... answer 200,
 * /fail2 answers 500 twice then 200, /slow sleeps 3 s then 200,
 * /redirect answers 302 to /target.  A "down" webhook points at a port
 * with nothing listening.  Takes about 32 s (the retries wait 1+4+16 s).
 */
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "event.h"
#include "log.h"
#include "loop.h"
#include "tap.h"
#include "webhook.h"

static const char receiver_py[] =
"import json, os, sys, threading, time\n"
"from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler\n"
"portfile, logfile = sys.argv[1], sys.argv[2]\n"
"lock = threading.Lock()\n"
"counts = {}\n"
"class H(BaseHTTPRequestHandler):\n"
"    protocol_version = 'HTTP/1.1'\n"
"    def log_message(self, *a):\n"
"        pass\n"
"    def do_POST(self):\n"
"        n = int(self.headers.get('Content-Length', '0'))\n"
"        body = self.rfile.read(n).decode('utf-8', 'replace')\n"
"        with lock:\n"
"            c = counts.get(self.path, 0) + 1\n"
"            counts[self.path] = c\n"
"            with open(logfile, 'a') as f:\n"
"                f.write(json.dumps({'path': self.path, 'n': c,\n"
"                    'headers': {k.lower(): v for k, v in self.headers.items()},\n"
"                    'body': body}) + '\\n')\n"
"        status = 200\n"
"        if self.path.startswith('/slow'):\n"
"            time.sleep(3)\n"
"        if self.path.startswith('/fail2') and c <= 2:\n"
"            status = 500\n"
"        self.send_response(302 if self.path == '/redirect' else status)\n"
"        if self.path == '/redirect':\n"
"            self.send_header('Location', '/target')\n"
"        self.send_header('Content-Length', '0')\n"
"        self.end_headers()\n"
"class S(ThreadingHTTPServer):\n"
"    daemon_threads = True\n"
"    def handle_error(self, request, client_address):\n"
"        pass\n"
"s = S(('127.0.0.1', 0), H)\n"
"with open(portfile + '.tmp', 'w') as f:\n"
"    f.write(str(s.server_address[1]))\n"
"os.rename(portfile + '.tmp', portfile)\n"
"s.serve_forever()\n";

static pid_t rx_pid = -1;
static char logpath[512];

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
stop_receiver(void)
{
	int st;

	if (rx_pid <= 0)
		return;
	kill(rx_pid, SIGTERM);
	for (int i = 0; i < 50; i++) {
		if (waitpid(rx_pid, &st, WNOHANG) == rx_pid) {
			rx_pid = -1;
			return;
		}
		usleep(20000);
	}
	kill(rx_pid, SIGKILL);
	waitpid(rx_pid, &st, 0);
	rx_pid = -1;
}

/* Start the receiver; returns its port or -1. */
static int
start_receiver(const char *dir)
{
	char portfile[512];
	FILE *fp;
	int port = -1;

	snprintf(portfile, sizeof(portfile), "%s/wh-port", dir);
	snprintf(logpath, sizeof(logpath), "%s/wh-requests.log", dir);
	unlink(portfile);
	unlink(logpath);
	if ((rx_pid = fork()) < 0)
		return -1;
	if (rx_pid == 0) {
		execlp("python3", "python3", "-c", receiver_py, portfile,
		    logpath, (char *)NULL);
		_exit(127);
	}
	atexit(stop_receiver);
	for (int i = 0; i < 250; i++) {	/* 5 s */
		if ((fp = fopen(portfile, "r")) != NULL) {
			if (fscanf(fp, "%d", &port) != 1)
				port = -1;
			fclose(fp);
			return port;
		}
		usleep(20000);
	}
	return -1;
}

/* A port on 127.0.0.1 with nothing listening (bound, then closed). */
static int
dead_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int s = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s >= 0 && bind(s, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    getsockname(s, (struct sockaddr *)&sin, &len) == 0)
		port = ntohs(sin.sin_port);
	if (s >= 0)
		close(s);
	return port;
}

/* ------------------------------------------------ requests received */

struct req {
	char path[64];
	int n;
	json_t *headers;	/* lower-case names */
	json_t *body;		/* parsed, NULL if not JSON */
};

static struct req reqs[64];
static size_t nreqs;

static void
free_reqs(void)
{
	for (size_t i = 0; i < nreqs; i++) {
		json_decref(reqs[i].headers);
		json_decref(reqs[i].body);
	}
	nreqs = 0;
}

static void
load_reqs(void)
{
	FILE *fp;
	char line[65536];

	free_reqs();
	if ((fp = fopen(logpath, "r")) == NULL)
		return;
	while (nreqs < 64 && fgets(line, sizeof(line), fp) != NULL) {
		json_t *j = json_loads(line, 0, NULL);
		struct req *r = &reqs[nreqs];
		const char *b;

		if (j == NULL)
			continue;
		snprintf(r->path, sizeof(r->path), "%s",
		    json_string_value(json_object_get(j, "path")) ?
		    json_string_value(json_object_get(j, "path")) : "");
		r->n = (int)json_integer_value(json_object_get(j, "n"));
		r->headers = json_incref(json_object_get(j, "headers"));
		b = json_string_value(json_object_get(j, "body"));
		r->body = b != NULL ? json_loads(b, 0, NULL) : NULL;
		json_decref(j);
		nreqs++;
	}
	fclose(fp);
}

static int
count_path(const char *path)
{
	int n = 0;

	for (size_t i = 0; i < nreqs; i++)
		if (strcmp(reqs[i].path, path) == 0)
			n++;
	return n;
}

static const struct req *
find_req(const char *path, const char *event)
{
	for (size_t i = 0; i < nreqs; i++) {
		const char *ev;

		if (strcmp(reqs[i].path, path) != 0 || reqs[i].body == NULL)
			continue;
		ev = json_string_value(json_object_get(reqs[i].body, "event"));
		if (ev != NULL && strcmp(ev, event) == 0)
			return &reqs[i];
	}
	return NULL;
}

static const char *
hdr(const struct req *r, const char *name)
{
	const char *v = json_string_value(json_object_get(r->headers, name));

	return v != NULL ? v : "";
}

/* --------------------------------------------------- loop plumbing */

static struct loop_timer *ticker, *guard, *action;
static double tick_when, max_late;
static unsigned long nticks;
static int (*until)(void);
static void (*action_fn)(void);

static void
on_tick(void *arg)
{
	double t = now(), late = t - tick_when;

	(void)arg;
	if (late > max_late)
		max_late = late;
	nticks++;
	tick_when = t + 0.010;
	loop_timer_at(ticker, tick_when);
	if (until != NULL && until())
		loop_stop();
}

static void
on_guard(void *arg)
{
	(void)arg;
	if (until != NULL)
		printf("# guard timer fired\n");
	loop_stop();
}

static void
on_action(void *arg)
{
	(void)arg;
	if (action_fn != NULL)
		action_fn();
}

/* Run the loop with the 10 ms ticker until cond() or secs passed. */
static int
run_until(int (*cond)(void), double secs)
{
	until = cond;
	max_late = 0;
	nticks = 0;
	tick_when = now() + 0.010;
	loop_timer_at(ticker, tick_when);
	loop_timer_in(guard, secs);
	loop_run();
	loop_timer_cancel(guard);
	loop_timer_cancel(ticker);
	return cond != NULL && cond();
}

static struct webhook_stats st0;

static struct webhook_stats
stats_now(void)
{
	struct webhook_stats s;

	webhook_get_stats(&s);
	return s;
}

static unsigned long long
pending(void)
{
	struct webhook_stats s = stats_now();

	return s.queued - s.delivered - s.failed - s.dropped;
}

/* ------------------------------------------------------------ events */

static struct zs_event
ev(unsigned type, const char *zone)
{
	struct zs_event e = {
		.type = type, .zone = zone,
		.have_old = true, .old_serial = 2026112101,
		.have_new = type == ZS_EV_ZONE_UPDATED,
		.new_serial = 2026112102,
		.primary = "192.0.2.1", .records = 12, .bytes = 4096,
		.seconds = 0.25,
		.error = type == ZS_EV_ZONE_UPDATED ? NULL : "it \"broke\"",
		.time = 1795278600, .host = "agent1",
	};

	return e;
}

static void
emit(unsigned type, const char *zone)
{
	struct zs_event e = ev(type, zone);

	webhook_emit(&e);
}

/* ----------------------------------------------------------- phases */

static int
delivered3(void)
{
	return stats_now().delivered - st0.delivered >= 3;
}

static int
check_fields(const json_t *b)
{
	static const char *const keys[] = { "event", "zone", "serial_before",
	    "serial_after", "primary", "records", "bytes", "seconds", "error",
	    "time", "host" };

	if (!json_is_object(b) || json_object_size(b) != 11)
		return 0;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_object_get(b, keys[i]) == NULL)
			return 0;
	return 1;
}

static void
phase_a(int port)
{
	char u1[128], u2[128];
	char *h1[] = { "Authorization: Bearer x", "X-Zonesync-Test: yes" };
	struct zs_conf_webhook w[2] = {
		{ u1, ZS_EV_ZONE_UPDATED | ZS_EV_CHECK_FAILED, h1, 2, 5 },
		{ u2, ZS_EV_ZONE_EXPIRED, NULL, 0, 5 },
	};
	struct zs_conf conf;
	const struct req *r;
	int ok;

	snprintf(u1, sizeof(u1), "http://127.0.0.1:%d/ok-a", port);
	snprintf(u2, sizeof(u2), "http://127.0.0.1:%d/ok-expired", port);
	memset(&conf, 0, sizeof(conf));
	conf.webhooks = w;
	conf.nwebhooks = 2;
	tap_ok(webhook_configure(&conf) == 0, "configure two webhooks");
	st0 = stats_now();
	emit(ZS_EV_ZONE_UPDATED, "a.test");
	emit(ZS_EV_TRANSFER_FAILED, "b.test");	/* nobody subscribed */
	emit(ZS_EV_CHECK_FAILED, "c.test");
	emit(ZS_EV_ZONE_EXPIRED, "d.test");
	emit(ZS_EV_VERIFY_FAILED, "e.test");	/* nobody subscribed */
	tap_ok(stats_now().queued - st0.queued == 3,
	    "3 of 5 events queued (subscriptions)");
	ok = run_until(delivered3, 5);
	tap_ok(ok, "3 events delivered");
	run_until(NULL, 0.3);	/* anything extra would show up now */
	load_reqs();
	tap_ok(nreqs == 3, "receiver got exactly 3 requests (got %zu)", nreqs);
	tap_ok(count_path("/ok-a") == 2 && count_path("/ok-expired") == 1,
	    "each webhook got only its subscribed events");
	r = find_req("/ok-a", "zone-updated");
	tap_ok(r != NULL && check_fields(r->body),
	    "zone-updated: valid JSON with the 11 documented fields");
	if (r != NULL) {
		const json_t *b = r->body;

		tap_ok(strcmp(json_string_value(json_object_get(b, "zone")),
		    "a.test") == 0 &&
		    json_integer_value(json_object_get(b, "serial_before")) ==
		    2026112101 &&
		    json_integer_value(json_object_get(b, "serial_after")) ==
		    2026112102 &&
		    json_is_null(json_object_get(b, "error")) &&
		    strcmp(json_string_value(json_object_get(b, "time")),
		    "2026-11-21T16:30:00Z") == 0 &&
		    strcmp(json_string_value(json_object_get(b, "host")),
		    "agent1") == 0, "zone-updated: field values");
		tap_ok(strcmp(hdr(r, "authorization"), "Bearer x") == 0 &&
		    strcmp(hdr(r, "x-zonesync-test"), "yes") == 0,
		    "configured headers sent");
		tap_ok(strcmp(hdr(r, "content-type"), "application/json") == 0
		    && strcmp(hdr(r, "user-agent"), "zonesyncd/0.1") == 0,
		    "Content-Type and User-Agent");
	} else {
		tap_ok(0, "zone-updated: field values");
		tap_ok(0, "configured headers sent");
		tap_ok(0, "Content-Type and User-Agent");
	}
	r = find_req("/ok-a", "check-failed");
	tap_ok(r != NULL && check_fields(r->body) &&
	    json_is_null(json_object_get(r->body, "serial_after")) &&
	    strcmp(json_string_value(json_object_get(r->body, "error")),
	    "it \"broke\"") == 0, "check-failed: null serial_after, error");
	r = find_req("/ok-expired", "zone-expired");
	tap_ok(r != NULL && check_fields(r->body) &&
	    strcmp(hdr(r, "authorization"), "") == 0,
	    "zone-expired to the other webhook, without the header");
}

static struct webhook_stats st_b;
static struct zs_conf conf_b;
static struct zs_conf_webhook wb[5];
static double slow_late;	/* ticker lateness while /slow was busy */
static int slow_reqs;

static void
drop_slow(void)
{
	/* Keep the others (matched by URL), drop the slow one. */
	struct zs_conf c = conf_b;

	slow_late = max_late;
	load_reqs();
	slow_reqs = count_path("/slow");
	c.nwebhooks = 4;	/* wb[4] is /slow */
	if (webhook_configure(&c) != 0)
		printf("# reconfigure failed\n");
}

static int
b_done(void)
{
	struct webhook_stats s = stats_now();

	return s.failed - st_b.failed >= 2 && s.delivered - st_b.delivered >= 1;
}

static void
phase_bcd(int port)
{
	static char u[5][128];
	struct webhook_stats s;
	int ok, dport = dead_port();
	double t0;

	snprintf(u[0], sizeof(u[0]), "http://127.0.0.1:%d/fail2", port);
	snprintf(u[1], sizeof(u[1]), "http://127.0.0.1:%d/down", dport);
	snprintf(u[2], sizeof(u[2]), "http://127.0.0.1:%d/redirect", port);
	snprintf(u[3], sizeof(u[3]), "http://127.0.0.1:%d/ok-a", port);
	snprintf(u[4], sizeof(u[4]), "http://127.0.0.1:%d/slow", port);
	wb[0] = (struct zs_conf_webhook){ u[0], ZS_EV_ZONE_UPDATED, NULL, 0,
	    5 };
	wb[1] = (struct zs_conf_webhook){ u[1], ZS_EV_TRANSFER_FAILED, NULL,
	    0, 5 };
	wb[2] = (struct zs_conf_webhook){ u[2], ZS_EV_ZONE_EXPIRED, NULL, 0,
	    5 };
	wb[3] = (struct zs_conf_webhook){ u[3], ZS_EV_CHECK_FAILED, NULL, 0,
	    5 };
	wb[4] = (struct zs_conf_webhook){ u[4], ZS_EV_VERIFY_FAILED, NULL, 0,
	    1 };
	memset(&conf_b, 0, sizeof(conf_b));
	conf_b.webhooks = wb;
	conf_b.nwebhooks = 5;
	tap_ok(webhook_configure(&conf_b) == 0,
	    "reconfigure: fail2, down (port %d), redirect, ok, slow", dport);
	st_b = stats_now();
	emit(ZS_EV_ZONE_UPDATED, "retry.test");
	emit(ZS_EV_TRANSFER_FAILED, "down.test");
	emit(ZS_EV_ZONE_EXPIRED, "redir.test");
	emit(ZS_EV_VERIFY_FAILED, "slow.test");
	t0 = now();
	action_fn = drop_slow;
	loop_timer_in(action, 3.5);
	ok = run_until(b_done, 28);
	loop_timer_cancel(action);
	printf("# phase took %.1f s, %lu ticks, max tick lateness %.1f ms\n",
	    now() - t0, nticks, max_late * 1000);
	s = stats_now();
	load_reqs();
	tap_ok(ok, "fail2 delivered and down + redirect failed in time");
	tap_ok(count_path("/fail2") == 3 && find_req("/fail2",
	    "zone-updated") != NULL, "fail2: 500, 500, then 200 (%d tries)",
	    count_path("/fail2"));
	tap_ok(s.delivered - st_b.delivered == 1,
	    "exactly one delivery (fail2)");
	tap_ok(count_path("/redirect") == 4 && count_path("/target") == 0,
	    "redirect: 4 tries, never followed");
	tap_ok(s.failed - st_b.failed == 2, "down and redirect count as "
	    "failed after 4 tries");
	/* fail2 2, down 3, redirect 3, slow 2 (t=1, t=3) */
	tap_ok(s.retried - st_b.retried == 10, "retries counted (%llu)",
	    s.retried - st_b.retried);
	tap_ok(slow_reqs == 2, "slow (timeout 1 s): 2 tries in 3.5 s (%d)",
	    slow_reqs);
	tap_ok(slow_late < 0.100, "ticker on time while slow receiver "
	    "sleeps: max lateness %.1f ms", slow_late * 1000);
	tap_ok(s.dropped - st_b.dropped == 1,
	    "removing slow webhook dropped its queued event");
	tap_ok(max_late < 0.100 && nticks > 1500,
	    "10 ms ticker on time during retries: %lu ticks, max lateness "
	    "%.1f ms", nticks, max_late * 1000);
	tap_ok(pending() == 0, "nothing left queued");
}

static long
rss_kb(void)
{
	FILE *fp = fopen("/proc/self/statm", "r");
	long pages = 0, rss = 0;

	if (fp == NULL)
		return -1;
	if (fscanf(fp, "%ld %ld", &pages, &rss) != 2)
		rss = -1;
	fclose(fp);
	return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

static void
phase_e(void)
{
	static char u[128];
	struct zs_conf_webhook w = { u, ZS_EV_ALL, NULL, 0, 5 };
	struct zs_conf conf;
	struct webhook_stats s0, s;
	long rss0, rss1;
	int i;

	snprintf(u, sizeof(u), "http://127.0.0.1:%d/bulk", dead_port());
	memset(&conf, 0, sizeof(conf));
	conf.webhooks = &w;
	conf.nwebhooks = 1;
	tap_ok(webhook_configure(&conf) == 0, "configure one down webhook");
	s0 = stats_now();
	rss0 = rss_kb();
	for (i = 0; i < 1500; i++)
		emit(ZS_EV_ZONE_UPDATED, "bulk.test");
	s = stats_now();
	tap_ok(s.queued - s0.queued == 1500 && s.dropped - s0.dropped == 500,
	    "1500 events: 500 oldest dropped (%llu)", s.dropped - s0.dropped);
	tap_ok(pending() == WEBHOOK_QUEUE_MAX, "%llu queued (bound %d)",
	    pending(), WEBHOOK_QUEUE_MAX);
	run_until(NULL, 1.5);
	for (i = 0; i < 3000; i++)
		emit(ZS_EV_ZONE_UPDATED, "bulk.test");
	run_until(NULL, 0.5);
	rss1 = rss_kb();
	s = stats_now();
	tap_ok(pending() == WEBHOOK_QUEUE_MAX &&
	    s.dropped - s0.dropped == 3500,
	    "3000 more: still %llu queued, %llu dropped", pending(),
	    s.dropped - s0.dropped);
	tap_ok(max_late < 0.100, "ticker on time with a full queue: %.1f ms",
	    max_late * 1000);
	printf("# rss %ld kB -> %ld kB\n", rss0, rss1);
#if defined(__SANITIZE_ADDRESS__)
	/* ASan's quarantine keeps freed memory: the RSS says nothing. */
	tap_ok(1, "memory bounded (rss not checked under ASan)");
#else
	tap_ok(rss1 - rss0 < 8192, "memory bounded (rss grew %ld kB)",
	    rss1 - rss0);
#endif
	conf.nwebhooks = 0;
	tap_ok(webhook_configure(&conf) == 0 && pending() == 0,
	    "removing the webhook drops its queue");
}

int
main(int argc, char **argv)
{
	int port;

	if (argc != 2) {
		fprintf(stderr, "usage: t_webhook TMPDIR\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	log_init("t_webhook", 1, 0);
	if (loop_init() != 0)
		return 2;
	ticker = loop_timer_new(on_tick, NULL);
	guard = loop_timer_new(on_guard, NULL);
	action = loop_timer_new(on_action, NULL);
	if ((port = start_receiver(argv[1])) < 0) {
		tap_ok(0, "python3 receiver started");
		return tap_done();
	}
	printf("# receiver pid %d on 127.0.0.1:%d\n", (int)rx_pid, port);
	emit(ZS_EV_ZONE_UPDATED, "early.test");	/* before configure: no-op */
	phase_a(port);
	phase_bcd(port);
	phase_e();
	webhook_shutdown();
	webhook_shutdown();	/* twice is harmless */
	free_reqs();
	loop_timer_free(ticker);
	loop_timer_free(guard);
	loop_timer_free(action);
	stop_receiver();
	return tap_done();
}
