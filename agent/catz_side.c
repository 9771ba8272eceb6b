/*
 * catz_side.c - the side file of a catalog zone, FILE.catalog (see
 * catzint.h): the records of the catalog version whose members were
 * applied, uncompressed, so a restart knows its members without a
 * transfer.  Layout: the magic line, the serial (4 octets, network
 * order), then per record: owner length (1), owner, type (2), class (2),
 * RDATA length (2), RDATA.  Read back through the same lib/catalog reader
 * as a transfer, so a damaged file is refused, never half believed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "catzint.h"
#include "dname.h"
#include "log.h"
#include "rdata.h"

#define SIDE_MAGIC	"zonesync-catalog 1\n"

int
catz_side_write(const char *path, uint32_t serial, const struct zs_strbuf *rec)
{
	struct zs_atomicfile af = ZS_ATOMICFILE_INIT;
	uint8_t hdr[4] = { (uint8_t)(serial >> 24), (uint8_t)(serial >> 16),
	    (uint8_t)(serial >> 8), (uint8_t)serial };
	int ret;

	if ((ret = zs_atomicfile_open(&af, path, 0644, 0)) == 0 &&
	    (ret = zs_atomicfile_write(&af, SIDE_MAGIC,
	    strlen(SIDE_MAGIC))) == 0 &&
	    (ret = zs_atomicfile_write(&af, hdr, sizeof(hdr))) == 0 &&
	    (ret = zs_atomicfile_write(&af, rec->buf != NULL ? rec->buf : "",
	    rec->len)) == 0)
		ret = zs_atomicfile_commit(&af);
	zs_atomicfile_abort(&af);
	return ret;
}

void
catz_rec_append(struct zs_strbuf *rec, const struct zs_rr *rr)
{
	uint8_t rd[65535];
	uint8_t h[8];
	size_t rdlen;

	if (zs_rdata_towire(rr->rrclass, rr->type, rr->rdata, rd, sizeof(rd),
	    &rdlen, 0) != 0)
		return;		/* the reader refuses it too */
	h[0] = (uint8_t)rr->owner_len;
	zs_sb_put(rec, h, 1);
	zs_sb_put(rec, rr->owner, rr->owner_len);
	h[0] = (uint8_t)(rr->type >> 8);
	h[1] = (uint8_t)rr->type;
	h[2] = (uint8_t)(rr->rrclass >> 8);
	h[3] = (uint8_t)rr->rrclass;
	h[4] = (uint8_t)(rdlen >> 8);
	h[5] = (uint8_t)rdlen;
	zs_sb_put(rec, h, 6);
	zs_sb_put(rec, rd, rdlen);
}

int64_t
catz_side_read(const char *path, struct zs_catalog *r, struct zs_strbuf *rec,
    bool *damaged)
{
	FILE *fp;
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, pos, ml = strlen(SIDE_MAGIC);
	int64_t serial = -1;

	*damaged = false;
	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	for (;;) {
		size_t n;

		if (len == cap) {
			uint8_t *nb;

			cap = cap != 0 ? cap * 2 : 65536;
			if ((nb = realloc(buf, cap)) == NULL)
				fatalx("out of memory");
			buf = nb;
		}
		if ((n = fread(buf + len, 1, cap - len, fp)) == 0)
			break;
		len += n;
	}
	fclose(fp);
	if (len < ml + 4 || memcmp(buf, SIDE_MAGIC, ml) != 0)
		goto out;
	pos = ml + 4;
	while (pos < len) {
		struct zs_rr rr;
		struct zs_rd rd = zs_rd_init(buf, len);

		rd.pos = pos;
		memset(&rr, 0, sizeof(rr));
		rr.owner_len = zs_rd_u8(&rd);
		if (rd.err != 0 || rr.owner_len > ZS_DNAME_MAXLEN ||
		    zs_rd_left(&rd) < rr.owner_len + 6)
			goto out;
		memcpy(rr.owner, zs_rd_bytes(&rd, rr.owner_len), rr.owner_len);
		if (zs_dname_check(rr.owner, rr.owner_len) != 0)
			goto out;
		rr.type = zs_rd_u16(&rd);
		rr.rrclass = zs_rd_u16(&rd);
		rr.rdlen = zs_rd_u16(&rd);
		rr.rdata = zs_rd_sub(&rd, rr.rdlen);
		if (rd.err != 0)
			goto out;
		if (zs_catalog_add(r, &rr) == 0)
			catz_rec_append(rec, &rr);
		pos = rd.pos;
	}
	serial = (int64_t)zs_be32(buf + ml);
out:
	*damaged = serial < 0;
	free(buf);
	return serial;
}

