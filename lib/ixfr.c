/*
 * ixfr.c - the zone snapshot beside each zone file, and the IXFR engine
 * (RFC 1995) that reduces a chain of deltas to its net change and merges
 * it into the snapshot in one streaming pass.  The snapshot's reader and
 * writer are in ixfrsnap.c; its layout is here, beside the engine.
 *
 * Snapshot file ZONEFILE.snap (all integers big-endian):
 *
 *   offset  size  field
 *        0     8  magic "ZSSNAP\r\n"
 *        8     2  format version (1)
 *       10     2  flags: 0x0001 complete (set last, by zs_snap_finish)
 *       12     2  class of the zone
 *       14     2  header length H (= 57 + origin length)
 *       16     4  serial (that of the first record, the SOA)
 *       20     4  reserved, 0
 *       24     8  record count
 *       32     8  data length: octets of records after the header
 *       40     8  data checksum (see hash_bytes, chained record by record)
 *       48     1  origin length L (1..255)
 *       49     L  origin, uncompressed wire, case kept
 *     49+L     8  header checksum over octets [0, 49+L)
 *        H        records, each:
 *                   1  owner length (1..255)
 *                   n  owner, uncompressed wire, case kept
 *                   2  type   2  class   4  TTL   2  RDLENGTH
 *                   r  RDATA, names expanded (zs_rdata_towire, flags 0)
 *
 * The first record is the apex SOA and no other record is an SOA.  A
 * snapshot is refused (ZS_ESNAP) unless the magic, version, complete
 * flag, header checksum, zone, class, file size (H + data length), record
 * count and data checksum all agree: a torn, truncated or half-written
 * file never reads as a zone.  The checksums guard against accidents,
 * not attackers: the file is the agent's own.
 *
 * The snapshot is written through a temporary file ".snap+BASE.XXXXXX"
 * beside it (BASE being the snapshot's base name) and renamed over it.
 * It is not fsynced: whatever a power cut leaves (the old snapshot, a
 * torn one, one newer than the zone file) is refused by the checks above
 * or by the serial comparison with the zone file, and costs one AXFR.
 * Syncing it would double the fsyncs of every transfer, which is what
 * bounds filling many small zones.  The "snap+" prefix keeps these files
 * out of the zone writer's ".ZONEFILE.XXXXXX" pattern.
 *
 * The change set is two hash tables: records keyed by the canonical
 * record (lower-cased owner, type, class, RDATA through zs_rdata_towire
 * with ZS_RDATA_LOWER), and the owners that have any pending change, so
 * that the streaming pass builds a record's key only when its owner is
 * touched at all.  Each record is in one of three states:
 *
 *   DEL   the base must hold it, the result does not
 *   ADD   the base must not hold it, the result does (this copy)
 *   REPL  the base must hold it, the result holds this copy instead (a
 *         delete then an add of the same record: new TTL, new case)
 *
 *   del:  none -> DEL    ADD -> none    REPL -> DEL    DEL -> ZS_EDIFF
 *   add:  none -> ADD    DEL -> REPL    ADD, REPL -> ZS_EDIFF
 *
 * which is what applying the deltas one after the other to a zone would
 * check, as BIND's xfrin does; the checks against the base itself wait
 * for the streaming pass.
 *
 * Where additions go (the snapshot's order is the order of the AXFR it
 * came from, which named and Knot send grouped by owner, then by type,
 * and this pass keeps): a run is a maximal sequence of consecutive
 * records with the same owner (case-insensitive), or with the same
 * owner, type and class.  All the additions for an owner the base has
 * are written by the end of that owner's first run: those to an RRset
 * met in it at the end of that RRset's run, the others (new types, or
 * types the base only has further on, which a grouped base never does)
 * at the end of the owner's run, by type.  Additions for owners the base
 * does not have come after the last record, ordered by owner (RFC 4034
 * canonical order), then type.  Within an RRset, additions keep the
 * order they came in.  A record replaced (REPL) keeps its place.  Only
 * owners with a pending change cost more than a case-insensitive
 * comparison with the previous owner.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dname.h"
#include "err.h"
#include "ixfr.h"
#include "ixfrint.h"
#include "rdata.h"
#include "rrtype.h"

#define RDATA_MAX	ZS_SNAP_RDATA_MAX

/* ---- the change set */

