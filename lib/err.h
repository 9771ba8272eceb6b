/*
 * err.h - error codes shared by every lib/ module.
 *
 * 0 is success; a failure is a negative ZS_E* value.  errno values keep
 * their number with the sign flipped (ZS_ENOMEM == -ENOMEM); protocol
 * failures have codes of their own below ZS_EBASE so they never collide
 * with an errno.
 */
#ifndef ZS_ERR_H
#define ZS_ERR_H

#include <errno.h>

#define ZS_EBASE	(-1000)

enum {
	ZS_OK = 0,
	ZS_ENOMEM = -ENOMEM,
	ZS_EINVAL = -EINVAL,
	ZS_ERANGE = -ERANGE,
	ZS_ETRUNC = ZS_EBASE - 1,	/* input ended before the data did */
	ZS_EBADNAME = ZS_EBASE - 2,	/* malformed domain name */
	ZS_ELOOP = ZS_EBASE - 3,	/* compression pointer loop / forward */
	ZS_ENAMELEN = ZS_EBASE - 4,	/* name over 255 octets or 127 labels */
	ZS_ELABELLEN = ZS_EBASE - 5,	/* label over 63 octets */
	ZS_ESPACE = ZS_EBASE - 6,	/* output buffer too small */
	ZS_EMALFORMED = ZS_EBASE - 7,	/* message or rdata does not parse */
	ZS_ETRAILING = ZS_EBASE - 8,	/* bytes left after the last record */
	ZS_EID = ZS_EBASE - 9,		/* answer ID does not match the query */
	ZS_ENOTRESP = ZS_EBASE - 10,	/* QR bit clear in an answer */
	ZS_EOPCODE = ZS_EBASE - 11,	/* opcode differs from the query's */
	ZS_ERCODE = ZS_EBASE - 12,	/* non-zero RCODE (see the xfr state) */
	ZS_EQUESTION = ZS_EBASE - 13,	/* question does not match the query */
	ZS_ENOSOA = ZS_EBASE - 14,	/* transfer does not start with SOA */
	ZS_EOUTOFZONE = ZS_EBASE - 15,	/* owner name outside the zone */
	ZS_ECLASS = ZS_EBASE - 16,	/* record class differs from the zone */
	ZS_ESOAMISMATCH = ZS_EBASE - 17, /* closing SOA differs from opening */
	ZS_EAFTEREND = ZS_EBASE - 18,	/* records after the closing SOA */
	ZS_ETOOMANY = ZS_EBASE - 19,	/* record-count limit exceeded */
	ZS_ETOOBIG = ZS_EBASE - 20,	/* byte limit exceeded */
	ZS_ETC = ZS_EBASE - 21,		/* truncated (TC) answer over TCP */
	ZS_ESERIAL = ZS_EBASE - 22,	/* serial not newer (RFC 1982) */
	ZS_ETSIG = ZS_EBASE - 23,	/* TSIG missing, bad or unexpected */
	ZS_ESYNTAX = ZS_EBASE - 24,	/* text input does not parse */
	ZS_EEMPTY = ZS_EBASE - 25,	/* transfer ended with no records */
	ZS_ESHRINK = ZS_EBASE - 26,	/* zone shrank beyond the allowed limit */
	ZS_EBADKEY = ZS_EBASE - 27,	/* TSIG key unknown or unusable */
	ZS_ETIME = ZS_EBASE - 28,	/* TSIG time outside the fudge window */
	ZS_ENOTSIGNED = ZS_EBASE - 29,	/* answer to a signed query is unsigned */
	ZS_EBADRDATA = ZS_EBASE - 30,	/* RDATA malformed for its type */
	ZS_ENOTAUTH = ZS_EBASE - 31,	/* answer without the AA bit */
	ZS_EQRSET = ZS_EBASE - 32,	/* QR bit set in a request */
	ZS_EDIFF = ZS_EBASE - 33,	/* IXFR deletes an absent / adds a present record */
	ZS_ECHAIN = ZS_EBASE - 34,	/* IXFR delta does not start where the last ended */
	ZS_ESNAP = ZS_EBASE - 35,	/* zone snapshot missing, unreadable or stale */
	ZS_ENOTAPEX = ZS_EBASE - 36,	/* SOA record not at the zone apex */
	ZS_ECATVERSION = ZS_EBASE - 37,	/* catalog zone version missing or not 2 */
	ZS_ECATBROKEN = ZS_EBASE - 38,	/* catalog zone broken (RFC 9432 5.1) */
	ZS_ELAST = ZS_EBASE - 39
};

/*
 * Return a static, human-readable text for any value returned by a lib/
 * function: a ZS_E* code, a negated errno, or 0.  Never returns NULL.
 */
const char *zs_strerror(int err);

#endif /* ZS_ERR_H */
