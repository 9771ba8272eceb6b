/*
 * msg.h - DNS message header, queries, and RR views over a message.
 */
#ifndef ZS_MSG_H
#define ZS_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "dname.h"
#include "wire.h"

#define ZS_MSG_HDRLEN	12
#define ZS_MSG_MAXLEN	65535

#define ZS_FLAG_QR	0x8000
#define ZS_FLAG_AA	0x0400
#define ZS_FLAG_TC	0x0200
#define ZS_FLAG_RD	0x0100
#define ZS_FLAG_RA	0x0080

#define ZS_OPCODE_QUERY		0
#define ZS_OPCODE_NOTIFY	4

enum {
	ZS_RCODE_NOERROR = 0, ZS_RCODE_FORMERR = 1, ZS_RCODE_SERVFAIL = 2,
	ZS_RCODE_NXDOMAIN = 3, ZS_RCODE_NOTIMP = 4, ZS_RCODE_REFUSED = 5,
	ZS_RCODE_YXDOMAIN = 6, ZS_RCODE_YXRRSET = 7, ZS_RCODE_NXRRSET = 8,
	ZS_RCODE_NOTAUTH = 9, ZS_RCODE_NOTZONE = 10
};

struct zs_msghdr {
	uint16_t id;		/* query ID */
	uint16_t flags;		/* QR, opcode, AA, TC, RD, RA, Z, rcode */
	uint16_t qdcount;	/* entries in each section */
	uint16_t ancount;
	uint16_t nscount;
	uint16_t arcount;
};

struct zs_question {
	uint8_t name[ZS_DNAME_MAXLEN];	/* uncompressed wire name */
	size_t namelen;
	uint16_t type;
	uint16_t rrclass;
};

/*
 * A view of one RR.  owner is copied (uncompressed); rdata is a cursor
 * window into the message and is valid only while the message buffer is.
 */
struct zs_rr {
	uint8_t owner[ZS_DNAME_MAXLEN];	/* uncompressed wire name, case kept */
	size_t owner_len;
	uint16_t type;
	uint16_t rrclass;
	uint32_t ttl;
	uint16_t rdlen;
	struct zs_rd rdata;	/* window over exactly the RDATA */
	size_t offset;		/* where the RR starts in the message */
};

/* SOA RDATA fields (names uncompressed). */
struct zs_soa {
	uint8_t mname[ZS_DNAME_MAXLEN];
	size_t mname_len;
	uint8_t rname[ZS_DNAME_MAXLEN];
	size_t rname_len;
	uint32_t serial;
	uint32_t refresh;
	uint32_t retry;
	uint32_t expire;
	uint32_t minimum;
};

static inline unsigned int
zs_msg_opcode(uint16_t flags)
{
	return (flags >> 11) & 0xf;
}

static inline unsigned int
zs_msg_rcode(uint16_t flags)
{
	return flags & 0xf;
}

/*
 * Write a query with one question (no compression) to wr.  Returns 0 or
 * the cursor's error (ZS_ESPACE).
 */
int zs_msg_query(struct zs_wr *wr, uint16_t id, uint16_t flags,
    const uint8_t *qname, size_t qlen, uint16_t qtype, uint16_t qclass);

/* Read the 12-byte header.  Returns 0 or ZS_ETRUNC (also in rd->err). */
int zs_msg_read_header(struct zs_rd *rd, struct zs_msghdr *h);

/* Read one question entry.  Returns 0 or the cursor's error. */
int zs_msg_read_question(struct zs_rd *rd, struct zs_question *q);

/*
 * Read one RR into rr (a view into rd's message; see struct zs_rr).
 * Returns 0 or the cursor's error (ZS_ETRUNC for an rdlength overrun,
 * name errors from zs_dname_unpack).
 */
int zs_msg_read_rr(struct zs_rd *rd, struct zs_rr *rr);

/*
 * Parse SOA RDATA (names may be compressed).  Returns 0, or
 * ZS_EMALFORMED when the RDATA is not exactly one SOA.
 */
int zs_msg_soa(struct zs_rd rdata, struct zs_soa *soa);

/*
 * Mnemonic of a header RCODE ("REFUSED", "RCODE12" for an unassigned
 * one), a static constant string; "RCODE?" for a value above 15 (only
 * EDNS and TSIG extend the RCODE).
 */
const char *zs_rcode_name(unsigned int rcode);

#endif /* ZS_MSG_H */
