/*
 * zoneio.h - the scheduler's real I/O (struct sched_io over the loop,
 * c-ares, xfrin, proc and reload).
 */
#ifndef ZS_AGENT_ZONEIO_H
#define ZS_AGENT_ZONEIO_H

#include "sched.h"

/* Fill io with the daemon's functions (after loop_init). */
void zoneio_get(struct sched_io *io);

/* Free the wake-up timer (at exit, after zones_stop). */
void zoneio_shutdown(void);

#endif /* ZS_AGENT_ZONEIO_H */
