/*
 * encode.h - base64, base32hex (RFC 4648, no padding, as NSEC3 uses) and
 * hex, to text and back.
 */
#ifndef ZS_ENCODE_H
#define ZS_ENCODE_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/* Append the base64 text of p[0..len) (with '=' padding) to sb. */
void zs_base64_encode(struct zs_strbuf *sb, const uint8_t *p, size_t len);

/*
 * Decode base64 text s[0..slen) (whitespace ignored) into out (cap bytes).
 * Returns 0 and sets *outlen, or ZS_ESYNTAX / ZS_ESPACE.
 */
int zs_base64_decode(const char *s, size_t slen, uint8_t *out, size_t cap,
    size_t *outlen);

/* Append base32hex (upper case, no padding) of p[0..len) to sb. */
void zs_base32hex_encode(struct zs_strbuf *sb, const uint8_t *p, size_t len);

/* Append upper-case hex of p[0..len) to sb. */
void zs_hex_encode(struct zs_strbuf *sb, const uint8_t *p, size_t len);

/*
 * Decode hex text (either case, whitespace ignored) into out.  Returns 0
 * and sets *outlen, or ZS_ESYNTAX (odd digit count, bad digit) /
 * ZS_ESPACE.
 */
int zs_hex_decode(const char *s, size_t slen, uint8_t *out, size_t cap,
    size_t *outlen);

#endif /* ZS_ENCODE_H */
