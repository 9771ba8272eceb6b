/*
 * dname.c - domain names in wire and presentation form.
 *
 * Limits are those of RFC 1035 section 3.1 (255 octets, 63-octet labels)
 * and RFC 1035 section 4.1.4 for compression.  A pointer may only point
 * strictly before the label sequence it is part of, so a chain of
 * pointers strictly decreases and cannot loop; the hop cap bounds the
 * work on top of that.
 */
#include <string.h>

#include "dname.h"

int
zs_dname_unpack(struct zs_rd *rd, uint8_t *out, size_t *outlen)
{
	const uint8_t *msg = rd->msg;
	size_t pos, start, after = 0, n = 0;
	unsigned int hops = 0, labels = 0;
	uint8_t tmp[ZS_DNAME_MAXLEN];

	if (rd->err != 0)
		return rd->err;
	pos = start = rd->pos;
	for (;;) {
		uint8_t c;

		/*
		 * The first label must lie inside the cursor's window; after
		 * a pointer, anywhere before the pointer target's limit.
		 */
		if (pos >= (hops == 0 ? rd->end : rd->msglen))
			goto trunc;
		c = msg[pos];
		if ((c & 0xc0) == 0xc0) {
			size_t target;

			if (pos + 1 >= (hops == 0 ? rd->end : rd->msglen))
				goto trunc;
			target = (size_t)(c & 0x3f) << 8 | msg[pos + 1];
			if (hops == 0)
				after = pos + 2;
			/* Strictly backwards from where this sequence began. */
			if (target >= start || ++hops > ZS_DNAME_MAXHOPS) {
				zs_rd_fail(rd, ZS_ELOOP);
				return rd->err;
			}
			pos = start = target;
			continue;
		}
		if ((c & 0xc0) != 0) {
			zs_rd_fail(rd, ZS_EBADNAME);
			return rd->err;
		}
		if (pos + 1 + c > (hops == 0 ? rd->end : rd->msglen))
			goto trunc;
		if (n + 1 + c > ZS_DNAME_MAXLEN || ++labels > ZS_DNAME_MAXLABELS) {
			zs_rd_fail(rd, ZS_ENAMELEN);
			return rd->err;
		}
		memcpy(tmp + n, msg + pos, (size_t)c + 1);
		n += (size_t)c + 1;
		pos += (size_t)c + 1;
		if (c == 0)
			break;
	}
	rd->pos = hops == 0 ? pos : after;
	memcpy(out, tmp, n);
	*outlen = n;
	return 0;
trunc:
	zs_rd_fail(rd, ZS_ETRUNC);
	return rd->err;
}

int
zs_dname_check(const uint8_t *name, size_t len)
{
	size_t pos = 0, labels = 0;

	if (len == 0 || len > ZS_DNAME_MAXLEN)
		return len == 0 ? ZS_EBADNAME : ZS_ENAMELEN;
	while (pos < len) {
		uint8_t c = name[pos];

		if (c > ZS_DNAME_MAXLABEL)
			return ZS_EBADNAME;
		if (++labels > ZS_DNAME_MAXLABELS)
			return ZS_ENAMELEN;
		if (c == 0)
			return pos + 1 == len ? 0 : ZS_EBADNAME;
		pos += (size_t)c + 1;
	}
	return ZS_EBADNAME;
}

/*
 * Per-octet escape class for presentation text: 0 literal, 1 backslash
 * before the character, 2 \DDD.  The set matches what BIND writes, so
 * our files read like named's own dumps.
 */
static const uint8_t esc_class[256] = {
	[0 ... 0x20] = 2,
	['"'] = 1, ['$'] = 1, ['('] = 1, [')'] = 1, ['.'] = 1, [';'] = 1,
	['@'] = 1, ['\\'] = 1,
	[0x7f ... 0xff] = 2,
};

