/*
 * fuzz_notify.c - parse the input as a NOTIFY request (keys of
 * fuzz_keys.h) and build its answers, which must parse back to the same
 * ID, question and rcode and, for a signed request, verify.  The input is
 * also read as a TCP stream (zs_frame) and each framed message parsed.
 * Must never crash.
 */
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "fuzz_keys.h"
#include "msg.h"
#include "notifymsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The answer must say what was asked, and verify when signed. */
static void
check_answer(const struct zs_notify_req *req, unsigned int rcode,
    const uint8_t *a, size_t alen)
{
	struct zs_rd rd = zs_rd_init(a, alen);
	struct zs_tsig_ctx c = ZS_TSIG_CTX_INIT;
	struct zs_msghdr h;
	struct zs_question q;

	if (zs_msg_read_header(&rd, &h) != 0 || h.id != req->id ||
	    !(h.flags & ZS_FLAG_QR) || !(h.flags & ZS_FLAG_AA) ||
	    zs_msg_rcode(h.flags) != rcode ||
	    zs_msg_opcode(h.flags) != zs_msg_opcode(req->flags) ||
	    h.qdcount != (req->have_q ? 1 : 0) || h.ancount != 0)
		abort();
	if (req->have_q && (zs_msg_read_question(&rd, &q) != 0 ||
	    q.namelen != req->qnamelen ||
	    memcmp(q.name, req->qname, q.namelen) != 0 || q.type != 6 ||
	    q.rrclass != req->qclass))
		abort();
	if (req->tsig != 0) {
		if (h.arcount != 0)
			abort();
		return;
	}
	/* The sender's side: its request MAC, then the answer. */
	if (zs_tsig_start(&c, req->key, req->reqmac, req->reqmaclen,
	    req->id) != 0 || zs_tsig_verify(&c, a, alen, FUZZ_NOW, NULL) != 0)
		abort();
	zs_tsig_ctx_clear(&c);
}

static void
one(const uint8_t *msg, size_t len)
{
	static const unsigned int rcodes[] = { ZS_RCODE_REFUSED,
	    ZS_RCODE_NOTAUTH };
	struct zs_notify_req req;
	uint8_t out[1024];
	size_t olen, i;
	int ret;

	ret = zs_notify_parse(msg, len, fuzz_keys, 2, FUZZ_NOW, &req);
	if (ret != 0) {
		if (ret != ZS_ETRUNC && ret != ZS_EQRSET)
			abort();
		return;
	}
	if (req.have_q != (req.rcode == ZS_RCODE_NOERROR) ||
	    (req.rcode != ZS_RCODE_NOERROR && req.rcode != ZS_RCODE_FORMERR &&
	    req.rcode != ZS_RCODE_NOTIMP && req.rcode != ZS_RCODE_NOTAUTH) ||
	    (req.tsig == 0) != (req.key != NULL) ||
	    (req.have_q && zs_dname_check(req.qname, req.qnamelen) != 0))
		abort();
	if (zs_notify_answer(&req, req.rcode, FUZZ_NOW, out, sizeof(out),
	    &olen) != 0)
		abort();	/* 1024 octets always hold the answer */
	check_answer(&req, req.rcode, out, olen);
	for (i = 0; i < sizeof(rcodes) / sizeof(rcodes[0]); i++) {
		if (zs_notify_answer(&req, rcodes[i], FUZZ_NOW, out, 40,
		    &olen) == 0)
			check_answer(&req, rcodes[i], out, olen);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zs_frame fr;
	const uint8_t *m;
	size_t mlen, last = 0;
	int r;

	one(data, size);
	fr = zs_frame_init(data, size, 512);
	while ((r = zs_frame_next(&fr, &m, &mlen)) == 1) {
		if (fr.pos <= last || fr.pos > size || mlen > 512)
			abort();
		last = fr.pos;
		one(m, mlen);
	}
	if (r < 0 && r != ZS_ETOOBIG)
		abort();
	return 0;
}
