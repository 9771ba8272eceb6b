/*
 * rndc.c - control-channel messages (see rndc.h for the format).
 *
 * Requests are laid out by hand: they always hold the same three
 * sections.  Replies are walked once to check every length (a hostile or
 * broken peer cannot make a lookup overrun), then looked up by key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "err.h"
#include "rndc.h"
#include "tsig.h"
#include "wire.h"

#define T_BINARY	1
#define T_TABLE		2
#define T_LIST		3

#define B64_SHA		88	/* base64 room in hsha, zero padded */
#define B64_MD5		22	/* base64 of an MD5 HMAC without "==" */
#define MAXDEPTH	4
#define MAXCMD		4096

struct span {
	const uint8_t *p;
	size_t n;
};

/*
 * The digest behind a key's algorithm (lib/tsig's table) and named's
 * number for the algorithm (BIND's DST numbering).
 */
static const char *
alg_digest(enum zs_tsig_alg alg, unsigned *number)
{
	static const unsigned numbers[] = {
		[ZS_TSIG_HMAC_MD5] = 157, [ZS_TSIG_HMAC_SHA1] = 161,
		[ZS_TSIG_HMAC_SHA224] = 162, [ZS_TSIG_HMAC_SHA256] = 163,
		[ZS_TSIG_HMAC_SHA384] = 164, [ZS_TSIG_HMAC_SHA512] = 165,
	};
	const char *md = zs_tsig_alg_digest(alg);

	*number = md != NULL ? numbers[alg] : 0;
	return md;
}

/*
 * The HMAC of data as it travels: base64 text, zero padded to B64_SHA
 * octets (hsha) or cut to B64_MD5 (hmd5).  out holds B64_SHA octets.
 */
static int
auth_text(const struct zs_tsig_key *key, const uint8_t *data, size_t n,
    uint8_t out[B64_SHA])
{
	unsigned char mac[EVP_MAX_MD_SIZE], b64[4 * EVP_MAX_MD_SIZE / 3 + 4];
	const char *md;
	unsigned number;
	size_t maclen = 0;
	int b64len;

	if ((md = alg_digest(key->alg, &number)) == NULL ||
	    EVP_Q_mac(NULL, "HMAC", NULL, md, NULL, key->secret,
	    key->secretlen, data, n, mac, sizeof(mac), &maclen) == NULL)
		return ZS_EBADKEY;
	b64len = EVP_EncodeBlock(b64, mac, (int)maclen);
	memset(out, 0, B64_SHA);
	memcpy(out, b64, (size_t)b64len < B64_SHA ? (size_t)b64len : B64_SHA);
	explicit_bzero(mac, sizeof(mac));
	return 0;
}

/* ---- building ---------------------------------------------------------- */

struct out {
	uint8_t *p;
	size_t n, cap;
	int err;
};

static void
put(struct out *o, const void *src, size_t n)
{
	if (o->err != 0)
		return;
	if (o->cap - o->n < n) {
		o->err = ZS_ESPACE;
		return;
	}
	memcpy(o->p + o->n, src, n);
	o->n += n;
}

static void
put32(struct out *o, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 8), (uint8_t)v };

	put(o, b, 4);
}

static void
put_key(struct out *o, const char *k)
{
	uint8_t l = (uint8_t)strlen(k);

	put(o, &l, 1);
	put(o, k, l);
}

/* Key and the head of a value; the caller writes len octets after it. */
static void
put_head(struct out *o, const char *k, uint8_t type, uint32_t len)
{
	put_key(o, k);
	put(o, &type, 1);
	put32(o, len);
}

static void
put_str(struct out *o, const char *k, const char *v)
{
	put_head(o, k, T_BINARY, (uint32_t)strlen(v));
	put(o, v, strlen(v));
}

static void
put_num(struct out *o, const char *k, uint32_t v)
{
	char b[16];

	snprintf(b, sizeof(b), "%lu", (unsigned long)v);
	put_str(o, k, b);
}

