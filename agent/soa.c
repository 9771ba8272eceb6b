/*
 * soa.c - SOA polling through c-ares 1.18.1 inside the daemon's loop.
 *
 * c-ares tells us which sockets it wants through ARES_OPT_SOCK_STATE_CB
 * (we mirror them into loop_fd_set), we feed readiness back with
 * ares_process_fd(), and one loop timer stays armed at the earliest
 * ares_timeout() over all channels.  Every entry from the loop (socket
 * event, timer) runs with depth > 0; when the outermost one returns,
 * settle() refills the in-flight window from the FIFO, destroys channels
 * that soa_shutdown() could not destroy from inside a c-ares call, and
 * re-arms the timer.  soa_query() itself only queues and arms a 0 s
 * timer, so a callback never runs inside soa_query().
 */
#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/time.h>
#include <time.h>

#include <ares.h>

#include "dname.h"
#include "log.h"
#include "loop.h"
#include "msg.h"
#include "soa.h"
#include "soamsg.h"

#define SOA_TYPE	6
#define MIN_TRY_MS	10
/*
 * Channels (so UDP source ports) per server, used in turn.  The kernel
 * hands all datagrams from one source port to the same one of named's
 * listener threads; several ports let named answer on every core.
 */
#define SOA_CHANS	4
/* A TSIG RR: key and algorithm names, fixed fields, a 64-byte MAC. */
#define SOA_TSIG_ROOM	(2 * ZS_DNAME_MAXLEN + 32 + 64)
/*
 * All answers of a channel arrive on one UDP socket.  With the default
 * 208 KB receive buffer a burst of a few hundred small answers can
 * overflow it (RcvbufErrors in /proc/net/snmp), each loss costing a
 * retry timeout.  The kernel caps this at net.core.rmem_max.
 */
#define SOA_RCVBUF	(1024 * 1024)

struct soa_chan {
	TAILQ_ENTRY(soa_chan) entry;	/* in chans or dead_chans */
	unsigned slot;		/* which of SOA_CHANS for this server */
	ares_channel ch;
	struct zs_addr server;
	int timeout_ms;		/* first-try timeout given to c-ares */
	int tries;
	int pending;		/* our queries c-ares holds on this channel */
};

struct soa_req {
	TAILQ_ENTRY(soa_req) entry;	/* in queue, or sent once sent */
	struct zs_addr server;
	uint8_t zone[ZS_DNAME_MAXLEN];
	size_t zlen;
	uint16_t rrclass;
	int timeout_ms;
	int tries;
	soa_cb cb;		/* NULL once cancelled */
	void *arg;
	struct soa_chan *chan;	/* set once sent */
	double sent_at;
	int dead;		/* dropped by soa_shutdown: free silently */
	bool signed_q;		/* TSIG: query signed, answers verified */
	struct zs_tsig_ctx tsig;
	size_t qlen;		/* the query, built (and signed) up front */
	uint8_t qbuf[ZS_MSG_HDRLEN + ZS_DNAME_MAXLEN + 4 + SOA_TSIG_ROOM];
};

static void
req_free(struct soa_req *rq)
{
	if (rq->signed_q)
		zs_tsig_ctx_clear(&rq->tsig);
	free(rq);
}

static int inited;
static int depth;		/* nesting of our calls into c-ares */
static int window = SOA_MAX_INFLIGHT;
static int inflight;		/* live requests held by c-ares */
static int nqueued;
TAILQ_HEAD(chanq, soa_chan);
static struct chanq chans = TAILQ_HEAD_INITIALIZER(chans);
static struct chanq dead_chans =	/* to destroy once depth is 0 */
    TAILQ_HEAD_INITIALIZER(dead_chans);
static TAILQ_HEAD(, soa_req) queue =	/* FIFO of unsent requests */
    TAILQ_HEAD_INITIALIZER(queue);
static TAILQ_HEAD(, soa_req) sent =	/* live requests held by c-ares */
    TAILQ_HEAD_INITIALIZER(sent);
static struct loop_timer *tick;		/* earliest ares_timeout() */
static struct loop_timer *kick;		/* 0 s timer: pump the FIFO */
static struct soa_stats stats;

static void settle(void);

const char *
soa_strerror(int err)
{
	switch (err) {
	case SOA_ENOTAUTH:
		return "answer not authoritative (AA bit clear)";
	case SOA_ENET:
		return "resolver library failure";
	default:
		return zs_strerror(err);
	}
}

