/*
 * namedinc.h - the named.conf include zonesyncd writes (named-include in
 * agent.conf): one zone statement per zone the agent manages, each with a
 * body in BIND syntax taken from a template.
 *
 * A template is the text between the zone statement's braces, with
 * these substitutions:
 *	%f	the zone file's path, its quotes escaped for a BIND quoted
 *		string (BIND keeps other backslashes as they are)
 *	%z	the zone's name in presentation form (no final dot; "." for
 *		the root), whose escapes BIND's string and name parsers read
 *	%%	a single %
 * Any other % sequence is refused.  The template is checked, not parsed:
 * quotes and braces must balance (outside strings and comments) and the
 * text must end with ";" so the statement closes cleanly.
 */
#ifndef ZS_NAMEDINC_H
#define ZS_NAMEDINC_H

#include <stddef.h>

#include "strbuf.h"

/*
 * The default template: the options contrib/named.conf.snippet explains
 * (type primary on the agent's file, no NOTIFY, a secondary's checks).
 */
#define ZS_NAMEDINC_DEFAULT_BODY \
	"type primary; file \"%f\"; notify no; check-names ignore; " \
	"check-integrity no; check-mx ignore; check-mx-cname ignore; " \
	"check-srv-cname ignore; check-spf ignore; check-wildcard no; " \
	"check-sibling no; check-dup-records ignore; " \
	"max-records-per-type 0; max-types-per-name 0;"

/*
 * Check template body (borrowed, NUL-terminated).  Returns 0, or
 * ZS_ESYNTAX with why (a short sentence) written to why[0..whylen).
 */
int zs_namedinc_check(const char *body, char *why, size_t whylen);

/*
 * Append to sb the statement
 *	zone "ZONE" {
 *		BODY (expanded);
 *	};
 * zone (presentation form, as struct zs_conf_zone's name), file and body
 * are borrowed; body must have passed zs_namedinc_check.  Returns 0, ZS_EINVAL (a bad escape) or sb's error.
 */
int zs_namedinc_zone(struct zs_strbuf *sb, const char *zone,
    const char *file, const char *body);

/*
 * After zs_namedinc_zone appended a statement with this body: for a zone
 * the agent writes in BIND's raw format, add `masterfile-format raw;` to
 * it (named must be told the format), unless the body already says a
 * masterfile-format.  Returns 0, ZS_EINVAL when sb does not end with a
 * statement, or sb's error.
 */
int zs_namedinc_raw(struct zs_strbuf *sb, const char *body);

/* The header comment the written file starts with. */
void zs_namedinc_header(struct zs_strbuf *sb, size_t nzones);

#endif /* ZS_NAMEDINC_H */