/* Patch a table's 32-bit length once its contents are written. */
static void
patch_len(struct out *o, size_t at)
{
	uint32_t v = (uint32_t)(o->n - at - 4);

	if (o->err != 0)
		return;
	o->p[at] = (uint8_t)(v >> 24);
	o->p[at + 1] = (uint8_t)(v >> 16);
	o->p[at + 2] = (uint8_t)(v >> 8);
	o->p[at + 3] = (uint8_t)v;
}

int
zs_rndc_request(uint8_t *buf, size_t cap, size_t *len,
    const struct zs_tsig_key *key, uint32_t serial, uint32_t now,
    uint32_t nonce, const char *command)
{
	struct out o = { buf, 0, cap, 0 };
	uint8_t mac[B64_SHA], alg8;
	size_t maclen, macat, signedat, tbl;
	unsigned number;
	int md5, ret;

	if (key == NULL || command == NULL || strlen(command) > MAXCMD)
		return ZS_EINVAL;
	if (alg_digest(key->alg, &number) == NULL)
		return ZS_EBADKEY;
	md5 = key->alg == ZS_TSIG_HMAC_MD5;
	maclen = md5 ? B64_MD5 : B64_SHA + 1;
	alg8 = (uint8_t)number;

	put32(&o, 0);			/* length prefix, patched below */
	put32(&o, 1);			/* version */
	put_head(&o, "_auth", T_TABLE, (uint32_t)(1 + 4 + 1 + 4 + maclen));
	put_head(&o, md5 ? "hmd5" : "hsha", T_BINARY, (uint32_t)maclen);
	if (!md5)
		put(&o, &alg8, 1);
	macat = o.n;
	memset(mac, 0, sizeof(mac));
	put(&o, mac, md5 ? B64_MD5 : B64_SHA);
	signedat = o.n;

	put_head(&o, "_ctrl", T_TABLE, 0);
	tbl = o.n - 4;
	put_num(&o, "_ser", serial);
	put_num(&o, "_tim", now);
	put_num(&o, "_exp", now + 60);
	if (nonce != 0)
		put_num(&o, "_nonce", nonce);
	patch_len(&o, tbl);

	put_head(&o, "_data", T_TABLE, 0);
	tbl = o.n - 4;
	put_str(&o, "type", command);
	patch_len(&o, tbl);
	if (o.err != 0)
		return o.err;
	patch_len(&o, 0);

	if ((ret = auth_text(key, buf + signedat, o.n - signedat, mac)) != 0)
		return ret;
	memcpy(buf + macat, mac, md5 ? B64_MD5 : B64_SHA);
	*len = o.n;
	return 0;
}

/* ---- reading ----------------------------------------------------------- */

/* One key/value pair from the front of *s.  Returns 0 or ZS_EMALFORMED. */
static int
next_pair(struct span *s, struct span *k, int *type, struct span *v)
{
	size_t kl, vl;

	if (s->n < 1 || (kl = s->p[0]) + 1 + 5 > s->n)
		return ZS_EMALFORMED;
	k->p = s->p + 1;
	k->n = kl;
	*type = s->p[1 + kl];
	vl = zs_be32(s->p + 1 + kl + 1);
	if (vl > s->n - (1 + kl + 5))
		return ZS_EMALFORMED;
	v->p = s->p + 1 + kl + 5;
	v->n = vl;
	s->p += 1 + kl + 5 + vl;
	s->n -= 1 + kl + 5 + vl;
	return 0;
}

static int check_value(int type, struct span v, int depth);

static int
check_table(struct span t, int depth)
{
	struct span k, v;
	int type, ret;

	while (t.n > 0)
		if ((ret = next_pair(&t, &k, &type, &v)) != 0 ||
		    (ret = check_value(type, v, depth + 1)) != 0)
			return ret;
	return 0;
}

