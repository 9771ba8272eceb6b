/*
 * events.c - fan events out to webhooks and metrics.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "events.h"
#include "metrics.h"
#include "webhook.h"

static char host[256];

void
events_configure(const struct zs_conf *conf)
{
	if (host[0] == '\0' && gethostname(host, sizeof(host) - 1) != 0)
		snprintf(host, sizeof(host), "unknown");
	webhook_configure(conf);
	metrics_configure(conf->metrics_file);
}

void
events_emit(struct zs_event *e)
{
	e->time = (int64_t)time(NULL);
	e->host = host;
	webhook_emit(e);
	metrics_touch();
}

void
events_changed(void)
{
	metrics_touch();
}

void
events_shutdown(void)
{
	metrics_flush();
	webhook_shutdown();
}
