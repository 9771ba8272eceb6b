/*
 * addr.h - IPv4/IPv6 literal addresses with ports, BIND style ("192.0.2.1",
 * "2001:db8::1", printed as "192.0.2.1#53").
 */
#ifndef ZS_ADDR_H
#define ZS_ADDR_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define ZS_ADDR_TEXTLEN	64	/* enough for "[v6%scope]#65535" */

struct zs_addr {
	struct sockaddr_storage ss;	/* AF_INET or AF_INET6 */
	socklen_t len;			/* length of the sockaddr in ss */
};

/*
 * Parse an address literal (no port) and set the port.  Accepts
 * "addr#port" too, which overrides port.  Returns 0 or ZS_ESYNTAX.
 */
int zs_addr_parse(const char *text, uint16_t port, struct zs_addr *out);

/* Write "addr#port" into buf (ZS_ADDR_TEXTLEN bytes); returns buf. */
char *zs_addr_totext(const struct zs_addr *a, char *buf, size_t len);

/* Port of an address (host order). */
uint16_t zs_addr_port(const struct zs_addr *a);

/* Set the port of an address. */
void zs_addr_setport(struct zs_addr *a, uint16_t port);

#endif /* ZS_ADDR_H */
