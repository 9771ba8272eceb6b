/*
 * seeds.c - write the seed corpora of fuzz_soa and fuzz_notify (signed
 * ones need the lib to sign).  Not built by make; run from the top:
 *   cc -Ilib -Itest/fuzz -o /tmp/seeds test/fuzz/seeds.c \
 *       lib/libzonesync.a -lcrypto && /tmp/seeds test/fuzz/corpus
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "fuzz_keys.h"
#include "msg.h"

static const char *dir;

static size_t
hex(const char *s, uint8_t *buf)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *s != '\0'; s++) {
		if (*s == ' ')
			continue;
		v = *s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10;
		if (hi < 0)
			hi = v;
		else {
			buf[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return n;
}

static void
put(const char *sub, const char *name, const uint8_t *p, size_t n)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	if ((fp = fopen(path, "wb")) == NULL || fwrite(p, 1, n, fp) != n ||
	    fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
}

/* fuzz_soa input: the mode octet, then the answer. */
static void
soa(const char *name, int keyed, const char *h)
{
	uint8_t b[1024];

	b[0] = (uint8_t)keyed;
	put("soa", name, b, 1 + hex(h, b + 1));
}

/* The query fuzz_soa signs, and its MAC-carrying context. */
static void
soa_query_ctx(struct zs_tsig_ctx *c, const struct zs_tsig_key *k)
{
	uint8_t q[512];
	struct zs_wr wr = zs_wr_init(q, sizeof(q));
	size_t qlen;

	zs_msg_query(&wr, 0, 0, fuzz_zone, sizeof(fuzz_zone), 6, 1);
	qlen = wr.pos;
	if (zs_tsig_sign_query(c, k, q, &qlen, sizeof(q), FUZZ_NOW,
	    ZS_TSIG_FUDGE) != 0)
		abort();
}

/* A signed answer: key k (maybe not the query's) at time t. */
static void
soa_signed(const char *name, const struct zs_tsig_key *k, uint64_t t,
    const char *h, int flip)
{
	struct zs_tsig_ctx qc = ZS_TSIG_CTX_INIT, ac = ZS_TSIG_CTX_INIT;
	uint8_t b[1024];
	size_t n = hex(h, b + 1);

	soa_query_ctx(&qc, &fuzz_keys[0]);
	if (zs_tsig_start(&ac, k, qc.mac, qc.maclen, 0) != 0 ||
	    zs_tsig_sign_response(&ac, b + 1, &n, sizeof(b) - 1, t,
	    ZS_TSIG_FUDGE) != 0)
		abort();
	if (flip)
		b[n - 10] ^= 1;		/* inside the MAC */
	b[0] = 1;
	put("soa", name, b, n + 1);
	zs_tsig_ctx_clear(&qc);
	zs_tsig_ctx_clear(&ac);
}

static void
notify(const char *name, const char *h)
{
	uint8_t b[1024];

	put("notify", name, b, hex(h, b));
}

/* A signed NOTIFY: key k at time t; flip breaks the MAC. */
static void
notify_signed(const char *name, const struct zs_tsig_key *k, uint64_t t,
    const char *h, int flip)
{
	struct zs_tsig_ctx c = ZS_TSIG_CTX_INIT;
	uint8_t b[1024];
	size_t n = hex(h, b);

	if (zs_tsig_sign_query(&c, k, b, &n, sizeof(b), t,
	    ZS_TSIG_FUDGE) != 0)
		abort();
	if (flip)
		b[n - 10] ^= 1;
	put("notify", name, b, n);
	zs_tsig_ctx_clear(&c);
}

/* Two NOTIFYs in one TCP stream, and an oversized frame. */
static void
notify_stream(void)
{
	uint8_t b[2048], m[512];
	size_t n = 0, mlen;

	mlen = hex("0001 2000 0001 0000 0000 0000 07 6578616d706c65 00 0006 0001",
	    m);
	zs_frame_put_len(b, mlen);
	memcpy(b + 2, m, mlen);
	n = 2 + mlen;
	zs_frame_put_len(b + n, mlen);
	memcpy(b + n + 2, m, mlen);
	n += 2 + mlen;
	put("notify", "stream-two", b, n);
	zs_frame_put_len(b + n, 1000);
	put("notify", "stream-toobig", b, n + 2);
	put("notify", "stream-partial", b, n - 3);
}

#define Q	"07 6578616d706c65 00 0006 0001"
#define SOARR	"c00c 0006 0001 00000e10 001e 03 6e7331 c00c 02 686d 00" \
		" 78c40465 00000e10 00000258 00093a80 0000012c"
#define SOARR_UP "07 4558414d504c45 00 0006 0001 00000e10 001e" \
		" 03 6e7331 c00c 02 686d 00" \
		" 78c40465 00000e10 00000258 00093a80 0000012c"
#define NSRR	"c00c 0002 0001 00000e10 0006 03 6e7331 c00c"

