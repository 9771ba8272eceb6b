/*
 * strbuf.c - growth and formatted append for struct zs_strbuf.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "strbuf.h"

int
zs_sb_grow(struct zs_strbuf *sb, size_t n)
{
	size_t cap;
	char *p;

	if (sb->err != 0)
		return sb->err;
	if (sb->buf != NULL && sb->cap - sb->len >= n)
		return 0;
	cap = sb->cap != 0 ? sb->cap : 256;
	while (cap - sb->len < n) {
		if (cap > SIZE_MAX / 2) {
			sb->err = ZS_ENOMEM;
			return sb->err;
		}
		cap *= 2;
	}
	if ((p = realloc(sb->buf, cap)) == NULL) {
		sb->err = ZS_ENOMEM;
		return sb->err;
	}
	sb->buf = p;
	sb->cap = cap;
	return 0;
}

void
zs_sb_free(struct zs_strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	sb->err = 0;
}

void
zs_sb_appendf(struct zs_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (sb->err == 0)
			sb->err = ZS_EINVAL;
		return;
	}
	if ((p = zs_sb_reserve(sb, (size_t)n + 1)) == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

const char *
zs_sb_cstr(struct zs_strbuf *sb)
{
	char *p = zs_sb_reserve(sb, 1);

	if (p == NULL)
		return NULL;
	*p = '\0';
	return sb->buf;
}
