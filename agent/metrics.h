/*
 * metrics.h - Prometheus text exposition in metrics-file, for
 * node_exporter's textfile collector.
 */
#ifndef ZS_AGENT_METRICS_H
#define ZS_AGENT_METRICS_H

/* Use path (NULL: no metrics).  Writes soon. */
void metrics_configure(const char *path);

/*
 * Something changed: write the file within a second (bursts of changes
 * give one write).  The file is also rewritten every minute so the
 * "seconds since" gauges stay fresh.
 */
void metrics_touch(void);

/* Write now (at exit). */
void metrics_flush(void);

#endif /* ZS_AGENT_METRICS_H */
