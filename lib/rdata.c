/*
 * rdata.c - RDATA to presentation text.
 *
 * Most types are a fixed sequence of fields, described by a table of
 * field codes per type (as Knot's descriptors do); a few types with
 * internal structure (LOC, SVCB/HTTPS, IPSECKEY, AMTRELAY) get their own
 * renderer.  Rendering writes straight into the caller's buffer and, if
 * the RDATA turns out to be malformed for its type half way through,
 * rolls sb->len back and writes the RFC 3597 generic form instead.  That
 * keeps one pass over the data and no allocation per record: this runs
 * for every record of every transfer.
 *
 * "Malformed" is judged the way BIND 9.18 judges it when it loads the
 * text back, because the text must reload to exactly the same octets:
 * wrong lengths, trailing bytes, bad names, values that have no text
 * form (a LOC precision mantissa of 12) or whose text form would not
 * round-trip (a type bitmap with a trailing zero octet) all fall back to
 * "\# LEN HEX", which BIND turns back into the same octets whatever they
 * are.
 */
#include <stdbool.h>
#include <string.h>

#include "dname.h"
#include "encode.h"
#include "rdata.h"
#include "rrtype.h"

/* Field codes of the descriptor tables. */
enum {
	F_END,		/* end of the descriptor: no byte may remain */
	F_U8,		/* unsigned decimal */
	F_U16,
	F_U32,
	F_IPV4,		/* 4 octets, dotted quad */
	F_IPV6,		/* 16 octets, RFC 5952 text */
	F_NAME,		/* domain name, possibly compressed */
	F_STR,		/* one <character-string>, quoted */
	F_STR_OPT,	/* F_STR if any octet remains, else nothing */
	F_STRS,		/* one or more <character-string>s to the end */
	F_QREST,	/* the rest as one quoted string, may be empty */
	F_QREST1,	/* the rest as one quoted string, not empty */
	F_TAG,		/* CAA tag: length octet + letters and digits */
	F_B64,		/* the rest in base64, not empty */
	F_HEX,		/* the rest in hex, not empty */
	F_SALT,		/* length octet + hex, "-" when empty (RFC 5155) */
	F_HASH,		/* length octet + base32hex, not empty (RFC 5155) */
	F_BITMAP,	/* RFC 4034 section 4.1.2 type bitmap to the end */
	F_TYPE,		/* 16-bit type as a mnemonic */
	F_TIME,		/* 32-bit time as YYYYMMDDHHmmSS (RFC 4034 3.2) */
	F_EUI48,	/* RFC 7043 xx-xx-xx-xx-xx-xx */
	F_EUI64,
	F_ILNP64	/* RFC 6742 four groups of four hex digits */
};

static const uint8_t d_name[] = { F_NAME, F_END };
static const uint8_t d_a[] = { F_IPV4, F_END };
static const uint8_t d_aaaa[] = { F_IPV6, F_END };
static const uint8_t d_u16name[] = { F_U16, F_NAME, F_END };
static const uint8_t d_2name[] = { F_NAME, F_NAME, F_END };
static const uint8_t d_soa[] = { F_NAME, F_NAME, F_U32, F_U32, F_U32, F_U32,
    F_U32, F_END };
static const uint8_t d_txt[] = { F_STRS, F_END };
static const uint8_t d_hinfo[] = { F_STR, F_STR, F_END };
static const uint8_t d_x25[] = { F_STR, F_END };
static const uint8_t d_isdn[] = { F_STR, F_STR_OPT, F_END };
static const uint8_t d_px[] = { F_U16, F_NAME, F_NAME, F_END };
static const uint8_t d_srv[] = { F_U16, F_U16, F_U16, F_NAME, F_END };
static const uint8_t d_naptr[] = { F_U16, F_U16, F_STR, F_STR, F_STR,
    F_NAME, F_END };
static const uint8_t d_caa[] = { F_U8, F_TAG, F_QREST, F_END };
static const uint8_t d_sshfp[] = { F_U8, F_U8, F_HEX, F_END };
static const uint8_t d_tlsa[] = { F_U8, F_U8, F_U8, F_HEX, F_END };
static const uint8_t d_b64[] = { F_B64, F_END };
static const uint8_t d_ds[] = { F_U16, F_U8, F_U8, F_HEX, F_END };
static const uint8_t d_key[] = { F_U16, F_U8, F_U8, F_B64, F_END };
static const uint8_t d_rrsig[] = { F_TYPE, F_U8, F_U8, F_U32, F_TIME, F_TIME,
    F_U16, F_NAME, F_B64, F_END };
static const uint8_t d_nsec[] = { F_NAME, F_BITMAP, F_END };
static const uint8_t d_nsec3[] = { F_U8, F_U8, F_U16, F_SALT, F_HASH,
    F_BITMAP, F_END };
static const uint8_t d_nsec3param[] = { F_U8, F_U8, F_U16, F_SALT, F_END };
static const uint8_t d_zonemd[] = { F_U32, F_U8, F_U8, F_HEX, F_END };
static const uint8_t d_uri[] = { F_U16, F_U16, F_QREST1, F_END };
static const uint8_t d_csync[] = { F_U32, F_U16, F_BITMAP, F_END };
static const uint8_t d_cert[] = { F_U16, F_U16, F_U8, F_B64, F_END };
static const uint8_t d_eui48[] = { F_EUI48, F_END };
static const uint8_t d_eui64[] = { F_EUI64, F_END };
static const uint8_t d_l32[] = { F_U16, F_IPV4, F_END };
static const uint8_t d_ilnp64[] = { F_U16, F_ILNP64, F_END };