/* ---- channels ---- */

static void on_fd(int fd, short revents, void *arg);

static void
sock_state(void *data, ares_socket_t fd, int readable, int writable)
{
	short ev = (short)((readable ? POLLIN : 0) | (writable ? POLLOUT : 0));

	if (ev != 0)
		loop_fd_set(fd, ev, on_fd, data);
	else
		loop_fd_del(fd);
}

static struct soa_chan *
chan_get(const struct soa_req *rq, int *errp, char *errtext, size_t errlen)
{
	struct ares_options o;
	struct ares_addr_port_node node;
	struct soa_chan *c;
	int st, mask;

	static unsigned turn;
	unsigned slot = turn++ % SOA_CHANS;

	TAILQ_FOREACH(c, &chans, entry)
		if (c->slot == slot && c->timeout_ms == rq->timeout_ms &&
		    c->tries == rq->tries && zs_addr_eq(&c->server, &rq->server))
			return c;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		*errp = ZS_ENOMEM;
		snprintf(errtext, errlen, "out of memory");
		return NULL;
	}
	c->server = rq->server;
	c->slot = slot;
	c->timeout_ms = rq->timeout_ms;
	c->tries = rq->tries;

	memset(&o, 0, sizeof(o));
	/*
	 * NOCHECKRESP: with SERVFAIL/REFUSED/NOTIMP c-ares would otherwise
	 * retry and finally report a generic failure; we want the answer.
	 * NORECURSE: these are polls of authoritative servers.
	 */
	o.flags = ARES_FLAG_NORECURSE | ARES_FLAG_NOCHECKRESP |
	    ARES_FLAG_NOSEARCH;
	o.timeout = rq->timeout_ms;
	o.tries = rq->tries;
	o.sock_state_cb = sock_state;
	o.sock_state_cb_data = c;
	o.ndomains = 0;
	o.domains = NULL;
	o.udp_port = zs_addr_port(&rq->server);
	o.tcp_port = o.udp_port;
	o.socket_receive_buffer_size = SOA_RCVBUF;
	mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
	    ARES_OPT_SOCK_STATE_CB | ARES_OPT_DOMAINS | ARES_OPT_UDP_PORT |
	    ARES_OPT_TCP_PORT | ARES_OPT_SOCK_RCVBUF;
#ifdef ARES_OPT_QUERY_CACHE
	/* c-ares >= 1.23 caches answers; an SOA poll must hit the wire. */
	o.qcache_max_ttl = 0;
	mask |= ARES_OPT_QUERY_CACHE;
#endif
	if ((st = ares_init_options(&c->ch, &o, mask)) != ARES_SUCCESS)
		goto fail;

	memset(&node, 0, sizeof(node));
	node.next = NULL;
	node.udp_port = zs_addr_port(&rq->server);
	node.tcp_port = node.udp_port;
	if (rq->server.ss.ss_family == AF_INET) {
		node.family = AF_INET;
		node.addr.addr4 =
		    ((const struct sockaddr_in *)&rq->server.ss)->sin_addr;
	} else {
		node.family = AF_INET6;
		memcpy(&node.addr.addr6,
		    &((const struct sockaddr_in6 *)&rq->server.ss)->sin6_addr,
		    sizeof(node.addr.addr6));
	}
	if ((st = ares_set_servers_ports(c->ch, &node)) != ARES_SUCCESS) {
		ares_destroy(c->ch);
		goto fail;
	}
	TAILQ_INSERT_HEAD(&chans, c, entry);
	return c;
fail:
	*errp = st == ARES_ENOMEM ? ZS_ENOMEM : SOA_ENET;
	snprintf(errtext, errlen, "c-ares channel: %s", ares_strerror(st));
	free(c);
	return NULL;
}

/*
 * Destroy the channels in dead_chans; our callback frees their requests
 * silently.  Channels destroyed meanwhile (a callback may shut down) are
 * added to dead_chans again, for the next round.
 */
static void
destroy_dead(void)
{
	struct chanq list = TAILQ_HEAD_INITIALIZER(list);
	struct soa_chan *c;

	TAILQ_CONCAT(&list, &dead_chans, entry);
	depth++;
	while ((c = TAILQ_FIRST(&list)) != NULL) {
		TAILQ_REMOVE(&list, c, entry);
		ares_destroy(c->ch);
		free(c);
	}
	depth--;
}

/* ---- answers ---- */

