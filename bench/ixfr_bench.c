/*
 * ixfr_bench.c - what applying a small IXFR to a large zone costs:
 * build a snapshot of N records (in a child process, so its memory does
 * not count), then apply a one-record change (a delete and an add in one
 * delta) through zs_ixfr_apply, writing the text zone file with
 * zs_zonefile_add and the new snapshot, as the agent does.  Prints CPU
 * time, wall time and the peak RSS of the process that applied.
 *
 *   bench/ixfr_bench [-n] [-k] [-c changes] [records [dir]]
 *     -n  no text zone file (the engine and the snapshot only)
 *     -k  keep the files (default: removed)
 *     -c  change that many records (each deleted and another added,
 *         spread over the zone) instead of one: memory per change
 *
 * A measuring tool for `make bench-ixfr`, not a test: nothing is asserted
 * about time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dname.h"
#include "ixfr.h"
#include "rrtype.h"
#include "zonefile.h"

static const uint8_t origin[] = { 5, 'b', 'e', 'n', 'c', 'h', 0 };

static void
die(const char *what, int ret)
{
	fprintf(stderr, "ixfr_bench: %s: %s\n", what, zs_strerror(ret));
	exit(1);
}

static size_t
name(const char *text, uint8_t *out)
{
	size_t n;
	int ret;

	if ((ret = zs_dname_from_text(text, strlen(text), origin,
	    sizeof(origin), out, &n)) != 0)
		die(text, ret);
	return n;
}

static struct zs_rr
soa(uint32_t serial, uint8_t *rd)
{
	struct zs_rr rr;
	size_t n;
	int i;

	memset(&rr, 0, sizeof(rr));
	rr.owner_len = name("@", rr.owner);
	rr.type = ZS_TYPE_SOA;
	rr.rrclass = ZS_CLASS_IN;
	rr.ttl = 3600;
	n = name("ns1", rd);
	n += name("hostmaster", rd + n);
	zs_put_be32(rd + n, serial);
	for (i = 1; i < 5; i++)
		zs_put_be32(rd + n + 4 * i, 3600);
	n += 20;
	rr.rdlen = (uint16_t)n;
	rr.rdata = zs_rd_init(rd, n);
	return rr;
}

/* Record i of the zone: two records an owner, A then AAAA/TXT/MX. */
static struct zs_rr
record(uint64_t i, uint8_t *rd)
{
	struct zs_rr rr;
	char owner[64];
	size_t n = 0;

	memset(&rr, 0, sizeof(rr));
	snprintf(owner, sizeof(owner), "host%07llu",
	    (unsigned long long)(i / 2));
	rr.owner_len = name(owner, rr.owner);
	rr.rrclass = ZS_CLASS_IN;
	rr.ttl = 300;
	if (i % 2 == 0) {
		rr.type = ZS_TYPE_A;
		zs_put_be32(rd, (uint32_t)(0x0a000000 + i));
		n = 4;
	} else if (i % 6 == 1) {
		rr.type = ZS_TYPE_AAAA;
		memset(rd, 0, 16);
		rd[0] = 0x20;
		rd[1] = 0x01;
		rd[2] = 0x0d;
		rd[3] = 0xb8;
		zs_put_be32(rd + 12, (uint32_t)i);
		n = 16;
	} else if (i % 6 == 3) {
		rr.type = ZS_TYPE_TXT;
		n = (size_t)snprintf((char *)rd + 1, 200,
		    "v=bench1 record %llu", (unsigned long long)i);
		rd[0] = (uint8_t)n;
		n++;
	} else {
		rr.type = ZS_TYPE_MX;
		rd[0] = 0;
		rd[1] = 10;
		n = 2 + name("mail", rd + 2);
	}
	rr.rdlen = (uint16_t)n;
	rr.rdata = zs_rd_init(rd, n);
	return rr;
}

static void
build(const char *zpath, uint64_t n)
{
	uint8_t rd[512];
	struct zs_snap *s;
	struct zs_rr rr;
	uint64_t i;
	int ret;

	if ((ret = zs_snap_open(&s, zpath, origin, sizeof(origin),
	    ZS_CLASS_IN)) != 0)
		die("zs_snap_open", ret);
	rr = soa(1, rd);
	if ((ret = zs_snap_add(s, &rr)) != 0)
		die("zs_snap_add", ret);
	/* An NS out of the zone, so that named-checkzone loads it (-k). */
	rr.type = ZS_TYPE_NS;
	rr.rdlen = (uint16_t)name("ns.example.", rd);
	rr.rdata = zs_rd_init(rd, rr.rdlen);
	if ((ret = zs_snap_add(s, &rr)) != 0)
		die("zs_snap_add", ret);
	for (i = 0; i < n - 2; i++) {
		rr = record(i, rd);
		if ((ret = zs_snap_add(s, &rr)) != 0)
			die("zs_snap_add", ret);
	}
	if ((ret = zs_snap_finish(s, 1)) != 0 ||
	    (ret = zs_snap_install(s)) != 0)
		die("zs_snap_finish/install", ret);
	zs_snap_free(s);
}

static int
to_text(void *arg, const struct zs_rr *rr)
{
	return zs_zonefile_add(arg, rr);
}