/* Renderer of a type with internal structure; returns 0 or -1. */
typedef int (*zs_rdata_fn)(struct zs_strbuf *, struct zs_rd *);

static int loc_totext(struct zs_strbuf *, struct zs_rd *);
static int svcb_totext(struct zs_strbuf *, struct zs_rd *);
static int ipseckey_totext(struct zs_strbuf *, struct zs_rd *);
static int amtrelay_totext(struct zs_strbuf *, struct zs_rd *);

/* How a type is written: a descriptor, or a renderer of its own. */
struct rdtype {
	const uint8_t *desc;
	zs_rdata_fn fn;
};

/*
 * The per-type table, indexed by type.  A type with no entry is written
 * in generic form: unknown to us, NULL (RFC 1035 3.3.10 has no text form),
 * or an obsolete type whose text form we have not verified against BIND.
 */
static const struct rdtype rdtypes[ZS_TYPE_AMTRELAY + 1] = {
	[ZS_TYPE_A] = { d_a, NULL },
	[ZS_TYPE_NS] = { d_name, NULL },
	[ZS_TYPE_MD] = { d_name, NULL },
	[ZS_TYPE_MF] = { d_name, NULL },
	[ZS_TYPE_CNAME] = { d_name, NULL },
	[ZS_TYPE_SOA] = { d_soa, NULL },
	[ZS_TYPE_MB] = { d_name, NULL },
	[ZS_TYPE_MG] = { d_name, NULL },
	[ZS_TYPE_MR] = { d_name, NULL },
	[ZS_TYPE_PTR] = { d_name, NULL },
	[ZS_TYPE_HINFO] = { d_hinfo, NULL },
	[ZS_TYPE_MINFO] = { d_2name, NULL },
	[ZS_TYPE_MX] = { d_u16name, NULL },
	[ZS_TYPE_TXT] = { d_txt, NULL },
	[ZS_TYPE_RP] = { d_2name, NULL },
	[ZS_TYPE_AFSDB] = { d_u16name, NULL },
	[ZS_TYPE_X25] = { d_x25, NULL },
	[ZS_TYPE_ISDN] = { d_isdn, NULL },
	[ZS_TYPE_RT] = { d_u16name, NULL },
	[ZS_TYPE_SIG] = { d_rrsig, NULL },
	[ZS_TYPE_KEY] = { d_key, NULL },
	[ZS_TYPE_PX] = { d_px, NULL },
	[ZS_TYPE_AAAA] = { d_aaaa, NULL },
	[ZS_TYPE_LOC] = { NULL, loc_totext },
	[ZS_TYPE_SRV] = { d_srv, NULL },
	[ZS_TYPE_NAPTR] = { d_naptr, NULL },
	[ZS_TYPE_KX] = { d_u16name, NULL },
	[ZS_TYPE_CERT] = { d_cert, NULL },
	[ZS_TYPE_DNAME] = { d_name, NULL },
	[ZS_TYPE_DS] = { d_ds, NULL },
	[ZS_TYPE_SSHFP] = { d_sshfp, NULL },
	[ZS_TYPE_IPSECKEY] = { NULL, ipseckey_totext },
	[ZS_TYPE_RRSIG] = { d_rrsig, NULL },
	[ZS_TYPE_NSEC] = { d_nsec, NULL },
	[ZS_TYPE_DNSKEY] = { d_key, NULL },
	[ZS_TYPE_DHCID] = { d_b64, NULL },
	[ZS_TYPE_NSEC3] = { d_nsec3, NULL },
	[ZS_TYPE_NSEC3PARAM] = { d_nsec3param, NULL },
	[ZS_TYPE_TLSA] = { d_tlsa, NULL },
	[ZS_TYPE_SMIMEA] = { d_tlsa, NULL },
	[ZS_TYPE_CDS] = { d_ds, NULL },
	[ZS_TYPE_CDNSKEY] = { d_key, NULL },
	[ZS_TYPE_OPENPGPKEY] = { d_b64, NULL },
	[ZS_TYPE_CSYNC] = { d_csync, NULL },
	[ZS_TYPE_ZONEMD] = { d_zonemd, NULL },
	[ZS_TYPE_SVCB] = { NULL, svcb_totext },
	[ZS_TYPE_HTTPS] = { NULL, svcb_totext },
	[ZS_TYPE_SPF] = { d_txt, NULL },
	[ZS_TYPE_NID] = { d_ilnp64, NULL },
	[ZS_TYPE_L32] = { d_l32, NULL },
	[ZS_TYPE_L64] = { d_ilnp64, NULL },
	[ZS_TYPE_LP] = { d_u16name, NULL },
	[ZS_TYPE_EUI48] = { d_eui48, NULL },
	[ZS_TYPE_EUI64] = { d_eui64, NULL },
	[ZS_TYPE_URI] = { d_uri, NULL },
	[ZS_TYPE_CAA] = { d_caa, NULL },
	[ZS_TYPE_AMTRELAY] = { NULL, amtrelay_totext },
};

