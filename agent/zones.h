/*
 * zones.h - the zone registry: which zones exist, found by name, in
 * configuration order, and how a new config changes that set.  What each
 * zone does is agent/sched's business.
 */
#ifndef ZS_AGENT_ZONES_H
#define ZS_AGENT_ZONES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/socket.h>

#include "conf.h"
#include "sched.h"
#include "statefile.h"

/*
 * Take over conf and start every zone (sched_init first), with what sf
 * (may be NULL) remembers of each from before a restart.  nolock: the
 * pid-file lock is not held, so temporary files of others stay.
 */
void zones_start(struct zs_conf *conf, bool nolock,
    const struct zs_statefile *sf);

/*
 * Switch to a new config: zones added start, zones removed stop, zones
 * kept keep their state but use the new settings.  Takes over newconf.
 */
void zones_reconfigure(struct zs_conf *newconf);

/* Stop every zone and free the config (at exit). */
void zones_stop(void);

/* The running config. */
const struct zs_conf *zones_conf(void);

/* The zone called wire (any case), or NULL. */
struct szone *zones_find(const uint8_t *wire, size_t len);

/*
 * Check a zone now (flags: SCHED_RETRANSFER, SCHED_OVERRIDE).  name as in
 * the config, any case, with or without the final dot.  Returns 0, or -1
 * when the zone is unknown.
 */
int zones_refresh(const char *name, unsigned flags);

enum notify_verdict { NOTIFY_ACCEPT, NOTIFY_UNKNOWN_ZONE, NOTIFY_REFUSED };

/*
 * A NOTIFY for zone (wire form) arrived from src, signed with key (wire
 * name, NULL when unsigned).  Checks allow-notify (default: the zone's
 * own primaries, any port) and, when accepted, hands it to the zone's
 * refresh machine: at most one check in flight and one queued per zone,
 * however many NOTIFYs come (RFC 1996 3.7: the serial is only a hint).
 */
enum notify_verdict zones_notify(const uint8_t *zone, size_t zlen,
    const struct sockaddr *src, const uint8_t *key, size_t keylen,
    bool have_serial, uint32_t serial);

/* Call fn with every zone's status, in configuration order. */
void zones_foreach(void (*fn)(const struct zone_status *, void *),
    void *arg);

#endif /* ZS_AGENT_ZONES_H */
