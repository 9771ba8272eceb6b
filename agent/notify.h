/*
 * notify.h - NOTIFY listener (RFC 1996) on UDP and TCP.
 */
#ifndef ZS_AGENT_NOTIFY_H
#define ZS_AGENT_NOTIFY_H

#include "conf.h"

/*
 * Listen on every notify-listen address of conf (UDP and TCP).  Returns
 * 0, or -1 when a socket cannot be opened (logged).  Sockets already
 * open for an address that stays in the config are kept.
 */
int notify_open(const struct zs_conf *conf);

/* Close every listener and connection. */
void notify_close(void);

struct notify_stats {
	unsigned long long received, accepted, refused, unknown_zone,
	    malformed;
};

void notify_get_stats(struct notify_stats *st);

#endif /* ZS_AGENT_NOTIFY_H */
