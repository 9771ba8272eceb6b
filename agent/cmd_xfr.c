/*
 * cmd_xfr.c - `zonesyncd xfr`: a dig-like one-shot AXFR into a zone file.
 */
#include <sys/select.h>

#include <ares.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <strings.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "conf.h"
#include "encode.h"
#include "loop.h"
#include "rrtype.h"
#include "tsig.h"
#include "xfrin.h"
#include "zonefile.h"

void
xfr_options(FILE *fp)
{
	fprintf(fp,
	    "  -p PORT     the server's port (53)\n"
	    "  -t SECONDS  time limit for the whole transfer (7200)\n"
	    "  -c CLASS    the zone's class (IN)\n"
	    "  -F FORMAT   text (default) or raw: BIND's binary format, for\n"
	    "              a zone with masterfile-format raw in named.conf\n"
	    "  -o FILE     the zone file (default ZONE.zone here); - for\n"
	    "              standard output\n"
	    "  -y [ALG:]NAME:SECRET\n"
	    "              TSIG key; ALG defaults to hmac-sha256\n"
	    "  -k KEYFILE  TSIG key statement, as tsig-keygen writes it\n"
	    "  @SERVER     an IPv4 or IPv6 address or a host name\n");
}

static void
xfr_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: zonesyncd xfr [-p PORT] [-t SECONDS] [-c CLASS] "
	    "[-F FORMAT] [-o FILE]\n"
	    "                     [-y [ALG:]NAME:SECRET | -k KEYFILE] "
	    "ZONE @SERVER\n");
}

static volatile sig_atomic_t stop_signal;

/* What resolve_cb learns; done once the callback ran. */
struct lookup {
	struct zs_addr *addr;
	int status;
	bool done;
};

static void
resolve_cb(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct lookup *lk = arg;
	struct ares_addrinfo_node *n;

	(void)timeouts;
	lk->done = true;
	lk->status = status;
	if (status == ARES_SUCCESS) {
		lk->status = ARES_ENONAME;
		/* The first usable address, in c-ares' (RFC 6724) order. */
		for (n = ai != NULL ? ai->nodes : NULL; n != NULL;
		    n = n->ai_next)
			if (zs_addr_from_sockaddr(n->ai_addr, lk->addr) == 0) {
				lk->status = ARES_SUCCESS;
				break;
			}
	}
	if (ai != NULL)
		ares_freeaddrinfo(ai);
}

/*
 * @SERVER as a host name, the way dig takes it: /etc/hosts, then DNS.
 * This one-shot command may block, so a select() loop drives c-ares;
 * the daemon never resolves names.  Names under .invalid (RFC 6761
 * section 6.4) fail at once.  Returns 0 or -1 with a message in err.
 */
