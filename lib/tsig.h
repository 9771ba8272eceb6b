/*
 * tsig.h - TSIG (RFC 8945): sign queries, verify single and multi-message
 * responses, with HMAC from OpenSSL 3 (EVP_MAC).
 *
 * One struct zs_tsig_ctx covers one exchange: a query and every message
 * of its answer (one for an SOA query over UDP, many for an AXFR over
 * TCP).  The context copies the key name and hands the secret to an
 * OpenSSL HMAC context at once, so the caller's key may be freed (say, by
 * a config reload) while a transfer is still running.
 *
 *	struct zs_tsig_ctx t = ZS_TSIG_CTX_INIT;
 *	zs_tsig_sign_query(&t, &key, q, &qlen, sizeof(q), now, 300);
 *	send; then for every answer message m:
 *		r = zs_tsig_verify(&t, m, mlen, now, &plain);
 *		r < 0: fail;  r == 0: signed and good;  r == 1: unsigned (ok
 *		so far, only after a signed one)
 *	after the last message: zs_tsig_end(&t) must return 0
 *	zs_tsig_ctx_clear(&t);
 *
 * Nothing here reads the clock, logs or exits; time is a parameter in
 * seconds since the epoch.
 */
#ifndef ZS_TSIG_H
#define ZS_TSIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dname.h"

#define ZS_TSIG_TYPE		250	/* RR type TSIG */
#define ZS_TSIG_CLASS		255	/* class ANY */
#define ZS_TSIG_MAXMAC		64	/* largest MAC (hmac-sha512) */
#define ZS_TSIG_FUDGE		300	/* RFC 8945 section 10 default */
#define ZS_TSIG_MAXUNSIGNED	99	/* unsigned messages in a row (5.3.1) */

/* TSIG error field values (RFC 8945 section 3). */
#define ZS_TSIG_BADSIG		16
#define ZS_TSIG_BADKEY		17
#define ZS_TSIG_BADTIME		18
#define ZS_TSIG_BADTRUNC	22

/* TSIG algorithms (RFC 8945 section 6); 0 is no algorithm. */
enum zs_tsig_alg {
	ZS_TSIG_HMAC_MD5 = 1,
	ZS_TSIG_HMAC_SHA1,
	ZS_TSIG_HMAC_SHA224,
	ZS_TSIG_HMAC_SHA256,
	ZS_TSIG_HMAC_SHA384,
	ZS_TSIG_HMAC_SHA512
};

/* A key as the caller holds it; every pointer is borrowed for one call. */
struct zs_tsig_key {
	const uint8_t *name;	/* uncompressed wire name, any case */
	size_t namelen;
	enum zs_tsig_alg alg;
	const uint8_t *secret;	/* raw (base64-decoded) secret */
	size_t secretlen;	/* must be > 0 */
};

struct evp_mac_ctx_st;		/* OpenSSL's EVP_MAC_CTX */

/*
 * State of one exchange.  Zero it (ZS_TSIG_CTX_INIT) before first use;
 * release it with zs_tsig_ctx_clear.  Fields are read-only for callers.
 */
struct zs_tsig_ctx {
	uint8_t keyname[ZS_DNAME_MAXLEN]; /* key name, lower case copy */
	size_t keynamelen;
	enum zs_tsig_alg alg;		/* algorithm of the key */
	struct evp_mac_ctx_st *keyed;	/* HMAC with the key set, never fed */
	struct evp_mac_ctx_st *run;	/* running MAC: prior MAC + unsigned */
	uint8_t mac[ZS_TSIG_MAXMAC];	/* last MAC sent or verified */
	size_t maclen;			/* its length (may be truncated) */
	uint16_t id;			/* query ID, the TSIG Original ID */
	uint64_t time_signed;		/* time signed of the query */
	uint64_t last_time;		/* time signed of the last signed answer */
	unsigned nmsgs;			/* answer messages seen (signed or not) */
	unsigned nunsigned;		/* unsigned messages since the last signed */
	bool last_signed;		/* the last message seen was signed */
	int err;			/* first failure (sticky), 0 if none */
};

#define ZS_TSIG_CTX_INIT	{ .keynamelen = 0 }

