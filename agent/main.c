/*
 * main.c - zonesyncd command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "conf.h"

/* Every subcommand with every option: `zonesyncd -h` is the whole CLI. */
static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: zonesyncd [-fv] [-c FILE] [-P PIDFILE] [--once]\n"
	    "       zonesyncd -n [-v] [-c FILE]\n"
	    "       zonesyncd status [-c FILE] [-S SOCKET] [--json]\n"
	    "       zonesyncd refresh [-c FILE] [-S SOCKET] ZONE\n"
	    "       zonesyncd retransfer [-c FILE] [-S SOCKET] [--force] ZONE\n"
	    "       zonesyncd xfr [-p PORT] [-t SECONDS] [-c CLASS] "
	    "[-F FORMAT] [-o FILE]\n"
	    "                     [-y [ALG:]NAME:SECRET | -k KEYFILE] "
	    "ZONE @SERVER\n"
	    "       zonesyncd -h | --help | help\n"
	    "       zonesyncd -V | --version\n"
	    "\n"
	    "daemon:\n"
	    "  -c FILE     configuration (default " ZS_DEFAULT_CONF ")\n"
	    "  -f          stay in the foreground and log to stderr\n"
	    "  -n          check the configuration and exit; with -v print it\n"
	    "              normalised\n"
	    "  -v          verbose (debug logging)\n"
	    "  -P PIDFILE  write the pid here instead of pid-file\n"
	    "  --once      check every zone once (transfer and reload as\n"
	    "              needed), then exit: 0 when every zone is current\n"
	    "  -h, --help  print this help\n"
	    "  -V, --version\n"
	    "              print the version\n"
	    "\n"
	    "status, refresh, retransfer (ask the running daemon):\n"
	    "  -c FILE     configuration, for its control-socket\n"
	    "  -S SOCKET   the daemon's control socket (default: the config's\n"
	    "              control-socket; " ZS_CONF_CONTROL_SOCKET " when the\n"
	    "              config does not parse)\n"
	    "  --json      (status) print JSON\n"
	    "  --force     (retransfer) install even what max-shrink-percent\n"
	    "              refuses\n"
	    "\n"
	    "xfr (one-shot AXFR into a zone file, without a daemon):\n");
	xfr_options(fp);
}

static int
check_conf(const char *path, int verbose)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	struct zs_conf *c;
	char err[1024];
	int ret;

	if ((ret = zs_conf_load(path, &c, err, sizeof(err))) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (verbose) {
		zs_conf_print(c, &sb, 0);
		if (zs_sb_cstr(&sb) != NULL)
			fputs(sb.buf, stdout);
		zs_sb_free(&sb);
	}
	zs_conf_free(c);
	return 0;
}

/* Options for status/refresh/retransfer: -c FILE, --json. */
static int
client_cmd(int argc, char **argv)
{
	const char *cmd = argv[0], *path = ZS_DEFAULT_CONF, *zone = NULL;
	const char *sock = NULL;
	int json = 0, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			path = argv[++i];
		else if (strcmp(argv[i], "-S") == 0 && i + 1 < argc)
			sock = argv[++i];
		else if (strcmp(argv[i], "--force") == 0 &&
		    strcmp(cmd, "retransfer") == 0)
			cmd = "retransfer-force";
		else if (strcmp(argv[i], "--json") == 0 &&
		    strcmp(cmd, "status") == 0)
			json = 1;
		else if (argv[i][0] != '-' && zone == NULL &&
		    strcmp(cmd, "status") != 0)
			zone = argv[i];
		else {
			usage(stderr);
			return 2;
		}
	}
	if (strcmp(cmd, "status") == 0)
		return daemon_status(path, json, sock);
	if (zone == NULL) {
		fprintf(stderr, "zonesyncd %s: which zone?\n", cmd);
		return 2;
	}
	return daemon_control(path, cmd, zone, sock);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "once", no_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *path = ZS_DEFAULT_CONF, *pidfile = NULL;
	int ch, fg = 0, check = 0, verbose = 0, once = 0;

	if (argc >= 2 && strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "xfr") == 0)
		return cmd_xfr(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "status") == 0 ||
	    strcmp(argv[1], "refresh") == 0 ||
	    strcmp(argv[1], "retransfer") == 0))
		return client_cmd(argc - 1, argv + 1);
	while ((ch = getopt_long(argc, argv, "c:fhnP:vV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'f':
			fg = 1;
			break;
		case 'n':
			check = 1;
			break;
		case 'O':
			once = 1;
			break;
		case 'P':
			pidfile = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'V':
			printf("zonesyncd %s\n", ZS_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (check)
		return check_conf(path, verbose);
	return daemon_run(path, fg, once, verbose, pidfile);
}