/* The descriptor of a type, or NULL (then *fn may name its renderer). */
static const uint8_t *
descriptor(uint16_t type, zs_rdata_fn *fn)
{
	/* TA and DLV (RFC 4431) have DS's RDATA but a number past the table. */
	if (type == ZS_TYPE_TA || type == ZS_TYPE_DLV)
		type = ZS_TYPE_DS;
	if (type >= sizeof(rdtypes) / sizeof(rdtypes[0])) {
		*fn = NULL;
		return NULL;
	}
	*fn = rdtypes[type].fn;
	return rdtypes[type].desc;
}

static const char hex_lower[] = "0123456789abcdef";

/* Write v (0..255) in decimal at o; returns the new end. */
static char *
put_u8(char *o, unsigned int v)
{
	if (v >= 100) {
		*o++ = (char)('0' + v / 100);
		v %= 100;
		*o++ = (char)('0' + v / 10);
	} else if (v >= 10) {
		*o++ = (char)('0' + v / 10);
	}
	*o++ = (char)('0' + v % 10);
	return o;
}

static void
put_ipv4(struct zs_strbuf *sb, const uint8_t *p)
{
	char *o = zs_sb_reserve(sb, 15), *s = o;
	int i;

	if (o == NULL)
		return;
	for (i = 0; i < 4; i++) {
		if (i > 0)
			*o++ = '.';
		o = put_u8(o, p[i]);
	}
	sb->len += (size_t)(o - s);
}

/*
 * RFC 5952 section 4: lower case, no leading zeros, the longest run of
 * two or more zero groups (the first if tied) as "::".
 */
static void
put_ipv6(struct zs_strbuf *sb, const uint8_t *p)
{
	char *o = zs_sb_reserve(sb, 39), *s = o;
	int i, best = -1, bestlen = 1, run = 0;

	if (o == NULL)
		return;
	for (i = 0; i < 8; i++) {
		if (p[2 * i] == 0 && p[2 * i + 1] == 0) {
			if (++run > bestlen) {
				bestlen = run;
				best = i - run + 1;
			}
		} else {
			run = 0;
		}
	}
	for (i = 0; i < 8; i++) {
		unsigned int g = (unsigned int)p[2 * i] << 8 | p[2 * i + 1];
		int shift, started = 0;

		if (i == best) {
			*o++ = ':';
			if (i == 0)
				*o++ = ':';
			i += bestlen - 1;
			continue;
		}
		for (shift = 12; shift >= 0; shift -= 4) {
			unsigned int d = (g >> shift) & 0xf;

			if (d != 0 || started || shift == 0) {
				*o++ = hex_lower[d];
				started = 1;
			}
		}
		if (i < 7)
			*o++ = ':';
	}
	sb->len += (size_t)(o - s);
}

/*
 * A <character-string> body, quoted (RFC 1035 section 5.1): '"' and '\'
 * get a backslash, octets outside printable ASCII are \DDD.  Everything
 * else, blanks and ';' included, is literal inside the quotes, so no
 * content can end the record or start a directive.
 */
static void
put_qstring(struct zs_strbuf *sb, const uint8_t *p, size_t n)
{
	char *o = zs_sb_reserve(sb, n * 4 + 2), *s = o;
	size_t i;

	if (o == NULL)
		return;
	*o++ = '"';
	for (i = 0; i < n; i++) {
		uint8_t c = p[i];

		if (c < 0x20 || c >= 0x7f) {
			*o++ = '\\';
			*o++ = (char)('0' + c / 100);
			*o++ = (char)('0' + c / 10 % 10);
			*o++ = (char)('0' + c % 10);
		} else {
			if (c == '"' || c == '\\')
				*o++ = '\\';
			*o++ = (char)c;
		}
	}
	*o++ = '"';
	sb->len += (size_t)(o - s);
}

/* Read one <character-string> and write it; returns 0 or -1. */
static int
charstring(struct zs_strbuf *sb, struct zs_rd *rd)
{
	uint8_t n = zs_rd_u8(rd);
	const uint8_t *p = zs_rd_bytes(rd, n);

	if (p == NULL)
		return -1;
	put_qstring(sb, p, n);
	return 0;
}

static int
name_field(struct zs_strbuf *sb, struct zs_rd *rd)
{
	uint8_t name[ZS_DNAME_MAXLEN];
	size_t len;

	if (zs_dname_unpack(rd, name, &len) != 0)
		return -1;
	zs_dname_totext(sb, name, len);
	return 0;
}

/*
 * RFC 4034 section 4.1.2: windows in strictly increasing order, each
 * 1..32 octets long, and no trailing zero octet (BIND refuses one on
 * load, and rewriting the list from text would drop it).  Checked whole
 * before anything is written, then written as mnemonics or TYPEnnn.
 */
static bool
bitmap_ok(const uint8_t *p, size_t left)
{
	size_t i;
	int last = -1;

	for (i = 0; i < left;) {
		unsigned int w, n;

		if (left - i < 2)
			return false;
		w = p[i];
		n = p[i + 1];
		if ((int)w <= last || n < 1 || n > 32 || left - i - 2 < n ||
		    p[i + 1 + n] == 0)
			return false;
		last = (int)w;
		i += 2 + n;
	}
	return true;
}

