/*
 * sched_verify.c - what the local named serves, as the refresh state
 * machine sees it: polling verify-server after a reload until it serves
 * the new serial, the start-up and periodic checks between rounds, and
 * the errors (with what to do) and recoveries they find.
 */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "log.h"
#include "msg.h"
#include "schedint.h"
#include "zonefile.h"

/*
 * The next check of what named serves: every verify-interval (spread
 * like the refreshes), or within SERVED_AGAIN while it does not serve the
 * zone, so a fixed named reads "ok" again by itself.
 */
void
sc_arm_served(struct szone *z, bool soon)
{
	double iv;

	if (sc_conf == NULL || !sc_conf->has_verify)
		return;
	iv = sc_conf->verify_interval;
	if (soon && (iv == 0 || iv > SERVED_AGAIN))
		iv = SERVED_AGAIN;
	if (iv == 0) {
		sc_timer_cancel(z, T_VERIFY);
		return;
	}
	sc_timer_in(z, T_VERIFY, iv - iv * 0.25 * sc_io.random(sc_io.ctx));
}

/* Errors about what named serves (vs about what the primary sent). */
bool
sc_served_err(enum sched_err k)
{
	return k == E_NOT_SERVED || k == E_VERIFY || k == E_VERIFY_WAIT ||
	    k == E_RELOAD || k == E_RELOAD_QUEUE || k == E_RELOAD_EXPAND;
}

bool
sc_served_ok(const struct szone *z)
{
	return z->served.have && z->served.serial == z->local.serial;
}

/* named serves the file's serial again: say so if it did not. */
void
sc_recovered(struct szone *z)
{
	enum sched_err k = z->err.kind;

	z->reload_tries = 0;
	sc_timer_cancel(z, T_RELOAD);
	if (k != E_NOT_SERVED && k != E_VERIFY && k != E_RELOAD)
		return;
	z->streak_n = 0;		/* said below, with what recovered */
	sc_clear_error(z);
	log_info("%s: named serves serial %u again; recovered", z->name,
	    z->local.serial);
	sc_emit(z, ZS_EV_ZONE_RECOVERED, false, 0, NULL, 0);
	sc_changed();
}

/*
 * Ask verify-server for the zone's SOA.  False when the query could not
 * be sent: fail then holds the failure to report in place of an answer.
 */
static bool
sc_ask_named(struct szone *z, struct soa_result *fail)
{
	if (sc_io.soa_query(sc_io.ctx, z, &sc_conf->verify_server, true) == 0)
		return true;
	memset(fail, 0, sizeof(*fail));
	fail->err = ZS_EINVAL;
	snprintf(fail->errtext, sizeof(fail->errtext), "cannot send a query");
	return false;
}

void
sc_verify_query(struct szone *z)
{
	struct soa_result r;

	if (!sc_ask_named(z, &r))
		sc_on_verify(z, &r);
}

void
sc_on_verify(struct szone *z, const struct soa_result *r)
{
	struct sched_error *e;

	if (r->err == 0) {
		sc_soa_learn(&z->served, &r->soa);
		if (r->soa.serial == z->local.serial) {
			log_info("%s: named serves serial %u (seen %.3f s after "
			    "the reload started)", z->name,
			    r->soa.serial, sc_now() - z->reload_start);
			z->reload_pending = false;
			sc_recovered(z);
			sc_clear_error(z);
			sc_arm_served(z, false);
			sc_round_end(z, true);
			return;
		}
	}
	/*
	 * The reload for many zones succeeds whatever each zone's load
	 * does; reloading this zone alone makes named say why it refused it
	 * ("too many records") within a second, not at verify-timeout.
	 */
	if (z->reload_coalesced && !z->reload_own &&
	    sc_now() - z->reload_start >= z->own_reload_after) {
		z->reload_own = true;
		sc_do_reload(z);
		return;
	}
	if (sc_now() < z->verify_until) {
		/*
		 * named may still be loading a big zone, or may have refused
		 * it (rndc reload exits 0 either way): say which we wait for.
		 */
		e = sc_set_error(z, E_VERIFY_WAIT);
		e->serial = z->local.serial;
		e->have_other = r->err == 0;
		e->other = r->soa.serial;
		sc_set_detail(z, "%s", r->errtext);
		z->err_logged = true;	/* progress, not a failure */
		sc_timer_in(z, T_VERIFY, z->verify_wait);
		if (z->verify_wait < 2.0)
			z->verify_wait *= 2;
		sc_changed();
		return;
	}
	e = sc_set_error(z, E_VERIFY);
	sc_srv_text(&sc_conf->verify_server, e->peer, sizeof(e->peer));
	e->n1 = sc_conf->verify_timeout;
	e->serial = z->local.serial;
	e->have_other = r->err == 0;
	e->other = r->soa.serial;
	sc_set_detail(z, "%s", r->errtext);
	sc_emit(z, ZS_EV_VERIFY_FAILED, false, 0, NULL, 0);
	sc_arm_served(z, true);
	sc_round_end(z, false);
}

