/*
 * catalog.h - read a catalog zone (RFC 9432, schema version 2) into its
 * member list.  Pure: no I/O, no clock.
 *
 * The caller feeds the records of one complete version of the catalog
 * zone, one at a time and in any order (as an AXFR gives them, or read
 * back from a file), then calls zs_catalog_finish(), which checks the
 * catalog as a whole and resolves it into members:
 *
 *	version.CAT                      TXT "2"           (required)
 *	<id>.zones.CAT                   PTR member.zone.
 *	group.<id>.zones.CAT             TXT "name"        (RFC 9432 4.4.2)
 *	coo.<id>.zones.CAT               PTR other.cat.    (RFC 9432 4.4.1)
 *	primaries.ext.<id>.zones.CAT     A / AAAA          (BIND)
 *	<l>.primaries.ext.<id>.zones.CAT A / AAAA, TXT "key name"
 *	allow-query.ext.<id>.zones.CAT   APL               (BIND)
 *	allow-transfer.ext.<id>.zones.CAT APL              (BIND)
 *
 * "masters" is taken as "primaries" (BIND 9.18 accepts both).  The BIND
 * properties may also sit directly under ext.CAT, where they apply to
 * every member that has none of its own.  Anything else is ignored, as
 * RFC 9432 section 3 asks; what looks like a mistake leaves a note.
 *
 * A broken catalog (RFC 9432 5.1: a missing or unknown version, several
 * PTRs at one member node, several coo PTRs, a record of another class)
 * makes zs_catalog_finish fail; the caller then keeps the member list it
 * had (this module never sees it).
 */
#ifndef ZS_CATALOG_H
#define ZS_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "dname.h"
#include "msg.h"

struct zs_catalog;

/* A primary from the BIND "primaries" custom property. */
struct zs_catalog_primary {
	struct zs_addr addr;	/* port 0: the consumer picks one */
	char *key;		/* TSIG key name from the labelled TXT
				 * (lower case, no final dot), NULL: none */
};

/* BIND's custom properties, for one member or the whole catalog. */
struct zs_catalog_props {
	struct zs_catalog_primary *primaries;
	size_t nprimaries;
	bool has_allow_query;	/* an APL was given (even an empty one) */
	char **allow_query;	/* named ACL elements: "192.0.2.0/24",
				 * "!2001:db8::/32" */
	size_t nallow_query;
	bool has_allow_transfer;
	char **allow_transfer;
	size_t nallow_transfer;
};

struct zs_catalog_member {
	uint8_t name[ZS_DNAME_MAXLEN];	/* member zone, wire, lower case */
	size_t namelen;
	uint8_t id[ZS_DNAME_MAXLABEL];	/* unique-id label, lower case */
	size_t idlen;
	char *group;		/* group property, NULL: none */
	uint8_t coo[ZS_DNAME_MAXLEN];	/* change of ownership target */
	size_t coolen;		/* 0: no coo property */
	struct zs_catalog_props props;	/* the member's own, else the
					 * catalog-wide ones */
};

/*
 * A new reader for the catalog zone zone (wire form, copied) that takes
 * at most max_members member nodes (0: 100000).  Returns NULL when out
 * of memory.  Free with zs_catalog_free (NULL does nothing).
 */
struct zs_catalog *zs_catalog_new(const uint8_t *zone, size_t zlen,
    size_t max_members);
void zs_catalog_free(struct zs_catalog *c);

/*
 * Feed one record of the catalog zone (a view, borrowed for the call).
 * Returns 0; ZS_ETOOMANY past max_members; ZS_ECATBROKEN for a record
 * that breaks the catalog (a class other than IN); ZS_ENOMEM.  After an
 * error the reader is dead: later calls return the same error.  Records
 * outside the zone, or that mean nothing to a catalog, are ignored.
 */
int zs_catalog_add(struct zs_catalog *c, const struct zs_rr *rr);

/*
 * Check the whole catalog and build the member list: a member name
 * listed under several ids is taken once (the lowest id, in byte order
 * of the lower-cased label) and noted.  Returns 0; ZS_ECATVERSION
 * (version.CAT missing, several, or not "2"); ZS_ECATBROKEN (see above);
 * the error of an earlier zs_catalog_add; ZS_ENOMEM.  zs_catalog_error
 * then says what exactly.
 */
int zs_catalog_finish(struct zs_catalog *c);

/* Text of the error that broke the catalog ("" when none); owned by c. */
const char *zs_catalog_error(const struct zs_catalog *c);

/* After a successful finish: the members, in the order of their ids. */
size_t zs_catalog_count(const struct zs_catalog *c);
const struct zs_catalog_member *zs_catalog_member(const struct zs_catalog *c,
    size_t i);

/*
 * Notes: what was ignored and why ("member example.com. listed twice
 * ...", "unknown custom property ...").  At most 32 are kept; suppressed
 * counts the rest.  Strings owned by c.
 */
size_t zs_catalog_nnotes(const struct zs_catalog *c, size_t *suppressed);
const char *zs_catalog_note(const struct zs_catalog *c, size_t i);

#endif /* ZS_CATALOG_H */
