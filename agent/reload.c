/*
 * reload.c - serialized, coalescing reloads of the local named.
 *
 *   idle --request--> running(zone argv) --done--> deliver --> next:
 *        queue >= coalesce_min && all_argv ? running(all_argv, batch)
 *                                          : running(head's argv)
 *
 * Queued zones sit in a FIFO and a hash by name so a repeated request
 * merges in O(1).  While callbacks are being delivered new requests only
 * queue; the next child starts after the delivery, so a burst of requests
 * made from callbacks still coalesces.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "log.h"
#include "reload.h"
#include "proc.h"
#include "rndcc.h"

#define NBUCKETS	4096

struct waiter {
	struct waiter *next;
	reload_cb cb;		/* NULL once cancelled or called */
	void *arg;
};

struct rzone {
	struct rzone *next;	/* FIFO or batch */
	struct rzone *hnext;	/* hash chain (queued only) */
	char *zone;
	char **argv;		/* owned copy, or NULL: rndc-server's
				 * "reload ZONE", else all_argv */
	struct waiter *waiters, **wtail;
};

static char **all_argv;
static int have_rndc;			/* rndc-server: the built-in client */
static struct zs_conf_server rndc_srv;	/* key points at rndc_key */
static struct zs_conf_key rndc_key;	/* name and secret owned */
static double timeout = 30;
static int coalesce_min = 2;

static struct rzone *q_head, *q_tail;
static int nqueued;
static struct rzone *buckets[NBUCKETS];
static struct rzone *run_batch;		/* entries of the running child */
static int run_coalesced;
static int running;
static struct rzone *deliver_batch;	/* entries being called back */
static int delivering;

static void start_next(void);

