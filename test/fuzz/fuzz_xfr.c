/*
 * fuzz_xfr.c - feed TCP-framed messages to an AXFR state machine for zone
 * "example.", then the same messages to an IXFR state machine that asked
 * from serial 100 (ixfr-* corpus files).  Input: 2 bytes of query ID,
 * then messages each prefixed with a 2-byte length (a short last frame is
 * fed as it is).  Each RR handed to a callback is rendered to text.  Must
 * never crash.
 */
#include <stdlib.h>
#include <string.h>

#include "dname.h"
#include "rdata.h"
#include "rrtype.h"
#include "strbuf.h"
#include "msg.h"
#include "xfr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t zone[] = { 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0 };

struct ctx {
	struct zs_strbuf sb;
	uint64_t n;
};

static int
render(void *arg, const struct zs_rr *rr)
{
	struct ctx *c = arg;
	struct zs_strbuf *sb = &c->sb;

	/* the machine promises in-zone owners */
	if (!zs_dname_is_subdomain(rr->owner, rr->owner_len, zone,
	    sizeof(zone)))
		abort();
	zs_sb_reset(sb);
	zs_dname_totext(sb, rr->owner, rr->owner_len);
	zs_sb_putc(sb, '\t');
	zs_sb_u32(sb, rr->ttl);
	zs_sb_putc(sb, '\t');
	zs_rrclass_totext(sb, rr->rrclass);
	zs_sb_putc(sb, '\t');
	zs_rrtype_totext(sb, rr->type);
	zs_sb_putc(sb, '\t');
	if (zs_rdata_totext_class(sb, rr->rrclass, rr->type,
	    rr->rdata) < 0)
		return sb->err;
	if (zs_sb_cstr(sb) == NULL)
		return ZS_ENOMEM;
	c->n++;
	return 0;
}

#define IXFR_OURS	100u

/* IXFR events: the promises of xfr.h, then the RR rendered. */
static int
render_ev(void *arg, const struct zs_xfr_ev *ev)
{
	struct zs_soa soa;

	if (ev->type == ZS_XFR_EV_DELTA) {
		if (ev->old_soa == NULL || ev->old_soa->type != ZS_TYPE_SOA ||
		    ev->rr->type != ZS_TYPE_SOA ||
		    zs_msg_soa(ev->old_soa->rdata, &soa) != 0 ||
		    zs_msg_soa(ev->rr->rdata, &soa) != 0)
			abort();
		return 0;
	}
	if (ev->old_soa != NULL)
		abort();
	if (ev->type != ZS_XFR_EV_RR && ev->rr->type == ZS_TYPE_SOA)
		abort();
	return render(arg, ev->rr);
}

static void
run_ixfr(const uint8_t *data, size_t size)
{
	struct zs_xfr_limits lim = { 100000, 1 << 20 };
	struct zs_xfr_stats st;
	struct ctx c = { ZS_STRBUF_INIT, 0 };
	struct zs_xfr *x;
	size_t pos = 2;
	int ret = ZS_XFR_MORE, done = 0;

	x = zs_xfr_new_ixfr(zone, sizeof(zone), 1,
	    (uint16_t)(data[0] << 8 | data[1]), IXFR_OURS, &lim);
	if (x == NULL)
		return;
	while (pos + 2 <= size) {
		size_t len = (size_t)(data[pos] << 8 | data[pos + 1]);

		pos += 2;
		if (len > size - pos)
			len = size - pos;
		ret = zs_xfr_feed_ev(x, data + pos, len, render_ev, &c);
		pos += len;
		if (ret == ZS_XFR_DONE)
			done = 1;
		else if (ret != ZS_XFR_MORE)
			break;
		else if (done)
			abort();	/* MORE after DONE */
	}
	zs_xfr_get_stats(x, &st);
	if (ret >= 0 && st.records != c.n)
		abort();
	if (done && st.kind == ZS_XFR_KIND_UNKNOWN)
		abort();
	if (st.kind != ZS_XFR_KIND_IXFR && st.deltas != 0)
		abort();
	zs_xfr_free(x);
	zs_sb_free(&c.sb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zs_xfr_limits lim = { 100000, 1 << 20 };
	struct zs_xfr_stats st;
	struct ctx c = { ZS_STRBUF_INIT, 0 };
	struct zs_xfr *x;
	size_t pos = 2;
	int ret = ZS_XFR_MORE, done = 0;

	if (size < 2)
		return 0;
	x = zs_xfr_new(zone, sizeof(zone), 1, (uint16_t)(data[0] << 8 | data[1]),
	    &lim);
	if (x == NULL)
		return 0;
	while (pos + 2 <= size) {
		size_t len = (size_t)(data[pos] << 8 | data[pos + 1]);

		pos += 2;
		if (len > size - pos)
			len = size - pos;
		ret = zs_xfr_feed(x, data + pos, len, render, &c);
		pos += len;
		if (ret == ZS_XFR_DONE)
			done = 1;
		else if (ret != ZS_XFR_MORE)
			break;
		else if (done)
			abort();	/* MORE after DONE */
	}
	zs_xfr_get_stats(x, &st);
	if (st.records != c.n && ret >= 0)
		abort();
	zs_xfr_free(x);
	zs_sb_free(&c.sb);
	run_ixfr(data, size);
	return 0;
}
