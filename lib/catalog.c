/*
 * catalog.c - RFC 9432 catalog zone reader (see catalog.h).
 *
 * Records come in any order, so everything said about one member node
 * (its PTR, group, coo and BIND's ext properties) is gathered in one
 * entry found by the unique-id label; zs_catalog_finish then checks the
 * counts RFC 9432 fixes and builds the member list.  Memory is bounded
 * by max_members entries, PROP_MAX primaries or ACL elements per entry
 * and NOTE_MAX notes.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "catalog.h"
#include "err.h"
#include "rrtype.h"
#include "strbuf.h"

#define DEFAULT_MAX	100000
#define PROP_MAX	64	/* primaries or APL items per node */
#define NOTE_MAX	32

/* A primaries address with its label ("" for unlabelled ones). */
struct lprim {
	char label[ZS_DNAME_MAXLABEL + 1];
	struct zs_addr addr;
};

/* A labelled TSIG key TXT. */
struct lkey {
	char label[ZS_DNAME_MAXLABEL + 1];
	char *key;
};

/* What the ext subtree of one node (a member, or the catalog) says. */
struct ext {
	struct lprim *prims;
	size_t nprims;
	struct lkey *keys;
	size_t nkeys;
	int has_aq, has_at;
	char **aq, **at;
	size_t naq, nat;
};

struct ent {
	uint8_t id[ZS_DNAME_MAXLABEL];	/* lower case */
	size_t idlen;
	unsigned nptr, ncoo, ngroup;
	uint8_t member[ZS_DNAME_MAXLEN];
	size_t mlen;
	uint8_t coo[ZS_DNAME_MAXLEN];
	size_t coolen;
	char *group;
	struct ext ext;
};

struct zs_catalog {
	uint8_t zone[ZS_DNAME_MAXLEN];
	size_t zlen, zlabels;
	size_t max;
	int err;
	char errtext[256];
	unsigned nversion;
	bool version_ok;
	char version[64];
	struct ext top;			/* ext.CAT: catalog-wide defaults */
	struct ent **ents;		/* in arrival order */
	size_t nents, cap;
	struct ent **tab;		/* open addressing on the id */
	size_t tabsize;
	struct zs_catalog_member *members;
	size_t nmembers;
	char *notes[NOTE_MAX];
	size_t nnotes, suppressed;
};

static void
note(struct zs_catalog *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct zs_catalog *c, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	if (c->nnotes == NOTE_MAX) {
		c->suppressed++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if ((c->notes[c->nnotes] = strdup(buf)) != NULL)
		c->nnotes++;
}

static int
fail(struct zs_catalog *c, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct zs_catalog *c, int err, const char *fmt, ...)
{
	va_list ap;

	if (c->err != 0)
		return c->err;
	va_start(ap, fmt);
	vsnprintf(c->errtext, sizeof(c->errtext), fmt, ap);
	va_end(ap);
	c->err = err;
	return err;
}

/* The presentation form of a wire name, for notes (static buffer). */
static const char *
nametext(const uint8_t *name, size_t len, char *buf, size_t buflen)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;

	zs_dname_totext(&sb, name, len);
	snprintf(buf, buflen, "%s", zs_sb_cstr(&sb) != NULL ? sb.buf : "?");
	zs_sb_free(&sb);
	return buf;
}

/* A label as text, bytes outside [!-~] and the specials escaped. */
static const char *
idtext(const uint8_t *id, size_t len, char *buf, size_t buflen)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	uint8_t name[ZS_DNAME_MAXLABEL + 2];

	name[0] = (uint8_t)len;
	memcpy(name + 1, id, len);
	name[len + 1] = 0;
	zs_dname_totext(&sb, name, len + 2);
	snprintf(buf, buflen, "%s", zs_sb_cstr(&sb) != NULL ? sb.buf : "?");
	zs_sb_free(&sb);
	if (strlen(buf) > 1)
		buf[strlen(buf) - 1] = '\0';	/* the final dot */
	return buf;
}

