/*
 * check_conf.c - unit tests for lib/conf and lib/conftok.
 *
 * Golden files: every test/data/conf/NAME.conf has either NAME.ok (the
 * expected zs_conf_print output) or NAME.err (the exact error message).
 * Run from the repository root (./test/check_conf), as `make unit` does.
 */
#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_util.h"
#include "check_conf_util.h"
#include "conf.h"
#include "namedinc.h"
#include "conftok.h"
#include "err.h"

#define DATADIR "test/data/conf"

/* Whole file as a string (trailing newline kept); NULL if missing. */
static char *
slurp(const char *path)
{
	FILE *fp;
	char *buf;
	long n;

	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	ck_assert(fseek(fp, 0, SEEK_END) == 0);
	n = ftell(fp);
	ck_assert(n >= 0);
	rewind(fp);
	buf = calloc(1, (size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert(fread(buf, 1, (size_t)n, fp) == (size_t)n);
	fclose(fp);
	return buf;
}

static char *
print_conf(const struct zs_conf *c, unsigned flags)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	char *s;

	ck_assert_int_eq(zs_conf_print(c, &sb, flags), 0);
	s = strdup(zs_sb_cstr(&sb));
	zs_sb_free(&sb);
	return s;
}

/*
 * Printing with secrets must parse back to a config that prints the
 * same: the printer and the parser agree on the dialect.
 */
static void
check_roundtrip(const struct zs_conf *c, const char *name)
{
	struct zs_conf *c2 = NULL;
	char *a, *b, err[512];
	int ret;

	a = print_conf(c, ZS_CONF_PRINT_SECRETS);
	ret = zs_conf_parse_string(a, name, &c2, err, sizeof(err));
	ck_assert_msg(ret == 0, "%s: reparse failed: %s\n%s", name, err, a);
	b = print_conf(c2, ZS_CONF_PRINT_SECRETS);
	ck_assert_msg(strcmp(a, b) == 0, "%s: round trip differs:\n%s\n---\n%s",
	    name, a, b);
	free(a);
	free(b);
	zs_conf_free(c2);
}

START_TEST(test_golden)
{
	DIR *d;
	struct dirent *de;
	int nok = 0, nerr = 0;

	d = opendir(DATADIR);
	ck_assert_msg(d != NULL, "run from the repository root");
	while ((de = readdir(d)) != NULL) {
		char path[512], okp[512], errp[512], err[512];
		char *ok, *want, *got;
		struct zs_conf *c = NULL;
		size_t n = strlen(de->d_name);
		int ret;

		if (n < 6 || strcmp(de->d_name + n - 5, ".conf") != 0)
			continue;
		snprintf(path, sizeof(path), DATADIR "/%s", de->d_name);
		snprintf(okp, sizeof(okp), DATADIR "/%.*s.ok", (int)(n - 5),
		    de->d_name);
		snprintf(errp, sizeof(errp), DATADIR "/%.*s.err",
		    (int)(n - 5), de->d_name);
		ok = slurp(okp);
		want = slurp(errp);
		ck_assert_msg((ok == NULL) != (want == NULL),
		    "%s needs exactly one of .ok and .err", path);
		ret = zs_conf_load(path, &c, err, sizeof(err));
		if (ok != NULL) {
			ck_assert_msg(ret == 0, "%s: %s", path, err);
			got = print_conf(c, 0);
			ck_assert_msg(strcmp(got, ok) == 0,
			    "%s: output differs from .ok:\n%s", path, got);
			check_roundtrip(c, path);
			free(got);
			nok++;
		} else {
			ck_assert_msg(ret == ZS_ESYNTAX, "%s: want an error, "
			    "got %d", path, ret);
			ck_assert_ptr_null(c);
			want[strcspn(want, "\n")] = '\0';
			ck_assert_str_eq(err, want);
			nerr++;
		}
		zs_conf_free(c);
		free(ok);
		free(want);
	}
	closedir(d);
	ck_assert_int_ge(nok, 5);
	ck_assert_int_ge(nerr, 40);
}
END_TEST

START_TEST(test_example)
{
	struct zs_conf *c = NULL;
	char err[512];
	int ret;

	ret = zs_conf_load("agent.conf.example", &c, err, sizeof(err));
	ck_assert_msg(ret == 0, "agent.conf.example: %s", err);
	ck_assert_uint_ge(c->nzones, 1);
	check_roundtrip(c, "agent.conf.example");
	zs_conf_free(c);
}
END_TEST

START_TEST(test_defaults)
{
	struct zs_conf *c = parse_ok("zone \"Example.COM.\" "
	    "{ primaries { 192.0.2.1; }; };");
	const struct zs_conf_zone *z = &c->zones[0];
	const struct sockaddr_in *sin;

	ck_assert_str_eq(c->directory, ".");
	ck_assert_str_eq(c->pid_file, "/run/zonesyncd/zonesyncd.pid");
	ck_assert_str_eq(c->status_file, "zonesyncd.status.json");
	ck_assert_ptr_null(c->metrics_file);
	ck_assert_ptr_null(c->user);
	ck_assert_str_eq(c->syslog_facility, "daemon");
	ck_assert(!c->has_verify);
	ck_assert_uint_eq(c->nnotify_listen, 0);
	ck_assert_uint_eq(c->transfers_in, 10);
	ck_assert_uint_eq(c->verify_interval, 300);
	ck_assert_uint_eq(c->verify_timeout, 60);
	ck_assert_uint_eq(c->options.min_refresh, 300);
	ck_assert_uint_eq(c->options.max_refresh, 2419200);
	ck_assert_uint_eq(c->options.min_retry, 500);
	ck_assert_uint_eq(c->options.max_retry, 1209600);
	ck_assert_uint_eq(c->options.max_xfer_time, 120 * 60);
	ck_assert_uint_eq(c->options.max_xfer_idle, 60 * 60);
	ck_assert_uint_eq(c->options.max_records, 0);
	ck_assert_ptr_null(c->options.check_argv);
	ck_assert_str_eq(c->options.reload_argv[0], "rndc");
	ck_assert_str_eq(c->options.reload_argv[1], "reload");
	ck_assert_str_eq(c->options.reload_argv[2], "%z");
	ck_assert_ptr_null(c->options.reload_argv[3]);
	ck_assert_str_eq(c->reload_all_argv[0], "rndc");
	ck_assert_str_eq(c->reload_all_argv[1], "reload");
	ck_assert_ptr_null(c->reload_all_argv[2]);

	ck_assert_uint_eq(c->nzones, 1);
	ck_assert_str_eq(z->name, "example.com");
	ck_assert_uint_eq(z->wirelen, 13);
	ck_assert_mem_eq(z->wire, "\7example\3com", 13);
	ck_assert_str_eq(z->file, "example.com.zone");
	ck_assert_uint_eq(z->nprimaries, 1);
	sin = (const struct sockaddr_in *)&z->primaries[0].addr.ss;
	ck_assert_int_eq(sin->sin_family, AF_INET);
	ck_assert_uint_eq(ntohs(sin->sin_port), 53);
	ck_assert_uint_eq(zs_addr_port(&z->primaries[0].addr), 53);
	ck_assert_ptr_null(z->primaries[0].key);
	ck_assert_uint_eq(z->opts.max_refresh, 2419200);
	ck_assert_str_eq(z->opts.reload_argv[0], "rndc");
	zs_conf_free(c);
}
END_TEST

START_TEST(test_verify_times)
{
	struct zs_conf *c = parse_ok("options { verify-interval 10m; "
	    "verify-timeout 90; }; zone \"a\" { primaries { 192.0.2.1; }; };");

	ck_assert_uint_eq(c->verify_interval, 600);
	ck_assert_uint_eq(c->verify_timeout, 90);
	zs_conf_free(c);
	c = parse_ok("options { verify-interval 0; }; zone \"a\" { "
	    "primaries { 192.0.2.1; }; };");
	ck_assert_uint_eq(c->verify_interval, 0);
	zs_conf_free(c);
	parse_err("options { verify-timeout 0; }; zone \"a\" { primaries { "
	    "192.0.2.1; }; };", "t.conf:1:26: bad verify-timeout \"0\" "
	    "(expected 1s to 1w)");
	parse_err("options { verify-interval 1; verify-interval 2; }; zone "
	    "\"a\" { primaries { 192.0.2.1; }; };", "t.conf:1:30: "
	    "verify-interval given twice");
}
END_TEST

START_TEST(test_resolved)
{
	struct zs_conf *c = NULL;
	const struct zs_conf_zone *z;
	const struct sockaddr_in6 *sin6;
	char err[512];

	ck_assert_int_eq(zs_conf_load(DATADIR "/full.conf", &c, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(c->nkeys, 3);
	ck_assert_str_eq(c->keys[0].name, "xfr");
	ck_assert_int_eq(c->keys[0].tsig.alg, ZS_TSIG_HMAC_SHA256);
	ck_assert_uint_eq(c->keys[0].tsig.secretlen, 32);
	ck_assert_int_eq(c->keys[2].tsig.alg, ZS_TSIG_HMAC_MD5);
	ck_assert_mem_eq(c->keys[2].secret, "secret", 6);
	/* The tsig view points into each key, after the array stopped moving. */
	ck_assert_ptr_eq(c->keys[2].tsig.secret, c->keys[2].secret);
	ck_assert_ptr_eq(c->keys[1].tsig.name, c->keys[1].wire);
	ck_assert_uint_eq(c->keys[0].tsig.namelen, 5);
	ck_assert_mem_eq(c->keys[0].tsig.name, "\3xfr", 5);
	ck_assert_uint_eq(c->nzones, 3);
	z = &c->zones[1];
	ck_assert_str_eq(z->name, "example.net");
	ck_assert_uint_eq(z->nprimaries, 4);
	ck_assert_ptr_eq(z->primaries[0].key, &c->keys[0]);
	ck_assert_ptr_eq(z->primaries[1].key, &c->keys[1]);
	ck_assert_ptr_null(z->primaries[2].key);
	ck_assert_ptr_eq(z->primaries[3].key, &c->keys[2]);
	sin6 = (const struct sockaddr_in6 *)&z->primaries[1].addr.ss;
	ck_assert_int_eq(sin6->sin6_family, AF_INET6);
	ck_assert_uint_eq(ntohs(sin6->sin6_port), 5353);
	ck_assert_uint_eq(z->primaries[1].addr.len, sizeof(*sin6));
	/* overrides vs inherited */
	ck_assert_uint_eq(z->opts.max_xfer_time, 7200);
	ck_assert_uint_eq(z->opts.max_xfer_idle, 300);
	ck_assert_uint_eq(z->opts.max_shrink_pct, 10);
	ck_assert_uint_eq(c->zones[0].opts.max_shrink_pct, 50);
	ck_assert_uint_eq(c->zones[0].opts.max_xfer_size, 64u << 20);
	ck_assert_uint_eq(c->zones[0].opts.max_xfer_idle, 90);
	ck_assert_str_eq(z->opts.reload_argv[1], "%z");
	ck_assert_str_eq(c->zones[0].opts.reload_argv[2], "my server");
	ck_assert_uint_eq(z->nallow_notify, 3);
	ck_assert_str_eq(z->allow_notify[1], "key \"xfr\"");
	ck_assert_uint_eq(c->nwebhooks, 2);
	ck_assert_uint_eq(c->webhooks[0].events,
	    ZS_EV_ZONE_UPDATED | ZS_EV_ZONE_EXPIRED);
	ck_assert_uint_eq(c->webhooks[1].events, ZS_EV_ALL);
	ck_assert_uint_eq(c->nnotify_listen, 2);
	ck_assert_uint_eq(zs_addr_port(&c->notify_listen[1].addr), 53);
	ck_assert_str_eq(c->zones[2].name, ".");
	zs_conf_free(c);
}
END_TEST

START_TEST(test_expand_argv)
{
	struct zs_conf *c = parse_ok("options { check-command "
	    "\"chk -o '%z file' %f 50%% \\\"a b\\\"\"; };"
	    "zone x { primaries { ::1; }; };");
	char **argv = NULL;

	ck_assert_int_eq(zs_conf_expand_argv(c->options.check_argv,
	    "example.com", "/z/example.com.zone", &argv), 0);
	ck_assert_str_eq(argv[0], "chk");
	ck_assert_str_eq(argv[1], "-o");
	ck_assert_str_eq(argv[2], "example.com file");
	ck_assert_str_eq(argv[3], "/z/example.com.zone");
	ck_assert_str_eq(argv[4], "50%");
	ck_assert_str_eq(argv[5], "a b");
	ck_assert_ptr_null(argv[6]);
	zs_conf_argv_free(argv);
	zs_conf_free(c);

	/* a template the parser did not make */
	{
		char *bad[] = { "x%q", NULL };
		char *none[] = { NULL };

		ck_assert_int_eq(zs_conf_expand_argv(bad, "z", "f", &argv),
		    ZS_EINVAL);
		ck_assert_int_eq(zs_conf_expand_argv(NULL, "z", "f", &argv),
		    ZS_EINVAL);
		ck_assert_int_eq(zs_conf_expand_argv(none, "z", "f", &argv),
		    0);
		ck_assert_ptr_null(argv[0]);
		zs_conf_argv_free(argv);
	}
	zs_conf_argv_free(NULL);
	zs_conf_free(NULL);
}
END_TEST

static const struct {
	const char *in;
	uint64_t unit;
	int ret;
	uint64_t out;
} durations[] = {
	{ "300", 1, 0, 300 },
	{ "120", 60, 0, 7200 },
	{ "1w2d3h4m5s", 1, 0, 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5 },
	{ "1W2D", 60, 0, 604800 + 2 * 86400 },
	{ "90s", 60, 0, 90 },
	{ "P1D", 1, 0, 86400 },
	{ "P1W", 1, 0, 604800 },
	{ "PT1H30M", 1, 0, 5400 },
	{ "P1DT2H3M4S", 1, 0, 86400 + 7200 + 180 + 4 },
	{ "p1dt1s", 1, 0, 86401 },
	{ "", 1, ZS_ESYNTAX, 0 },
	{ "1x", 1, ZS_ESYNTAX, 0 },
	{ "h", 1, ZS_ESYNTAX, 0 },
	{ "1h30", 1, ZS_ESYNTAX, 0 },
	{ "P1H", 1, ZS_ESYNTAX, 0 },	/* hours need T */
	{ "PT1D", 1, ZS_ESYNTAX, 0 },
	{ "P", 1, ZS_ESYNTAX, 0 },
	{ "-1", 1, ZS_ESYNTAX, 0 },
	{ "2147483648", 1, ZS_ERANGE, 0 },
	{ "99999999999999999999999", 1, ZS_ERANGE, 0 },
	{ "4000w", 1, ZS_ERANGE, 0 },
};

START_TEST(test_duration)
{
	size_t i;

	for (i = 0; i < sizeof(durations) / sizeof(durations[0]); i++) {
		uint64_t v = 12345;
		int ret = zs_parse_duration(durations[i].in,
		    strlen(durations[i].in), durations[i].unit, 2147483647u,
		    &v);

		ck_assert_msg(ret == durations[i].ret, "%s: ret %d",
		    durations[i].in, ret);
		ck_assert_msg(ret != 0 || v == durations[i].out,
		    "%s: got %llu", durations[i].in, (unsigned long long)v);
		ck_assert(ret == 0 || v == 12345);
	}
}
END_TEST

START_TEST(test_size)
{
	uint64_t v;

	ck_assert_int_eq(zs_parse_size("10k", 3, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 10240);
	ck_assert_int_eq(zs_parse_size("2G", 2, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 2ull << 30);
	ck_assert_int_eq(zs_parse_size("unlimited", 9, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(zs_parse_size("k", 1, UINT64_MAX, &v), ZS_ESYNTAX);
	ck_assert_int_eq(zs_parse_size("2m", 2, 1024, &v), ZS_ERANGE);
}
END_TEST

START_TEST(test_strings)
{
	struct zs_conf *c;

	/* escaped quote and backslash in a string; other backslashes stay */
	c = parse_ok("options { directory \"/a\\\"b\\\\c\\d\"; };"
	    "zone x { primaries { 192.0.2.1; }; };");
	ck_assert_str_eq(c->directory, "/a\"b\\c\\d");
	ck_assert_str_eq(c->zones[0].file, "/a\"b\\c\\d/x.zone");
	zs_conf_free(c);

	parse_err("zone \"x\n\" { };", "t.conf:1:6: unterminated string");
	parse_err("options { };\n  /* x", "t.conf:2:3: unterminated comment");
	parse_err("options { }", "t.conf:1:12: missing \";\" before end "
	    "of file");
	parse_err("options { directory \"\"; };",
	    "t.conf:1:21: directory must not be empty");
	parse_err("options {\n\tdirectory\t/x\n};",
	    "t.conf:3:1: missing \";\" before \"}\"");
	parse_err("zone x { primaries { 192.0.2.1; }; };\n"
	    "zone y { primaries { 192.0.2.1; }; allow-notify { any };",
	    "t.conf:2:55: missing \";\" before \"}\"");
}
END_TEST

/* Build a chain of include files in a temporary directory. */
START_TEST(test_include_depth)
{
	char dir[] = "/tmp/check_conf.XXXXXX", path[600], err[1024];
	struct zs_conf *c = NULL;
	FILE *fp;
	int i, ret, depth;

	for (depth = ZS_CONF_MAXDEPTH; depth <= ZS_CONF_MAXDEPTH + 1;
	    depth++) {
		ck_assert_ptr_nonnull(mkdtemp(dir));
		for (i = 0; i <= depth; i++) {
			snprintf(path, sizeof(path), "%s/f%d.conf", dir, i);
			ck_assert_ptr_nonnull(fp = fopen(path, "w"));
			if (i < depth)
				fprintf(fp, "include \"f%d.conf\";\n", i + 1);
			else
				fprintf(fp, "zone x { primaries { ::1; }; };\n");
			fclose(fp);
		}
		snprintf(path, sizeof(path), "%s/f0.conf", dir);
		ret = zs_conf_load(path, &c, err, sizeof(err));
		if (depth == ZS_CONF_MAXDEPTH) {
			/* the top file plus 16 nested includes is fine */
			ck_assert_msg(ret == 0, "%s", err);
			zs_conf_free(c);
			c = NULL;
		} else {
			ck_assert_int_eq(ret, ZS_ESYNTAX);
			ck_assert_ptr_nonnull(strstr(err,
			    "f16.conf:1:9: include files nested deeper "
			    "than 16"));
		}
		for (i = 0; i <= depth; i++) {
			snprintf(path, sizeof(path), "%s/f%d.conf", dir, i);
			unlink(path);
		}
		rmdir(dir);
		strcpy(dir, "/tmp/check_conf.XXXXXX");
	}
}
END_TEST

START_TEST(test_load_missing)
{
	struct zs_conf *c = NULL;
	char err[256];

	ck_assert_int_eq(zs_conf_load(DATADIR "/nope.conf", &c, err,
	    sizeof(err)), -ENOENT);
	ck_assert_ptr_null(c);
	ck_assert_str_eq(err, DATADIR "/nope.conf: cannot read: "
	    "No such file or directory");
	/* a tiny error buffer truncates but never overflows */
	ck_assert_int_eq(zs_conf_parse_string("foo;", "t.conf", &c, err, 8),
	    ZS_ESYNTAX);
	ck_assert_str_eq(err, "t.conf:");
}
END_TEST

/*
 * Every prefix of every golden input, and every single-byte change to a
 * few of them, must parse or fail cleanly (run under ASan this finds
 * leaks and overruns on the error paths).
 */
START_TEST(test_mutations)
{
	static const char *const files[] = { "full.conf", "comments.conf",
	    "nested.conf", "filenames.conf" };
	static const char repl[] = "\"{};/*#\\ 0%x\n";
	size_t f, i, r, n;
	char path[256], err[512], *text;
	struct zs_conf *c;

	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		snprintf(path, sizeof(path), DATADIR "/%s", files[f]);
		ck_assert_ptr_nonnull(text = slurp(path));
		n = strlen(text);
		for (i = 0; i <= n; i++) {
			char save = text[i];

			text[i] = '\0';
			c = NULL;
			if (zs_conf_parse_string(text, path, &c, err,
			    sizeof(err)) == 0)
				zs_conf_free(c);
			text[i] = save;
			for (r = 0; i < n && r < sizeof(repl) - 1; r++) {
				text[i] = repl[r];
				c = NULL;
				if (zs_conf_parse_string(text, path, &c, err,
				    sizeof(err)) == 0)
					zs_conf_free(c);
			}
			text[i] = save;
		}
		free(text);
	}
}
END_TEST

/* A key copy owns its name and secret: the config can go first. */
START_TEST(test_key_dup)
{
	struct zs_conf *c = parse_ok("key \"Rndc-Key\" { algorithm "
	    "hmac-sha512; secret \"MDEyMzQ1Njc4OWFiY2RlZg==\"; };\n"
	    "zone \"example.com\" { primaries { 192.0.2.1; }; };\n");
	struct zs_conf_key k, m;

	ck_assert_int_eq(zs_conf_key_dup(&k, &c->keys[0]), 0);
	zs_conf_free(c);
	ck_assert_str_eq(k.name, "rndc-key");
	ck_assert_int_eq(k.tsig.alg, ZS_TSIG_HMAC_SHA512);
	ck_assert_uint_eq(k.tsig.secretlen, 16);
	ck_assert_mem_eq(k.secret, "0123456789abcdef", 16);
	/* The copy's view points into the copy, not the freed original. */
	ck_assert_ptr_eq(k.tsig.name, k.wire);
	ck_assert_ptr_eq(k.tsig.secret, k.secret);
	ck_assert_uint_eq(k.tsig.namelen, 10);
	ck_assert_mem_eq(k.tsig.name, "\010rndc-key", 10);
	/* A move re-points the view too and empties the source. */
	zs_conf_key_move(&m, &k);
	ck_assert_ptr_null(k.name);
	ck_assert_ptr_null(k.secret);
	ck_assert_ptr_eq(m.tsig.name, m.wire);
	ck_assert_ptr_eq(m.tsig.secret, m.secret);
	ck_assert_mem_eq(m.tsig.name, "\010rndc-key", 10);
	zs_conf_key_clear(&m);
	ck_assert_ptr_null(m.name);
	ck_assert_ptr_null(m.secret);
	ck_assert_uint_eq(m.tsig.secretlen, 0);
}
END_TEST

/* named-include, named-zone-options, reconfig-command. */
START_TEST(test_named_include)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	struct zs_conf *c;
	char why[128];

	c = parse_ok("options { directory \"/d\"; named-include "
	    "\"zones.inc\"; };\n"
	    "zone a { primaries { 192.0.2.1; }; };\n"
	    "zone b { primaries { 192.0.2.1; }; named-zone-options "
	    "\"type primary; file \\\"%f\\\"; also-notify { 192.0.2.9; }; "
	    "// 100%% %z\\n\"; };\n");
	ck_assert_str_eq(c->named_include, "/d/zones.inc");
	ck_assert_str_eq(zs_conf_zone_body(c, &c->zones[0]),
	    ZS_NAMEDINC_DEFAULT_BODY);
	ck_assert_str_eq(zs_conf_zone_body(c, &c->zones[1]),
	    "type primary; file \"%f\"; also-notify { 192.0.2.9; }; "
	    "// 100%% %z\\n");
	ck_assert_ptr_nonnull(c->reconfig_argv);
	ck_assert_str_eq(c->reconfig_argv[0], "rndc");
	ck_assert_str_eq(c->reconfig_argv[1], "reconfig");
	ck_assert_ptr_null(c->reconfig_argv[2]);
	ck_assert_int_eq(zs_namedinc_zone(&sb, c->zones[0].name,
	    "/d/a \"q\".zone", "type primary; file \"%f\"; // %z %%"), 0);
	ck_assert_str_eq(zs_sb_cstr(&sb), "zone \"a\" {\n\ttype primary; "
	    "file \"/d/a \\\"q\\\".zone\"; // a %\n};\n");
	zs_sb_free(&sb);
	/* Presentation escapes go to BIND as they are; only %f's quotes
	 * get a backslash (BIND keeps the others). */
	ck_assert_int_eq(zs_namedinc_zone(&sb, "a\\\"q\\.b", "/x\\y",
	    "file \"%f\"; // %z;"), 0);
	ck_assert_str_eq(zs_sb_cstr(&sb), "zone \"a\\\"q\\.b\" {\n\t"
	    "file \"/x\\y\"; // a\\\"q\\.b;\n};\n");
	zs_sb_free(&sb);
	/* A raw zone's statement says so (after a comment too), unless
	 * its body already names a format. */
	ck_assert_int_eq(zs_namedinc_zone(&sb, "a", "/a", "file \"%f\"; // x"),
	    0);
	ck_assert_int_eq(zs_namedinc_raw(&sb, "file \"%f\"; // x"), 0);
	ck_assert_str_eq(zs_sb_cstr(&sb), "zone \"a\" {\n\tfile \"/a\"; // x"
	    "\n\tmasterfile-format raw;\n};\n");
	zs_sb_free(&sb);
	ck_assert_int_eq(zs_namedinc_zone(&sb, "a", "/a",
	    "file \"%f\"; masterfile-format text;"), 0);
	ck_assert_int_eq(zs_namedinc_raw(&sb,
	    "file \"%f\"; masterfile-format text;"), 0);
	ck_assert_str_eq(zs_sb_cstr(&sb), "zone \"a\" {\n\tfile \"/a\"; "
	    "masterfile-format text;\n};\n");
	zs_sb_free(&sb);
	zs_conf_free(c);

	/* rndc-server: reconfig goes to it unless reconfig-command says. */
	c = parse_ok("key k { algorithm hmac-sha256; secret \"AAAA\"; };\n"
	    "options { rndc-server 127.0.0.1 key k; };\n"
	    "zone a { primaries { 192.0.2.1; }; };\n");
	ck_assert_ptr_null(c->reconfig_argv);
	ck_assert_ptr_null(c->named_include);
	zs_conf_free(c);
	c = parse_ok("key k { algorithm hmac-sha256; secret \"AAAA\"; };\n"
	    "options { rndc-server 127.0.0.1 key k; reconfig-command "
	    "\"/bin/my-reconfig\"; };\n");
	ck_assert_str_eq(c->reconfig_argv[0], "/bin/my-reconfig");
	zs_conf_free(c);

	/* The template is checked, not parsed. */
	ck_assert_int_eq(zs_namedinc_check("type primary; /* { */ "
	    "# }\n also-notify { 1.2.3.4; }; file \"%f\";", why,
	    sizeof(why)), 0);
	ck_assert_int_eq(zs_namedinc_check(" ; ", why, sizeof(why)), 0);
	ck_assert_int_eq(zs_namedinc_check("", why, sizeof(why)),
	    ZS_ESYNTAX);
	parse_err("options { named-zone-options \"type primary; "
	    "allow-query { any;\"; };",
	    "t.conf:1:30: unbalanced braces in named-zone-options");
	parse_err("options { named-zone-options \"type primary; }; "
	    "{\"; };",
	    "t.conf:1:30: \"}\" without \"{\" in named-zone-options");
	parse_err("options { named-zone-options \"file \\\"%f;\"; };",
	    "t.conf:1:30: unterminated string in named-zone-options");
	parse_err("options { named-zone-options \"type primary\"; };",
	    "t.conf:1:30: named-zone-options must end with \";\"");
	parse_err("options { named-zone-options \"file \\\"%d\\\";\"; };",
	    "t.conf:1:30: unknown escape: use %f (file), %z (zone) or %% "
	    "in named-zone-options");
	parse_err("options { named-zone-options \"x; /* y\"; };",
	    "t.conf:1:30: unterminated comment in named-zone-options");
	parse_err("zone a { primaries { 192.0.2.1; }; named-zone-options "
	    "\"a;\"; named-zone-options \"a;\"; };",
	    "t.conf:1:61: named-zone-options given twice");
	parse_err("options { reconfig-command \"a %z\"; };",
	    "t.conf:1:28: bad escape \"%z\" in command (only %% is allowed)");
	parse_err("options { named-include \"\"; };",
	    "t.conf:1:25: named-include must not be empty");
}
END_TEST

static Suite *
conf_suite(void)
{
	Suite *s = suite_create("conf");
	TCase *tc = tcase_create("conf");

	tcase_add_test(tc, test_golden);
	tcase_add_test(tc, test_example);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_resolved);
	tcase_add_test(tc, test_verify_times);
	tcase_add_test(tc, test_expand_argv);
	tcase_add_test(tc, test_duration);
	tcase_add_test(tc, test_size);
	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_include_depth);
	tcase_add_test(tc, test_load_missing);
	tcase_add_test(tc, test_mutations);
	tcase_add_test(tc, test_key_dup);
	tcase_add_test(tc, test_named_include);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(conf_suite)
