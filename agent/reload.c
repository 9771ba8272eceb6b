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
#include <sys/queue.h>

#include "err.h"
#include "log.h"
#include "reload.h"
#include "proc.h"
#include "rndcc.h"

#define NBUCKETS	4096

struct waiter {
	STAILQ_ENTRY(waiter) entry;	/* in its zone's waiters */
	reload_cb cb;		/* NULL once cancelled or called */
	void *arg;
};

STAILQ_HEAD(waiterq, waiter);

struct rzone {
	TAILQ_ENTRY(rzone) entry;	/* in the queue or a batch */
	LIST_ENTRY(rzone) hentry;	/* hash chain (queued only) */
	char *zone;
	char **argv;		/* owned copy, or NULL: rndc-server's
				 * "reload ZONE", else all_argv */
	struct waiterq waiters;	/* in request order */
};

TAILQ_HEAD(rzoneq, rzone);

static char **all_argv;
static int have_rndc;			/* rndc-server: the built-in client */
static struct zs_conf_server rndc_srv;	/* key points at rndc_key */
static struct zs_conf_key rndc_key;	/* name and secret owned */
static double timeout = 30;
static int coalesce_min = 2;

static struct rzoneq queue = TAILQ_HEAD_INITIALIZER(queue);
static int nqueued;
static LIST_HEAD(, rzone) buckets[NBUCKETS];	/* the queued, by name */
static struct rzoneq run_batch =		/* of the running child */
    TAILQ_HEAD_INITIALIZER(run_batch);
static int run_coalesced;
static int running;
static struct rzoneq *deliver_batch;	/* entries being called back */
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
rzone_free(struct rzone *z)
{
	struct waiter *w;

	while ((w = STAILQ_FIRST(&z->waiters)) != NULL) {
		STAILQ_REMOVE_HEAD(&z->waiters, entry);
		free(w);
	}
	argv_free(z->argv);
	free(z->zone);
	free(z);
}

/* Free every entry of b, which is left empty. */
static void
batch_free(struct rzoneq *b)
{
	struct rzone *z;

	while ((z = TAILQ_FIRST(b)) != NULL) {
		TAILQ_REMOVE(b, z, entry);
		rzone_free(z);
	}
}

