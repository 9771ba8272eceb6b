/*
 * rndc.h - the client side of BIND's control channel (what rndc speaks to
 * named's `controls` listener): build signed requests, check and read
 * replies.  No I/O here; agent/rndcc.c drives it from the loop.
 *
 * On TCP each message is a 32-bit length, then a 32-bit version (1) and a
 * table.  A table is a run of key/value pairs: a key is a length octet and
 * that many octets of text; a value is a type octet (1 binary, 2 table,
 * 3 list), a 32-bit length and the bytes.  The top table holds, in this
 * order, _auth (the HMAC), _ctrl (_ser, _tim, _exp, and _nonce once named
 * gave one) and _data (the command in "type"; a reply's "result", "err"
 * and "text").  Numbers travel as decimal text.
 *
 * The HMAC covers every octet after the _auth pair and travels as base64
 * text: for HMAC-MD5 in _auth.hmd5 (22 octets, the padding dropped), for
 * the SHA family in _auth.hsha (an algorithm octet, then 88 octets of
 * base64 padded with zero octets).
 *
 * named answers the first message of a connection with a nonce and runs
 * nothing; it runs a command only from a later message that carries that
 * nonce.  A command therefore takes two exchanges on one connection.
 */
#ifndef ZS_RNDC_H
#define ZS_RNDC_H

#include <stddef.h>
#include <stdint.h>

#include "tsig.h"	/* struct zs_tsig_key */

#define ZS_RNDC_MSG_MAX	65536	/* largest reply we accept, prefix excluded */

struct zs_rndc_reply {
	uint32_t nonce;		/* _ctrl._nonce, 0 when absent */
	int has_result;		/* _data.result present */
	unsigned long result;	/* 0 is success (named's isc_result_t) */
	char err[256];		/* _data.err, truncated, "" when absent */
	char text[1024];	/* _data.text, truncated, "" when absent */
};

/*
 * Write one request for command (e.g. "reload example.com", or "null" to
 * get a nonce) into buf, length prefix included; *len gets the total.
 * serial must differ between the requests named sees within 15 minutes
 * (it drops duplicates); now is the Unix time (the request expires 60 s
 * later); nonce 0 leaves _nonce out.  Returns 0, ZS_ESPACE, ZS_EINVAL
 * (command longer than 4096 octets or with a NUL) or ZS_EBADKEY (an
 * algorithm libcrypto refuses).
 */
int zs_rndc_request(uint8_t *buf, size_t cap, size_t *len,
    const struct zs_tsig_key *key, uint32_t serial, uint32_t now,
    uint32_t nonce, const char *command);

/*
 * Check and read one message (the octets after the length prefix).
 * Returns 0 and fills *r; ZS_EMALFORMED when it does not parse (bad
 * version, lengths that overrun, no _auth first); ZS_ETSIG when the HMAC
 * is missing, of another algorithm, or wrong.
 */
int zs_rndc_reply_parse(const uint8_t *msg, size_t len,
    const struct zs_tsig_key *key, struct zs_rndc_reply *r);

#endif /* ZS_RNDC_H */
