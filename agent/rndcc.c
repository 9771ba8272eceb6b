/*
 * rndcc.c - control-channel exchanges driven by the loop.
 *
 *   connect --> send "null" --> read reply (nonce) --> send command with
 *   the nonce --> read reply (result) --> close, report
 *
 * Every reply must carry a valid HMAC under the same key; anything else
 * ends the exchange as a failure.  named closes the connection without a
 * word when it refuses our key or address, so an early EOF says that.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include "addr.h"
#include "err.h"
#include "log.h"
#include "loop.h"
#include "rndc.h"
#include "rndcc.h"
#include "wire.h"

#define OUTMAX	(4096 + 512)	/* a request: command + fixed fields */

enum stage { CONNECTING, SEND_NULL, READ_NONCE, SEND_CMD, READ_RESULT,
	FAILED };

struct job {
	LIST_ENTRY(job) entry;		/* in jobs */
	int fd;
	enum stage stage;
	struct zs_conf_key key;		/* copy; secret owned */
	struct zs_addr addr;
	char *command;
	uint8_t out[OUTMAX];
	size_t outlen, outoff;
	uint8_t *in;			/* prefix + message */
	size_t inlen, incap;
	struct loop_timer *timer;	/* timeout, or "report now" */
	double start;
	int timed_out;
	char why[SPAWN_OUTPUT_MAX];	/* set when the exchange failed */
	spawn_cb cb;
	void *arg;
};

static LIST_HEAD(, job) jobs = LIST_HEAD_INITIALIZER(jobs);
static int njobs;
static uint32_t serial_seed;

static void job_io(int fd, short revents, void *arg);

static void
job_free(struct job *j)
{
	LIST_REMOVE(j, entry);
	njobs--;
	if (j->fd >= 0) {
		loop_fd_del(j->fd);
		close(j->fd);
	}
	loop_timer_free(j->timer);
	zs_conf_key_clear(&j->key);
	free(j->command);
	free(j->in);
	free(j);
}

/* Report and forget the job. */
static void
finish(struct job *j, const struct zs_rndc_reply *rep)
{
	struct spawn_result r;
	spawn_cb cb = j->cb;
	void *arg = j->arg;

	memset(&r, 0, sizeof(r));
	r.exited = 1;
	r.secs = loop_update_now() - j->start;
	r.timed_out = j->timed_out;
	if (rep == NULL) {
		r.status = 1;
		snprintf(r.output, sizeof(r.output), "%s", j->why);
	} else {
		/* named's text, then what went wrong, if anything */
		const char *sep = rep->text[0] != '\0' ? ": " : "";
		char why[64] = "";

		r.status = rep->has_result && rep->result == 0 ? 0 : 1;
		if (r.status != 0 && !rep->has_result)
			snprintf(why, sizeof(why), "no result in named's reply");
		else if (r.status != 0)
			snprintf(why, sizeof(why), "result %lu", rep->result);
		snprintf(r.output, sizeof(r.output), "%s%s%s", rep->text,
		    rep->err[0] != '\0' || why[0] != '\0' ? sep : "",
		    rep->err[0] != '\0' ? rep->err : why);
	}
	job_free(j);
	cb(arg, &r);
}

