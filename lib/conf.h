/*
 * conf.h - agent.conf: parse, validate, resolve and print back.
 *
 * The file uses the named.conf dialect so that BIND operators feel at home
 * and `tsig-keygen` output can be included unchanged:
 *
 *	include "/etc/bind/xfr.key";
 *	options { directory "/var/lib/zonesync"; };
 *	primaries "hidden" { 192.0.2.1 key "xfr"; 2001:db8::1 port 5353; };
 *	zone "example.com" { primaries { hidden; }; };
 *
 * Loading yields one struct zs_conf in which everything is resolved: each
 * zone carries its effective settings (the zone's override, else the
 * options value, else the built-in default) and the flat list of its
 * primaries with addresses, ports and key pointers.  The daemon never
 * needs to look at options again for per-zone values.
 *
 * Built-in defaults (BIND's where BIND has the option):
 *	directory "."                  pid-file "/run/zonesyncd/zonesyncd.pid"
 *	status-file "zonesyncd.status.json"  metrics-file unset
 *	state-file "zonesyncd.state"
 *	control-socket "/run/zonesyncd/control.sock"
 *	reload-command "rndc reload %z"      check-command unset
 *	reload-all-command "rndc reload" (when many zones changed at once)
 *	named-include unset            reconfig-command "rndc reconfig"
 *	named-zone-options ZS_NAMEDINC_DEFAULT_BODY (lib/namedinc.h)
 *	rndc-server unset; when given (ADDR [port N] key "K", port 953 by
 *	  default), zonesyncd speaks named's control channel itself and the
 *	  three commands above default to unset (NULL): "use rndc-server"
 *	verify-server unset            notify-listen none
 *	verify-interval 300 (5m)       verify-timeout 60
 *	transfers-in 10                min-refresh-time 300
 *	max-refresh-time 2419200 (4w)  min-retry-time 500
 *	max-retry-time 1209600 (2w)    max-transfer-time-in 120 (minutes)
 *	max-transfer-idle-in 60 (minutes)    max-records 0 (unlimited)
 *	max-transfer-size 0 (unlimited)      max-shrink-percent 0 (off)
 *	user unset (keep the current user)   syslog-facility "daemon"
 *	request-ixfr yes (a server statement's request-ixfr wins, as in
 *	  BIND, for the primaries it covers)
 *	masterfile-format text (or raw: BIND's binary format)
 *	zone file "<name>.zone" ("root.zone" for the root zone)
 * Relative paths (pid-file, status-file, state-file, metrics-file,
 * control-socket, zone files) are taken relative to directory, as named
 * does after its chdir.
 * All times are stored in seconds.
 */
#ifndef ZS_CONF_H
#define ZS_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "acl.h"
#include "addr.h"
#include "conflog.h"
#include "event.h"	/* ZS_EV_* bits */
#include "strbuf.h"
#include "tsig.h"	/* enum zs_tsig_alg */

/*
 * A key statement.  tsig is the key as lib/tsig and lib/rndc take it; its
 * name points at wire and its secret at secret, inside this struct and
 * its allocation: copy a key with zs_conf_key_dup, never by assignment.
 */
/* Where the control socket is when the config does not say (or cannot). */
#define ZS_CONF_CONTROL_SOCKET	"/run/zonesyncd/control.sock"

struct zs_conf_key {
	char *name;		/* canonical text: lower case, no final dot */
	uint8_t wire[255];	/* the name in wire form, lower case */
	uint8_t *secret;	/* decoded secret (owned) */
	struct zs_tsig_key tsig; /* name, namelen, alg, secret, secretlen */
};

/* One server: a resolved primary, verify-server or notify-listen. */
struct zs_conf_server {
	struct zs_addr addr;		/* address with port set */
	const struct zs_conf_key *key;	/* TSIG key, NULL for none */
	bool request_ixfr;		/* a zone's primary: ask it for IXFR
					 * (server statement, else the
					 * zone's request-ixfr) */
};

/* A server statement: settings for the primaries its prefix covers. */
struct zs_conf_peer {
	char *text;			/* the prefix as written */
	struct zs_acl_elem net;		/* ZS_ACL_NET */
	int request_ixfr;		/* 1 yes, 0 no, -1 not given */
};

/* One element of a primaries block as written (for printing back). */
struct zs_conf_pelem {
	char *ref;		/* name of a primaries list, NULL for an
				 * address */
	struct zs_addr addr;	/* the address (port 0) when ref is NULL */
	int port;		/* "port N" given on the element, -1: not */
	char *key;		/* "key NAME" as written, NULL: not given */
};

