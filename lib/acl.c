/*
 * acl.c - BIND-style address match lists (the subset allow-notify needs).
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "acl.h"
#include "addr.h"
#include "dname.h"
#include "err.h"

static void
lower_name(uint8_t *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] >= 'A' && w[i] <= 'Z')
			w[i] = (uint8_t)(w[i] + 32);
}

int
zs_acl_parse(const char *text, struct zs_acl_elem *out)
{
	struct zs_acl_elem e;
	struct zs_addr a;
	char buf[128], *slash;
	size_t n, bits, i;

	memset(&e, 0, sizeof(e));
	while (*text == ' ')
		text++;
	if (*text == '!') {
		e.negate = true;
		text++;
		while (*text == ' ')
			text++;
	}
	if (strcasecmp(text, "any") == 0)
		e.kind = ZS_ACL_ANY;
	else if (strcasecmp(text, "none") == 0)
		e.kind = ZS_ACL_NONE;
	else if (strncasecmp(text, "key", 3) == 0 && (text[3] == ' ' ||
	    text[3] == '"')) {
		const char *s = text + 3, *q;

		while (*s == ' ')
			s++;
		if (*s == '"')
			s++;
		q = s + strcspn(s, "\"");
		if (q == s || zs_dname_from_text(s, (size_t)(q - s), NULL, 0,
		    e.key, &e.keylen) != 0)
			return ZS_ESYNTAX;
		lower_name(e.key, e.keylen);
		e.kind = ZS_ACL_KEY;
	} else {
		if ((n = strlen(text)) >= sizeof(buf))
			return ZS_ESYNTAX;
		memcpy(buf, text, n + 1);
		e.kind = ZS_ACL_NET;
		bits = 0;
		if ((slash = strchr(buf, '/')) != NULL) {
			char *end;

			*slash = '\0';
			bits = strtoul(slash + 1, &end, 10);
			if (*end != '\0' || end == slash + 1)
				return ZS_ESYNTAX;
		}
		if (zs_addr_parse_host(buf, strlen(buf), 0, &a) != 0)
			return ZS_ESYNTAX;
		e.family = a.ss.ss_family;
		if (e.family == AF_INET) {
			memcpy(e.net, &((const struct sockaddr_in *)&a.ss)->
			    sin_addr, 4);
			e.prefix = slash != NULL ? (unsigned)bits : 32;
			if (e.prefix > 32)
				return ZS_ESYNTAX;
		} else {
			memcpy(e.net, &((const struct sockaddr_in6 *)&a.ss)->
			    sin6_addr, 16);
			e.prefix = slash != NULL ? (unsigned)bits : 128;
			if (e.prefix > 128)
				return ZS_ESYNTAX;
		}
		/* Clear host bits so matching is a plain prefix compare. */
		for (i = 0; i < 16; i++) {
			unsigned lo = (unsigned)i * 8;

			if (lo >= e.prefix)
				e.net[i] = 0;
			else if (lo + 8 > e.prefix)
				e.net[i] &= (uint8_t)(0xff << (8 - (e.prefix -
				    lo)));
		}
	}
	*out = e;
	return 0;
}

static bool
net_match(const struct zs_acl_elem *e, const struct sockaddr *src)
{
	const uint8_t *a;
	uint8_t v4[4];
	unsigned full, rest;

	/* An IPv4 element matches IPv4-mapped IPv6 sources too. */
	if (e->family == AF_INET) {
		if (!zs_addr_ipv4(src, v4))
			return false;
		a = v4;
	} else if (src->sa_family == AF_INET6)
		a = ((const struct sockaddr_in6 *)(const void *)src)->
		    sin6_addr.s6_addr;
	else
		return false;
	full = e->prefix / 8;
	rest = e->prefix % 8;
	if (memcmp(a, e->net, full) != 0)
		return false;
	return rest == 0 ||
	    (a[full] & (uint8_t)(0xff << (8 - rest))) == e->net[full];
}

bool
zs_acl_allows(const struct zs_acl_elem *acl, size_t n,
    const struct sockaddr *src, const uint8_t *key, size_t keylen)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct zs_acl_elem *e = &acl[i];
		bool m;

		switch (e->kind) {
		case ZS_ACL_ANY:
			m = true;
			break;
		case ZS_ACL_NONE:
			m = false;
			break;
		case ZS_ACL_KEY:
			m = key != NULL && zs_dname_eq_nocase(key, keylen,
			    e->key, e->keylen);
			break;
		default:
			m = net_match(e, src);
			break;
		}
		/* "none" never matches; "!none" means nothing either. */
		if (e->kind == ZS_ACL_NONE)
			continue;
		if (m)
			return !e->negate;
	}
	return false;
}