static int
bitmap_field(struct zs_strbuf *sb, struct zs_rd *rd, bool lead_blank)
{
	size_t left = zs_rd_left(rd);
	const uint8_t *p = zs_rd_bytes(rd, left);
	size_t i;

	if (p == NULL || !bitmap_ok(p, left))
		return -1;
	for (i = 0; i < left;) {
		unsigned int w = p[i], n = p[i + 1], j, b;

		for (j = 0; j < n; j++) {
			uint8_t byte = p[i + 2 + j];

			for (b = 0; byte != 0 && b < 8; b++) {
				if ((byte & (0x80 >> b)) == 0)
					continue;
				if (lead_blank)
					zs_sb_putc(sb, ' ');
				lead_blank = true;
				zs_rrtype_totext(sb,
				    (uint16_t)(w << 8 | j << 3 | b));
			}
		}
		i += 2 + n;
	}
	return 0;
}

/*
 * Days since 1970-01-01 to a civil date: H. Hinnant's algorithm, exact
 * for the whole unsigned 32-bit range, with no gmtime() on the hot path.
 */
static void
civil_from_days(uint32_t z, unsigned int *y, unsigned int *m,
    unsigned int *d)
{
	uint32_t era, doe, yoe, doy, mp;

	z += 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/*
 * RFC 4034 section 3.2: the 14-digit form.  The value is taken as
 * unsigned seconds since 1970, so every 32-bit value has exactly one
 * form, years 1970..2106; BIND reads the date back modulo 2^32, which
 * gives the same octets whatever serial-arithmetic epoch was meant.
 */
static void
put_time(struct zs_strbuf *sb, uint32_t t)
{
	unsigned int y, mo, d, secs = t % 86400;
	char *o = zs_sb_reserve(sb, 14);

	if (o == NULL)
		return;
	civil_from_days(t / 86400, &y, &mo, &d);
	o[0] = (char)('0' + y / 1000);
	o[1] = (char)('0' + y / 100 % 10);
	o[2] = (char)('0' + y / 10 % 10);
	o[3] = (char)('0' + y % 10);
	o[4] = (char)('0' + mo / 10);
	o[5] = (char)('0' + mo % 10);
	o[6] = (char)('0' + d / 10);
	o[7] = (char)('0' + d % 10);
	o[8] = (char)('0' + secs / 36000);
	o[9] = (char)('0' + secs / 3600 % 10);
	o[10] = (char)('0' + secs % 3600 / 600);
	o[11] = (char)('0' + secs % 3600 / 60 % 10);
	o[12] = (char)('0' + secs % 60 / 10);
	o[13] = (char)('0' + secs % 10);
	sb->len += 14;
}

/* Groups of hex digits joined by sep (EUI-48/64 and ILNP locators). */
static void
put_hexgroups(struct zs_strbuf *sb, const uint8_t *p, size_t n,
    size_t group, char sep)
{
	char *o = zs_sb_reserve(sb, n * 3), *s = o;
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (i > 0 && i % group == 0)
			*o++ = sep;
		*o++ = hex_lower[p[i] >> 4];
		*o++ = hex_lower[p[i] & 0xf];
	}
	sb->len += (size_t)(o - s);
}

/*
 * RFC 8659 section 4.1: a tag is letters and digits.  BIND refuses
 * anything else (and tags over 15 octets) in text; any of it here goes
 * generic.
 */
