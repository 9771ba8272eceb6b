/*
 * notify.c - answer NOTIFY messages (RFC 1996) and start SOA checks.
 *
 * Every acceptable NOTIFY gets a response with the same ID, QR and AA
 * set, opcode NOTIFY and the question echoed (RFC 1996 4.7); the zone
 * then gets an SOA check, never more than one in flight and one queued,
 * however hard it is flooded (see zones_notify).  Unknown zones get
 * NOTAUTH, sources outside allow-notify REFUSED, anything else that is
 * not a NOTIFY query FORMERR or NOTIMP; refusals are logged, at most ten
 * a second so a flood cannot fill the log.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "frame.h"
#include "log.h"
#include "loop.h"
#include "msg.h"
#include "notify.h"
#include "notifymsg.h"
#include "zones.h"
#include "tsig.h"

#define MAX_LISTEN	16
#define MAX_TCP		64	/* connections at once */
#define TCP_IDLE	10.0	/* seconds a connection may idle */
#define LOG_BURST	10	/* refusal lines logged per second */

struct listener {
	struct zs_addr addr;
	int udp, tcp;
};

struct tconn {
	LIST_ENTRY(tconn) entry;	/* in tconns */
	int fd;
	struct loop_timer *idle;
	size_t len;
	uint8_t buf[ZS_FRAME_HDRLEN + ZS_MSG_MAXLEN];
};

static struct listener lst[MAX_LISTEN];
static size_t nlst;
static LIST_HEAD(, tconn) tconns = LIST_HEAD_INITIALIZER(tconns);
static size_t ntconns;
static struct notify_stats stats;
static struct zs_tsig_key *keys;	/* the config's keys, for TSIG */
static size_t nkeys;

static void
log_limited(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
log_limited(const char *fmt, ...)
{
	static double window;
	static unsigned logged, dropped;
	char buf[512];
	va_list ap;

	/* Up to LOG_BURST lines a second, then a count of what was held. */
	if (loop_now() - window >= 1.0) {
		if (dropped > 0)
			log_cat_warnx(LOG_CAT_NOTIFY, "notify: %u more "
			    "refusals in the last second not logged", dropped);
		window = loop_now();
		logged = dropped = 0;
	}
	if (logged >= LOG_BURST) {
		dropped++;
		return;
	}
	logged++;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_cat_warnx(LOG_CAT_NOTIFY, "%s", buf);
}

static size_t
handle(const uint8_t *msg, size_t len, const struct sockaddr *src,
    uint8_t *out, size_t cap)
{
	struct zs_notify_req req;
	struct zs_addr from;
	char peer[ZS_ADDR_TEXTLEN], zname[1024];
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	unsigned rcode;
	uint64_t now = (uint64_t)time(NULL);
	size_t olen;

	stats.received++;
	if (zs_notify_parse(msg, len, keys, nkeys, now, &req) != 0)
		return 0;
	memset(&from, 0, sizeof(from));
	memcpy(&from.ss, src, src->sa_family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in));
	zs_addr_totext(&from, peer, sizeof(peer));
	if (req.tsig != 0 && req.tsig != ZS_ENOTSIGNED) {
		stats.refused++;
		log_limited("NOTIFY from %s: TSIG: %s", peer,
		    zs_strerror(req.tsig));
	}
	rcode = req.rcode;
	if (req.have_q) {
		zs_dname_totext(&sb, req.qname, req.qnamelen);
		/* Name zones as the config does: no final dot. */
		if (sb.len > 1)
			sb.len--;
		snprintf(zname, sizeof(zname), "%s",
		    zs_sb_cstr(&sb) != NULL ? sb.buf : "?");
		zs_sb_free(&sb);
		switch (zones_notify(req.qname, req.qnamelen, src,
		    req.key != NULL ? req.key->name : NULL,
		    req.key != NULL ? req.key->namelen : 0,
		    req.have_serial, req.serial)) {
		case NOTIFY_ACCEPT:
			stats.accepted++;
			if (req.have_serial)
				log_cat_info(LOG_CAT_NOTIFY, "%s: NOTIFY from "
				    "%s, serial %u", zname, peer, req.serial);
			else
				log_cat_info(LOG_CAT_NOTIFY, "%s: NOTIFY from "
				    "%s", zname, peer);
			break;
		case NOTIFY_UNKNOWN_ZONE:
			stats.unknown_zone++;
			rcode = ZS_RCODE_NOTAUTH;
			log_limited("NOTIFY from %s for %s: not a zone of ours",
			    peer, zname);
			break;
		default:
			stats.refused++;
			rcode = ZS_RCODE_REFUSED;
			log_limited("%s: NOTIFY from %s refused (not in "
			    "allow-notify, or not a primary of the zone)",
			    zname, peer);
			break;
		}
	}
	if (rcode == ZS_RCODE_FORMERR || rcode == ZS_RCODE_NOTIMP)
		stats.malformed++;
	if (zs_notify_answer(&req, rcode, now, out, cap, &olen) != 0)
		return 0;
	return olen;
}