static int
check_value(int type, struct span v, int depth)
{
	size_t vl;
	int t;

	if (depth > MAXDEPTH)
		return ZS_EMALFORMED;
	switch (type) {
	case T_BINARY:
		return 0;
	case T_TABLE:
		return check_table(v, depth);
	case T_LIST:	/* values without keys */
		while (v.n > 0) {
			if (v.n < 5 || (vl = zs_be32(v.p + 1)) > v.n - 5)
				return ZS_EMALFORMED;
			t = v.p[0];
			if (check_value(t, (struct span){ v.p + 5, vl },
			    depth + 1) != 0)
				return ZS_EMALFORMED;
			v.p += 5 + vl;
			v.n -= 5 + vl;
		}
		return 0;
	}
	return ZS_EMALFORMED;
}

/* The value of key in a checked table; 0 when found with that type. */
static int
lookup(struct span t, const char *key, int want, struct span *v)
{
	struct span k;
	size_t kl = strlen(key);
	int type;

	while (t.n > 0) {
		if (next_pair(&t, &k, &type, v) != 0)
			return -1;
		if (k.n == kl && memcmp(k.p, key, kl) == 0)
			return type == want ? 0 : -1;
	}
	return -1;
}

/* A binary value as printable text (control octets become spaces). */
static void
copy_text(char *dst, size_t cap, struct span v)
{
	size_t i, n = v.n < cap - 1 ? v.n : cap - 1;

	for (i = 0; i < n; i++)
		dst[i] = v.p[i] < 0x20 || v.p[i] == 0x7f ? ' ' : (char)v.p[i];
	dst[n] = '\0';
}

static int
get_num(struct span t, const char *key, unsigned long *out)
{
	struct span v;
	char b[24];
	char *end;

	if (lookup(t, key, T_BINARY, &v) != 0 || v.n == 0 ||
	    v.n >= sizeof(b))
		return -1;
	memcpy(b, v.p, v.n);
	b[v.n] = '\0';
	if (b[0] < '0' || b[0] > '9')
		return -1;
	*out = strtoul(b, &end, 10);
	return *end == '\0' ? 0 : -1;
}

int
zs_rndc_reply_parse(const uint8_t *msg, size_t len,
    const struct zs_tsig_key *key, struct zs_rndc_reply *r)
{
	struct span top, k, auth, mac, ctrl, data, v;
	uint8_t want[B64_SHA];
	unsigned number;
	unsigned long x;
	int type, md5;

	memset(r, 0, sizeof(*r));
	if (len < 4 || zs_be32(msg) != 1)
		return ZS_EMALFORMED;
	top = (struct span){ msg + 4, len - 4 };
	if (check_table(top, 0) != 0)
		return ZS_EMALFORMED;

	/* _auth first; the HMAC covers everything after it. */
	if (next_pair(&top, &k, &type, &auth) != 0 || type != T_TABLE ||
	    k.n != 5 || memcmp(k.p, "_auth", 5) != 0)
		return ZS_ETSIG;
	if (key == NULL || alg_digest(key->alg, &number) == NULL ||
	    auth_text(key, top.p, top.n, want) != 0)
		return ZS_ETSIG;
	md5 = key->alg == ZS_TSIG_HMAC_MD5;
	if (md5) {
		if (lookup(auth, "hmd5", T_BINARY, &mac) != 0 ||
		    mac.n != B64_MD5 ||
		    CRYPTO_memcmp(mac.p, want, B64_MD5) != 0)
			return ZS_ETSIG;
	} else if (lookup(auth, "hsha", T_BINARY, &mac) != 0 ||
	    mac.n != B64_SHA + 1 || mac.p[0] != number ||
	    CRYPTO_memcmp(mac.p + 1, want, B64_SHA) != 0)
		return ZS_ETSIG;

	if (lookup(top, "_ctrl", T_TABLE, &ctrl) == 0 &&
	    get_num(ctrl, "_nonce", &x) == 0 && x <= UINT32_MAX)
		r->nonce = (uint32_t)x;
	if (lookup(top, "_data", T_TABLE, &data) == 0) {
		if (get_num(data, "result", &r->result) == 0)
			r->has_result = 1;
		if (lookup(data, "err", T_BINARY, &v) == 0)
			copy_text(r->err, sizeof(r->err), v);
		if (lookup(data, "text", T_BINARY, &v) == 0)
			copy_text(r->text, sizeof(r->text), v);
	}
	return 0;
}
