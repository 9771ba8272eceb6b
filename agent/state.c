/*
 * state.c - read the state file at start, rewrite it (coalesced, and at
 * exit) from the zones' status.  The text format is lib/statefile's.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "atomicfile.h"
#include "err.h"
#include "log.h"
#include "loop.h"
#include "state.h"
#include "zones.h"

#define COALESCE	60.0	/* at most one write a minute */

static char *path;
static struct loop_timer *timer;
static double last_write;		/* or when writing was configured */

void
state_load(const char *p, struct zs_statefile *sf)
{
	size_t len;
	char *buf;

	sf->v = NULL;
	sf->n = 0;
	if ((buf = agent_read_file(p, &len)) == NULL) {
		if (errno != ENOENT)
			log_warn("state-file %s", p);
		return;
	}
	if (zs_statefile_parse(buf, len, sf) != 0)
		log_warnx("state-file %s: out of memory", p);
	free(buf);
}

struct collect {
	struct zs_state_entry *v;
	size_t n, cap;
	bool oom;
};

static void
collect(const struct zone_status *st, void *arg)
{
	struct collect *c = arg;

	if (st->last_ok <= 0 || c->oom)
		return;
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 256;
		struct zs_state_entry *nv = realloc(c->v, nc * sizeof(*nv));

		if (nv == NULL) {
			c->oom = true;
			return;
		}
		c->v = nv;
		c->cap = nc;
	}
	/* The names outlive the call: they belong to the zones. */
	c->v[c->n].name = (char *)(uintptr_t)st->name;
	c->v[c->n++].last_ok = (int64_t)st->last_ok;
}

static int
write_file(void)
{
	struct zs_atomicfile af = ZS_ATOMICFILE_INIT;
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	struct collect c = { NULL, 0, 0, false };
	int ret;

	zones_foreach(collect, &c);
	if (c.oom || zs_statefile_format(c.v, c.n, &sb) != 0)
		ret = ZS_ENOMEM;
	else if ((ret = zs_atomicfile_open(&af, path, 0644,
	    ZS_ATOMICFILE_NOSYNC)) == 0 &&
	    (ret = zs_atomicfile_write(&af, sb.buf, sb.len)) == 0)
		ret = zs_atomicfile_commit(&af);
	zs_atomicfile_abort(&af);
	zs_sb_free(&sb);
	free(c.v);
	return ret;
}

static void
flush(void)
{
	int ret;

	if (path == NULL)
		return;
	if ((ret = write_file()) != 0)
		log_warnx("state-file %s: %s", path, zs_strerror(ret));
	last_write = loop_now();
}

static void
on_timer(void *arg)
{
	(void)arg;
	flush();
}

void
state_configure(const char *p)
{
	free(path);
	path = p != NULL ? strdup(p) : NULL;
	/* Nothing worth a write at start-up: the first comes a minute on. */
	if (timer == NULL) {
		if ((timer = loop_timer_new(on_timer, NULL)) == NULL)
			fatalx("out of memory");
		last_write = loop_now();
	}
	if (path == NULL)
		loop_timer_cancel(timer);
}

void
state_touch(void)
{
	double due;

	if (path == NULL || loop_timer_armed(timer))
		return;
	due = last_write + COALESCE;
	loop_timer_at(timer, due > loop_now() ? due : loop_now());
}

void
state_flush(void)
{
	if (timer != NULL)
		loop_timer_cancel(timer);
	flush();
}
