/*
 * strbuf.h - growing text buffer used by the rdata and zone file writers.
 *
 * The buffer keeps the first error (ZS_ENOMEM) and ignores later appends,
 * like the wire cursors.  The text is not NUL-terminated until
 * zs_sb_cstr() is called.  Append functions are inline because rendering
 * records to text is the hot path of every transfer.
 */
#ifndef ZS_STRBUF_H
#define ZS_STRBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "err.h"

struct zs_strbuf {
	char *buf;		/* owned storage, NULL until first growth */
	size_t len;		/* bytes of text held */
	size_t cap;		/* allocated size of buf */
	int err;		/* first error met (sticky) */
};

#define ZS_STRBUF_INIT { NULL, 0, 0, 0 }

/* Grow so that at least n more bytes fit.  Returns 0 or ZS_ENOMEM. */
int zs_sb_grow(struct zs_strbuf *sb, size_t n);

/* Free the storage; the buffer is left empty and reusable. */
void zs_sb_free(struct zs_strbuf *sb);

/* printf-style append (slow path; use the typed appends in hot code). */
void zs_sb_appendf(struct zs_strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* NUL-terminate and return the text (owned by sb), or NULL on error. */
const char *zs_sb_cstr(struct zs_strbuf *sb);

/* Make room for n bytes and return where to write them, or NULL. */
static inline char *
zs_sb_reserve(struct zs_strbuf *sb, size_t n)
{
	if (sb->err != 0)
		return NULL;
	/* Grow on first use too: NULL + 0 is undefined behaviour. */
	if ((sb->buf == NULL || sb->cap - sb->len < n) &&
	    zs_sb_grow(sb, n) != 0)
		return NULL;
	return sb->buf + sb->len;
}

static inline void
zs_sb_put(struct zs_strbuf *sb, const void *s, size_t n)
{
	char *p = zs_sb_reserve(sb, n);

	if (p == NULL)
		return;
	memcpy(p, s, n);
	sb->len += n;
}

static inline void
zs_sb_puts(struct zs_strbuf *sb, const char *s)
{
	zs_sb_put(sb, s, strlen(s));
}

static inline void
zs_sb_putc(struct zs_strbuf *sb, char c)
{
	char *p = zs_sb_reserve(sb, 1);

	if (p == NULL)
		return;
	*p = c;
	sb->len++;
}

/* Unsigned decimal, without printf. */
static inline void
zs_sb_u64(struct zs_strbuf *sb, uint64_t v)
{
	char tmp[20];
	size_t n = 0;

	do {
		tmp[sizeof(tmp) - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	zs_sb_put(sb, tmp + sizeof(tmp) - n, n);
}

static inline void
zs_sb_u32(struct zs_strbuf *sb, uint32_t v)
{
	zs_sb_u64(sb, v);
}

/* Drop the text but keep the storage. */
static inline void
zs_sb_reset(struct zs_strbuf *sb)
{
	sb->len = 0;
}

#endif /* ZS_STRBUF_H */