enum { E_DEL, E_ADD, E_REPL };

struct owner;

/* The head of an entry and of an owner: both tables share chain code. */
struct hnode {
	struct hnode *next;	/* hash chain */
	uint64_t hash;
};

struct entry {
	struct hnode hn;	/* first: a table holds &hn */
	struct owner *own;
	uint64_t seq;		/* order of arrival, for output order */
	size_t size;		/* bytes charged to the budget */
	uint32_t ttl;		/* of the copy written (ADD, REPL) */
	uint16_t type;
	uint16_t rrclass;
	uint16_t rdlen;
	uint8_t state;		/* E_* */
	bool found;		/* apply: met in the base */
	bool emitted;		/* apply: written */
	uint8_t data[];		/* key RDATA (lower), RDATA, owner (as is) */
};

/* A table's node as the entry or owner it heads (NULL stays NULL). */
#define ENT(h)	((struct entry *)(void *)(h))
#define OWN(h)	((struct owner *)(void *)(h))

struct owner {
	struct hnode hn;	/* first */
	size_t nentries;	/* entries with this owner */
	size_t size;		/* bytes charged to the budget */
	struct entry **adds;	/* apply: this owner's ADDs, sorted */
	size_t nadds;
	bool done;		/* apply: its ADDs are all written */
	size_t olen;
	uint8_t name[];		/* lower case */
};

struct zs_ixfr {
	uint8_t origin[ZS_DNAME_MAXLEN];
	size_t olen;
	uint16_t rrclass;
	uint32_t from;
	uint32_t serial;	/* reached by the deltas so far */
	uint64_t max;		/* records held at most */
	uint64_t maxbytes;	/* bytes held at most */
	uint64_t live;		/* records held */
	uint64_t bytes;		/* bytes held */
	uint64_t seq;
	uint64_t deltas;
	int err;		/* first error (sticky) */
	bool in_delta;
	uint64_t seed;		/* of the table hashes */
	struct hnode **etab;	/* record hash table (entries) */
	size_t esize;		/* power of 2 */
	struct hnode **otab;	/* owner hash table (owners) */
	size_t osize;
	size_t nowners;
	uint8_t *key;		/* RDATA_MAX scratch: lower-cased RDATA */
	uint8_t *rdata;		/* RDATA_MAX scratch: RDATA as is */
	bool have_soa;		/* a delta gave the new SOA */
	uint8_t soa_owner[ZS_DNAME_MAXLEN];
	size_t soa_olen;
	uint32_t soa_ttl;
	uint8_t soa[2 * ZS_DNAME_MAXLEN + 20];
	uint16_t soa_len;
};

struct zs_ixfr *
zs_ixfr_new(const uint8_t *origin, size_t olen, uint16_t rrclass,
    uint32_t from, uint64_t max_change)
{
	struct zs_ixfr *ix;

	if (zs_dname_check(origin, olen) != 0 ||
	    (ix = calloc(1, sizeof(*ix))) == NULL)
		return NULL;
	memcpy(ix->origin, origin, olen);
	ix->olen = olen;
	ix->rrclass = rrclass;
	ix->from = ix->serial = from;
	ix->max = max_change != 0 ? max_change : ZS_IXFR_MAX_CHANGE;
	ix->maxbytes = ZS_IXFR_MAX_BYTES;
	ix->esize = ix->osize = 64;
	/*
	 * The primary chooses the records: a seed it cannot know (the
	 * randomised addresses of this object and of the stack) keeps it
	 * from filling one hash chain, at no cost to determinism (output
	 * order never depends on the tables).  Not a secret against a
	 * local attacker, who has easier ways.
	 */
	ix->seed = zs_ixfr_hash((uint64_t)(uintptr_t)ix,
	    (const uint8_t *)&ix, sizeof(ix)) ^ (uint64_t)(uintptr_t)&from;
	if ((ix->etab = calloc(ix->esize, sizeof(*ix->etab))) == NULL ||
	    (ix->otab = calloc(ix->osize, sizeof(*ix->otab))) == NULL ||
	    (ix->key = malloc(RDATA_MAX)) == NULL ||
	    (ix->rdata = malloc(RDATA_MAX)) == NULL) {
		zs_ixfr_free(ix);
		return NULL;
	}
	return ix;
}

