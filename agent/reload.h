/*
 * reload.h - make the local named load new zone files: one reload child
 * at a time, with coalescing.
 *
 * Requests are queued while a reload runs.  When it finishes and at least
 * coalesce_min zones wait (and an all-zones command is configured), that
 * command runs once for all of them; otherwise the next zone's own
 * command runs.  10,000 changed zones thus cost a few `rndc reload` runs,
 * not 10,000 `rndc reload ZONE` runs.
 */
#ifndef ZS_AGENT_RELOAD_H
#define ZS_AGENT_RELOAD_H

#include "conf.h"
#include "proc.h"

/* Seconds for one reload: `reload` of 10,000 zones takes a while. */
#define RELOAD_TIMEOUT	120.0

/*
 * Result callback.  r is borrowed for the call.  coalesced is the number
 * of zones in the batch when r comes from the all-zones command (shared
 * by every zone in that batch, at least 1), 0 when it comes from this
 * zone's own command.  The callback may call any reload_* function.
 */
typedef void (*reload_cb)(void *arg, const struct spawn_result *r,
    int coalesced);

/*
 * all_argv: the all-zones command, e.g. {"rndc", "reload", NULL}, or
 * NULL for none; deep-copied.  rndc: rndc-server (with its key), or NULL;
 * deep-copied.  With rndc, zones without a command of their own reload
 * by sending "reload ZONE" to it, and with all_argv NULL the all-zones
 * reload is "reload" sent to it.  With neither, nothing coalesces.
 * timeout: seconds for each child or exchange (see spawn_run).  coalesce_min: queued zones needed to use
 * all_argv (values below 1 mean 1).  May be called again at any time;
 * takes effect for the next child.  Returns 0 or ZS_ENOMEM (then the old
 * setting stays).
 */
int reload_configure(char **all_argv, const struct zs_conf_server *rndc,
    double timeout, int coalesce_min);

/*
 * Ask for zone to be reloaded; zone and zone_argv (the per-zone command,
 * already expanded, e.g. {"rndc", "reload", "example.com", NULL}) are
 * copied.  zone_argv may be NULL when rndc-server is configured (the
 * zone then reloads through it) or all_argv is (the all-zones command is
 * then used for this zone too).
 *
 * A request for a zone that is already queued (not yet running) merges
 * with it: every merged callback gets the same result.  A request for a
 * zone whose reload is running queues a new reload, since the file may
 * have changed after that one started.  Zone names match ignoring ASCII
 * case.
 *
 * Returns 0 and cb is called exactly once, from the loop, unless
 * reload_cancel(arg) or reload_shutdown() drops it.  If nothing is
 * running the child starts now; a spawn failure then returns its error
 * (see spawn_run) and cb is never called.  A later spawn failure for a
 * queued request is reported through cb with exec_failed set to the
 * errno and exited = 0.  Returns ZS_EINVAL or ZS_ENOMEM without calling.
 */
int reload_request(const char *zone, char *const *zone_argv, reload_cb cb,
    void *arg);

/*
 * Drop every request (queued or running) whose callback argument is arg;
 * their callbacks are never called.  A running child is not killed.
 */
void reload_cancel(void *arg);

/* Zones waiting (not counting the running child's). */
int reload_queued(void);

/*
 * Forget every request without calling back and free the configuration.
 * A running child is not killed (spawn_kill_all() does that); until it
 * ends, new requests queue behind it.
 */
void reload_shutdown(void);

#endif /* ZS_AGENT_RELOAD_H */
