/*
 * rrtype.h - RR type and class mnemonics.
 */
#ifndef ZS_RRTYPE_H
#define ZS_RRTYPE_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

enum {
	ZS_TYPE_A = 1, ZS_TYPE_NS = 2, ZS_TYPE_MD = 3, ZS_TYPE_MF = 4,
	ZS_TYPE_CNAME = 5, ZS_TYPE_SOA = 6, ZS_TYPE_MB = 7, ZS_TYPE_MG = 8,
	ZS_TYPE_MR = 9, ZS_TYPE_NULL = 10, ZS_TYPE_WKS = 11,
	ZS_TYPE_PTR = 12, ZS_TYPE_HINFO = 13, ZS_TYPE_MINFO = 14,
	ZS_TYPE_MX = 15, ZS_TYPE_TXT = 16, ZS_TYPE_RP = 17,
	ZS_TYPE_AFSDB = 18, ZS_TYPE_X25 = 19, ZS_TYPE_ISDN = 20,
	ZS_TYPE_RT = 21, ZS_TYPE_NSAP = 22, ZS_TYPE_NSAP_PTR = 23,
	ZS_TYPE_SIG = 24, ZS_TYPE_KEY = 25, ZS_TYPE_PX = 26,
	ZS_TYPE_GPOS = 27, ZS_TYPE_AAAA = 28, ZS_TYPE_LOC = 29,
	ZS_TYPE_NXT = 30, ZS_TYPE_SRV = 33, ZS_TYPE_NAPTR = 35,
	ZS_TYPE_KX = 36, ZS_TYPE_CERT = 37, ZS_TYPE_A6 = 38,
	ZS_TYPE_DNAME = 39, ZS_TYPE_OPT = 41, ZS_TYPE_APL = 42,
	ZS_TYPE_DS = 43, ZS_TYPE_SSHFP = 44, ZS_TYPE_IPSECKEY = 45,
	ZS_TYPE_RRSIG = 46, ZS_TYPE_NSEC = 47, ZS_TYPE_DNSKEY = 48,
	ZS_TYPE_DHCID = 49, ZS_TYPE_NSEC3 = 50, ZS_TYPE_NSEC3PARAM = 51,
	ZS_TYPE_TLSA = 52, ZS_TYPE_SMIMEA = 53, ZS_TYPE_HIP = 55,
	ZS_TYPE_CDS = 59, ZS_TYPE_CDNSKEY = 60, ZS_TYPE_OPENPGPKEY = 61,
	ZS_TYPE_CSYNC = 62, ZS_TYPE_ZONEMD = 63, ZS_TYPE_SVCB = 64,
	ZS_TYPE_HTTPS = 65, ZS_TYPE_SPF = 99, ZS_TYPE_NID = 104,
	ZS_TYPE_L32 = 105, ZS_TYPE_L64 = 106, ZS_TYPE_LP = 107,
	ZS_TYPE_EUI48 = 108, ZS_TYPE_EUI64 = 109, ZS_TYPE_TKEY = 249,
	ZS_TYPE_TSIG = 250, ZS_TYPE_IXFR = 251, ZS_TYPE_AXFR = 252,
	ZS_TYPE_ANY = 255, ZS_TYPE_URI = 256, ZS_TYPE_CAA = 257,
	ZS_TYPE_AVC = 258, ZS_TYPE_DOA = 259, ZS_TYPE_AMTRELAY = 260,
	ZS_TYPE_TA = 32768, ZS_TYPE_DLV = 32769
};

enum {
	ZS_CLASS_IN = 1, ZS_CLASS_CH = 3, ZS_CLASS_HS = 4,
	ZS_CLASS_NONE = 254, ZS_CLASS_ANY = 255
};

/*
 * Mnemonic of a type ("A", "NSEC3PARAM"), or NULL when the type has
 * none we are willing to write (the caller then writes TYPEnnn).
 */
const char *zs_rrtype_name(uint16_t type);

/* Append the mnemonic or "TYPEnnn" (RFC 3597) to sb. */
void zs_rrtype_totext(struct zs_strbuf *sb, uint16_t type);

/*
 * Parse a mnemonic or TYPEnnn, case-insensitively, from s[0..len).
 * Returns 0 and sets *type, or ZS_ESYNTAX.
 */
int zs_rrtype_from_text(const char *s, size_t len, uint16_t *type);

/* Class mnemonic ("IN", "CH", "HS") or NULL. */
const char *zs_rrclass_name(uint16_t rrclass);

/* Append the class mnemonic or "CLASSnnn" to sb. */
void zs_rrclass_totext(struct zs_strbuf *sb, uint16_t rrclass);

/* Parse a class mnemonic or CLASSnnn.  Returns 0 or ZS_ESYNTAX. */
int zs_rrclass_from_text(const char *s, size_t len, uint16_t *rrclass);

#endif /* ZS_RRTYPE_H */
