/*
 * state.h - the state file: what must survive a restart (each zone's last
 * good refresh, so SOA expire counts from it, not from the start-up),
 * read once at start, rewritten atomically at most once a minute and at
 * exit.
 */
#ifndef ZS_AGENT_STATE_H
#define ZS_AGENT_STATE_H

#include "statefile.h"

/*
 * Read path into sf (left empty when the file is missing or unreadable;
 * a missing file is no error: a first start).  Logs what it could not
 * read.
 */
void state_load(const char *path, struct zs_statefile *sf);

/* Write to path from now on (NULL: stop writing); after SIGHUP too. */
void state_configure(const char *path);

/* Some zone's facts changed: write within a minute. */
void state_touch(void);

/* Write now (at exit). */
void state_flush(void);

#endif /* ZS_AGENT_STATE_H */
