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
#define _GNU_SOURCE	/* accept4 */
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
#include "log.h"
#include "loop.h"
#include "msg.h"
#include "notify.h"
#include "rrtype.h"
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
	uint8_t buf[2 + ZS_MSG_MAXLEN];
};

static struct listener lst[MAX_LISTEN];
static size_t nlst;
static LIST_HEAD(, tconn) tconns = LIST_HEAD_INITIALIZER(tconns);
static size_t ntconns;
static struct notify_stats stats;
static const struct zs_conf *cur_conf;	/* for its keys */

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
			log_warnx("notify: %u more refusals in the last second "
			    "not logged", dropped);
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
	log_warnx("%s", buf);
}

/*
 * A signed NOTIFY: find our key of that name and check the MAC.  Returns
 * 0 and fills key when the request verifies; a ZS_E* code otherwise.
 * The context is left holding the request MAC for signing the answer.
 */
static int
check_tsig(const uint8_t *msg, size_t len, uint16_t id,
    struct zs_tsig_key *key, struct zs_tsig_ctx *ctx)
{
	uint8_t name[ZS_DNAME_MAXLEN];
	size_t namelen, i;
	enum zs_tsig_alg alg;
	int ret;

	if ((ret = zs_tsig_request_key(msg, len, name, &namelen, &alg)) <= 0)
		return ret == 0 ? ZS_ENOTSIGNED : ret;
	for (i = 0; cur_conf != NULL && i < cur_conf->nkeys; i++) {
		const struct zs_conf_key *k = &cur_conf->keys[i];

		if (k->tsig.alg == alg && zs_dname_eq_nocase(k->wire,
		    k->tsig.namelen, name, namelen)) {
			*key = k->tsig;
			break;
		}
	}
	if (cur_conf == NULL || i == cur_conf->nkeys)
		return ZS_EBADKEY;
	if ((ret = zs_tsig_start(ctx, key, NULL, 0, id)) != 0)
		return ret;
	return zs_tsig_verify(ctx, msg, len, (uint64_t)time(NULL), NULL);
}

