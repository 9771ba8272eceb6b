/*
 * sched_err.c - the refresh state machine's error classes as text: one
 * place turns a class and its facts into the log line and status field.
 */
#include <stdio.h>

#include "err.h"
#include "sched.h"

bool
sched_err_hard(enum sched_err kind)
{
	switch (kind) {
	case E_SERIAL_OLDER:
	case E_SHRINK:
	case E_CHECK:
	case E_INSTALL:
	case E_RELOAD_EXPAND:
	case E_RELOAD_QUEUE:
	case E_RELOAD:
	case E_VERIFY:
	case E_NOT_SERVED:
		return true;
	default:
		return false;
	}
}

const char *
sched_error_text(const struct sched_error *e, const char *zone, char *buf,
    size_t len)
{
	char kept[32];

	if (e->have_other)
		snprintf(kept, sizeof(kept), "keeping serial %u", e->other);
	else
		snprintf(kept, sizeof(kept), "nothing installed yet");
	switch (e->kind) {
	case E_NONE:
		snprintf(buf, len, "%s", "");
		break;
	case E_SOA_SEND:
		snprintf(buf, len, "cannot query the SOA: %s",
		    zs_strerror(e->code));
		break;
	case E_SOA:
		snprintf(buf, len, "SOA query to %s failed: %s", e->peer,
		    e->detail);
		break;
	case E_SERIAL_OLDER:
		snprintf(buf, len, "serial %u at %s is not newer than ours "
		    "(%u, RFC 1982); keeping ours (`zonesyncd retransfer %s` "
		    "takes the primary's)", e->serial, e->peer, e->other, zone);
		break;
	case E_XFR:
		snprintf(buf, len, "transfer from %s failed: %s", e->peer,
		    e->detail);
		break;
	case E_SHRINK:
		snprintf(buf, len, "serial %u would shrink the zone from %llu "
		    "to %llu records, more than max-shrink-percent %u%%; "
		    "keeping serial %u (`zonesyncd retransfer --force %s` "
		    "installs it)", e->serial, (unsigned long long)e->n1,
		    (unsigned long long)e->n2, e->pct, e->other, zone);
		break;
	case E_CHECK:
		snprintf(buf, len, "check-command refused serial %u (%s); %s: "
		    "%s", e->serial, e->peer, kept, e->detail);
		break;
	case E_INSTALL:
		snprintf(buf, len, "cannot install %s: %s", e->detail,
		    zs_strerror(e->code));
		break;
	case E_RELOAD_EXPAND:
		snprintf(buf, len, "cannot expand reload-command");
		break;
	case E_RELOAD_QUEUE:
		snprintf(buf, len, "cannot queue the reload");
		break;
	case E_RELOAD:
		if (e->code == 1)
			snprintf(buf, len, "reconfig failed (%s), named does "
			    "not have the zone yet (named-include): %s",
			    e->peer, e->detail);
		else
			snprintf(buf, len, "reload failed (%s), named may "
			    "still serve serial %u's predecessor: %s", e->peer,
			    e->serial, e->detail);
		break;
	case E_VERIFY_WAIT:
		if (e->have_other)
			snprintf(buf, len, "waiting for named to serve serial "
			    "%u (it serves %u)", e->serial, e->other);
		else
			snprintf(buf, len, "waiting for named to serve serial "
			    "%u (%s)", e->serial, e->detail);
		break;
	case E_VERIFY:
		if (e->have_other)
			snprintf(buf, len, "named at %s serves serial %u, not "
			    "%u, %llu s after the reload; see named's log",
			    e->peer, e->other, e->serial,
			    (unsigned long long)e->n1);
		else
			snprintf(buf, len, "named at %s does not serve serial "
			    "%u: %s; see named's log", e->peer, e->serial,
			    e->detail);
		break;
	case E_NOT_SERVED:
		snprintf(buf, len, "named at %s %s", e->peer, e->detail);
		break;
	}
	return buf;
}