/*
 * Map an algorithm name in wire form (any case, e.g. "\x0bhmac-sha256\0"
 * or HMAC-MD5.SIG-ALG.REG.INT.) to *alg.  Borrows wire.  Returns 0, or
 * ZS_EBADKEY for an unknown algorithm (*alg untouched).
 */
int zs_tsig_alg_from_name(const uint8_t *wire, size_t len,
    enum zs_tsig_alg *alg);

/*
 * Map an algorithm name in text (len octets, any case, final dot
 * optional) to *alg, as named.conf and dig -y write it: "hmac-sha256",
 * and "hmac-md5" for HMAC-MD5.SIG-ALG.REG.INT (also accepted in full).
 * Borrows text.  Returns 0, or ZS_EBADKEY for an unknown algorithm (*alg
 * untouched).
 */
int zs_tsig_alg_from_text(const char *text, size_t len,
    enum zs_tsig_alg *alg);

/*
 * The name of alg as named.conf writes it ("hmac-sha256", "hmac-md5"),
 * static storage; NULL for a value outside the enum.
 */
const char *zs_tsig_alg_name(enum zs_tsig_alg alg);

/*
 * The canonical (lower-case) wire name of alg, static storage, and its
 * length in *len.  Returns NULL for a value outside the enum.
 */
const uint8_t *zs_tsig_alg_wire(enum zs_tsig_alg alg, size_t *len);

/* Full MAC length of alg in octets (16..64), 0 for an unknown value. */
size_t zs_tsig_mac_len(enum zs_tsig_alg alg);

/* OpenSSL's digest name for alg ("SHA256"), NULL for an unknown value. */
const char *zs_tsig_alg_digest(enum zs_tsig_alg alg);

/*
 * Release the OpenSSL state held by ctx and zero it, so it may be reused
 * or dropped.  Safe on a zeroed or already cleared ctx.
 */
void zs_tsig_ctx_clear(struct zs_tsig_ctx *ctx);

/*
 * Start ctx for the answer side of an exchange: key copied (name) and
 * loaded into OpenSSL (secret), prior MAC set to reqmac (borrowed, may be
 * NULL: then nothing goes before the first message, as for a query),
 * Original ID set to id.  Any earlier state in
 * ctx is cleared first.  zs_tsig_sign_query calls this itself; a
 * responder (or a test) calls it with the request's MAC before
 * zs_tsig_sign_response.  Returns 0, ZS_EBADKEY (unknown alg, empty
 * secret, bad key name), ZS_EINVAL (reqmaclen > ZS_TSIG_MAXMAC) or
 * ZS_ENOMEM (OpenSSL failure).
 */
int zs_tsig_start(struct zs_tsig_ctx *ctx, const struct zs_tsig_key *key,
    const uint8_t *reqmac, size_t reqmaclen, uint16_t id);

/*
 * Sign the query in msg[0..*len) (buffer of cap octets, borrowed and
 * modified): append a TSIG RR (time signed now, the given fudge, full
 * MAC), increment ARCOUNT, add its length to *len, and set ctx up to
 * verify the answer (ctx is cleared first; it keeps the request MAC and
 * the query ID).  MAC input per RFC 8945 4.3.3: the message as given,
 * then the TSIG variables.  Returns 0; ZS_EBADKEY (see zs_tsig_start);
 * ZS_ETRUNC (msg shorter than a header); ZS_ERANGE (ARCOUNT already
 * 65535); ZS_ESPACE (cap too small; msg and *len unchanged);
 * ZS_ENOMEM (OpenSSL failure).
 */
int zs_tsig_sign_query(struct zs_tsig_ctx *ctx, const struct zs_tsig_key *key,
    uint8_t *msg, size_t *len, size_t cap, uint64_t now, uint16_t fudge);