/* Double a chained table, rehashing its nodes; 0 or ZS_ENOMEM. */
static int
htab_grow(struct hnode ***tab, size_t *size)
{
	size_t n = *size * 2, i;
	struct hnode **t, *h, *hn;

	if ((t = calloc(n, sizeof(*t))) == NULL)
		return ZS_ENOMEM;
	for (i = 0; i < *size; i++)
		for (h = (*tab)[i]; h != NULL; h = hn) {
			hn = h->next;
			h->next = t[h->hash & (n - 1)];
			t[h->hash & (n - 1)] = h;
		}
	free(*tab);
	*tab = t;
	*size = n;
	return 0;
}

static void
htab_link(struct hnode **tab, size_t size, struct hnode *h)
{
	h->next = tab[h->hash & (size - 1)];
	tab[h->hash & (size - 1)] = h;
}

static void
htab_unlink(struct hnode **tab, size_t size, struct hnode *h)
{
	struct hnode **p = &tab[h->hash & (size - 1)];

	while (*p != h)
		p = &(*p)->next;
	*p = h->next;
}

/* Free every node of a table, then the table. */
static void
htab_free(struct hnode **tab, size_t size)
{
	struct hnode *h, *hn;
	size_t i;

	for (i = 0; tab != NULL && i < size; i++)
		for (h = tab[i]; h != NULL; h = hn) {
			hn = h->next;
			free(h);
		}
	free(tab);
}

void
zs_ixfr_free(struct zs_ixfr *ix)
{
	if (ix == NULL)
		return;
	htab_free(ix->etab, ix->esize);
	htab_free(ix->otab, ix->osize);
	free(ix->key);
	free(ix->rdata);
	free(ix);
}

uint32_t
zs_ixfr_serial(const struct zs_ixfr *ix)
{
	return ix->serial;
}

static uint64_t
owner_hash(const struct zs_ixfr *ix, const uint8_t *lname, size_t olen)
{
	return zs_ixfr_hash(ix->seed, lname, olen);
}

static uint64_t
entry_hash(uint64_t oh, uint16_t type, uint16_t rrclass, const uint8_t *key,
    size_t len)
{
	return zs_ixfr_hash(oh ^ ((uint64_t)type << 16 | rrclass), key, len);
}

static struct owner *
owner_find(const struct zs_ixfr *ix, const uint8_t *lname, size_t olen,
    uint64_t h)
{
	struct owner *o;

	for (o = OWN(ix->otab[h & (ix->osize - 1)]); o != NULL; o = OWN(o->hn.next))
		if (o->hn.hash == h && o->olen == olen &&
		    memcmp(o->name, lname, olen) == 0)
			return o;
	return NULL;
}

static struct entry *
entry_find(const struct zs_ixfr *ix, const struct owner *o, uint16_t type,
    uint16_t rrclass, const uint8_t *key, size_t len)
{
	uint64_t h = entry_hash(o->hn.hash, type, rrclass, key, len);
	struct entry *e;

	for (e = ENT(ix->etab[h & (ix->esize - 1)]); e != NULL; e = ENT(e->hn.next))
		if (e->hn.hash == h && e->own == o && e->type == type &&
		    e->rrclass == rrclass && e->rdlen == len &&
		    memcmp(e->data, key, len) == 0)
			return e;
	return NULL;
}

