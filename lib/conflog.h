/*
 * conflog.h - the `logging { channel ...; category ...; };` statement of
 * agent.conf (BIND's grammar, the subset zonesyncd needs): types and parser.
 *
 *	logging {
 *		channel xfer { file "xfer.log" versions 3 size 1m;
 *		    severity info; print-time yes; print-category yes; };
 *		category xfer-in { xfer; default_syslog; };
 *		category notify { null; };
 *	};
 *
 * Predefined channels (BIND's), always present at the head of the channel
 * table in this order:
 *	default_syslog   syslog (syslog-facility); severity info
 *	default_stderr   stderr; severity dynamic; print-time, print-severity
 *	null             null
 *	default_logfile  file "zonesyncd.log"; severity dynamic
 * "dynamic" is info, or debug 1 when the daemon runs with -v.
 * A category not given logs to the channels of category default; when
 * default is not given either, to default_stderr in the foreground and to
 * default_syslog when daemonized (what zonesyncd did before channels).
 */
#ifndef ZS_CONFLOG_H
#define ZS_CONFLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Categories; ZS_LOG_CAT_DEFAULT is the catch-all. */
enum zs_log_cat {
	ZS_LOG_CAT_DEFAULT,
	ZS_LOG_CAT_GENERAL,
	ZS_LOG_CAT_CONFIG,
	ZS_LOG_CAT_XFER_IN,
	ZS_LOG_CAT_NOTIFY,
	ZS_LOG_NCAT
};

enum zs_log_dest {
	ZS_LOG_NULL,
	ZS_LOG_STDERR,
	ZS_LOG_SYSLOG,
	ZS_LOG_FILE
};

/* Severities carry syslog's priority numbers (LOG_CRIT .. LOG_DEBUG). */
#define ZS_LOG_SEV_CRITICAL	2
#define ZS_LOG_SEV_ERROR	3
#define ZS_LOG_SEV_WARNING	4
#define ZS_LOG_SEV_NOTICE	5
#define ZS_LOG_SEV_INFO		6
#define ZS_LOG_SEV_DEBUG	7	/* with debug_level */
#define ZS_LOG_SEV_DYNAMIC	8	/* the daemon's level (-v) */

#define ZS_LOG_VERSIONS_NONE	(-1)	/* versions not given */
#define ZS_LOG_VERSIONS_UNLIMITED (-2)
#define ZS_LOG_MAXVERSIONS	1000
#define ZS_LOG_MAXDEBUG		99

/* Predefined channels: their indexes in zs_conf_logging.channels. */
#define ZS_LOG_CH_DEFAULT_SYSLOG	0
#define ZS_LOG_CH_DEFAULT_STDERR	1
#define ZS_LOG_CH_NULL			2
#define ZS_LOG_CH_DEFAULT_LOGFILE	3
#define ZS_LOG_NPREDEF			4

struct zs_conf_channel {
	char *name;		/* as written (case kept) */
	enum zs_log_dest dest;
	char *path;		/* ZS_LOG_FILE: file (directory applied) */
	int versions;		/* count, or ZS_LOG_VERSIONS_* */
	uint64_t size;		/* bytes, 0 = no size limit */
	char *facility;		/* ZS_LOG_SYSLOG: NULL = syslog-facility */
	int severity;		/* ZS_LOG_SEV_* */
	unsigned debug_level;	/* with ZS_LOG_SEV_DEBUG: 0..99 */
	bool print_time;
	bool print_severity;
	bool print_category;
	bool predefined;	/* not printed back */
};

/* The channels one category logs to, as indexes into channels. */
struct zs_conf_category {
	bool given;		/* category statement present */
	size_t *chans;
	size_t nchans;
};

struct zs_conf_logging {
	struct zs_conf_channel *channels;	/* predefined ones first */
	size_t nchannels;
	struct zs_conf_category cat[ZS_LOG_NCAT];
};

struct zs_lex;
struct zs_tok;

/*
 * Parse the body of a logging statement; kw is the "logging" token just
 * read.  *lg must be NULL on entry (a second logging statement is an
 * error); on success it is a new object freed with zs_conflog_free(),
 * on failure it may hold a partial one the caller frees all the same.
 * Returns 0, ZS_ESYNTAX (message in the lexer's error buffer) or
 * ZS_ENOMEM.
 */
int zs_conflog_parse(struct zs_lex *lx, const struct zs_tok *kw,
    struct zs_conf_logging **lg);

/* A logging config holding only the predefined channels, or NULL. */
struct zs_conf_logging *zs_conflog_new(void);

/* Free a logging config.  NULL-safe. */
void zs_conflog_free(struct zs_conf_logging *lg);

/* "general", "xfer-in"...; "?" out of range. */
const char *zs_conflog_cat_name(enum zs_log_cat cat);

/* "critical" .. "debug", "dynamic"; "?" out of range. */
const char *zs_conflog_sev_name(int sev);

#endif /* ZS_CONFLOG_H */
