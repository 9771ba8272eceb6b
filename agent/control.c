/*
 * control.c - control socket server (in the loop) and client.
 */
#define _GNU_SOURCE	/* struct ucred */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "catz.h"
#include "control.h"
#include "log.h"
#include "loop.h"
#include "status.h"
#include "zones.h"

#define REQ_MAX	1100		/* "retransfer " + a name in text form */

struct conn {
	int fd;
	size_t len;
	char buf[REQ_MAX];
	char *out;		/* the reply (owned) */
	size_t outlen, outoff;
};

static int lfd = -1;
static char *lpath;

static void on_write(int fd, short revents, void *arg);

static void
conn_close(struct conn *c)
{
	loop_fd_del(c->fd);
	close(c->fd);
	free(c->out);
	free(c);
}

/*
 * Send text (owned from here) and close: as much as the socket takes now,
 * the rest from the loop (a status of 10,000 zones is megabytes).
 */
static void
reply_owned(struct conn *c, char *text)
{
	c->out = text;
	c->outlen = text != NULL ? strlen(text) : 0;
	c->outoff = 0;
	on_write(c->fd, POLLOUT, c);
}

static void
reply(struct conn *c, const char *text)
{
	reply_owned(c, strdup(text));
}

static void
on_write(int fd, short revents, void *arg)
{
	struct conn *c = arg;
	ssize_t n;

	(void)revents;
	while (c->outoff < c->outlen) {
		n = send(fd, c->out + c->outoff, c->outlen - c->outoff,
		    MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			loop_fd_set(fd, POLLOUT, on_write, c);
			return;
		}
		if (n <= 0)
			break;
		c->outoff += (size_t)n;
	}
	conn_close(c);
}

static void
handle(struct conn *c)
{
	char out[1300], *arg;

	c->buf[c->len] = '\0';
	c->buf[strcspn(c->buf, "\r\n")] = '\0';
	arg = strchr(c->buf, ' ');
	if (arg != NULL)
		*arg++ = '\0';
	if (strcmp(c->buf, "ping") == 0)
		snprintf(out, sizeof(out), "ok pid %ld\n", (long)getpid());
	else if (strcmp(c->buf, "status") == 0 && arg == NULL) {
		char *doc = status_text(), *text = NULL;

		/* "ok json", then the status document. */
		if (doc != NULL && asprintf(&text, "ok json\n%s\n", doc) < 0)
			text = NULL;
		free(doc);
		if (text != NULL) {
			reply_owned(c, text);
			return;
		}
		snprintf(out, sizeof(out), "error out of memory\n");
	}
	else if ((strcmp(c->buf, "refresh") == 0 ||
	    strcmp(c->buf, "retransfer") == 0 ||
	    strcmp(c->buf, "retransfer-force") == 0) && arg != NULL &&
	    *arg != '\0') {
		unsigned flags = strcmp(c->buf, "refresh") == 0 ? 0 :
		    strcmp(c->buf, "retransfer") == 0 ? SCHED_RETRANSFER :
		    SCHED_RETRANSFER | SCHED_OVERRIDE;

		/* --force on a catalog also lets a held update through. */
		if (flags & SCHED_OVERRIDE)
			catz_force(arg);
		if (zones_refresh(arg, flags) != 0)
			snprintf(out, sizeof(out), "error unknown zone %s\n",
			    arg);
		else {
			log_info("%s: %s requested through the control "
			    "socket", arg, c->buf);
			snprintf(out, sizeof(out), "ok %s %s scheduled\n",
			    c->buf, arg);
		}
	} else
		snprintf(out, sizeof(out), "error unknown command\n");
	reply(c, out);
}

static void
on_conn(int fd, short revents, void *arg)
{
	struct conn *c = arg;
	ssize_t n;

	(void)revents;
	n = read(fd, c->buf + c->len, sizeof(c->buf) - 1 - c->len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		conn_close(c);
		return;
	}
	c->len += (size_t)n;
	if (memchr(c->buf, '\n', c->len) == NULL &&
	    c->len < sizeof(c->buf) - 1)
		return;
	loop_fd_del(fd);
	handle(c);
}

