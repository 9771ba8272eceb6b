/*
 * xfrin.c - inbound AXFR (RFC 5936) and IXFR (RFC 1995) over TCP (RFC
 * 7766 framing).
 *
 *   CONNECTING --POLLOUT, SO_ERROR 0--> SENDING --query written--> READING
 *                                                                    |
 *   each complete 2-byte-framed message -> zs_xfr_feed_ev --+ <------+
 *      whole zone (AXFR, AXFR-style IXFR): file + snapshot  |        |
 *      IXFR deltas: collected in zs_ixfr (the net change)   |        |
 *                                                           v        |
 *      closing SOA seen: IXFR: old snapshot + change -> new file and |
 *      new snapshot (zs_ixfr_apply); finish both                     v
 *                                                                  DONE
 *   Any error: FAILED (the temporary files go with xfrin_free).
 *
 * Memory is one fixed read buffer that holds at least one whole message,
 * whatever the zone size, plus for IXFR the net change.  IXFR is asked
 * only when the snapshot beside the zone file holds the file's serial;
 * the snapshot is rewritten with every whole zone when params.snapshot
 * is set.  Installing (snapshot first, then the file) is the caller's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"
#include "ixfr.h"
#include "msg.h"
#include "rrtype.h"
#include "xfrin.h"
#include "zonefile.h"

#define RBUF_SIZE	(256 * 1024)	/* > 2 + 65535, several messages */

enum xstate { X_CONNECTING, X_SENDING, X_READING, X_DONE, X_FAILED };

struct xfrin {
	enum xstate state;
	int fd;
	char zone_text[ZS_DNAME_MAXLEN * 4 + 2];
	char peer[ZS_ADDR_TEXTLEN];
	struct zs_xfr *xfr;
	struct zs_zonefile *zf;
	int install;
	char *path;			/* the zone file */
	uint8_t zone[ZS_DNAME_MAXLEN];
	size_t zlen;
	uint16_t rrclass;
	int ixfr;			/* the query is an IXFR */
	int sent;			/* and it went out */
	int uptodate;			/* IXFR answered: nothing newer */
	uint32_t from;			/* IXFR: our serial */
	uint64_t max_change;
	struct zs_ixfr *ix;		/* IXFR: the net change */
	struct zs_ixfr_stats ist;
	int want_snap;			/* write a snapshot with a whole zone */
	struct zs_snap *snap;		/* the new snapshot */
	char note[160];
	uint8_t query[ZS_FRAME_HDRLEN + 2048];	/* room for a TSIG RR */
	bool signed_q;
	struct zs_tsig_ctx tsig;
	size_t qlen, qsent;
	uint8_t *rbuf;
	size_t rlen;			/* bytes held in rbuf */
	char err[512];
	char badrr[300];		/* owner and type of a malformed RR */
	zs_xfr_rr_fn tap;		/* see xfrin_params */
	void *tap_arg;
};

static int
xfail(struct xfrin *x, int ret, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
xfail(struct xfrin *x, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->err, sizeof(x->err), fmt, ap);
	va_end(ap);
	x->state = X_FAILED;
	if (x->fd >= 0) {
		close(x->fd);
		x->fd = -1;
	}
	return ret < 0 ? ret : ZS_EINVAL;
}

/*
 * IXFR only from a snapshot of exactly the file's zone: the deltas are
 * applied to it, and a snapshot of another serial would turn them into a
 * zone nobody served.  Otherwise AXFR, and the note says why.
 */
static void
ixfr_choose(struct xfrin *x, const struct xfrin_params *p)
{
	uint32_t serial;
	uint64_t records;
	int ret;

	ret = zs_snap_stat(p->path, p->zone, p->zlen, p->rrclass, &serial,
	    &records);
	if (ret == 0 && serial == p->serial) {
		x->ixfr = 1;
		x->from = p->serial;
	} else if (ret == -ENOENT)
		snprintf(x->note, sizeof(x->note), "no snapshot for IXFR yet");
	else if (ret != 0)
		snprintf(x->note, sizeof(x->note), "snapshot not usable: %s",
		    zs_strerror(ret));
	else
		snprintf(x->note, sizeof(x->note), "snapshot at serial %u, "
		    "the zone file at %u", serial, p->serial);
}

