/*
 * notifymsg.h - parse a NOTIFY request and build its answer (RFC 1996,
 * TSIG per RFC 8945); pure, the time and the keys are parameters.
 */
#ifndef ZS_NOTIFYMSG_H
#define ZS_NOTIFYMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "tsig.h"

/*
 * A parsed request.  Self-contained (copies what it needs of the
 * message) except key, which points into the caller's key table.
 */
struct zs_notify_req {
	uint16_t id;			/* the request's ID */
	uint16_t flags;			/* its flags (opcode echoed) */
	unsigned int rcode;		/* NOERROR, or what to answer */
	bool have_q;			/* the question parsed (rcode NOERROR) */
	uint8_t qname[ZS_DNAME_MAXLEN];	/* the zone: uncompressed, case kept */
	size_t qnamelen;
	uint16_t qclass;		/* the question's class */
	bool have_serial;		/* an SOA came in the answer section */
	uint32_t serial;		/* its serial (RFC 1996 3.7) */
	int tsig;			/* ZS_ENOTSIGNED, 0 (signed, good) or
					 * why the TSIG failed */
	const struct zs_tsig_key *key;	/* the key that verified, or NULL */
	uint8_t reqmac[ZS_TSIG_MAXMAC];	/* the request MAC, to sign over */
	size_t reqmaclen;
};

/*
 * Parse the request msg[0..len) (borrowed) into *req.  A TSIG RR is
 * looked up by name (any case) and algorithm in keys[0..nkeys) (borrowed;
 * req->key points into it and must outlive the answer) and verified at
 * time now (seconds since the epoch).  req->rcode is what to answer:
 *   NOTAUTH  the request carries a TSIG that fails (unknown key, bad MAC,
 *            time; RFC 8945 5.2): req->tsig says why, nothing else is read;
 *   NOTIMP   the opcode is not NOTIFY;
 *   FORMERR  not one question, a question that does not parse, or a
 *            question whose type is not SOA;
 *   NOERROR  a NOTIFY for req->qname; have_serial when the first answer
 *            RR is an SOA that parses.
 * Returns 0 when the request gets an answer (*req written); ZS_ETRUNC
 * when msg is shorter than a header and ZS_EQRSET when it is a response
 * (RFC 1996 4.7: never answered), *req untouched then.
 */
int zs_notify_parse(const uint8_t *msg, size_t len,
    const struct zs_tsig_key *keys, size_t nkeys, uint64_t now,
    struct zs_notify_req *req);

/*
 * Build the answer to req in out[0..cap) (borrowed) with the given rcode
 * (the caller may turn req->rcode into NOTAUTH or REFUSED): same ID and
 * opcode, QR and AA set, the question echoed when there was one (RFC
 * 1996 4.7), and signed over the request MAC at time now when the request
 * verified (req->key, which must still be valid).  Returns 0 and the
 * length in *olen; ZS_ESPACE when cap is too small; a zs_tsig_start or
 * zs_tsig_sign_response code when signing fails.
 */
int zs_notify_answer(const struct zs_notify_req *req, unsigned int rcode,
    uint64_t now, uint8_t *out, size_t cap, size_t *olen);

#endif /* ZS_NOTIFYMSG_H */