static void
on_udp(int fd, short revents, void *arg)
{
	uint8_t in[4096], out[1024];
	struct sockaddr_storage ss;
	int i;

	(void)revents;
	(void)arg;
	/* Drain a burst, but let the rest of the loop run too. */
	for (i = 0; i < 64; i++) {
		socklen_t sl = sizeof(ss);
		ssize_t n = recvfrom(fd, in, sizeof(in), 0,
		    (struct sockaddr *)&ss, &sl);
		size_t olen;

		if (n < 0)
			return;
		olen = handle(in, (size_t)n, (struct sockaddr *)&ss, out,
		    sizeof(out));
		if (olen > 0)
			(void)sendto(fd, out, olen, 0, (struct sockaddr *)&ss,
			    sl);
	}
}

static void
tconn_free(struct tconn *c)
{
	LIST_REMOVE(c, entry);
	ntconns--;
	loop_fd_del(c->fd);
	close(c->fd);
	loop_timer_free(c->idle);
	free(c);
}

static void
on_tidle(void *arg)
{
	tconn_free(arg);
}

static void
on_tcp_data(int fd, short revents, void *arg)
{
	struct tconn *c = arg;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	uint8_t out[ZS_FRAME_HDRLEN + 1024];
	struct zs_frame fr;
	const uint8_t *m;
	size_t mlen, olen;
	ssize_t n;

	(void)revents;
	n = read(fd, c->buf + c->len, sizeof(c->buf) - c->len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0 || getpeername(fd, (struct sockaddr *)&ss, &sl) != 0) {
		tconn_free(c);
		return;
	}
	c->len += (size_t)n;
	loop_timer_in(c->idle, TCP_IDLE);
	/* RFC 7766 framing: 2-byte length, then the message. */
	fr = zs_frame_init(c->buf, c->len, sizeof(c->buf) - ZS_FRAME_HDRLEN);
	while (zs_frame_next(&fr, &m, &mlen) == 1) {
		olen = handle(m, mlen, (struct sockaddr *)&ss,
		    out + ZS_FRAME_HDRLEN, sizeof(out) - ZS_FRAME_HDRLEN);
		if (olen > 0 && zs_frame_put_len(out, olen) == 0)
			(void)send(fd, out, olen + ZS_FRAME_HDRLEN,
			    MSG_NOSIGNAL);
	}
	c->len = zs_frame_keep(c->buf, c->len, fr.pos);
}

static void
on_tcp_accept(int fd, short revents, void *arg)
{
	struct tconn *c;
	int cfd;

	(void)revents;
	(void)arg;
	if ((cfd = loop_accept(fd)) < 0)
		return;
	if (ntconns >= MAX_TCP || (c = calloc(1, sizeof(*c))) == NULL) {
		close(cfd);
		return;
	}
	if ((c->idle = loop_timer_new(on_tidle, c)) == NULL) {
		free(c);
		close(cfd);
		return;
	}
	c->fd = cfd;
	LIST_INSERT_HEAD(&tconns, c, entry);
	ntconns++;
	loop_timer_in(c->idle, TCP_IDLE);
	loop_fd_set(cfd, POLLIN, on_tcp_data, c);
}

