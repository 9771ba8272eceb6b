/*
 * spawn.c - fork/execvp children driven by the loop: output through a
 * non-blocking pipe, exec errors through a close-on-exec pipe, reaping on
 * SIGCHLD, timeouts by a loop timer.
 *
 * A child is reported when three things happened: it was reaped, its
 * output pipe reached EOF, and the exec-error pipe reached EOF (execvp
 * succeeded: the kernel closed it) or delivered an errno.  A grandchild
 * that keeps the output pipe open cannot hold the report back for more
 * than SPAWN_KILL_GRACE seconds after the reap.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "log.h"
#include "loop.h"
#include "spawn.h"

#define RING	(SPAWN_OUTPUT_MAX - 1)

enum phase { RUNNING, TERM_SENT, KILL_SENT };

struct child {
	struct child *next;
	pid_t pid;
	int outfd;		/* stdout+stderr read end, -1 after EOF */
	int errfd;		/* exec-error read end, -1 after EOF */
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

static struct child *children;
static int nchildren;
static int sigchld_set;

static double
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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
	struct child **pp;

	for (pp = &children; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			nchildren--;
			return;
		}
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
	close_fd(&c->errfd);
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
	r.secs = mono_now() - c->start;
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
	for (c = children; c != NULL; c = c->next) {
		if (!c->reaped) {
			pid_t p = waitpid(c->pid, &st, WNOHANG);

			if (p == c->pid) {
				c->reaped = 1;
				c->wstatus = st;
				if (c->outfd >= 0 || c->errfd >= 0)
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
		if (c->reaped && c->outfd < 0 && c->errfd < 0) {
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
on_err(int fd, short revents, void *arg)
{
	struct child *c = arg;
	int e;
	ssize_t n;

	(void)revents;
	for (;;) {
		n = read(fd, &e, sizeof(e));
		if (n == (ssize_t)sizeof(e)) {
			c->exec_errno = e;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		break;
	}
	close_fd(&c->errfd);
	sweep();
}

static void
on_timer(void *arg)
{
	struct child *c = arg;

	if (c->reaped) {
		/* Grace after the reap is over: stop waiting for EOF. */
		close_fd(&c->outfd);
		close_fd(&c->errfd);
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

/* In the child: close every descriptor above 2 except keep. */
static void
close_other_fds(int keep)
{
	long max, fd;

#ifdef SYS_close_range
	if (keep > 3 && syscall(SYS_close_range, 3U, (unsigned)keep - 1,
	    0U) != 0)
		goto slow;
	if (syscall(SYS_close_range, (unsigned)keep + 1, ~0U, 0U) != 0)
		goto slow;
	return;
slow:
#endif
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		if (fd != keep)
			close((int)fd);
}

static void
child_exec(char *const argv[], int nullfd, int outw, int errw)
{
	struct sigaction sa;
	sigset_t all;
	int sig, e;

	setpgid(0, 0);
	/* Our pipes could sit on 0-2 if the daemon started with them closed. */
	if ((errw = fcntl(errw, F_DUPFD_CLOEXEC, 3)) < 0 ||
	    (outw = fcntl(outw, F_DUPFD, 3)) < 0 ||
	    (nullfd = fcntl(nullfd, F_DUPFD, 3)) < 0)
		_exit(127);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);	/* SIGKILL etc. just fail */
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	if (dup2(nullfd, 0) < 0 || dup2(outw, 1) < 0 || dup2(outw, 2) < 0)
		goto fail;
	close_other_fds(errw);
	execvp(argv[0], argv);
fail:
	e = errno;
	(void)write(errw, &e, sizeof(e));
	_exit(127);
}

int
spawn_run(char *const argv[], double timeout_secs, spawn_cb cb, void *arg)
{
	struct child *c;
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, nullfd = -1, ret;
	pid_t pid;

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
	if (pipe(outp) != 0 || pipe(errp) != 0 ||
	    (nullfd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) {
		ret = -errno;
		goto fail;
	}
	if (set_flags(outp[0], 1) != 0 || set_flags(outp[1], 0) != 0 ||
	    set_flags(errp[0], 1) != 0 || set_flags(errp[1], 0) != 0) {
		ret = -errno;
		goto fail;
	}
	c->start = mono_now();
	if ((pid = fork()) < 0) {
		ret = -errno;
		goto fail;
	}
	if (pid == 0)
		child_exec(argv, nullfd, outp[1], errp[1]);	/* no return */

	/* Both sides set the group, so a kill right away cannot miss it. */
	(void)setpgid(pid, pid);
	close(outp[1]);
	close(errp[1]);
	close(nullfd);
	c->pid = pid;
	c->outfd = outp[0];
	c->errfd = errp[0];
	c->cb = cb;
	c->arg = arg;
	c->next = children;
	children = c;
	nchildren++;
	loop_fd_set(c->outfd, POLLIN, on_out, c);
	loop_fd_set(c->errfd, POLLIN, on_err, c);
	if (timeout_secs > 0)
		loop_timer_in(c->timer, timeout_secs);
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (outp[i] >= 0)
			close(outp[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
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

	while ((c = children) != NULL) {
		children = c->next;
		nchildren--;
		if (!c->reaped) {
			if (kill(-c->pid, SIGKILL) != 0)
				kill(c->pid, SIGKILL);
			while (waitpid(c->pid, &st, 0) < 0 && errno == EINTR)
				;
		}
		close_fd(&c->outfd);
		close_fd(&c->errfd);
		loop_timer_free(c->timer);
		free(c);
	}
}