static const uint8_t *
entry_rdata(const struct entry *e)
{
	return e->data + e->rdlen;
}

static const uint8_t *
entry_owner(const struct entry *e)
{
	return e->data + 2 * (size_t)e->rdlen;
}

static void
entry_remove(struct zs_ixfr *ix, struct entry *e)
{
	struct owner *o = e->own;

	htab_unlink(ix->etab, ix->esize, &e->hn);
	ix->live--;
	ix->bytes -= e->size;
	free(e);
	if (--o->nentries > 0)
		return;
	/* No change left for this owner: the apply pass can skip it. */
	htab_unlink(ix->otab, ix->osize, &o->hn);
	ix->nowners--;
	ix->bytes -= o->size;
	free(o);
}

/* Fail the change for good: every later call returns the same. */
static int
fail(struct zs_ixfr *ix, int err)
{
	return ix->err = err;
}

int
zs_ixfr_delta(struct zs_ixfr *ix, const struct zs_rr *old_soa,
    const struct zs_rr *new_soa)
{
	struct zs_soa o, n;
	size_t len;
	int ret;

	if (ix->err != 0)
		return ix->err;
	if (old_soa->type != ZS_TYPE_SOA || new_soa->type != ZS_TYPE_SOA)
		return fail(ix, ZS_EINVAL);
	if (old_soa->rrclass != ix->rrclass || new_soa->rrclass != ix->rrclass)
		return fail(ix, ZS_ECLASS);
	if (!zs_dname_eq_nocase(old_soa->owner, old_soa->owner_len,
	    ix->origin, ix->olen) || !zs_dname_eq_nocase(new_soa->owner,
	    new_soa->owner_len, ix->origin, ix->olen))
		return fail(ix, ZS_ENOTAPEX);
	if (zs_msg_soa(old_soa->rdata, &o) != 0 ||
	    zs_msg_soa(new_soa->rdata, &n) != 0)
		return fail(ix, ZS_EBADRDATA);
	/* RFC 1995 section 4: each difference sequence starts where the
	 * previous one ended. */
	if (o.serial != ix->serial)
		return fail(ix, ZS_ECHAIN);
	if ((ret = zs_rdata_towire(new_soa->rrclass, ZS_TYPE_SOA,
	    new_soa->rdata, ix->soa, sizeof(ix->soa), &len, 0)) != 0)
		return fail(ix, ZS_EBADRDATA);
	memcpy(ix->soa_owner, new_soa->owner, new_soa->owner_len);
	ix->soa_olen = new_soa->owner_len;
	ix->soa_ttl = new_soa->ttl;
	ix->soa_len = (uint16_t)len;
	ix->have_soa = true;
	ix->serial = n.serial;
	ix->deltas++;
	ix->in_delta = true;
	return 0;
}

