/*
 * dname.h - domain names: wire unpack (with compression), text in and out,
 * comparison.
 *
 * A name is held in uncompressed wire form: length-prefixed labels ending
 * with the zero-length root label, at most ZS_DNAME_MAXLEN octets and
 * ZS_DNAME_MAXLABELS labels (including the root).  Case is preserved
 * everywhere; comparisons that must ignore case say so.
 */
#ifndef ZS_DNAME_H
#define ZS_DNAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"
#include "wire.h"

#define ZS_DNAME_MAXLEN		255
#define ZS_DNAME_MAXLABELS	128	/* 127 + the root label */
#define ZS_DNAME_MAXLABEL	63
#define ZS_DNAME_MAXHOPS	64	/* compression pointers followed per name */

/*
 * Read a possibly compressed name at rd's position into out (which must
 * hold ZS_DNAME_MAXLEN octets) and set *outlen.  The cursor advances past
 * the name as stored in place (up to and including the first pointer).
 * A pointer must point strictly before the start of the label sequence
 * that contains it, which rules out loops and forward references.
 * Returns 0, or the error (also left in rd->err): ZS_ETRUNC, ZS_ELOOP,
 * ZS_ENAMELEN, ZS_EBADNAME (label types 0x40/0x80).  Out-params are
 * written only on success.
 */
int zs_dname_unpack(struct zs_rd *rd, uint8_t *out, size_t *outlen);

/*
 * Check that name[0..len) is one well-formed uncompressed name that uses
 * exactly len octets.  Returns 0 or ZS_EBADNAME / ZS_ENAMELEN.
 */
int zs_dname_check(const uint8_t *name, size_t len);

/* Fold the ASCII letters of a well-formed wire name to lower case. */
void zs_dname_lower(uint8_t *name, size_t len);

/*
 * Append the presentation form of a wire name to sb: labels joined with
 * '.', a trailing '.', the root as ".".  Special characters
 * (. \ " ( ) ; @ $) get a backslash; bytes below 0x21 (space included)
 * or above 0x7e are written as \DDD, as BIND writes them.  The name must be valid (zs_dname_check).
 */
void zs_dname_totext(struct zs_strbuf *sb, const uint8_t *name, size_t len);

/*
 * Like zs_dname_totext but writes only the first nlabels labels and no
 * trailing dot (used for owners relative to $ORIGIN).  nlabels must be
 * at least 1 and less than the name's label count.
 */
void zs_dname_totext_labels(struct zs_strbuf *sb, const uint8_t *name,
    size_t nlabels);

/*
 * Parse presentation text (text[0..len), not NUL-terminated) into wire
 * form.  Accepts \. and \DDD escapes.  A name without a trailing dot is
 * relative and gets origin appended (origin may be NULL, meaning the
 * root).  "@" alone means origin.  Returns 0, ZS_ESYNTAX, ZS_ELABELLEN,
 * ZS_ENAMELEN.  Out-params written only on success.
 */
int zs_dname_from_text(const char *text, size_t len, const uint8_t *origin,
    size_t originlen, uint8_t *out, size_t *outlen);

/* Number of labels, counting the root label (the root name has 1). */
size_t zs_dname_labels(const uint8_t *name, size_t len);

/* Equality ignoring ASCII case. */
bool zs_dname_eq_nocase(const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen);

/*
 * True if name is zone or below it (ASCII case ignored).  Both names must
 * be valid.
 */
bool zs_dname_is_subdomain(const uint8_t *name, size_t nlen,
    const uint8_t *zone, size_t zlen);

/*
 * If name ends with exactly the octets of origin (case included) on a
 * label boundary, return the number of labels of name before origin
 * (0 when name == origin); otherwise return -1.  Used to write owners
 * relative to $ORIGIN only where that cannot change their case.
 */
int zs_dname_rel_labels(const uint8_t *name, size_t nlen,
    const uint8_t *origin, size_t olen);

/*
 * Canonical order of RFC 4034 section 6.1 (label by label from the
 * right, case-folded).  Returns <0, 0, >0.
 */
int zs_dname_cmp_canonical(const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen);

/*
 * The file a zone is written to when no name is given (agent.conf without
 * `file`, `zonesyncd xfr` without -o): the zone name in lower case, bytes
 * other than [a-z0-9-_] as %XX, the dots between labels kept, ".zone"
 * appended; the root zone is "root.zone".  No name can produce "/", "..",
 * a leading dot or a control byte.  buf must hold ZS_DNAME_FILENAME_MAX.
 */
#define ZS_DNAME_FILENAME_MAX	(ZS_DNAME_MAXLEN * 3 + sizeof(".zone"))
void zs_dname_filename(const uint8_t *name, char *buf);

#endif /* ZS_DNAME_H */