static void
parse_answer(struct soa_req *rq, const unsigned char *abuf, int alen,
    struct soa_result *r)
{
	struct zs_soamsg m;
	int e;

	e = zs_soamsg_check(abuf, (size_t)alen, rq->zone, rq->zlen,
	    rq->rrclass, rq->signed_q ? &rq->tsig : NULL, (uint64_t)time(NULL),
	    &m);
	if (m.have_hdr) {
		r->rcode = zs_msg_rcode(m.hdr.flags);
		r->aa = (m.hdr.flags & ZS_FLAG_AA) != 0;
	}
	r->err = e;
	switch (m.stage) {
	case ZS_SOAMSG_OK:
		r->soa = m.soa;
		r->errtext[0] = '\0';
		return;
	case ZS_SOAMSG_MALFORMED:
		snprintf(r->errtext, sizeof(r->errtext), "malformed answer: %s",
		    zs_strerror(e));
		return;
	case ZS_SOAMSG_TSIG:
		snprintf(r->errtext, sizeof(r->errtext), "%s (server answered "
		    "%s): %s", zs_strerror(e), zs_rcode_name(r->rcode),
		    zs_tsig_hint(e));
		return;
	case ZS_SOAMSG_REFUSED:
		break;
	}
	switch (e) {
	case ZS_ENOTRESP:
		snprintf(r->errtext, sizeof(r->errtext), "QR bit clear");
		break;
	case ZS_EOPCODE:
		snprintf(r->errtext, sizeof(r->errtext), "answer opcode %u",
		    zs_msg_opcode(m.hdr.flags));
		break;
	case ZS_EQUESTION:
		if (m.hdr.qdcount != 1)
			snprintf(r->errtext, sizeof(r->errtext),
			    "answer has %u questions", m.hdr.qdcount);
		else
			snprintf(r->errtext, sizeof(r->errtext),
			    "answer question does not match the query");
		break;
	case ZS_ERCODE:
		snprintf(r->errtext, sizeof(r->errtext), "server answered %s",
		    zs_rcode_name(r->rcode));
		break;
	case ZS_ENOTAUTH:
		r->err = SOA_ENOTAUTH;
		snprintf(r->errtext, sizeof(r->errtext),
		    "not authoritative (AA bit clear)");
		break;
	default:	/* ZS_ENOSOA */
		snprintf(r->errtext, sizeof(r->errtext),
		    "no SOA for the zone in the answer section");
		break;
	}
}

static void
on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	struct soa_req *rq = arg;
	struct soa_result r;
	soa_cb cb;
	void *cbarg;

	(void)timeouts;
	if (rq->chan != NULL)
		rq->chan->pending--;
	if (rq->dead) {
		req_free(rq);
		return;
	}
	TAILQ_REMOVE(&sent, rq, entry);
	inflight--;
	if (rq->cb == NULL) {
		req_free(rq);
		return;
	}

	memset(&r, 0, sizeof(r));
	r.rtt = loop_update_now() - rq->sent_at;
	switch (status) {
	case ARES_SUCCESS:
		stats.answers++;
		if (abuf == NULL || alen < ZS_MSG_HDRLEN) {
			r.err = ZS_ETRUNC;
			snprintf(r.errtext, sizeof(r.errtext), "short answer");
		} else
			parse_answer(rq, abuf, alen, &r);
		break;
	case ARES_ETIMEOUT:
		r.err = -ETIMEDOUT;
		snprintf(r.errtext, sizeof(r.errtext),
		    "timed out (%d %s)", rq->tries,
		    rq->tries == 1 ? "try" : "tries");
		break;
	case ARES_ECONNREFUSED:
		r.err = -ECONNREFUSED;
		snprintf(r.errtext, sizeof(r.errtext), "connection refused");
		break;
	case ARES_ENOMEM:
		r.err = ZS_ENOMEM;
		snprintf(r.errtext, sizeof(r.errtext), "out of memory");
		break;
	case ARES_ECANCELLED:
	case ARES_EDESTRUCTION:
		r.err = -ECANCELED;
		snprintf(r.errtext, sizeof(r.errtext), "cancelled");
		break;
	default:
		r.err = SOA_ENET;
		snprintf(r.errtext, sizeof(r.errtext), "c-ares: %s",
		    ares_strerror(status));
		break;
	}
	if (r.err == 0)
		stats.ok++;
	else if (r.err == -ETIMEDOUT)
		stats.timeouts++;
	else
		stats.errors++;
	cb = rq->cb;
	cbarg = rq->arg;
	req_free(rq);
	cb(cbarg, &r);
}

