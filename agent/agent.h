/*
 * agent.h - entry points shared by the agent's files.
 */
#ifndef ZS_AGENT_H
#define ZS_AGENT_H

#include <stddef.h>
#include <stdio.h>

#ifndef ZS_DEFAULT_CONF
#define ZS_DEFAULT_CONF "/etc/zonesync/agent.conf"
#endif
#define ZS_VERSION "0.1.0"

struct zs_conf;

int cmd_xfr(int argc, char **argv);

/* Print the options of `zonesyncd xfr`, one per line (for usage texts). */
void xfr_options(FILE *fp);

/*
 * A file read whole, NUL-terminated (the length, without the NUL, in
 * *len when len is not NULL); NULL with errno on error.  Free it.
 */
char *agent_read_file(const char *path, size_t *len);

/* Load a config; logs the error and returns NULL when it is bad. */
struct zs_conf *daemon_load_conf(const char *path, int quiet);

/* Run the daemon (or one round with once); returns the exit status. */
int daemon_run(const char *path, int foreground, int once, int verbose,
    const char *pidfile);

/*
 * `zonesyncd status` and `zonesyncd refresh|retransfer ZONE`, through the
 * control socket: sock (-S), else the config's, else the default one.
 */
int daemon_status(const char *path, int json, const char *sock);
int daemon_control(const char *path, const char *cmd, const char *zone,
    const char *sock);

#endif /* ZS_AGENT_H */