static int
resolve_server(const char *host, uint16_t port, struct zs_addr *addr,
    char *err, size_t errlen)
{
	struct ares_addrinfo_hints hints;
	struct ares_options o;
	struct lookup lk = { addr, ARES_ENOTFOUND, false };
	ares_channel ch;
	size_t hl = strlen(host);
	int st;

	if (hl > 0 && host[hl - 1] == '.')
		hl--;
	if ((hl == 7 && strncasecmp(host, "invalid", 7) == 0) ||
	    (hl > 7 && strncasecmp(host + hl - 8, ".invalid", 8) == 0)) {
		snprintf(err, errlen, "cannot resolve %s: %s", host,
		    ares_strerror(ARES_ENOTFOUND));
		return -1;
	}
	memset(&o, 0, sizeof(o));
	o.timeout = 2000;	/* ms: at most a few seconds in all */
	o.tries = 2;
	if ((st = ares_library_init(ARES_LIB_INIT_ALL)) != ARES_SUCCESS ||
	    (st = ares_init_options(&ch, &o, ARES_OPT_TIMEOUTMS |
	    ARES_OPT_TRIES)) != ARES_SUCCESS) {
		snprintf(err, errlen, "cannot resolve %s: %s", host,
		    ares_strerror(st));
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	ares_getaddrinfo(ch, host, NULL, &hints, resolve_cb, &lk);
	while (!lk.done && stop_signal == 0) {
		struct timeval tv, *tvp;
		fd_set rfds, wfds;
		int nfds;

		FD_ZERO(&rfds);
		FD_ZERO(&wfds);
		nfds = ares_fds(ch, &rfds, &wfds);
		if (nfds == 0)
			break;
		tvp = ares_timeout(ch, NULL, &tv);
		if (select(nfds, &rfds, &wfds, NULL, tvp) < 0 &&
		    errno != EINTR)
			break;
		ares_process(ch, &rfds, &wfds);
	}
	ares_destroy(ch);	/* runs the callback if still pending */
	ares_library_cleanup();
	if (lk.status != ARES_SUCCESS) {
		snprintf(err, errlen, "cannot resolve %s: %s", host,
		    stop_signal != 0 ? "interrupted" :
		    ares_strerror(lk.status));
		return -1;
	}
	zs_addr_setport(addr, port);
	return 0;
}

/* Copy the finished file at path to standard output. */
static int
copy_to_stdout(const char *path, char *err, size_t errlen)
{
	char buf[65536];
	ssize_t n, w, off;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		for (off = 0; off < n; off += w)
			if ((w = write(STDOUT_FILENO, buf + off,
			    (size_t)(n - off))) < 0) {
				if (errno == EINTR) {
					w = 0;
					continue;
				}
				goto fail;
			}
	}
	close(fd);
	return 0;
fail:
	snprintf(err, errlen, "copying the zone to stdout: %s",
	    strerror(errno));
	close(fd);
	return -1;
}

static void
on_stop(int signo)
{
	stop_signal = signo;
}

/* Key material for -y and -k, kept for the whole command. */
struct clikey {
	struct zs_tsig_key key;
	uint8_t name[ZS_DNAME_MAXLEN];
	uint8_t secret[512];
	struct zs_conf *conf;		/* -k: owns the key */
};

/* -y [ALG:]NAME:SECRET, as dig takes it; ALG defaults to hmac-sha256. */
static int
key_from_arg(const char *arg, struct clikey *ck)
{
	const char *c1 = strchr(arg, ':'), *c2, *alg = "hmac-sha256", *name;
	size_t alglen = strlen(alg), namelen;

	if (c1 == NULL)
		return -1;
	if ((c2 = strchr(c1 + 1, ':')) != NULL) {
		alg = arg;
		alglen = (size_t)(c1 - arg);
		name = c1 + 1;
		namelen = (size_t)(c2 - name);
	} else {
		name = arg;
		namelen = (size_t)(c1 - arg);
		c2 = c1;
	}
	if (zs_tsig_alg_from_text(alg, alglen, &ck->key.alg) != 0 ||
	    zs_dname_from_text(name, namelen, NULL, 0, ck->name,
	    &ck->key.namelen) != 0 ||
	    zs_base64_decode(c2 + 1, strlen(c2 + 1), ck->secret,
	    sizeof(ck->secret), &ck->key.secretlen) != 0 ||
	    ck->key.secretlen == 0)
		return -1;
	ck->key.name = ck->name;
	ck->key.secret = ck->secret;
	return 0;
}

/* -k FILE: a key statement as tsig-keygen writes it. */
static int
key_from_file(const char *path, struct clikey *ck)
{
	char err[1024];

	if (zs_conf_load(path, &ck->conf, err, sizeof(err)) != 0) {
		fprintf(stderr, "zonesyncd xfr: %s\n", err);
		return -1;
	}
	if (ck->conf->nkeys != 1) {
		fprintf(stderr, "zonesyncd xfr: %s: expected exactly one key "
		    "statement, found %zu\n", path, ck->conf->nkeys);
		return -1;
	}
	ck->key = ck->conf->keys[0].tsig;
	return 0;
}

