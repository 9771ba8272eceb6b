/*
 * event.h - webhook events: their names and their JSON bodies.
 *
 * Pure: no I/O, no clock.  The agent fills a struct zs_event (including
 * the wall-clock time) and hands it to agent/webhook.c, which sends the
 * body built here.
 */
#ifndef ZS_EVENT_H
#define ZS_EVENT_H

#include <stdbool.h>
#include <stdint.h>

/* Event types, one bit each (also struct zs_conf_webhook.events). */
#define ZS_EV_ZONE_UPDATED	0x01u
#define ZS_EV_TRANSFER_FAILED	0x02u
#define ZS_EV_ZONE_EXPIRED	0x04u
#define ZS_EV_CHECK_FAILED	0x08u
#define ZS_EV_VERIFY_FAILED	0x10u
#define ZS_EV_ZONE_RECOVERED	0x20u
#define ZS_EV_ZONE_ADDED	0x40u	/* a catalog added the zone */
#define ZS_EV_ZONE_REMOVED	0x80u	/* a catalog removed the zone */
#define ZS_EV_ALL		0xffu

/*
 * One event.  All pointers are borrowed by the functions below; NULL
 * strings become JSON null (zone and host should be set).
 */
struct zs_event {
	unsigned type;		/* one ZS_EV_* bit */
	const char *zone;	/* presentation form, no final dot */
	bool have_old;
	uint32_t old_serial;
	bool have_new;
	uint32_t new_serial;
	const char *primary;	/* may be NULL */
	uint64_t records;
	uint64_t bytes;
	double seconds;
	const char *error;	/* NULL if none */
	int64_t time;		/* seconds since the epoch (UTC) */
	const char *host;	/* agent host name */
	const char *transfer;	/* zone-updated: "axfr", "ixfr" or
				 * "ixfr→axfr"; NULL leaves out the three
				 * keys below */
	const char *transfer_why; /* why not IXFR, NULL if nothing */
	uint64_t deltas;	/* IXFR deltas applied */
};

/*
 * "zone-updated", "transfer-failed", "zone-expired", "check-failed",
 * "verify-failed", "zone-recovered", "zone-added" or "zone-removed"; NULL when type is not exactly one known ZS_EV_* bit.
 * Returns a static string.
 */
const char *zs_event_name(unsigned type);

/*
 * The JSON body of e, compact, keys sorted (JSON_COMPACT|JSON_SORT_KEYS),
 * seconds rounded to the millisecond (zs_event_round_ms) and reals printed
 * with 9 significant digits, so 0.0456527 reads 0.046, for example:
 *
 *   {"bytes":4096,"error":null,"event":"zone-updated","host":"ns1",
 *    "primary":"192.0.2.1","records":12,"seconds":0.046,
 *    "serial_after":2026112102,"serial_before":2026112101,
 *    "time":"2026-11-21T16:30:00Z","zone":"example.com"}
 *
 * serial_before / serial_after are null when unknown (have_old/have_new
 * false); primary, error, zone and host are null when NULL; event is null
 * for an unknown type; time is RFC 3339 UTC (null if it does not fit a
 * struct tm), seconds null when not finite.  Strings that are not valid
 * UTF-8 have each byte >= 0x80 written as "\DDD" (decimal, as in zone
 * files).  records and bytes above 2^63-1 are clamped to it.  With
 * transfer set, three more keys: "transfer" (its kind), "transfer_why"
 * (null when nothing to say) and "deltas".
 *
 * Returns a new NUL-terminated string the caller frees with free(), or
 * NULL when out of memory.
 */
char *zs_event_json(const struct zs_event *e);

/*
 * Seconds for JSON: s rounded to the nearest millisecond (s itself when
 * it is not finite or beyond 10^12).  Dumped by jansson with
 * JSON_REAL_PRECISION(9) (9 significant digits, and %g drops trailing
 * zeros) the value reads as its shortest decimal ("0.046", "12.5")
 * instead of the binary expansion ("0.045999999999999999").
 */
double zs_event_round_ms(double s);

#endif /* ZS_EVENT_H */