struct zs_catalog *
zs_catalog_new(const uint8_t *zone, size_t zlen, size_t max_members)
{
	struct zs_catalog *c;

	if (zlen > ZS_DNAME_MAXLEN || zs_dname_check(zone, zlen) != 0 ||
	    (c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	memcpy(c->zone, zone, zlen);
	zs_dname_lower(c->zone, zlen);
	c->zlen = zlen;
	c->zlabels = zs_dname_labels(zone, zlen);
	c->max = max_members != 0 ? max_members : DEFAULT_MAX;
	return c;
}

static void
strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
ext_clear(struct ext *e)
{
	size_t i;

	free(e->prims);
	for (i = 0; i < e->nkeys; i++)
		free(e->keys[i].key);
	free(e->keys);
	strv_free(e->aq, e->naq);
	strv_free(e->at, e->nat);
	memset(e, 0, sizeof(*e));
}

static void
props_clear(struct zs_catalog_props *p)
{
	size_t i;

	for (i = 0; i < p->nprimaries; i++)
		free(p->primaries[i].key);
	free(p->primaries);
	strv_free(p->allow_query, p->nallow_query);
	strv_free(p->allow_transfer, p->nallow_transfer);
}

void
zs_catalog_free(struct zs_catalog *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nents; i++) {
		ext_clear(&c->ents[i]->ext);
		free(c->ents[i]->group);
		free(c->ents[i]);
	}
	free(c->ents);
	free(c->tab);
	ext_clear(&c->top);
	for (i = 0; i < c->nmembers; i++) {
		free(c->members[i].group);
		props_clear(&c->members[i].props);
	}
	free(c->members);
	for (i = 0; i < c->nnotes; i++)
		free(c->notes[i]);
	free(c);
}

static uint32_t
hash(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static int
tab_grow(struct zs_catalog *c)
{
	struct ent **t;
	size_t size = c->tabsize != 0 ? c->tabsize * 2 : 64, i;

	if ((t = calloc(size, sizeof(*t))) == NULL)
		return ZS_ENOMEM;
	for (i = 0; i < c->nents; i++) {
		size_t h = hash(c->ents[i]->id, c->ents[i]->idlen) &
		    (size - 1);

		while (t[h] != NULL)
			h = (h + 1) & (size - 1);
		t[h] = c->ents[i];
	}
	free(c->tab);
	c->tab = t;
	c->tabsize = size;
	return 0;
}

/* The entry of the id label (lower case), created when absent. */
static struct ent *
ent_get(struct zs_catalog *c, const uint8_t *id, size_t idlen)
{
	struct ent *e, **v;
	size_t h;

	if (c->tabsize != 0) {
		h = hash(id, idlen) & (c->tabsize - 1);
		for (; (e = c->tab[h]) != NULL; h = (h + 1) & (c->tabsize - 1))
			if (e->idlen == idlen && memcmp(e->id, id, idlen) == 0)
				return e;
	}
	if (c->nents == c->max) {
		fail(c, ZS_ETOOMANY, "more than %zu member nodes (raise "
		    "catalog-max-members)", c->max);
		return NULL;
	}
	if (c->nents == c->cap) {
		size_t cap = c->cap != 0 ? c->cap * 2 : 64;

		if ((v = reallocarray(c->ents, cap, sizeof(*v))) == NULL)
			goto nomem;
		c->ents = v;
		c->cap = cap;
	}
	if (2 * (c->nents + 1) > c->tabsize && tab_grow(c) != 0)
		goto nomem;
	if ((e = calloc(1, sizeof(*e))) == NULL)
		goto nomem;
	memcpy(e->id, id, idlen);
	e->idlen = idlen;
	c->ents[c->nents++] = e;
	h = hash(id, idlen) & (c->tabsize - 1);
	while (c->tab[h] != NULL)
		h = (h + 1) & (c->tabsize - 1);
	c->tab[h] = e;
	return e;
nomem:
	fail(c, ZS_ENOMEM, "out of memory");
	return NULL;
}

/* Split the owner into its labels below the catalog apex (lower case). */
struct rel {
	size_t n;				/* labels below the apex */
	const uint8_t *lab[8];			/* lab[0] is the leftmost */
	size_t len[8];
	uint8_t buf[ZS_DNAME_MAXLEN];
};

static int
split(const struct zs_catalog *c, const struct zs_rr *rr, struct rel *r)
{
	size_t labels, i, pos = 0;

	if (!zs_dname_is_subdomain(rr->owner, rr->owner_len, c->zone, c->zlen))
		return -1;
	labels = zs_dname_labels(rr->owner, rr->owner_len);
	r->n = labels - c->zlabels;
	if (r->n > 8)
		return -1;	/* deeper than any name catalogs use */
	memcpy(r->buf, rr->owner, rr->owner_len);
	zs_dname_lower(r->buf, rr->owner_len);
	for (i = 0; i < r->n; i++) {
		r->lab[i] = r->buf + pos + 1;
		r->len[i] = r->buf[pos];
		pos += 1 + (size_t)r->buf[pos];
	}
	return 0;
}

/* Label i (counted from the apex side: 0 is the one under the apex). */
static bool
is(const struct rel *r, size_t fromtop, const char *s)
{
	size_t i = r->n - 1 - fromtop;

	return r->len[i] == strlen(s) && memcmp(r->lab[i], s, r->len[i]) == 0;
}

/* One name from PTR RDATA, lower case.  0 or ZS_EBADRDATA. */
static int
ptr_name(const struct zs_rr *rr, uint8_t *out, size_t *outlen)
{
	struct zs_rd rd = rr->rdata;

	if (zs_dname_unpack(&rd, out, outlen) != 0 || zs_rd_left(&rd) != 0)
		return ZS_EBADRDATA;
	zs_dname_lower(out, *outlen);
	return 0;
}

/*
 * The character-strings of TXT RDATA joined, for group names, key names
 * and the version.  Only printable ASCII without quotes or backslashes
 * is taken (these end up in logs, config text and JSON).  0, or
 * ZS_EBADRDATA.
 */
static int
txt_text(const struct zs_rr *rr, char *out, size_t cap)
{
	struct zs_rd rd = rr->rdata;
	size_t n = 0;

	while (zs_rd_left(&rd) > 0) {
		uint8_t l = zs_rd_u8(&rd);
		const uint8_t *p = zs_rd_bytes(&rd, l);
		size_t i;

		if (rd.err != 0 || n + l >= cap)
			return ZS_EBADRDATA;
		for (i = 0; i < l; i++) {
			if (p[i] < 0x20 || p[i] > 0x7e || p[i] == '"' ||
			    p[i] == '\\')
				return ZS_EBADRDATA;
			out[n++] = (char)p[i];
		}
	}
	out[n] = '\0';
	return rd.err;
}

static int
add_addr(struct zs_catalog *c, struct ext *x, const struct rel *r,
    size_t labi, const struct zs_rr *rr)
{
	struct lprim *lp, *v;
	const uint8_t *p;
	size_t want = rr->type == ZS_TYPE_A ? 4 : 16;
	struct zs_rd rd = rr->rdata;

	if (x->nprims == PROP_MAX) {
		note(c, "more than %d primaries for one node; the rest ignored",
		    PROP_MAX);
		return 0;
	}
	if (rr->rdlen != want || (p = zs_rd_bytes(&rd, want)) == NULL) {
		note(c, "malformed address in primaries ignored");
		return 0;
	}
	if ((v = reallocarray(x->prims, x->nprims + 1, sizeof(*v))) == NULL)
		return fail(c, ZS_ENOMEM, "out of memory");
	x->prims = v;
	lp = &v[x->nprims++];
	memset(lp, 0, sizeof(*lp));
	if (labi != (size_t)-1)
		memcpy(lp->label, r->lab[labi], r->len[labi]);
	if (rr->type == ZS_TYPE_A) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&lp->addr.ss;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, p, 4);
		lp->addr.len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&lp->addr.ss;

		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, p, 16);
		lp->addr.len = sizeof(*s6);
	}
	return 0;
}