int
xfrin_start(struct xfrin **out, const struct xfrin_params *p, char *errbuf,
    size_t errlen)
{
	struct zs_zonefile_meta meta;
	struct zs_wr wr;
	struct xfrin *x;
	uint16_t qid;
	int ret;

	if ((x = calloc(1, sizeof(*x))) == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		return ZS_ENOMEM;
	}
	x->fd = -1;
	x->install = p->install;
	x->tap = p->tap;
	x->tap_arg = p->tap_arg;
	snprintf(x->zone_text, sizeof(x->zone_text), "%s", p->zone_text);
	zs_addr_totext(p->primary, x->peer, sizeof(x->peer));
	memcpy(x->zone, p->zone, p->zlen);
	x->zlen = p->zlen;
	x->rrclass = p->rrclass;
	x->want_snap = p->snapshot;
	x->max_change = p->limits.max_records;
	if (p->ixfr)
		ixfr_choose(x, p);
	qid = (uint16_t)arc4random();
	if ((x->rbuf = malloc(RBUF_SIZE)) == NULL ||
	    (x->path = strdup(p->path)) == NULL ||
	    (x->xfr = x->ixfr ? zs_xfr_new_ixfr(p->zone, p->zlen, p->rrclass,
	    qid, x->from, &p->limits) : zs_xfr_new(p->zone, p->zlen,
	    p->rrclass, qid, &p->limits)) == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		ret = ZS_ENOMEM;
		goto fail;
	}
	wr = zs_wr_init(x->query + ZS_FRAME_HDRLEN,
	    sizeof(x->query) - ZS_FRAME_HDRLEN);
	if (x->ixfr)
		ret = zs_xfr_ixfr_query(&wr, qid, p->zone, p->zlen,
		    p->rrclass, x->from);
	else
		ret = zs_msg_query(&wr, qid, 0, p->zone, p->zlen,
		    ZS_TYPE_AXFR, p->rrclass);
	if (ret != 0) {
		snprintf(errbuf, errlen, "cannot build query: %s",
		    zs_strerror(ret));
		goto fail;
	}
	x->qlen = wr.pos;
	if (p->key != NULL) {
		x->tsig = (struct zs_tsig_ctx)ZS_TSIG_CTX_INIT;
		x->signed_q = true;
		if ((ret = zs_tsig_sign_query(&x->tsig, p->key,
		    x->query + ZS_FRAME_HDRLEN, &x->qlen,
		    sizeof(x->query) - ZS_FRAME_HDRLEN, (uint64_t)time(NULL),
		    ZS_TSIG_FUDGE)) != 0) {
			snprintf(errbuf, errlen, "cannot sign the query: %s",
			    zs_strerror(ret));
			goto fail;
		}
	}
	(void)zs_frame_put_len(x->query, x->qlen);	/* qlen < 2048 */
	x->qlen += ZS_FRAME_HDRLEN;

	meta.primary = x->peer;
	meta.time = p->wall_time;
	meta.format = (enum zs_zonefile_format)p->format;
	if ((ret = zs_zonefile_open(&x->zf, p->path, p->zone, p->zlen,
	    p->rrclass, &meta)) != 0) {
		snprintf(errbuf, errlen, "cannot create a file beside %s: %s",
		    p->path, zs_strerror(ret));
		goto fail;
	}
	x->fd = socket(p->primary->ss.ss_family,
	    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (x->fd < 0) {
		ret = -errno;
		snprintf(errbuf, errlen, "socket: %s", strerror(errno));
		goto fail;
	}
	if (connect(x->fd, (const struct sockaddr *)&p->primary->ss,
	    p->primary->len) != 0 && errno != EINPROGRESS) {
		ret = -errno;
		snprintf(errbuf, errlen, "connect to %s: %s", x->peer,
		    strerror(errno));
		goto fail;
	}
	x->state = X_CONNECTING;
	*out = x;
	return 0;
fail:
	xfrin_free(x);
	return ret;
}

int
xfrin_fd(const struct xfrin *x)
{
	return x->fd;
}

short
xfrin_events(const struct xfrin *x)
{
	switch (x->state) {
	case X_CONNECTING:
	case X_SENDING:
		return POLLOUT;
	case X_READING:
		return POLLIN;
	default:
		return 0;
	}
}

static int
on_rr(void *arg, const struct zs_rr *rr)
{
	struct xfrin *x = arg;
	int ret;

	if ((ret = zs_zonefile_add(x->zf, rr)) == ZS_EBADRDATA) {
		struct zs_strbuf sb = ZS_STRBUF_INIT;

		/* Which record, for the one log line that says why. */
		zs_dname_totext(&sb, rr->owner, rr->owner_len);
		zs_sb_putc(&sb, ' ');
		zs_rrtype_totext(&sb, rr->type);
		zs_sb_appendf(&sb, " (%u octets)", (unsigned)rr->rdlen);
		snprintf(x->badrr, sizeof(x->badrr), "%s",
		    zs_sb_cstr(&sb) != NULL ? sb.buf : "?");
		zs_sb_free(&sb);
	}
	if (ret == 0 && x->tap != NULL)
		(void)x->tap(x->tap_arg, rr);
	return ret;
}

/*
 * A record of a whole zone also goes to the snapshot.  A snapshot that
 * cannot be written costs the next IXFR, not this transfer: it is
 * dropped and the note says why.
 */
static void
snap_drop(struct xfrin *x, const char *what, int ret)
{
	snprintf(x->note, sizeof(x->note), "snapshot not written (%s: %s)",
	    what, zs_strerror(ret));
	zs_snap_free(x->snap);
	x->snap = NULL;
	x->want_snap = 0;
}

static int
on_ev(void *arg, const struct zs_xfr_ev *ev)
{
	struct xfrin *x = arg;
	int ret;

	switch (ev->type) {
	case ZS_XFR_EV_RR:
		if ((ret = on_rr(x, ev->rr)) != 0)
			return ret;
		if (!x->want_snap)
			return 0;
		if (x->snap == NULL && (ret = zs_snap_open(&x->snap, x->path,
		    x->zone, x->zlen, x->rrclass)) != 0) {
			snap_drop(x, "open", ret);
			return 0;
		}
		if ((ret = zs_snap_add(x->snap, ev->rr)) != 0)
			snap_drop(x, "write", ret);
		return 0;
	case ZS_XFR_EV_DELTA:
		if (x->ix == NULL && (x->ix = zs_ixfr_new(x->zone, x->zlen,
		    x->rrclass, x->from, x->max_change)) == NULL)
			return ZS_ENOMEM;
		return zs_ixfr_delta(x->ix, ev->old_soa, ev->rr);
	case ZS_XFR_EV_DEL:
		return zs_ixfr_del(x->ix, ev->rr);
	case ZS_XFR_EV_ADD:
		return zs_ixfr_add(x->ix, ev->rr);
	}
	return ZS_EINVAL;
}

static int
describe(struct xfrin *x, int ret)
{
	struct zs_xfr_stats st;

	zs_xfr_get_stats(x->xfr, &st);
	if (ret == ZS_ERCODE)
		return xfail(x, ret, "server answered %s%s",
		    zs_rcode_name(st.rcode), x->ixfr ? " to IXFR" : "");
	if (ret > ZS_EBASE && ret < 0 && ret != ZS_ENOMEM)
		return xfail(x, ret, "writing the zone file: %s",
		    strerror(-ret));
	if (ret == ZS_EBADRDATA)
		return xfail(x, ret, "RDATA malformed for its type: %s "
		    "(message %llu); a BIND secondary refuses it too", x->badrr,
		    (unsigned long long)st.messages);
	return xfail(x, ret, "%s (message %llu)", zs_strerror(ret),
	    (unsigned long long)st.messages);
}

/* Feed every complete message in rbuf; keep a partial one. */
static int
drain(struct xfrin *x)
{
	struct zs_frame fr = zs_frame_init(x->rbuf, x->rlen,
	    RBUF_SIZE - ZS_FRAME_HDRLEN);
	const uint8_t *m;
	size_t mlen;
	int ret = XFRIN_MORE;

	while (zs_frame_next(&fr, &m, &mlen) == 1) {
		/*
		 * RFC 8945 5.3.1: every message is checked before any of its
		 * records is believed; unsigned ones in between are allowed.
		 */
		if (x->signed_q && (ret = zs_tsig_verify(&x->tsig, m, mlen,
		    (uint64_t)time(NULL), NULL)) < 0)
			return xfail(x, ret, "%s (server answered %s): %s",
			    zs_strerror(ret), mlen >= 4 ? zs_rcode_name(
			    m[3] & 0xf) : "truncated", zs_tsig_hint(ret));
		ret = zs_xfr_feed_ev(x->xfr, m, mlen, on_ev, x);
		if (ret < 0)
			return describe(x, ret);
		if (ret == ZS_XFR_DONE) {
			if (x->rlen != fr.pos)
				return xfail(x, ZS_EAFTEREND,
				    "data after the closing SOA");
			break;
		}
	}
	x->rlen = zs_frame_keep(x->rbuf, x->rlen, fr.pos);
	return ret;
}

static int
apply_rr(void *arg, const struct zs_rr *rr)
{
	return on_rr(arg, rr);
}

/*
 * The deltas are in: one pass over the old snapshot writes the new zone
 * file and the new snapshot together (lib/ixfr.h).
 */
static int
apply(struct xfrin *x, const struct zs_xfr_stats *st)
{
	int ret;

	if (x->ix == NULL)		/* cannot be: a delta came */
		return xfail(x, ZS_EINVAL, "IXFR without a delta");
	if ((ret = zs_snap_open(&x->snap, x->path, x->zone, x->zlen,
	    x->rrclass)) != 0)
		return xfail(x, ret, "cannot create a snapshot beside %s: %s",
		    x->path, zs_strerror(ret));
	ret = zs_ixfr_apply(x->ix, x->path, x->snap, apply_rr, x, &x->ist);
	if (ret == ZS_EBADRDATA)
		return xfail(x, ret, "RDATA malformed for its type: %s; a "
		    "BIND secondary refuses it too", x->badrr);
	if (ret != 0)
		return xfail(x, ret, "IXFR %u -> %u (%llu deltas) does not "
		    "apply: %s", x->from, st->serial,
		    (unsigned long long)st->deltas, zs_strerror(ret));
	return 0;
}

static int
finish(struct xfrin *x)
{
	struct zs_xfr_stats st;
	int ret;

	close(x->fd);
	x->fd = -1;
	/* RFC 8945 5.3.1: the last message must be signed. */
	if (x->signed_q && (ret = zs_tsig_end(&x->tsig)) != 0)
		return xfail(x, ret, "TSIG: last message not signed: %s",
		    zs_strerror(ret));
	zs_xfr_get_stats(x->xfr, &st);
	if (st.kind == ZS_XFR_KIND_UPTODATE) {
		x->uptodate = 1;	/* not an IXFR problem: no AXFR */
		return xfail(x, ZS_ESERIAL, "%s answered IXFR with serial %u, "
		    "not newer than ours (%u): up to date", x->peer, st.serial,
		    x->from);
	}
	if (st.kind == ZS_XFR_KIND_IXFR && (ret = apply(x, &st)) != 0)
		return ret;
	if (x->snap != NULL && (ret = zs_snap_finish(x->snap,
	    st.serial)) != 0) {
		if (st.kind == ZS_XFR_KIND_IXFR)
			return xfail(x, ret, "writing the snapshot: %s",
			    zs_strerror(ret));
		snap_drop(x, "finish", ret);
	}
	if ((ret = zs_zonefile_finish(x->zf, st.serial)) != 0)
		return xfail(x, ret, "writing the zone file: %s",
		    zs_strerror(ret));
	if (x->install && (ret = zs_zonefile_install(x->zf)) != 0)
		return xfail(x, ret, "installing the zone file: %s",
		    zs_strerror(ret));
	x->state = X_DONE;
	return XFRIN_DONE;
}

static int
do_read(struct xfrin *x)
{
	ssize_t n;
	int ret, rounds;

	/* A few reads per wakeup keep poll() overhead low on big zones. */
	for (rounds = 0; rounds < 8; rounds++) {
		n = read(x->fd, x->rbuf + x->rlen, RBUF_SIZE - x->rlen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return XFRIN_MORE;
			return xfail(x, -errno, "read from %s: %s", x->peer,
			    strerror(errno));
		}
		if (n == 0)
			return xfail(x, ZS_ETRUNC,
			    "%s closed the connection before the closing SOA",
			    x->peer);
		x->rlen += (size_t)n;
		if ((ret = drain(x)) != XFRIN_MORE)
			return ret == ZS_XFR_DONE ? finish(x) : ret;
	}
	return XFRIN_MORE;
}

int
xfrin_io(struct xfrin *x, short revents)
{
	int soerr = 0;
	socklen_t sl = sizeof(soerr);
	ssize_t n;

	switch (x->state) {
	case X_CONNECTING:
		if (getsockopt(x->fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0)
			soerr = errno;
		if (soerr != 0)
			return xfail(x, -soerr, "connect to %s: %s", x->peer,
			    strerror(soerr));
		if ((revents & (POLLOUT | POLLERR | POLLHUP)) == 0)
			return XFRIN_MORE;
		x->state = X_SENDING;
		/* FALLTHROUGH */
	case X_SENDING:
		n = send(x->fd, x->query + x->qsent, x->qlen - x->qsent,
		    MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return XFRIN_MORE;
			return xfail(x, -errno, "send to %s: %s", x->peer,
			    strerror(errno));
		}
		x->qsent += (size_t)n;
		x->sent = 1;
		if (x->qsent == x->qlen)
			x->state = X_READING;
		return XFRIN_MORE;
	case X_READING:
		return do_read(x);
	case X_DONE:
		return XFRIN_DONE;
	default:
		return ZS_EINVAL;
	}
}

const char *
xfrin_error(const struct xfrin *x)
{
	return x->err;
}

int
xfrin_ixfr_failed(const struct xfrin *x)
{
	return x->ixfr && x->sent && !x->uptodate && x->state == X_FAILED;
}

int
xfrin_is_ixfr(const struct xfrin *x)
{
	return x->ixfr;
}

void
xfrin_get_result(const struct xfrin *x, struct xfrin_result *r)
{
	struct zs_xfr_stats st;

	zs_xfr_get_stats(x->xfr, &st);
	r->serial = st.serial;
	r->records = zs_zonefile_records(x->zf);
	r->bytes = st.bytes;
	r->messages = st.messages;
	r->file_bytes = zs_zonefile_bytes(x->zf);
	r->kind = !x->ixfr ? XFRIN_AXFR : st.kind == ZS_XFR_KIND_IXFR ?
	    XFRIN_IXFR : st.kind == ZS_XFR_KIND_UPTODATE ?
	    XFRIN_IXFR_UPTODATE : XFRIN_IXFR_FULL;
	r->deltas = st.deltas;
	r->deleted = x->ist.deleted;
	r->added = x->ist.added;
	snprintf(r->note, sizeof(r->note), "%s", x->note);
}

struct zs_zonefile *
xfrin_take_file(struct xfrin *x, struct xfrin_result *r)
{
	struct zs_zonefile *zf;

	xfrin_get_result(x, r);
	zf = x->zf;
	x->zf = NULL;
	return zf;
}

struct zs_snap *
xfrin_take_snap(struct xfrin *x)
{
	struct zs_snap *s = x->snap;

	x->snap = NULL;
	return s;
}

void
xfrin_free(struct xfrin *x)
{
	if (x == NULL)
		return;
	if (x->fd >= 0)
		close(x->fd);
	zs_zonefile_free(x->zf);
	zs_snap_free(x->snap);
	zs_ixfr_free(x->ix);
	free(x->path);
	zs_xfr_free(x->xfr);
	if (x->signed_q)
		zs_tsig_ctx_clear(&x->tsig);
	free(x->rbuf);
	free(x);
}
