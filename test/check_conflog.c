/*
 * check_conflog.c - unit tests for lib/conflog: the logging statement
 * (channels, categories, predefined channels, errors, print-back).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "check_conf_util.h"
#include "conf.h"
#include "conflog.h"
#include "err.h"

#define ZONE "zone \"example.com\" { primaries { 192.0.2.1; }; };\n"

static char *
print_conf(const struct zs_conf *c)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	char *s;

	ck_assert_int_eq(zs_conf_print(c, &sb, ZS_CONF_PRINT_SECRETS), 0);
	s = strdup(zs_sb_cstr(&sb));
	zs_sb_free(&sb);
	return s;
}

static const struct zs_conf_channel *
chan(const struct zs_conf_logging *lg, const char *name)
{
	size_t i;

	for (i = 0; i < lg->nchannels; i++)
		if (strcmp(lg->channels[i].name, name) == 0)
			return &lg->channels[i];
	ck_abort_msg("no channel %s", name);
	return NULL;
}

START_TEST(test_absent)
{
	struct zs_conf *c = parse_ok(ZONE);
	char *s;

	ck_assert_ptr_null(c->logging);
	s = print_conf(c);
	ck_assert_ptr_null(strstr(s, "logging"));
	free(s);
	zs_conf_free(c);
}
END_TEST

START_TEST(test_predefined)
{
	struct zs_conf *c = parse_ok("options { directory \"/d\"; };\n"
	    "logging { };\n" ZONE);
	const struct zs_conf_logging *lg = c->logging;
	const struct zs_conf_channel *ch;
	size_t i;

	ck_assert_ptr_nonnull(lg);
	ck_assert_uint_eq(lg->nchannels, ZS_LOG_NPREDEF);
	ch = &lg->channels[ZS_LOG_CH_DEFAULT_SYSLOG];
	ck_assert_str_eq(ch->name, "default_syslog");
	ck_assert_int_eq(ch->dest, ZS_LOG_SYSLOG);
	ck_assert_ptr_null(ch->facility);
	ck_assert_int_eq(ch->severity, ZS_LOG_SEV_INFO);
	ch = &lg->channels[ZS_LOG_CH_DEFAULT_STDERR];
	ck_assert_int_eq(ch->dest, ZS_LOG_STDERR);
	ck_assert_int_eq(ch->severity, ZS_LOG_SEV_DYNAMIC);
	ck_assert(ch->print_time && ch->print_severity && !ch->print_category);
	ck_assert_int_eq(lg->channels[ZS_LOG_CH_NULL].dest, ZS_LOG_NULL);
	ch = &lg->channels[ZS_LOG_CH_DEFAULT_LOGFILE];
	ck_assert_int_eq(ch->dest, ZS_LOG_FILE);
	ck_assert_str_eq(ch->path, "/d/zonesyncd.log");
	for (i = 0; i < ZS_LOG_NCAT; i++)
		ck_assert(!lg->cat[i].given);
	zs_conf_free(c);
}
END_TEST

START_TEST(test_channels)
{
	struct zs_conf *c = parse_ok("options { directory \"/d\"; };\n"
	    "logging {\n"
	    " category xfer-in { f; f; default_syslog; };\n"
	    " channel f { file \"x/f.log\" versions 2 size 2k;"
	    " severity debug; print-category yes; print-severity yes; };\n"
	    " channel u { file \"/abs.log\" versions unlimited;"
	    " severity debug 5; print-time 1; };\n"
	    " channel s { syslog local4; severity warning; };\n"
	    " channel e { stderr; severity critical; };\n"
	    " category DEFAULT { e; s; u; };\n"
	    "};\n" ZONE);
	const struct zs_conf_logging *lg = c->logging;
	const struct zs_conf_channel *ch;
	const struct zs_conf_category *cat;
	char *a, *b;
	struct zs_conf *c2;

	ch = chan(lg, "f");
	ck_assert_int_eq(ch->dest, ZS_LOG_FILE);
	ck_assert_str_eq(ch->path, "/d/x/f.log");
	ck_assert_int_eq(ch->versions, 2);
	ck_assert_uint_eq(ch->size, 2048);
	ck_assert_int_eq(ch->severity, ZS_LOG_SEV_DEBUG);
	ck_assert_uint_eq(ch->debug_level, 1);
	ck_assert(!ch->print_time && ch->print_severity && ch->print_category);
	ch = chan(lg, "u");
	ck_assert_str_eq(ch->path, "/abs.log");
	ck_assert_int_eq(ch->versions, ZS_LOG_VERSIONS_UNLIMITED);
	ck_assert_uint_eq(ch->size, 0);
	ck_assert_uint_eq(ch->debug_level, 5);
	ck_assert(ch->print_time);
	ch = chan(lg, "s");
	ck_assert_int_eq(ch->dest, ZS_LOG_SYSLOG);
	ck_assert_str_eq(ch->facility, "local4");
	ck_assert_int_eq(ch->severity, ZS_LOG_SEV_WARNING);
	ck_assert_int_eq(chan(lg, "e")->severity, ZS_LOG_SEV_CRITICAL);

	/* A channel named twice in a category logs once. */
	cat = &lg->cat[ZS_LOG_CAT_XFER_IN];
	ck_assert(cat->given);
	ck_assert_uint_eq(cat->nchans, 2);
	ck_assert_str_eq(lg->channels[cat->chans[0]].name, "f");
	ck_assert_uint_eq(cat->chans[1], ZS_LOG_CH_DEFAULT_SYSLOG);
	cat = &lg->cat[ZS_LOG_CAT_DEFAULT];
	ck_assert(cat->given);
	ck_assert_uint_eq(cat->nchans, 3);
	ck_assert(!lg->cat[ZS_LOG_CAT_GENERAL].given);

	/* Printed back, it parses to a config that prints the same. */
	a = print_conf(c);
	ck_assert_ptr_nonnull(strstr(a, "file \"x/f.log\" versions 2 size 2k;"));
	ck_assert_ptr_nonnull(strstr(a, "severity debug 5;"));
	ck_assert_ptr_nonnull(strstr(a,
	    "category xfer-in { \"f\"; \"default_syslog\"; };"));
	c2 = parse_ok(a);
	b = print_conf(c2);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	zs_conf_free(c2);
	zs_conf_free(c);
}
END_TEST