static int
add_key(struct zs_catalog *c, struct ext *x, const struct rel *r,
    size_t labi, const struct zs_rr *rr)
{
	char text[ZS_DNAME_MAXLEN * 4 + 1];
	uint8_t wire[ZS_DNAME_MAXLEN];
	struct lkey *v;
	size_t wlen, n;

	if (txt_text(rr, text, sizeof(text)) != 0 || text[0] == '\0' ||
	    zs_dname_from_text(text, strlen(text), NULL, 0, wire,
	    &wlen) != 0) {
		note(c, "unusable TSIG key name in primaries ignored");
		return 0;
	}
	if (x->nkeys == PROP_MAX)
		return 0;
	/* Canonical like agent.conf key names: lower case, no final dot. */
	for (n = 0; text[n] != '\0'; n++)
		if (text[n] >= 'A' && text[n] <= 'Z')
			text[n] = (char)(text[n] + 32);
	if (n > 1 && text[n - 1] == '.')
		text[n - 1] = '\0';
	if ((v = reallocarray(x->keys, x->nkeys + 1, sizeof(*v))) == NULL)
		return fail(c, ZS_ENOMEM, "out of memory");
	x->keys = v;
	memset(&v[x->nkeys], 0, sizeof(*v));
	memcpy(v[x->nkeys].label, r->lab[labi], r->len[labi]);
	if ((v[x->nkeys].key = strdup(text)) == NULL)
		return fail(c, ZS_ENOMEM, "out of memory");
	x->nkeys++;
	return 0;
}

