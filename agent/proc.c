/*
 * proc.c - children started with posix_spawnp() and driven by the loop:
 * output through a non-blocking pipe, reaping on SIGCHLD, timeouts by a
 * loop timer.
 *
 * posix_spawn, not fork: glibc's uses CLONE_VFORK, so starting `rndc`
 * costs the same in a daemon holding 10,000 zones as in a small one,
 * where fork() copied the page tables of the whole process every time.
 * It also reports exec errors (ENOENT, EACCES) itself.
 *
 * A child is reported when it was reaped and its output pipe reached
 * EOF.  A grandchild that keeps the output pipe open cannot hold the
 * report back for more than SPAWN_KILL_GRACE seconds after the reap.
 */
#define _GNU_SOURCE	/* posix_spawn_file_actions_addclosefrom_np */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "log.h"
#include "loop.h"
#include "proc.h"

#define RING	(SPAWN_OUTPUT_MAX - 1)

enum phase { RUNNING, TERM_SENT, KILL_SENT };

struct child {
	LIST_ENTRY(child) entry;	/* in children */
	pid_t pid;
	int outfd;		/* stdout+stderr read end, -1 after EOF */
	int reaped;
	int wstatus;
	int exec_errno;
	int timed_out;
	enum phase phase;
	struct loop_timer *timer;	/* timeout, kill grace, EOF grace */
	char ring[RING];	/* last RING bytes of output */
	size_t rstart, rlen;
	double start;
	spawn_cb cb;
	void *arg;
};

static LIST_HEAD(, child) children = LIST_HEAD_INITIALIZER(children);
static int nchildren;
static int sigchld_set;

static void
ring_add(struct child *c, const char *p, size_t n)
{
	size_t i;

	if (n >= RING) {
		memcpy(c->ring, p + n - RING, RING);
		c->rstart = 0;
		c->rlen = RING;
		return;
	}
	for (i = 0; i < n; i++) {
		c->ring[(c->rstart + c->rlen) % RING] = p[i];
		if (c->rlen < RING)
			c->rlen++;
		else
			c->rstart = (c->rstart + 1) % RING;
	}
}

static void
close_fd(int *fd)
{
	if (*fd >= 0) {
		loop_fd_del(*fd);
		close(*fd);
		*fd = -1;
	}
}

static void
unlink_child(struct child *c)
{
	LIST_REMOVE(c, entry);
	nchildren--;
}

static void
finish(struct child *c)
{
	struct spawn_result r;
	spawn_cb cb;
	void *arg;
	size_t i;

	unlink_child(c);
	close_fd(&c->outfd);
	loop_timer_free(c->timer);

	memset(&r, 0, sizeof(r));
	for (i = 0; i < c->rlen; i++)
		r.output[i] = c->ring[(c->rstart + i) % RING];
	r.output[c->rlen] = '\0';
	r.timed_out = c->timed_out;
	r.exec_failed = c->exec_errno;
	if (WIFEXITED(c->wstatus)) {
		r.exited = 1;
		r.status = WEXITSTATUS(c->wstatus);
	} else if (WIFSIGNALED(c->wstatus)) {
		r.signaled = 1;
		r.signo = WTERMSIG(c->wstatus);
	}
	r.secs = loop_update_now() - c->start;
	cb = c->cb;
	arg = c->arg;
	free(c);
	cb(arg, &r);
}

/*
 * Reap what can be reaped and report what is complete.  Restarts from
 * the head after each report: the callback may start or kill children.
 */
static void
sweep(void)
{
	struct child *c;
	int st;

again:
	LIST_FOREACH(c, &children, entry) {
		if (!c->reaped) {
			pid_t p = waitpid(c->pid, &st, WNOHANG);

			if (p == c->pid) {
				c->reaped = 1;
				c->wstatus = st;
				if (c->outfd >= 0)
					loop_timer_in(c->timer,
					    SPAWN_KILL_GRACE);
			} else if (p < 0 && errno == ECHILD) {
				/* Someone else reaped it: no status. */
				log_warnx("spawn: child %ld vanished",
				    (long)c->pid);
				c->reaped = 1;
				c->wstatus = 0xff00; /* exit 255 */
			}
		}
		if (c->reaped && c->outfd < 0) {
			finish(c);
			goto again;
		}
	}
}

static void
on_sigchld(int signo, void *arg)
{
	(void)signo;
	(void)arg;
	sweep();
}

static void
on_out(int fd, short revents, void *arg)
{
	struct child *c = arg;
	char buf[4096];
	ssize_t n;

	(void)revents;
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			ring_add(c, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		break;		/* EOF or a read error */
	}
	close_fd(&c->outfd);
	sweep();		/* EOF usually means the child exited */
}