/* Append one label's text; returns nothing, errors stick in sb. */
static void
label_totext(struct zs_strbuf *sb, const uint8_t *p, size_t n)
{
	/* Worst case 4 output bytes per octet. */
	char *o = zs_sb_reserve(sb, n * 4);
	char *start = o;
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < n; i++) {
		uint8_t c = p[i];

		switch (esc_class[c]) {
		case 0:
			*o++ = (char)c;
			break;
		case 1:
			*o++ = '\\';
			*o++ = (char)c;
			break;
		default:
			*o++ = '\\';
			*o++ = (char)('0' + c / 100);
			*o++ = (char)('0' + c / 10 % 10);
			*o++ = (char)('0' + c % 10);
			break;
		}
	}
	sb->len += (size_t)(o - start);
}

void
zs_dname_totext(struct zs_strbuf *sb, const uint8_t *name, size_t len)
{
	size_t pos = 0;

	(void)len;
	if (name[0] == 0) {
		zs_sb_putc(sb, '.');
		return;
	}
	while (name[pos] != 0) {
		label_totext(sb, name + pos + 1, name[pos]);
		zs_sb_putc(sb, '.');
		pos += (size_t)name[pos] + 1;
	}
}

void
zs_dname_totext_labels(struct zs_strbuf *sb, const uint8_t *name,
    size_t nlabels)
{
	size_t pos = 0, i;

	for (i = 0; i < nlabels && name[pos] != 0; i++) {
		if (i > 0)
			zs_sb_putc(sb, '.');
		label_totext(sb, name + pos + 1, name[pos]);
		pos += (size_t)name[pos] + 1;
	}
}

static int
digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : -1;
}

int
zs_dname_from_text(const char *text, size_t len, const uint8_t *origin,
    size_t originlen, uint8_t *out, size_t *outlen)
{
	uint8_t buf[ZS_DNAME_MAXLEN + ZS_DNAME_MAXLABEL + 2];
	size_t n = 0, lstart = 0, i = 0;
	int absolute = 0;

	if (len == 0)
		return ZS_ESYNTAX;
	if (len == 1 && text[0] == '@')
		goto append_origin;
	if (len == 1 && text[0] == '.') {
		out[0] = 0;
		*outlen = 1;
		return 0;
	}
	buf[0] = 0;
	n = 1;
	while (i < len) {
		char c = text[i++];
		int v;

		if (c == '.') {
			if (n - lstart == 1)	/* empty label */
				return ZS_ESYNTAX;
			buf[lstart] = (uint8_t)(n - lstart - 1);
			if (i == len) {
				absolute = 1;
				break;
			}
			lstart = n;
			buf[n++] = 0;
			continue;
		}
		if (c == '\\') {
			if (i >= len)
				return ZS_ESYNTAX;
			if (digit(text[i]) >= 0) {
				if (i + 2 >= len)
					return ZS_ESYNTAX;
				if (digit(text[i + 1]) < 0 ||
				    digit(text[i + 2]) < 0)
					return ZS_ESYNTAX;
				v = digit(text[i]) * 100 +
				    digit(text[i + 1]) * 10 + digit(text[i + 2]);
				if (v > 255)
					return ZS_ESYNTAX;
				c = (char)v;
				i += 3;
			} else
				c = text[i++];
		}
		if (n - lstart > ZS_DNAME_MAXLABEL)
			return ZS_ELABELLEN;
		if (n >= ZS_DNAME_MAXLEN)
			return ZS_ENAMELEN;
		buf[n++] = (uint8_t)c;
	}
	if (!absolute) {
		if (n - lstart == 1)
			return ZS_ESYNTAX;
		buf[lstart] = (uint8_t)(n - lstart - 1);
	}
	if (absolute || origin == NULL) {
		if (n + 1 > ZS_DNAME_MAXLEN)
			return ZS_ENAMELEN;
		buf[n++] = 0;
		goto done;
	}
append_origin:
	if (origin == NULL) {
		origin = (const uint8_t *)"";
		originlen = 1;
	}
	if (n + originlen > ZS_DNAME_MAXLEN)
		return ZS_ENAMELEN;
	memcpy(buf + n, origin, originlen);
	n += originlen;
done:
	if (zs_dname_check(buf, n) != 0)
		return ZS_ENAMELEN;
	memcpy(out, buf, n);
	*outlen = n;
	return 0;
}