static bool
caa_tag_ok(const uint8_t *p, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') ||
		    (p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z')))
			return false;
	return true;
}

/* Write one field; returns 0, or -1 when the RDATA is malformed. */
static int
field_totext(struct zs_strbuf *sb, struct zs_rd *rd, uint8_t f, bool blank)
{
	const uint8_t *p;
	size_t n;

	/* Fields that may write nothing handle their own blank. */
	if (f == F_STR_OPT) {
		if (zs_rd_left(rd) == 0)
			return 0;
		f = F_STR;
	}
	if (f == F_BITMAP)
		return bitmap_field(sb, rd, blank);
	if (blank)
		zs_sb_putc(sb, ' ');
	switch (f) {
	case F_U8:
		n = zs_rd_u8(rd);
		zs_sb_u32(sb, (uint32_t)n);
		break;
	case F_U16:
		n = zs_rd_u16(rd);
		zs_sb_u32(sb, (uint32_t)n);
		break;
	case F_U32:
		zs_sb_u32(sb, zs_rd_u32(rd));
		break;
	case F_TIME:
		put_time(sb, zs_rd_u32(rd));
		break;
	case F_TYPE:
		zs_rrtype_totext(sb, zs_rd_u16(rd));
		break;
	case F_IPV4:
		if ((p = zs_rd_bytes(rd, 4)) == NULL)
			return -1;
		put_ipv4(sb, p);
		break;
	case F_IPV6:
		if ((p = zs_rd_bytes(rd, 16)) == NULL)
			return -1;
		put_ipv6(sb, p);
		break;
	case F_NAME:
		return name_field(sb, rd);
	case F_STR:
		return charstring(sb, rd);
	case F_STRS:
		/* RFC 1035 3.3.14: one or more; BIND refuses none. */
		if (zs_rd_left(rd) == 0)
			return -1;
		while (zs_rd_left(rd) > 0) {
			if (charstring(sb, rd) != 0)
				return -1;
			if (zs_rd_left(rd) > 0)
				zs_sb_putc(sb, ' ');
		}
		break;
	case F_QREST:
	case F_QREST1:
		n = zs_rd_left(rd);
		if (n == 0 && f == F_QREST1)
			return -1;
		p = zs_rd_bytes(rd, n);
		put_qstring(sb, p, n);
		break;
	case F_TAG:
		n = zs_rd_u8(rd);
		if ((p = zs_rd_bytes(rd, n)) == NULL || !caa_tag_ok(p, n))
			return -1;
		zs_sb_put(sb, p, n);
		break;
	case F_B64:
	case F_HEX:
		n = zs_rd_left(rd);
		if (n == 0)
			return -1;
		p = zs_rd_bytes(rd, n);
		if (f == F_B64)
			zs_base64_encode(sb, p, n);
		else
			zs_hex_encode(sb, p, n);
		break;
	case F_SALT:
		n = zs_rd_u8(rd);
		if ((p = zs_rd_bytes(rd, n)) == NULL)
			return -1;
		if (n == 0)
			zs_sb_putc(sb, '-');
		else
			zs_hex_encode(sb, p, n);
		break;
	case F_HASH:
		n = zs_rd_u8(rd);
		if ((p = zs_rd_bytes(rd, n)) == NULL || n == 0)
			return -1;
		zs_base32hex_encode(sb, p, n);
		break;
	case F_EUI48:
	case F_EUI64:
		n = f == F_EUI48 ? 6 : 8;
		if ((p = zs_rd_bytes(rd, n)) == NULL)
			return -1;
		put_hexgroups(sb, p, n, 1, '-');
		break;
	case F_ILNP64:
		if ((p = zs_rd_bytes(rd, 8)) == NULL)
			return -1;
		put_hexgroups(sb, p, 8, 2, ':');
		break;
	default:
		return -1;
	}
	return rd->err != 0 ? -1 : 0;
}

/*
 * RFC 1876 precision octet: mantissa and power of ten, in centimetres.
 * Returns -1 for what has no text form (a digit above 9), or for a zero
 * mantissa with a non-zero exponent, which BIND would reload as 0x00.
 */
static int
loc_size(struct zs_strbuf *sb, uint8_t v)
{
	unsigned int m = v >> 4, e = v & 0xf;
	uint64_t cm;

	if (m > 9 || e > 9 || (m == 0 && e != 0))
		return -1;
	zs_sb_putc(sb, ' ');
	if (e >= 2) {
		for (cm = m; e > 2; e--)
			cm *= 10;
		zs_sb_u64(sb, cm);
	} else {
		cm = e == 1 ? m * 10 : m;
		zs_sb_put(sb, "0.", 2);
		zs_sb_putc(sb, (char)('0' + cm / 10));
		zs_sb_putc(sb, (char)('0' + cm % 10));
	}
	zs_sb_putc(sb, 'm');
	return 0;
}

/* One coordinate of RFC 1876: thousandths of arc seconds from 2^31. */
static int
loc_coord(struct zs_strbuf *sb, uint32_t v, uint32_t maxdeg, char pos,
    char neg)
{
	uint32_t a, ms;
	char hemi = pos;

	if (v >= 0x80000000U) {
		a = v - 0x80000000U;
	} else {
		a = 0x80000000U - v;
		hemi = neg;
	}
	if (a > maxdeg * 3600000U)
		return -1;
	ms = a % 1000;
	a /= 1000;
	zs_sb_u32(sb, a / 3600);
	zs_sb_putc(sb, ' ');
	zs_sb_u32(sb, a / 60 % 60);
	zs_sb_putc(sb, ' ');
	zs_sb_u32(sb, a % 60);
	zs_sb_putc(sb, '.');
	zs_sb_putc(sb, (char)('0' + ms / 100));
	zs_sb_putc(sb, (char)('0' + ms / 10 % 10));
	zs_sb_putc(sb, (char)('0' + ms % 10));
	zs_sb_putc(sb, ' ');
	zs_sb_putc(sb, hemi);
	return 0;
}

/* RFC 1876 section 3, in the form BIND writes. */
static int
loc_totext(struct zs_strbuf *sb, struct zs_rd *rd)
{
	uint8_t ver = zs_rd_u8(rd), size = zs_rd_u8(rd);
	uint8_t hp = zs_rd_u8(rd), vp = zs_rd_u8(rd);
	uint32_t lat = zs_rd_u32(rd), lon = zs_rd_u32(rd);
	uint32_t alt = zs_rd_u32(rd), a;

	if (rd->err != 0 || ver != 0)
		return -1;
	if (loc_coord(sb, lat, 90, 'N', 'S') != 0)
		return -1;
	zs_sb_putc(sb, ' ');
	if (loc_coord(sb, lon, 180, 'E', 'W') != 0)
		return -1;
	/* Altitude: centimetres above 100,000 m below the WGS 84 sphere. */
	zs_sb_putc(sb, ' ');
	if (alt < 10000000U) {
		zs_sb_putc(sb, '-');
		a = 10000000U - alt;
	} else {
		a = alt - 10000000U;
	}
	zs_sb_u32(sb, a / 100);
	zs_sb_putc(sb, '.');
	zs_sb_putc(sb, (char)('0' + a % 100 / 10));
	zs_sb_putc(sb, (char)('0' + a % 10));
	zs_sb_putc(sb, 'm');
	if (loc_size(sb, size) != 0 || loc_size(sb, hp) != 0 ||
	    loc_size(sb, vp) != 0)
		return -1;
	return 0;
}

/* RFC 9460 section 14.3.2 key names, as BIND 9.18 reads them. */
static void
svc_key(struct zs_strbuf *sb, uint16_t key)
{
	static const char *const names[] = { "mandatory", "alpn",
	    "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint" };

	if (key < sizeof(names) / sizeof(names[0])) {
		zs_sb_puts(sb, names[key]);
	} else {
		zs_sb_put(sb, "key", 3);
		zs_sb_u32(sb, key);
	}
}

/*
 * True if the octets can go inside quotes with no escape at all, and
 * without a comma or backslash, which BIND gives a second meaning in
 * value lists (RFC 9460 appendix A.1).  Anything else in an alpn id makes
 * the whole RR generic: correctness over prettiness.
 */
static bool
svc_plain(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] <= 0x20 || p[i] >= 0x7f || p[i] == '"' ||
		    p[i] == '\\' || p[i] == ',')
			return false;
	return true;
}

