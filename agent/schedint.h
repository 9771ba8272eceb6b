/*
 * schedint.h - what the two files of the refresh state machine share:
 * sched.c (rounds, SOA, transfers, reloads, timers) and sched_verify.c
 * (what the local named serves).  Internal to them; the rest of the agent
 * uses sched.h.
 */
#ifndef ZS_AGENT_SCHEDINT_H
#define ZS_AGENT_SCHEDINT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>
#include <time.h>

#include "sched.h"
#include "timerq.h"

#define SERVED_AGAIN	30.0	/* re-check what named serves this often
				 * while it does not serve the zone */
#define OWN_RELOAD_AFTER 2.0	/* a coalesced reload not served this soon
				 * (plus OWN_RELOAD_PER_ZONE for each zone
				 * of its batch): reload the zone alone,
				 * which reports a refused load at once */
#define OWN_RELOAD_PER_ZONE 0.002
#define VERIFY_FIRST	0.05	/* first wait between verify queries, then
				 * doubling up to 2 s */

struct stimer {
	struct zs_tq_entry e;		/* first: the heap hands back &e */
	struct szone *z;
};

/* A primary whose IXFR failed lately (sched.c). */
struct ixfr_bad {
	struct zs_addr addr;
	double until;			/* ask it AXFR until then */
	char why[200];
};

struct szone {
	TAILQ_ENTRY(szone) xq;		/* waiting for a transfer slot */
	const struct zs_conf_zone *cz;	/* owned by the running config */
	char *name;
	enum sched_phase phase;
	struct stimer t[T_COUNT];
	void *ioslot;

	/* What the zone knows, each with when it learned it. */
	struct sched_soa local;		/* the file on disk */
	struct sched_soa primary;	/* the last good primary answer */
	struct sched_soa notified;	/* the last NOTIFY with an SOA */
	struct sched_soa served;	/* what verify-server answered */
	uint64_t local_records;		/* records in the file on disk */
	bool info_loaded;		/* the file on disk was looked at */
	int disk_format;		/* enum zs_zonefile_format of the file
					 * on disk (when local.have) */
	int xfr_format;			/* ... the transfer writes */
	bool format_wait;		/* format changed: rewrite once named
					 * has the new include (named-include) */
	double last_ok;			/* last good answer (expiry) */
	time_t last_ok_wall;
	bool expiry_said;		/* "expired" logged for this last_ok */

	/* This round. */
	size_t try_idx;			/* primary asked in this round */
	double round_started;
	bool force;			/* transfer even if not newer */
	bool override;			/* install despite max-shrink-percent */
	bool again;			/* refresh asked during the round */
	bool xfr_round;			/* a transfer began in this round */
	bool reload_pending;		/* installed, named not confirmed */
	bool in_named;			/* named's config has the zone */
	bool removed;			/* free when the check comes back */
	bool round_done;		/* --once bookkeeping */
	bool served_in_round;		/* P_SERVED ends the round */
	unsigned rounds;		/* rounds finished */
	unsigned failures;		/* failed rounds in a row */
	double xfr_start, xfr_activity;
	struct zs_zonefile *zf;		/* the finished transfer */
	struct zs_snap *snap;		/* and its snapshot, if any */
	bool xfr_ixfr;			/* this transfer asked IXFR */
	bool xfr_axfr_only;		/* IXFR failed this round: AXFR */
	char fallback[320];		/* why ("" none), for the status */
	struct ixfr_bad *ixbad;		/* primaries asked AXFR for now */
	size_t nixbad;
	struct xfrin_result xres;
	char *replaced;			/* link holding the old file's blocks */
	unsigned reload_tries;		/* failed reloads in a row */
	bool reload_coalesced;		/* the last one was for many zones */
	bool reload_own;		/* and this zone's own was asked since */
	double own_reload_after;	/* seconds after the coalesced one */
	double reload_start;		/* the reload-command's first try */
	double verify_until, verify_wait;

	struct sched_error err;
	bool err_logged;		/* err already went to the log */
	/* A failure that repeats is logged when it starts, when its reason
	 * changes and when it ends, not on every retry. */
	unsigned streak_n;		/* failures reported since the last ok */
	double streak_since;		/* when the first of them was */
	uint64_t streak_hash;		/* of the text last logged */
	uint64_t failover_hash;		/* of the last "trying the next" */
	uint32_t announced;		/* the last "serial A -> B" said */

	/* Counters and the last transfer, for status and metrics. */
	time_t last_check;
	time_t last_xfer;
	uint32_t last_xfer_serial;
	uint64_t last_xfer_records, last_xfer_bytes;
	double last_xfer_secs;
	char last_xfer_kind[16];
	char last_xfer_why[320];
	uint64_t last_xfer_deltas;
	uint64_t xfers_ixfr, ixfr_fallbacks;
	char primary_text[ZS_ADDR_TEXTLEN];	/* last that answered */
	uint64_t xfers_ok, xfers_failed, xfer_bytes_total,
	    xfer_records_total, notifies;
};

extern struct sched_io sc_io;		/* what the scheduler drives */
extern const struct zs_conf *sc_conf;	/* settings all zones share */

/* sched.c */
double sc_now(void);
time_t sc_wall(void);
void sc_changed(void);
void sc_timer_in(struct szone *z, enum sched_timer k, double secs);
void sc_timer_cancel(struct szone *z, enum sched_timer k);
void sc_soa_learn(struct sched_soa *s, const struct zs_soa *soa);
struct sched_error *sc_set_error(struct szone *z, enum sched_err kind);
void sc_clear_error(struct szone *z);
void sc_set_detail(struct szone *z, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sc_log_error(struct szone *z);
void sc_emit(struct szone *z, unsigned type, bool have_new,
    uint32_t new_serial, const struct xfrin_result *r, double secs);
const char *sc_srv_text(const struct zs_conf_server *s, char *buf,
    size_t len);
void sc_round_end(struct szone *z, bool ok);
void sc_round_start(struct szone *z);
void sc_do_reload(struct szone *z);

/* sched_verify.c */
void sc_arm_served(struct szone *z, bool soon);
bool sc_served_err(enum sched_err k);
bool sc_served_ok(const struct szone *z);
void sc_recovered(struct szone *z);
void sc_verify_query(struct szone *z);
void sc_on_verify(struct szone *z, const struct soa_result *r);
void sc_served_check(struct szone *z, bool in_round);
void sc_on_served(struct szone *z, const struct soa_result *r);

#endif /* ZS_AGENT_SCHEDINT_H */
