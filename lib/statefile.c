/*
 * statefile.c - parse and write the agent's state file (see statefile.h).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "statefile.h"

#define HEADER	"; zonesyncd state 1\n"

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct zs_state_entry *)a)->name,
	    ((const struct zs_state_entry *)b)->name);
}

/* One "NAME SECONDS" line; false when it does not parse. */
static bool
parse_line(const char *s, size_t len, size_t *namelen, int64_t *t)
{
	size_t i = 0, sp;
	int64_t v = 0;

	while (i < len && s[i] != ' ' && s[i] != '\t')
		i++;
	if (i == 0 || i == len || s[0] == ';')
		return false;
	sp = i;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == len)
		return false;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (INT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*namelen = sp;
	*t = v;
	return v > 0;
}

int
zs_statefile_parse(const char *text, size_t len, struct zs_statefile *sf)
{
	size_t pos = 0, cap = 0, i, o;

	sf->v = NULL;
	sf->n = 0;
	while (pos < len) {
		const char *line = text + pos, *nl;
		size_t ll, nlen;
		int64_t t;

		nl = memchr(line, '\n', len - pos);
		ll = nl != NULL ? (size_t)(nl - line) : len - pos;
		pos += ll + (nl != NULL);
		if (ll > 0 && line[ll - 1] == '\r')
			ll--;
		if (!parse_line(line, ll, &nlen, &t))
			continue;
		if (sf->n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			struct zs_state_entry *nv = realloc(sf->v,
			    nc * sizeof(*nv));

			if (nv == NULL)
				goto nomem;
			sf->v = nv;
			cap = nc;
		}
		if ((sf->v[sf->n].name = strndup(line, nlen)) == NULL)
			goto nomem;
		sf->v[sf->n++].last_ok = t;
	}
	if (sf->n > 1)
		qsort(sf->v, sf->n, sizeof(*sf->v), cmp_entry);
	/* One entry per name (the writer never repeats one). */
	for (i = o = 0; i < sf->n; i++) {
		if (o > 0 && strcmp(sf->v[o - 1].name, sf->v[i].name) == 0) {
			free(sf->v[i].name);
			continue;
		}
		sf->v[o++] = sf->v[i];
	}
	sf->n = o;
	return 0;
nomem:
	zs_statefile_free(sf);
	return ZS_ENOMEM;
}

int64_t
zs_statefile_get(const struct zs_statefile *sf, const char *name)
{
	struct zs_state_entry key, *e;

	if (sf == NULL || sf->n == 0)
		return 0;
	key.name = (char *)(uintptr_t)name;
	e = bsearch(&key, sf->v, sf->n, sizeof(*sf->v), cmp_entry);
	return e != NULL ? e->last_ok : 0;
}

int
zs_statefile_format(const struct zs_state_entry *v, size_t n,
    struct zs_strbuf *sb)
{
	size_t i;

	zs_sb_puts(sb, HEADER);
	for (i = 0; i < n; i++)
		if (v[i].last_ok > 0)
			zs_sb_appendf(sb, "%s %lld\n", v[i].name,
			    (long long)v[i].last_ok);
	return sb->err;
}

void
zs_statefile_free(struct zs_statefile *sf)
{
	size_t i;

	for (i = 0; i < sf->n; i++)
		free(sf->v[i].name);
	free(sf->v);
	sf->v = NULL;
	sf->n = 0;
}