static double
secs(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long long
fsize(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 ? (long long)st.st_size : -1;
}

int
main(int argc, char **argv)
{
	uint64_t n = 1000000, recs;
	char tmpl[] = "/tmp/zs_ixfr_bench.XXXXXX", zpath[4096], spath[4200];
	const char *d = NULL;
	struct zs_zonefile *zf = NULL;
	struct zs_zonefile_meta meta = { .primary = "bench", .time = 0 };
	struct zs_ixfr_stats st;
	struct zs_ixfr *ix;
	struct zs_snap *out;
	struct rusage r0, r1;
	struct zs_rr o, nw, del, add;
	uint8_t rd1[512], rd2[512], rd3[512], rd4[512];
	double t0, t1;
	uint32_t serial;
	int c, ret, status, text = 1, keep = 0;
	uint64_t changes = 1, i, step;
	pid_t pid;

	while ((c = getopt(argc, argv, "nkc:")) != -1) {
		if (c == 'n')
			text = 0;
		else if (c == 'c')
			changes = strtoull(optarg, NULL, 10);
		else if (c == 'k')
			keep = 1;
		else {
			fprintf(stderr, "usage: ixfr_bench [-n] [-k] "
			    "[-c changes] [records [dir]]\n");
			return 2;
		}
	}
	if (optind < argc)
		n = strtoull(argv[optind++], NULL, 10);
	if (optind < argc)
		d = argv[optind++];
	if (n < 4)
		n = 4;
	if (changes < 1 || changes > n - 2)
		changes = 1;
	if (d == NULL && (d = mkdtemp(tmpl)) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(zpath, sizeof(zpath), "%s/bench.zone", d);
	snprintf(spath, sizeof(spath), "%s.snap", zpath);

	t0 = now();
	if ((pid = fork()) == 0) {
		build(zpath, n);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0) {
		fprintf(stderr, "ixfr_bench: building the snapshot failed\n");
		return 1;
	}
	printf("snapshot\t%llu records\t%lld bytes\t%.2f s to write\n",
	    (unsigned long long)n, fsize(spath), now() - t0);

	if ((ret = zs_snap_stat(zpath, origin, sizeof(origin), ZS_CLASS_IN,
	    &serial, &recs)) != 0)
		die("zs_snap_stat", ret);
	/* One delta 1 -> 2: a record in the middle deleted, one added. */
	if ((ix = zs_ixfr_new(origin, sizeof(origin), ZS_CLASS_IN, serial,
	    0)) == NULL)
		die("zs_ixfr_new", ZS_ENOMEM);
	o = soa(1, rd1);
	nw = soa(2, rd2);
	if ((ret = zs_ixfr_delta(ix, &o, &nw)) != 0)
		die("zs_ixfr_delta", ret);
	step = (n - 2) / changes;
	for (i = 0; i < changes; i++) {
		uint64_t k = changes == 1 ? n / 2 : i * step;

		del = record(k, rd3);
		add = record(k, rd4);
		if (add.type == ZS_TYPE_A)
			rd4[3] ^= 0xff;
		else
			add.ttl = 60;	/* a TTL change: replaced in place */
		if ((ret = zs_ixfr_del(ix, &del)) != 0 ||
		    (ret = zs_ixfr_add(ix, &add)) != 0)
			die("change", ret);
	}

	getrusage(RUSAGE_SELF, &r0);
	t0 = now();
	if ((ret = zs_snap_open(&out, zpath, origin, sizeof(origin),
	    ZS_CLASS_IN)) != 0)
		die("zs_snap_open", ret);
	if (text && (ret = zs_zonefile_open(&zf, zpath, origin,
	    sizeof(origin), ZS_CLASS_IN, &meta)) != 0)
		die("zs_zonefile_open", ret);
	if ((ret = zs_ixfr_apply(ix, zpath, out, text ? to_text : NULL, zf,
	    &st)) != 0)
		die("zs_ixfr_apply", ret);
	if ((ret = zs_snap_finish(out, zs_ixfr_serial(ix))) != 0 ||
	    (ret = zs_snap_install(out)) != 0)
		die("snapshot", ret);
	if (text && (ret = zs_zonefile_commit(zf, zs_ixfr_serial(ix))) != 0)
		die("zone file", ret);
	t1 = now();
	getrusage(RUSAGE_SELF, &r1);
	zs_zonefile_free(zf);
	zs_snap_free(out);
	zs_ixfr_free(ix);

	printf("apply\t%s\t%llu records (-%llu +%llu ~%llu)\n",
	    text ? "snapshot + text zone file" : "snapshot only",
	    (unsigned long long)st.records, (unsigned long long)st.deleted,
	    (unsigned long long)st.added, (unsigned long long)st.replaced);
	printf("apply\tcpu_user_s %.3f\tcpu_sys_s %.3f\twall_s %.3f\t"
	    "peak_rss_kib %ld\n", secs(&r1.ru_utime) - secs(&r0.ru_utime),
	    secs(&r1.ru_stime) - secs(&r0.ru_stime), t1 - t0, r1.ru_maxrss);
	if (text)
		printf("zone file\t%lld bytes\n", fsize(zpath));
	if (!keep) {
		unlink(zpath);
		unlink(spath);
		if (d == tmpl)
			rmdir(d);
	}
	return 0;
}
