/*
 * check_util.h - shared helpers for the Check unit tests: hex decoding of
 * table-driven packets and a main() for one suite.
 */
#ifndef ZS_CHECK_UTIL_H
#define ZS_CHECK_UTIL_H

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Decode hex text (spaces ignored) into buf; returns the byte count.
 * Aborts the test on bad input, which is a bug in the table.
 */
static inline size_t
hexbytes(const char *hex, uint8_t *buf, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (; *hex != '\0'; hex++) {
		int v;
		char c = *hex;

		if (c == ' ' || c == '\n' || c == '\t')
			continue;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			ck_abort_msg("bad hex digit '%c' in test table", c);
		if (hi < 0) {
			hi = v;
			continue;
		}
		ck_assert_msg(n < cap, "hex test input too long");
		buf[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	ck_assert_msg(hi < 0, "odd number of hex digits in test table");
	return n;
}

/* Run one suite; exit status 0 when every test passed. */
#define ZS_CHECK_MAIN(suite_fn)						\
	int main(void)							\
	{								\
		SRunner *sr = srunner_create(suite_fn());		\
		int nfail;						\
		srunner_run_all(sr, CK_NORMAL);				\
		nfail = srunner_ntests_failed(sr);			\
		srunner_free(sr);					\
		return nfail == 0 ? EXIT_SUCCESS : EXIT_FAILURE;	\
	}

#endif /* ZS_CHECK_UTIL_H */