int
cmd_xfr(int argc, char **argv)
{
	char path[1024] = "", errbuf[1200], zonetext[1100];
	const char *out = NULL, *server, *zone;
	uint8_t wire[ZS_DNAME_MAXLEN];
	size_t wlen;
	unsigned long port = 53, tmo = 7200;
	uint16_t rrclass = ZS_CLASS_IN;
	struct xfrin_params p;
	struct xfrin_result r;
	struct xfrin *x = NULL;
	struct zs_addr addr;
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	struct clikey ck;
	bool have_key = false, to_stdout = false;
	int format = ZS_ZONEFILE_TEXT;
	double start, idle_at, now;
	int ch, ret;
	char *end;

	memset(&ck, 0, sizeof(ck));
	while ((ch = getopt(argc, argv, "F:c:hk:o:p:t:y:")) != -1) {
		switch (ch) {
		case 'F':
			/* named-compilezone's -F and names */
			if (strcmp(optarg, "text") == 0)
				format = ZS_ZONEFILE_TEXT;
			else if (strcmp(optarg, "raw") == 0)
				format = ZS_ZONEFILE_RAW;
			else {
				fprintf(stderr, "zonesyncd xfr: bad format %s "
				    "(text or raw)\n", optarg);
				zs_conf_free(ck.conf);
				return 2;
			}
			break;
		case 'k':
			if (have_key || key_from_file(optarg, &ck) != 0) {
				if (have_key)
					fprintf(stderr, "zonesyncd xfr: one key "
					    "only\n");
				zs_conf_free(ck.conf);
				return 2;
			}
			have_key = true;
			break;
		case 'y':
			if (have_key || key_from_arg(optarg, &ck) != 0) {
				fprintf(stderr, "zonesyncd xfr: bad -y: expected "
				    "[ALG:]NAME:BASE64SECRET\n");
				zs_conf_free(ck.conf);
				return 2;
			}
			have_key = true;
			break;
		case 'c':
			if (zs_rrclass_from_text(optarg, strlen(optarg),
			    &rrclass) != 0) {
				fprintf(stderr, "zonesyncd xfr: bad class %s\n",
				    optarg);
				return 2;
			}
			break;
		case 'o':
			out = optarg;
			break;
		case 'p':
			port = strtoul(optarg, &end, 10);
			if (*end != '\0' || port == 0 || port > 65535) {
				fprintf(stderr, "zonesyncd xfr: bad port %s\n",
				    optarg);
				return 2;
			}
			break;
		case 't':
			tmo = strtoul(optarg, &end, 10);
			if (*end != '\0' || tmo == 0 || tmo > 86400 * 7) {
				fprintf(stderr, "zonesyncd xfr: bad timeout "
				    "%s\n", optarg);
				return 2;
			}
			break;
		case 'h':
			xfr_usage(stdout);
			xfr_options(stdout);
			return 0;
		default:
			xfr_usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 2 || argv[1][0] != '@') {
		xfr_usage(stderr);
		return 2;
	}
	zone = argv[0];
	server = argv[1] + 1;
	if (zs_dname_from_text(zone, strlen(zone), NULL, 0, wire,
	    &wlen) != 0) {
		fprintf(stderr, "zonesyncd xfr: bad zone name %s\n", zone);
		return 2;
	}
	zs_dname_totext(&sb, wire, wlen);
	snprintf(zonetext, sizeof(zonetext), "%s", zs_sb_cstr(&sb) != NULL ?
	    sb.buf : zone);
	zs_sb_free(&sb);
	if (zs_addr_parse(server, (uint16_t)port, &addr) != 0 &&
	    resolve_server(server, (uint16_t)port, &addr, errbuf,
	    sizeof(errbuf)) != 0) {
		fprintf(stderr, "zonesyncd: transfer of %s from %s failed: "
		    "%s\n", zonetext, server, errbuf);
		zs_conf_free(ck.conf);
		return 1;
	}
	_Static_assert(sizeof(path) >= ZS_DNAME_FILENAME_MAX, "path size");
	if (out == NULL)
		zs_dname_filename(wire, path);	/* as agent.conf names it */
	else if (strcmp(out, "-") == 0) {
		/*
		 * Standard output may be a pipe, and the writer patches its
		 * header in place at the end: so transfer into a private
		 * temporary file (".zonesyncd-xfr.XXXXXX", mkstemp) that is
		 * never installed, copy it out and let the writer remove it.
		 */
		const char *tmpdir = getenv("TMPDIR");

		if (tmpdir == NULL || *tmpdir == '\0')
			tmpdir = "/tmp";
		snprintf(path, sizeof(path), "%s/zonesyncd-xfr", tmpdir);
		to_stdout = true;
	} else
		snprintf(path, sizeof(path), "%s", out);

	memset(&p, 0, sizeof(p));
	p.zone_text = zonetext;
	p.zone = wire;
	p.zlen = wlen;
	p.rrclass = rrclass;
	p.primary = &addr;
	p.path = path;
	p.wall_time = (int64_t)time(NULL);
	p.install = !to_stdout;
	p.format = format;
	p.key = have_key ? &ck.key : NULL;
	zs_addr_totext(&addr, errbuf, sizeof(errbuf));
	/*
	 * TERM and INT interrupt poll() (no SA_RESTART) so the temporary
	 * file is removed on the way out; the target is never touched.
	 */
	{
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_stop;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
	}
	start = idle_at = loop_update_now();
	if ((ret = xfrin_start(&x, &p, errbuf, sizeof(errbuf))) != 0)
		goto fail_msg;
	for (;;) {
		struct pollfd pfd = { xfrin_fd(x), xfrin_events(x), 0 };
		double left, idle = tmo < 60 ? (double)tmo : 60.0;

		now = loop_update_now();
		left = start + (double)tmo - now;
		if (idle_at + idle - now < left)
			left = idle_at + idle - now;
		if (left <= 0) {
			snprintf(errbuf, sizeof(errbuf), "timed out after "
			    "%.1f s", now - start);
			ret = ZS_EINVAL;
			goto fail_msg;
		}
		ret = poll(&pfd, 1, (int)(left * 1000) + 1);
		if (stop_signal != 0) {
			snprintf(errbuf, sizeof(errbuf), "interrupted by signal "
			    "%d; %s untouched", (int)stop_signal,
			    to_stdout ? "stdout" : path);
			goto fail_msg;
		}
		if (ret < 0 && errno != EINTR) {
			snprintf(errbuf, sizeof(errbuf), "poll: %s",
			    strerror(errno));
			goto fail_msg;
		}
		if (ret <= 0)
			continue;
		idle_at = loop_update_now();
		ret = xfrin_io(x, pfd.revents);
		if (ret == XFRIN_DONE)
			break;
		if (ret < 0) {
			snprintf(errbuf, sizeof(errbuf), "%s", xfrin_error(x));
			goto fail_msg;
		}
	}
	if (to_stdout) {
		struct zs_zonefile *zf = xfrin_take_file(x, &r);

		ret = copy_to_stdout(zs_zonefile_tmppath(zf), errbuf,
		    sizeof(errbuf));
		zs_zonefile_free(zf);	/* removes the temporary file */
		if (ret != 0)
			goto fail_msg;
	} else
		xfrin_get_result(x, &r);
	zs_addr_totext(&addr, errbuf, sizeof(errbuf));
	/* With -o - stdout holds only the zone: the summary goes to stderr. */
	fprintf(to_stdout ? stderr : stdout, "%s serial %u: %llu records, "
	    "%llu bytes, %.3f s from %s to %s\n", zonetext, r.serial,
	    (unsigned long long)r.records, (unsigned long long)r.bytes,
	    loop_update_now() - start, errbuf, to_stdout ? "stdout" : path);
	xfrin_free(x);
	zs_conf_free(ck.conf);
	return 0;
fail_msg:
	{
		char peer[ZS_ADDR_TEXTLEN];

		zs_addr_totext(&addr, peer, sizeof(peer));
		fprintf(stderr, "zonesyncd: transfer of %s from %s failed: "
		    "%s\n", zonetext, peer, errbuf);
	}
	xfrin_free(x);
	zs_conf_free(ck.conf);
	return 1;
}