/* A new entry for rr (key and rdata in ix's scratch buffers). */
static int
entry_new(struct zs_ixfr *ix, struct owner **op, const uint8_t *lname,
    uint64_t oh, const struct zs_rr *rr, size_t rdlen, uint64_t h,
    int state)
{
	struct owner *o = *op;
	struct entry *e;
	size_t size, osize = 0;
	int ret;

	if (ix->live >= ix->max)
		return ZS_ETOOMANY;
	size = sizeof(*e) + 2 * rdlen + rr->owner_len + sizeof(void *);
	if (o == NULL)
		osize = sizeof(*o) + rr->owner_len + sizeof(void *);
	if (ix->bytes + size + osize > ix->maxbytes)
		return ZS_ETOOMANY;
	if (o == NULL) {
		if (ix->nowners >= ix->osize && (ret = htab_grow(&ix->otab, &ix->osize)) != 0)
			return ret;
		if ((o = calloc(1, sizeof(*o) + rr->owner_len)) == NULL)
			return ZS_ENOMEM;
		o->hn.hash = oh;
		o->olen = rr->owner_len;
		o->size = osize;
		memcpy(o->name, lname, o->olen);
		htab_link(ix->otab, ix->osize, &o->hn);
		ix->nowners++;
		ix->bytes += osize;
		*op = o;
	}
	if (ix->live >= ix->esize && (ret = htab_grow(&ix->etab, &ix->esize)) != 0)
		return ret;	/* an owner with no entry is harmless */
	if ((e = calloc(1, sizeof(*e) + 2 * rdlen + rr->owner_len)) == NULL)
		return ZS_ENOMEM;
	e->own = o;
	e->hn.hash = h;
	e->seq = ix->seq++;
	e->size = size;
	e->ttl = rr->ttl;
	e->type = rr->type;
	e->rrclass = rr->rrclass;
	e->rdlen = (uint16_t)rdlen;
	e->state = (uint8_t)state;
	memcpy(e->data, ix->key, rdlen);
	memcpy(e->data + rdlen, ix->rdata, rdlen);
	memcpy(e->data + 2 * rdlen, rr->owner, rr->owner_len);
	htab_link(ix->etab, ix->esize, &e->hn);
	o->nentries++;
	ix->live++;
	ix->bytes += size;
	return 0;
}

static int
change(struct zs_ixfr *ix, const struct zs_rr *rr, bool add)
{
	uint8_t lname[ZS_DNAME_MAXLEN];
	struct owner *o;
	struct entry *e;
	size_t len, klen;
	uint64_t oh, h;
	int ret;

	if (ix->err != 0)
		return ix->err;
	if (!ix->in_delta)
		return ZS_EINVAL;	/* a caller's bug, not the primary's */
	if (rr->type == ZS_TYPE_SOA)
		/* Only zs_ixfr_delta moves the SOA; elsewhere it is bogus. */
		return fail(ix, zs_dname_eq_nocase(rr->owner, rr->owner_len,
		    ix->origin, ix->olen) ? ZS_EINVAL : ZS_ENOTAPEX);
	if (rr->rrclass != ix->rrclass)
		return fail(ix, ZS_ECLASS);
	if (zs_dname_check(rr->owner, rr->owner_len) != 0)
		return fail(ix, ZS_EBADNAME);
	if (!zs_dname_is_subdomain(rr->owner, rr->owner_len, ix->origin,
	    ix->olen))
		return fail(ix, ZS_EOUTOFZONE);
	if ((ret = zs_rdata_towire(rr->rrclass, rr->type, rr->rdata,
	    ix->rdata, RDATA_MAX, &len, 0)) != 0 ||
	    (ret = zs_rdata_towire(rr->rrclass, rr->type, rr->rdata,
	    ix->key, RDATA_MAX, &klen, ZS_RDATA_LOWER)) != 0)
		return fail(ix, ret == ZS_ESPACE ? ZS_ETOOBIG : ret);
	if (klen != len)
		return fail(ix, ZS_EBADRDATA);	/* folding keeps lengths */
	memcpy(lname, rr->owner, rr->owner_len);
	zs_dname_lower(lname, rr->owner_len);
	oh = owner_hash(ix, lname, rr->owner_len);
	o = owner_find(ix, lname, rr->owner_len, oh);
	e = o != NULL ? entry_find(ix, o, rr->type, rr->rrclass, ix->key,
	    len) : NULL;
	if (e == NULL) {
		h = entry_hash(oh, rr->type, rr->rrclass, ix->key, len);
		if ((ret = entry_new(ix, &o, lname, oh, rr, len, h,
		    add ? E_ADD : E_DEL)) != 0)
			return fail(ix, ret);
		return 0;
	}
	switch (e->state) {
	case E_DEL:
		if (!add)
			return fail(ix, ZS_EDIFF);
		/* Deleted then added again: same record, maybe a new TTL or
		 * case, in its old place.  Lengths are those of the key. */
		e->state = E_REPL;
		e->ttl = rr->ttl;
		memcpy(e->data + len, ix->rdata, len);
		memcpy(e->data + 2 * len, rr->owner, rr->owner_len);
		return 0;
	case E_ADD:
		if (add)
			return fail(ix, ZS_EDIFF);
		entry_remove(ix, e);
		return 0;
	default:	/* E_REPL */
		if (add)
			return fail(ix, ZS_EDIFF);
		e->state = E_DEL;
		return 0;
	}
}

