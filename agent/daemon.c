/*
 * daemon.c - zonesyncd's lifecycle: config, daemonizing, privileges,
 * signals, and the `status` client.
 */
#define _GNU_SOURCE	/* setresuid, setresgid */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "conf.h"
#include "control.h"
#include "events.h"
#include "log.h"
#include "loop.h"
#include "notify.h"
#include "reload.h"
#include "rndcc.h"
#include "sched.h"
#include "zoneio.h"
#include "zones.h"
#include "soa.h"
#include "proc.h"
#include "status.h"

static const char *conf_path;
static char *pid_path;
static int stopping;

struct zs_conf *
daemon_load_conf(const char *path, int quiet)
{
	struct zs_conf *c = NULL;
	char err[1024];

	if (zs_conf_load(path, &c, err, sizeof(err)) != 0) {
		if (!quiet)
			log_warnx("%s", err);
		return NULL;
	}
	return c;
}

static int
facility(const char *name)
{
	static const struct { const char *n; int f; } tab[] = {
		{ "daemon", LOG_DAEMON }, { "user", LOG_USER },
		{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 },
		{ "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 },
		{ "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
		{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 },
	};
	size_t i;

	for (i = 0; name != NULL && i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcasecmp(name, tab[i].n) == 0)
			return tab[i].f;
	return LOG_DAEMON;
}

static void
on_term(int signo, void *arg)
{
	(void)arg;
	if (stopping++) {
		log_warnx("signal %d again: exiting at once", signo);
		_exit(1);
	}
	log_info("signal %d: stopping", signo);
	loop_stop();
}

/* The reload settings of c: its all-zones command and rndc-server. */
static int
reload_setup(const struct zs_conf *c)
{
	return reload_configure(c->reload_all_argv, c->has_rndc ?
	    &c->rndc_server : NULL, RELOAD_TIMEOUT, 2);
}

static void
on_hup(int signo, void *arg)
{
	struct zs_conf *c;

	(void)signo;
	(void)arg;
	log_info("SIGHUP: re-reading %s", conf_path);
	if ((c = daemon_load_conf(conf_path, 0)) == NULL) {
		log_warnx("new configuration refused; still running the old "
		    "one");
		return;
	}
	notify_open(c);
	events_configure(c);
	if (reload_setup(c) != 0)
		log_warnx("out of memory: reloads keep the old settings");
	zones_reconfigure(c);
}

static void
on_usr1(int signo, void *arg)
{
	const char *path = zones_conf()->status_file;

	(void)signo;
	(void)arg;
	status_log_summary();
	if (path != NULL && status_write(path) != 0)
		log_warn("status-file %s", path);
}

/* The scheduler's observer: webhooks and metrics (agent/events). */
static void
on_event(void *arg, struct zs_event *e)
{
	(void)arg;
	events_emit(e);
}

static void
on_change(void *arg)
{
	(void)arg;
	events_changed();
}

/*
 * Write and lock the pid file; the lock, held until exit, is what keeps
 * a second instance off the same pid file.  Returns 0, -1 with errno, or
 * -2 when another process holds the lock (its pid in *other).
 */
static int
write_pidfile(const char *path, long *other)
{
	struct flock fl;
	char buf[32];
	int fd, n;

	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
		return -1;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) != 0) {
		n = (int)read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		*other = strtol(buf, NULL, 10);
		close(fd);
		return -2;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || write(fd, buf, (size_t)n) != n) {
		close(fd);
		return -1;
	}
	/* Keep fd (and the lock) open until exit. */
	return 0;
}

static void
drop_privileges(const char *user)
{
	struct passwd *pw;

	if (user == NULL || geteuid() != 0)
		return;
	if ((pw = getpwnam(user)) == NULL)
		fatalx("user %s: no such user", user);
	control_chown(pw->pw_uid, pw->pw_gid);
	if (pid_path != NULL && chown(pid_path, pw->pw_uid, pw->pw_gid) != 0)
		log_warn("chown %s", pid_path);
	if (setgroups(1, &pw->pw_gid) != 0)
		fatal("setgroups");
	if (setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) != 0)
		fatal("setresgid");
	if (setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) != 0)
		fatal("setresuid");
	if (setuid(0) == 0)
		fatalx("could still regain root after dropping to %s", user);
	log_debug("running as %s", user);
}