/*
 * APL (RFC 3123) to named ACL elements.  Items of other families, or
 * malformed ones, are skipped with a note.
 */
static int
add_apl(struct zs_catalog *c, int *has, char ***vp, size_t *np,
    const struct zs_rr *rr)
{
	struct zs_rd rd = rr->rdata;

	*has = 1;
	while (zs_rd_left(&rd) > 0) {
		uint16_t fam = zs_rd_u16(&rd);
		uint8_t prefix = zs_rd_u8(&rd), nl = zs_rd_u8(&rd);
		size_t afdlen = nl & 0x7f;
		const uint8_t *p = zs_rd_bytes(&rd, afdlen);
		uint8_t a[16] = { 0 };
		char addr[INET6_ADDRSTRLEN], item[INET6_ADDRSTRLEN + 8];
		char **v;

		if (rd.err != 0) {
			note(c, "malformed APL ignored");
			return 0;
		}
		if ((fam != 1 && fam != 2) || afdlen > (fam == 1 ? 4u : 16u) ||
		    prefix > (fam == 1 ? 32 : 128)) {
			note(c, "APL item of family %u ignored", fam);
			continue;
		}
		if (*np == PROP_MAX) {
			note(c, "more than %d APL items; the rest ignored",
			    PROP_MAX);
			return 0;
		}
		memcpy(a, p, afdlen);
		inet_ntop(fam == 1 ? AF_INET : AF_INET6, a, addr, sizeof(addr));
		snprintf(item, sizeof(item), "%s%s/%u", (nl & 0x80) ? "!" : "",
		    addr, prefix);
		if ((v = reallocarray(*vp, *np + 1, sizeof(*v))) == NULL)
			return fail(c, ZS_ENOMEM, "out of memory");
		*vp = v;
		if ((v[*np] = strdup(item)) == NULL)
			return fail(c, ZS_ENOMEM, "out of memory");
		(*np)++;
	}
	return 0;
}

/*
 * A record in an ext subtree.  r's labels from index top upward are
 * "ext" and what sits above it; below (index < top) is the property.
 */
