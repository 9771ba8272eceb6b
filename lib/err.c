/*
 * err.c - text for ZS_E* codes.
 */
#include <string.h>

#include "err.h"

static const char *const proto_text[] = {
	[1] = "truncated input",
	[2] = "malformed domain name",
	[3] = "bad compression pointer (loop or forward reference)",
	[4] = "domain name too long",
	[5] = "label longer than 63 octets",
	[6] = "output buffer too small",
	[7] = "malformed message",
	[8] = "trailing bytes after last record",
	[9] = "answer ID does not match the query",
	[10] = "answer has QR bit clear",
	[11] = "answer opcode differs from the query",
	[12] = "server returned an error RCODE",
	[13] = "answer question does not match the query",
	[14] = "transfer does not start with the zone's SOA",
	[15] = "record owner outside the zone",
	[16] = "record class differs from the zone's",
	[17] = "closing SOA differs from the opening SOA",
	[18] = "records after the closing SOA",
	[19] = "record count limit exceeded",
	[20] = "transfer size limit exceeded",
	[21] = "truncated answer over TCP",
	[22] = "serial is not newer",
	[23] = "TSIG verification failed",
	[24] = "syntax error",
	[25] = "empty transfer",
	[26] = "zone shrank beyond the configured limit",
	[27] = "TSIG key unknown or unusable",
	[28] = "TSIG time outside the allowed window",
	[29] = "answer to a signed query is not signed",
	[30] = "RDATA malformed for its type",
	[31] = "answer not authoritative (AA bit clear)",
	[32] = "request has QR bit set",
	[33] = "IXFR delta does not apply (deletes an absent or adds a present record)",
	[34] = "IXFR deltas do not chain (a delta starts at another serial)",
	[35] = "no usable zone snapshot for IXFR",
	[36] = "SOA record not at the zone apex",
	[37] = "catalog zone schema version missing or not supported",
	[38] = "broken catalog zone",
};

const char *
zs_strerror(int err)
{
	int idx;

	if (err == 0)
		return "success";
	if (err > ZS_EBASE && err < 0)
		return strerror(-err);
	idx = ZS_EBASE - err;
	if (idx > 0 && (size_t)idx < sizeof(proto_text) / sizeof(proto_text[0]) &&
	    proto_text[idx] != NULL)
		return proto_text[idx];
	return "unknown error";
}
