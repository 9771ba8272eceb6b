/*
 * log.h - logging for zonesyncd: stderr in the foreground ("<N>" priority
 * prefixes under journald, "[level]" otherwise), syslog when daemonized.
 * Messages lead with the zone they concern.
 */
#ifndef ZS_AGENT_LOG_H
#define ZS_AGENT_LOG_H

#include <stdarg.h>

/* to_stderr != 0: write to stderr; otherwise syslog with this facility. */
void log_init(const char *ident, int to_stderr, int facility);
void log_setverbose(int verbose);

void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif /* ZS_AGENT_LOG_H */
