/*
 * rawzone.h - BIND's "raw" zone file format, version 1: the encoder that
 * lib/zonefile's raw backend streams into, and the reader of its header
 * and first RRset.
 *
 * Layout (BIND 9 lib/dns/include/dns/master.h, dns_masterrawheader_t and
 * dns_masterrawrdataset_t; written by lib/dns/masterdump.c writeheader()
 * and dump_rdataset_raw(), read by lib/dns/master.c load_header() and
 * load_raw(); the same in 9.16, 9.18 and 9.20), all integers big-endian:
 *
 *   header, 24 octets:
 *     format (2 = dns_masterformat_raw), version (1), dumptime, flags,
 *     sourceserial, lastxfrin                      (32 bits each)
 *   then one block per RRset until the end of the file:
 *     totallen (32, the whole block including itself), class, type,
 *     covers (16 each; covers is the covered type of an RRSIG/SIG set,
 *     else 0), ttl (32), count (32, 1..65535), owner length (16), owner
 *     (uncompressed wire form), then count times: rdlen (16), RDATA
 *     (uncompressed wire form)
 *
 * named's loader refuses a count of 0 or above 65535, a class other than
 * the zone's, and any RDATA its dns_rdata_fromwire() refuses, with names
 * not decompressed.  It commits each block to the zone database with
 * DNS_DBADD_MERGE, so the same RRset may come in several blocks: they are
 * merged, the later block's TTL winning (as the text loader merges an
 * RRset that is not contiguous).
 */
#ifndef ZS_RAWZONE_H
#define ZS_RAWZONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dname.h"
#include "msg.h"
#include "strbuf.h"

#define ZS_RAW_FORMAT		2	/* dns_masterformat_raw */
#define ZS_RAW_VERSION		1	/* DNS_RAWFORMAT_VERSION */
#define ZS_RAW_HDRLEN		24
#define ZS_RAW_MAXCOUNT		65535	/* records in one block */

/*
 * The RRset block being built at the end of a strbuf.  Visible so a
 * writer keeps it by value; touch it only through the functions below.
 */
struct zs_rawset {
	bool open;		/* a block is being built */
	size_t start;		/* its offset in the strbuf */
	uint32_t count;		/* records in it */
	uint32_t ttl;		/* the first record's: one TTL per block */
	uint16_t rrclass, type, covers;
	uint8_t owner[ZS_DNAME_MAXLEN];	/* first record's owner, case kept */
	size_t olen;
};

#define ZS_RAWSET_INIT	{ .open = false }

/*
 * Append the 24-octet header as named's own secondary writes it
 * (dns_master_initrawheader: flags, sourceserial and lastxfrin all 0) with
 * dumptime, the time the data was dumped.
 */
void zs_raw_header(struct zs_strbuf *sb, uint32_t dumptime);

/*
 * Whether rr belongs in the open block: same class, type, covered type
 * and owner (compared as named compares names, ignoring ASCII case), and
 * the block still has room (ZS_RAW_MAXCOUNT records, and a size past
 * which a block is cut so the writer's buffer stays bounded).  covers is
 * the covered type of an RRSIG or SIG record (zs_raw_covers), else 0.
 */
bool zs_raw_continues(const struct zs_rawset *rs, const struct zs_strbuf *sb,
    const struct zs_rr *rr, uint16_t covers);

/*
 * The covered type of an RRSIG or SIG record from its RDATA, 0 for other
 * types or RDATA too short to have one.
 */
uint16_t zs_raw_covers(const struct zs_rr *rr);

/*
 * Append rr to the open block, opening one first if none is open (call
 * zs_raw_close first when zs_raw_continues says no).  The RDATA is
 * expanded to uncompressed wire form with zs_rdata_towire; it must pass
 * zs_rdata_check (named would refuse the file otherwise).  Returns 0,
 * ZS_EBADRDATA (malformed for its type, or longer than 65535 octets once
 * its names are expanded), ZS_EINVAL (unusable cursor) or ZS_ENOMEM;
 * on error sb and rs are as before the call.
 */
int zs_raw_add(struct zs_rawset *rs, struct zs_strbuf *sb,
    const struct zs_rr *rr, uint16_t covers);

/* Fill in the open block's length and count, if a block is open. */
void zs_raw_close(struct zs_rawset *rs, struct zs_strbuf *sb);

/* What zs_raw_read_soa finds at the start of a raw file. */
struct zs_raw_soa {
	uint32_t dumptime;	/* header fields */
	uint32_t flags;
	uint16_t rrclass;	/* of the first block */
	uint32_t ttl;
	uint32_t serial, refresh, retry, expire, minimum;
};

/*
 * Parse the header and the first block of a raw file from buf[0..len),
 * the file's first octets: version 1, and the first block must be the
 * single SOA record of the set.  Returns 0, ZS_ETRUNC when len does not
 * hold all that, or ZS_ESYNTAX when it is not such a file.
 */
int zs_raw_read_soa(const uint8_t *buf, size_t len, struct zs_raw_soa *out);

/*
 * Whether buf[0..len) starts as a raw file of version 1 does (format and
 * version words).
 */
bool zs_raw_is_raw(const uint8_t *buf, size_t len);

#endif /* ZS_RAWZONE_H */
