/*
 * sched.h - the refresh state machine of one zone, and the transfer slots
 * all zones share.  It does no I/O of its own: it asks for SOA queries,
 * transfers, checks and reloads through struct sched_io, hears back
 * through the sched_*_done() calls, and tells an observer what happened.
 *
 *   refresh/retry timer, NOTIFY, refresh command
 *      -> SOA at primary 1..n (failover) -> serial newer?
 *      -> transfer (at most transfers-in at once) -> check-command
 *      -> install -> reload (retried) -> verify at verify-server
 *      -> next refresh (SOA refresh, clamped, jittered)
 *   Any failure: next primary, then retry (SOA retry, clamped, with
 *   backoff); past SOA expire with no good answer: "expired".
 *
 * What a zone knows is four SOA records, each with when it was learned
 * (on disk, at the primary, announced by NOTIFY, served by named), as
 * NSD's xfrd keeps them, plus one phase and the last error with its
 * class; the reported state is derived from them (sched_zone_state).
 * Each kind of timer has its own deadline (as Knot's zone events do).
 */
#ifndef ZS_AGENT_SCHED_H
#define ZS_AGENT_SCHED_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "conf.h"
#include "event.h"
#include "soa.h"
#include "xfrin.h"

struct szone;
struct zs_snap;
struct zs_zonefile;

enum zstate {
	Z_OK, Z_REFRESHING, Z_TRANSFERRING, Z_RETRYING, Z_EXPIRED, Z_ERROR
};
#define Z_NSTATES	(Z_ERROR + 1)

const char *zstate_name(enum zstate s);

/* Where a zone is in its round. */
enum sched_phase {
	P_IDLE, P_SOA, P_XFR_WAIT, P_XFR, P_CHECK, P_RELOAD, P_VERIFY,
	P_SERVED	/* between rounds: asking named what it serves */
};

/* One timer per kind of event. */
enum sched_timer {
	T_REFRESH,	/* next check after a good round */
	T_RETRY,	/* next check after a failed round */
	T_EXPIRE,	/* SOA expire since the last good answer */
	T_XFR,		/* max-transfer-time-in / max-transfer-idle-in */
	T_RELOAD,	/* the reload-command's next try */
	T_VERIFY,	/* the next SOA query to verify-server: while waiting
			 * for a reloaded serial, else the periodic check */
	T_COUNT
};

/*
 * The class of the zone's last error.  It stays a class (with its few
 * facts) until sched_error_text() makes the log line or status field.
 */
enum sched_err {
	E_NONE,
	E_SOA_SEND,	/* the SOA query could not be sent */
	E_SOA,		/* the SOA query failed or the answer was bad */
	E_SERIAL_OLDER,	/* the primary's serial is older than ours */
	E_XFR,		/* the transfer failed */
	E_SHRINK,	/* max-shrink-percent refused the new zone */
	E_CHECK,	/* check-command refused the new zone */
	E_INSTALL,	/* the zone file could not be put in place */
	E_RELOAD_EXPAND, /* reload-command could not be expanded */
	E_RELOAD_QUEUE,	/* the reload could not be queued */
	E_RELOAD,	/* the reload failed, after its tries */
	E_VERIFY_WAIT,	/* named does not serve the serial yet (progress) */
	E_VERIFY,	/* named did not come to serve the serial */
	E_NOT_SERVED	/* a check found named not serving the file's serial */
};

/* Whether the error makes the zone "error" (not a retry that may heal). */
bool sched_err_hard(enum sched_err kind);

struct sched_error {
	enum sched_err kind;
	int code;		/* ZS_E* or SOA_E* code, 0 when none */
	char peer[ZS_ADDR_TEXTLEN];	/* primary or server concerned */
	uint32_t serial;	/* the serial concerned */
	uint32_t other;		/* ours, or the one named serves */
	bool have_other;
	uint64_t n1, n2;	/* record counts (E_SHRINK) */
	unsigned pct;
	char detail[512];	/* the lower layer's own text, one line */
};

/* The log line / status text of an error ("" for E_NONE). */
const char *sched_error_text(const struct sched_error *e, const char *zone,
    char *buf, size_t len);

/* An SOA as the zone learned it. */
struct sched_soa {
	bool have;
	uint32_t serial, refresh, retry, expire;
	double at;		/* monotonic time it was learned */
	time_t wall;		/* the same, wall clock */
};

