/*
 * fuzz_soa.c - check the input as the answer to an SOA query for
 * "example." IN with zs_soamsg_check.  The first octet's low bit says
 * whether the query was signed (key "key.", fuzz_keys.h); the rest is the
 * answer.  Must never crash; an accepted answer must look like one.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_keys.h"
#include "msg.h"
#include "soamsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zs_tsig_ctx tsig = ZS_TSIG_CTX_INIT;
	struct zs_soamsg out;
	struct zs_wr wr;
	uint8_t q[512];
	size_t qlen;
	bool keyed;
	int ret;

	if (size < 1)
		return 0;
	keyed = (data[0] & 1) != 0;
	if (keyed) {
		/* The query soa.c sends: ID 0, RD clear, signed now. */
		wr = zs_wr_init(q, sizeof(q));
		if (zs_msg_query(&wr, 0, 0, fuzz_zone, sizeof(fuzz_zone), 6,
		    1) != 0)
			abort();
		qlen = wr.pos;
		if (zs_tsig_sign_query(&tsig, &fuzz_keys[0], q, &qlen,
		    sizeof(q), FUZZ_NOW, ZS_TSIG_FUDGE) != 0)
			abort();
	}
	ret = zs_soamsg_check(data + 1, size - 1, fuzz_zone, sizeof(fuzz_zone),
	    1, keyed ? &tsig : NULL, FUZZ_NOW, &out);
	if (ret > 0 || (ret == 0) != (out.stage == ZS_SOAMSG_OK))
		abort();
	if (out.stage != ZS_SOAMSG_MALFORMED && !out.have_hdr)
		abort();
	if (ret == 0 && (!(out.hdr.flags & ZS_FLAG_QR) ||
	    !(out.hdr.flags & ZS_FLAG_AA) || zs_msg_rcode(out.hdr.flags) != 0 ||
	    zs_msg_opcode(out.hdr.flags) != 0 || out.hdr.qdcount != 1 ||
	    zs_dname_check(out.soa.mname, out.soa.mname_len) != 0 ||
	    zs_dname_check(out.soa.rname, out.soa.rname_len) != 0))
		abort();
	if (keyed)
		zs_tsig_ctx_clear(&tsig);
	return 0;
}
