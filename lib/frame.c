/*
 * frame.c - DNS over TCP length-prefix framing (RFC 1035 4.2.2, RFC 7766).
 */
#include <string.h>

#include "frame.h"

struct zs_frame
zs_frame_init(const uint8_t *buf, size_t len, size_t max)
{
	struct zs_frame fr = { buf, len, 0, max };

	return fr;
}

int
zs_frame_next(struct zs_frame *fr, const uint8_t **msg, size_t *mlen)
{
	struct zs_rd rd = zs_rd_init(fr->buf, fr->len);
	const uint8_t *p;
	size_t n;

	rd.pos = fr->pos;
	n = zs_rd_u16(&rd);
	if (rd.err != 0)
		return 0;
	/*
	 * Checked before waiting for the rest: a frame the buffer can
	 * never hold must fail now, not stall the connection.
	 */
	if (n > fr->max)
		return ZS_ETOOBIG;
	if ((p = zs_rd_bytes(&rd, n)) == NULL)
		return 0;
	*msg = p;
	*mlen = n;
	fr->pos = rd.pos;
	return 1;
}

size_t
zs_frame_keep(uint8_t *buf, size_t len, size_t used)
{
	if (used >= len)
		return 0;
	if (used > 0)
		memmove(buf, buf + used, len - used);
	return len - used;
}

int
zs_frame_put_len(uint8_t *hdr, size_t mlen)
{
	if (mlen > ZS_FRAME_MAXMSG)
		return ZS_ERANGE;
	hdr[0] = (uint8_t)(mlen >> 8);
	hdr[1] = (uint8_t)mlen;
	return 0;
}
