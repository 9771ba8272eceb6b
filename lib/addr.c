/*
 * addr.c - address literals with ports.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "err.h"

int
zs_addr_parse(const char *text, uint16_t port, struct zs_addr *out)
{
	const char *hash;
	size_t n;

	hash = strchr(text, '#');
	n = hash != NULL ? (size_t)(hash - text) : strlen(text);
	if (hash != NULL) {
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(hash + 1, &end, 10);
		if (errno != 0 || *end != '\0' || end == hash + 1 ||
		    v > 65535)
			return ZS_ESYNTAX;
		port = (uint16_t)v;
	}
	return zs_addr_parse_host(text, n, port, out);
}

int
zs_addr_parse_host(const char *text, size_t len, uint16_t port,
    struct zs_addr *out)
{
	char buf[ZS_ADDR_TEXTLEN];
	struct zs_addr a;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&a.ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&a.ss;
	void *host;

	if (len == 0 || len >= sizeof(buf))
		return ZS_ESYNTAX;
	memcpy(buf, text, len);
	buf[len] = '\0';
	memset(&a, 0, sizeof(a));
	/* Only IPv6 has colons; inet_pton() judges the rest. */
	if (memchr(buf, ':', len) != NULL) {
		a.ss.ss_family = AF_INET6;
		host = &s6->sin6_addr;
		a.len = sizeof(*s6);
	} else {
		a.ss.ss_family = AF_INET;
		host = &s4->sin_addr;
		a.len = sizeof(*s4);
	}
	if (inet_pton(a.ss.ss_family, buf, host) != 1)
		return ZS_ESYNTAX;
	zs_addr_setport(&a, port);
	*out = a;
	return 0;
}

int
zs_addr_from_sockaddr(const struct sockaddr *sa, struct zs_addr *out)
{
	struct zs_addr a;

	memset(&a, 0, sizeof(a));
	if (sa->sa_family == AF_INET)
		a.len = sizeof(struct sockaddr_in);
	else if (sa->sa_family == AF_INET6)
		a.len = sizeof(struct sockaddr_in6);
	else
		return ZS_EINVAL;
	memcpy(&a.ss, sa, a.len);
	*out = a;
	return 0;
}

bool
zs_addr_eq(const struct zs_addr *a, const struct zs_addr *b)
{
	if (a->ss.ss_family != b->ss.ss_family)
		return false;
	if (a->ss.ss_family == AF_INET) {
		const struct sockaddr_in *x = (const struct sockaddr_in *)&a->ss;
		const struct sockaddr_in *y = (const struct sockaddr_in *)&b->ss;

		return x->sin_port == y->sin_port &&
		    x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	if (a->ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *x =
		    (const struct sockaddr_in6 *)&a->ss;
		const struct sockaddr_in6 *y =
		    (const struct sockaddr_in6 *)&b->ss;

		return x->sin6_port == y->sin6_port &&
		    x->sin6_scope_id == y->sin6_scope_id &&
		    memcmp(&x->sin6_addr, &y->sin6_addr,
		    sizeof(x->sin6_addr)) == 0;
	}
	return false;
}

bool
zs_addr_same_host(const struct zs_addr *a, const struct zs_addr *b)
{
	const struct sockaddr *sa = (const struct sockaddr *)&a->ss;
	const struct sockaddr *sb = (const struct sockaddr *)&b->ss;
	uint8_t x[4], y[4];
	bool ax = zs_addr_ipv4(sa, x), by = zs_addr_ipv4(sb, y);

	/*
	 * A dual-stack socket reports an IPv4 peer as ::ffff:a.b.c.d: the
	 * same host as a.b.c.d written in the config.
	 */
	if (ax || by)
		return ax && by && memcmp(x, y, 4) == 0;
	if (sa->sa_family == AF_INET6 && sb->sa_family == AF_INET6) {
		const struct sockaddr_in6 *p =
		    (const struct sockaddr_in6 *)&a->ss;
		const struct sockaddr_in6 *q =
		    (const struct sockaddr_in6 *)&b->ss;

		return p->sin6_scope_id == q->sin6_scope_id &&
		    memcmp(&p->sin6_addr, &q->sin6_addr,
		    sizeof(p->sin6_addr)) == 0;
	}
	return false;
}

bool
zs_addr_ipv4(const struct sockaddr *sa, uint8_t v4[4])
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };

	if (sa->sa_family == AF_INET) {
		memcpy(v4, &((const struct sockaddr_in *)(const void *)sa)->
		    sin_addr, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6) {
		const uint8_t *a6 = ((const struct sockaddr_in6 *)
		    (const void *)sa)->sin6_addr.s6_addr;

		if (memcmp(a6, mapped, 12) == 0) {
			memcpy(v4, a6 + 12, 4);
			return true;
		}
	}
	return false;
}

char *
zs_addr_totext(const struct zs_addr *a, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";
	const void *p = NULL;

	if (a->ss.ss_family == AF_INET)
		p = &((const struct sockaddr_in *)&a->ss)->sin_addr;
	else if (a->ss.ss_family == AF_INET6)
		p = &((const struct sockaddr_in6 *)&a->ss)->sin6_addr;
	if (p != NULL)
		inet_ntop(a->ss.ss_family, p, host, sizeof(host));
	snprintf(buf, len, "%s#%u", host, (unsigned int)zs_addr_port(a));
	return buf;
}

uint16_t
zs_addr_port(const struct zs_addr *a)
{
	if (a->ss.ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)&a->ss)->sin_port);
	if (a->ss.ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)&a->ss)->sin6_port);
	return 0;
}

void
zs_addr_setport(struct zs_addr *a, uint16_t port)
{
	if (a->ss.ss_family == AF_INET)
		((struct sockaddr_in *)&a->ss)->sin_port = htons(port);
	else if (a->ss.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&a->ss)->sin6_port = htons(port);
}
