/*
 * encode.c - base64, base32hex and hex (RFC 4648).
 *
 * The encoders sit on the rdata hot path (RRSIG signatures, DNSKEYs and
 * NSEC3 hashes are most of a signed zone), so each reserves its whole
 * output once and then writes bytes directly, without per-byte appends.
 */
#include <string.h>

#include "encode.h"

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* RFC 4648 section 7: the "extended hex" alphabet NSEC3 uses (RFC 5155). */
static const char b32hex_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

static const char hex_upper[] = "0123456789ABCDEF";

void
zs_base64_encode(struct zs_strbuf *sb, const uint8_t *p, size_t len)
{
	size_t i, n = (len + 2) / 3 * 4;
	char *o;

	if (len == 0 || (o = zs_sb_reserve(sb, n)) == NULL)
		return;
	for (i = 0; i + 3 <= len; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 |
		    p[i + 2];

		*o++ = b64_alphabet[v >> 18];
		*o++ = b64_alphabet[(v >> 12) & 0x3f];
		*o++ = b64_alphabet[(v >> 6) & 0x3f];
		*o++ = b64_alphabet[v & 0x3f];
	}
	if (len - i == 1) {
		uint32_t v = (uint32_t)p[i] << 16;

		*o++ = b64_alphabet[v >> 18];
		*o++ = b64_alphabet[(v >> 12) & 0x3f];
		*o++ = '=';
		*o++ = '=';
	} else if (len - i == 2) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;

		*o++ = b64_alphabet[v >> 18];
		*o++ = b64_alphabet[(v >> 12) & 0x3f];
		*o++ = b64_alphabet[(v >> 6) & 0x3f];
		*o++ = '=';
	}
	sb->len += n;
}

/*
 * Value of symbol c in alphabet (its index), or -1.  Decoding only reads
 * TSIG secrets (config, command line), so searching the encoder's own
 * alphabet is fast enough and keeps one table per encoding.
 */
static int
sym_value(const char *alphabet, char c)
{
	const char *p;

	if (c == '\0' || (p = strchr(alphabet, c)) == NULL)
		return -1;
	return (int)(p - alphabet);
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Strict RFC 4648 section 4 decoding: quads of symbols, '=' padding only
 * at the end of the last quad, nothing but blanks after it.  Unpadded
 * tails are refused because DNS presentation formats always pad.
 */
int
zs_base64_decode(const char *s, size_t slen, uint8_t *out, size_t cap,
    size_t *outlen)
{
	uint32_t acc = 0;
	size_t i, n = 0;
	int q = 0, pad = 0;

	for (i = 0; i < slen; i++) {
		int v;

		if (is_blank(s[i]))
			continue;
		if (s[i] == '=') {
			/* Padding may only fill positions 3 and 4. */
			if (q < 2)
				return ZS_ESYNTAX;
			pad++;
			acc <<= 6;
			if (++q == 4)
				break;
			continue;
		}
		if (pad != 0 || (v = sym_value(b64_alphabet, s[i])) < 0)
			return ZS_ESYNTAX;
		acc = acc << 6 | (uint32_t)v;
		if (++q == 4) {
			if (cap - n < 3)
				return ZS_ESPACE;
			out[n++] = (uint8_t)(acc >> 16);
			out[n++] = (uint8_t)(acc >> 8);
			out[n++] = (uint8_t)acc;
			acc = 0;
			q = 0;
		}
	}
	if (pad != 0) {
		if (q != 4)
			return ZS_ESYNTAX;
		for (i++; i < slen; i++)
			if (!is_blank(s[i]))
				return ZS_ESYNTAX;
		if (cap - n < (size_t)(3 - pad))
			return ZS_ESPACE;
		out[n++] = (uint8_t)(acc >> 16);
		if (pad == 1)
			out[n++] = (uint8_t)(acc >> 8);
	} else if (q != 0) {
		return ZS_ESYNTAX;
	}
	*outlen = n;
	return 0;
}

void
zs_base32hex_encode(struct zs_strbuf *sb, const uint8_t *p, size_t len)
{
	/* 5 input octets make 8 symbols; a partial group is not padded. */
	size_t n = (len * 8 + 4) / 5;
	uint64_t acc = 0;
	size_t i;
	int bits = 0;
	char *o;

	if (len == 0 || (o = zs_sb_reserve(sb, n)) == NULL)
		return;
	for (i = 0; i < len; i++) {
		acc = acc << 8 | p[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			*o++ = b32hex_alphabet[(acc >> bits) & 0x1f];
		}
	}
	if (bits > 0)
		*o++ = b32hex_alphabet[(acc << (5 - bits)) & 0x1f];
	sb->len += n;
}

void
zs_hex_encode(struct zs_strbuf *sb, const uint8_t *p, size_t len)
{
	size_t i;
	char *o;

	if (len == 0 || (o = zs_sb_reserve(sb, len * 2)) == NULL)
		return;
	for (i = 0; i < len; i++) {
		*o++ = hex_upper[p[i] >> 4];
		*o++ = hex_upper[p[i] & 0x0f];
	}
	sb->len += len * 2;
}

int
zs_hex_decode(const char *s, size_t slen, uint8_t *out, size_t cap,
    size_t *outlen)
{
	size_t i, n = 0;
	int hi = -1;

	for (i = 0; i < slen; i++) {
		char c = s[i];
		int v;

		if (is_blank(c))
			continue;
		/* Either case is accepted; the alphabet is upper case. */
		if (c >= 'a' && c <= 'f')
			c = (char)(c - 'a' + 'A');
		if ((v = sym_value(hex_upper, c)) < 0)
			return ZS_ESYNTAX;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap)
			return ZS_ESPACE;
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0)
		return ZS_ESYNTAX;
	*outlen = n;
	return 0;
}
