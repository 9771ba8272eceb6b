/*
 * include.c - write the named.conf include and tell named (see
 * include.h).  One write and one reconfig at a time; the file is always
 * whole (lib/atomicfile), so named never reads half a list.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "atomicfile.h"
#include "conftok.h"
#include "err.h"
#include "include.h"
#include "log.h"
#include "loop.h"
#include "namedinc.h"
#include "rndcc.h"

#define RECONFIG_TIMEOUT	120.0	/* named re-reads all its config */

static struct include_hooks hooks;
static char *path;			/* NULL: off */
static char **argv;			/* reconfig-command, NULL: rndc */
static bool have_rndc;
static struct zs_conf_server rndc_srv;	/* key points at rndc_key */
static struct zs_conf_key rndc_key;

static struct loop_timer *timer;	/* batch, or backoff after a failure */
static bool dirty;			/* a change not yet written */
static bool running;			/* a reconfig is under way */
static unsigned gen;			/* of the last write */
static unsigned running_gen;		/* of the running reconfig */
static unsigned applied_gen;		/* last accepted by named */
static unsigned failures;
static size_t nzones;
static time_t last_written, last_reconfig;
static char last_error[600];
static unsigned token;			/* identifies the running reconfig */

static void on_timer(void *arg);

static void
settings_free(void)
{
	zs_conf_argv_free(argv);
	argv = NULL;
	free(path);
	path = NULL;
	if (have_rndc)
		zs_conf_key_clear(&rndc_key);
	have_rndc = false;
}

void
include_init(const struct include_hooks *h)
{
	hooks = *h;
	if (timer == NULL && (timer = loop_timer_new(on_timer, NULL)) == NULL)
		fatalx("out of memory");
}

int
include_configure(const struct zs_conf *c)
{
	struct zs_conf_key k = { 0 };
	char *p = NULL, **a = NULL;

	if (c->named_include != NULL &&
	    (p = strdup(c->named_include)) == NULL)
		return ZS_ENOMEM;
	if (c->reconfig_argv != NULL &&
	    (a = zs_argv_dup(c->reconfig_argv)) == NULL)
		goto nomem;
	if (c->has_rndc && c->rndc_server.key != NULL &&
	    zs_conf_key_dup(&k, c->rndc_server.key) != 0)
		goto nomem;
	if (path != NULL && (p == NULL || strcmp(p, path) != 0))
		log_cat_info(LOG_CAT_CONFIG, "named-include %s: no longer "
		    "written%s%s", path, p != NULL ? "; now " : "",
		    p != NULL ? p : "");
	settings_free();
	path = p;
	argv = a;
	if (k.name != NULL) {
		zs_conf_key_move(&rndc_key, &k);
		rndc_srv = c->rndc_server;
		rndc_srv.key = &rndc_key;
		have_rndc = true;
	}
	if (path == NULL) {
		dirty = false;
		failures = 0;
		last_error[0] = '\0';
		if (timer != NULL)
			loop_timer_cancel(timer);
	}
	return 0;
nomem:
	free(p);
	zs_conf_argv_free(a);
	return ZS_ENOMEM;
}

bool
include_enabled(void)
{
	return path != NULL;
}

unsigned
include_applied_gen(void)
{
	return applied_gen;
}

void
include_changed(void)
{
	if (path == NULL)
		return;
	dirty = true;
	/* Running: the end of the run looks at dirty.  Armed: batch or
	 * backoff, either way this change goes with it. */
	if (!running && !loop_timer_armed(timer))
		loop_timer_in(timer, INCLUDE_BATCH);
}

/* Write the file for generation g; 0 or a ZS_E* code. */
static int
write_file(unsigned g)
{
	struct zs_atomicfile af = ZS_ATOMICFILE_INIT;
	struct zs_strbuf body = ZS_STRBUF_INIT, sb = ZS_STRBUF_INIT;
	const char *text;
	size_t n;
	int ret;

	n = hooks.render(&body, g);
	zs_namedinc_header(&sb, n);
	if ((text = zs_sb_cstr(&body)) != NULL)
		zs_sb_puts(&sb, text);
	if (body.err != 0 || (text = zs_sb_cstr(&sb)) == NULL) {
		ret = ZS_ENOMEM;
		goto out;
	}
	/* named reads it as any other part of its config: 0644. */
	if ((ret = zs_atomicfile_open(&af, path, 0644, 0)) != 0 ||
	    (ret = zs_atomicfile_write(&af, text, strlen(text))) != 0 ||
	    (ret = zs_atomicfile_commit(&af)) != 0)
		goto out;
	nzones = n;
	last_written = time(NULL);
	log_debug("named-include %s: %zu zones written", path, n);
out:
	zs_atomicfile_abort(&af);
	zs_sb_free(&body);
	zs_sb_free(&sb);
	return ret;
}

