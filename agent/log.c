/*
 * log.c - OpenBSD-style logging (log_warn appends strerror(errno),
 * fatal/fatalx never return) through BIND-style channels and categories.
 *
 * Every line carries its severity: syslog's priority; on stderr under
 * journald (JOURNAL_STREAM names our stderr) an "<N>" prefix journald
 * reads as the priority, so `journalctl -p warning` finds failures; on any
 * other stderr, with print-severity, the level's name.  File channels
 * append, rotate by size like named (PATH -> PATH.0 -> PATH.1 ...) and are
 * reopened by log_configure (SIGHUP).  Uses only the config's structs, no
 * lib/ code, so the standalone agent tests link it alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"

#define MAXUNLIMITED	10000	/* "versions unlimited": kept at most */

struct chan {
	enum zs_log_dest dest;
	int facility;		/* syslog */
	int severity;		/* ZS_LOG_SEV_* */
	unsigned debug_level;
	bool print_time, print_severity, print_category;
	char *path;		/* file */
	int fd;
	int versions;
	uint64_t size;		/* 0: no limit */
	uint64_t written;	/* bytes in the file now */
	bool full;		/* size reached, no versions: stop */
	char *name;		/* for messages */
};

struct logstate {
	struct chan *ch;
	size_t nch;
	size_t *cat[ZS_LOG_NCAT];	/* channel indexes per category */
	size_t ncat[ZS_LOG_NCAT];
};

static struct logstate cur;
static int log_journal;		/* stderr is journald's stream */
static int log_verbose;
static int log_boot;		/* copy lines to stderr until log_ready */
static int log_syslog_open;
static const char *log_ident = "zonesyncd";

static const char *const cat_names[ZS_LOG_NCAT] = {
	"default", "general", "config", "xfer-in", "notify"
};

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