int
zs_ixfr_del(struct zs_ixfr *ix, const struct zs_rr *rr)
{
	return change(ix, rr, false);
}

int
zs_ixfr_add(struct zs_ixfr *ix, const struct zs_rr *rr)
{
	return change(ix, rr, true);
}

uint64_t
zs_ixfr_pending(const struct zs_ixfr *ix)
{
	return ix->live;
}

/* ---- apply: one pass over the old snapshot */

struct apply {
	struct zs_ixfr *ix;
	struct zs_snap *out;
	zs_ixfr_rr_fn fn;
	void *arg;
	uint64_t records;	/* written */
	/* the current runs */
	uint8_t lname[ZS_DNAME_MAXLEN];	/* owner, lower case */
	size_t olen;
	struct owner *own;	/* its pending changes, or NULL */
	uint16_t type;
	uint16_t rrclass;
};

static int
emit(struct apply *a, const uint8_t *owner, size_t olen, uint16_t type,
    uint16_t rrclass, uint32_t ttl, const uint8_t *rdata, uint16_t rdlen)
{
	struct zs_rr rr;
	int ret;

	memcpy(rr.owner, owner, olen);
	rr.owner_len = olen;
	rr.type = type;
	rr.rrclass = rrclass;
	rr.ttl = ttl;
	rr.rdlen = rdlen;
	rr.rdata = zs_rd_init(rdata, rdlen);
	rr.offset = 0;
	if (a->out != NULL && (ret = zs_snap_put(a->out, &rr, true)) != 0)
		return ret;
	if (a->fn != NULL && (ret = a->fn(a->arg, &rr)) != 0)
		return ret;
	a->records++;
	return 0;
}

static int
emit_entry(struct apply *a, struct entry *e)
{
	e->emitted = true;
	return emit(a, entry_owner(e), e->own->olen, e->type, e->rrclass,
	    e->ttl, entry_rdata(e), e->rdlen);
}

static int
cmp_adds(const void *pa, const void *pb)
{
	const struct entry *a = *(const struct entry *const *)pa;
	const struct entry *b = *(const struct entry *const *)pb;
	int d;

	if (a->own != b->own &&
	    (d = zs_dname_cmp_canonical(a->own->name, a->own->olen,
	    b->own->name, b->own->olen)) != 0)
		return d;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->rrclass != b->rrclass)
		return a->rrclass < b->rrclass ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The RRset run (a->own, a->type, a->rrclass) ends: its additions. */
static int
end_rrset(struct apply *a)
{
	struct owner *o = a->own;
	size_t lo = 0, hi, i;
	int ret;

	if (o == NULL || o->done)
		return 0;
	hi = o->nadds;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct entry *e = o->adds[mid];

		if (e->type < a->type ||
		    (e->type == a->type && e->rrclass < a->rrclass))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < o->nadds && o->adds[i]->type == a->type &&
	    o->adds[i]->rrclass == a->rrclass; i++)
		if (!o->adds[i]->emitted &&
		    (ret = emit_entry(a, o->adds[i])) != 0)
			return ret;
	return 0;
}

/* The owner run ends: the owner's additions of types it did not have. */
static int
end_owner(struct apply *a)
{
	struct owner *o = a->own;
	size_t i;
	int ret;

	if (o == NULL || o->done)
		return 0;
	for (i = 0; i < o->nadds; i++)
		if (!o->adds[i]->emitted &&
		    (ret = emit_entry(a, o->adds[i])) != 0)
			return ret;
	o->done = true;
	return 0;
}