static size_t
handle(const uint8_t *msg, size_t len, const struct sockaddr *src,
    uint8_t *out, size_t cap)
{
	struct zs_tsig_ctx tctx = ZS_TSIG_CTX_INIT;
	struct zs_tsig_key key;
	bool signed_req = false;
	int tret = ZS_ENOTSIGNED;
	struct zs_rd rd = zs_rd_init(msg, len);
	struct zs_msghdr h;
	struct zs_question q;
	struct zs_wr wr;
	struct zs_rr rr;
	struct zs_addr from;
	char peer[ZS_ADDR_TEXTLEN], zname[1024];
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	unsigned rcode = ZS_RCODE_NOERROR;
	bool have_q = false, have_serial = false;
	uint32_t serial = 0;
	size_t qend = ZS_MSG_HDRLEN, olen;

	stats.received++;
	if (zs_msg_read_header(&rd, &h) != 0 || (h.flags & ZS_FLAG_QR) != 0)
		return 0;
	memset(&from, 0, sizeof(from));
	memcpy(&from.ss, src, src->sa_family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in));
	zs_addr_totext(&from, peer, sizeof(peer));
	memset(&key, 0, sizeof(key));
	/*
	 * RFC 8945 5.2: a request whose TSIG fails is answered NOTAUTH and
	 * acted on not at all; an unsigned one may still pass allow-notify.
	 */
	if (h.arcount > 0 && (tret = check_tsig(msg, len, h.id, &key,
	    &tctx)) != ZS_ENOTSIGNED) {
		signed_req = tret == 0;
		if (tret != 0) {
			stats.refused++;
			log_limited("NOTIFY from %s: TSIG: %s", peer,
			    zs_strerror(tret));
		}
	}
	if (tret != 0 && tret != ZS_ENOTSIGNED)
		rcode = ZS_RCODE_NOTAUTH;
	else if (zs_msg_opcode(h.flags) != ZS_OPCODE_NOTIFY)
		rcode = ZS_RCODE_NOTIMP;
	else if (h.qdcount != 1 || zs_msg_read_question(&rd, &q) != 0 ||
	    q.type != ZS_TYPE_SOA)
		rcode = ZS_RCODE_FORMERR;
	else {
		have_q = true;
		qend = rd.pos;
		/* RFC 1996 3.7: an SOA in the answer carries the new serial. */
		if (h.ancount >= 1 && zs_msg_read_rr(&rd, &rr) == 0 &&
		    rr.type == ZS_TYPE_SOA) {
			struct zs_soa soa;

			if (zs_msg_soa(rr.rdata, &soa) == 0) {
				have_serial = true;
				serial = soa.serial;
			}
		}
		zs_dname_totext(&sb, q.name, q.namelen);
		/* Name zones as the config does: no final dot. */
		if (sb.len > 1)
			sb.len--;
		snprintf(zname, sizeof(zname), "%s",
		    zs_sb_cstr(&sb) != NULL ? sb.buf : "?");
		zs_sb_free(&sb);
		switch (zones_notify(q.name, q.namelen, src,
		    signed_req ? key.name : NULL, signed_req ? key.namelen : 0,
		    have_serial, serial)) {
		case NOTIFY_ACCEPT:
			stats.accepted++;
			if (have_serial)
				log_info("%s: NOTIFY from %s, serial %u", zname,
				    peer, serial);
			else
				log_info("%s: NOTIFY from %s", zname, peer);
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
	/* Header: same ID and opcode, QR and AA set; question echoed. */
	wr = zs_wr_init(out, cap);
	zs_wr_u16(&wr, h.id);
	zs_wr_u16(&wr, (uint16_t)(ZS_FLAG_QR | ZS_FLAG_AA |
	    (h.flags & 0x7800) | rcode));
	zs_wr_u16(&wr, have_q ? 1 : 0);
	zs_wr_u16(&wr, 0);
	zs_wr_u16(&wr, 0);
	zs_wr_u16(&wr, 0);
	if (have_q)
		zs_wr_bytes(&wr, msg + ZS_MSG_HDRLEN, qend - ZS_MSG_HDRLEN);
	if (wr.err != 0) {
		zs_tsig_ctx_clear(&tctx);
		return 0;
	}
	olen = wr.pos;
	/* A signed request gets a signed answer, over the request MAC. */
	if (signed_req) {
		struct zs_tsig_ctx rctx = ZS_TSIG_CTX_INIT;

		if (zs_tsig_start(&rctx, &key, tctx.mac, tctx.maclen,
		    h.id) != 0 || zs_tsig_sign_response(&rctx, out, &olen, cap,
		    (uint64_t)time(NULL), ZS_TSIG_FUDGE) != 0)
			olen = 0;
		zs_tsig_ctx_clear(&rctx);
	}
	zs_tsig_ctx_clear(&tctx);
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
	uint8_t out[2 + 1024];
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
	while (c->len >= 2) {
		size_t mlen = (size_t)c->buf[0] << 8 | c->buf[1], olen;

		if (c->len < 2 + mlen)
			break;
		olen = handle(c->buf + 2, mlen, (struct sockaddr *)&ss,
		    out + 2, sizeof(out) - 2);
		if (olen > 0) {
			out[0] = (uint8_t)(olen >> 8);
			out[1] = (uint8_t)olen;
			(void)send(fd, out, olen + 2, MSG_NOSIGNAL);
		}
		memmove(c->buf, c->buf + 2 + mlen, c->len - 2 - mlen);
		c->len -= 2 + mlen;
	}
}

static void
on_tcp_accept(int fd, short revents, void *arg)
{
	struct tconn *c;
	int cfd;

	(void)revents;
	(void)arg;
	cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd < 0)
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

int
notify_open(const struct zs_conf *conf)
{
	struct listener keep[MAX_LISTEN];
	size_t i, j, nkeep = 0;
	int ret = 0;

	cur_conf = conf;
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
}

void
notify_get_stats(struct notify_stats *st)
{
	*st = stats;
}
