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
	char buf[ZS_ADDR_TEXTLEN];
	struct zs_addr a;
	const char *hash;
	size_t n;

	memset(&a, 0, sizeof(a));
	hash = strchr(text, '#');
	n = hash != NULL ? (size_t)(hash - text) : strlen(text);
	if (n == 0 || n >= sizeof(buf))
		return ZS_ESYNTAX;
	memcpy(buf, text, n);
	buf[n] = '\0';
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
	if (strchr(buf, ':') != NULL) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&a.ss;

		if (inet_pton(AF_INET6, buf, &s6->sin6_addr) != 1)
			return ZS_ESYNTAX;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		a.len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&a.ss;

		if (inet_pton(AF_INET, buf, &s4->sin_addr) != 1)
			return ZS_ESYNTAX;
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		a.len = sizeof(*s4);
	}
	*out = a;
	return 0;
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
