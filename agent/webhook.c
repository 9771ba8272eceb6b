/*
 * webhook.c - deliver events to HTTP webhooks with the libcurl multi
 * interface, driven by the main loop.
 *
 * curl tells us which sockets to watch (CURLMOPT_SOCKETFUNCTION ->
 * loop_fd_set) and when to call it back (CURLMOPT_TIMERFUNCTION -> one
 * loop timer); the loop calls curl_multi_socket_action() and we then
 * collect finished transfers with curl_multi_info_read().
 *
 * Each webhook has a FIFO of jobs (one job = one event to POST there).
 * A job is either in flight (easy != NULL) or waiting, possibly until
 * not_before after a failed try.  A second loop timer wakes us for the
 * earliest retry.  The event bodies are shared between webhooks by a
 * reference count.
 */
/* Calls go through the table below; the typecheck macros would wrap them. */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <dlfcn.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include "err.h"
#include "log.h"
#include "loop.h"
#include "webhook.h"

#define DEFAULT_TIMEOUT		10	/* seconds, when the config says 0 */
#define DROP_LOG_INTERVAL	60.0	/* seconds between "queue full" logs */
#define USER_AGENT		"zonesyncd/0.1"

static const double backoff[WEBHOOK_RETRIES] = { 1, 4, 16 };

struct payload {
	unsigned refs;
	unsigned type;		/* ZS_EV_* */
	char *zone;		/* for the log */
	char *body;		/* JSON */
	size_t len;
};

struct hook;

struct job {
	TAILQ_ENTRY(job) entry;
	struct hook *hook;
	struct payload *p;
	CURL *easy;		/* non-NULL while in flight */
	struct curl_slist *hdrs; /* while in flight */
	char *errbuf;		/* CURL_ERROR_SIZE, while in flight */
	unsigned tries;		/* attempts started */
	double not_before;	/* monotonic; 0 = now */
};

TAILQ_HEAD(jobq, job);

struct hook {
	char *url;
	unsigned events;
	char **headers;
	size_t nheaders;
	long timeout;
	struct jobq jobs;	/* oldest first */
	size_t njobs;		/* all of them, in flight too */
	size_t ninflight;
	double drop_logged;	/* when "queue full" was last logged */
	bool drop_ever;
	unsigned long long drops_unlogged;
};

/*
 * libcurl, loaded with dlopen() when the first webhook is configured.
 * Linked normally, libcurl and the libraries it pulls in (TLS, HTTP/2,
 * LDAP, Kerberos, ...) cost about 5 MB of memory in every process,
 * including `zonesyncd xfr` and daemons that have no webhook at all.
 */
static struct {
	void *so;
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
	CURLMcode (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode (*multi_socket_action)(CURLM *, curl_socket_t, int, int *);
	CURLMsg *(*multi_info_read)(CURLM *, int *);
	CURLMcode (*multi_cleanup)(CURLM *);
	const char *(*multi_strerror)(CURLMcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} lc;

/* curl.h may define these three as function-like macros of its own. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt
#define curl_global_init	lc.global_init
#define curl_easy_init		lc.easy_init
#define curl_easy_setopt	lc.easy_setopt
#define curl_easy_getinfo	lc.easy_getinfo
#define curl_easy_cleanup	lc.easy_cleanup
#define curl_easy_strerror	lc.easy_strerror
#define curl_multi_init		lc.multi_init
#define curl_multi_setopt	lc.multi_setopt
#define curl_multi_add_handle	lc.multi_add_handle
#define curl_multi_remove_handle lc.multi_remove_handle
#define curl_multi_socket_action lc.multi_socket_action
#define curl_multi_info_read	lc.multi_info_read
#define curl_multi_cleanup	lc.multi_cleanup
#define curl_multi_strerror	lc.multi_strerror
#define curl_slist_append	lc.slist_append
#define curl_slist_free_all	lc.slist_free_all

/* Load libcurl once.  Returns 0, or -1 (logged) when it is not there. */
static int
curl_load(void)
{
	static const struct { const char *sym; size_t off; } tab[] = {
#define S(f, m) { f, offsetof(__typeof__(lc), m) }
		S("curl_global_init", global_init),
		S("curl_easy_init", easy_init),
		S("curl_easy_setopt", easy_setopt),
		S("curl_easy_getinfo", easy_getinfo),
		S("curl_easy_cleanup", easy_cleanup),
		S("curl_easy_strerror", easy_strerror),
		S("curl_multi_init", multi_init),
		S("curl_multi_setopt", multi_setopt),
		S("curl_multi_add_handle", multi_add_handle),
		S("curl_multi_remove_handle", multi_remove_handle),
		S("curl_multi_socket_action", multi_socket_action),
		S("curl_multi_info_read", multi_info_read),
		S("curl_multi_cleanup", multi_cleanup),
		S("curl_multi_strerror", multi_strerror),
		S("curl_slist_append", slist_append),
		S("curl_slist_free_all", slist_free_all),
#undef S
	};
	size_t i;
	void *f;

	if (lc.so != NULL)
		return 0;
	if ((lc.so = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL)) == NULL) {
		log_warnx("webhooks need libcurl (Debian: libcurl4): %s",
		    dlerror());
		return -1;
	}
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if ((f = dlsym(lc.so, tab[i].sym)) == NULL) {
			log_warnx("webhooks: libcurl lacks %s", tab[i].sym);
			dlclose(lc.so);
			lc.so = NULL;
			return -1;
		}
		/* POSIX guarantees a function pointer fits a void *. */
		memcpy((char *)&lc + tab[i].off, &f, sizeof(f));
	}
	return 0;
}