/* A new owner run starts with owner. */
static void
start_owner(struct apply *a, const uint8_t *owner, size_t olen)
{
	memcpy(a->lname, owner, olen);
	a->olen = olen;
	zs_dname_lower(a->lname, olen);
	a->own = a->ix->nowners == 0 ? NULL : owner_find(a->ix, a->lname,
	    olen, owner_hash(a->ix, a->lname, olen));
}

/*
 * Reset the apply marks and list the ADDs sorted by owner, type, class
 * and arrival; each owner gets its slice.  Returns the array (NULL when
 * there is no ADD) or sets *err.
 */
static struct entry **
prepare(struct zs_ixfr *ix, size_t *nadd, int *err)
{
	struct entry **v = NULL, *e;
	struct owner *o;
	size_t i, j, n = 0;

	for (i = 0; i < ix->osize; i++)
		for (o = OWN(ix->otab[i]); o != NULL; o = OWN(o->hn.next)) {
			o->adds = NULL;
			o->nadds = 0;
			o->done = false;
		}
	for (i = 0; i < ix->esize; i++)
		for (e = ENT(ix->etab[i]); e != NULL; e = ENT(e->hn.next)) {
			e->found = e->emitted = false;
			if (e->state == E_ADD)
				n++;
		}
	*nadd = n;
	*err = 0;
	if (n == 0)
		return NULL;
	if ((v = calloc(n, sizeof(*v))) == NULL) {
		*err = ZS_ENOMEM;
		return NULL;
	}
	n = 0;
	for (i = 0; i < ix->esize; i++)
		for (e = ENT(ix->etab[i]); e != NULL; e = ENT(e->hn.next))
			if (e->state == E_ADD)
				v[n++] = e;
	qsort(v, n, sizeof(*v), cmp_adds);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j]->own == v[i]->own; j++)
			;
		v[i]->own->adds = v + i;
		v[i]->own->nadds = j - i;
	}
	return v;
}

/* The base record rec at the start of the pass: the old SOA. */
static int
apply_soa(struct apply *a, const struct zs_snaprd *r,
    const struct zs_snaprec *rec)
{
	struct zs_ixfr *ix = a->ix;
	struct zs_soa soa;

	if (rec->type != ZS_TYPE_SOA ||
	    !zs_dname_eq_nocase(rec->owner, rec->owner_len, ix->origin,
	    ix->olen) || zs_msg_soa(zs_rd_init(rec->rdata, rec->rdlen),
	    &soa) != 0 || soa.serial != r->h.serial)
		return ZS_ESNAP;
	start_owner(a, rec->owner, rec->owner_len);
	a->type = rec->type;
	a->rrclass = rec->rrclass;
	if (!ix->have_soa)
		return emit(a, rec->owner, rec->owner_len, rec->type,
		    rec->rrclass, rec->ttl, rec->rdata, rec->rdlen);
	return emit(a, ix->soa_owner, ix->soa_olen, ZS_TYPE_SOA, ix->rrclass,
	    ix->soa_ttl, ix->soa, ix->soa_len);
}

