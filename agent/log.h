/*
 * log.h - logging for zonesyncd: BIND-style channels (file, syslog,
 * stderr, null) and categories from agent.conf's logging statement.
 * Without one: stderr in the foreground ("<N>" priority prefixes under
 * journald, "[level]" otherwise), syslog when daemonized.  Messages lead
 * with the zone they concern.
 */
#ifndef ZS_AGENT_LOG_H
#define ZS_AGENT_LOG_H

#include <stdarg.h>
#include <syslog.h>
#include <stddef.h>

#include "conflog.h"	/* enum zs_log_cat */

struct zs_conf;

/* The categories the daemon logs in; log_info and friends are general. */
enum log_cat {
	LOG_CAT_GENERAL = ZS_LOG_CAT_GENERAL,
	LOG_CAT_CONFIG = ZS_LOG_CAT_CONFIG,
	LOG_CAT_XFER_IN = ZS_LOG_CAT_XFER_IN,
	LOG_CAT_NOTIFY = ZS_LOG_CAT_NOTIFY
};

/*
 * Before any config: to_stderr != 0 writes to stderr (severity dynamic);
 * otherwise syslog with this facility, severity info.
 */
void log_init(const char *ident, int to_stderr, int facility);

/* -v: the daemon's debug level is 1 (channels with severity dynamic). */
void log_setverbose(int verbose);

/*
 * Take the channels and categories of c (today's defaults without a
 * logging statement: default_syslog when background, else
 * default_stderr).  File channels are opened (again) here, which is also
 * how SIGHUP reopens them.  Until log_ready(), every line that passes
 * severity dynamic also goes to stderr (the parent of a background start
 * shows it).  Returns 0, or -1 with the reason in err and the previous
 * channels kept.
 */
int log_configure(const struct zs_conf *c, int background, char *err,
    size_t errlen);

/* Start-up is over: stop copying lines to stderr. */
void log_ready(void);

/* Reopen every file channel (SIGHUP with a config that did not load). */
void log_reopen(void);

/*
 * One line at priority pri (LOG_WARNING, LOG_INFO, LOG_DEBUG) in a
 * category; with_errno appends ": " and strerror(errno).  The names below
 * are the usual OpenBSD ones (log_warn appends errno, log_warnx does not),
 * in the general category or, as log_cat_*, in another.
 */
void log_at(enum log_cat cat, int pri, int with_errno, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#define log_warn(...)	log_at(LOG_CAT_GENERAL, LOG_WARNING, 1, __VA_ARGS__)
#define log_warnx(...)	log_at(LOG_CAT_GENERAL, LOG_WARNING, 0, __VA_ARGS__)
#define log_info(...)	log_at(LOG_CAT_GENERAL, LOG_INFO, 0, __VA_ARGS__)
#define log_debug(...)	log_at(LOG_CAT_GENERAL, LOG_DEBUG, 0, __VA_ARGS__)
#define log_cat_warn(cat, ...)	log_at((cat), LOG_WARNING, 1, __VA_ARGS__)
#define log_cat_warnx(cat, ...)	log_at((cat), LOG_WARNING, 0, __VA_ARGS__)
#define log_cat_info(cat, ...)	log_at((cat), LOG_INFO, 0, __VA_ARGS__)
#define log_cat_debug(cat, ...)	log_at((cat), LOG_DEBUG, 0, __VA_ARGS__)

void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif /* ZS_AGENT_LOG_H */