static void
on_accept(int fd, short revents, void *arg)
{
	struct ucred cred;
	socklen_t sl = sizeof(cred);
	struct conn *c;
	int cfd;

	(void)revents;
	(void)arg;
	if ((cfd = loop_accept(fd)) < 0)
		return;
	if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cred, &sl) != 0 ||
	    (cred.uid != 0 && cred.uid != geteuid())) {
		log_warnx("control: refused a connection from uid %ld",
		    (long)cred.uid);
		close(cfd);
		return;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		close(cfd);
		return;
	}
	c->fd = cfd;
	loop_fd_set(cfd, POLLIN, on_conn, c);
}

int
control_open(const char *path)
{
	struct sockaddr_un sun;
	mode_t old;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		log_warnx("control-socket %s: path too long", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	if ((lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) < 0) {
		log_warn("control socket");
		return -1;
	}
	/*
	 * A socket left by a crash would make bind fail, but one that still
	 * answers belongs to a running agent: leave it alone.
	 */
	{
		int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (probe >= 0 && connect(probe, (struct sockaddr *)&sun,
		    sizeof(sun)) == 0) {
			close(probe);
			close(lfd);
			lfd = -1;
			return -2;
		}
		if (probe >= 0)
			close(probe);
	}
	if (unlink(path) != 0 && errno != ENOENT) {
		log_warn("control-socket %s", path);
		goto fail;
	}
	old = umask(0177);
	if (bind(lfd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		umask(old);
		log_warn("control-socket %s", path);
		goto fail;
	}
	umask(old);
	if (listen(lfd, 16) != 0) {
		log_warn("control-socket %s: listen", path);
		goto fail;
	}
	lpath = strdup(path);
	loop_fd_set(lfd, POLLIN, on_accept, NULL);
	return 0;
fail:
	close(lfd);
	lfd = -1;
	return -1;
}

int
control_chown(uid_t uid, gid_t gid)
{
	if (lpath == NULL)
		return 0;
	return chown(lpath, uid, gid);
}

void
control_close(void)
{
	if (lfd >= 0) {
		loop_fd_del(lfd);
		close(lfd);
		lfd = -1;
	}
	if (lpath != NULL) {
		unlink(lpath);
		free(lpath);
		lpath = NULL;
	}
}

int
control_fetch(const char *path, const char *request, char **replyp)
{
	struct sockaddr_un sun;
	char line[1200], *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd;

	*replyp = NULL;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "zonesyncd: control socket path too long\n");
		return 3;
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		int e = errno;

		fprintf(stderr, "zonesyncd: cannot reach the daemon at %s: "
		    "%s%s\n", path, strerror(e), e == EACCES || e == EPERM ?
		    " (only the daemon's user and root may use it)" :
		    " (is zonesyncd running?)");
		if (fd >= 0)
			close(fd);
		return 3;
	}
	snprintf(line, sizeof(line), "%s\n", request);
	if (write(fd, line, strlen(line)) < 0) {
		fprintf(stderr, "zonesyncd: %s: %s\n", path, strerror(errno));
		close(fd);
		return 3;
	}
	for (;;) {
		if (cap - len < 65536) {
			char *nb = realloc(buf, cap + 65536 + 1);

			if (nb == NULL)
				break;
			buf = nb;
			cap += 65536;
		}
		if ((n = read(fd, buf + len, cap - len)) < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len == 0) {
		free(buf);
		fprintf(stderr, "zonesyncd: no reply from the daemon\n");
		return 3;
	}
	buf[len] = '\0';
	*replyp = buf;
	return 0;
}

int
control_request(const char *path, const char *request)
{
	char *buf;
	int ret;

	if ((ret = control_fetch(path, request, &buf)) != 0)
		return ret;
	if (strncmp(buf, "ok ", 3) == 0) {
		fputs(buf + 3, stdout);
		ret = 0;
	} else {
		fprintf(stderr, "zonesyncd: %s", strncmp(buf, "error ", 6) ==
		    0 ? buf + 6 : buf);
		ret = 1;
	}
	free(buf);
	return ret;
}
