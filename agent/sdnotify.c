/*
 * sdnotify.c - the sd_notify datagram protocol (READY, RELOADING,
 * STOPPING, STATUS) spoken to systemd without linking libsystemd.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "sdnotify.h"
#include "status.h"

/* STATUS= at most this often: systemctl status needs no more. */
#define STATUS_INTERVAL	5.0

static int sd_fd = -1;
static struct sockaddr_un sd_addr;
static socklen_t sd_addrlen;
static int sd_warned;
static struct loop_timer *status_timer;
static double status_last;		/* when STATUS= was last sent */
static char status_sent[256];

static void
on_status_timer(void *arg)
{
	(void)arg;
	sdnotify_status_changed();
}

void
sdnotify_init(void)
{
	const char *s = getenv("NOTIFY_SOCKET");
	size_t len;

	if (s == NULL || *s == '\0')
		return;
	len = strlen(s);
	/* Only unix sockets: a path, or '@' for the abstract namespace. */
	if ((s[0] != '/' && s[0] != '@') || len >= sizeof(sd_addr.sun_path)) {
		log_warnx("NOTIFY_SOCKET %s: not a unix socket address; not "
		    "notifying systemd", s);
		unsetenv("NOTIFY_SOCKET");
		return;
	}
	memset(&sd_addr, 0, sizeof(sd_addr));
	sd_addr.sun_family = AF_UNIX;
	memcpy(sd_addr.sun_path, s, len);
	if (s[0] == '@')
		sd_addr.sun_path[0] = '\0';
	sd_addrlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
	    (s[0] == '@' ? 0 : 1));
	/* Non-blocking: a stuck systemd must not stop the loop. */
	sd_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (sd_fd < 0)
		log_warn("NOTIFY_SOCKET: socket");
	status_timer = loop_timer_new(on_status_timer, NULL);
	unsetenv("NOTIFY_SOCKET");
}

void
sdnotify_send(const char *msg)
{
	if (sd_fd < 0)
		return;
	if (sendto(sd_fd, msg, strlen(msg), MSG_NOSIGNAL,
	    (struct sockaddr *)&sd_addr, sd_addrlen) < 0 && !sd_warned) {
		sd_warned = 1;
		log_warn("NOTIFY_SOCKET: cannot notify systemd");
	}
}

/* Send msg, followed by STATUS= with the summary of every zone. */
static void
send_with_status(const char *msg)
{
	char buf[sizeof(status_sent) + 64];

	status_summary(status_sent, sizeof(status_sent));
	snprintf(buf, sizeof(buf), "%s%sSTATUS=%s", msg, *msg ? "\n" : "",
	    status_sent);
	status_last = loop_update_now();
	sdnotify_send(buf);
}

void
sdnotify_ready(void)
{
	if (sd_fd >= 0)
		send_with_status("READY=1");
}

void
sdnotify_reloading(void)
{
	char buf[64];

	if (sd_fd < 0)
		return;
	snprintf(buf, sizeof(buf), "RELOADING=1\nMONOTONIC_USEC=%llu",
	    (unsigned long long)(loop_update_now() * 1e6));
	sdnotify_send(buf);
}

/*
 * Called on every change of any zone and by its own timer: cheap unless
 * STATUS_INTERVAL has passed, then one walk over the zones.
 */
void
sdnotify_status_changed(void)
{
	char buf[sizeof(status_sent)];
	double now;

	if (sd_fd < 0 || status_timer == NULL)
		return;
	now = loop_now();
	if (now < status_last + STATUS_INTERVAL) {
		if (!loop_timer_armed(status_timer))
			loop_timer_at(status_timer, status_last +
			    STATUS_INTERVAL);
		return;
	}
	status_summary(buf, sizeof(buf));
	if (strcmp(buf, status_sent) != 0)
		send_with_status("");
	else
		status_last = now;
}

void
sdnotify_close(void)
{
	loop_timer_free(status_timer);
	status_timer = NULL;
	if (sd_fd >= 0)
		close(sd_fd);
	sd_fd = -1;
}