/* ---- sending ---- */

static void
fail_req(struct soa_req *rq, int err, const char *text)
{
	struct soa_result r;
	soa_cb cb = rq->cb;
	void *cbarg = rq->arg;

	memset(&r, 0, sizeof(r));
	r.err = err;
	snprintf(r.errtext, sizeof(r.errtext), "%s", text);
	stats.errors++;
	req_free(rq);
	if (cb != NULL)
		cb(cbarg, &r);
}

/* Send the head of the FIFO.  Runs only with depth > 0. */
static void
send_one(void)
{
	struct soa_req *rq = TAILQ_FIRST(&queue);
	char errtext[160];
	int err = 0;

	TAILQ_REMOVE(&queue, rq, entry);
	nqueued--;

	if ((rq->chan = chan_get(rq, &err, errtext, sizeof(errtext))) == NULL) {
		fail_req(rq, err, errtext);
		return;
	}
	TAILQ_INSERT_HEAD(&sent, rq, entry);
	inflight++;
	rq->chan->pending++;
	rq->sent_at = loop_update_now();
	stats.sent++;
	/* May call on_answer synchronously on failure; fine at depth > 0. */
	ares_send(rq->chan->ch, rq->qbuf, (int)rq->qlen, on_answer, rq);
}

static void
rearm(void)
{
	struct soa_chan *c;
	double best = -1;

	if (!inited)
		return;
	TAILQ_FOREACH(c, &chans, entry) {
		struct timeval tv, *tp;
		double s;

		if (c->pending == 0)
			continue;
		if ((tp = ares_timeout(c->ch, NULL, &tv)) == NULL)
			continue;
		s = (double)tp->tv_sec + (double)tp->tv_usec / 1e6;
		if (best < 0 || s < best)
			best = s;
	}
	if (best >= 0)
		loop_timer_in(tick, best);
	else
		loop_timer_cancel(tick);
}

/* Called when the outermost entry returns: the only place we send. */
static void
settle(void)
{
	depth++;
	for (;;) {
		if (!TAILQ_EMPTY(&dead_chans)) {
			destroy_dead();
			continue;
		}
		if (inited && !TAILQ_EMPTY(&queue) && inflight < window) {
			send_one();
			continue;
		}
		break;
	}
	depth--;
	rearm();
}

static void
on_fd(int fd, short revents, void *arg)
{
	struct soa_chan *c = arg;
	ares_socket_t rfd = ARES_SOCKET_BAD, wfd = ARES_SOCKET_BAD;

	if (revents & (POLLIN | POLLERR | POLLHUP | POLLNVAL))
		rfd = fd;
	if (revents & (POLLOUT | POLLERR))
		wfd = fd;
	depth++;
	ares_process_fd(c->ch, rfd, wfd);
	if (--depth == 0)
		settle();
}

static void
on_tick(void *arg)
{
	struct soa_chan *c;

	(void)arg;
	depth++;
	TAILQ_FOREACH(c, &chans, entry)
		if (c->pending > 0)
			ares_process_fd(c->ch, ARES_SOCKET_BAD,
			    ARES_SOCKET_BAD);
	if (--depth == 0)
		settle();
}

static void
on_kick(void *arg)
{
	(void)arg;
	if (depth == 0)
		settle();
}

/* ---- public ---- */

int
soa_init(void)
{
	if (inited)
		return 0;
	if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS)
		return ZS_ENOMEM;
	tick = loop_timer_new(on_tick, NULL);
	kick = loop_timer_new(on_kick, NULL);
	if (tick == NULL || kick == NULL) {
		loop_timer_free(tick);
		loop_timer_free(kick);
		tick = kick = NULL;
		ares_library_cleanup();
		return ZS_ENOMEM;
	}
	memset(&stats, 0, sizeof(stats));
	inited = 1;
	return 0;
}

void
soa_shutdown(void)
{
	struct soa_req *rq;

	if (!inited)
		return;
	inited = 0;
	while ((rq = TAILQ_FIRST(&queue)) != NULL) {
		TAILQ_REMOVE(&queue, rq, entry);
		req_free(rq);
	}
	nqueued = 0;
	TAILQ_FOREACH(rq, &sent, entry)
		rq->dead = 1;	/* freed by on_answer at destruction */
	TAILQ_INIT(&sent);
	inflight = 0;
	/* Inside a c-ares call the channel must outlive the call. */
	TAILQ_CONCAT(&dead_chans, &chans, entry);
	if (depth == 0)
		destroy_dead();
	loop_timer_free(tick);
	loop_timer_free(kick);
	tick = kick = NULL;
	/* Deferred channels still need the library until destroyed. */
	if (TAILQ_EMPTY(&dead_chans))
		ares_library_cleanup();
}

