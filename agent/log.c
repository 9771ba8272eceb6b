/*
 * log.c - OpenBSD-style logging: log_warn appends strerror(errno),
 * fatal/fatalx never return.  Every line carries its severity: syslog's
 * priority; on stderr under journald (JOURNAL_STREAM names our stderr) an
 * "<N>" prefix journald reads as the priority, so `journalctl -p warning`
 * finds failures; on any other stderr the level's name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static int log_stderr = 1;
static int log_journal;		/* stderr is journald's stream */
static int log_verbose;
static const char *log_ident = "zonesyncd";

/* Whether stderr is the stream journald gave us ("DEV:INO" matches). */
static int
stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2 ||
	    fstat(STDERR_FILENO, &st) != 0)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

void
log_init(const char *ident, int to_stderr, int facility)
{
	log_ident = ident;
	log_stderr = to_stderr;
	log_journal = to_stderr && stderr_is_journal();
	if (!to_stderr)
		openlog(ident, LOG_PID | LOG_NDELAY, facility);
}

static const char *
level_name(int pri)
{
	switch (pri) {
	case LOG_CRIT:
		return "critical";
	case LOG_WARNING:
		return "warning";
	case LOG_INFO:
		return "info";
	default:
		return "debug";
	}
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
		/* journald stamps the time itself. */
		if (log_journal)
			fprintf(stderr, "<%d>%s: %s%s%s\n", pri, log_ident, msg,
			    suffix != NULL ? ": " : "",
			    suffix != NULL ? suffix : "");
		else
			fprintf(stderr, "%s.%03ld [%s] %s: %s%s%s\n", when,
			    ts.tv_nsec / 1000000, level_name(pri), log_ident,
			    msg, suffix != NULL ? ": " : "",
			    suffix != NULL ? suffix : "");
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