/* What a status report shows of one zone: a snapshot, all copied. */
struct zone_status {
	const char *name;
	const char *file;
	const char *origin;		/* set by zones.c: where it came from */
	bool in_named;			/* named's config has the zone */
	enum zstate state;
	enum sched_phase phase;
	enum sched_err err_kind;
	bool have_local;
	uint32_t local_serial;
	bool have_primary;
	uint32_t primary_serial;
	char primary[ZS_ADDR_TEXTLEN];	/* last primary that answered */
	time_t last_check;		/* 0 = never */
	time_t last_ok;			/* last good SOA answer or transfer */
	time_t last_xfer;		/* last successful transfer, 0 = never */
	uint32_t last_xfer_serial;
	uint64_t last_xfer_records;
	uint64_t last_xfer_bytes;
	double last_xfer_secs;
	char last_xfer_kind[16];	/* "axfr", "ixfr", "ixfr→axfr" */
	char last_xfer_why[320];	/* why not IXFR, "" if nothing */
	uint64_t last_xfer_deltas;	/* IXFR deltas applied */
	time_t next_check;		/* 0 while a round runs */
	unsigned failures;		/* consecutive failed rounds */
	char last_error[800];		/* "" if none */
	bool have_served;
	uint32_t served_serial;		/* from verify-server */
	time_t served_checked;		/* when named answered it, 0 = never */
	bool have_notified;
	uint32_t notified_serial;	/* from the last NOTIFY with one */
	uint64_t xfers_ok, xfers_failed, xfer_bytes_total,
	    xfer_records_total;
	uint64_t notifies;		/* accepted NOTIFYs */
	uint64_t xfers_ixfr;		/* of xfers_ok, applied as IXFR */
	uint64_t ixfr_fallbacks;	/* IXFRs that failed, then AXFR */
};

/* What sched asks of a transfer (sched_io.xfr_start). */
struct sched_xfr_req {
	bool ixfr;			/* ask IXFR (if a snapshot of the
					 * file's serial is there) */
	bool snapshot;			/* keep the snapshot for IXFR */
	uint32_t serial;		/* the zone file's */
};

/* A finished transfer, handed to the scheduler once (sched_xfr_done). */
struct sched_xfr_outcome {
	int err;			/* 0: zf holds the finished zone */
	const char *errtext;		/* why it failed (err != 0) */
	struct xfrin_result res;
	struct zs_zonefile *zf;		/* finished, not installed; the
					 * scheduler owns it from here */
	struct zs_snap *snap;		/* its snapshot, NULL for none;
					 * owned the same way */
	bool ixfr_failed;		/* err: an IXFR the primary had
					 * failed; AXFR may do better */
};

/* A reload's outcome (from agent/proc.h's spawn_result). */
struct sched_run_outcome {
	bool ok;			/* ran and exited 0 */
	bool coalesced;			/* one reload for many zones: named
					 * reports no zone's load error */
	unsigned batch;			/* how many (coalesced only) */
	bool timed_out, exec_failed, exited;
	int status, signo;
	const char *output;		/* its output, may be "" */
};

/*
 * What the scheduler drives.  The daemon's version (agent/zoneio.c) uses
 * agent/soa, xfrin, proc, reload and the loop; test/agent/check_sched.c
 * has a fake one.  Every start function returns 0 and then reports back
 * exactly once through the matching sched_*_done() call, from the loop,
 * never from inside the start call, unless cancelled; or returns non-zero
 * and never reports.
 */
struct sched_io {
	void *ctx;
	double (*now)(void *ctx);		/* monotonic seconds */
	time_t (*wall)(void *ctx);		/* seconds since the epoch */
	double (*random)(void *ctx);		/* uniform in [0, 1) */
	/* The earliest timer is now at `when` (< 0: none armed). */
	void (*wake)(void *ctx, double when);
	/* SOA query to srv for z (verify: to verify-server, one try). */
	int (*soa_query)(void *ctx, struct szone *z,
	    const struct zs_conf_server *srv, bool verify);
	void (*soa_cancel)(void *ctx, struct szone *z);
	/*
	 * Transfer z from primary p into a temporary file beside the zone's.
	 * The io clears req->ixfr when it asks AXFR after all (no snapshot
	 * at the file's serial).
	 */
	int (*xfr_start)(void *ctx, struct szone *z,
	    const struct zs_conf_server *p, struct sched_xfr_req *req,
	    char *err, size_t errlen);
	void (*xfr_abort)(void *ctx, struct szone *z);
	/* Run check-command (argv, expanded) on the finished file. */
	int (*check_start)(void *ctx, struct szone *z, char **argv);
	/* Reload z in named: argv (expanded reload-command) or NULL for
	 * rndc-server's "reload ZONE". */
	int (*reload_start)(void *ctx, struct szone *z, const char *zone,
	    char **argv);
	void (*reload_cancel)(void *ctx, struct szone *z);
	/* --once: every zone had its round. */
	void (*stop)(void *ctx);
	/* Have named add z (not in its config yet, see sched_zone_set_named)
	 * now that its file exists: the outcome comes as sched_reload_done.
	 * NULL: every zone is in named's config. */
	int (*named_add)(void *ctx, struct szone *z);
};

