/*
 * wire.h - bounds-checked read and write cursors over DNS wire data.
 *
 * A cursor keeps the *first* error it meets.  Once err is set, every read
 * returns zero (or NULL) and every write does nothing, so a parser can make
 * many reads and check err once at the end.  Only wire.c and dname.c do
 * pointer arithmetic on packets; everything else goes through here.
 *
 * A read cursor remembers the whole message (msg, msglen) next to its
 * window [pos, end), so a name inside an RDATA window can still follow a
 * compression pointer back into the message.
 */
#ifndef ZS_WIRE_H
#define ZS_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct zs_rd {
	const uint8_t *msg;	/* start of the whole message (borrowed) */
	size_t msglen;		/* length of the whole message */
	size_t pos;		/* offset of the next byte to read */
	size_t end;		/* offset one past the window's last byte */
	int err;		/* first error met, 0 if none (sticky) */
};

struct zs_wr {
	uint8_t *buf;		/* output buffer (borrowed) */
	size_t cap;		/* its size */
	size_t pos;		/* bytes written so far */
	int err;		/* first error met, 0 if none (sticky) */
};

/* A cursor over the whole of msg[0..len).  Borrows msg. */
static inline struct zs_rd
zs_rd_init(const uint8_t *msg, size_t len)
{
	struct zs_rd rd = { msg, len, 0, len, 0 };
	return rd;
}

/* Bytes left in the window (0 once an error is set). */
static inline size_t
zs_rd_left(const struct zs_rd *rd)
{
	return rd->err != 0 ? 0 : rd->end - rd->pos;
}

/* Set err to e unless an earlier error is already set. */
static inline void
zs_rd_fail(struct zs_rd *rd, int e)
{
	if (rd->err == 0)
		rd->err = e;
}

/*
 * Take n bytes: returns a view of them (valid as long as the message) and
 * advances, or returns NULL and sets ZS_ETRUNC.  n == 0 returns a non-NULL
 * pointer to the current position when no error is set.
 */
static inline const uint8_t *
zs_rd_bytes(struct zs_rd *rd, size_t n)
{
	const uint8_t *p;

	if (rd->err != 0)
		return NULL;
	if (zs_rd_left(rd) < n) {
		zs_rd_fail(rd, ZS_ETRUNC);
		return NULL;
	}
	p = rd->msg + rd->pos;
	rd->pos += n;
	return p;
}

/* Big-endian loads for callers holding a plain byte pointer. */
static inline uint16_t
zs_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
zs_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Stores in network order, for fixed layouts (raw files, snapshots). */
static inline void
zs_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
zs_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * Fixed-size reads: 0 (and ZS_ETRUNC set) when too few bytes are left.
 * Each is zs_rd_bytes() plus a load, so the bounds check lives in one place.
 */
static inline uint8_t
zs_rd_u8(struct zs_rd *rd)
{
	const uint8_t *p = zs_rd_bytes(rd, 1);

	return p != NULL ? p[0] : 0;
}

static inline uint16_t
zs_rd_u16(struct zs_rd *rd)
{
	const uint8_t *p = zs_rd_bytes(rd, 2);

	return p != NULL ? zs_be16(p) : 0;
}

static inline uint32_t
zs_rd_u32(struct zs_rd *rd)
{
	const uint8_t *p = zs_rd_bytes(rd, 4);

	return p != NULL ? zs_be32(p) : 0;
}

/* 48-bit big-endian value (TSIG time signed). */
static inline uint64_t
zs_rd_u48(struct zs_rd *rd)
{
	uint64_t hi = zs_rd_u16(rd);
	uint32_t lo = zs_rd_u32(rd);

	/* A short read must yield 0, not the half that was read. */
	return rd->err != 0 ? 0 : hi << 32 | lo;
}

/* Pointer to the next byte without consuming it (NULL on error or end). */
static inline const uint8_t *
zs_rd_peek(const struct zs_rd *rd)
{
	return zs_rd_left(rd) > 0 ? rd->msg + rd->pos : NULL;
}

/*
 * A child cursor over the next n bytes, and advance the parent past them.
 * The child shares msg (so compression pointers still resolve).  If fewer
 * than n bytes are left, both get ZS_ETRUNC.
 */
static inline struct zs_rd
zs_rd_sub(struct zs_rd *rd, size_t n)
{
	struct zs_rd sub = *rd;

	if (zs_rd_left(rd) < n) {
		zs_rd_fail(rd, ZS_ETRUNC);
		sub.err = rd->err;
		sub.end = sub.pos;
		return sub;
	}
	sub.end = rd->pos + n;
	rd->pos += n;
	return sub;
}

static inline struct zs_wr
zs_wr_init(uint8_t *buf, size_t cap)
{
	struct zs_wr wr = { buf, cap, 0, 0 };
	return wr;
}

static inline void
zs_wr_bytes(struct zs_wr *wr, const void *p, size_t n)
{
	const uint8_t *s = p;
	size_t i;

	if (wr->err != 0)
		return;
	if (wr->cap - wr->pos < n) {
		wr->err = ZS_ESPACE;
		return;
	}
	for (i = 0; i < n; i++)
		wr->buf[wr->pos + i] = s[i];
	wr->pos += n;
}

static inline void
zs_wr_u8(struct zs_wr *wr, uint8_t v)
{
	zs_wr_bytes(wr, &v, 1);
}

static inline void
zs_wr_u16(struct zs_wr *wr, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	zs_wr_bytes(wr, b, 2);
}

static inline void
zs_wr_u32(struct zs_wr *wr, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 8), (uint8_t)v };
	zs_wr_bytes(wr, b, 4);
}

static inline void
zs_wr_u48(struct zs_wr *wr, uint64_t v)
{
	zs_wr_u16(wr, (uint16_t)(v >> 32));
	zs_wr_u32(wr, (uint32_t)v);
}

/* Overwrite a 16-bit value already written at offset off. */
static inline void
zs_wr_put_u16_at(struct zs_wr *wr, size_t off, uint16_t v)
{
	if (wr->err != 0)
		return;
	if (off + 2 > wr->pos) {
		wr->err = ZS_ERANGE;
		return;
	}
	wr->buf[off] = (uint8_t)(v >> 8);
	wr->buf[off + 1] = (uint8_t)v;
}

#endif /* ZS_WIRE_H */
