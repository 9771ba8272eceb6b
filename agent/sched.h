/*
 * sched.h - per-zone state and timing: the secondary's refresh cycle.
 *
 *   refresh timer / NOTIFY / refresh command
 *      -> SOA at primary 1..n (failover) -> serial newer?
 *      -> transfer (at most transfers-in at once) -> check-command
 *      -> install -> reload (coalesced) -> verify at verify-server
 *      -> next refresh (SOA refresh, clamped, jittered)
 *   Any failure: next primary, then retry (SOA retry, clamped, with
 *   backoff); past SOA expire with no good answer: "expired".
 */
#ifndef ZS_AGENT_SCHED_H
#define ZS_AGENT_SCHED_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <sys/socket.h>

#include "conf.h"

enum zstate {
	Z_OK, Z_REFRESHING, Z_TRANSFERRING, Z_RETRYING, Z_EXPIRED, Z_ERROR
};

/* What a status report shows of one zone (a snapshot, all copied). */
struct zone_status {
	const char *name;
	const char *file;
	enum zstate state;
	bool have_local;
	uint32_t local_serial;
	bool have_primary;
	uint32_t primary_serial;
	char primary[64];		/* last primary that answered */
	time_t last_check;		/* 0 = never */
	time_t last_ok;			/* last good SOA answer or transfer */
	time_t last_xfer;		/* last successful transfer, 0 = never */
	uint32_t last_xfer_serial;
	uint64_t last_xfer_records;
	uint64_t last_xfer_bytes;
	double last_xfer_secs;
	time_t next_check;
	unsigned failures;		/* consecutive */
	const char *last_error;		/* "" if none */
	bool have_served;
	uint32_t served_serial;		/* from verify-server */
	uint64_t xfers_ok, xfers_failed, xfer_bytes_total,
	    xfer_records_total;
	uint64_t notifies;		/* accepted NOTIFYs */
};

const char *zstate_name(enum zstate s);

/*
 * Take over conf (the scheduler owns it from here) and start every
 * zone.  once: one round per zone, then stop the loop.
 */
int sched_start(struct zs_conf *conf, bool once);

/*
 * Switch to a new config: zones added start, zones removed stop, zones
 * kept keep their state but use the new settings.  Takes over newconf.
 */
void sched_reconfigure(struct zs_conf *newconf);

/* Abandon transfers and free everything (at exit). */
void sched_stop(void);

/*
 * Check a zone now (force: transfer even if the serial is not newer).
 * Returns 0, or -1 when the zone is unknown.
 */
int sched_refresh(const char *zone, bool force);

enum notify_verdict { NOTIFY_ACCEPT, NOTIFY_UNKNOWN_ZONE, NOTIFY_REFUSED };

/*
 * A NOTIFY for zone (wire form) arrived from src, signed with key (wire
 * name, NULL when unsigned).  Checks allow-notify (default: the zone's
 * own primaries, any port) and, when accepted, starts an SOA check: at
 * most one check in flight and one queued per zone, however many
 * NOTIFYs come (RFC 1996 3.7: the serial is only a hint).
 */
enum notify_verdict sched_notify(const uint8_t *zone, size_t zlen,
    const struct sockaddr *src, const uint8_t *key, size_t keylen,
    bool have_serial, uint32_t serial);

/* Call fn for every zone, in configuration order. */
void sched_foreach(void (*fn)(const struct zone_status *, void *),
    void *arg);

/* The running config (owned by the scheduler). */
const struct zs_conf *sched_conf(void);

/* --once: exit status once the loop stopped (0: every zone current). */
int sched_once_status(void);

#endif /* ZS_AGENT_SCHED_H */