START_TEST(test_errors)
{
	parse_err("logging { category lame-servers { null; }; };",
	    "t.conf:1:20: unknown category \"lame-servers\" (expected "
	    "default, general, config, xfer-in or notify)");
	parse_err("logging { category general { nosuch; }; };",
	    "t.conf:1:30: unknown channel \"nosuch\"");
	parse_err("logging { };\nlogging { };",
	    "t.conf:2:1: logging given twice");
	parse_err("logging { channel a { null; }; channel a { null; }; };",
	    "t.conf:1:40: channel \"a\" defined twice");
	parse_err("logging { channel null { null; }; };",
	    "t.conf:1:19: channel \"null\" is predefined");
	parse_err("logging { channel a { severity info; }; };",
	    "t.conf:1:19: channel \"a\" needs a destination (file, syslog, "
	    "stderr or null)");
	parse_err("logging { channel a { null; stderr; }; };",
	    "t.conf:1:29: channel \"a\" has more than one destination");
	parse_err("logging { channel a { file \"f\" versions -1; }; };",
	    "t.conf:1:41: bad versions \"-1\" (expected 0 to 1000 or "
	    "unlimited)");
	parse_err("logging { channel a { file \"f\" size 1q; }; };",
	    "t.conf:1:37: bad size \"1q\"");
	parse_err("logging { channel a { syslog local9; }; };",
	    "t.conf:1:30: unknown syslog facility \"local9\"");
	parse_err("logging { channel a { null; severity debug 100; }; };",
	    "t.conf:1:44: bad debug level \"100\" (expected 0 to 99)");
	parse_err("logging { channel a { null; print-time maybe; }; };",
	    "t.conf:1:40: expected yes or no but found \"maybe\"");
	parse_err("logging { channel a { null; color yes; }; };",
	    "t.conf:1:29: unknown option \"color\" in channel");
	parse_err("logging { category general { null; }; category general "
	    "{ null; }; };",
	    "t.conf:1:48: category general given twice");
	parse_err("logging { severity info; };",
	    "t.conf:1:11: unknown option \"severity\" in logging (expected "
	    "channel or category)");
	parse_err("logging { channel a { null; } };",
	    "t.conf:1:31: missing \";\" before \"}\"");
	parse_err("logging { channel a { null;",
	    "t.conf:1:28: expected an option or \"}\" in channel but found "
	    "end of file");
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(zs_conflog_cat_name(ZS_LOG_CAT_XFER_IN), "xfer-in");
	ck_assert_str_eq(zs_conflog_cat_name(ZS_LOG_NCAT), "?");
	ck_assert_str_eq(zs_conflog_sev_name(ZS_LOG_SEV_NOTICE), "notice");
	ck_assert_str_eq(zs_conflog_sev_name(ZS_LOG_SEV_DYNAMIC), "dynamic");
	ck_assert_str_eq(zs_conflog_sev_name(1), "?");
}
END_TEST

static Suite *
conflog_suite(void)
{
	Suite *s = suite_create("conflog");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_absent);
	tcase_add_test(tc, test_predefined);
	tcase_add_test(tc, test_channels);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(conflog_suite)
