/*
 * tsig.c - TSIG (RFC 8945) with OpenSSL 3 EVP_MAC HMAC.
 *
 * The running MAC of an exchange lives in ctx->run.  It always already
 * holds the "prior MAC" part of the next message's MAC input (2-octet
 * length, then the MAC: the request MAC before the first answer, the last
 * verified MAC after that), so every unsigned message can be fed to it as
 * it arrives and need not be kept (RFC 8945 5.3.1).  ctx->keyed holds the
 * key and nothing else; each new running MAC is a copy of it.
 */
#include <assert.h>
#include <string.h>
#include <strings.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "dname.h"
#include "err.h"
#include "msg.h"
#include "tsig.h"
#include "wire.h"

struct alginfo {
	const char *name;	/* named.conf name */
	const char *wire;	/* canonical wire name */
	size_t wirelen;
	const char *digest;	/* OpenSSL digest name */
	size_t maclen;
};

#define ALG(t, w, d, n)	{ t, w, sizeof(w), d, n }

/* Indexed by enum zs_tsig_alg; sizeof counts the root label's 0. */
static const struct alginfo algs[] = {
	[ZS_TSIG_HMAC_MD5] = ALG("hmac-md5",
	    "\010hmac-md5\007sig-alg\003reg\003int", "MD5", 16),
	[ZS_TSIG_HMAC_SHA1] = ALG("hmac-sha1", "\011hmac-sha1", "SHA1", 20),
	[ZS_TSIG_HMAC_SHA224] = ALG("hmac-sha224", "\013hmac-sha224",
	    "SHA224", 28),
	[ZS_TSIG_HMAC_SHA256] = ALG("hmac-sha256", "\013hmac-sha256",
	    "SHA256", 32),
	[ZS_TSIG_HMAC_SHA384] = ALG("hmac-sha384", "\013hmac-sha384",
	    "SHA384", 48),
	[ZS_TSIG_HMAC_SHA512] = ALG("hmac-sha512", "\013hmac-sha512",
	    "SHA512", 64),
};

#define NALGS	(sizeof(algs) / sizeof(algs[0]))

static const struct alginfo *
alg_info(enum zs_tsig_alg alg)
{
	if ((unsigned)alg == 0 || (unsigned)alg >= NALGS)
		return NULL;
	return &algs[alg];
}

int
zs_tsig_alg_from_name(const uint8_t *wire, size_t len, enum zs_tsig_alg *alg)
{
	unsigned i;

	for (i = 1; i < NALGS; i++) {
		if (zs_dname_eq_nocase(wire, len,
		    (const uint8_t *)algs[i].wire, algs[i].wirelen)) {
			*alg = (enum zs_tsig_alg)i;
			return 0;
		}
	}
	return ZS_EBADKEY;
}

int
zs_tsig_alg_from_text(const char *text, size_t len, enum zs_tsig_alg *alg)
{
	uint8_t wire[ZS_DNAME_MAXLEN];
	size_t wlen;

	/* BIND's short "hmac-md5" means the long legacy name. */
	if (len == 8 && strncasecmp(text, "hmac-md5", 8) == 0) {
		*alg = ZS_TSIG_HMAC_MD5;
		return 0;
	}
	if (len == 0 || zs_dname_from_text(text, len, NULL, 0, wire,
	    &wlen) != 0)
		return ZS_EBADKEY;
	return zs_tsig_alg_from_name(wire, wlen, alg);
}

const char *
zs_tsig_alg_name(enum zs_tsig_alg alg)
{
	const struct alginfo *ai = alg_info(alg);

	return ai == NULL ? NULL : ai->name;
}

const uint8_t *
zs_tsig_alg_wire(enum zs_tsig_alg alg, size_t *len)
{
	const struct alginfo *ai = alg_info(alg);

	if (ai == NULL)
		return NULL;
	*len = ai->wirelen;
	return (const uint8_t *)ai->wire;
}

size_t
zs_tsig_mac_len(enum zs_tsig_alg alg)
{
	const struct alginfo *ai = alg_info(alg);

	return ai == NULL ? 0 : ai->maclen;
}

