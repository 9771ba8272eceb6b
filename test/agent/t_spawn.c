/*
 * t_spawn.c - agent/spawn.c and agent/reload.c.
 *
 * usage: t_spawn TMPDIR   (a scratch directory the test may write to)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "log.h"
#include "loop.h"
#include "reload.h"
#include "proc.h"
#include "tap.h"
#include "looprun.h"

static int in_call;		/* set around spawn_run / reload_request */
static int reentrant;

struct res {
	int calls;
	int coalesced;
	struct spawn_result r;
};

static void
cb_spawn(void *arg, const struct spawn_result *r)
{
	struct res *s = arg;

	if (in_call)
		reentrant = 1;
	s->calls++;
	s->r = *r;
	if (++got >= goal)
		loop_stop();
}

static void
cb_reload(void *arg, const struct spawn_result *r, int coalesced)
{
	struct res *s = arg;

	if (in_call)
		reentrant = 1;
	s->calls++;
	s->r = *r;
	s->coalesced = coalesced;
	if (++got >= goal)
		loop_stop();
}

static int
run(char *const *argv, double t, struct res *s)
{
	int e;

	memset(s, 0, sizeof(*s));
	in_call = 1;
	e = spawn_run(argv, t, cb_spawn, s);
	in_call = 0;
	return e;
}

