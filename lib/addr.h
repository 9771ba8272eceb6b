/*
 * addr.h - IPv4/IPv6 literal addresses with ports, BIND style ("192.0.2.1",
 * "2001:db8::1", printed as "192.0.2.1#53").
 */
#ifndef ZS_ADDR_H
#define ZS_ADDR_H

#include <stdbool.h>
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

/*
 * Parse text[0..len) (not NUL-terminated), an IPv4 or IPv6 literal and
 * nothing else (no "#port", no scope, no brackets), with the given port.
 * Returns 0 or ZS_ESYNTAX (*out untouched).
 */
int zs_addr_parse_host(const char *text, size_t len, uint16_t port,
    struct zs_addr *out);

/*
 * Copy a socket address (borrowed) into *out.  Returns 0, or ZS_EINVAL
 * for a family other than AF_INET and AF_INET6 (*out untouched).
 */
int zs_addr_from_sockaddr(const struct sockaddr *sa, struct zs_addr *out);

/*
 * The same endpoint: same family, address and port (and IPv6 scope).
 * What a socket is bound or connected to.
 */
bool zs_addr_eq(const struct zs_addr *a, const struct zs_addr *b);

/*
 * The same host: the address alone, ports ignored, an IPv4-mapped IPv6
 * address (::ffff:192.0.2.1) equal to its IPv4 address.  Whom a message
 * came from, whatever its source port.
 */
bool zs_addr_same_host(const struct zs_addr *a, const struct zs_addr *b);

/*
 * The IPv4 address in sa (borrowed): that of an AF_INET address or of an
 * IPv4-mapped AF_INET6 one.  Copies its 4 octets (network order) to v4
 * and returns true; false (v4 untouched) for anything else.
 */
bool zs_addr_ipv4(const struct sockaddr *sa, uint8_t v4[4]);

/* Write "addr#port" into buf (ZS_ADDR_TEXTLEN bytes); returns buf. */
char *zs_addr_totext(const struct zs_addr *a, char *buf, size_t len);

/* Port of an address (host order). */
uint16_t zs_addr_port(const struct zs_addr *a);

/* Set the port of an address. */
void zs_addr_setport(struct zs_addr *a, uint16_t port);

#endif /* ZS_ADDR_H */
