/*
 * check_event.c - webhook event names and exact JSON bodies.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "conf.h"
#include "event.h"

START_TEST(test_names)
{
	ck_assert_str_eq(zs_event_name(ZS_EV_ZONE_UPDATED), "zone-updated");
	ck_assert_str_eq(zs_event_name(ZS_EV_TRANSFER_FAILED),
	    "transfer-failed");
	ck_assert_str_eq(zs_event_name(ZS_EV_ZONE_EXPIRED), "zone-expired");
	ck_assert_str_eq(zs_event_name(ZS_EV_CHECK_FAILED), "check-failed");
	ck_assert_str_eq(zs_event_name(ZS_EV_VERIFY_FAILED), "verify-failed");
	ck_assert_str_eq(zs_event_name(ZS_EV_ZONE_RECOVERED),
	    "zone-recovered");
	ck_assert_str_eq(zs_event_name(ZS_EV_ZONE_ADDED), "zone-added");
	ck_assert_str_eq(zs_event_name(ZS_EV_ZONE_REMOVED), "zone-removed");
	ck_assert_ptr_null(zs_event_name(0));
	ck_assert_ptr_null(zs_event_name(ZS_EV_ZONE_UPDATED |
	    ZS_EV_ZONE_EXPIRED));
	ck_assert_ptr_null(zs_event_name(0x100));
}
END_TEST

static void
expect(const struct zs_event *e, const char *want)
{
	char *got = zs_event_json(e);
	json_error_t err;
	json_t *j;

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	/* It parses back, as an object with all eleven fields. */
	j = json_loads(got, 0, &err);
	ck_assert_msg(j != NULL, "does not parse: %s", err.text);
	ck_assert_uint_eq(json_object_size(j), 11);
	json_decref(j);
	free(got);
}

START_TEST(test_updated)
{
	struct zs_event e = {
		.type = ZS_EV_ZONE_UPDATED,
		.zone = "example.com",
		.have_old = true, .old_serial = 2026112101,
		.have_new = true, .new_serial = 2026112102,
		.primary = "192.0.2.1",
		.records = 12, .bytes = 4096, .seconds = 0.25,
		.error = NULL,
		.time = 1795278600,	/* 2026-11-21T16:30:00Z */
		.host = "ns1.example.net",
	};

	expect(&e, "{\"bytes\":4096,\"error\":null,\"event\":\"zone-updated\","
	    "\"host\":\"ns1.example.net\",\"primary\":\"192.0.2.1\","
	    "\"records\":12,\"seconds\":0.25,\"serial_after\":2026112102,"
	    "\"serial_before\":2026112101,\"time\":\"2026-11-21T16:30:00Z\","
	    "\"zone\":\"example.com\"}");
}
END_TEST

/* The kind of transfer: three more keys, only when set. */
START_TEST(test_transfer_kind)
{
	struct zs_event e = {
		.type = ZS_EV_ZONE_UPDATED,
		.zone = "example.com",
		.have_old = true, .old_serial = 1,
		.have_new = true, .new_serial = 2,
		.records = 3, .bytes = 300, .seconds = 0.5,
		.time = 1795278600,
		.host = "h",
		.transfer = "ixfr\xe2\x86\x92" "axfr",
		.transfer_why = "server answered NOTIMP to IXFR",
		.deltas = 0,
	};
	char *got = zs_event_json(&e);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, "{\"bytes\":300,\"deltas\":0,\"error\":null,"
	    "\"event\":\"zone-updated\",\"host\":\"h\",\"primary\":null,"
	    "\"records\":3,\"seconds\":0.5,\"serial_after\":2,"
	    "\"serial_before\":1,\"time\":\"2026-11-21T16:30:00Z\","
	    "\"transfer\":\"ixfr\xe2\x86\x92" "axfr\","
	    "\"transfer_why\":\"server answered NOTIMP to IXFR\","
	    "\"zone\":\"example.com\"}");
	free(got);
	e.transfer = "ixfr";
	e.transfer_why = NULL;
	e.deltas = 2;
	got = zs_event_json(&e);
	ck_assert_ptr_nonnull(strstr(got, "\"deltas\":2,"));
	ck_assert_ptr_nonnull(strstr(got, "\"transfer\":\"ixfr\","
	    "\"transfer_why\":null,"));
	free(got);
}
END_TEST

