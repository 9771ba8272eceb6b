/*
 * log.c - OpenBSD-style logging: log_warn appends strerror(errno),
 * fatal/fatalx never return.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

static int log_stderr = 1;
static int log_verbose;
static const char *log_ident = "zonesyncd";

void
log_init(const char *ident, int to_stderr, int facility)
{
	log_ident = ident;
	log_stderr = to_stderr;
	if (!to_stderr)
		openlog(ident, LOG_PID | LOG_NDELAY, facility);
}

void
log_setverbose(int verbose)
{
	log_verbose = verbose;
}

static void
vlog(int pri, const char *fmt, va_list ap, const char *suffix)
{
	char msg[2048];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_stderr) {
		struct timespec ts;
		struct tm tm;
		char when[32] = "";

		clock_gettime(CLOCK_REALTIME, &ts);
		if (localtime_r(&ts.tv_sec, &tm) != NULL)
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		fprintf(stderr, "%s.%03ld %s: %s%s%s\n", when,
		    ts.tv_nsec / 1000000, log_ident, msg,
		    suffix != NULL ? ": " : "", suffix != NULL ? suffix : "");
		fflush(stderr);
	} else if (suffix != NULL)
		syslog(pri, "%s: %s", msg, suffix);
	else
		syslog(pri, "%s", msg);
}

void
log_warn(const char *fmt, ...)
{
	const char *e = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, e);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, NULL);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap, NULL);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap, NULL);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	const char *e = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, e);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, NULL);
	va_end(ap);
	exit(1);
}
