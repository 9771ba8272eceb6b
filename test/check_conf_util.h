/*
 * check_conf_util.h - what the config tests share: parse text that must
 * load, or must fail with exactly one message.
 */
#ifndef ZS_CHECK_CONF_UTIL_H
#define ZS_CHECK_CONF_UTIL_H

#include <check.h>

#include "conf.h"
#include "err.h"

static inline struct zs_conf *
parse_ok(const char *text)
{
	struct zs_conf *c = NULL;
	char err[512];
	int ret;

	ret = zs_conf_parse_string(text, "t.conf", &c, err, sizeof(err));
	ck_assert_msg(ret == 0, "unexpected error: %s", err);
	return c;
}

static inline void
parse_err(const char *text, const char *want)
{
	struct zs_conf *c = NULL;
	char err[512];
	int ret;

	ret = zs_conf_parse_string(text, "t.conf", &c, err, sizeof(err));
	ck_assert_int_eq(ret, ZS_ESYNTAX);
	ck_assert_ptr_null(c);
	ck_assert_str_eq(err, want);
}

#endif /* ZS_CHECK_CONF_UTIL_H */
