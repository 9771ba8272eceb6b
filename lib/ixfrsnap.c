/*
 * ixfrsnap.c - the zone snapshot beside each zone file: writer, header
 * check and streaming reader.  The layout is described at the top of
 * ixfr.c, with the engine that reads and rewrites it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "dname.h"
#include "err.h"
#include "ixfr.h"
#include "ixfrint.h"
#include "rdata.h"
#include "rrtype.h"

#define SNAP_MAGIC	"ZSSNAP\r\n"
#define SNAP_VERSION	1
#define SNAP_COMPLETE	0x0001
#define SNAP_FIXED	49		/* header octets before the origin */
#define SNAP_HDRMAX	(SNAP_FIXED + ZS_DNAME_MAXLEN + 8)
#define SNAP_SUFFIX	".snap"
#define SNAP_TMPPREFIX	"snap+"
#define SNAP_MODE	0644

#define REC_FIXED	11	/* owner length, type, class, TTL, rdlen */
#define REC_MAX		(REC_FIXED + ZS_DNAME_MAXLEN + ZS_SNAP_RDATA_MAX)
#define IOBUF_SIZE	(128 * 1024)	/* holds any record: > REC_MAX */

/* ---- hashing: a word-at-a-time multiply-xorshift, murmur3's finaliser */