/* Who hears what happened; the daemon wires webhooks, metrics, status. */
struct sched_observer {
	void *arg;
	/* An event people must hear of (e->time, e->host unset). */
	void (*on_event)(void *arg, struct zs_event *e);
	/* Something in some zone's status changed. */
	void (*on_change)(void *arg);
};

/*
 * Set up the scheduler (io and obs are copied; conf is borrowed until the
 * next sched_setconf).  once: one round per zone, then io->stop.
 */
void sched_init(const struct sched_io *io, const struct sched_observer *obs,
    bool once);

/* The settings every zone shares (transfers-in, verify-server). */
void sched_setconf(const struct zs_conf *conf);

/* How long a zone asks a primary whose IXFR failed for AXFR instead. */
#define SCHED_IXFR_FORGET	3600.0

/*
 * A new zone for cz (borrowed; see sched_zone_setconf); first round in
 * delay seconds.  last_ok: its last good refresh before a restart
 * (seconds since the epoch, from the state file), 0 when unknown: expiry
 * then counts from now.
 */
struct szone *sched_zone_new(const struct zs_conf_zone *cz, double delay,
    time_t last_ok);

/*
 * Whether named's config has the zone (true for a new zone).  false (the
 * named-include case): named learns of it by io->named_add, which the
 * next install or the first round (when the file is there already) asks
 * for in place of a reload; a good outcome makes it true again.  Until
 * then the zone is never "ok" and what named serves is not asked.
 */
void sched_zone_set_named(struct szone *z, bool in_named);

/*
 * named took a new config that lists z: a zone not in named yet whose
 * own retry waits (after failed reconfigs) asks again now.
 */
void sched_zone_named_listed(struct szone *z);

/*
 * SIGHUP kept the zone: use its new settings; forget which primaries
 * failed IXFR (they are asked IXFR again).
 */
void sched_zone_setconf(struct szone *z, const struct zs_conf_zone *cz);

/*
 * Stop the zone: cancel what it waits for, free it (or, while a callback
 * is owed that cannot be cancelled, once it comes).  quiet: at exit.
 */
void sched_zone_remove(struct szone *z, bool quiet);

/* sched_zone_refresh flags */
#define SCHED_RETRANSFER	0x1u	/* transfer even if not newer */
#define SCHED_OVERRIDE		0x2u	/* and install what max-shrink-percent
					 * would refuse (logged as forced) */

/* Check now, as `refresh` (flags 0) or `retransfer [--force]` asks. */
void sched_zone_refresh(struct szone *z, unsigned flags);

/* A NOTIFY the listener accepted for z (serial: its SOA, if it had one). */
void sched_zone_notify(struct szone *z, bool have_serial, uint32_t serial);

/* The zone's config, state and snapshot. */
const struct zs_conf_zone *sched_zone_conf(const struct szone *z);
enum zstate sched_zone_state(const struct szone *z);
void sched_zone_status(const struct szone *z, struct zone_status *st);

/* Fire every timer due at io->now(). */
void sched_run_timers(void);

/* Start queued transfers while slots are free (after sched_setconf). */
void sched_kick(void);

/* --once: 0 when every zone is current, else 1. */
int sched_once_status(void);

/* Reports from the io. */
void sched_soa_done(struct szone *z, const struct soa_result *r);
void sched_xfr_activity(struct szone *z);
void sched_xfr_done(struct szone *z, struct sched_xfr_outcome *o);
void sched_check_done(struct szone *z, const struct sched_run_outcome *r);
void sched_reload_done(struct szone *z, const struct sched_run_outcome *r);

/* The io's per-zone slot (one pointer the io may use as it likes). */
void **sched_zone_ioslot(struct szone *z);
const char *sched_zone_name(const struct szone *z);

#endif /* ZS_AGENT_SCHED_H */