/* Call every live waiter of a detached batch, then free its entries. */
static void
deliver(struct rzoneq *batch, const struct spawn_result *r, int coalesced)
{
	struct rzone *z;
	struct waiter *w;
	int n = 0;

	/* Coalesced: tell each zone how many shared the command. */
	if (coalesced)
		TAILQ_FOREACH(z, batch, entry)
			n++;
	coalesced = coalesced ? (n > 0 ? n : 1) : 0;
	delivering++;
	deliver_batch = batch;
	TAILQ_FOREACH(z, batch, entry)
		STAILQ_FOREACH(w, &z->waiters, entry) {
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
	struct rzoneq batch = TAILQ_HEAD_INITIALIZER(batch);
	const struct rzone *first;

	(void)arg;
	TAILQ_CONCAT(&batch, &run_batch, entry);
	first = TAILQ_FIRST(&batch);
	running = 0;
	if (r->timed_out || r->exec_failed || !r->exited || r->status != 0)
		log_debug("%s: reload%s failed (%s)",
		    first != NULL ? first->zone : "(cancelled)",
		    run_coalesced ? " of all zones" : "",
		    r->exec_failed ? "exec failed" : r->timed_out ?
		    "timed out" : r->signaled ? "signal" : "exit status");
	deliver(&batch, r, run_coalesced);
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
cmd_for(const struct rzoneq *batch, int coalesced)
{
	if (!coalesced && TAILQ_FIRST(batch)->argv != NULL)
		return TAILQ_FIRST(batch)->argv;
	if (!coalesced && have_rndc)
		return NULL;
	return all_argv;
}

/*
 * Start the reload of batch (not empty): its command, or rndc-server's
 * "reload ZONE" ("reload" when coalesced).  Returns 0, its entries moved
 * to run_batch; or the error of spawn_run / rndcc_run, nothing runs and
 * batch keeps its entries.
 */
static int
start_cmd(struct rzoneq *batch, int coalesced)
{
	char **argv = cmd_for(batch, coalesced);
	char cmd[1100];
	int ret;

	TAILQ_CONCAT(&run_batch, batch, entry);
	run_coalesced = coalesced;
	running = 1;
	if (argv != NULL)
		ret = spawn_run(argv, timeout, on_done, NULL);
	else {
		snprintf(cmd, sizeof(cmd), "reload%s%s", coalesced ? "" : " ",
		    coalesced ? "" : TAILQ_FIRST(&run_batch)->zone);
		ret = rndcc_run(&rndc_srv, cmd, timeout, on_done, NULL);
	}
	if (ret != 0) {
		TAILQ_CONCAT(batch, &run_batch, entry);
		running = 0;
	}
	return ret;
}

/* Run batch's reload; on failure report it through the callbacks. */
static void
run_batch_now(struct rzoneq *batch, int coalesced)
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
	struct rzoneq batch;
	struct rzone *z;

	while (!running && !delivering && (z = TAILQ_FIRST(&queue)) != NULL) {
		TAILQ_INIT(&batch);
		if ((all_argv != NULL || have_rndc) &&
		    nqueued >= coalesce_min) {
			TAILQ_FOREACH(z, &queue, entry)
				LIST_REMOVE(z, hentry);
			TAILQ_CONCAT(&batch, &queue, entry);
			nqueued = 0;
			run_batch_now(&batch, 1);
		} else {
			TAILQ_REMOVE(&queue, z, entry);
			LIST_REMOVE(z, hentry);
			nqueued--;
			TAILQ_INSERT_TAIL(&batch, z, entry);
			run_batch_now(&batch, lone_uses_all(z));
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
	LIST_FOREACH(z, &buckets[h], hentry)
		if (strcasecmp(z->zone, zone) == 0) {
			STAILQ_INSERT_TAIL(&z->waiters, w, entry);
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
	STAILQ_INIT(&z->waiters);
	STAILQ_INSERT_TAIL(&z->waiters, w, entry);

	if (!running && !delivering && TAILQ_EMPTY(&queue)) {
		struct rzoneq one = TAILQ_HEAD_INITIALIZER(one);

		TAILQ_INSERT_TAIL(&one, z, entry);
		if ((ret = start_cmd(&one, lone_uses_all(z))) != 0) {
			rzone_free(z);
			return ret;
		}
		return 0;
	}
	TAILQ_INSERT_TAIL(&queue, z, entry);
	nqueued++;
	LIST_INSERT_HEAD(&buckets[h], z, hentry);
	return 0;
}

/* In list (may be NULL), stop calling back arg (every waiter if all). */
static void
null_waiters(struct rzoneq *list, void *arg, int all)
{
	struct rzone *z;
	struct waiter *w;

	if (list == NULL)
		return;
	TAILQ_FOREACH(z, list, entry)
		STAILQ_FOREACH(w, &z->waiters, entry)
			if (all || w->arg == arg)
				w->cb = NULL;
}

void
reload_cancel(void *arg)
{
	struct rzone *z, *znext;
	struct waiter *w, *wnext;
	struct waiterq keep;

	/* <sys/queue.h> here has no _FOREACH_SAFE: take next first. */
	for (z = TAILQ_FIRST(&queue); z != NULL; z = znext) {
		znext = TAILQ_NEXT(z, entry);
		STAILQ_INIT(&keep);
		for (w = STAILQ_FIRST(&z->waiters); w != NULL; w = wnext) {
			wnext = STAILQ_NEXT(w, entry);
			if (w->arg == arg)
				free(w);
			else
				STAILQ_INSERT_TAIL(&keep, w, entry);
		}
		STAILQ_INIT(&z->waiters);
		STAILQ_CONCAT(&z->waiters, &keep);
		if (STAILQ_EMPTY(&z->waiters)) {
			TAILQ_REMOVE(&queue, z, entry);
			LIST_REMOVE(z, hentry);
			rzone_free(z);
			nqueued--;
		}
	}
	null_waiters(&run_batch, arg, 0);
	null_waiters(deliver_batch, arg, 0);
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
	null_waiters(deliver_batch, NULL, 1);
	batch_free(&run_batch);
	batch_free(&queue);
	nqueued = 0;
	memset(buckets, 0, sizeof(buckets));
	argv_free(all_argv);
	all_argv = NULL;
	rndc_forget();
}