static uint64_t
le64(const uint8_t *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	    (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	    (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

static uint64_t
fmix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Byte order is fixed (little-endian words): the checksum is portable. */
uint64_t
zs_ixfr_hash(uint64_t h, const uint8_t *p, size_t n)
{
	uint8_t tail[8];

	h ^= (uint64_t)n * 0x9e3779b97f4a7c15ULL;
	for (; n >= 8; p += 8, n -= 8) {
		h = (h ^ le64(p)) * 0x9fb21c651e98df25ULL;
		h ^= h >> 28;
	}
	if (n > 0) {
		memset(tail, 0, sizeof(tail));
		memcpy(tail, p, n);
		h = (h ^ le64(tail)) * 0x9fb21c651e98df25ULL;
		h ^= h >> 28;
	}
	return fmix64(h);
}

static void
put64(uint8_t *p, uint64_t v)
{
	zs_put_be32(p, (uint32_t)(v >> 32));
	zs_put_be32(p + 4, (uint32_t)v);
}

static uint64_t
get64(const uint8_t *p)
{
	return (uint64_t)zs_be32(p) << 32 | zs_be32(p + 4);
}

/* zonefile + ".snap", a new string or NULL. */
static char *
snap_path(const char *zonefile)
{
	size_t n = strlen(zonefile);
	char *p = malloc(n + sizeof(SNAP_SUFFIX));

	if (p != NULL) {
		memcpy(p, zonefile, n);
		memcpy(p + n, SNAP_SUFFIX, sizeof(SNAP_SUFFIX));
	}
	return p;
}

/* ---- the header */


/* Encode h into p (SNAP_HDRMAX octets); returns the header length. */
static size_t
hdr_encode(uint8_t *p, const struct zs_snaphdr *h)
{
	size_t n = SNAP_FIXED + h->olen;

	memcpy(p, SNAP_MAGIC, 8);
	zs_put_be16(p + 8, SNAP_VERSION);
	zs_put_be16(p + 10, h->flags);
	zs_put_be16(p + 12, h->rrclass);
	zs_put_be16(p + 14, (uint16_t)(n + 8));
	zs_put_be32(p + 16, h->serial);
	zs_put_be32(p + 20, 0);
	put64(p + 24, h->records);
	put64(p + 32, h->bytes);
	put64(p + 40, h->sum);
	p[48] = (uint8_t)h->olen;
	memcpy(p + SNAP_FIXED, h->origin, h->olen);
	put64(p + n, zs_ixfr_hash(0, p, n));
	return n + 8;
}

/*
 * Decode a header from p[0..len).  Returns 0, 1 when more octets are
 * needed (*need set), or ZS_ESNAP.
 */
static int
hdr_decode(const uint8_t *p, size_t len, struct zs_snaphdr *h, size_t *need)
{
	size_t olen, n;

	if (len < SNAP_FIXED) {
		*need = SNAP_FIXED;
		return 1;
	}
	if (memcmp(p, SNAP_MAGIC, 8) != 0 || zs_be16(p + 8) != SNAP_VERSION)
		return ZS_ESNAP;
	olen = p[48];
	n = SNAP_FIXED + olen;
	if (olen == 0 || zs_be16(p + 14) != n + 8)
		return ZS_ESNAP;
	if (len < n + 8) {
		*need = n + 8;
		return 1;
	}
	if (get64(p + n) != zs_ixfr_hash(0, p, n) ||
	    zs_dname_check(p + SNAP_FIXED, olen) != 0)
		return ZS_ESNAP;
	h->flags = zs_be16(p + 10);
	h->rrclass = zs_be16(p + 12);
	h->serial = zs_be32(p + 16);
	h->records = get64(p + 24);
	h->bytes = get64(p + 32);
	h->sum = get64(p + 40);
	memcpy(h->origin, p + SNAP_FIXED, olen);
	h->olen = olen;
	h->hdrlen = n + 8;
	return (h->flags & SNAP_COMPLETE) ? 0 : ZS_ESNAP;
}

/* ---- the snapshot writer */

struct zs_snap {
	struct zs_atomicfile af;	/* the temporary file */
	uint8_t *buf;			/* IOBUF_SIZE write buffer */
	size_t len;			/* octets in buf */
	struct zs_snaphdr h;		/* counts and checksum so far */
	bool have_soa;			/* the first record (SOA) is in */
	bool finished;			/* header final, file closed */
	int err;			/* first write error (sticky) */
};

static int
snap_flush(struct zs_snap *s)
{
	int ret;

	if (s->err != 0)
		return s->err;
	if (s->len > 0 && (ret = zs_atomicfile_write(&s->af, s->buf,
	    s->len)) != 0)
		return s->err = ret;
	s->len = 0;
	return 0;
}

int
zs_snap_open(struct zs_snap **out, const char *zonefile,
    const uint8_t *origin, size_t olen, uint16_t rrclass)
{
	static const struct zs_atomicfile afinit = ZS_ATOMICFILE_INIT;
	struct zs_snap *s;
	char *path = NULL;
	int ret;

	if (zs_dname_check(origin, olen) != 0)
		return ZS_EINVAL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return ZS_ENOMEM;
	s->af = afinit;
	if ((s->buf = malloc(IOBUF_SIZE)) == NULL ||
	    (path = snap_path(zonefile)) == NULL) {
		ret = ZS_ENOMEM;
		goto fail;
	}
	if ((ret = zs_atomicfile_open_prefix(&s->af, path, SNAP_TMPPREFIX,
	    SNAP_MODE, ZS_ATOMICFILE_NOSYNC)) != 0)
		goto fail;
	memcpy(s->h.origin, origin, olen);
	s->h.olen = olen;
	s->h.rrclass = rrclass;
	/* Not complete until zs_snap_finish rewrites it. */
	s->len = s->h.hdrlen = hdr_encode(s->buf, &s->h);
	free(path);
	*out = s;
	return 0;
fail:
	free(path);
	zs_snap_free(s);
	return ret;
}

int
zs_snap_put(struct zs_snap *s, const struct zs_rr *rr, bool raw)
{
	struct zs_soa soa = { .serial = 0 };
	uint8_t *p;
	size_t n, rdlen;
	int ret;

	if (s->err != 0)
		return s->err;
	if (s->finished)
		return ZS_EINVAL;
	if (rr->rrclass != s->h.rrclass)
		return ZS_ECLASS;
	if (zs_dname_check(rr->owner, rr->owner_len) != 0)
		return ZS_EBADNAME;
	if (!s->have_soa) {
		/* The first record is the SOA: the apply pass relies on it. */
		if (rr->type != ZS_TYPE_SOA || !zs_dname_eq_nocase(rr->owner,
		    rr->owner_len, s->h.origin, s->h.olen))
			return ZS_ENOSOA;
		if (zs_msg_soa(rr->rdata, &soa) != 0)
			return ZS_EBADRDATA;
	} else if (rr->type == ZS_TYPE_SOA)
		return zs_dname_eq_nocase(rr->owner, rr->owner_len,
		    s->h.origin, s->h.olen) ? ZS_EINVAL : ZS_ENOTAPEX;
	if (IOBUF_SIZE - s->len < REC_MAX && (ret = snap_flush(s)) != 0)
		return ret;
	p = s->buf + s->len;
	p[0] = (uint8_t)rr->owner_len;
	memcpy(p + 1, rr->owner, rr->owner_len);
	n = 1 + rr->owner_len;
	zs_put_be16(p + n, rr->type);
	zs_put_be16(p + n + 2, rr->rrclass);
	zs_put_be32(p + n + 4, rr->ttl);
	if (raw) {
		rdlen = zs_rd_left(&rr->rdata);
		if (rr->rdata.err != 0)
			return ZS_EINVAL;
		memcpy(p + n + 10, rr->rdata.msg + rr->rdata.pos, rdlen);
	} else if ((ret = zs_rdata_towire(rr->rrclass, rr->type, rr->rdata,
	    p + n + 10, ZS_SNAP_RDATA_MAX, &rdlen, 0)) != 0)
		/* Names expanded past 64 KiB: no RR can carry that. */
		return ret == ZS_ESPACE ? ZS_ETOOBIG : ret;
	zs_put_be16(p + n + 8, (uint16_t)rdlen);
	n += 10 + rdlen;
	s->h.sum = zs_ixfr_hash(s->h.sum, p, n);
	s->h.bytes += n;
	s->h.records++;
	s->len += n;
	if (!s->have_soa) {
		s->have_soa = true;
		s->h.serial = soa.serial;
	}
	return 0;
}

int
zs_snap_add(struct zs_snap *s, const struct zs_rr *rr)
{
	return zs_snap_put(s, rr, false);
}

int
zs_snap_finish(struct zs_snap *s, uint32_t serial)
{
	uint8_t hdr[SNAP_HDRMAX];
	size_t n, off = 0;
	ssize_t w;
	int ret;

	if (s->finished)
		return ZS_EINVAL;
	if (!s->have_soa)
		return ZS_ENOSOA;
	if (serial != s->h.serial)
		return ZS_EINVAL;
	if ((ret = snap_flush(s)) != 0)
		return ret;
	s->h.flags = SNAP_COMPLETE;
	n = hdr_encode(hdr, &s->h);
	while (off < n) {
		w = pwrite(s->af.fd, hdr + off, n - off, (off_t)off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return s->err = -errno;
		}
		off += (size_t)w;
	}
	if ((ret = zs_atomicfile_sync(&s->af)) != 0)
		return s->err = ret;
	s->finished = true;
	return 0;
}

int
zs_snap_install(struct zs_snap *s)
{
	if (!s->finished || s->err != 0)
		return ZS_EINVAL;
	return zs_atomicfile_rename(&s->af);
}

uint64_t
zs_snap_records(const struct zs_snap *s)
{
	return s->h.records;
}

void
zs_snap_free(struct zs_snap *s)
{
	if (s == NULL)
		return;
	zs_atomicfile_abort(&s->af);
	free(s->buf);
	free(s);
}

int
zs_snap_remove(const char *zonefile)
{
	char *path = snap_path(zonefile);
	int ret = 0;

	if (path == NULL)
		return ZS_ENOMEM;
	if (unlink(path) != 0 && errno != ENOENT)
		ret = -errno;
	free(path);
	return ret;
}

/* ---- the snapshot reader: one fixed buffer, whatever the zone size */

/*
 * Make at least need octets available at pos (fewer only at EOF),
 * reading no further than max octets into the buffer.
 */
static int
rd_fill_max(struct zs_snaprd *r, size_t need, size_t max)
{
	ssize_t n;

	if (r->len - r->pos >= need || r->eof)
		return 0;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	while (r->len < need && !r->eof) {
		n = read(r->fd, r->buf + r->len, max - r->len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			r->eof = true;
		r->len += (size_t)n;
	}
	return 0;
}

static int
rd_fill(struct zs_snaprd *r, size_t need)
{
	return rd_fill_max(r, need, IOBUF_SIZE);
}

void
zs_snaprd_close(struct zs_snaprd *r)
{
	if (r->fd >= 0)
		close(r->fd);
	free(r->buf);
	r->fd = -1;
	r->buf = NULL;
}

int
zs_snaprd_open(struct zs_snaprd *r, const char *zonefile,
    const uint8_t *origin, size_t olen, uint16_t rrclass)
{
	struct stat st;
	char *path;
	size_t need = SNAP_FIXED;
	int ret;

	memset(r, 0, sizeof(*r));
	r->fd = -1;
	if ((path = snap_path(zonefile)) == NULL ||
	    (r->buf = malloc(IOBUF_SIZE)) == NULL) {
		free(path);
		return ZS_ENOMEM;
	}
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (r->fd < 0)
		return -errno;
	if (fstat(r->fd, &st) != 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return ZS_ESNAP;
	/* The header only: zs_snap_stat reads no more than that. */
	for (;;) {
		if ((ret = rd_fill_max(r, need, SNAP_HDRMAX)) != 0)
			return ret;
		ret = hdr_decode(r->buf, r->len, &r->h, &need);
		if (ret <= 0)
			break;
		if (r->len < need && r->eof)
			return ZS_ESNAP;
	}
	if (ret != 0)
		return ret;
	if (r->h.rrclass != rrclass ||
	    !zs_dname_eq_nocase(r->h.origin, r->h.olen, origin, olen) ||
	    r->h.bytes > (uint64_t)st.st_size ||
	    (uint64_t)st.st_size - r->h.bytes != r->h.hdrlen)
		return ZS_ESNAP;
	r->pos = r->h.hdrlen;
	return 0;
}

int
zs_snaprd_next(struct zs_snaprd *r, struct zs_snaprec *rec)
{
	const uint8_t *p;
	size_t ol, n;
	int ret;

	/* Refill only for a record that runs past the buffered octets. */
	if ((ret = rd_fill(r, 1)) != 0)
		return ret;
	if (r->pos == r->len) {
		if (r->records != r->h.records || r->bytes != r->h.bytes ||
		    r->sum != r->h.sum)
			return ZS_ESNAP;
		return 0;
	}
	ol = r->buf[r->pos];
	n = 1 + ol + 10;
	if ((ret = rd_fill(r, n)) != 0)
		return ret;
	if (r->len - r->pos < n)
		return ZS_ESNAP;
	n += zs_be16(r->buf + r->pos + 1 + ol + 8);
	if ((ret = rd_fill(r, n)) != 0)
		return ret;
	p = r->buf + r->pos;
	if (r->len - r->pos < n || ol == 0 ||
	    zs_dname_check(p + 1, ol) != 0 ||
	    r->h.bytes - r->bytes < n || r->records == r->h.records)
		return ZS_ESNAP;
	rec->owner = p + 1;
	rec->owner_len = ol;
	rec->type = zs_be16(p + 1 + ol);
	rec->rrclass = zs_be16(p + 1 + ol + 2);
	rec->ttl = zs_be32(p + 1 + ol + 4);
	rec->rdlen = zs_be16(p + 1 + ol + 8);
	rec->rdata = p + 1 + ol + 10;
	if (rec->rrclass != r->h.rrclass)
		return ZS_ESNAP;
	r->sum = zs_ixfr_hash(r->sum, p, n);
	r->bytes += n;
	r->records++;
	r->pos += n;
	return 1;
}

int
zs_snap_stat(const char *zonefile, const uint8_t *origin, size_t olen,
    uint16_t rrclass, uint32_t *serial, uint64_t *records)
{
	struct zs_snaprd r;
	int ret;

	if ((ret = zs_snaprd_open(&r, zonefile, origin, olen, rrclass)) == 0) {
		*serial = r.h.serial;
		*records = r.h.records;
	}
	zs_snaprd_close(&r);
	return ret;
}