static int
add_ext(struct zs_catalog *c, struct ext *x, const struct rel *r, size_t nprop,
    const struct zs_rr *rr)
{
	const uint8_t *name = r->lab[nprop - 1];
	size_t len = r->len[nprop - 1];
	bool prim = (len == 9 && memcmp(name, "primaries", 9) == 0) ||
	    (len == 7 && memcmp(name, "masters", 7) == 0);
	char buf[ZS_DNAME_MAXLEN * 4 + 2];

	if (prim && nprop <= 2) {
		size_t labi = nprop == 2 ? 0 : (size_t)-1;

		if (rr->type == ZS_TYPE_A || rr->type == ZS_TYPE_AAAA)
			return add_addr(c, x, r, labi, rr);
		if (rr->type == ZS_TYPE_TXT && nprop == 2)
			return add_key(c, x, r, labi, rr);
		return 0;
	}
	if (nprop == 1 && rr->type == ZS_TYPE_APL) {
		if (len == 11 && memcmp(name, "allow-query", 11) == 0)
			return add_apl(c, &x->has_aq, &x->aq, &x->naq, rr);
		if (len == 14 && memcmp(name, "allow-transfer", 14) == 0)
			return add_apl(c, &x->has_at, &x->at, &x->nat, rr);
	}
	note(c, "custom property %s not supported, ignored",
	    nametext(rr->owner, rr->owner_len, buf, sizeof(buf)));
	return 0;
}

int
zs_catalog_add(struct zs_catalog *c, const struct zs_rr *rr)
{
	char buf[ZS_DNAME_MAXLEN * 4 + 2], text[256];
	struct rel r;
	struct ent *e;
	size_t idx;

	if (c->err != 0)
		return c->err;
	/* RFC 9432 3: every record of a catalog zone is in class IN. */
	if (rr->rrclass != ZS_CLASS_IN)
		return fail(c, ZS_ECATBROKEN, "record of class %u at %s",
		    rr->rrclass, nametext(rr->owner, rr->owner_len, buf,
		    sizeof(buf)));
	if (split(c, rr, &r) != 0 || r.n == 0)
		return 0;	/* apex SOA/NS, or nothing we read */
	if (r.n == 1 && is(&r, 0, "version")) {
		if (rr->type != ZS_TYPE_TXT)
			return 0;
		c->nversion++;
		if (txt_text(rr, text, sizeof(text)) != 0)
			snprintf(text, sizeof(text), "(unprintable)");
		snprintf(c->version, sizeof(c->version), "%.60s", text);
		c->version_ok = strcmp(text, "2") == 0;
		return 0;
	}
	if (is(&r, 0, "ext"))
		return r.n >= 2 ? add_ext(c, &c->top, &r, r.n - 1, rr) : 0;
	if (!is(&r, 0, "zones") || r.n < 2)
		return 0;	/* RFC 9432 3: ignore what we do not know */
	/* <id>.zones: label index n-2 is the id. */
	idx = r.n - 2;
	if ((e = ent_get(c, r.lab[idx], r.len[idx])) == NULL)
		return c->err;
	if (r.n == 2) {
		if (rr->type != ZS_TYPE_PTR)
			return 0;
		e->nptr++;
		if (ptr_name(rr, e->member, &e->mlen) != 0)
			return fail(c, ZS_ECATBROKEN, "malformed PTR at %s",
			    nametext(rr->owner, rr->owner_len, buf,
			    sizeof(buf)));
		return 0;
	}
	if (r.n == 3 && is(&r, 2, "coo")) {
		if (rr->type != ZS_TYPE_PTR)
			return 0;
		e->ncoo++;
		if (ptr_name(rr, e->coo, &e->coolen) != 0)
			return fail(c, ZS_ECATBROKEN, "malformed PTR at %s",
			    nametext(rr->owner, rr->owner_len, buf,
			    sizeof(buf)));
		return 0;
	}
	if (r.n == 3 && is(&r, 2, "group")) {
		if (rr->type != ZS_TYPE_TXT)
			return 0;
		if (txt_text(rr, text, sizeof(text)) != 0 || text[0] == '\0') {
			note(c, "unusable group name at %s ignored", nametext(
			    rr->owner, rr->owner_len, buf, sizeof(buf)));
			return 0;
		}
		e->ngroup++;
		/* Several groups: the lowest, so every transfer agrees. */
		if (e->group == NULL || strcmp(text, e->group) < 0) {
			free(e->group);
			if ((e->group = strdup(text)) == NULL)
				return fail(c, ZS_ENOMEM, "out of memory");
		}
		return 0;
	}
	if (r.n >= 4 && is(&r, 2, "ext"))
		return add_ext(c, &e->ext, &r, r.n - 3, rr);
	return 0;
}