const char *
zs_tsig_alg_digest(enum zs_tsig_alg alg)
{
	const struct alginfo *ai = alg_info(alg);

	return ai == NULL ? NULL : ai->digest;
}

void
zs_tsig_ctx_clear(struct zs_tsig_ctx *ctx)
{
	EVP_MAC_CTX_free(ctx->keyed);
	EVP_MAC_CTX_free(ctx->run);
	/* The MAC chain is not secret, but leave no key-derived bytes. */
	OPENSSL_cleanse(ctx, sizeof(*ctx));
}

/* Feed n octets to the running MAC; ZS_ENOMEM if OpenSSL fails. */
static int
mac_update(struct zs_tsig_ctx *ctx, const uint8_t *p, size_t n)
{
	if (n == 0)
		return 0;
	return EVP_MAC_update(ctx->run, p, n) == 1 ? 0 : ZS_ENOMEM;
}

/*
 * Replace the running MAC with a fresh one that has taken in the prior
 * MAC (RFC 8945 4.3.1 "Request MAC", 5.3.1 "Prior MAC"): 2-octet length
 * then the MAC, which becomes ctx->mac.
 */
static int
restart_run(struct zs_tsig_ctx *ctx, const uint8_t *mac, size_t maclen)
{
	uint8_t lenb[2] = { (uint8_t)(maclen >> 8), (uint8_t)maclen };

	EVP_MAC_CTX_free(ctx->run);
	if ((ctx->run = EVP_MAC_CTX_dup(ctx->keyed)) == NULL)
		return ZS_ENOMEM;
	if (maclen > 0 && mac != ctx->mac)
		memmove(ctx->mac, mac, maclen);
	ctx->maclen = maclen;
	ctx->nunsigned = 0;
	/* A query has no prior MAC at all, not even its length (4.3.3). */
	if (mac == NULL)
		return 0;
	if (mac_update(ctx, lenb, 2) != 0 || mac_update(ctx, mac, maclen) != 0)
		return ZS_ENOMEM;
	return 0;
}

int
zs_tsig_start(struct zs_tsig_ctx *ctx, const struct zs_tsig_key *key,
    const uint8_t *reqmac, size_t reqmaclen, uint16_t id)
{
	const struct alginfo *ai = alg_info(key->alg);
	OSSL_PARAM params[2];
	EVP_MAC *hmac;
	size_t i;
	int ret;

	zs_tsig_ctx_clear(ctx);
	if (ai == NULL || key->secretlen == 0 ||
	    zs_dname_check(key->name, key->namelen) != 0)
		return ZS_EBADKEY;
	if (reqmaclen > ZS_TSIG_MAXMAC)
		return ZS_EINVAL;
	/* Key names go into the MAC in canonical (lower-case) form, 4.3.3. */
	for (i = 0; i < key->namelen; i++) {
		uint8_t c = key->name[i];
		ctx->keyname[i] = c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c;
	}
	ctx->keynamelen = key->namelen;
	ctx->alg = key->alg;
	ctx->id = id;

	if ((hmac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
		return ZS_ENOMEM;
	ctx->keyed = EVP_MAC_CTX_new(hmac);	/* takes its own reference */
	EVP_MAC_free(hmac);
	if (ctx->keyed == NULL)
		return ZS_ENOMEM;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)(uintptr_t)ai->digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_MAC_init(ctx->keyed, key->secret, key->secretlen,
	    params) != 1) {
		/* MD5 is missing from a FIPS-only provider set, for one. */
		zs_tsig_ctx_clear(ctx);
		return ZS_EBADKEY;
	}
	if ((ret = restart_run(ctx, reqmac, reqmaclen)) != 0) {
		zs_tsig_ctx_clear(ctx);
		return ret;
	}
	return 0;
}

/*
 * Write the TSIG variables that follow the message in the MAC input
 * (RFC 8945 4.3.3), or with timers_only just time signed and fudge
 * (4.3.1 / 5.3.1, messages after the first of a response).
 */
