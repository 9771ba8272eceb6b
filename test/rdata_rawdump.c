/*
 * rdata_rawdump.c - write a BIND "raw" zone file (named-compilezone -F raw)
 * as zone text through our renderer, for test/rdata_fidelity.sh.
 *
 * usage: rdata_rawdump FILE.raw > FILE.zone
 *
 * The raw format (BIND 9 masterdump.c, version 1) is a 24-octet header
 * (format, version, dump time, flags, source serial, last xfrin; all
 * 32-bit big-endian) and then one block per RRset: total length (32),
 * class, type, covers (16 each), TTL (32), RR count (32), owner length
 * (16) and owner in wire form, then per RR a 16-bit length and the RDATA.
 * It gives us BIND's own wire octets for every record of a hand-written
 * zone, so the text we write can be compared with the source zone.
 *
 * Exit status: 0, 1 on a malformed file, 2 on usage or I/O errors.
 * Prints on stderr how many records fell back to the generic form.
 */
#include <stdio.h>
#include <stdlib.h>

#include "dname.h"
#include "rdata.h"
#include "rrtype.h"
#include "wire.h"

static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL, *p;
	size_t cap = 0, n = 0, got;

	if (fp == NULL)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 65536;
			if ((p = realloc(buf, cap)) == NULL) {
				free(buf);
				fclose(fp);
				return NULL;
			}
			buf = p;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	fclose(fp);
	*len = n;
	return buf;
}

static int
dump(const uint8_t *buf, size_t len, struct zs_strbuf *sb, size_t *ngen)
{
	struct zs_rd rd = zs_rd_init(buf, len);
	uint8_t owner[ZS_DNAME_MAXLEN];

	if (zs_rd_u32(&rd) != 2 || zs_rd_u32(&rd) != 1)
		return -1;		/* not raw format version 1 */
	zs_rd_bytes(&rd, 16);
	while (rd.err == 0 && zs_rd_left(&rd) > 0) {
		uint32_t total = zs_rd_u32(&rd), ttl, count, i;
		struct zs_rd set = zs_rd_sub(&rd, total >= 4 ? total - 4 : 0);
		uint16_t rrclass = zs_rd_u16(&set), type = zs_rd_u16(&set);
		uint16_t olen;
		size_t ownerlen;
		struct zs_rd oname;

		zs_rd_u16(&set);	/* covers */
		ttl = zs_rd_u32(&set);
		count = zs_rd_u32(&set);
		olen = zs_rd_u16(&set);
		oname = zs_rd_sub(&set, olen);
		if (set.err != 0 || zs_dname_unpack(&oname, owner,
		    &ownerlen) != 0)
			return -1;
		for (i = 0; i < count; i++) {
			uint16_t rdlen = zs_rd_u16(&set);
			struct zs_rd rdata = zs_rd_sub(&set, rdlen);

			if (set.err != 0)
				return -1;
			zs_sb_reset(sb);
			zs_dname_totext(sb, owner, ownerlen);
			zs_sb_putc(sb, ' ');
			zs_sb_u32(sb, ttl);
			zs_sb_putc(sb, ' ');
			zs_rrclass_totext(sb, rrclass);
			zs_sb_putc(sb, ' ');
			zs_rrtype_totext(sb, type);
			zs_sb_putc(sb, ' ');
			if (zs_rdata_totext_class(sb, rrclass, type,
			    rdata) == 1)
				(*ngen)++;
			zs_sb_putc(sb, '\n');
			if (sb->err != 0)
				return -1;
			fwrite(sb->buf, 1, sb->len, stdout);
		}
	}
	return rd.err != 0 ? -1 : 0;
}

int
main(int argc, char **argv)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	size_t len, ngen = 0;
	uint8_t *buf;
	int ret;

	if (argc != 2) {
		fprintf(stderr, "usage: rdata_rawdump file.raw\n");
		return 2;
	}
	if ((buf = slurp(argv[1], &len)) == NULL) {
		perror(argv[1]);
		return 2;
	}
	ret = dump(buf, len, &sb, &ngen);
	zs_sb_free(&sb);
	free(buf);
	if (ret != 0) {
		fprintf(stderr, "%s: malformed raw zone file\n", argv[1]);
		return 1;
	}
	fprintf(stderr, "rdata_rawdump: %zu records in generic form\n", ngen);
	return fflush(stdout) == 0 ? 0 : 2;
}