size_t
zs_dname_labels(const uint8_t *name, size_t len)
{
	size_t pos = 0, n = 0;

	while (pos < len) {
		n++;
		if (name[pos] == 0)
			break;
		pos += (size_t)name[pos] + 1;
	}
	return n;
}

static inline uint8_t
lower(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c;
}

static bool
eq_nocase(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lower(a[i]) != lower(b[i]))
			return false;
	return true;
}

bool
zs_dname_eq_nocase(const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen)
{
	return alen == blen && eq_nocase(a, b, alen);
}

/*
 * Offset in name where its last `keep` labels (root included) start, or
 * -1.  Walking from the left keeps this a single pass.
 */
static long
suffix_offset(const uint8_t *name, size_t nlen, size_t keep)
{
	size_t total = zs_dname_labels(name, nlen), pos = 0, i;

	if (keep > total)
		return -1;
	for (i = 0; i < total - keep; i++)
		pos += (size_t)name[pos] + 1;
	return (long)pos;
}

bool
zs_dname_is_subdomain(const uint8_t *name, size_t nlen, const uint8_t *zone,
    size_t zlen)
{
	long off;

	if (nlen < zlen)
		return false;
	off = suffix_offset(name, nlen, zs_dname_labels(zone, zlen));
	if (off < 0 || nlen - (size_t)off != zlen)
		return false;
	return eq_nocase(name + off, zone, zlen);
}

int
zs_dname_rel_labels(const uint8_t *name, size_t nlen, const uint8_t *origin,
    size_t olen)
{
	size_t olabels;
	long off;

	if (nlen < olen)
		return -1;
	olabels = zs_dname_labels(origin, olen);
	off = suffix_offset(name, nlen, olabels);
	if (off < 0 || nlen - (size_t)off != olen ||
	    memcmp(name + off, origin, olen) != 0)
		return -1;
	return (int)(zs_dname_labels(name, nlen) - olabels);
}

int
zs_dname_cmp_canonical(const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen)
{
	size_t aoff[ZS_DNAME_MAXLABELS], boff[ZS_DNAME_MAXLABELS];
	size_t na = 0, nb = 0, pos;

	for (pos = 0; pos < alen && a[pos] != 0; pos += (size_t)a[pos] + 1)
		aoff[na++] = pos;
	for (pos = 0; pos < blen && b[pos] != 0; pos += (size_t)b[pos] + 1)
		boff[nb++] = pos;
	/* RFC 4034 6.1: compare labels from the most significant end. */
	while (na > 0 && nb > 0) {
		const uint8_t *la = a + aoff[--na], *lb = b + boff[--nb];
		size_t n = la[0] < lb[0] ? la[0] : lb[0], i;

		for (i = 1; i <= n; i++) {
			uint8_t ca = lower(la[i]), cb = lower(lb[i]);

			if (ca != cb)
				return ca < cb ? -1 : 1;
		}
		if (la[0] != lb[0])
			return la[0] < lb[0] ? -1 : 1;
	}
	if (na == nb)
		return 0;
	return na < nb ? -1 : 1;
}

void
zs_dname_filename(const uint8_t *name, char *buf)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i = 0, j, o = 0;

	if (name[0] == 0) {
		memcpy(buf, "root.zone", sizeof("root.zone"));
		return;
	}
	while (name[i] != 0) {
		if (i > 0)
			buf[o++] = '.';
		for (j = 1; j <= name[i]; j++) {
			uint8_t c = name[i + j];

			if (c >= 'A' && c <= 'Z')
				c = (uint8_t)(c - 'A' + 'a');
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			    c == '-' || c == '_') {
				buf[o++] = (char)c;
			} else {
				buf[o++] = '%';
				buf[o++] = hex[c >> 4];
				buf[o++] = hex[c & 15];
			}
		}
		i += (size_t)name[i] + 1;
	}
	memcpy(buf + o, ".zone", sizeof(".zone"));
}

void
zs_dname_lower(uint8_t *name, size_t len)
{
	size_t i = 0, n;

	while (i < len && (n = name[i]) != 0) {
		for (i++; n > 0 && i < len; n--, i++)
			if (name[i] >= 'A' && name[i] <= 'Z')
				name[i] += 'a' - 'A';
	}
}