static int
write_vars(const struct zs_tsig_ctx *ctx, struct zs_wr *wr, bool timers_only,
    uint32_t ttl, uint64_t tsigned, uint16_t fudge, uint16_t error,
    const uint8_t *other, uint16_t otherlen)
{
	const struct alginfo *ai = alg_info(ctx->alg);

	if (!timers_only) {
		zs_wr_bytes(wr, ctx->keyname, ctx->keynamelen);
		zs_wr_u16(wr, ZS_TSIG_CLASS);
		zs_wr_u32(wr, ttl);
		zs_wr_bytes(wr, ai->wire, ai->wirelen);
	}
	zs_wr_u48(wr, tsigned);
	zs_wr_u16(wr, fudge);
	if (!timers_only) {
		zs_wr_u16(wr, error);
		zs_wr_u16(wr, otherlen);
		zs_wr_bytes(wr, other, otherlen);
	}
	return wr->err;
}

/* Variables are at most 255 + 10 + 255 + 10 octets + other data. */
#define VARSMAX		(2 * ZS_DNAME_MAXLEN + 20 + 6)

/*
 * Finish the running MAC over msg[0..len) (a message without its TSIG),
 * with its ID replaced by orig_id and ARCOUNT by arcount, then the
 * variables in vars.  The MAC lands in out (ZS_TSIG_MAXMAC octets).
 */
static int
mac_final(struct zs_tsig_ctx *ctx, const uint8_t *msg, size_t len,
    uint16_t orig_id, uint16_t arcount, const uint8_t *vars, size_t varslen,
    uint8_t *out, size_t *outlen)
{
	struct zs_rd rd = zs_rd_init(msg, len);
	struct zs_wr hw;
	uint8_t hdr[ZS_MSG_HDRLEN];
	const uint8_t *body;
	int ret;

	body = zs_rd_bytes(&rd, ZS_MSG_HDRLEN);
	if (body == NULL)
		return ZS_ETRUNC;
	memcpy(hdr, body, sizeof(hdr));
	hw = zs_wr_init(hdr, sizeof(hdr));
	hw.pos = sizeof(hdr);
	zs_wr_put_u16_at(&hw, 0, orig_id);
	zs_wr_put_u16_at(&hw, 10, arcount);
	body = zs_rd_bytes(&rd, zs_rd_left(&rd));
	if ((ret = mac_update(ctx, hdr, sizeof(hdr))) != 0 ||
	    (ret = mac_update(ctx, body, len - ZS_MSG_HDRLEN)) != 0 ||
	    (ret = mac_update(ctx, vars, varslen)) != 0)
		return ret;
	if (EVP_MAC_final(ctx->run, out, outlen, ZS_TSIG_MAXMAC) != 1)
		return ZS_ENOMEM;
	return 0;
}

/*
 * Append a TSIG RR carrying mac to the message in wr (whose pos is the
 * message length) and bump ARCOUNT, which was arcount.
 */
static int
append_tsig(const struct zs_tsig_ctx *ctx, struct zs_wr *wr, uint16_t arcount,
    uint64_t tsigned, uint16_t fudge, const uint8_t *mac, size_t maclen)
{
	const struct alginfo *ai = alg_info(ctx->alg);
	size_t rdlen = ai->wirelen + 6 + 2 + 2 + maclen + 2 + 2 + 2;

	zs_wr_bytes(wr, ctx->keyname, ctx->keynamelen);
	zs_wr_u16(wr, ZS_TSIG_TYPE);
	zs_wr_u16(wr, ZS_TSIG_CLASS);
	zs_wr_u32(wr, 0);
	zs_wr_u16(wr, (uint16_t)rdlen);
	zs_wr_bytes(wr, ai->wire, ai->wirelen);
	zs_wr_u48(wr, tsigned);
	zs_wr_u16(wr, fudge);
	zs_wr_u16(wr, (uint16_t)maclen);
	zs_wr_bytes(wr, mac, maclen);
	zs_wr_u16(wr, ctx->id);
	zs_wr_u16(wr, 0);	/* error */
	zs_wr_u16(wr, 0);	/* other len */
	zs_wr_put_u16_at(wr, 10, (uint16_t)(arcount + 1));
	return wr->err;
}

