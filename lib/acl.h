/*
 * acl.h - address match lists as BIND writes them, for allow-notify:
 * "any", "none", "192.0.2.1", "2001:db8::/32", "key \"name\"", each
 * optionally negated with "!".  The first element that matches decides.
 */
#ifndef ZS_ACL_H
#define ZS_ACL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

enum zs_acl_kind { ZS_ACL_ANY, ZS_ACL_NONE, ZS_ACL_NET, ZS_ACL_KEY };

struct zs_acl_elem {
	enum zs_acl_kind kind;
	bool negate;			/* "!elem": a match denies */
	int family;			/* ZS_ACL_NET: AF_INET or AF_INET6 */
	uint8_t net[16];		/* network, host bits cleared */
	unsigned prefix;		/* prefix length */
	uint8_t key[255];		/* ZS_ACL_KEY: key name, wire, lower */
	size_t keylen;
};

/*
 * Parse one element as stored by the config parser (text, NUL-terminated,
 * e.g. "!10.0.0.0/8" or "key \"xfr\"").  Returns 0 or ZS_ESYNTAX.
 */
int zs_acl_parse(const char *text, struct zs_acl_elem *out);

/*
 * Decide for a message from src, signed with key (wire name, NULL when
 * unsigned or not verified).  Returns true when allowed: the first
 * matching element decides; no match denies.
 */
bool zs_acl_allows(const struct zs_acl_elem *acl, size_t n,
    const struct sockaddr *src, const uint8_t *key, size_t keylen);

#endif /* ZS_ACL_H */
