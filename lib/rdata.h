/*
 * rdata.h - RDATA to presentation text.
 *
 * One descriptor table per RR type drives the rendering.  Text must load
 * back, in BIND, to exactly the same RDATA octets.  Anything the renderer
 * does not know, or any RDATA that is malformed for its type, is written
 * in the RFC 3597 generic form "\# LEN HEX" so that nothing is ever lost
 * or altered.
 */
#ifndef ZS_RDATA_H
#define ZS_RDATA_H

#include <stdint.h>

#include "strbuf.h"
#include "wire.h"

/*
 * Append the presentation form of the RDATA of an RR of the given type to
 * sb (no leading or trailing blank, no newline).  rdata is a cursor whose
 * window is exactly the RDATA; its msg is the whole message so compressed
 * names resolve.  Names inside RDATA are written absolute (with a
 * trailing dot) and with their case preserved.  The cursor is taken by
 * value; the caller's copy is not moved.
 *
 * Returns 0 when the typed form was written, 1 when the generic form was
 * written because the type is unknown or the RDATA is malformed for it,
 * ZS_ENOMEM (sb->err) when the buffer could not grow, or ZS_EINVAL when
 * the cursor already carries an error or its window runs past the
 * message (nothing is written: an empty "\# 0" would alter the record).
 */
int zs_rdata_totext(struct zs_strbuf *sb, uint16_t type, struct zs_rd rdata);

/*
 * zs_rdata_totext for an RR of class rrclass.  Types whose text BIND
 * knows only in class IN (SRV, AAAA, WKS, ... and A, whose CHAOS form
 * differs) are written in the generic form in any other class, the only
 * form named accepts there; a compressed name in CHAOS A is expanded
 * first.  Same returns as zs_rdata_totext.
 */
int zs_rdata_totext_class(struct zs_strbuf *sb, uint16_t rrclass,
    uint16_t type, struct zs_rd rdata);

/*
 * Whether the RDATA of an RR of this class and type is well formed for
 * its type, by the wire rules named applies when it loads a zone (lengths,
 * names, counted strings, type bitmaps, nothing left over): 0, or
 * ZS_EBADRDATA.  A transfer carrying such a record is refused, as a BIND
 * secondary refuses it (FORMERR): written in the generic form, named would
 * refuse the whole zone file.  Types this module renders only in the
 * generic form (unknown, NULL, and types with their own renderer: LOC,
 * SVCB, HTTPS, IPSECKEY, AMTRELAY) are not checked and return 0.
 * ZS_EINVAL when the cursor is unusable.
 */
int zs_rdata_check(uint16_t rrclass, uint16_t type, struct zs_rd rdata);

/*
 * The RDATA of an RR of this class and type in uncompressed wire form,
 * as BIND's raw zone format and a canonical comparison need it: every
 * name field the type's descriptor knows is expanded (a primary may
 * compress names in RFC 1035 types and BIND does in CHAOS A), all other
 * octets are copied as they are.  With ZS_RDATA_LOWER the expanded names
 * are also folded to lower case (for comparing records, RFC 4034 6.2 in
 * spirit: two records that differ only in the case of a name in their
 * RDATA are the same record to named).  Types without a descriptor, and
 * types opaque outside class IN, are copied verbatim (RFC 3597: their
 * names are never compressed).  Writes at most cap octets to out and
 * their number to *outlen.  Returns 0, ZS_ESPACE when cap is too small,
 * ZS_EBADRDATA when a field runs past the RDATA (zs_rdata_check fails),
 * or ZS_EINVAL when the cursor is unusable.
 */
#define ZS_RDATA_LOWER	0x1
int zs_rdata_towire(uint16_t rrclass, uint16_t type, struct zs_rd rdata,
    uint8_t *out, size_t cap, size_t *outlen, unsigned int flags);

/* Append the RFC 3597 generic form "\# LEN HEX" of raw bytes. */
void zs_rdata_generic(struct zs_strbuf *sb, const uint8_t *p, size_t len);

#endif /* ZS_RDATA_H */