/* A primaries block as written: a named list or a zone's own block. */
struct zs_conf_plist {
	char *name;		/* list name; NULL for a zone's block */
	int port;		/* list-wide "port N", -1: not given */
	struct zs_conf_pelem *elems;
	size_t nelems;
};

/* Settings a zone may override; options holds the global values. */
struct zs_conf_zoneopts {
	char **reload_argv;	/* NULL-terminated template; NULL only with
				 * rndc-server: reload through it */
	char **check_argv;	/* NULL when no check is configured */
	uint32_t min_refresh;	/* seconds */
	uint32_t max_refresh;
	uint32_t min_retry;
	uint32_t max_retry;
	uint32_t max_xfer_time;	/* max-transfer-time-in, seconds */
	uint32_t max_xfer_idle;	/* max-transfer-idle-in, seconds */
	uint64_t max_records;	/* 0 = unlimited */
	uint64_t max_xfer_size;	/* bytes, 0 = unlimited */
	unsigned max_shrink_pct; /* 0 = no shrink check */
	bool request_ixfr;	/* ask for IXFR when a snapshot allows it,
				 * and keep the snapshot for it */
	unsigned masterfile_format; /* enum zs_zonefile_format: 0 text,
				 * 1 raw */
};

struct zs_conf_zone {
	char *name;		/* lower case, no final dot; root is "." */
	uint8_t wire[255];	/* lower-case wire form */
	size_t wirelen;
	char *file;		/* path of the zone file (directory applied) */
	struct zs_conf_server *primaries;	/* in configured order */
	size_t nprimaries;	/* always >= 1 */
	struct zs_conf_plist primaries_raw;	/* the block as written;
						 * primaries is its resolution */
	struct zs_conf_zoneopts opts;		/* effective settings */
	char **allow_notify;	/* raw elements as written, e.g. "key \"k\"" */
	size_t nallow_notify;
	struct zs_acl_elem *notify_acl;	/* the same, parsed; none: primaries */
	size_t nnotify_acl;
	char *named_body;	/* named-zone-options of this zone, NULL: the
				 * options' (zs_conf_zone_body) */
};

/*
 * A group of a catalog zone (catalog-zones { zone "CAT" group "G" { } };):
 * the settings of members whose RFC 9432 group property is G.
 */
struct zs_conf_catgroup {
	char *name;		/* the group property's value, as written */
	struct zs_conf_zoneopts opts;	/* effective: given, else options' */
	char *named_body;	/* named-zone-options, NULL: the options' */
};

/*
 * One catalog-zones element: a catalog zone (itself a zone of this
 * config, zones[zone]) whose members the agent serves.  Members take
 * their primaries from the catalog's BIND "primaries" property, else
 * default-primaries, else the catalog zone's own primaries.
 */
struct zs_conf_catalog {
	char *name;		/* the catalog zone, canonical text */
	uint8_t wire[255];	/* lower-case wire form */
	size_t wirelen;
	size_t zone;		/* index of the catalog zone in zones */
	bool has_defprim;	/* default-primaries (or -masters) given */
	struct zs_conf_plist defprim_raw;	/* as written */
	struct zs_conf_server *defprim;	/* resolved */
	size_t ndefprim;
	char *zone_directory;	/* member files' directory (directory
				 * applied); NULL: directory */
	uint32_t min_update_interval;	/* seconds; accepted for BIND's
				 * syntax, see zonesyncd.conf(5) */
	bool has_min_update;
	struct zs_conf_catgroup *groups;
	size_t ngroups;
	char **allow;		/* allow-members: names (canonical text) a
				 * member must equal or be below; none:
				 * any name */
	size_t nallow;
	uint64_t max_members;	/* default 10000 */
	unsigned max_removal_pct; /* default 50; 100: no guard */
	bool keep_files;	/* keep a removed member's file */
};

struct zs_conf_webhook {
	char *url;		/* http:// or https:// */
	unsigned events;	/* ZS_EV_* bits; all when not given */
	char **headers;		/* "Name: value" */
	size_t nheaders;
	uint32_t timeout;	/* seconds, default 10 */
};