int
daemon_run(const char *path, int foreground, int once, int verbose,
    const char *pidfile)
{
	static const struct sched_observer observer = { NULL, on_event,
	    on_change };
	struct sched_io io;
	struct zs_conf *c;
	int ret;

	conf_path = path;
	if (once)
		foreground = 1;
	log_init("zonesyncd", 1, LOG_DAEMON);
	log_setverbose(verbose);
	if ((c = daemon_load_conf(path, 0)) == NULL)
		return 1;
	if (!foreground) {
		/* Keep the working directory: relative paths stay valid. */
		if (daemon(1, 0) != 0)
			fatal("daemon");
		log_init("zonesyncd", 0, facility(c->syslog_facility));
	}
	signal(SIGPIPE, SIG_IGN);
	if (loop_init() != 0 || soa_init() != 0)
		fatalx("cannot set up the event loop");
	loop_signal(SIGTERM, on_term, NULL);
	loop_signal(SIGINT, on_term, NULL);
	loop_signal(SIGHUP, on_hup, NULL);
	loop_signal(SIGUSR1, on_usr1, NULL);
	if (pidfile == NULL)
		pidfile = c->pid_file;
	if (!once && pidfile != NULL) {
		long other = 0;

		ret = write_pidfile(pidfile, &other);
		if (ret == -2)
			fatalx("another zonesyncd (pid %ld) holds %s; not "
			    "starting a second one", other, pidfile);
		if (ret == 0)
			pid_path = strdup(pidfile);
		else
			log_warn("pid-file %s (zonesyncd status will not find "
			    "this daemon)", pidfile);
	}
	if (!once && c->control_socket != NULL &&
	    control_open(c->control_socket) == -2)
		fatalx("control-socket %s: another zonesyncd answers there; not "
		    "starting a second one", c->control_socket);
	if (!once && notify_open(c) != 0)
		fatalx("cannot listen for NOTIFY; see above");
	drop_privileges(c->user);
	if (reload_setup(c) != 0)
		fatalx("out of memory");
	events_configure(c);
	log_info("starting: %zu zones from %s%s", c->nzones, path,
	    once ? " (one check of every zone)" : "");
	zoneio_get(&io);
	sched_init(&io, &observer, once != 0);
	zones_start(c, once != 0);
	if (once && c->nzones == 0)
		loop_stop();
	loop_run();
	ret = once ? sched_once_status() : 0;
	events_shutdown();
	zones_stop();
	zoneio_shutdown();
	spawn_kill_all();
	rndcc_shutdown();
	soa_shutdown();
	control_close();
	notify_close();
	if (pid_path != NULL)
		unlink(pid_path);
	log_info("stopped");
	return ret;
}

/* Read a small file whole (the status JSON); NULL on error. */
static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (fp == NULL)
		return NULL;
	for (;;) {
		if (cap - len < 65536) {
			char *p = realloc(buf, cap + 65536 + 1);

			if (p == NULL)
				break;
			buf = p;
			cap += 65536;
		}
		if ((n = fread(buf + len, 1, cap - len, fp)) == 0)
			break;
		len += n;
	}
	fclose(fp);
	if (buf != NULL)
		buf[len] = '\0';
	return buf;
}

int
daemon_status(const char *path, int json)
{
	struct zs_conf *c;
	struct stat st0, st;
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	char *pidtext, *text;
	long pid;
	int i, ret = 1;

	log_init("zonesyncd", 1, LOG_DAEMON);
	if ((c = daemon_load_conf(path, 0)) == NULL)
		return 1;
	if (c->pid_file == NULL || (pidtext = slurp(c->pid_file)) == NULL) {
		fprintf(stderr, "zonesyncd: cannot read pid-file %s: %s (is "
		    "zonesyncd running?)\n", c->pid_file != NULL ?
		    c->pid_file : "(none)", strerror(errno));
		goto out;
	}
	pid = strtol(pidtext, NULL, 10);
	free(pidtext);
	if (pid <= 0 || kill((pid_t)pid, 0) != 0) {
		fprintf(stderr, "zonesyncd: no daemon running with pid %ld "
		    "(from %s)\n", pid, c->pid_file);
		goto out;
	}
	if (stat(c->status_file, &st0) != 0)
		memset(&st0, 0, sizeof(st0));
	if (kill((pid_t)pid, SIGUSR1) != 0) {
		fprintf(stderr, "zonesyncd: cannot signal pid %ld: %s\n", pid,
		    strerror(errno));
		goto out;
	}
	/* Wait up to 10 s for a status file newer than the one we saw. */
	for (i = 0; i < 500; i++) {
		nanosleep(&ts, NULL);
		if (stat(c->status_file, &st) == 0 &&
		    (st.st_ino != st0.st_ino ||
		    st.st_mtim.tv_sec != st0.st_mtim.tv_sec ||
		    st.st_mtim.tv_nsec != st0.st_mtim.tv_nsec))
			break;
	}
	if (i == 500) {
		fprintf(stderr, "zonesyncd: pid %ld did not write %s\n", pid,
		    c->status_file);
		goto out;
	}
	if ((text = slurp(c->status_file)) == NULL) {
		fprintf(stderr, "zonesyncd: %s: %s\n", c->status_file,
		    strerror(errno));
		goto out;
	}
	if (json)
		fputs(text, stdout);
	else if (status_print_table(text, stdout) != 0) {
		fprintf(stderr, "zonesyncd: %s is not a status file\n",
		    c->status_file);
		free(text);
		goto out;
	}
	free(text);
	ret = 0;
out:
	zs_conf_free(c);
	return ret;
}

int
daemon_control(const char *path, const char *cmd, const char *zone)
{
	struct zs_conf *c;
	char req[1200];
	int ret;

	log_init("zonesyncd", 1, LOG_DAEMON);
	if ((c = daemon_load_conf(path, 0)) == NULL)
		return 1;
	snprintf(req, sizeof(req), "%s %s", cmd, zone);
	ret = control_request(c->control_socket, req);
	zs_conf_free(c);
	return ret;
}
