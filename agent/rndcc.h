/*
 * rndcc.h - rndc's work done from the loop: a command (e.g. "reload
 * example.com") sent over named's control channel (rndc-server in
 * agent.conf), with no child process.
 *
 * Starting `rndc` costs 20-35 ms per reload (exec, loading libisc and
 * libdns, reading rndc.conf), about as much as everything else zonesyncd
 * does between the last transferred octet and named starting its load.
 * The exchange itself is two round trips on one TCP connection.
 */
#ifndef ZS_AGENT_RNDCC_H
#define ZS_AGENT_RNDCC_H

#include "conf.h"
#include "proc.h"

/*
 * Send command to srv (its key is required; key and address are copied).
 * The outcome arrives as a spawn_result, so rndc-server and an external
 * reload-command look the same to the caller: exited = 1; status 0 when
 * named answered with result 0, else 1; output holds named's text and
 * error, or what went wrong ("127.0.0.1#953: connect: Connection
 * refused", "reply failed authentication"); timed_out when timeout_secs
 * (> 0) passed first.
 *
 * Returns 0 and cb is called exactly once, from the loop (never from
 * inside rndcc_run), unless rndcc_shutdown() comes first.  Returns
 * ZS_EINVAL (no key, bad family) or ZS_ENOMEM and cb is never called.
 */
int rndcc_run(const struct zs_conf_server *srv, const char *command,
    double timeout_secs, spawn_cb cb, void *arg);

/* Exchanges under way. */
int rndcc_running(void);

/* Close every connection; no callback is called for them. */
void rndcc_shutdown(void);

#endif /* ZS_AGENT_RNDCC_H */