/* Fail with a message; reported from the loop through the timer. */
static void
fail(struct job *j, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
fail(struct job *j, const char *fmt, ...)
{
	char a[ZS_ADDR_TEXTLEN], m[SPAWN_OUTPUT_MAX - ZS_ADDR_TEXTLEN - 8];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	snprintf(j->why, sizeof(j->why), "rndc-server %s: %s",
	    zs_addr_totext(&j->addr, a, sizeof(a)), m);
	j->stage = FAILED;
	if (j->fd >= 0) {
		loop_fd_del(j->fd);
		close(j->fd);
		j->fd = -1;
	}
	loop_timer_in(j->timer, 0);
}

static void
on_timer(void *arg)
{
	struct job *j = arg;

	if (j->stage != FAILED) {
		j->timed_out = 1;
		fail(j, "no answer within %.0f s", loop_now() - j->start);
		return;
	}
	finish(j, NULL);
}

static int
build(struct job *j, uint32_t nonce, const char *command)
{
	int ret;

	ret = zs_rndc_request(j->out, sizeof(j->out), &j->outlen,
	    &j->key.tsig, serial_seed++, (uint32_t)time(NULL), nonce, command);
	j->outoff = 0;
	if (ret != 0)
		fail(j, "cannot build the request: %s", zs_strerror(ret));
	return ret;
}

/* Write what is left of out; 1 when all is sent, 0 to wait, -1 failed. */
static int
send_out(struct job *j)
{
	ssize_t n;

	while (j->outoff < j->outlen) {
		n = send(j->fd, j->out + j->outoff, j->outlen - j->outoff,
		    MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0) {
			fail(j, "send: %s", strerror(errno));
			return -1;
		}
		j->outoff += (size_t)n;
	}
	j->inlen = 0;
	loop_fd_set(j->fd, POLLIN, job_io, j);
	return 1;
}

/* Read one whole message; 1 when it is in, 0 to wait, -1 failed. */
static int
read_msg(struct job *j)
{
	size_t want;
	ssize_t n;

	for (;;) {
		want = 4;
		if (j->inlen >= 4) {
			want = 4 + (size_t)zs_be32(j->in);
			if (want - 4 > ZS_RNDC_MSG_MAX) {
				fail(j, "reply of %zu octets is too long",
				    want - 4);
				return -1;
			}
			if (j->inlen == want)
				return 1;
		}
		if (j->incap < want) {
			uint8_t *p = realloc(j->in, want);

			if (p == NULL) {
				fail(j, "out of memory");
				return -1;
			}
			j->in = p;
			j->incap = want;
		}
		n = recv(j->fd, j->in + j->inlen, want - j->inlen, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0) {
			fail(j, "recv: %s", strerror(errno));
			return -1;
		}
		if (n == 0) {
			fail(j, "named closed the connection %s",
			    j->stage == READ_NONCE ? "without answering (is "
			    "the key one its controls statement allows, for "
			    "this address?)" : "before answering");
			return -1;
		}
		j->inlen += (size_t)n;
	}
}

static int
parse(struct job *j, struct zs_rndc_reply *rep)
{
	int ret = zs_rndc_reply_parse(j->in + 4, j->inlen - 4, &j->key.tsig,
	    rep);

	if (ret == ZS_ETSIG)
		fail(j, "reply failed authentication (key \"%s\")",
		    j->key.name);
	else if (ret != 0)
		fail(j, "malformed reply: %s", zs_strerror(ret));
	return ret;
}

static void
job_io(int fd, short revents, void *arg)
{
	struct job *j = arg;
	struct zs_rndc_reply rep;
	socklen_t sl;
	int err, r;

	(void)revents;
	switch (j->stage) {
	case CONNECTING:
		err = 0;
		sl = sizeof(err);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &sl) != 0)
			err = errno;
		if (err != 0) {
			fail(j, "connect: %s", strerror(err));
			return;
		}
		j->stage = SEND_NULL;
		if (build(j, 0, "null") != 0)
			return;
		/* FALLTHROUGH */
	case SEND_NULL:
		if ((r = send_out(j)) <= 0)
			return;
		j->stage = READ_NONCE;
		return;
	case READ_NONCE:
		if ((r = read_msg(j)) <= 0 || parse(j, &rep) != 0)
			return;
		if (rep.nonce == 0) {
			fail(j, "named's first reply has no nonce");
			return;
		}
		j->stage = SEND_CMD;
		if (build(j, rep.nonce, j->command) != 0)
			return;
		loop_fd_set(j->fd, POLLOUT, job_io, j);
		/* FALLTHROUGH */
	case SEND_CMD:
		if ((r = send_out(j)) <= 0)
			return;
		j->stage = READ_RESULT;
		return;
	case READ_RESULT:
		if ((r = read_msg(j)) <= 0 || parse(j, &rep) != 0)
			return;
		finish(j, &rep);
		return;
	case FAILED:
		return;
	}
}

int
rndcc_run(const struct zs_conf_server *srv, const char *command,
    double timeout_secs, spawn_cb cb, void *arg)
{
	struct job *j;
	int fd;

	if (srv == NULL || srv->key == NULL || command == NULL || cb == NULL ||
	    (srv->addr.ss.ss_family != AF_INET &&
	    srv->addr.ss.ss_family != AF_INET6))
		return ZS_EINVAL;
	if (serial_seed == 0)
		serial_seed = (uint32_t)time(NULL) ^ ((uint32_t)getpid() << 16);
	if ((j = calloc(1, sizeof(*j))) == NULL ||
	    (j->command = strdup(command)) == NULL ||
	    (j->timer = loop_timer_new(on_timer, j)) == NULL ||
	    zs_conf_key_dup(&j->key, srv->key) != 0) {	/* SIGHUP-proof */
		if (j != NULL) {
			free(j->command);
			loop_timer_free(j->timer);
			free(j);
		}
		return ZS_ENOMEM;
	}
	j->addr = srv->addr;
	j->fd = -1;
	j->start = loop_update_now();
	j->cb = cb;
	j->arg = arg;
	LIST_INSERT_HEAD(&jobs, j, entry);
	njobs++;
	if ((fd = socket(srv->addr.ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) < 0) {
		fail(j, "socket: %s", strerror(errno));
		return 0;
	}
	j->fd = fd;
	if (timeout_secs > 0)
		loop_timer_in(j->timer, timeout_secs);
	if (connect(fd, (const struct sockaddr *)&j->addr.ss, j->addr.len) !=
	    0 && errno != EINPROGRESS) {
		fail(j, "connect: %s", strerror(errno));
		return 0;
	}
	j->stage = CONNECTING;
	loop_fd_set(fd, POLLOUT, job_io, j);
	return 0;
}

int
rndcc_running(void)
{
	return njobs;
}

void
rndcc_shutdown(void)
{
	while (!LIST_EMPTY(&jobs))
		job_free(LIST_FIRST(&jobs));
}
