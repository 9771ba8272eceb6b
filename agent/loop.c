/*
 * loop.c - one poll() loop for the whole daemon.
 *
 * Three kinds of sources: file descriptors (c-ares sockets, transfers,
 * child pipes, the control socket), timers in a heap keyed on the
 * monotonic clock, and signals, which the handler turns into one byte on
 * a self-pipe so poll() wakes up and the callback runs in the loop.
 */
#define _GNU_SOURCE	/* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "timerq.h"

struct fdent {
	short events;
	loop_fd_cb cb;
	void *arg;
};

struct loop_timer {
	struct zs_tq_entry e;	/* first member: entry -> timer cast */
	loop_timer_cb cb;
	void *arg;
};

#define NSIG_MAX 65

static struct fdent *fds;	/* indexed by fd */
static size_t nfds_alloc;
static struct pollfd *pfds;
static size_t npfds_alloc;
static struct zs_timerq timers = ZS_TIMERQ_INIT;
static int sigpipe[2] = { -1, -1 };
static volatile sig_atomic_t sig_pending[NSIG_MAX];
static loop_signal_cb sig_cb[NSIG_MAX];
static void *sig_arg[NSIG_MAX];
static int running;
static double now_cache;

double
loop_update_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now_cache = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	return now_cache;
}

double
loop_now(void)
{
	return now_cache != 0 ? now_cache : loop_update_now();
}

static void
on_signal(int signo)
{
	int saved = errno;
	char c = (char)signo;

	if (signo > 0 && signo < NSIG_MAX)
		sig_pending[signo] = 1;
	/* A full pipe already guarantees a wakeup. */
	(void)write(sigpipe[1], &c, 1);
	errno = saved;
}

static void
on_sigpipe(int fd, short revents, void *arg)
{
	char buf[64];
	int i;

	(void)revents;
	(void)arg;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	for (i = 1; i < NSIG_MAX; i++) {
		if (!sig_pending[i])
			continue;
		sig_pending[i] = 0;
		if (sig_cb[i] != NULL)
			sig_cb[i](i, sig_arg[i]);
	}
}

int
loop_init(void)
{
	if (pipe(sigpipe) != 0)
		return -errno;
	for (int i = 0; i < 2; i++) {
		int fl = fcntl(sigpipe[i], F_GETFL);

		if (fl < 0 || fcntl(sigpipe[i], F_SETFL, fl | O_NONBLOCK) != 0 ||
		    fcntl(sigpipe[i], F_SETFD, FD_CLOEXEC) != 0)
			return -errno;
	}
	loop_fd_set(sigpipe[0], POLLIN, on_sigpipe, NULL);
	loop_update_now();
	return 0;
}

void
loop_fd_set(int fd, short events, loop_fd_cb cb, void *arg)
{
	if (fd < 0)
		return;
	if (events == 0) {
		loop_fd_del(fd);
		return;
	}
	if ((size_t)fd >= nfds_alloc) {
		size_t n = nfds_alloc != 0 ? nfds_alloc : 64;
		struct fdent *p;

		while (n <= (size_t)fd)
			n *= 2;
		if ((p = reallocarray(fds, n, sizeof(*p))) == NULL)
			fatal("loop_fd_set");
		memset(p + nfds_alloc, 0, (n - nfds_alloc) * sizeof(*p));
		fds = p;
		nfds_alloc = n;
	}
	fds[fd].events = events;
	fds[fd].cb = cb;
	fds[fd].arg = arg;
}

void
loop_fd_del(int fd)
{
	if (fd >= 0 && (size_t)fd < nfds_alloc)
		memset(&fds[fd], 0, sizeof(fds[fd]));
}

struct loop_timer *
loop_timer_new(loop_timer_cb cb, void *arg)
{
	struct loop_timer *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->e.idx = ZS_TQ_NONE;
	t->cb = cb;
	t->arg = arg;
	return t;
}

void
loop_timer_at(struct loop_timer *t, double when)
{
	if (zs_timerq_set(&timers, &t->e, when) != 0)
		fatalx("out of memory arming a timer");
}

void
loop_timer_in(struct loop_timer *t, double secs)
{
	loop_timer_at(t, loop_now() + secs);
}

void
loop_timer_cancel(struct loop_timer *t)
{
	zs_timerq_remove(&timers, &t->e);
}

int
loop_timer_armed(const struct loop_timer *t)
{
	return t->e.idx != ZS_TQ_NONE;
}

double
loop_timer_when(const struct loop_timer *t)
{
	return t->e.when;
}

void
loop_timer_free(struct loop_timer *t)
{
	if (t == NULL)
		return;
	loop_timer_cancel(t);
	free(t);
}

int
loop_signal(int signo, loop_signal_cb cb, void *arg)
{
	struct sigaction sa;

	if (signo <= 0 || signo >= NSIG_MAX)
		return -EINVAL;
	sig_cb[signo] = cb;
	sig_arg[signo] = arg;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	if (sigaction(signo, &sa, NULL) != 0)
		return -errno;
	return 0;
}

void
loop_stop(void)
{
	running = 0;
}

static void
run_timers(void)
{
	struct zs_tq_entry *e;
	double now = loop_update_now();
	size_t budget = timers.n;

	/*
	 * Only timers due now, and at most as many as were queued: a
	 * callback that re-arms itself for "now" runs again next round,
	 * after poll() has looked at the sockets.
	 */
	while (budget-- > 0 && (e = zs_timerq_peek(&timers)) != NULL &&
	    e->when <= now) {
		struct loop_timer *t = (struct loop_timer *)e;

		zs_timerq_pop(&timers);
		t->cb(t->arg);
		if (!running)
			return;
	}
}

int
loop_run(void)
{
	running = 1;
	while (running) {
		struct zs_tq_entry *e;
		size_t i, n = 0;
		int timeout = -1, ret;

		for (i = 0; i < nfds_alloc; i++) {
			if (fds[i].events == 0)
				continue;
			if (n == npfds_alloc) {
				size_t c = npfds_alloc ? npfds_alloc * 2 : 64;
				struct pollfd *p;

				p = reallocarray(pfds, c, sizeof(*p));
				if (p == NULL)
					fatal("poll set");
				pfds = p;
				npfds_alloc = c;
			}
			pfds[n].fd = (int)i;
			pfds[n].events = fds[i].events;
			pfds[n].revents = 0;
			n++;
		}
		if ((e = zs_timerq_peek(&timers)) != NULL) {
			double d = e->when - loop_update_now();

			timeout = d <= 0 ? 0 : (int)(d * 1000.0) + 1;
		}
		ret = poll(pfds, (nfds_t)n, timeout);
		if (ret < 0 && errno != EINTR)
			fatal("poll");
		loop_update_now();
		for (i = 0; ret > 0 && i < n && running; i++) {
			int fd = pfds[i].fd;

			if (pfds[i].revents == 0)
				continue;
			/* A callback may have removed or replaced this fd. */
			if (fds[fd].events == 0 || fds[fd].cb == NULL)
				continue;
			fds[fd].cb(fd, pfds[i].revents, fds[fd].arg);
		}
		if (running)
			run_timers();
	}
	return 0;
}

int
loop_accept(int lfd)
{
	return accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
