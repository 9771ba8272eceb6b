/* Throwaway capture client (not built by make): AXFR/SOA over TCP signed by
 * zs_tsig_sign_query, each answer checked by zs_tsig_verify; optional fixture.
 * cc -std=c11 -D_DEFAULT_SOURCE -Ilib -o /tmp/capture test/data/tsig/capture.c \
 *   lib/tsig.c lib/msg.c lib/dname.c lib/err.c lib/strbuf.c -lcrypto */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "err.h"
#include "msg.h"
#include "tsig.h"

static int
readn(int fd, uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static void
hexline(FILE *f, const char *tag, const uint8_t *p, size_t n)
{
	fprintf(f, "%s ", tag);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
	fprintf(f, "\n");
}

int
main(int argc, char **argv)
{
	/* port zone keyname secrethex qtype(252|6) [nosig] [fixturefile] */
	static uint8_t q[512], buf[65536];
	uint8_t name[255], key[255], secret[128];
	size_t nlen, klen, slen = 0, qlen;
	struct zs_tsig_ctx t = ZS_TSIG_CTX_INIT;
	struct zs_tsig_key k;
	struct zs_wr wr;
	struct sockaddr_in sa;
	int fd, nsoa = 0, nmsg = 0, nsigned = 0, r;
	int nosig = argc > 6 && strcmp(argv[6], "nosig") == 0;
	FILE *fx = argc > 7 ? fopen(argv[7], "w") : NULL;
	uint64_t now = (uint64_t)time(NULL);
	uint16_t qtype = (uint16_t)atoi(argv[5]);

	zs_dname_from_text(argv[2], strlen(argv[2]), NULL, 0, name, &nlen);
	zs_dname_from_text(argv[3], strlen(argv[3]), NULL, 0, key, &klen);
	for (const char *s = argv[4]; s[0] && s[1]; s += 2) {
		unsigned v;
		sscanf(s, "%2x", &v);
		secret[slen++] = (uint8_t)v;
	}
	k.name = key; k.namelen = klen; k.alg = getenv("ALG") ? (enum zs_tsig_alg)atoi(getenv("ALG")) : ZS_TSIG_HMAC_SHA256;
	k.secret = secret; k.secretlen = slen;
	wr = zs_wr_init(q, sizeof(q));
	zs_msg_query(&wr, 0x4242, 0, name, nlen, qtype, 1);
	qlen = wr.pos;
	if (!nosig && (r = zs_tsig_sign_query(&t, &k, q, &qlen, sizeof(q), now, 300)) != 0) {
		printf("sign: %s\n", zs_strerror(r));
		return 1;
	}
	if (fx != NULL) {
		fprintf(fx, "# AXFR of %s from BIND 9.18 named, key %s hmac-sha256\n", argv[2], argv[3]);
		fprintf(fx, "secret %s\nnow %llu\n", argv[4], (unsigned long long)now);
		hexline(fx, "query", q, qlen);
	}
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)atoi(argv[1]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		perror("connect");
		return 1;
	}
	uint8_t lb[2] = { (uint8_t)(qlen >> 8), (uint8_t)qlen };
	if (write(fd, lb, 2) != 2 || write(fd, q, qlen) != (ssize_t)qlen)
		return 1;
	for (;;) {
		struct zs_rd rd;
		struct zs_msghdr h;
		struct zs_question qq;
		struct zs_rr rr;
		size_t mlen, ulen = 0;
		int hastsig = 0;

		if (readn(fd, lb, 2) != 0)
			break;
		mlen = (size_t)(lb[0] << 8 | lb[1]);
		if (readn(fd, buf, mlen) != 0)
			break;
		nmsg++;
		if (fx != NULL)
			hexline(fx, "response", buf, mlen);
		rd = zs_rd_init(buf, mlen);
		zs_msg_read_header(&rd, &h);
		for (int i = 0; i < h.qdcount; i++)
			zs_msg_read_question(&rd, &qq);
		for (int i = 0; i < h.ancount + h.nscount + h.arcount; i++) {
			zs_msg_read_rr(&rd, &rr);
			if (rr.type == 6)
				nsoa++;
			if (rr.type == 250) {
				hastsig = 1;
				uint8_t an[255]; size_t al;
				struct zs_rd x = rr.rdata;
				zs_dname_unpack(&x, an, &al);
				zs_rd_u48(&x); zs_rd_u16(&x);
				uint16_t ml = zs_rd_u16(&x); zs_rd_bytes(&x, ml); zs_rd_u16(&x);
				uint16_t e = zs_rd_u16(&x);
				printf("  msg %d: TSIG maclen %u error %u\n", nmsg, ml, e);
			}
		}
		nsigned += hastsig;
		r = nosig ? 0 : zs_tsig_verify(&t, buf, mlen, now + 2, &ulen);
		printf("msg %d len %zu rcode %s an %u ar %u tsig %d -> verify %d (%s) ulen %zu\n",
		    nmsg, mlen, zs_rcode_name(zs_msg_rcode(h.flags)), h.ancount,
		    h.arcount, hastsig, r, r < 0 ? zs_strerror(r) : "ok", ulen);
		if (r < 0 || zs_msg_rcode(h.flags) != 0 || nsoa >= 2 || qtype != 252)
			break;
	}
	printf("messages %d signed %d end %s\n", nmsg, nsigned,
	    nosig ? "-" : zs_strerror(zs_tsig_end(&t)));
	if (fx != NULL)
		fclose(fx);
	zs_tsig_ctx_clear(&t);
	close(fd);
	return 0;
}