/*
 * What a check found named serving, as a fact about the zone: "ok" needs
 * the file's serial; anything else is an error that says what to do, and
 * is said once (again only when the reason changes).
 */
static void
sc_judge_served(struct szone *z, const struct soa_result *r)
{
	const char *file = z->cz->file, *why;
	/* A raw file needs saying so (its format error reads oddly). */
	const char *fmt = z->disk_format == ZS_ZONEFILE_RAW ? " -f raw" : "";
	struct sched_error *e;
	char detail[sizeof(z->err.detail)], srv[ZS_ADDR_TEXTLEN];
	bool was;

	if (r->err == 0)
		sc_soa_learn(&z->served, &r->soa);
	if (r->err == 0 && r->soa.serial == z->local.serial) {
		sc_arm_served(z, false);
		z->reload_pending = false;
		sc_recovered(z);
		return;
	}
	sc_arm_served(z, true);
	/*
	 * named down after a failed reload: the reload's error says more.
	 * named up but without the zone: the hint below says more.
	 */
	if (z->err.kind == E_RELOAD && r->err != ZS_ERCODE &&
	    r->err != SOA_ENOTAUTH && r->err != 0)
		return;
	if (r->err == 0)
		snprintf(detail, sizeof(detail), "serves serial %u, not the "
		    "file's %u: it did not load the file; `named-checkzone%s -i "
		    "local %s %s` shows why", r->soa.serial, z->local.serial,
		    fmt, z->name, file);
	else if (r->err == ZS_ERCODE && r->rcode == ZS_RCODE_SERVFAIL)
		snprintf(detail, sizeof(detail), "answers SERVFAIL: its load "
		    "of the file failed; `named-checkzone%s -i local %s %s` "
		    "shows why", fmt, z->name, file);
	else if ((r->err == ZS_ERCODE && (r->rcode == ZS_RCODE_REFUSED ||
	    r->rcode == ZS_RCODE_NOTAUTH || r->rcode == ZS_RCODE_NXDOMAIN)) ||
	    r->err == SOA_ENOTAUTH) {
		why = r->err == SOA_ENOTAUTH ? "its answer is not authoritative"
		    : zs_rcode_name(r->rcode);
		snprintf(detail, sizeof(detail), "does not have this zone (%s): "
		    "%s", why, sc_conf->named_include != NULL ? "is the "
		    "named-include file included in named.conf (in the view "
		    "that answers)?" : "add a zone statement for it (see "
		    "contrib/named.conf.snippet)");
	} else if (r->err == ZS_ERCODE)
		snprintf(detail, sizeof(detail), "answers %s for the zone",
		    zs_rcode_name(r->rcode));
	else
		snprintf(detail, sizeof(detail), "does not answer (%s): is it "
		    "running?", r->errtext);
	if (z->err.kind == E_NOT_SERVED && strcmp(z->err.detail, detail) == 0)
		return;
	was = z->err.kind == E_NOT_SERVED || z->err.kind == E_VERIFY ||
	    z->err.kind == E_RELOAD;
	e = sc_set_error(z, E_NOT_SERVED);
	sc_srv_text(&sc_conf->verify_server, srv, sizeof(srv));
	snprintf(e->peer, sizeof(e->peer), "%s", srv);
	e->serial = z->local.serial;
	e->have_other = r->err == 0;
	e->other = r->soa.serial;
	snprintf(e->detail, sizeof(e->detail), "%s", detail);
	sc_log_error(z);
	if (!was)
		sc_emit(z, ZS_EV_VERIFY_FAILED, false, 0, NULL, 0);
}

/* Ask named what it serves (in_round: as the end of an SOA round). */
void
sc_served_check(struct szone *z, bool in_round)
{
	struct soa_result r;

	z->served_in_round = in_round;
	z->phase = P_SERVED;
	if (!sc_ask_named(z, &r))
		sc_on_served(z, &r);
}

void
sc_on_served(struct szone *z, const struct soa_result *r)
{
	sc_judge_served(z, r);
	if (z->served_in_round) {
		sc_round_end(z, true);
		return;
	}
	z->phase = P_IDLE;
	if (z->again) {
		z->again = false;
		sc_round_start(z);
	}
	sc_changed();
}