/* After failure n (1, 2, ...): 1, 2, 4, ... s, at most a minute. */
static double
backoff(void)
{
	double d = failures >= 1 && failures < 8 ?
	    (double)(1u << (failures - 1)) : INCLUDE_BACKOFF_MAX;

	return d > INCLUDE_BACKOFF_MAX ? INCLUDE_BACKOFF_MAX : d;
}

/* An attempt failed: say so (when news), retry later. */
static void
failed(unsigned g, const struct spawn_result *r, const char *what)
{
	bool news = failures == 0 || strcmp(what, last_error) != 0;

	failures++;
	snprintf(last_error, sizeof(last_error), "%s", what);
	if (news)
		log_warnx("named-include %s: %s; trying again in %.0f s", path,
		    what, backoff());
	dirty = true;
	loop_timer_in(timer, backoff());
	if (hooks.applied != NULL)
		hooks.applied(g, false, r);
}

/* The reconfig's output, on one line, at most len bytes. */
static void
one_line(const char *in, char *out, size_t len)
{
	size_t i, o = 0;

	for (i = 0; in[i] != '\0' && o + 1 < len; i++) {
		char c = in[i] == '\n' || in[i] == '\r' || in[i] == '\t' ?
		    ' ' : in[i];

		if (c == ' ' && (o == 0 || out[o - 1] == ' '))
			continue;
		out[o++] = c;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

static void
on_reconfig(void *arg, const struct spawn_result *r)
{
	unsigned g = running_gen;
	char out[400], what[sizeof(last_error)];

	if ((unsigned)(uintptr_t)arg != token)
		return;			/* from before a shutdown */
	running = false;
	last_reconfig = time(NULL);
	if (!(r->exited && r->status == 0)) {
		one_line(r->output, out, sizeof(out));
		snprintf(what, sizeof(what), "reconfig failed (%s%d)%s%s",
		    r->timed_out ? "timed out, " : r->exec_failed ?
		    "cannot run, " : r->exited ? "exit " : "signal ",
		    r->exited ? r->status : r->signo, out[0] != '\0' ? ": " :
		    "", out);
		failed(g, r, what);
		return;
	}
	if (failures > 0)
		log_info("named-include %s: reconfig succeeded again", path);
	else
		log_info("named-include %s: named reconfigured (%zu zones, "
		    "%.3f s)", path, nzones, r->secs);
	failures = 0;
	last_error[0] = '\0';
	if (g > applied_gen)
		applied_gen = g;
	if (dirty && !loop_timer_armed(timer))
		loop_timer_in(timer, INCLUDE_BATCH);
	if (hooks.applied != NULL)
		hooks.applied(g, true, r);
}

static void
on_timer(void *arg)
{
	struct spawn_result r;
	unsigned g;
	int ret;

	(void)arg;
	if (path == NULL || running || !dirty)
		return;
	dirty = false;
	g = ++gen;
	if ((ret = write_file(g)) != 0) {
		char what[sizeof(last_error)];

		snprintf(what, sizeof(what), "cannot write the file: %s",
		    zs_strerror(ret));
		failed(g, NULL, what);
		return;
	}
	running = true;
	running_gen = g;
	token++;
	if (argv != NULL)
		ret = spawn_run(argv, RECONFIG_TIMEOUT, on_reconfig,
		    (void *)(uintptr_t)token);
	else if (have_rndc)
		ret = rndcc_run(&rndc_srv, "reconfig", RECONFIG_TIMEOUT,
		    on_reconfig, (void *)(uintptr_t)token);
	else
		ret = ZS_EINVAL;
	if (ret != 0) {
		running = false;
		memset(&r, 0, sizeof(r));
		r.exited = 1;
		r.status = 127;
		r.exec_failed = 1;
		snprintf(r.output, sizeof(r.output), "%s", zs_strerror(ret));
		on_reconfig((void *)(uintptr_t)token, &r);
	}
}

void
include_status(struct include_status *st)
{
	memset(st, 0, sizeof(*st));
	st->path = path;
	st->state = failures > 0 ? "error" : (dirty || running ||
	    applied_gen != gen || gen == 0) ? "pending" : "ok";
	st->zones = nzones;
	st->last_written = last_written;
	st->last_reconfig = last_reconfig;
	st->failures = failures;
	st->error = last_error;
}

void
include_shutdown(void)
{
	if (path != NULL && dirty && write_file(++gen) != 0)
		log_warnx("named-include %s: cannot write the file at exit",
		    path);
	token++;			/* a late reconfig result is ignored */
	running = false;
	dirty = false;
	loop_timer_free(timer);
	timer = NULL;
	settings_free();
}