/* True if key is among the SvcParams of the RDATA window params. */
static bool
svc_has_key(const uint8_t *params, size_t len, uint16_t key)
{
	size_t i = 0;

	while (i + 4 <= len) {
		uint16_t k = zs_be16(params + i);

		if (k == key)
			return true;
		i += 4 + zs_be16(params + i + 2);
	}
	return false;
}

static int
svc_value(struct zs_strbuf *sb, uint16_t key, const uint8_t *v, size_t n,
    const uint8_t *params, size_t plen)
{
	size_t i;

	switch (key) {
	case 0:
		/*
		 * mandatory: keys in strictly increasing order, never 0
		 * itself, each present (RFC 9460 section 8); BIND checks
		 * all of that only when loading text.
		 */
		if (n == 0 || n % 2 != 0)
			return -1;
		for (i = 0; i < n; i += 2) {
			uint16_t k = zs_be16(v + i);

			if (k == 0 || (i > 0 && k <= zs_be16(v + i - 2)) ||
			    !svc_has_key(params, plen, k))
				return -1;
			zs_sb_putc(sb, i == 0 ? '=' : ',');
			svc_key(sb, k);
		}
		return 0;
	case 1:
		if (n == 0)
			return -1;
		zs_sb_put(sb, "=\"", 2);
		for (i = 0; i < n;) {
			size_t l = v[i];

			if (l == 0 || n - i - 1 < l || !svc_plain(v + i + 1, l))
				return -1;
			if (i > 0)
				zs_sb_putc(sb, ',');
			zs_sb_put(sb, v + i + 1, l);
			i += 1 + l;
		}
		zs_sb_putc(sb, '"');
		return 0;
	case 2:
		return n == 0 ? 0 : -1;
	case 3:
		if (n != 2)
			return -1;
		zs_sb_putc(sb, '=');
		zs_sb_u32(sb, zs_be16(v));
		return 0;
	case 4:
	case 6:
		if (n == 0 || n % (key == 4 ? 4 : 16) != 0)
			return -1;
		for (i = 0; i < n; i += key == 4 ? 4 : 16) {
			zs_sb_putc(sb, i == 0 ? '=' : ',');
			if (key == 4)
				put_ipv4(sb, v + i);
			else
				put_ipv6(sb, v + i);
		}
		return 0;
	case 5:
		if (n == 0)
			return -1;
		zs_sb_putc(sb, '=');
		zs_base64_encode(sb, v, n);
		return 0;
	default:
		/*
		 * Opaque values (RFC 9460 section 2.1), and dohpath (key7,
		 * RFC 9461) written as BIND writes it; no value, no '='.
		 */
		if (n == 0)
			return 0;
		zs_sb_putc(sb, '=');
		put_qstring(sb, v, n);
		return 0;
	}
}

/* RFC 9460 section 2.2: priority, target, then SvcParams. */
static int
svcb_totext(struct zs_strbuf *sb, struct zs_rd *rd)
{
	const uint8_t *params;
	size_t plen, i;
	int last = -1;

	zs_sb_u32(sb, zs_rd_u16(rd));
	zs_sb_putc(sb, ' ');
	if (name_field(sb, rd) != 0)
		return -1;
	plen = zs_rd_left(rd);
	params = zs_rd_bytes(rd, plen);
	if (params == NULL)
		return -1;
	for (i = 0; i < plen;) {
		uint16_t key, n;

		if (plen - i < 4)
			return -1;
		key = zs_be16(params + i);
		n = zs_be16(params + i + 2);
		/* Section 2.2: keys strictly increasing, no repeats. */
		if ((int)key <= last || plen - i - 4 < n)
			return -1;
		last = key;
		zs_sb_putc(sb, ' ');
		svc_key(sb, key);
		if (svc_value(sb, key, params + i + 4, n, params, plen) != 0)
			return -1;
		i += 4 + (size_t)n;
	}
	return 0;
}

/* RFC 4025 section 2: gateway type 0 none, 1 IPv4, 2 IPv6, 3 name. */
static int
gateway(struct zs_strbuf *sb, struct zs_rd *rd, unsigned int gwtype)
{
	const uint8_t *p;

	switch (gwtype) {
	case 0:
		zs_sb_putc(sb, '.');
		return 0;
	case 1:
		if ((p = zs_rd_bytes(rd, 4)) == NULL)
			return -1;
		put_ipv4(sb, p);
		return 0;
	case 2:
		if ((p = zs_rd_bytes(rd, 16)) == NULL)
			return -1;
		put_ipv6(sb, p);
		return 0;
	case 3:
		return name_field(sb, rd);
	default:
		return -1;
	}
}