/*
 * Common part of signing a query and a response: MAC the message (as is:
 * header untouched, since Original ID == ID) plus variables, append the
 * TSIG and start a new running MAC from the new MAC.
 */
static int
sign_msg(struct zs_tsig_ctx *ctx, uint8_t *msg, size_t *len, size_t cap,
    uint64_t now, uint16_t fudge, bool timers_only)
{
	struct zs_rd rd = zs_rd_init(msg, *len);
	struct zs_msghdr h;
	struct zs_wr wr;
	uint8_t vars[VARSMAX], mac[ZS_TSIG_MAXMAC];
	size_t maclen;
	int ret;

	if (zs_msg_read_header(&rd, &h) != 0)
		return ZS_ETRUNC;
	if (h.arcount == UINT16_MAX)
		return ZS_ERANGE;
	ctx->id = h.id;
	wr = zs_wr_init(vars, sizeof(vars));
	if ((ret = write_vars(ctx, &wr, timers_only, 0, now, fudge, 0, NULL,
	    0)) != 0)
		return ret;
	/*
	 * Check the room first so that a ZS_ESPACE leaves msg and the running
	 * MAC as they were.
	 */
	maclen = zs_tsig_mac_len(ctx->alg);
	if (cap < *len || cap - *len < ctx->keynamelen + 10 +
	    alg_info(ctx->alg)->wirelen + 16 + maclen)
		return ZS_ESPACE;
	if ((ret = mac_final(ctx, msg, *len, h.id, h.arcount, vars, wr.pos,
	    mac, &maclen)) != 0)
		return ret;
	wr = zs_wr_init(msg, cap);
	wr.pos = *len;
	if ((ret = append_tsig(ctx, &wr, h.arcount, now, fudge, mac,
	    maclen)) != 0)
		return ret;
	*len = wr.pos;
	return restart_run(ctx, mac, maclen);
}

int
zs_tsig_sign_query(struct zs_tsig_ctx *ctx, const struct zs_tsig_key *key,
    uint8_t *msg, size_t *len, size_t cap, uint64_t now, uint16_t fudge)
{
	struct zs_rd rd = zs_rd_init(msg, *len);
	struct zs_msghdr h;
	int ret;

	if (zs_msg_read_header(&rd, &h) != 0)
		return ZS_ETRUNC;
	/* A query is signed with no prior MAC (RFC 8945 4.3.3). */
	if ((ret = zs_tsig_start(ctx, key, NULL, 0, h.id)) != 0)
		return ret;
	if ((ret = sign_msg(ctx, msg, len, cap, now, fudge, false)) != 0) {
		zs_tsig_ctx_clear(ctx);
		return ret;
	}
	ctx->time_signed = now;
	return 0;
}

int
zs_tsig_sign_response(struct zs_tsig_ctx *ctx, uint8_t *msg, size_t *len,
    size_t cap, uint64_t now, uint16_t fudge)
{
	int ret;

	if (ctx->run == NULL)
		return ZS_EINVAL;
	ret = sign_msg(ctx, msg, len, cap, now, fudge, ctx->nmsgs > 0);
	if (ret == 0) {
		ctx->nmsgs++;
		ctx->last_signed = true;
		ctx->last_time = now;
	}
	return ret;
}

int
zs_tsig_add_unsigned(struct zs_tsig_ctx *ctx, const uint8_t *msg, size_t len)
{
	int ret;

	if (ctx->run == NULL)
		return ZS_EINVAL;
	if ((ret = mac_update(ctx, msg, len)) != 0)
		return ret;
	ctx->nmsgs++;
	ctx->nunsigned++;
	ctx->last_signed = false;
	return 0;
}