struct zs_conf {
	char *directory;
	char *pid_file;
	char *status_file;
	char *state_file;	/* each zone's last good refresh (expiry) */
	char *metrics_file;	/* NULL: no metrics file */
	char *control_socket;
	char *user;		/* NULL: do not change user */
	char *syslog_facility;
	char **reload_all_argv;	/* reload every zone: no %z/%f; NULL only
				 * with rndc-server (its "reload") */
	char *named_include;	/* named-include path, NULL: not written */
	char *named_body;	/* named-zone-options: zone statement body
				 * template (lib/namedinc.h), never NULL */
	char **reconfig_argv;	/* reconfig-command: no %z/%f; NULL only
				 * with rndc-server (its "reconfig") */
	unsigned transfers_in;
	bool has_verify;	/* verify-server given */
	struct zs_conf_server verify_server;
	uint32_t verify_interval; /* seconds between checks of what named
				 * serves, 0: at start-up and reloads only */
	uint32_t verify_timeout; /* seconds to wait for a reloaded serial */
	bool has_rndc;		/* rndc-server given */
	struct zs_conf_server rndc_server;	/* key never NULL when given */
	struct zs_conf_server *notify_listen;
	size_t nnotify_listen;
	struct zs_conf_zoneopts options;	/* global defaults */
	struct zs_conf_key *keys;
	size_t nkeys;
	struct zs_conf_plist *lists;	/* primaries "NAME" { } statements */
	size_t nlists;
	struct zs_conf_peer *peers;	/* server statements, as written */
	size_t npeers;
	struct zs_conf_zone *zones;
	size_t nzones;
	struct zs_conf_webhook *webhooks;
	size_t nwebhooks;
	struct zs_conf_logging *logging; /* NULL: no logging statement */
	struct zs_conf_catalog *catalogs; /* catalog-zones in options */
	size_t ncatalogs;
};

/*
 * Parse the file at path (and its includes), validate and resolve it.
 * On success *out is a new config the caller frees with zs_conf_free().
 * On failure errbuf holds "FILE:LINE:COL: message" (or "PATH: cannot
 * read: reason" when path itself cannot be read) and the return value is
 * ZS_ESYNTAX for any error in the text, a negated errno when path cannot
 * be read, or ZS_ENOMEM.
 */
int zs_conf_load(const char *path, struct zs_conf **out, char *errbuf,
    size_t errlen);

/*
 * Same, from text in memory.  name appears in messages and its directory
 * anchors relative include paths.
 */
int zs_conf_parse_string(const char *text, const char *name,
    struct zs_conf **out, char *errbuf, size_t errlen);

/* Free a config and everything in it.  NULL-safe. */
void zs_conf_free(struct zs_conf *conf);

/* zs_conf_print flags */
#define ZS_CONF_PRINT_SECRETS	0x1u	/* print secrets, not "<redacted>" */

/*
 * Append the normalised config to sb in the same dialect (for
 * `zonesyncd -nv`): options with every effective value, keys, webhooks,
 * primaries lists, then zones with their primaries as written (list
 * names kept, their resolution in a comment) and effective settings.  Unset
 * options appear as comments.  Key secrets print as "<redacted>" unless
 * ZS_CONF_PRINT_SECRETS is given; with it the output parses back to the
 * same config.  Output depends only on the config.  Returns 0 or sb's
 * error (ZS_ENOMEM).
 */
int zs_conf_print(const struct zs_conf *conf, struct zs_strbuf *sb,
    unsigned flags);

/*
 * Expand a command template (reload_argv / check_argv): in each word %z
 * becomes zone, %f becomes file and %% becomes %.  On success *out is a
 * new NULL-terminated argv the caller frees with zs_conf_argv_free().
 * Returns 0, ZS_EINVAL (tmpl NULL or a bad escape, which the parser
 * already refuses) or ZS_ENOMEM.
 */
int zs_conf_expand_argv(char *const *tmpl, const char *zone,
    const char *file, char ***out);

/*
 * The named-zone-options template of zone z (its own, else the options'
 * one).  Borrows from z or c.
 */
const char *zs_conf_zone_body(const struct zs_conf *c,
    const struct zs_conf_zone *z);

/*
 * The group G of catalog cat (case-sensitive, as RFC 9432 4.4.2 values
 * are opaque), or NULL.  Borrows.
 */
const struct zs_conf_catgroup *zs_conf_catgroup_find(
    const struct zs_conf_catalog *cat, const char *g);

/* Free a NULL-terminated argv from this module.  NULL-safe. */
void zs_conf_argv_free(char **argv);

/*
 * A deep copy of src (name and secret owned by dst, dst->tsig pointing
 * into dst), for holders that must outlive the config (a SIGHUP frees
 * it).  Returns 0 or ZS_ENOMEM (dst then zeroed).  zs_conf_key_clear wipes the secret and frees both.
 */
int zs_conf_key_dup(struct zs_conf_key *dst, const struct zs_conf_key *src);
void zs_conf_key_clear(struct zs_conf_key *k);

/*
 * Move src into dst: dst takes over src's name and secret and its tsig
 * points into dst; src is zeroed.  Whatever dst held is overwritten, not
 * freed.
 */
void zs_conf_key_move(struct zs_conf_key *dst, struct zs_conf_key *src);

#endif /* ZS_CONF_H */
