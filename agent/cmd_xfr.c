/*
 * cmd_xfr.c - `zonesyncd xfr`: a dig-like one-shot AXFR into a zone file.
 */
#include <ctype.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent.h"
#include "rrtype.h"
#include "xfrin.h"

static void
xfr_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: zonesyncd xfr [-p PORT] [-t SECONDS] [-c CLASS] "
	    "[-o FILE] ZONE @SERVER\n");
}

/*
 * Default file name: the zone name in lower case without its final dot,
 * with anything that could leave the directory or upset a shell made
 * harmless; the root zone is root.zone.
 */
static void
default_path(const char *zone, char *buf, size_t len)
{
	size_t i, n = strlen(zone), o = 0;

	if (n > 0 && zone[n - 1] == '.')
		n--;
	if (n == 0) {
		snprintf(buf, len, "root.zone");
		return;
	}
	for (i = 0; i < n && o + 6 < len; i++) {
		unsigned char c = (unsigned char)tolower((unsigned char)zone[i]);

		if (c == '/' || c == '\\' || c < 0x21 || c > 0x7e ||
		    (o == 0 && c == '.'))
			c = '_';
		buf[o++] = (char)c;
	}
	snprintf(buf + o, len - o, ".zone");
}

int
cmd_xfr(int argc, char **argv)
{
	char path[1024] = "", errbuf[512], zonetext[1100];
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
	double start, idle_at, now;
	int ch, ret;
	char *end;

	while ((ch = getopt(argc, argv, "c:ho:p:t:")) != -1) {
		switch (ch) {
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
	if (zs_addr_parse(server, (uint16_t)port, &addr) != 0) {
		fprintf(stderr, "zonesyncd xfr: %s: not an IPv4 or IPv6 "
		    "address\n", server);
		return 2;
	}
	zs_dname_totext(&sb, wire, wlen);
	snprintf(zonetext, sizeof(zonetext), "%s", zs_sb_cstr(&sb) != NULL ?
	    sb.buf : zone);
	zs_sb_free(&sb);
	if (out == NULL)
		default_path(zone, path, sizeof(path));
	else
		snprintf(path, sizeof(path), "%s", out);

	memset(&p, 0, sizeof(p));
	p.zone_text = zonetext;
	p.zone = wire;
	p.zlen = wlen;
	p.rrclass = rrclass;
	p.primary = &addr;
	p.path = path;
	p.wall_time = (int64_t)time(NULL);
	p.install = 1;
	zs_addr_totext(&addr, errbuf, sizeof(errbuf));
	start = idle_at = agent_now();
	if ((ret = xfrin_start(&x, &p, errbuf, sizeof(errbuf))) != 0)
		goto fail_msg;
	for (;;) {
		struct pollfd pfd = { xfrin_fd(x), xfrin_events(x), 0 };
		double left, idle = tmo < 60 ? (double)tmo : 60.0;

		now = agent_now();
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
		if (ret < 0 && errno != EINTR) {
			snprintf(errbuf, sizeof(errbuf), "poll: %s",
			    strerror(errno));
			goto fail_msg;
		}
		if (ret <= 0)
			continue;
		idle_at = agent_now();
		ret = xfrin_io(x, pfd.revents);
		if (ret == XFRIN_DONE)
			break;
		if (ret < 0) {
			snprintf(errbuf, sizeof(errbuf), "%s", xfrin_error(x));
			goto fail_msg;
		}
	}
	xfrin_get_result(x, &r);
	zs_addr_totext(&addr, errbuf, sizeof(errbuf));
	printf("%s serial %u: %llu records, %llu bytes, %.3f s from %s "
	    "to %s\n", zonetext, r.serial, (unsigned long long)r.records,
	    (unsigned long long)r.bytes, agent_now() - start, errbuf, path);
	xfrin_free(x);
	return 0;
fail_msg:
	{
		char peer[ZS_ADDR_TEXTLEN];

		zs_addr_totext(&addr, peer, sizeof(peer));
		fprintf(stderr, "zonesyncd: transfer of %s from %s failed: "
		    "%s\n", zonetext, peer, errbuf);
	}
	xfrin_free(x);
	return 1;
}