static bool curl_ready;		/* curl_global_init done */
static CURLM *multi;
static struct loop_timer *curl_timer;	/* CURLMOPT_TIMERFUNCTION */
static struct loop_timer *retry_timer;	/* earliest not_before */
static struct hook **hooks;
static size_t nhooks;
static struct webhook_stats stats;
static int *wfds;		/* sockets we asked the loop to watch */
static size_t nwfds, wfds_alloc;

static void dispatch_all(void);

/* ------------------------------------------------------------ payloads */

static void
payload_unref(struct payload *p)
{
	if (p == NULL || --p->refs > 0)
		return;
	free(p->zone);
	free(p->body);
	free(p);
}

/* --------------------------------------------------------------- hooks */

static void
hook_free_config(struct hook *h)
{
	size_t i;

	for (i = 0; i < h->nheaders; i++)
		free(h->headers[i]);
	free(h->headers);
	free(h->url);
	h->headers = NULL;
	h->nheaders = 0;
	h->url = NULL;
}

/* A new hook with a copy of c and no jobs, or NULL when out of memory. */
static struct hook *
hook_new(const struct zs_conf_webhook *c)
{
	struct hook *h;
	size_t i;

	if ((h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	TAILQ_INIT(&h->jobs);
	h->events = c->events;
	h->timeout = c->timeout != 0 ? (long)c->timeout : DEFAULT_TIMEOUT;
	if ((h->url = strdup(c->url)) == NULL)
		goto fail;
	if (c->nheaders > 0 &&
	    (h->headers = calloc(c->nheaders, sizeof(*h->headers))) == NULL)
		goto fail;
	for (i = 0; i < c->nheaders; i++) {
		if ((h->headers[i] = strdup(c->headers[i])) == NULL)
			goto fail;
		h->nheaders++;
	}
	return h;
fail:
	hook_free_config(h);
	free(h);
	return NULL;
}

/* Stop the transfer of j, if any; j stays queued. */
static void
job_stop(struct job *j)
{
	if (j->easy != NULL) {
		curl_multi_remove_handle(multi, j->easy);
		curl_easy_cleanup(j->easy);
		j->easy = NULL;
		j->hook->ninflight--;
	}
	curl_slist_free_all(j->hdrs);
	j->hdrs = NULL;
	free(j->errbuf);
	j->errbuf = NULL;
}

/* Stop, unlink and free j. */
static void
job_free(struct job *j)
{
	struct hook *h = j->hook;

	job_stop(j);
	TAILQ_REMOVE(&h->jobs, j, entry);
	h->njobs--;
	payload_unref(j->p);
	free(j);
}

/* Abort and free every job of h (counted as dropped), then h itself. */
static void
hook_free(struct hook *h)
{
	struct job *j;

	if (h == NULL)
		return;
	while ((j = TAILQ_FIRST(&h->jobs)) != NULL) {
		stats.dropped++;
		job_free(j);
	}
	hook_free_config(h);
	free(h);
}

/* Make room for one more job: drop the oldest one not in flight. */
static void
hook_drop_oldest(struct hook *h)
{
	struct job *j;
	double now = loop_now();

	TAILQ_FOREACH(j, &h->jobs, entry) {
		if (j->easy == NULL)
			break;
	}
	if (j == NULL)
		return;
	job_free(j);
	stats.dropped++;
	h->drops_unlogged++;
	if (!h->drop_ever || now - h->drop_logged >= DROP_LOG_INTERVAL) {
		log_warnx("webhook %s: queue full (%d events), dropped %llu "
		    "oldest event(s)", h->url, WEBHOOK_QUEUE_MAX,
		    h->drops_unlogged);
		h->drop_ever = true;
		h->drop_logged = now;
		h->drops_unlogged = 0;
	}
}

/* ---------------------------------------------------------- transfers */

static size_t
discard(char *ptr, size_t size, size_t nmemb, void *arg)
{
	(void)ptr;
	(void)arg;
	return size * nmemb;
}

/* Start one try of j.  Returns 0, or a reason on failure. */
static const char *
job_start(struct job *j)
{
	struct hook *h = j->hook;
	struct curl_slist *l;
	size_t i;
	CURLMcode mc;

	if ((j->errbuf = calloc(1, CURL_ERROR_SIZE)) == NULL ||
	    (j->easy = curl_easy_init()) == NULL)
		goto nomem;
	if ((l = curl_slist_append(NULL, "Content-Type: application/json"))
	    == NULL)
		goto nomem;
	j->hdrs = l;
	/* No "Expect: 100-continue" round trip. */
	if ((l = curl_slist_append(j->hdrs, "Expect:")) == NULL)
		goto nomem;
	for (i = 0; i < h->nheaders; i++) {
		if ((l = curl_slist_append(j->hdrs, h->headers[i])) == NULL)
			goto nomem;
	}
	if (curl_easy_setopt(j->easy, CURLOPT_URL, h->url) != CURLE_OK)
		goto nomem;
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(j->easy, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
	curl_easy_setopt(j->easy, CURLOPT_POSTFIELDSIZE, (long)j->p->len);
	curl_easy_setopt(j->easy, CURLOPT_POSTFIELDS, j->p->body);
	curl_easy_setopt(j->easy, CURLOPT_HTTPHEADER, j->hdrs);
	curl_easy_setopt(j->easy, CURLOPT_USERAGENT, USER_AGENT);
	curl_easy_setopt(j->easy, CURLOPT_TIMEOUT, h->timeout);
	curl_easy_setopt(j->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(j->easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(j->easy, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(j->easy, CURLOPT_ERRORBUFFER, j->errbuf);
	curl_easy_setopt(j->easy, CURLOPT_PRIVATE, (void *)j);
	if ((mc = curl_multi_add_handle(multi, j->easy)) != CURLM_OK) {
		curl_easy_cleanup(j->easy);
		j->easy = NULL;
		job_stop(j);
		return curl_multi_strerror(mc);
	}
	j->tries++;
	h->ninflight++;
	return NULL;
nomem:
	if (j->easy != NULL)
		curl_easy_cleanup(j->easy);
	j->easy = NULL;
	job_stop(j);
	return "out of memory";
}

/* A try of j failed (j is not in flight): schedule a retry or give up. */
static void
job_failed(struct job *j, const char *reason)
{
	struct hook *h = j->hook;

	if (j->tries == 0)
		j->tries = 1;	/* could not even start: counts as a try */
	if (j->tries <= WEBHOOK_RETRIES) {
		stats.retried++;
		j->not_before = loop_now() + backoff[j->tries - 1];
		return;
	}
	stats.failed++;
	log_warnx("webhook %s: %s for %s not delivered after %u tries: %s",
	    h->url, zs_event_name(j->p->type) != NULL ?
	    zs_event_name(j->p->type) : "event", j->p->zone, j->tries, reason);
	job_free(j);
}

/* Collect finished transfers. */
static void
check_done(void)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(multi, &left)) != NULL) {
		CURL *easy = m->easy_handle;
		CURLcode rc = m->data.result;
		struct job *j = NULL;
		char *priv = NULL;
		char reason[CURL_ERROR_SIZE + 32];
		long code = 0;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
		j = (struct job *)(void *)priv;
		if (j == NULL)
			continue;
		if (rc == CURLE_OK) {
			curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
			if (code >= 200 && code <= 299) {
				stats.delivered++;
				job_free(j);
				continue;
			}
			snprintf(reason, sizeof(reason), "HTTP status %ld",
			    code);
		} else {
			snprintf(reason, sizeof(reason), "%s",
			    j->errbuf[0] != '\0' ? j->errbuf :
			    curl_easy_strerror(rc));
		}
		job_stop(j);
		job_failed(j, reason);
	}
	dispatch_all();
}

/*
 * Start what may start; returns the earliest not_before of the jobs
 * still waiting for their time (0 when none, or when h is at its
 * in-flight limit: a completion will call us again).
 */
static double
dispatch(struct hook *h, double now)
{
	struct job *j, *next;
	double min = 0;

	for (j = TAILQ_FIRST(&h->jobs); j != NULL &&
	    h->ninflight < WEBHOOK_INFLIGHT_MAX; j = next) {
		const char *why;

		next = TAILQ_NEXT(j, entry);
		if (j->easy != NULL)
			continue;
		if (j->not_before > now) {
			if (min == 0 || j->not_before < min)
				min = j->not_before;
			continue;
		}
		if ((why = job_start(j)) != NULL)
			job_failed(j, why);	/* may free j */
	}
	return min;
}

static void
dispatch_all(void)
{
	double now = loop_update_now(), min = 0, m;
	size_t i;

	for (i = 0; i < nhooks; i++) {
		m = dispatch(hooks[i], now);
		if (m != 0 && (min == 0 || m < min))
			min = m;
	}
	if (retry_timer == NULL)
		return;
	if (min != 0)
		loop_timer_at(retry_timer, min);
	else
		loop_timer_cancel(retry_timer);
}

static void
on_retry_timer(void *arg)
{
	(void)arg;
	dispatch_all();
}

/* ------------------------------------------------- curl <-> the loop */

static void
wfd_add(int fd)
{
	size_t i;

	for (i = 0; i < nwfds; i++)
		if (wfds[i] == fd)
			return;
	if (nwfds == wfds_alloc) {
		size_t n = wfds_alloc != 0 ? wfds_alloc * 2 : 16;
		int *p = reallocarray(wfds, n, sizeof(*p));

		if (p == NULL)
			fatal("webhook sockets");
		wfds = p;
		wfds_alloc = n;
	}
	wfds[nwfds++] = fd;
}

static void
wfd_del(int fd)
{
	size_t i;

	for (i = 0; i < nwfds; i++) {
		if (wfds[i] == fd) {
			wfds[i] = wfds[--nwfds];
			return;
		}
	}
}

static void
on_sock(int fd, short revents, void *arg)
{
	int ev = 0, running;

	(void)arg;
	if (multi == NULL)
		return;
	if (revents & (POLLIN | POLLHUP))
		ev |= CURL_CSELECT_IN;
	if (revents & POLLOUT)
		ev |= CURL_CSELECT_OUT;
	if (revents & (POLLERR | POLLNVAL))
		ev |= CURL_CSELECT_ERR;
	if (revents & POLLNVAL) {
		/* Closed behind our back: stop polling it. */
		loop_fd_del(fd);
		wfd_del(fd);
	}
	curl_multi_socket_action(multi, fd, ev, &running);
	check_done();
}

static int
sock_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
	short ev = 0;

	(void)easy;
	(void)userp;
	(void)socketp;
	switch (what) {
	case CURL_POLL_IN:
		ev = POLLIN;
		break;
	case CURL_POLL_OUT:
		ev = POLLOUT;
		break;
	case CURL_POLL_INOUT:
		ev = POLLIN | POLLOUT;
		break;
	case CURL_POLL_REMOVE:
	default:
		loop_fd_del(s);
		wfd_del(s);
		return 0;
	}
	wfd_add(s);
	loop_fd_set(s, ev, on_sock, NULL);
	return 0;
}

/* Never calls curl back from here: the loop timer does, later. */
static int
timer_cb(CURLM *m, long timeout_ms, void *userp)
{
	(void)m;
	(void)userp;
	if (timeout_ms < 0)
		loop_timer_cancel(curl_timer);
	else
		loop_timer_in(curl_timer, (double)timeout_ms / 1000.0);
	return 0;
}

static void
on_curl_timer(void *arg)
{
	int running;

	(void)arg;
	if (multi == NULL)
		return;
	curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done();
}

static int
setup(void)
{
	if (curl_load() != 0)
		return ZS_EINVAL;
	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return ZS_ENOMEM;
		curl_ready = true;
	}
	if (curl_timer == NULL &&
	    (curl_timer = loop_timer_new(on_curl_timer, NULL)) == NULL)
		return ZS_ENOMEM;
	if (retry_timer == NULL &&
	    (retry_timer = loop_timer_new(on_retry_timer, NULL)) == NULL)
		return ZS_ENOMEM;
	if (multi == NULL) {
		if ((multi = curl_multi_init()) == NULL)
			return ZS_ENOMEM;
		curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, sock_cb);
		curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	}
	return 0;
}