/* One base record after the SOA. */
static int
apply_rec(struct apply *a, const struct zs_snaprec *rec)
{
	struct zs_ixfr *ix = a->ix;
	struct entry *e;
	size_t klen;
	int ret;

	if (!zs_dname_eq_nocase(rec->owner, rec->owner_len, a->lname,
	    a->olen)) {
		if ((ret = end_rrset(a)) != 0 || (ret = end_owner(a)) != 0)
			return ret;
		start_owner(a, rec->owner, rec->owner_len);
		a->type = rec->type;
		a->rrclass = rec->rrclass;
	} else if (rec->type != a->type || rec->rrclass != a->rrclass) {
		if ((ret = end_rrset(a)) != 0)
			return ret;
		a->type = rec->type;
		a->rrclass = rec->rrclass;
	}
	if (rec->type == ZS_TYPE_SOA)
		return ZS_ESNAP;	/* zs_snap_add writes one, first */
	if (a->own == NULL)
		return emit(a, rec->owner, rec->owner_len, rec->type,
		    rec->rrclass, rec->ttl, rec->rdata, rec->rdlen);
	if (zs_rdata_towire(rec->rrclass, rec->type, zs_rd_init(rec->rdata,
	    rec->rdlen), ix->key, RDATA_MAX, &klen, ZS_RDATA_LOWER) != 0)
		return ZS_ESNAP;
	e = entry_find(ix, a->own, rec->type, rec->rrclass, ix->key, klen);
	if (e == NULL)
		return emit(a, rec->owner, rec->owner_len, rec->type,
		    rec->rrclass, rec->ttl, rec->rdata, rec->rdlen);
	switch (e->state) {
	case E_ADD:
		return ZS_EDIFF;	/* RFC 1995: adding what is there */
	case E_DEL:
		e->found = true;
		return 0;
	default:	/* E_REPL: once, even if the base held it twice */
		if (e->found)
			return 0;
		e->found = true;
		return emit_entry(a, e);
	}
}

int
zs_ixfr_apply(struct zs_ixfr *ix, const char *zonefile,
    struct zs_snap *out, zs_ixfr_rr_fn fn, void *arg,
    struct zs_ixfr_stats *st)
{
	struct apply a;
	struct zs_snaprd r;
	struct zs_snaprec rec = { 0 };
	struct entry **adds = NULL, *e;
	struct zs_ixfr_stats s;
	size_t nadd = 0, i;
	bool first = true;
	int ret;

	if (ix->err != 0)
		return ix->err;
	memset(&a, 0, sizeof(a));
	a.ix = ix;
	a.out = out;
	a.fn = fn;
	a.arg = arg;
	if ((ret = zs_snaprd_open(&r, zonefile, ix->origin, ix->olen,
	    ix->rrclass)) != 0) {
		if (ret == -ENOENT)
			ret = ZS_ESNAP;
		goto out;
	}
	if (r.h.serial != ix->from) {
		ret = ZS_ESNAP;
		goto out;
	}
	adds = prepare(ix, &nadd, &ret);
	if (ret != 0)
		goto out;
	while ((ret = zs_snaprd_next(&r, &rec)) == 1) {
		ret = first ? apply_soa(&a, &r, &rec) : apply_rec(&a, &rec);
		if (ret != 0)
			goto out;
		first = false;
	}
	if (ret != 0)
		goto out;
	if (first) {
		ret = ZS_ESNAP;		/* no SOA: not a zone */
		goto out;
	}
	if ((ret = end_rrset(&a)) != 0 || (ret = end_owner(&a)) != 0)
		goto out;
	/* Owners the base does not have, in canonical order. */
	for (i = 0; i < nadd; i++)
		if (!adds[i]->emitted && (ret = emit_entry(&a, adds[i])) != 0)
			goto out;
	memset(&s, 0, sizeof(s));
	for (i = 0; i < ix->esize; i++)
		for (e = ENT(ix->etab[i]); e != NULL; e = ENT(e->hn.next)) {
			if (e->state != E_ADD && !e->found) {
				ret = ZS_EDIFF;	/* deleting what is not there */
				goto out;
			}
			if (e->state == E_DEL)
				s.deleted++;
			else if (e->state == E_ADD)
				s.added++;
			else
				s.replaced++;
		}
	s.from = ix->from;
	s.to = ix->serial;
	s.deltas = ix->deltas;
	s.records = a.records;
	if (st != NULL)
		*st = s;
	ret = 0;
out:
	free(adds);
	zs_snaprd_close(&r);
	return ret;
}
