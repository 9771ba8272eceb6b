/*
 * events.h - the scheduler's observer as daemon.c wires it: webhooks for
 * events people must hear about, the metrics file for every change.
 */
#ifndef ZS_AGENT_EVENTS_H
#define ZS_AGENT_EVENTS_H

#include "conf.h"
#include "event.h"

/* Start or re-point webhooks and metrics at conf (also after SIGHUP). */
void events_configure(const struct zs_conf *conf);

/* An event (type is one ZS_EV_* bit); time and host are filled in here. */
void events_emit(struct zs_event *e);

/* Zone state changed: the metrics file gets rewritten soon. */
void events_changed(void);

/* At exit: last metrics write, abort webhook deliveries. */
void events_shutdown(void);

#endif /* ZS_AGENT_EVENTS_H */