static int
facility_num(const char *name)
{
	static const struct { const char *n; int f; } tab[] = {
		{ "auth", LOG_AUTH }, { "authpriv", LOG_AUTHPRIV },
		{ "cron", LOG_CRON }, { "daemon", LOG_DAEMON },
		{ "ftp", LOG_FTP }, { "kern", LOG_KERN },
		{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 },
		{ "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 },
		{ "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
		{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 },
		{ "lpr", LOG_LPR }, { "mail", LOG_MAIL },
		{ "news", LOG_NEWS }, { "syslog", LOG_SYSLOG },
		{ "user", LOG_USER }, { "uucp", LOG_UUCP },
	};
	size_t i;

	for (i = 0; name != NULL && i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcasecmp(name, tab[i].n) == 0)
			return tab[i].f;
	return LOG_DAEMON;
}

static void
state_clear(struct logstate *s)
{
	size_t i;

	for (i = 0; i < s->nch; i++) {
		if (s->ch[i].fd >= 0)
			close(s->ch[i].fd);
		free(s->ch[i].path);
		free(s->ch[i].name);
	}
	free(s->ch);
	for (i = 0; i < ZS_LOG_NCAT; i++)
		free(s->cat[i]);
	memset(s, 0, sizeof(*s));
}

/* A state of one channel every category logs to (no config yet). */
static int
state_single(struct logstate *s, const struct chan *proto)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	if ((s->ch = calloc(1, sizeof(*s->ch))) == NULL)
		return -1;
	s->ch[0] = *proto;
	s->ch[0].fd = -1;
	s->nch = 1;
	for (i = 0; i < ZS_LOG_NCAT; i++) {
		if ((s->cat[i] = calloc(1, sizeof(size_t))) == NULL) {
			state_clear(s);
			return -1;
		}
		s->ncat[i] = 1;
	}
	return 0;
}

static void
chan_stderr(struct chan *c)
{
	memset(c, 0, sizeof(*c));
	c->dest = ZS_LOG_STDERR;
	c->severity = ZS_LOG_SEV_DYNAMIC;
	c->print_time = c->print_severity = true;
	c->fd = -1;
}

void
log_init(const char *ident, int to_stderr, int facility)
{
	struct chan c;

	log_ident = ident;
	log_journal = to_stderr && stderr_is_journal();
	chan_stderr(&c);
	if (!to_stderr) {
		c.dest = ZS_LOG_SYSLOG;
		c.facility = facility;
		c.severity = ZS_LOG_SEV_INFO;
		c.print_time = c.print_severity = false;
		openlog(ident, LOG_PID | LOG_NDELAY, facility);
		log_syslog_open = 1;
	}
	state_clear(&cur);
	if (state_single(&cur, &c) != 0) {
		fprintf(stderr, "%s: out of memory\n", ident);
		exit(1);
	}
}

void
log_setverbose(int verbose)
{
	log_verbose = verbose;
}

static int
file_open(struct chan *c)
{
	struct stat st;
	int fd;

	if ((fd = open(c->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0640)) < 0)
		return -1;
	c->written = fstat(fd, &st) == 0 ? (uint64_t)st.st_size : 0;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = fd;
	c->full = c->size > 0 && c->versions == ZS_LOG_VERSIONS_NONE &&
	    c->written >= c->size;
	return 0;
}

/* Build s from the config; files opened. */
static int
state_from_conf(struct logstate *s, const struct zs_conf *conf,
    int background, char *err, size_t errlen)
{
	const struct zs_conf_logging *lg = conf->logging;
	int fac = facility_num(conf->syslog_facility);
	size_t i, j, dflt;

	if (lg == NULL) {
		struct chan c;

		chan_stderr(&c);
		if (background) {
			c.dest = ZS_LOG_SYSLOG;
			c.facility = fac;
			c.severity = ZS_LOG_SEV_INFO;
			c.print_time = c.print_severity = false;
		}
		if (state_single(s, &c) != 0)
			goto nomem;
		return 0;
	}
	memset(s, 0, sizeof(*s));
	if ((s->ch = calloc(lg->nchannels, sizeof(*s->ch))) == NULL)
		goto nomem;
	for (i = 0; i < lg->nchannels; i++) {
		const struct zs_conf_channel *cc = &lg->channels[i];
		struct chan *c = &s->ch[i];

		s->nch++;
		c->fd = -1;
		c->dest = cc->dest;
		c->facility = cc->facility != NULL ?
		    facility_num(cc->facility) : fac;
		c->severity = cc->severity;
		c->debug_level = cc->debug_level;
		c->print_time = cc->print_time;
		c->print_severity = cc->print_severity;
		c->print_category = cc->print_category;
		c->versions = cc->versions;
		c->size = cc->size;
		if ((c->name = strdup(cc->name)) == NULL)
			goto nomem;
		if (cc->dest != ZS_LOG_FILE)
			continue;
		if ((c->path = strdup(cc->path)) == NULL)
			goto nomem;
	}
	/* Today's destination when the config routes default nowhere. */
	dflt = background ? ZS_LOG_CH_DEFAULT_SYSLOG :
	    ZS_LOG_CH_DEFAULT_STDERR;
	for (i = 0; i < ZS_LOG_NCAT; i++) {
		const struct zs_conf_category *cat = &lg->cat[i];

		if (!cat->given)
			cat = &lg->cat[ZS_LOG_CAT_DEFAULT];
		if (!cat->given) {
			if ((s->cat[i] = calloc(1, sizeof(size_t))) == NULL)
				goto nomem;
			s->cat[i][0] = dflt;
			s->ncat[i] = 1;
			continue;
		}
		if (cat->nchans == 0)
			continue;
		if ((s->cat[i] = calloc(cat->nchans, sizeof(size_t))) == NULL)
			goto nomem;
		memcpy(s->cat[i], cat->chans, cat->nchans * sizeof(size_t));
		s->ncat[i] = cat->nchans;
	}
	/* Open only the files some category writes to. */
	for (i = 0; i < ZS_LOG_NCAT; i++)
		for (j = 0; j < s->ncat[i]; j++) {
			struct chan *c = &s->ch[s->cat[i][j]];

			if (c->dest != ZS_LOG_FILE || c->fd >= 0)
				continue;
			if (file_open(c) != 0) {
				snprintf(err, errlen, "logging channel %s: %s: "
				    "%s", c->name, c->path, strerror(errno));
				state_clear(s);
				return -1;
			}
		}
	return 0;
nomem:
	snprintf(err, errlen, "logging: out of memory");
	state_clear(s);
	return -1;
}

int
log_configure(const struct zs_conf *conf, int background, char *err,
    size_t errlen)
{
	struct logstate s;
	size_t i;

	if (state_from_conf(&s, conf, background, err, errlen) != 0)
		return -1;
	for (i = 0; i < s.nch; i++)
		if (s.ch[i].dest == ZS_LOG_SYSLOG && !log_syslog_open) {
			openlog(log_ident, LOG_PID | LOG_NDELAY,
			    facility_num(conf->syslog_facility));
			log_syslog_open = 1;
		}
	state_clear(&cur);
	cur = s;
	log_boot = 1;
	return 0;
}

void
log_ready(void)
{
	log_boot = 0;
}

void
log_reopen(void)
{
	size_t i;

	for (i = 0; i < cur.nch; i++) {
		struct chan *c = &cur.ch[i];

		if (c->dest != ZS_LOG_FILE || c->fd < 0)
			continue;
		/* On failure the old descriptor stays: nothing is lost. */
		if (file_open(c) != 0)
			log_warn("logging channel %s: reopen %s", c->name,
			    c->path);
	}
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

/* Whether c takes a line of priority pri (LOG_DEBUG lines are debug 1). */
static bool
wants(const struct chan *c, int pri)
{
	int sev = c->severity;
	unsigned level = c->debug_level;

	if (c->dest == ZS_LOG_NULL)
		return false;
	if (sev == ZS_LOG_SEV_DYNAMIC) {
		sev = log_verbose ? ZS_LOG_SEV_DEBUG : ZS_LOG_SEV_INFO;
		level = log_verbose ? 1 : 0;
	}
	if (pri < LOG_DEBUG)
		return pri <= sev;
	return sev == ZS_LOG_SEV_DEBUG && level >= 1;
}

/*
 * named's rotation: PATH.(n-1) -> PATH.n ... PATH -> PATH.0, then a new
 * PATH.  versions 0 just empties the file.
 */
static void
rotate(struct chan *c)
{
	char from[PATH_MAX], to[PATH_MAX];
	int n, i;

	if (c->versions == 0) {
		if (ftruncate(c->fd, 0) == 0)
			c->written = 0;
		return;
	}
	n = c->versions;
	if (n == ZS_LOG_VERSIONS_UNLIMITED) {
		/* Shift only as far as the first gap. */
		for (n = 1; n < MAXUNLIMITED; n++) {
			snprintf(to, sizeof(to), "%s.%d", c->path, n - 1);
			if (access(to, F_OK) != 0)
				break;
		}
	}
	for (i = n - 1; i > 0; i--) {
		snprintf(from, sizeof(from), "%s.%d", c->path, i - 1);
		snprintf(to, sizeof(to), "%s.%d", c->path, i);
		(void)rename(from, to);
	}
	snprintf(to, sizeof(to), "%s.0", c->path);
	if (rename(c->path, to) != 0 || file_open(c) != 0)
		c->full = true;		/* cannot rotate: stop, not grow */
}

static void
file_write(struct chan *c, const char *line, size_t len)
{
	ssize_t n;

	if (c->fd < 0 || c->full)
		return;
	if ((n = write(c->fd, line, len)) > 0)
		c->written += (uint64_t)n;
	if (c->size == 0 || c->written < c->size)
		return;
	if (c->versions == ZS_LOG_VERSIONS_NONE)
		c->full = true;		/* named: no versions, no more lines */
	else
		rotate(c);
}

/*
 * One channel's line: [time ][[level] ]ident: [category: ]msg on stderr
 * (today's format), [time ][category: ][level: ]msg in files (named's).
 */
static void
emit(struct chan *c, int pri, enum zs_log_cat cat, const char *msg,
    const char *suffix)
{
	char line[2400], when[64] = "", sev[16] = "", cats[16] = "";
	const char *sep = suffix != NULL ? ": " : "";
	int n;

	if (suffix == NULL)
		suffix = "";
	if (c->print_category)
		snprintf(cats, sizeof(cats), "%s: ", cat_names[cat]);
	if (c->print_time && !(c->dest == ZS_LOG_STDERR && log_journal)) {
		struct timespec ts;
		struct tm tm;
		char t[32];

		clock_gettime(CLOCK_REALTIME, &ts);
		if (localtime_r(&ts.tv_sec, &tm) != NULL &&
		    strftime(t, sizeof(t), "%Y-%m-%d %H:%M:%S", &tm) > 0)
			snprintf(when, sizeof(when), "%s.%03d ", t,
			    (int)(ts.tv_nsec / 1000000 % 1000));
	}
	switch (c->dest) {
	case ZS_LOG_SYSLOG:
		if (c->print_severity)
			snprintf(sev, sizeof(sev), "%s: ", level_name(pri));
		syslog(c->facility | pri, "%s%s%s%s%s", cats, sev, msg, sep,
		    suffix);
		return;
	case ZS_LOG_STDERR:
		/* journald stamps the time and reads the priority itself. */
		if (log_journal)
			n = snprintf(line, sizeof(line), "<%d>%s: %s%s%s%s\n",
			    pri, log_ident, cats, msg, sep, suffix);
		else {
			if (c->print_severity)
				snprintf(sev, sizeof(sev), "[%s] ",
				    level_name(pri));
			n = snprintf(line, sizeof(line), "%s%s%s: %s%s%s%s\n",
			    when, sev, log_ident, cats, msg, sep, suffix);
		}
		break;
	case ZS_LOG_FILE:
		if (c->print_severity)
			snprintf(sev, sizeof(sev), "%s: ", level_name(pri));
		n = snprintf(line, sizeof(line), "%s%s%s%s%s%s\n", when, cats,
		    sev, msg, sep, suffix);
		break;
	default:
		return;
	}
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line)) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	if (c->dest == ZS_LOG_STDERR) {
		fputs(line, stderr);
		fflush(stderr);
	} else
		file_write(c, line, (size_t)n);
}