static void
on_timer(void *arg)
{
	struct child *c = arg;

	if (c->reaped) {
		/* Grace after the reap is over: stop waiting for EOF. */
		close_fd(&c->outfd);
			sweep();
		return;
	}
	if (c->phase == RUNNING) {
		log_warnx("spawn: child %ld timed out, sending SIGTERM",
		    (long)c->pid);
		c->timed_out = 1;
		c->phase = TERM_SENT;
		if (kill(-c->pid, SIGTERM) != 0)
			kill(c->pid, SIGTERM);
		loop_timer_in(c->timer, SPAWN_KILL_GRACE);
	} else if (c->phase == TERM_SENT) {
		log_warnx("spawn: child %ld still running, sending SIGKILL",
		    (long)c->pid);
		c->phase = KILL_SENT;
		if (kill(-c->pid, SIGKILL) != 0)
			kill(c->pid, SIGKILL);
	}
}

static int
set_flags(int fd, int nonblock)
{
	int fl;

	if (fcntl(fd, F_SETFD, FD_CLOEXEC) != 0)
		return -1;
	if (!nonblock)
		return 0;
	if ((fl = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0)
		return -1;
	return 0;
}

/*
 * Start argv: its own process group (so a timeout reaches its children
 * too), default signal dispositions and an empty mask, stdin from
 * /dev/null, stdout and stderr into outw, every other descriptor closed.
 * Returns 0 and the pid, or an errno value (exec failures included).
 */
static int
start(char *const argv[], int nullfd, int outw, pid_t *pid)
{
	extern char **environ;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t all, none;
	int e;

	if ((e = posix_spawn_file_actions_init(&fa)) != 0)
		return e;
	if ((e = posix_spawnattr_init(&at)) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return e;
	}
	sigfillset(&all);
	sigemptyset(&none);
	if ((e = posix_spawn_file_actions_adddup2(&fa, nullfd, 0)) == 0 &&
	    (e = posix_spawn_file_actions_adddup2(&fa, outw, 1)) == 0 &&
	    (e = posix_spawn_file_actions_adddup2(&fa, outw, 2)) == 0 &&
	    (e = posix_spawn_file_actions_addclosefrom_np(&fa, 3)) == 0 &&
	    (e = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
	    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)) == 0 &&
	    (e = posix_spawnattr_setpgroup(&at, 0)) == 0 &&
	    (e = posix_spawnattr_setsigdefault(&at, &all)) == 0 &&
	    (e = posix_spawnattr_setsigmask(&at, &none)) == 0)
		e = posix_spawnp(pid, argv[0], &fa, &at, argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return e;
}

int
spawn_run(char *const argv[], double timeout_secs, spawn_cb cb, void *arg)
{
	struct child *c;
	int outp[2] = { -1, -1 }, nullfd = -1, ret, e;
	pid_t pid = -1;

	if (argv == NULL || argv[0] == NULL || cb == NULL)
		return ZS_EINVAL;
	if (!sigchld_set) {
		if ((ret = loop_signal(SIGCHLD, on_sigchld, NULL)) != 0)
			return ret;
		sigchld_set = 1;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return ZS_ENOMEM;
	if ((c->timer = loop_timer_new(on_timer, c)) == NULL) {
		ret = ZS_ENOMEM;
		goto fail;
	}
	if (pipe2(outp, O_CLOEXEC) != 0 ||
	    (nullfd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) {
		ret = -errno;
		goto fail;
	}
	if (set_flags(outp[0], 1) != 0) {
		ret = -errno;
		goto fail;
	}
	c->start = loop_update_now();
	e = start(argv, nullfd, outp[1], &pid);
	close(outp[1]);
	close(nullfd);
	c->cb = cb;
	c->arg = arg;
	LIST_INSERT_HEAD(&children, c, entry);
	nchildren++;
	if (e != 0) {
		/*
		 * Nothing ran: report exit 127 with the errno, from the loop
		 * as for any child, never from inside this call.
		 */
		close(outp[0]);
		c->pid = -1;
		c->outfd = -1;
		c->reaped = 1;
		c->wstatus = 127 << 8;
		c->exec_errno = e;
		loop_timer_in(c->timer, 0);
		return 0;
	}
	c->pid = pid;
	c->outfd = outp[0];
	loop_fd_set(c->outfd, POLLIN, on_out, c);
	if (timeout_secs > 0)
		loop_timer_in(c->timer, timeout_secs);
	return 0;
fail:
	for (int i = 0; i < 2; i++)
		if (outp[i] >= 0)
			close(outp[i]);
	if (nullfd >= 0)
		close(nullfd);
	loop_timer_free(c->timer);
	free(c);
	return ret;
}

int
spawn_running(void)
{
	return nchildren;
}

void
spawn_kill_all(void)
{
	struct child *c;
	int st;

	while ((c = LIST_FIRST(&children)) != NULL) {
		LIST_REMOVE(c, entry);
		nchildren--;
		if (!c->reaped) {
			if (kill(-c->pid, SIGKILL) != 0)
				kill(c->pid, SIGKILL);
			while (waitpid(c->pid, &st, 0) < 0 && errno == EINTR)
				;
		}
		close_fd(&c->outfd);
			loop_timer_free(c->timer);
		free(c);
	}
}
