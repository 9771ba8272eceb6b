/*
 * serial.h - SOA serial number arithmetic (RFC 1982).
 */
#ifndef ZS_SERIAL_H
#define ZS_SERIAL_H

#include <stdint.h>

enum zs_serial_order {
	ZS_SERIAL_LT = -1,	/* a is older than b */
	ZS_SERIAL_EQ = 0,
	ZS_SERIAL_GT = 1,	/* a is newer than b */
	ZS_SERIAL_UNDEF = 2	/* exactly 2^31 apart: no order defined */
};

/*
 * Compare serials a and b with RFC 1982 section 3.2 arithmetic.  The
 * undefined case must never be treated as "newer".
 */
enum zs_serial_order zs_serial_cmp(uint32_t a, uint32_t b);

/*
 * RFC 1982 section 3.1 addition: a + n modulo 2^32 for 0 <= n <= 2^31-1.
 * Returns a unchanged when n is out of range.
 */
uint32_t zs_serial_add(uint32_t a, uint32_t n);

#endif /* ZS_SERIAL_H */