int
soa_query(const struct zs_addr *server, const uint8_t *zone, size_t zlen,
    uint16_t rrclass, double timeout_secs, int tries, soa_cb cb, void *arg)
{
	return soa_query_tsig(server, zone, zlen, rrclass, NULL, timeout_secs,
	    tries, cb, arg);
}

int
soa_query_tsig(const struct zs_addr *server, const uint8_t *zone,
    size_t zlen, uint16_t rrclass, const struct zs_tsig_key *key,
    double timeout_secs, int tries, soa_cb cb, void *arg)
{
	struct soa_req *rq;
	struct zs_wr wr;
	double ms;
	int err;

	if (!inited || server == NULL || zone == NULL || cb == NULL ||
	    zs_dname_check(zone, zlen) != 0 || !(timeout_secs > 0) ||
	    (server->ss.ss_family != AF_INET &&
	    server->ss.ss_family != AF_INET6))
		return ZS_EINVAL;
	if (tries < 1)
		tries = 1;
	if (tries > 8)
		tries = 8;
	if ((rq = calloc(1, sizeof(*rq))) == NULL)
		return ZS_ENOMEM;
	rq->server = *server;
	memcpy(rq->zone, zone, zlen);
	rq->zlen = zlen;
	rq->rrclass = rrclass;
	rq->tries = tries;
	/* 1 + 2 + 4 + ... tries-doubled slices make up the whole timeout. */
	ms = timeout_secs * 1000.0 / (double)((1 << tries) - 1);
	rq->timeout_ms = ms < MIN_TRY_MS ? MIN_TRY_MS :
	    ms > INT_MAX / 256 ? INT_MAX / 256 : (int)ms;
	rq->cb = cb;
	rq->arg = arg;
	/*
	 * Build and sign now: the key may be gone (SIGHUP) by the time the
	 * window lets this query out.  ID 0: c-ares 1.18.1 writes its own
	 * random ID over it, which TSIG's Original ID field allows for.
	 */
	wr = zs_wr_init(rq->qbuf, sizeof(rq->qbuf) - SOA_TSIG_ROOM);
	if ((err = zs_msg_query(&wr, 0, 0, zone, zlen, SOA_TYPE,
	    rrclass)) != 0) {
		free(rq);
		return err;
	}
	rq->qlen = wr.pos;
	if (key != NULL) {
		rq->tsig = (struct zs_tsig_ctx)ZS_TSIG_CTX_INIT;
		if ((err = zs_tsig_sign_query(&rq->tsig, key, rq->qbuf,
		    &rq->qlen, sizeof(rq->qbuf), (uint64_t)time(NULL),
		    ZS_TSIG_FUDGE)) != 0) {
			zs_tsig_ctx_clear(&rq->tsig);
			free(rq);
			return err;
		}
		rq->signed_q = true;
	}
	TAILQ_INSERT_TAIL(&queue, rq, entry);
	nqueued++;
	if (!loop_timer_armed(kick))
		loop_timer_in(kick, 0);
	return 0;
}

int
soa_cancel(void *arg)
{
	struct soa_req *rq, *next;
	int n = 0;

	/* <sys/queue.h> here has no _FOREACH_SAFE: take next first. */
	for (rq = TAILQ_FIRST(&queue); rq != NULL; rq = next) {
		next = TAILQ_NEXT(rq, entry);
		if (rq->arg == arg) {
			TAILQ_REMOVE(&queue, rq, entry);
			req_free(rq);
			nqueued--;
			n++;
		}
	}
	TAILQ_FOREACH(rq, &sent, entry)
		if (rq->cb != NULL && rq->arg == arg) {
			rq->cb = NULL;
			n++;
		}
	return n;
}

void
soa_set_window(int n)
{
	window = n < 1 ? 1 : n;
	if (inited && !TAILQ_EMPTY(&queue) && !loop_timer_armed(kick))
		loop_timer_in(kick, 0);
}

int
soa_inflight(void)
{
	return inflight;
}

int
soa_queued(void)
{
	return nqueued;
}

void
soa_get_stats(struct soa_stats *st)
{
	*st = stats;
}