/* A TSIG RR's RDATA, as views into the message. */
struct tsig_rr {
	uint8_t alg[ZS_DNAME_MAXLEN];
	size_t alglen;
	uint64_t tsigned;
	uint16_t fudge;
	uint16_t maclen;
	const uint8_t *mac;
	uint16_t orig_id;
	uint16_t error;
	uint16_t otherlen;
	const uint8_t *other;
};

static int
parse_tsig(struct zs_rd rd, struct tsig_rr *t)
{
	zs_dname_unpack(&rd, t->alg, &t->alglen);
	t->tsigned = zs_rd_u48(&rd);
	t->fudge = zs_rd_u16(&rd);
	t->maclen = zs_rd_u16(&rd);
	t->mac = zs_rd_bytes(&rd, t->maclen);
	t->orig_id = zs_rd_u16(&rd);
	t->error = zs_rd_u16(&rd);
	t->otherlen = zs_rd_u16(&rd);
	t->other = zs_rd_bytes(&rd, t->otherlen);
	if (rd.err != 0)
		return ZS_EMALFORMED;
	return zs_rd_left(&rd) == 0 ? 0 : ZS_EMALFORMED;
}

/*
 * Find the TSIG RR of msg: *off is where it starts (len when there is
 * none).  Any TSIG that is not the last RR of the additional section is
 * an error (RFC 8945 5.1: it must be last, and only one).
 */
static int
find_tsig(const uint8_t *msg, size_t len, struct zs_msghdr *h, size_t *off,
    struct zs_rr *tsig)
{
	struct zs_rd rd = zs_rd_init(msg, len);
	struct zs_question q;
	uint32_t i, nrr;
	int ret;

	if ((ret = zs_msg_read_header(&rd, h)) != 0)
		return ret;
	for (i = 0; i < h->qdcount; i++)
		if ((ret = zs_msg_read_question(&rd, &q)) != 0)
			return ret;
	nrr = (uint32_t)h->ancount + h->nscount + h->arcount;
	*off = len;
	for (i = 0; i < nrr; i++) {
		if ((ret = zs_msg_read_rr(&rd, tsig)) != 0)
			return ret;
		if (tsig->type != ZS_TSIG_TYPE)
			continue;
		if (i != nrr - 1 || h->arcount == 0)
			return ZS_ETSIG;
		if (zs_rd_left(&rd) != 0)
			return ZS_ETRAILING;
		*off = tsig->offset;
	}
	return 0;
}

/* TSIG error field of an answer -> our code (RFC 8945 5.3.2). */
static int
tsig_error(uint16_t error)
{
	switch (error) {
	case ZS_TSIG_BADKEY:
		return ZS_EBADKEY;
	case ZS_TSIG_BADTIME:
		return ZS_ETIME;
	default:	/* BADSIG, BADTRUNC, anything else */
		return ZS_ETSIG;
	}
}