/* ----------------------------------------------------------------- API */

int
webhook_configure(const struct zs_conf *conf)
{
	struct hook **nv = NULL;
	size_t n = conf != NULL ? conf->nwebhooks : 0, i, k;
	int ret;

	/* No webhook, no libcurl (unless one was configured before). */
	if ((n > 0 || multi != NULL) && (ret = setup()) != 0)
		return ret;
	if (n > 0 && (nv = calloc(n, sizeof(*nv))) == NULL)
		return ZS_ENOMEM;
	for (i = 0; i < n; i++) {
		if ((nv[i] = hook_new(&conf->webhooks[i])) == NULL) {
			while (i-- > 0)
				hook_free(nv[i]);
			free(nv);
			return ZS_ENOMEM;
		}
	}
	/* Nothing can fail from here on. */
	for (i = 0; i < n; i++) {
		for (k = 0; k < nhooks; k++) {
			struct hook *o = hooks[k], *h = nv[i];

			if (o == NULL || strcmp(o->url, h->url) != 0)
				continue;
			/* Keep o and its queue; take the new settings. */
			hook_free_config(o);
			o->url = h->url;
			o->events = h->events;
			o->headers = h->headers;
			o->nheaders = h->nheaders;
			o->timeout = h->timeout;
			h->url = NULL;
			h->headers = NULL;
			h->nheaders = 0;
			hook_free(h);
			nv[i] = o;
			hooks[k] = NULL;
			break;
		}
	}
	for (k = 0; k < nhooks; k++)
		hook_free(hooks[k]);
	free(hooks);
	hooks = nv;
	nhooks = n;
	dispatch_all();
	return 0;
}