static int
open_one(const struct zs_addr *a, int type)
{
	int fd, on = 1, rcvbuf = 1024 * 1024;
	char text[ZS_ADDR_TEXTLEN];

	fd = socket(a->ss.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (a->ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	/* A NOTIFY burst overflows the default ~208 KB buffer (~250). */
	if (type == SOCK_DGRAM)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (const struct sockaddr *)&a->ss, a->len) != 0)
		goto fail;
	if (type == SOCK_STREAM && listen(fd, 64) != 0)
		goto fail;
	return fd;
fail:
	log_warn("notify-listen %s (%s)", zs_addr_totext(a, text,
	    sizeof(text)), type == SOCK_STREAM ? "TCP" : "UDP");
	if (fd >= 0)
		close(fd);
	return -1;
}

static void
close_listener(struct listener *l)
{
	loop_fd_del(l->udp);
	loop_fd_del(l->tcp);
	close(l->udp);
	close(l->tcp);
}

/* The key table NOTIFY checks TSIG against: views of conf's keys. */
static int
set_keys(const struct zs_conf *conf)
{
	struct zs_tsig_key *t = NULL;
	size_t i;

	if (conf->nkeys > 0 &&
	    (t = calloc(conf->nkeys, sizeof(*t))) == NULL)
		return -1;
	for (i = 0; i < conf->nkeys; i++)
		t[i] = conf->keys[i].tsig;
	free(keys);
	keys = t;
	nkeys = conf->nkeys;
	return 0;
}

int
notify_open(const struct zs_conf *conf)
{
	struct listener keep[MAX_LISTEN];
	size_t i, j, nkeep = 0;
	int ret = 0;

	if (set_keys(conf) != 0) {
		log_warnx("notify: out of memory");
		return -1;
	}
	if (conf->nnotify_listen > MAX_LISTEN) {
		log_warnx("notify-listen: at most %d addresses", MAX_LISTEN);
		return -1;
	}
	for (i = 0; i < conf->nnotify_listen; i++) {
		const struct zs_conf_server *s = &conf->notify_listen[i];
		struct listener l;

		/* On SIGHUP an address that stays keeps its sockets. */
		for (j = 0; j < nlst; j++)
			if (lst[j].udp >= 0 && zs_addr_eq(&lst[j].addr, &s->addr))
				break;
		if (j < nlst) {
			keep[nkeep++] = lst[j];
			lst[j].udp = lst[j].tcp = -1;
			continue;
		}
		memset(&l, 0, sizeof(l));
		l.addr = s->addr;
		l.udp = open_one(&l.addr, SOCK_DGRAM);
		l.tcp = l.udp >= 0 ? open_one(&l.addr, SOCK_STREAM) : -1;
		if (l.tcp < 0) {
			if (l.udp >= 0)
				close(l.udp);
			ret = -1;
			continue;
		}
		loop_fd_set(l.udp, POLLIN, on_udp, NULL);
		loop_fd_set(l.tcp, POLLIN, on_tcp_accept, NULL);
		keep[nkeep++] = l;
	}
	for (j = 0; j < nlst; j++)
		if (lst[j].udp >= 0)
			close_listener(&lst[j]);
	memcpy(lst, keep, nkeep * sizeof(keep[0]));
	nlst = nkeep;
	return ret;
}

void
notify_close(void)
{
	size_t i;

	for (i = 0; i < nlst; i++)
		close_listener(&lst[i]);
	nlst = 0;
	while (!LIST_EMPTY(&tconns))
		tconn_free(LIST_FIRST(&tconns));
	free(keys);
	keys = NULL;
	nkeys = 0;
}

void
notify_get_stats(struct notify_stats *st)
{
	*st = stats;
}