int
main(int argc, char **argv)
{
	struct zs_tsig_key bad = fuzz_keys[0];
	static const uint8_t badname[] = { 3, 'b', 'a', 'd', 0 };

	if (argc != 2) {
		fprintf(stderr, "usage: seeds corpus-dir\n");
		return 1;
	}
	dir = argv[1];
	bad.name = badname;
	bad.namelen = sizeof(badname);

	soa("ok", 0, "1234 8400 0001 0001 0000 0000" Q SOARR);
	soa("ok-upper", 0, "1234 8400 0001 0001 0000 0000" Q SOARR_UP);
	soa("ok-ns-first", 0, "1234 8400 0001 0002 0000 0000" Q NSRR SOARR);
	soa("ok-trailing", 0, "1234 8400 0001 0001 0000 0000" Q SOARR "00");
	soa("refused-noq", 0, "1234 8405 0000 0000 0000 0000");
	soa("nxdomain", 0, "1234 8403 0001 0000 0000 0000" Q);
	soa("noaa", 0, "1234 8000 0001 0001 0000 0000" Q SOARR);
	soa("qr-clear", 0, "1234 0400 0001 0001 0000 0000" Q SOARR);
	soa("opcode-notify", 0, "1234 a400 0001 0001 0000 0000" Q SOARR);
	soa("qd2", 0, "1234 8400 0002 0001 0000 0000" Q Q SOARR);
	soa("qd0", 0, "1234 8400 0000 0001 0000 0000" SOARR);
	soa("q-type-a", 0, "1234 8400 0001 0000 0000 0000"
	    "07 6578616d706c65 00 0001 0001");
	soa("q-class-ch", 0, "1234 8400 0001 0000 0000 0000"
	    "07 6578616d706c65 00 0006 0003");
	soa("q-other", 0, "1234 8400 0001 0000 0000 0000"
	    "07 6578616d706c66 00 0006 0001");
	soa("nosoa-auth", 0, "1234 8400 0001 0000 0001 0000" Q SOARR);
	soa("soa-other-owner", 0, "1234 8400 0001 0001 0000 0000" Q
	    "00 0006 0001 00000e10 0016 00 00 78c40465 00000e10 00000258"
	    " 00093a80 0000012c");
	soa("soa-short-rdata", 0, "1234 8400 0001 0001 0000 0000" Q
	    "c00c 0006 0001 00000e10 0008 00 00 78c40465 0000");
	soa("an-truncated", 0, "1234 8400 0001 0002 0000 0000" Q NSRR);
	soa("loop-owner", 0, "1234 8400 0001 0001 0000 0000" Q
	    "c01d 0006 0001 00000e10 0000");
	soa("loop-qname", 0, "1234 8400 0001 0000 0000 0000 c00c 0006 0001");
	soa("short-hdr", 0, "1234 8400 0001");
	soa_signed("signed-ok", &fuzz_keys[0], FUZZ_NOW,
	    "0000 8400 0001 0001 0000 0000" Q SOARR, 0);
	soa_signed("signed-refused", &fuzz_keys[0], FUZZ_NOW,
	    "0000 8405 0001 0000 0000 0000" Q, 0);
	soa_signed("signed-badmac", &fuzz_keys[0], FUZZ_NOW,
	    "0000 8400 0001 0001 0000 0000" Q SOARR, 1);
	soa_signed("signed-otherkey", &fuzz_keys[1], FUZZ_NOW,
	    "0000 8400 0001 0001 0000 0000" Q SOARR, 0);
	soa_signed("signed-late", &fuzz_keys[0], FUZZ_NOW + 3600,
	    "0000 8400 0001 0001 0000 0000" Q SOARR, 0);
	soa("signed-unsigned", 1, "1234 8400 0001 0001 0000 0000" Q SOARR);
	soa("signed-refused-unsigned", 1, "1234 8405 0000 0000 0000 0000");

	notify("plain", "4d2a 2000 0001 0000 0000 0000" Q);
	notify("serial", "4d2a 2400 0001 0001 0000 0000" Q SOARR);
	notify("serial-upper", "4d2a 2400 0001 0001 0000 0000" Q SOARR_UP);
	notify("an-ns", "4d2a 2000 0001 0001 0000 0000" Q NSRR);
	notify("an-bad-soa", "4d2a 2000 0001 0001 0000 0000" Q
	    "c00c 0006 0001 00000e10 0004 00 00 7878");
	notify("qd0", "4d2a 2000 0000 0000 0000 0000");
	notify("qd2", "4d2a 2000 0002 0000 0000 0000" Q Q);
	notify("q-type-a", "4d2a 2000 0001 0000 0000 0000"
	    "07 6578616d706c65 00 0001 0001");
	notify("opcode-query", "4d2a 0000 0001 0000 0000 0000" Q);
	notify("opcode-update", "4d2a 2800 0001 0000 0000 0000" Q);
	notify("qr-set", "4d2a a400 0001 0000 0000 0000" Q);
	notify("short", "4d2a 2000 00");
	notify("q-truncated", "4d2a 2000 0001 0000 0000 0000 07 657861");
	notify("q-loop", "4d2a 2000 0001 0000 0000 0000 c00c 0006 0001");
	notify("q-into-header", "4d2a 2000 0001 0000 0000 0000 c005 0006 0001");
	notify("ar-junk", "4d2a 2000 0001 0000 0000 0001" Q "00 0001 0001");
	notify_signed("signed", &fuzz_keys[0], FUZZ_NOW,
	    "4d2a 2000 0001 0000 0000 0000" Q, 0);
	notify_signed("signed-serial", &fuzz_keys[1], FUZZ_NOW,
	    "4d2a 2400 0001 0001 0000 0000" Q SOARR, 0);
	notify_signed("signed-badmac", &fuzz_keys[0], FUZZ_NOW,
	    "4d2a 2000 0001 0000 0000 0000" Q, 1);
	notify_signed("signed-unknown-key", &bad, FUZZ_NOW,
	    "4d2a 2000 0001 0000 0000 0000" Q, 0);
	notify_signed("signed-late", &fuzz_keys[0], FUZZ_NOW - 3600,
	    "4d2a 2000 0001 0000 0000 0000" Q, 0);
	notify_signed("signed-query", &fuzz_keys[0], FUZZ_NOW,
	    "4d2a 0000 0001 0000 0000 0000" Q, 0);
	notify_signed("signed-formerr", &fuzz_keys[0], FUZZ_NOW,
	    "4d2a 2000 0000 0000 0000 0000", 0);
	notify_stream();
	return 0;
}
