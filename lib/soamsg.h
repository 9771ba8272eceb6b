/*
 * soamsg.h - check an answer to an SOA query (RFC 1035 4.1, RFC 8945)
 * and take the zone's SOA out of it; pure, the time is a parameter.
 */
#ifndef ZS_SOAMSG_H
#define ZS_SOAMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "tsig.h"

/* Which step refused the answer (struct zs_soamsg.stage). */
enum zs_soamsg_stage {
	ZS_SOAMSG_OK = 0,	/* the answer was accepted */
	ZS_SOAMSG_MALFORMED,	/* it does not parse */
	ZS_SOAMSG_TSIG,		/* TSIG verification failed */
	ZS_SOAMSG_REFUSED	/* it parses but does not answer the query */
};

/*
 * What zs_soamsg_check learned.  Unlike most lib/ results this one is
 * written on failure too, as far as the check got, so that the caller
 * can say why: hdr once the header parsed (have_hdr), stage always.
 */
struct zs_soamsg {
	bool have_hdr;			/* hdr is valid */
	struct zs_msghdr hdr;		/* the answer's header */
	enum zs_soamsg_stage stage;	/* which step failed, or OK */
	struct zs_soa soa;		/* the zone's SOA, only on success */
};

/*
 * Check msg[0..len) (borrowed) as the answer to an SOA query for zone
 * (uncompressed wire name, borrowed) in class rrclass, and copy the
 * first SOA RR of the answer section whose owner is the zone (any case)
 * into out->soa.  tsig is the context the query was signed with, or NULL
 * for an unsigned query; with one, the answer must verify at time now
 * (seconds since the epoch) before anything in it, even the RCODE, is
 * believed (RFC 8945 5.3).  The order of the checks, first failure wins:
 *   header parses              else a parse error (ZS_ETRUNC), MALFORMED
 *   TSIG verifies              else its code (ZS_ENOTSIGNED, ZS_ETSIG,
 *                              ZS_EBADKEY, ZS_ETIME, ...), TSIG
 *   QR set                     else ZS_ENOTRESP
 *   opcode QUERY               else ZS_EOPCODE
 *   one question, or none in an error answer     else ZS_EQUESTION
 *   question parses            else a parse error, MALFORMED
 *   question is zone SOA class else ZS_EQUESTION
 *   RCODE NOERROR              else ZS_ERCODE (see out->hdr.flags)
 *   AA set                     else ZS_ENOTAUTH
 *   answer RRs parse up to the SOA, which parses
 *                              else a parse error or ZS_EMALFORMED,
 *                              MALFORMED
 *   an SOA of the zone in the answer section     else ZS_ENOSOA
 * ZS_ENOTRESP to ZS_ENOSOA come with stage REFUSED.  Returns 0 (stage
 * OK) or the negative code; out is written either way (see above).
 * The TSIG context keeps its sticky state, as zs_tsig_verify says.
 */
int zs_soamsg_check(const uint8_t *msg, size_t len, const uint8_t *zone,
    size_t zlen, uint16_t rrclass, struct zs_tsig_ctx *tsig, uint64_t now,
    struct zs_soamsg *out);

#endif /* ZS_SOAMSG_H */