static int
strv_dup(char **src, size_t n, char ***out)
{
	char **v;
	size_t i;

	*out = NULL;
	if (n == 0)
		return 0;
	if ((v = calloc(n, sizeof(*v))) == NULL)
		return ZS_ENOMEM;
	for (i = 0; i < n; i++)
		if ((v[i] = strdup(src[i])) == NULL) {
			strv_free(v, i);
			return ZS_ENOMEM;
		}
	*out = v;
	return 0;
}

/* Resolve labelled keys and the catalog-wide fallback into p. */
static int
props_build(struct zs_catalog *c, const struct ext *own,
    struct zs_catalog_props *p)
{
	const struct ext *x;
	size_t i, j;

	x = own->nprims > 0 ? own : &c->top;
	if (x->nprims > 0) {
		if ((p->primaries = calloc(x->nprims,
		    sizeof(*p->primaries))) == NULL)
			return ZS_ENOMEM;
		for (i = 0; i < x->nprims; i++) {
			struct zs_catalog_primary *cp =
			    &p->primaries[p->nprimaries];

			cp->addr = x->prims[i].addr;
			/* A labelled address takes the key TXT of its label. */
			for (j = 0; x->prims[i].label[0] != '\0' &&
			    j < x->nkeys; j++) {
				if (strcmp(x->keys[j].label,
				    x->prims[i].label) != 0)
					continue;
				if ((cp->key = strdup(x->keys[j].key)) == NULL)
					return ZS_ENOMEM;
				break;
			}
			p->nprimaries++;
		}
	}
	x = own->has_aq ? own : &c->top;
	p->has_allow_query = x->has_aq != 0;
	if (strv_dup(x->aq, x->naq, &p->allow_query) != 0)
		return ZS_ENOMEM;
	p->nallow_query = x->naq;
	x = own->has_at ? own : &c->top;
	p->has_allow_transfer = x->has_at != 0;
	if (strv_dup(x->at, x->nat, &p->allow_transfer) != 0)
		return ZS_ENOMEM;
	p->nallow_transfer = x->nat;
	return 0;
}

static int
id_order(const void *a, const void *b)
{
	const struct ent *x = *(const struct ent *const *)a;
	const struct ent *y = *(const struct ent *const *)b;
	size_t n = x->idlen < y->idlen ? x->idlen : y->idlen;
	int d = memcmp(x->id, y->id, n);

	if (d != 0)
		return d;
	return x->idlen < y->idlen ? -1 : x->idlen > y->idlen;
}