void
webhook_emit(const struct zs_event *e)
{
	struct payload *p;
	size_t i;

	if (multi == NULL || nhooks == 0)
		return;
	for (i = 0; i < nhooks; i++)
		if (hooks[i]->events & e->type)
			break;
	if (i == nhooks)
		return;
	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->body = zs_event_json(e)) == NULL ||
	    (p->zone = strdup(e->zone != NULL ? e->zone : "-")) == NULL) {
		log_warnx("%s: webhook event %s lost: out of memory",
		    e->zone != NULL ? e->zone : "-",
		    zs_event_name(e->type) != NULL ?
		    zs_event_name(e->type) : "?");
		if (p != NULL) {
			free(p->body);
			free(p);
		}
		return;
	}
	p->type = e->type;
	p->len = strlen(p->body);
	p->refs = 1;		/* ours, until the loop is done */
	for (; i < nhooks; i++) {
		struct hook *h = hooks[i];
		struct job *j;

		if ((h->events & e->type) == 0)
			continue;
		if ((j = calloc(1, sizeof(*j))) == NULL) {
			log_warnx("%s: webhook %s: event lost: out of memory",
			    p->zone, h->url);
			continue;
		}
		while (h->njobs >= WEBHOOK_QUEUE_MAX)
			hook_drop_oldest(h);
		j->hook = h;
		j->p = p;
		p->refs++;
		TAILQ_INSERT_TAIL(&h->jobs, j, entry);
		h->njobs++;
		stats.queued++;
	}
	payload_unref(p);
	dispatch_all();
}

void
webhook_shutdown(void)
{
	size_t i;

	for (i = 0; i < nhooks; i++)
		hook_free(hooks[i]);
	free(hooks);
	hooks = NULL;
	nhooks = 0;
	if (multi != NULL) {
		curl_multi_cleanup(multi);
		multi = NULL;
	}
	/* Whatever curl closed without telling us. */
	for (i = 0; i < nwfds; i++)
		loop_fd_del(wfds[i]);
	free(wfds);
	wfds = NULL;
	nwfds = wfds_alloc = 0;
	loop_timer_free(curl_timer);
	curl_timer = NULL;
	loop_timer_free(retry_timer);
	retry_timer = NULL;
}

void
webhook_get_stats(struct webhook_stats *st)
{
	*st = stats;
}
