/*
 * event.c - webhook event names and JSON bodies (jansson).
 */
#include <assert.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event.h"

const char *
zs_event_name(unsigned type)
{
	switch (type) {
	case ZS_EV_ZONE_UPDATED:
		return "zone-updated";
	case ZS_EV_TRANSFER_FAILED:
		return "transfer-failed";
	case ZS_EV_ZONE_EXPIRED:
		return "zone-expired";
	case ZS_EV_CHECK_FAILED:
		return "check-failed";
	case ZS_EV_VERIFY_FAILED:
		return "verify-failed";
	case ZS_EV_ZONE_RECOVERED:
		return "zone-recovered";
	case ZS_EV_ZONE_ADDED:
		return "zone-added";
	case ZS_EV_ZONE_REMOVED:
		return "zone-removed";
	default:
		return NULL;
	}
}

/*
 * A JSON string for s: as is when it is valid UTF-8, else with every
 * byte >= 0x80 as "\DDD".  NULL gives json null.  Returns NULL only when
 * out of memory.
 */
static json_t *
jstr(const char *s)
{
	json_t *j;
	char *buf, *p;
	size_t len;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	/* Not UTF-8 (or no memory): escape the high bytes and retry. */
	len = strlen(s);
	if ((buf = calloc(len + 1, 4)) == NULL)
		return NULL;
	for (p = buf; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x80)
			p += sprintf(p, "\\%03u", (unsigned)c);
		else
			*p++ = (char)c;
	}
	*p = '\0';
	j = json_string(buf);
	free(buf);
	return j;
}

static json_t *
jserial(bool have, uint32_t v)
{
	return have ? json_integer((json_int_t)v) : json_null();
}

static json_t *
jcount(uint64_t v)
{
	if (v > (uint64_t)INT64_MAX)
		v = (uint64_t)INT64_MAX;
	return json_integer((json_int_t)v);
}

static json_t *
jtime(int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char buf[64];

	if ((int64_t)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
		return json_null();
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	return json_string(buf);
}

/* Add v under key; steals v.  Returns 0, or -1 if v is NULL (no memory). */
static int
put(json_t *o, const char *key, json_t *v)
{
	if (v == NULL)
		return -1;
	return json_object_set_new(o, key, v);
}

char *
zs_event_json(const struct zs_event *e)
{
	json_t *o;
	char *out = NULL;
	const char *name;

	assert(e != NULL);
	if ((o = json_object()) == NULL)
		return NULL;
	name = zs_event_name(e->type);
	if (put(o, "event", name != NULL ? json_string(name) : json_null()) ||
	    put(o, "zone", jstr(e->zone)) ||
	    put(o, "serial_before", jserial(e->have_old, e->old_serial)) ||
	    put(o, "serial_after", jserial(e->have_new, e->new_serial)) ||
	    put(o, "primary", jstr(e->primary)) ||
	    put(o, "records", jcount(e->records)) ||
	    put(o, "bytes", jcount(e->bytes)) ||
	    put(o, "seconds", isfinite(e->seconds) ?
	    json_real(zs_event_round_ms(e->seconds)) : json_null()) ||
	    put(o, "error", jstr(e->error)) ||
	    put(o, "time", jtime(e->time)) ||
	    put(o, "host", jstr(e->host)))
		goto out;
	if (e->transfer != NULL && (put(o, "transfer", jstr(e->transfer)) ||
	    put(o, "transfer_why", jstr(e->transfer_why)) ||
	    put(o, "deltas", jcount(e->deltas))))
		goto out;
	out = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(9));
out:
	json_decref(o);
	return out;
}

double
zs_event_round_ms(double s)
{
	/* Without libm's round(): the cast truncates toward zero. */
	if (!(s > -1e12 && s < 1e12))
		return s;
	return (double)(int64_t)(s * 1000.0 + (s < 0 ? -0.5 : 0.5)) / 1000.0;
}
