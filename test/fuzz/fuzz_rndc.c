/*
 * fuzz_rndc.c - control-channel replies (lib/rndc) from a hostile peer.
 *
 * First octet 0: the rest is a whole message, parsed as it arrives (the
 * HMAC will almost never match, so this covers the structure walk).
 * Otherwise: the rest is the part after _auth; the harness signs it with
 * the test key, so the lookups behind the HMAC check run too.  Must never
 * crash; a parsed reply's strings must be terminated and printable.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "rndc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t secret[] = "0123456789abcdef0123456789abcdef";

static void
check_text(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (n == cap)
		abort();	/* not terminated */
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			abort();	/* control octet leaked */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zs_tsig_key key = { 0 };
	struct zs_rndc_reply r;
	unsigned char mac[64], b64[100];
	uint8_t *msg;
	size_t maclen = 0, len;

	key.name = (const uint8_t *)"\004fuzz";
	key.namelen = 6;
	key.alg = ZS_TSIG_HMAC_SHA256;
	key.secret = secret;
	key.secretlen = 32;
	if (size < 1 || size > 70000)
		return 0;
	if (data[0] == 0) {
		if (zs_rndc_reply_parse(data + 1, size - 1, &key, &r) != 0)
			return 0;
	} else {
		/* version, _auth { hsha: 163 + base64 }, then the input */
		static const uint8_t head[] = { 0, 0, 0, 1, 5, '_', 'a', 'u',
		    't', 'h', 2, 0, 0, 0, 99, 4, 'h', 's', 'h', 'a', 1, 0, 0,
		    0, 89, 163 };

		len = sizeof(head) + 88 + size - 1;
		if ((msg = calloc(1, len)) == NULL)
			return 0;
		memcpy(msg, head, sizeof(head));
		memcpy(msg + sizeof(head) + 88, data + 1, size - 1);
		if (EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, secret, 32,
		    data + 1, size - 1, mac, sizeof(mac), &maclen) == NULL)
			abort();
		EVP_EncodeBlock(b64, mac, (int)maclen);
		memcpy(msg + sizeof(head), b64, 44);
		if (zs_rndc_reply_parse(msg, len, &key, &r) != 0) {
			free(msg);
			return 0;
		}
		free(msg);
	}
	check_text(r.err, sizeof(r.err));
	check_text(r.text, sizeof(r.text));
	return 0;
}