static int
ipseckey_totext(struct zs_strbuf *sb, struct zs_rd *rd)
{
	uint8_t prec = zs_rd_u8(rd), gwtype = zs_rd_u8(rd);
	uint8_t alg = zs_rd_u8(rd);

	if (rd->err != 0)
		return -1;
	zs_sb_u32(sb, prec);
	zs_sb_putc(sb, ' ');
	zs_sb_u32(sb, gwtype);
	zs_sb_putc(sb, ' ');
	zs_sb_u32(sb, alg);
	zs_sb_putc(sb, ' ');
	if (gateway(sb, rd, gwtype) != 0)
		return -1;
	/* An absent key has no text form we have verified: generic. */
	return field_totext(sb, rd, F_B64, true);
}

/* RFC 8777 section 4: precedence, D bit, type, relay. */
static int
amtrelay_totext(struct zs_strbuf *sb, struct zs_rd *rd)
{
	uint8_t prec = zs_rd_u8(rd), dtype = zs_rd_u8(rd);

	if (rd->err != 0 || (dtype & 0x7f) > 3)
		return -1;
	zs_sb_u32(sb, prec);
	zs_sb_putc(sb, ' ');
	zs_sb_putc(sb, (dtype & 0x80) != 0 ? '1' : '0');
	zs_sb_putc(sb, ' ');
	zs_sb_u32(sb, dtype & 0x7fu);
	zs_sb_putc(sb, ' ');
	return gateway(sb, rd, dtype & 0x7fu);
}

void
zs_rdata_generic(struct zs_strbuf *sb, const uint8_t *p, size_t len)
{
	/* RFC 3597 section 5; "\# 0" is the whole form of empty data. */
	zs_sb_put(sb, "\\# ", 3);
	zs_sb_u64(sb, len);
	if (len > 0) {
		zs_sb_putc(sb, ' ');
		zs_hex_encode(sb, p, len);
	}
}

int
zs_rdata_totext(struct zs_strbuf *sb, uint16_t type, struct zs_rd rdata)
{
	size_t start = sb->len, i;
	const uint8_t *desc;
	zs_rdata_fn fn;
	int bad = 0;

	if (sb->err != 0)
		return sb->err;
	/*
	 * A cursor already in error has no octets we could dump faithfully;
	 * writing "\# 0" would silently change the record, so fail instead.
	 */
	if (rdata.err != 0 || rdata.end > rdata.msglen ||
	    rdata.pos > rdata.end)
		return ZS_EINVAL;
	desc = descriptor(type, &fn);
	/* No type we write has an empty typed form (see rdata.h). */
	if (zs_rd_left(&rdata) == 0 || (desc == NULL && fn == NULL)) {
		bad = 1;
	} else {
		struct zs_rd rd = rdata;

		if (fn != NULL) {
			bad = fn(sb, &rd) != 0;
		} else {
			for (i = 0; desc[i] != F_END && !bad; i++)
				bad = field_totext(sb, &rd, desc[i],
				    i > 0) != 0;
		}
		/* Every octet must be accounted for. */
		if (rd.err != 0 || zs_rd_left(&rd) != 0)
			bad = 1;
	}
	if (sb->err != 0)
		return sb->err;
	if (!bad)
		return 0;
	sb->len = start;
	zs_rdata_generic(sb, rdata.msg + rdata.pos, rdata.end - rdata.pos);
	return sb->err != 0 ? sb->err : 1;
}

/*
 * Types BIND reads in class IN only (its rdata/in_1 directory), and A,
 * whose CHAOS form (a name and a 16-bit address) differs: in any other
 * class named knows them only in the generic form.  HS A is IN's form.
 */
static bool
in_only(uint16_t rrclass, uint16_t type)
{
	switch (type) {
	case ZS_TYPE_A:
		return rrclass != ZS_CLASS_IN && rrclass != ZS_CLASS_HS;
	case ZS_TYPE_WKS: case ZS_TYPE_NSAP: case ZS_TYPE_NSAP_PTR:
	case ZS_TYPE_PX: case ZS_TYPE_AAAA: case 31 /* EID */:
	case 32 /* NIMLOC */: case ZS_TYPE_SRV: case 34 /* ATMA */:
	case ZS_TYPE_KX: case ZS_TYPE_A6: case ZS_TYPE_APL:
	case ZS_TYPE_DHCID: case ZS_TYPE_SVCB: case ZS_TYPE_HTTPS:
		return rrclass != ZS_CLASS_IN;
	default:
		return false;
	}
}

int
zs_rdata_totext_class(struct zs_strbuf *sb, uint16_t rrclass, uint16_t type,
    struct zs_rd rdata)
{
	uint8_t buf[ZS_DNAME_MAXLEN + 2];
	struct zs_rd rd = rdata;
	size_t n;

	if (!in_only(rrclass, type))
		return zs_rdata_totext(sb, type, rdata);
	if (sb->err != 0)
		return sb->err;
	if (rdata.err != 0 || rdata.end > rdata.msglen ||
	    rdata.pos > rdata.end)
		return ZS_EINVAL;
	/* CHAOS A's name may be compressed (BIND does): expand it. */
	if (type == ZS_TYPE_A && rrclass == ZS_CLASS_CH &&
	    zs_dname_unpack(&rd, buf, &n) == 0 && zs_rd_left(&rd) == 2) {
		memcpy(buf + n, rd.msg + rd.pos, 2);
		zs_rdata_generic(sb, buf, n + 2);
	} else
		zs_rdata_generic(sb, rdata.msg + rdata.pos,
		    rdata.end - rdata.pos);
	return sb->err != 0 ? sb->err : 1;
}

