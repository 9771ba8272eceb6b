/*
 * rrtype.c - RR type and class mnemonics, with the RFC 3597 section 5
 * TYPEnnn / CLASSnnn fallbacks.
 *
 * One X-macro list drives the name lookup and the parser, so a type added
 * here is known both ways.  Every mnemonic below is one BIND 9.18 also
 * accepts in zone files (checked with named-compilezone), since the
 * zonefile writer and the NSEC type bitmaps use these names.
 */
#include <stdbool.h>

#include "rrtype.h"

#define ZS_RRTYPES(X)							\
	X(A, "A") X(NS, "NS") X(MD, "MD") X(MF, "MF")			\
	X(CNAME, "CNAME") X(SOA, "SOA") X(MB, "MB") X(MG, "MG")		\
	X(MR, "MR") X(NULL, "NULL") X(WKS, "WKS") X(PTR, "PTR")		\
	X(HINFO, "HINFO") X(MINFO, "MINFO") X(MX, "MX") X(TXT, "TXT")	\
	X(RP, "RP") X(AFSDB, "AFSDB") X(X25, "X25") X(ISDN, "ISDN")	\
	X(RT, "RT") X(NSAP, "NSAP") X(NSAP_PTR, "NSAP-PTR")		\
	X(SIG, "SIG") X(KEY, "KEY") X(PX, "PX") X(GPOS, "GPOS")		\
	X(AAAA, "AAAA") X(LOC, "LOC") X(NXT, "NXT") X(SRV, "SRV")	\
	X(NAPTR, "NAPTR") X(KX, "KX") X(CERT, "CERT") X(A6, "A6")	\
	X(DNAME, "DNAME") X(OPT, "OPT") X(APL, "APL") X(DS, "DS")	\
	X(SSHFP, "SSHFP") X(IPSECKEY, "IPSECKEY") X(RRSIG, "RRSIG")	\
	X(NSEC, "NSEC") X(DNSKEY, "DNSKEY") X(DHCID, "DHCID")		\
	X(NSEC3, "NSEC3") X(NSEC3PARAM, "NSEC3PARAM") X(TLSA, "TLSA")	\
	X(SMIMEA, "SMIMEA") X(HIP, "HIP") X(CDS, "CDS")			\
	X(CDNSKEY, "CDNSKEY") X(OPENPGPKEY, "OPENPGPKEY")		\
	X(CSYNC, "CSYNC") X(ZONEMD, "ZONEMD") X(SVCB, "SVCB")		\
	X(HTTPS, "HTTPS") X(SPF, "SPF") X(NID, "NID") X(L32, "L32")	\
	X(L64, "L64") X(LP, "LP") X(EUI48, "EUI48") X(EUI64, "EUI64")	\
	X(TKEY, "TKEY") X(TSIG, "TSIG") X(IXFR, "IXFR")			\
	X(AXFR, "AXFR") X(ANY, "ANY") X(URI, "URI") X(CAA, "CAA")	\
	X(AVC, "AVC") X(DOA, "DOA") X(AMTRELAY, "AMTRELAY")		\
	X(TA, "TA") X(DLV, "DLV")

#define ZS_RRCLASSES(X)							\
	X(IN, "IN") X(CH, "CH") X(HS, "HS") X(NONE, "NONE") X(ANY, "ANY")

struct mnemonic {
	uint16_t value;
	const char *name;
};

#define TYPE_ENTRY(sym, str) { ZS_TYPE_##sym, str },
static const struct mnemonic type_table[] = { ZS_RRTYPES(TYPE_ENTRY) };
#undef TYPE_ENTRY

#define CLASS_ENTRY(sym, str) { ZS_CLASS_##sym, str },
static const struct mnemonic class_table[] = { ZS_RRCLASSES(CLASS_ENTRY) };
#undef CLASS_ENTRY

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *
zs_rrtype_name(uint16_t type)
{
	/*
	 * A switch lets the compiler build a jump table: this runs once per
	 * record written, and once per bit in every NSEC type bitmap.
	 */
	switch (type) {
#define TYPE_CASE(sym, str) case ZS_TYPE_##sym: return str;
	ZS_RRTYPES(TYPE_CASE)
#undef TYPE_CASE
	default:
		return NULL;
	}
}

const char *
zs_rrclass_name(uint16_t rrclass)
{
	switch (rrclass) {
#define CLASS_CASE(sym, str) case ZS_CLASS_##sym: return str;
	ZS_RRCLASSES(CLASS_CASE)
#undef CLASS_CASE
	default:
		return NULL;
	}
}

/*
 * The mnemonic name when there is one, else prefix and the number: the
 * TYPEnnn and CLASSnnn forms of RFC 3597 section 5.
 */
static void
put_mnemonic(struct zs_strbuf *sb, const char *name, const char *prefix,
    size_t plen, uint16_t v)
{
	if (name != NULL) {
		zs_sb_puts(sb, name);
		return;
	}
	zs_sb_put(sb, prefix, plen);
	zs_sb_u32(sb, v);
}

void
zs_rrtype_totext(struct zs_strbuf *sb, uint16_t type)
{
	put_mnemonic(sb, zs_rrtype_name(type), "TYPE", 4, type);
}

void
zs_rrclass_totext(struct zs_strbuf *sb, uint16_t rrclass)
{
	put_mnemonic(sb, zs_rrclass_name(rrclass), "CLASS", 5, rrclass);
}

static char
ascii_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* Case-insensitive match of s[0..len) against the NUL-terminated name. */
static bool
name_eq(const char *s, size_t len, const char *name)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (name[i] == '\0' || ascii_upper(s[i]) != name[i])
			return false;
	return name[len] == '\0';
}

/*
 * RFC 3597 section 5: "TYPE" or "CLASS" followed by a decimal number in
 * 0..65535.  Leading zeros are allowed (BIND does), signs are not.
 */
static int
parse_numeric(const char *s, size_t len, const char *prefix, size_t plen,
    uint16_t *out)
{
	uint32_t v = 0;
	size_t i;

	if (len <= plen || len > plen + 10)
		return ZS_ESYNTAX;
	for (i = 0; i < plen; i++)
		if (ascii_upper(s[i]) != prefix[i])
			return ZS_ESYNTAX;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return ZS_ESYNTAX;
		v = v * 10 + (uint32_t)(s[i] - '0');
		if (v > 65535)
			return ZS_ESYNTAX;
	}
	*out = (uint16_t)v;
	return 0;
}

static int
lookup(const struct mnemonic *tab, size_t n, const char *s, size_t len,
    uint16_t *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (name_eq(s, len, tab[i].name)) {
			*out = tab[i].value;
			return 0;
		}
	}
	return ZS_ESYNTAX;
}

int
zs_rrtype_from_text(const char *s, size_t len, uint16_t *type)
{
	if (lookup(type_table, NELEM(type_table), s, len, type) == 0)
		return 0;
	return parse_numeric(s, len, "TYPE", 4, type);
}

int
zs_rrclass_from_text(const char *s, size_t len, uint16_t *rrclass)
{
	if (lookup(class_table, NELEM(class_table), s, len, rrclass) == 0)
		return 0;
	return parse_numeric(s, len, "CLASS", 5, rrclass);
}
