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
#include "proc.h"
#include "sched.h"
#include "statefile.h"
#include "strbuf.h"

/* The origin of the zones of agent.conf (status "origin"). */
#define ZONES_ORIGIN_CONF	"agent.conf"

/*
 * How the registry tells named of its set of zones: the daemon passes
 * agent/include's functions; without them (tests, or NULL) there is no
 * named-include and named's own config is assumed to list every zone.
 */
struct zones_named {
	bool (*enabled)(void);		/* named-include configured */
	void (*changed)(void);		/* rewrite + reconfig soon */
};
void zones_set_named(const struct zones_named *n);

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
 * Zones added at run time from elsewhere (zones_add with another origin)
 * stay, unless the new file has a zone of the same name: agent.conf's
 * wins (it takes the zone over, state and all).
 */
void zones_reconfigure(struct zs_conf *newconf);

/*
 * Run-time changes of the set of zones (SIGHUP uses them; so does a
 * catalog consumer).  Each change of the set rewrites the named-include
 * file and reconfigures named, several close together batched into one.
 *
 * zones_add: start zone cz (borrowed: it must stay valid, at the same
 * address, until zones_remove or zones_update replaces it or zones_stop;
 * e.g. in a catalog's own table).  origin (copied) is what status shows
 * as the zone's "origin": ZONES_ORIGIN_CONF or, say, "catalog
 * catalog.example"; NULL means ZONES_ORIGIN_CONF.  With named-include,
 * the zone enters the include once its file exists (now, if it does;
 * else after its first transfer), named is reconfigured, and only when
 * named serves the transferred serial does the zone read "ok".  Returns
 * 0, or -1 when a zone of that name exists (any case).
 *
 * zones_update: the zone of cz's name takes cz's settings (and origin
 * when not NULL), keeping its state; its statement is rewritten.
 * Returns 0, or -1 when no zone has that name.
 *
 * zones_remove / zones_remove_wire: stop the zone now (no more checks,
 * a transfer under way is abandoned).  With named-include, its statement
 * leaves the include, named is reconfigured, and only then are its file
 * and state removed; a failed reconfig is retried, the file kept
 * meanwhile; a zone added again meanwhile keeps its file.  Without
 * named-include the file stays (named.conf written by hand may name it).
 * name as in zones_refresh.  Returns 0, or -1 when no zone has that name.
 */
int zones_add(const struct zs_conf_zone *cz, const char *origin);
int zones_update(const struct zs_conf_zone *cz, const char *origin);
int zones_remove(const char *name);
int zones_remove_wire(const uint8_t *wire, size_t len);

/* zones_remove_wire, and with keep_file the file stays (state goes). */
int zones_remove_keep(const uint8_t *wire, size_t len, bool keep_file);

/* How many zones run. */
size_t zones_count(void);

/*
 * For agent/include (struct include_hooks): append the include's zone
 * statements for write gen and return how many; and how the reconfig
 * after write gen ended (r NULL: the file could not be written).
 */
size_t zones_include_render(struct zs_strbuf *sb, unsigned gen);
void zones_include_applied(unsigned gen, bool ok,
    const struct spawn_result *r);

/*
 * For agent/zoneio (the scheduler's named_add / reload_cancel): have
 * named take zone z, whose file now exists, through the include; the
 * outcome comes as sched_reload_done(z) after the next reconfig.
 * Returns 0, or -1 without named-include.
 */
int zones_named_add(struct szone *z);
void zones_named_cancel(struct szone *z);

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