/*
 * Verify the next answer message msg[0..len) (borrowed, not modified) of
 * the exchange started by zs_tsig_sign_query.  The TSIG RR must be the
 * last RR of the additional section.  The first message must be signed
 * and its MAC covers the request MAC, the message (TSIG removed, ARCOUNT
 * less one, ID replaced by the Original ID) and the TSIG variables;
 * later messages may go unsigned, up to ZS_TSIG_MAXUNSIGNED in a row,
 * and the next signed one covers the prior MAC, those messages whole,
 * then itself with the timers only (RFC 8945 5.3.1).  A MAC may be
 * truncated to no less than max(10, hash/2) octets (5.2.2.1).
 * On 0 or 1, *unsigned_len (may be NULL) is the length of the message
 * without its TSIG RR (len for an unsigned message); note the ARCOUNT in
 * msg still counts the TSIG.
 * Returns:
 *   0  signed, MAC good and time within the fudge;
 *   1  unsigned, acceptable so far (the transfer must not end here);
 *   ZS_ENOTSIGNED  the first message has no TSIG (e.g. REFUSED from a
 *      server that has no key or no TSIG configured);
 *   ZS_EBADKEY  TSIG error BADKEY (server does not know the key), or the
 *      key name or algorithm differs from ours;
 *   ZS_ETSIG  MAC wrong, TSIG error BADSIG/BADTRUNC/other, MAC length
 *      out of bounds, TSIG not last or class not ANY, or a 100th unsigned
 *      message in a row;
 *   ZS_ETIME  MAC good but time signed more than fudge away from now, or
 *      TSIG error BADTIME;
 *   ZS_ETRUNC / ZS_EMALFORMED / name errors  the message does not parse;
 *   ZS_ETRAILING  bytes after the TSIG RR;
 *   ZS_EINVAL  ctx was not started.
 * Any failure is sticky: later calls (and zs_tsig_end) return it again.
 */
int zs_tsig_verify(struct zs_tsig_ctx *ctx, const uint8_t *msg, size_t len,
    uint64_t now, size_t *unsigned_len);

/*
 * Call after the last message of the answer.  Returns 0 when at least one
 * message was verified and the last one was signed (RFC 8945 5.3.1: the
 * last message MUST be signed); ZS_ETSIG otherwise, or the sticky error.
 */
int zs_tsig_end(const struct zs_tsig_ctx *ctx);

/*
 * Responder side (tests, and a future NOTIFY answerer): sign the next
 * message msg[0..*len) of the answer in ctx (set up by zs_tsig_start with
 * the request MAC).  The first message is signed over the request MAC,
 * the message and the full TSIG variables, later ones over the prior MAC,
 * the unsigned messages added since, the message and the timers.  The
 * Original ID is the message's ID.  Appends the TSIG RR and increments
 * ARCOUNT like zs_tsig_sign_query.  Returns 0, ZS_ETRUNC, ZS_ERANGE,
 * ZS_ESPACE, ZS_EINVAL (ctx not started) or ZS_ENOMEM.
 */
int zs_tsig_sign_response(struct zs_tsig_ctx *ctx, uint8_t *msg, size_t *len,
    size_t cap, uint64_t now, uint16_t fudge);

/*
 * Responder side: msg[0..len) (borrowed) goes out unsigned; add it to the
 * running MAC.  Returns 0, ZS_EINVAL (ctx not started) or ZS_ENOMEM.
 */
int zs_tsig_add_unsigned(struct zs_tsig_ctx *ctx, const uint8_t *msg,
    size_t len);

/*
 * For a responder: does the request msg carry a TSIG, and with which key?
 * Returns 1 and copies the key name (wire, ZS_DNAME_MAXLEN bytes) and its
 * algorithm when it does, 0 when it carries none, or ZS_ETSIG /
 * ZS_EMALFORMED / a parse error when the TSIG is misplaced or broken, or
 * ZS_EBADKEY when the algorithm is unknown.  To check the request:
 * zs_tsig_start(ctx, key, NULL, 0, id) then zs_tsig_verify(ctx, msg, ...)
 * == 0; to sign the answer: a fresh context started with ctx->mac as the
 * request MAC, then zs_tsig_sign_response.
 */
int zs_tsig_request_key(const uint8_t *msg, size_t len, uint8_t *name,
    size_t *namelen, enum zs_tsig_alg *alg);

/*
 * A hint for an operator about a TSIG failure code ("the server does not
 * know this key, or not with this algorithm"), or "" for other codes.
 */
const char *zs_tsig_hint(int err);

#endif /* ZS_TSIG_H */
