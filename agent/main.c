/*
 * main.c - zonesyncd command line.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "agent.h"

double
agent_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: zonesyncd xfr [-p PORT] [-t SECONDS] [-c CLASS] "
	    "[-o FILE] ZONE @SERVER\n");
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "xfr") == 0)
		return cmd_xfr(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return 2;
}