START_TEST(test_nulls)
{
	struct zs_event e = {
		.type = ZS_EV_TRANSFER_FAILED,
		.zone = "example.org",
		.have_new = true, .new_serial = 4294967295u,
		.error = "connection refused",
		.time = 0,
		.host = "h",
	};

	expect(&e, "{\"bytes\":0,\"error\":\"connection refused\","
	    "\"event\":\"transfer-failed\",\"host\":\"h\",\"primary\":null,"
	    "\"records\":0,\"seconds\":0.0,\"serial_after\":4294967295,"
	    "\"serial_before\":null,\"time\":\"1970-01-01T00:00:00Z\","
	    "\"zone\":\"example.org\"}");

	/* Nothing known at all; unknown type; time out of range. */
	struct zs_event z = { .type = 0x100, .time = INT64_MAX,
	    .records = UINT64_MAX, .seconds = 1.0 / 0.0 };

	expect(&z, "{\"bytes\":0,\"error\":null,\"event\":null,\"host\":null,"
	    "\"primary\":null,\"records\":9223372036854775807,"
	    "\"seconds\":null,\"serial_after\":null,\"serial_before\":null,"
	    "\"time\":null,\"zone\":null}");
}
END_TEST

START_TEST(test_escaping)
{
	struct zs_event e = {
		.type = ZS_EV_CHECK_FAILED,
		.zone = "we\"ird\\.zo\tne",
		.primary = "2001:db8::1",
		.seconds = 1.5,
		.error = "named-checkzone: line 1\n\x01 bad </script>",
		.time = 1795278600,
		.host = "h\xc3\xa9te",	/* valid UTF-8 passes through */
	};

	expect(&e, "{\"bytes\":0,"
	    "\"error\":\"named-checkzone: line 1\\n\\u0001 bad </script>\","
	    "\"event\":\"check-failed\",\"host\":\"h\xc3\xa9te\","
	    "\"primary\":\"2001:db8::1\",\"records\":0,\"seconds\":1.5,"
	    "\"serial_after\":null,\"serial_before\":null,"
	    "\"time\":\"2026-11-21T16:30:00Z\","
	    "\"zone\":\"we\\\"ird\\\\.zo\\tne\"}");

	/* Not UTF-8: the high bytes become \DDD, which JSON escapes. */
	struct zs_event b = {
		.type = ZS_EV_VERIFY_FAILED,
		.zone = "a\xff\x80.test",
		.error = "bad \xc3",
		.time = 1795278600,
		.host = "h",
	};

	expect(&b, "{\"bytes\":0,\"error\":\"bad \\\\195\","
	    "\"event\":\"verify-failed\",\"host\":\"h\",\"primary\":null,"
	    "\"records\":0,\"seconds\":0.0,\"serial_after\":null,"
	    "\"serial_before\":null,\"time\":\"2026-11-21T16:30:00Z\","
	    "\"zone\":\"a\\\\255\\\\128.test\"}");
}
END_TEST

START_TEST(test_expired_precision)
{
	struct zs_event e = {
		.type = ZS_EV_ZONE_EXPIRED,
		.zone = "x",
		.have_old = true, .old_serial = 7,
		.seconds = 0.1,
		.time = 951782400,	/* 2000-02-29 */
		.host = "h",
	};

	expect(&e, "{\"bytes\":0,\"error\":null,\"event\":\"zone-expired\","
	    "\"host\":\"h\",\"primary\":null,\"records\":0,\"seconds\":0.1,"
	    "\"serial_after\":null,\"serial_before\":7,"
	    "\"time\":\"2000-02-29T00:00:00Z\",\"zone\":\"x\"}");
}
END_TEST

/* Seconds keep the millisecond and no binary noise (issue 15). */
START_TEST(test_seconds_ms)
{
	static const struct {
		double in;
		const char *out;
	} t[] = {
		{ 0.04565279799999189, "0.046" },
		{ 0.0004, "0.0" },
		{ 0.0005, "0.001" },
		{ 12.3456789, "12.346" },
		{ 7200.0, "7200.0" },
		{ 604800.9999, "604801.0" },
		{ 86399.123, "86399.123" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct zs_event e = { .type = ZS_EV_ZONE_UPDATED,
		    .seconds = t[i].in };
		char *j = zs_event_json(&e), want[64];

		ck_assert_ptr_nonnull(j);
		snprintf(want, sizeof(want), "\"seconds\":%s,", t[i].out);
		ck_assert_msg(strstr(j, want) != NULL, "%.17g: want %s in %s",
		    t[i].in, want, j);
		free(j);
	}
	ck_assert(zs_event_round_ms(-0.0456) == -0.046);
	ck_assert(isinf(zs_event_round_ms(1.0 / 0.0)));
}
END_TEST

static Suite *
event_suite(void)
{
	Suite *s = suite_create("event");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_updated);
	tcase_add_test(tc, test_transfer_kind);
	tcase_add_test(tc, test_nulls);
	tcase_add_test(tc, test_escaping);
	tcase_add_test(tc, test_expired_precision);
	tcase_add_test(tc, test_seconds_ms);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(event_suite)