static void
vlog(enum zs_log_cat cat, int pri, const char *fmt, va_list ap,
    const char *suffix)
{
	char msg[2048];
	bool any = false, to_stderr = false;
	size_t i;

	for (i = 0; i < cur.ncat[cat]; i++)
		if (wants(&cur.ch[cur.cat[cat][i]], pri))
			any = true;
	if (!any && !log_boot)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	for (i = 0; i < cur.ncat[cat]; i++) {
		struct chan *c = &cur.ch[cur.cat[cat][i]];

		if (!wants(c, pri))
			continue;
		emit(c, pri, cat, msg, suffix);
		if (c->dest == ZS_LOG_STDERR)
			to_stderr = true;
	}
	/* Starting: whoever started us sees the lines on stderr. */
	if (log_boot && !to_stderr) {
		struct chan c;

		chan_stderr(&c);
		if (wants(&c, pri))
			emit(&c, pri, cat, msg, suffix);
	}
}

void
log_at(enum log_cat cat, int pri, int with_errno, const char *fmt, ...)
{
	const char *e = with_errno ? strerror(errno) : NULL;
	va_list ap;

	va_start(ap, fmt);
	vlog((enum zs_log_cat)cat, pri, fmt, ap, e);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	const char *e = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	vlog(ZS_LOG_CAT_GENERAL, LOG_CRIT, fmt, ap, e);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(ZS_LOG_CAT_GENERAL, LOG_CRIT, fmt, ap, NULL);
	va_end(ap);
	exit(1);
}