/*
 * One field by the wire rules BIND's fromwire applies, not by what its
 * text form needs: a field with no text form (an empty base64 key) is
 * still well formed.  Returns 0 or -1.
 */
static int
field_check(struct zs_rd *rd, uint8_t f)
{
	uint8_t name[ZS_DNAME_MAXLEN];
	const uint8_t *p;
	size_t n;

	switch (f) {
	case F_U8:
		(void)zs_rd_u8(rd);
		break;
	case F_U16:
	case F_TYPE:
		(void)zs_rd_u16(rd);
		break;
	case F_U32:
	case F_TIME:
		(void)zs_rd_u32(rd);
		break;
	case F_IPV4:
		return zs_rd_bytes(rd, 4) != NULL ? 0 : -1;
	case F_IPV6:
		return zs_rd_bytes(rd, 16) != NULL ? 0 : -1;
	case F_EUI48:
		return zs_rd_bytes(rd, 6) != NULL ? 0 : -1;
	case F_EUI64:
	case F_ILNP64:
		return zs_rd_bytes(rd, 8) != NULL ? 0 : -1;
	case F_NAME:
		return zs_dname_unpack(rd, name, &n) == 0 ? 0 : -1;
	case F_STR_OPT:
		if (zs_rd_left(rd) == 0)
			return 0;
		/* FALLTHROUGH */
	case F_STR:
	case F_SALT:
	case F_HASH:
		n = zs_rd_u8(rd);
		return zs_rd_bytes(rd, n) != NULL ? 0 : -1;
	case F_STRS:
		/* RFC 1035 3.3.14: one or more. */
		if (zs_rd_left(rd) == 0)
			return -1;
		while (zs_rd_left(rd) > 0) {
			n = zs_rd_u8(rd);
			if (zs_rd_bytes(rd, n) == NULL)
				return -1;
		}
		break;
	case F_TAG:
		n = zs_rd_u8(rd);
		p = zs_rd_bytes(rd, n);
		return p != NULL && caa_tag_ok(p, n) ? 0 : -1;
	case F_BITMAP:
		n = zs_rd_left(rd);
		p = zs_rd_bytes(rd, n);
		return p != NULL && bitmap_ok(p, n) ? 0 : -1;
	default:		/* the rest of the RDATA, any length */
		(void)zs_rd_bytes(rd, zs_rd_left(rd));
		break;
	}
	return rd->err != 0 ? -1 : 0;
}

int
zs_rdata_check(uint16_t rrclass, uint16_t type, struct zs_rd rdata)
{
	const uint8_t *desc;
	zs_rdata_fn fn;
	size_t i;

	if (rdata.err != 0 || rdata.end > rdata.msglen ||
	    rdata.pos > rdata.end)
		return ZS_EINVAL;
	/* Outside class IN these are opaque to BIND too. */
	if (in_only(rrclass, type))
		return 0;
	if ((desc = descriptor(type, &fn)) == NULL)
		return 0;
	for (i = 0; desc[i] != F_END; i++)
		if (field_check(&rdata, desc[i]) != 0)
			return ZS_EBADRDATA;
	return rdata.err == 0 && zs_rd_left(&rdata) == 0 ? 0 : ZS_EBADRDATA;
}

static const uint8_t d_ch_a[] = { F_NAME, F_U16, F_END };

int
zs_rdata_towire(uint16_t rrclass, uint16_t type, struct zs_rd rdata,
    uint8_t *out, size_t cap, size_t *outlen, unsigned int flags)
{
	struct zs_wr wr;
	uint8_t name[ZS_DNAME_MAXLEN];
	const uint8_t *desc;
	zs_rdata_fn fn;
	size_t i, n, start;

	if (rdata.err != 0 || rdata.end > rdata.msglen ||
	    rdata.pos > rdata.end)
		return ZS_EINVAL;
	wr = zs_wr_init(out, cap);
	if (type == ZS_TYPE_A && rrclass == ZS_CLASS_CH)
		desc = d_ch_a;
	else if (in_only(rrclass, type))
		desc = NULL;
	else
		desc = descriptor(type, &fn);
	if (desc == NULL) {
		n = zs_rd_left(&rdata);
		zs_wr_bytes(&wr, rdata.msg + rdata.pos, n);
		goto out;
	}
	for (i = 0; desc[i] != F_END; i++) {
		if (desc[i] != F_NAME) {
			start = rdata.pos;
			if (field_check(&rdata, desc[i]) != 0)
				return ZS_EBADRDATA;
			zs_wr_bytes(&wr, rdata.msg + start, rdata.pos - start);
			continue;
		}
		if (zs_dname_unpack(&rdata, name, &n) != 0)
			return ZS_EBADRDATA;
		if (flags & ZS_RDATA_LOWER)
			zs_dname_lower(name, n);
		zs_wr_bytes(&wr, name, n);
	}
	if (rdata.err != 0 || zs_rd_left(&rdata) != 0)
		return ZS_EBADRDATA;
out:
	if (wr.err != 0)
		return ZS_ESPACE;
	*outlen = wr.pos;
	return 0;
}
