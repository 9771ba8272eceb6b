/*
 * tap.h - tiny "ok N - desc" reporting for the standalone agent tests.
 */
#ifndef ZS_TEST_AGENT_TAP_H
#define ZS_TEST_AGENT_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_fail;

static void tap_ok(int cond, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_fail++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static int
tap_done(void)
{
	printf("# %d passed, %d failed\n", tap_n - tap_fail, tap_fail);
	return tap_fail != 0;
}

#endif /* ZS_TEST_AGENT_TAP_H */
