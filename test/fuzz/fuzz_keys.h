/*
 * fuzz_keys.h - the fixed TSIG keys, clock and zone shared by fuzz_soa,
 * fuzz_notify and the seed writer, so that seeded signatures verify.
 */
#ifndef ZS_FUZZ_KEYS_H
#define ZS_FUZZ_KEYS_H

#include "tsig.h"

#define FUZZ_NOW	1700000000u	/* "now" for every TSIG check */

static const uint8_t fuzz_zone[] = { 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0 };

static const uint8_t fuzz_name1[] = { 3, 'k', 'e', 'y', 0 };
static const uint8_t fuzz_name2[] = { 5, 'o', 't', 'h', 'e', 'r', 0 };
static const uint8_t fuzz_secret[32] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
	0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
	0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20
};

/* "key." hmac-sha256 and "other." hmac-sha512, same secret. */
static const struct zs_tsig_key fuzz_keys[2] = {
	{ fuzz_name1, sizeof(fuzz_name1), ZS_TSIG_HMAC_SHA256, fuzz_secret,
	    sizeof(fuzz_secret) },
	{ fuzz_name2, sizeof(fuzz_name2), ZS_TSIG_HMAC_SHA512, fuzz_secret,
	    sizeof(fuzz_secret) },
};

#endif /* ZS_FUZZ_KEYS_H */
