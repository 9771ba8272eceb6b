/*
 * webhook.h - POST events (lib/event.h JSON) to the configured webhooks
 * through the libcurl multi interface, inside the main poll() loop.
 *
 * Never blocks.  Per webhook at most WEBHOOK_QUEUE_MAX events wait (the
 * oldest is dropped when a new one does not fit) and at most
 * WEBHOOK_INFLIGHT_MAX requests run at once.  A request that does not get
 * a 2xx answer is retried after 1, 4 and 16 seconds, then counted as
 * failed and logged.  Call loop_init() first.
 */
#ifndef ZS_AGENT_WEBHOOK_H
#define ZS_AGENT_WEBHOOK_H

#include "conf.h"
#include "event.h"

#define WEBHOOK_QUEUE_MAX	1000	/* events per webhook, in flight too */
#define WEBHOOK_INFLIGHT_MAX	4	/* requests per webhook */
#define WEBHOOK_RETRIES		3	/* after the first try */

struct webhook_stats {
	unsigned long long queued;	/* requests accepted by webhook_emit */
	unsigned long long delivered;	/* answered 2xx */
	unsigned long long failed;	/* gave up after the last retry */
	unsigned long long retried;	/* retries scheduled */
	unsigned long long dropped;	/* queue full, or webhook removed */
};

/*
 * Start (first call) or update the webhook set from conf; conf is
 * borrowed, everything needed is copied.  Webhooks are matched by URL:
 * a kept webhook keeps its queue and takes the new events, headers and
 * timeout for its next requests; queued events of a removed webhook are
 * dropped and its transfers aborted.  Returns 0, or ZS_ENOMEM (the old
 * set is then kept as it was).
 */
int webhook_configure(const struct zs_conf *conf);

/*
 * Queue one POST of e's JSON body to every webhook subscribed to
 * e->type.  e is borrowed (copied as needed).  Does nothing before
 * webhook_configure(); out of memory is logged and the event lost.
 */
void webhook_emit(const struct zs_event *e);

/* Abort every transfer and free everything; the counters are kept. */
void webhook_shutdown(void);

/* Counters since the start of the process. */
void webhook_get_stats(struct webhook_stats *st);

#endif /* ZS_AGENT_WEBHOOK_H */