static int
req(const char *zone, char *const *argv, struct res *s)
{
	int e;

	in_call = 1;
	e = reload_request(zone, argv, cb_reload, s);
	in_call = 0;
	return e;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Lines of the fake rndc log, and how many are exactly `line`. */
static int
log_lines(const char *path, const char *line, int *match)
{
	char buf[512];
	FILE *fp = fopen(path, "r");
	int n = 0;

	*match = 0;
	if (fp == NULL)
		return 0;
	while (fgets(buf, sizeof(buf), fp) != NULL) {
		buf[strcspn(buf, "\n")] = '\0';
		n++;
		if (line != NULL && strcmp(buf, line) == 0)
			(*match)++;
	}
	fclose(fp);
	return n;
}

static void
test_spawn(const char *tmp)
{
	char *a_true[] = { "true", NULL };
	char *a_false[] = { "false", NULL };
	char *a_exit3[] = { "sh", "-c", "exit 3", NULL };
	char *a_big[] = { "sh", "-c",
	    "i=0; while [ $i -lt 1000 ]; do printf '%09d\\n' $i; "
	    "i=$((i+1)); done; echo err >&2", NULL };
	char *a_sleep[] = { "sleep", "10", NULL };
	char *a_stubborn[] = { "sh", "-c", "trap '' TERM; sleep 10", NULL };
	char *a_none[] = { "/nonexistent/zonesync-no-such-program", NULL };
	char *a_none2[] = { "zonesync-no-such-program-in-path", NULL };
	char *a_stdin[] = { "sh", "-c", "cat; echo done", NULL };
	char grand[512], pidfile[300];
	char *a_grand[] = { "sh", "-c", grand, NULL };
	struct res r1, r2, r3, r4, r5, r6, r7, r8, r9, many[20];
	char expect[10001];
	double t0;
	int i, e, okall;
	FILE *fp;

	e = run(a_true, 5, &r1);
	tap_ok(e == 0 && r1.calls == 0 && spawn_running() == 1,
	    "spawn_run true: returns 0, no call from inside, 1 running");
	run(a_false, 5, &r2);
	run(a_exit3, 5, &r3);
	got = 0;
	run_until(3, 10);
	tap_ok(r1.calls == 1 && r1.r.exited && r1.r.status == 0 &&
	    !r1.r.signaled && !r1.r.timed_out && !r1.r.exec_failed,
	    "true: exited 0");
	tap_ok(r2.calls == 1 && r2.r.exited && r2.r.status == 1,
	    "false: exited 1");
	tap_ok(r3.calls == 1 && r3.r.exited && r3.r.status == 3,
	    "sh -c 'exit 3': exited 3");
	tap_ok(spawn_running() == 0, "nothing running afterwards");

	/* 10 KB of output: keep the last 2047 bytes. */
	for (i = 0; i < 1000; i++)
		snprintf(expect + i * 10, 11, "%09d\n", i);
	e = run(a_big, 10, &r4);
	got = 0;
	run_until(1, 10);
	{
		size_t len = strlen(r4.r.output);
		char want[SPAWN_OUTPUT_MAX];

		/* 10,000 bytes of numbers then "err\n". */
		snprintf(want, sizeof(want), "%s", expect + 10000 - 2043);
		strcat(want, "err\n");
		tap_ok(e == 0 && r4.calls == 1 && r4.r.exited &&
		    r4.r.status == 0 && len == SPAWN_OUTPUT_MAX - 1 &&
		    strcmp(r4.r.output, want) == 0,
		    "10 KB of stdout+stderr: last %zu bytes kept exactly", len);
	}

	/* Timeout: SIGTERM. */
	t0 = now();
	run(a_sleep, 0.3, &r5);
	got = 0;
	run_until(1, 10);
	tap_ok(r5.calls == 1 && r5.r.timed_out && r5.r.signaled &&
	    r5.r.signo == SIGTERM && now() - t0 < 1.5,
	    "sleep 10 with timeout 0.3 s: SIGTERM after %.2f s",
	    r5.r.secs);

	/* Timeout, TERM ignored: SIGKILL after the grace. */
	t0 = now();
	run(a_stubborn, 0.3, &r6);
	got = 0;
	run_until(1, 10);
	tap_ok(r6.calls == 1 && r6.r.timed_out && r6.r.signaled &&
	    r6.r.signo == SIGKILL && r6.r.secs > 2.0 && r6.r.secs < 3.5,
	    "TERM ignored: SIGKILL after %.2f s", r6.r.secs);

	/* exec failure. */
	e = run(a_none, 5, &r7);
	got = 0;
	run_until(1, 10);
	tap_ok(e == 0 && r7.calls == 1 && r7.r.exec_failed == ENOENT &&
	    r7.r.exited && r7.r.status == 127,
	    "missing program: exec_failed = %d (%s)", r7.r.exec_failed,
	    strerror(r7.r.exec_failed));
	run(a_none2, 5, &r7);
	got = 0;
	run_until(1, 10);
	tap_ok(r7.calls == 1 && r7.r.exec_failed == ENOENT,
	    "missing program in PATH: ENOENT");

	/* stdin is /dev/null: cat ends at once. */
	run(a_stdin, 5, &r8);
	got = 0;
	run_until(1, 10);
	tap_ok(r8.calls == 1 && r8.r.exited && r8.r.status == 0 &&
	    strcmp(r8.r.output, "done\n") == 0 && !r8.r.timed_out,
	    "stdin is /dev/null");

	/* A grandchild keeps the pipe open: reported after the grace. */
	snprintf(pidfile, sizeof(pidfile), "%s/grand.pid", tmp);
	snprintf(grand, sizeof(grand), "sleep 6 & echo $! > %s; exit 0",
	    pidfile);
	t0 = now();
	run(a_grand, 10, &r9);
	got = 0;
	run_until(1, 10);
	tap_ok(r9.calls == 1 && r9.r.exited && r9.r.status == 0 &&
	    now() - t0 > 1.5 && now() - t0 < 4,
	    "grandchild holding the pipe: reported after %.2f s",
	    now() - t0);
	if ((fp = fopen(pidfile, "r")) != NULL) {
		long p;

		if (fscanf(fp, "%ld", &p) == 1 && p > 1)
			kill((pid_t)p, SIGKILL);
		fclose(fp);
	}

	/* Many at once. */
	got = 0;
	for (i = 0; i < 20; i++)
		run(i % 2 ? a_true : a_false, 5, &many[i]);
	run_until(20, 10);
	okall = 1;
	for (i = 0; i < 20; i++)
		okall &= many[i].calls == 1 && many[i].r.exited &&
		    many[i].r.status == (i % 2 ? 0 : 1);
	tap_ok(okall && spawn_running() == 0,
	    "20 children at once: each reported once, right status");

	/* spawn_kill_all: no callback afterwards. */
	run(a_sleep, 0, &r5);
	run(a_stubborn, 0, &r6);
	spawn_kill_all();
	loop_timer_in(guard, 0.3);
	loop_run();
	tap_ok(spawn_running() == 0 && r5.calls == 0 && r6.calls == 0,
	    "spawn_kill_all: children gone, no callbacks");

	tap_ok(spawn_run(NULL, 1, cb_spawn, NULL) == ZS_EINVAL,
	    "spawn_run(NULL) -> ZS_EINVAL");
}

static void
test_reload(const char *tmp)
{
	char script[300], logf[300], all_line[400];
	char *all_argv[] = { script, "reload", NULL };
	char zargv_buf[60][64];
	char *zargv[60][4];
	struct res first, z[50], dup7, solo, r_a, r_b, r_c, again1, again2;
	FILE *fp;
	int i, n, m, okall;

	snprintf(script, sizeof(script), "%s/fake-rndc.sh", tmp);
	snprintf(logf, sizeof(logf), "%s/fake-rndc.log", tmp);
	snprintf(all_line, sizeof(all_line), "reload");
	if ((fp = fopen(script, "w")) == NULL) {
		tap_ok(0, "write %s", script);
		return;
	}
	fprintf(fp, "#!/bin/sh\necho \"$*\" >> '%s'\nsleep 0.2\n"
	    "[ \"$2\" = bad.test ] && exit 1\nexit 0\n", logf);
	fclose(fp);
	chmod(script, 0755);
	unlink(logf);
	for (i = 0; i < 60; i++) {
		snprintf(zargv_buf[i], sizeof(zargv_buf[i]), "z%d.test", i);
		zargv[i][0] = script;
		zargv[i][1] = "reload";
		zargv[i][2] = zargv_buf[i];
		zargv[i][3] = NULL;
	}

	tap_ok(reload_configure(all_argv, NULL, 5, 2) == 0, "reload_configure");

	/* One request: its own argv. */
	memset(&solo, 0, sizeof(solo));
	got = 0;
	tap_ok(req("z55.test", zargv[55], &solo) == 0 && solo.calls == 0,
	    "reload_request returns 0 without calling back");
	run_until(1, 10);
	n = log_lines(logf, "reload z55.test", &m);
	tap_ok(solo.calls == 1 && !solo.coalesced && solo.r.exited &&
	    solo.r.status == 0 && n == 1 && m == 1,
	    "single request ran the per-zone command");

	/* 50 requests while one runs: one all-zones run. */
	unlink(logf);
	memset(&first, 0, sizeof(first));
	memset(z, 0, sizeof(z));
	memset(&dup7, 0, sizeof(dup7));
	got = 0;
	req("z59.test", zargv[59], &first);
	for (i = 0; i < 50; i++)
		req(zargv_buf[i], zargv[i], &z[i]);
	req("Z7.TEST", zargv[7], &dup7);	/* merges with z7.test */
	tap_ok(reload_queued() == 50, "50 zones queued behind the first");
	run_until(52, 15);
	n = log_lines(logf, "reload", &m);
	okall = 1;
	for (i = 0; i < 50; i++)
		okall &= z[i].calls == 1 && z[i].coalesced &&
		    z[i].r.exited && z[i].r.status == 0;
	tap_ok(first.calls == 1 && !first.coalesced,
	    "first request: own command, not coalesced");
	tap_ok(okall, "50 queued requests: each called once, coalesced");
	tap_ok(dup7.calls == 1 && dup7.coalesced &&
	    memcmp(&dup7.r, &z[7].r, sizeof(dup7.r)) == 0,
	    "duplicate zone merged: same result delivered");
	tap_ok(n == 2 && m == 1,
	    "fake rndc ran twice (%d lines), all-zones once (%d)", n, m);
	tap_ok(got == 52, "52 callbacks in total (%d)", got);

	/* Below coalesce_min: the queued one runs its own command; a
	 * request for the running zone queues a new run; cancel works. */
	unlink(logf);
	memset(&r_a, 0, sizeof(r_a));
	memset(&r_b, 0, sizeof(r_b));
	memset(&r_c, 0, sizeof(r_c));
	memset(&again1, 0, sizeof(again1));
	memset(&again2, 0, sizeof(again2));
	got = 0;
	req("z1.test", zargv[1], &again1);	/* starts now */
	req("z1.test", zargv[1], &again2);	/* running: queues anew */
	req("z2.test", zargv[2], &r_a);
	reload_cancel(&r_a);			/* dropped before running */
	tap_ok(reload_queued() == 1, "cancel removed the queued zone");
	run_until(2, 10);
	n = log_lines(logf, "reload z1.test", &m);
	tap_ok(again1.calls == 1 && again2.calls == 1 && !again2.coalesced &&
	    r_a.calls == 0 && n == 2 && m == 2,
	    "running zone requested again: second run of its own command");

	/* Failure statuses come through; cancel of a running request. */
	unlink(logf);
	got = 0;
	{
		char *bad[] = { script, "reload", "bad.test", NULL };

		req("bad.test", bad, &r_b);
		req("z3.test", zargv[3], &r_c);
		reload_cancel(&r_b);		/* running: no callback */
		run_until(1, 10);
		/* let the cancelled one's result pass */
		loop_timer_in(guard, 0.3);
		loop_run();
	}
	tap_ok(r_b.calls == 0 && r_c.calls == 1 && r_c.r.status == 0,
	    "cancelled running request never called back");
	tap_ok(!reentrant, "no callback from inside spawn_run/reload_request");
	reload_shutdown();
	tap_ok(spawn_running() == 0, "nothing left running");
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: t_spawn TMPDIR\n");
		return 2;
	}
	log_init("t_spawn", 1, 0);
	if (loop_init() != 0)
		return 2;
	signal(SIGPIPE, SIG_IGN);
	guard = loop_timer_new(on_guard, NULL);
	test_spawn(argv[1]);
	test_reload(argv[1]);
	loop_timer_free(guard);
	return tap_done();
}
