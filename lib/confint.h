/*
 * confint.h - what conf.c (parsing) and confprint.c (print-back) share:
 * the tables of per-zone settings and of the options block's strings;
 * and what conflog.c (the logging statement) borrows from conf.c.
 * Internal to lib/.
 */
#ifndef ZS_CONFINT_H
#define ZS_CONFINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"

/* Zone settings, as bits of the "given" masks. */
enum {
	O_RELOAD, O_CHECK, O_MINREF, O_MAXREF, O_MINRETRY, O_MAXRETRY,
	O_XFERTIME, O_XFERIDLE, O_MAXREC, O_MAXSIZE, O_SHRINK, O_IXFR,
	O_FORMAT, O_NZONEOPT
};

/* K_ENUM: an unsigned holding an index into the entry's names. */
enum kind { K_ARGV, K_DUR, K_NUM, K_SIZE, K_PCT, K_BOOL, K_ENUM };

struct zs_zoneopt {
	const char *name;
	enum kind kind;
	size_t off;
	uint64_t unit;		/* multiplier of a bare number (durations) */
	uint64_t min, max;	/* range of the stored value */
	const char *const *names; /* K_ENUM: the words, NULL-terminated */
};

/* One entry per setting a zone may override, indexed by O_*. */
extern const struct zs_zoneopt zs_conf_opttab[O_NZONEOPT];

/* String settings of the options block. */
enum { S_NSTROPT = 10 };

struct zs_stropt {
	const char *name;
	size_t off;		/* of the char * in struct zs_conf */
	bool path;		/* a file name taken relative to directory */
	const char *def;	/* default value, NULL for unset */
};

/* One entry per string setting, in the order -nv prints them. */
extern const struct zs_stropt zs_conf_strtab[S_NSTROPT];

/* The value of string setting d in c (NULL when unset).  Borrows. */
static inline const char *
zs_conf_str(const struct zs_conf *c, const struct zs_stropt *d)
{
	const char *const *p = (const void *)((const char *)c + d->off);

	return *p;
}

/*
 * Make room for one more zeroed element at the end of the array *v of n
 * elements of size sz.  Returns 0 or ZS_ENOMEM (*v unchanged).
 */
int zs_conf_grow(void *v, size_t n, size_t sz);

/* Whether s is a syslog facility name agent.conf accepts. */
bool zs_conf_facility_ok(const char *s);

#endif /* ZS_CONFINT_H */