static int
verify(struct zs_tsig_ctx *ctx, const uint8_t *msg, size_t len, uint64_t now,
    size_t *unsigned_len)
{
	struct zs_msghdr h;
	struct zs_rr rr;
	struct tsig_rr t;
	struct zs_wr wr;
	enum zs_tsig_alg alg;
	uint8_t vars[VARSMAX], mac[ZS_TSIG_MAXMAC];
	size_t off, full, maclen, minlen;
	int ret;

	if ((ret = find_tsig(msg, len, &h, &off, &rr)) != 0)
		return ret;
	if (off == len) {
		/* The first answer must be signed (RFC 8945 5.3.1). */
		if (ctx->nmsgs == 0)
			return ZS_ENOTSIGNED;
		if (ctx->nunsigned >= ZS_TSIG_MAXUNSIGNED)
			return ZS_ETSIG;
		if ((ret = zs_tsig_add_unsigned(ctx, msg, len)) != 0)
			return ret;
		if (unsigned_len != NULL)
			*unsigned_len = len;
		return 1;
	}
	if (rr.rrclass != ZS_TSIG_CLASS)
		return ZS_ETSIG;
	if ((ret = parse_tsig(rr.rdata, &t)) != 0)
		return ret;
	/*
	 * An error answer (BADKEY, BADSIG: empty MAC) cannot be verified;
	 * report what the server said.
	 */
	if (t.error != 0)
		return tsig_error(t.error);
	if (!zs_dname_eq_nocase(rr.owner, rr.owner_len, ctx->keyname,
	    ctx->keynamelen) || zs_tsig_alg_from_name(t.alg, t.alglen,
	    &alg) != 0 || alg != ctx->alg)
		return ZS_EBADKEY;
	/* Truncation bounds, RFC 8945 5.2.2.1. */
	full = zs_tsig_mac_len(ctx->alg);
	minlen = full / 2 > 10 ? full / 2 : 10;
	if (t.maclen > full || t.maclen < minlen)
		return ZS_ETSIG;

	/*
	 * The TTL "MUST be 0" (4.2) but goes into the MAC as received, as
	 * BIND does, so a changed TTL fails the MAC instead of passing.
	 */
	wr = zs_wr_init(vars, sizeof(vars));
	if ((ret = write_vars(ctx, &wr, ctx->nmsgs > 0, rr.ttl, t.tsigned,
	    t.fudge, t.error, t.other, t.otherlen)) != 0)
		return ZS_ETSIG;	/* other data too long to be real */
	if ((ret = mac_final(ctx, msg, off, t.orig_id,
	    (uint16_t)(h.arcount - 1), vars, wr.pos, mac, &maclen)) != 0)
		return ret;
	if (CRYPTO_memcmp(mac, t.mac, t.maclen) != 0)
		return ZS_ETSIG;
	/* Time is checked only once the MAC is known good (5.2.3). */
	if ((now > t.tsigned ? now - t.tsigned : t.tsigned - now) > t.fudge)
		return ZS_ETIME;
	/* The next message chains on the MAC as received (5.3.1). */
	if ((ret = restart_run(ctx, t.mac, t.maclen)) != 0)
		return ret;
	ctx->nmsgs++;
	ctx->last_signed = true;
	ctx->last_time = t.tsigned;
	if (unsigned_len != NULL)
		*unsigned_len = off;
	return 0;
}

int
zs_tsig_request_key(const uint8_t *msg, size_t len, uint8_t *name,
    size_t *namelen, enum zs_tsig_alg *alg)
{
	struct zs_msghdr h;
	struct zs_rr rr;
	struct tsig_rr t;
	size_t off;
	int ret;

	if ((ret = find_tsig(msg, len, &h, &off, &rr)) != 0)
		return ret;
	if (off == len)
		return 0;
	if (rr.rrclass != ZS_TSIG_CLASS)
		return ZS_ETSIG;
	if ((ret = parse_tsig(rr.rdata, &t)) != 0)
		return ret;
	if ((ret = zs_tsig_alg_from_name(t.alg, t.alglen, alg)) != 0)
		return ret;
	memcpy(name, rr.owner, rr.owner_len);
	*namelen = rr.owner_len;
	return 1;
}

int
zs_tsig_verify(struct zs_tsig_ctx *ctx, const uint8_t *msg, size_t len,
    uint64_t now, size_t *unsigned_len)
{
	int ret;

	if (ctx->err != 0)
		return ctx->err;
	if (ctx->run == NULL)
		return ZS_EINVAL;
	ret = verify(ctx, msg, len, now, unsigned_len);
	if (ret < 0)
		ctx->err = ret;
	return ret;
}

int
zs_tsig_end(const struct zs_tsig_ctx *ctx)
{
	if (ctx->err != 0)
		return ctx->err;
	return ctx->nmsgs > 0 && ctx->last_signed ? 0 : ZS_ETSIG;
}

const char *
zs_tsig_hint(int err)
{
	switch (err) {
	case ZS_ETSIG:
		return "wrong secret, or the answer was altered";
	case ZS_EBADKEY:
		return "the server does not know this key name, or not with "
		    "this algorithm";
	case ZS_ETIME:
		return "the clocks here and at the server differ by more than "
		    "the fudge (300 s)";
	case ZS_ENOTSIGNED:
		return "the server did not sign its answer: it may not be "
		    "configured with this key";
	default:
		return "";
	}
}