int
zs_catalog_finish(struct zs_catalog *c)
{
	char buf[ZS_DNAME_MAXLEN * 4 + 2], idb[ZS_DNAME_MAXLABEL * 4 + 1];
	struct ent **seen = NULL;
	size_t i, size = 16, n;
	int ret;

	if (c->err != 0)
		return c->err;
	/* RFC 9432 4.2: exactly one version TXT, and we know only "2". */
	if (c->nversion == 0)
		return fail(c, ZS_ECATVERSION, "no version.%s TXT record",
		    nametext(c->zone, c->zlen, buf, sizeof(buf)));
	if (c->nversion > 1)
		return fail(c, ZS_ECATVERSION, "%u version TXT records (one "
		    "expected)", c->nversion);
	if (!c->version_ok)
		return fail(c, ZS_ECATVERSION, "schema version \"%s\" not "
		    "supported (only \"2\")", c->version);
	/* RFC 9432 4.1 and 4.4.1: one PTR per member node, one coo. */
	for (i = 0; i < c->nents; i++) {
		struct ent *e = c->ents[i];

		if (e->nptr <= 1 && e->ncoo <= 1)
			continue;
		idtext(e->id, e->idlen, idb, sizeof(idb));
		return fail(c, ZS_ECATBROKEN, "%u %s PTR records at member "
		    "node %s", e->nptr > 1 ? e->nptr : e->ncoo,
		    e->nptr > 1 ? "member" : "coo", idb);
	}
	if (c->nents > 1)
		qsort(c->ents, c->nents, sizeof(*c->ents), id_order);
	while (size < 2 * c->nents)
		size *= 2;
	if (c->nents > 0 && ((seen = calloc(size, sizeof(*seen))) == NULL ||
	    (c->members = calloc(c->nents, sizeof(*c->members))) == NULL)) {
		free(seen);
		return fail(c, ZS_ENOMEM, "out of memory");
	}
	for (i = n = 0; i < c->nents; i++) {
		struct ent *e = c->ents[i], *o;
		struct zs_catalog_member *m;
		size_t h;

		if (e->nptr == 0) {
			if (e->ngroup + e->ncoo > 0 || e->ext.nprims > 0)
				note(c, "properties of member node %s "
				    "without a PTR ignored", idtext(e->id,
				    e->idlen, idb, sizeof(idb)));
			continue;
		}
		h = hash(e->member, e->mlen) & (size - 1);
		for (; (o = seen[h]) != NULL; h = (h + 1) & (size - 1))
			if (o->mlen == e->mlen &&
			    memcmp(o->member, e->member, e->mlen) == 0)
				break;
		if (o != NULL) {
			char idb2[sizeof(idb)];

			note(c, "member %s listed twice (ids %s and %s); "
			    "taken once, with id %s", nametext(e->member,
			    e->mlen, buf, sizeof(buf)), idtext(o->id, o->idlen,
			    idb, sizeof(idb)), idtext(e->id, e->idlen, idb2,
			    sizeof(idb2)), idb);
			continue;
		}
		seen[h] = e;
		m = &c->members[n++];
		c->nmembers = n;
		memcpy(m->name, e->member, e->mlen);
		m->namelen = e->mlen;
		memcpy(m->id, e->id, e->idlen);
		m->idlen = e->idlen;
		memcpy(m->coo, e->coo, e->coolen);
		m->coolen = e->coolen;
		m->group = e->group;
		e->group = NULL;
		if (e->ngroup > 1)
			note(c, "member %s has %u groups; \"%s\" taken",
			    nametext(e->member, e->mlen, buf, sizeof(buf)),
			    e->ngroup, m->group);
		if ((ret = props_build(c, &e->ext, &m->props)) != 0) {
			free(seen);
			return fail(c, ret, "out of memory");
		}
	}
	free(seen);
	return 0;
}

const char *
zs_catalog_error(const struct zs_catalog *c)
{
	return c->errtext;
}

size_t
zs_catalog_count(const struct zs_catalog *c)
{
	return c->nmembers;
}

const struct zs_catalog_member *
zs_catalog_member(const struct zs_catalog *c, size_t i)
{
	return i < c->nmembers ? &c->members[i] : NULL;
}

size_t
zs_catalog_nnotes(const struct zs_catalog *c, size_t *suppressed)
{
	if (suppressed != NULL)
		*suppressed = c->suppressed;
	return c->nnotes;
}

const char *
zs_catalog_note(const struct zs_catalog *c, size_t i)
{
	return i < c->nnotes ? c->notes[i] : NULL;
}
