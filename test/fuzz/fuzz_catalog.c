/*
 * fuzz_catalog.c - read the input as one DNS message whose first question
 * names a catalog zone and whose records (all sections) are that zone's:
 * feed them to lib/catalog, finish, and walk the members and notes.  Must
 * never crash, leak or read out of bounds; a finished catalog's members
 * must be well-formed names under nothing in particular, each listed once.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "dname.h"
#include "msg.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zs_rd rd = zs_rd_init(data, size);
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	struct zs_catalog *c = NULL;
	struct zs_msghdr h;
	struct zs_question q;
	struct zs_rr rr;
	unsigned int i, total;
	size_t j, k, n;

	if (zs_msg_read_header(&rd, &h) != 0 || h.qdcount == 0 ||
	    zs_msg_read_question(&rd, &q) != 0)
		return 0;
	for (i = 1; i < h.qdcount; i++)
		if (zs_msg_read_question(&rd, &q) != 0)
			return 0;
	/* A tiny cap, so the limit path is reached too. */
	if ((c = zs_catalog_new(q.name, q.namelen, 8)) == NULL)
		return 0;
	total = (unsigned int)h.ancount + h.nscount + h.arcount;
	for (i = 0; i < total; i++) {
		if (zs_msg_read_rr(&rd, &rr) != 0)
			break;
		if (zs_catalog_add(c, &rr) != 0)
			break;
	}
	if (zs_catalog_finish(c) == 0) {
		n = zs_catalog_count(c);
		for (j = 0; j < n; j++) {
			const struct zs_catalog_member *m =
			    zs_catalog_member(c, j);

			if (zs_dname_check(m->name, m->namelen) != 0)
				abort();
			for (k = 0; k < j; k++) {
				const struct zs_catalog_member *o =
				    zs_catalog_member(c, k);

				if (o->namelen == m->namelen &&
				    memcmp(o->name, m->name, m->namelen) == 0)
					abort();	/* listed twice */
			}
			zs_dname_totext(&sb, m->name, m->namelen);
			if (m->group != NULL)
				zs_sb_puts(&sb, m->group);
			for (k = 0; k < m->props.nprimaries; k++)
				if (m->props.primaries[k].key != NULL)
					zs_sb_puts(&sb, m->props.primaries[k].key);
			for (k = 0; k < m->props.nallow_query; k++)
				zs_sb_puts(&sb, m->props.allow_query[k]);
			for (k = 0; k < m->props.nallow_transfer; k++)
				zs_sb_puts(&sb, m->props.allow_transfer[k]);
		}
	} else
		zs_sb_puts(&sb, zs_catalog_error(c));
	n = zs_catalog_nnotes(c, NULL);
	for (j = 0; j < n; j++)
		zs_sb_puts(&sb, zs_catalog_note(c, j));
	zs_catalog_free(c);
	zs_sb_free(&sb);
	return 0;
}
