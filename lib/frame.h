/*
 * frame.h - DNS over TCP framing (RFC 1035 4.2.2, RFC 7766 8): each
 * message goes after a 2-octet big-endian length.
 *
 * The reader walks the bytes a caller has read into its own buffer and
 * hands back each complete message as a view into that buffer, so a
 * transfer never copies a message; only the partial frame at the end is
 * moved to the front (zs_frame_keep) before the next read.
 *
 *	struct zs_frame fr = zs_frame_init(buf, len, cap - 2);
 *	while ((r = zs_frame_next(&fr, &msg, &mlen)) == 1)
 *		handle(msg, mlen);
 *	if (r < 0) fail;
 *	len = zs_frame_keep(buf, len, fr.pos);
 */
#ifndef ZS_FRAME_H
#define ZS_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "wire.h"

#define ZS_FRAME_HDRLEN	2	/* the length prefix */
#define ZS_FRAME_MAXMSG	65535	/* largest message a prefix can announce */

/* A reader over buf[0..len); fields are read-only for callers. */
struct zs_frame {
	const uint8_t *buf;	/* the caller's buffer (borrowed) */
	size_t len;		/* bytes held in it */
	size_t pos;		/* start of the first frame not handed out */
	size_t max;		/* largest message the caller accepts */
};

/*
 * A reader over buf[0..len) (borrowed) that accepts messages of at most
 * max octets: a caller whose buffer holds cap octets passes cap - 2, so
 * that any frame it is told to wait for fits in the buffer.
 */
struct zs_frame zs_frame_init(const uint8_t *buf, size_t len, size_t max);

/*
 * The next complete message.  Returns 1 and sets *msg (a view into the
 * buffer, valid as long as the buffer is unchanged) and *mlen (which may
 * be 0) and moves pos past the frame; returns 0 when the rest is a partial
 * frame (fewer than 2 octets, or fewer than the announced length), pos
 * then at its start; returns ZS_ETOOBIG when the announced length is over
 * max (pos unchanged, and every later call says so again).
 */
int zs_frame_next(struct zs_frame *fr, const uint8_t **msg, size_t *mlen);

/*
 * Drop the first used octets of buf[0..len) (borrowed, modified): move the
 * rest to the front.  Returns the new length, len - used (used <= len).
 */
size_t zs_frame_keep(uint8_t *buf, size_t len, size_t used);

/*
 * Write the 2-octet length prefix for a message of mlen octets at
 * hdr[0..1].  Returns 0, or ZS_ERANGE (hdr untouched) when mlen is over
 * ZS_FRAME_MAXMSG.
 */
int zs_frame_put_len(uint8_t *hdr, size_t mlen);

#endif /* ZS_FRAME_H */
