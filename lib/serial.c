/*
 * serial.c - RFC 1982 serial number arithmetic.
 */
#include "serial.h"

enum zs_serial_order
zs_serial_cmp(uint32_t a, uint32_t b)
{
	uint32_t d = b - a;	/* modulo 2^32 */

	if (d == 0)
		return ZS_SERIAL_EQ;
	if (d == UINT32_C(0x80000000))
		return ZS_SERIAL_UNDEF;
	/* RFC 1982 3.2: a < b iff (b - a) mod 2^32 is in (0, 2^31). */
	return d < UINT32_C(0x80000000) ? ZS_SERIAL_LT : ZS_SERIAL_GT;
}

uint32_t
zs_serial_add(uint32_t a, uint32_t n)
{
	if (n > UINT32_C(0x7fffffff))
		return a;
	return a + n;
}