static void
argv_free(char **v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

static char **
argv_dup(char *const *v)
{
	char **d;
	size_t n, i;

	for (n = 0; v[n] != NULL; n++)
		;
	if ((d = calloc(n + 1, sizeof(*d))) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if ((d[i] = strdup(v[i])) == NULL) {
			argv_free(d);
			return NULL;
		}
	return d;
}

static size_t
hash(const char *s)
{
	size_t h = 5381;

	for (; *s != '\0'; s++)
		h = h * 33 + (unsigned char)tolower((unsigned char)*s);
	return h % NBUCKETS;
}

static void
hash_del(struct rzone *z)
{
	struct rzone **pp;

	for (pp = &buckets[hash(z->zone)]; *pp != NULL; pp = &(*pp)->hnext)
		if (*pp == z) {
			*pp = z->hnext;
			return;
		}
}

static void
rzone_free(struct rzone *z)
{
	struct waiter *w, *next;

	for (w = z->waiters; w != NULL; w = next) {
		next = w->next;
		free(w);
	}
	argv_free(z->argv);
	free(z->zone);
	free(z);
}

static void
batch_free(struct rzone *b)
{
	struct rzone *next;

	for (; b != NULL; b = next) {
		next = b->next;
		rzone_free(b);
	}
}

/* Call every live waiter of a detached batch, then free it. */
static void
deliver(struct rzone *batch, const struct spawn_result *r, int coalesced)
{
	struct rzone *z;
	struct waiter *w;

	delivering++;
	deliver_batch = batch;
	for (z = batch; z != NULL; z = z->next)
		for (w = z->waiters; w != NULL; w = w->next) {
			reload_cb cb = w->cb;

			if (cb == NULL)
				continue;
			w->cb = NULL;
			cb(w->arg, r, coalesced);
		}
	deliver_batch = NULL;
	delivering--;
	batch_free(batch);
}

static void
on_done(void *arg, const struct spawn_result *r)
{
	struct rzone *batch = run_batch;

	(void)arg;
	run_batch = NULL;
	running = 0;
	if (r->timed_out || r->exec_failed || !r->exited || r->status != 0)
		log_debug("%s: reload%s failed (%s)",
		    batch != NULL ? batch->zone : "(cancelled)",
		    run_coalesced ? " of all zones" : "",
		    r->exec_failed ? "exec failed" : r->timed_out ?
		    "timed out" : r->signaled ? "signal" : "exit status");
	deliver(batch, r, run_coalesced);
	start_next();
}

/*
 * A lone zone without a command of its own reloads through rndc-server,
 * else through the all-zones command (reported as coalesced).
 */
static int
lone_uses_all(const struct rzone *z)
{
	return z->argv == NULL && !have_rndc;
}

/* The command for batch: its own, all_argv, or NULL for rndc-server. */
static char **
cmd_for(struct rzone *batch, int coalesced)
{
	if (!coalesced && batch->argv != NULL)
		return batch->argv;
	if (!coalesced && have_rndc)
		return NULL;
	return all_argv;
}

/*
 * Start the reload of batch: its command, or rndc-server's "reload ZONE"
 * ("reload" when coalesced).  Returns 0, or the error of spawn_run /
 * rndcc_run and nothing runs.
 */
static int
start_cmd(struct rzone *batch, int coalesced)
{
	char **argv = cmd_for(batch, coalesced);
	char cmd[1100];
	int ret;

	run_batch = batch;
	run_coalesced = coalesced;
	running = 1;
	if (argv != NULL)
		ret = spawn_run(argv, timeout, on_done, NULL);
	else {
		snprintf(cmd, sizeof(cmd), "reload%s%s", coalesced ? "" : " ",
		    coalesced ? "" : batch->zone);
		ret = rndcc_run(&rndc_srv, cmd, timeout, on_done, NULL);
	}
	if (ret != 0) {
		run_batch = NULL;
		running = 0;
	}
	return ret;
}

/* Run batch's reload; on failure report it through the callbacks. */
static void
run_batch_now(struct rzone *batch, int coalesced)
{
	struct spawn_result r;
	char **argv = cmd_for(batch, coalesced);
	int ret;

	if ((ret = start_cmd(batch, coalesced)) == 0)
		return;
	memset(&r, 0, sizeof(r));
	r.exec_failed = ret < 0 && ret > ZS_EBASE ? -ret : EIO;
	snprintf(r.output, sizeof(r.output), "%s: %s", argv != NULL ?
	    argv[0] : "rndc-server", zs_strerror(ret));
	deliver(batch, &r, coalesced);
}

static void
start_next(void)
{
	struct rzone *batch;

	while (!running && !delivering && q_head != NULL) {
		if ((all_argv != NULL || have_rndc) &&
		    nqueued >= coalesce_min) {
			batch = q_head;
			for (struct rzone *z = batch; z != NULL; z = z->next)
				hash_del(z);
			q_head = q_tail = NULL;
			nqueued = 0;
			run_batch_now(batch, 1);
		} else {
			batch = q_head;
			q_head = batch->next;
			if (q_head == NULL)
				q_tail = NULL;
			nqueued--;
			batch->next = NULL;
			hash_del(batch);
			run_batch_now(batch, lone_uses_all(batch));
		}
	}
}

static void
rndc_forget(void)
{
	zs_conf_key_clear(&rndc_key);
	memset(&rndc_srv, 0, sizeof(rndc_srv));
	have_rndc = 0;
}

int
reload_configure(char **argv, const struct zs_conf_server *rndc,
    double secs, int cmin)
{
	struct zs_conf_key k = { 0 };
	char **copy = NULL;

	if (argv != NULL && argv[0] != NULL &&
	    (copy = argv_dup(argv)) == NULL)
		return ZS_ENOMEM;
	if (rndc != NULL && rndc->key != NULL &&
	    zs_conf_key_dup(&k, rndc->key) != 0) {
		argv_free(copy);
		return ZS_ENOMEM;
	}
	argv_free(all_argv);
	all_argv = copy;
	rndc_forget();
	if (k.name != NULL) {
		zs_conf_key_move(&rndc_key, &k);
		rndc_srv = *rndc;
		rndc_srv.key = &rndc_key;
		have_rndc = 1;
	}
	timeout = secs;
	coalesce_min = cmin < 1 ? 1 : cmin;
	return 0;
}

int
reload_request(const char *zone, char *const *zone_argv, reload_cb cb,
    void *arg)
{
	struct rzone *z;
	struct waiter *w;
	size_t h;
	int ret;

	if (zone == NULL || cb == NULL ||
	    ((zone_argv == NULL || zone_argv[0] == NULL) && all_argv == NULL &&
	    !have_rndc))
		return ZS_EINVAL;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return ZS_ENOMEM;
	w->cb = cb;
	w->arg = arg;

	h = hash(zone);
	for (z = buckets[h]; z != NULL; z = z->hnext)
		if (strcasecmp(z->zone, zone) == 0) {
			*z->wtail = w;
			z->wtail = &w->next;
			return 0;
		}

	if ((z = calloc(1, sizeof(*z))) == NULL ||
	    (z->zone = strdup(zone)) == NULL ||
	    (zone_argv != NULL && zone_argv[0] != NULL &&
	    (z->argv = argv_dup(zone_argv)) == NULL)) {
		if (z != NULL) {
			free(z->zone);
			free(z);
		}
		free(w);
		return ZS_ENOMEM;
	}
	z->waiters = w;
	z->wtail = &w->next;

	if (!running && !delivering && q_head == NULL) {
		if ((ret = start_cmd(z, lone_uses_all(z))) != 0) {
			rzone_free(z);
			return ret;
		}
		return 0;
	}
	if (q_tail != NULL)
		q_tail->next = z;
	else
		q_head = z;
	q_tail = z;
	nqueued++;
	z->hnext = buckets[h];
	buckets[h] = z;
	return 0;
}

static void
null_waiters(struct rzone *list, void *arg)
{
	struct waiter *w;

	for (; list != NULL; list = list->next)
		for (w = list->waiters; w != NULL; w = w->next)
			if (w->arg == arg)
				w->cb = NULL;
}

static void
null_waiters_all(struct rzone *list)
{
	struct waiter *w;

	for (; list != NULL; list = list->next)
		for (w = list->waiters; w != NULL; w = w->next)
			w->cb = NULL;
}

void
reload_cancel(void *arg)
{
	struct rzone **pp, *z, *last = NULL;
	struct waiter **wp, *w;

	for (pp = &q_head; (z = *pp) != NULL;) {
		for (wp = &z->waiters; (w = *wp) != NULL;) {
			if (w->arg == arg) {
				*wp = w->next;
				free(w);
			} else
				wp = &w->next;
		}
		z->wtail = wp;
		if (z->waiters == NULL) {
			*pp = z->next;
			hash_del(z);
			rzone_free(z);
			nqueued--;
		} else {
			last = z;
			pp = &z->next;
		}
	}
	q_tail = last;
	null_waiters(run_batch, arg);
	null_waiters(deliver_batch, arg);
}

int
reload_queued(void)
{
	return nqueued;
}

void
reload_shutdown(void)
{
	/* A running child keeps "running" set until its result arrives. */
	null_waiters_all(deliver_batch);
	batch_free(run_batch);
	run_batch = NULL;
	batch_free(q_head);
	q_head = q_tail = NULL;
	nqueued = 0;
	memset(buckets, 0, sizeof(buckets));
	argv_free(all_argv);
	all_argv = NULL;
	rndc_forget();
}
