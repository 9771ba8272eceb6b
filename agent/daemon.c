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
#include "catz.h"
#include "control.h"
#include "events.h"
#include "include.h"
#include "log.h"
#include "loop.h"
#include "notify.h"
#include "reload.h"
#include "rndcc.h"
#include "sched.h"
#include "sdnotify.h"
#include "zoneio.h"
#include "zones.h"
#include "soa.h"
#include "state.h"
#include "proc.h"
#include "status.h"
#include "strbuf.h"

static const char *conf_path;
static char *pid_path;
static int stopping;
static int background;		/* daemonized: logging defaults to syslog */

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

static void
on_term(int signo, void *arg)
{
	(void)arg;
	if (stopping++) {
		log_warnx("signal %d again: exiting at once", signo);
		_exit(1);
	}
	log_info("signal %d: stopping", signo);
	sdnotify_send("STOPPING=1");
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
	char err[1024];

	(void)signo;
	(void)arg;
	log_cat_info(LOG_CAT_CONFIG, "SIGHUP: re-reading %s", conf_path);
	sdnotify_reloading();
	if ((c = daemon_load_conf(conf_path, 0)) == NULL) {
		log_reopen();
		log_cat_warnx(LOG_CAT_CONFIG, "new configuration refused; "
		    "still running the old one");
		sdnotify_ready();
		return;
	}
	if (log_configure(c, background, err, sizeof(err)) != 0) {
		log_reopen();
		log_cat_warnx(LOG_CAT_CONFIG, "%s; logging keeps the old "
		    "channels", err);
	} else
		log_ready();
	notify_open(c);
	events_configure(c);
	state_configure(c->state_file);
	if (reload_setup(c) != 0)
		log_warnx("out of memory: reloads keep the old settings");
	if (include_configure(c) != 0)
		log_warnx("out of memory: named-include keeps the old "
		    "settings");
	zones_reconfigure(c);
	catz_configure(c);
	sdnotify_ready();
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

/*
 * What a start that failed half-way leaves is removed (fatal() exits
 * through here): our pid file, our control socket.  Never another
 * daemon's: pid_path is set only once the lock is ours.
 */
static void
cleanup(void)
{
	control_close();
	notify_close();
	if (pid_path != NULL) {
		unlink(pid_path);
		free(pid_path);
		pid_path = NULL;
	}
}

#define READY_MARK	"\001zonesyncd-ready\n"

static int ready_fd = -1;		/* the child's end: parent waits */

/*
 * Go to the background without lying about the start: the parent waits
 * until the child has its lock, sockets and user (started_background),
 * copying what the child logs meanwhile to its own stderr, and exits 0
 * only then; if the child dies first, the parent exits 1 having shown
 * why.  Keeps the working directory: relative paths stay valid.
 */
static void
start_background(void)
{
	char buf[512], *mark;
	int p[2], null;
	bool ready = false;
	size_t have = 0;
	pid_t pid;

	if (pipe(p) != 0)
		fatal("pipe");
	if ((pid = fork()) < 0)
		fatal("fork");
	if (pid > 0) {
		ssize_t n;

		close(p[1]);
		for (;;) {
			n = read(p[0], buf + have, sizeof(buf) - 1 - have);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			have += (size_t)n;
			buf[have] = '\0';
			if ((mark = strstr(buf, READY_MARK)) != NULL) {
				/* Lines that came with the mark: show them. */
				(void)!write(STDERR_FILENO, buf,
				    (size_t)(mark - buf));
				ready = true;
				break;
			}
			/* Pass whole lines on; keep a partial one. */
			{
				char *nl = strrchr(buf, '\n');

				if (nl != NULL) {
					size_t k = (size_t)(nl + 1 - buf);

					(void)!write(STDERR_FILENO, buf, k);
					memmove(buf, buf + k, have - k);
					have -= k;
				} else if (have == sizeof(buf) - 1) {
					(void)!write(STDERR_FILENO, buf, have);
					have = 0;
				}
			}
		}
		if (!ready && have > 0)
			(void)!write(STDERR_FILENO, buf, have);
		if (!ready)
			fprintf(stderr, "zonesyncd: the daemon did not start "
			    "(see above)\n");
		_exit(ready ? 0 : 1);
	}
	close(p[0]);
	if (setsid() < 0)
		fatal("setsid");
	if ((null = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
	/* Until ready, log lines go to the waiting parent. */
	dup2(p[1], STDERR_FILENO);
	close(p[1]);
	ready_fd = STDERR_FILENO;
}

/*
 * The background start succeeded: release the parent; the log channels
 * (syslog without a logging statement) no longer copy to its stderr.
 */
static void
started_background(const struct zs_conf *c)
{
	int null;

	(void)c;
	(void)!write(ready_fd, READY_MARK, sizeof(READY_MARK) - 1);
	log_ready();
	if ((null = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0) {
		dup2(null, STDERR_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
	ready_fd = -1;
}

/* The scheduler's observer: webhooks and metrics (agent/events). */
static void
on_event(void *arg, struct zs_event *e)
{
	(void)arg;
	events_emit(e);
	/* A catalog's new file is in place: its members follow it. */
	if (e->type == ZS_EV_ZONE_UPDATED && e->have_new)
		catz_installed(e->zone, e->new_serial);
}

static void
on_change(void *arg)
{
	(void)arg;
	events_changed();
	state_touch();
	sdnotify_status_changed();
}

/* A reconfig for the named-include ended: zones and status hear of it. */
static void
on_include_applied(unsigned gen, bool ok, const struct spawn_result *r)
{
	zones_include_applied(gen, ok, r);
	events_changed();
	state_touch();
}

static void
include_setup(const struct zs_conf *c)
{
	static const struct include_hooks hooks = { zones_include_render,
	    on_include_applied };
	static const struct zones_named named = { include_enabled,
	    include_changed };

	include_init(&hooks);
	if (include_configure(c) != 0)
		fatalx("out of memory");
	zones_set_named(&named);
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

/* What the --once summary line collects from every zone. */
struct once_sum {
	struct zs_strbuf sb;		/* "; not current: a (why), b (why)" */
	size_t zones, current, listed;
};

#define ONCE_LIST_MAX	20	/* zones named in the line; then "N more" */

static void
once_zone(const struct zone_status *st, void *arg)
{
	struct once_sum *os = arg;

	os->zones++;
	if (st->state == Z_OK) {
		os->current++;
		return;
	}
	if (os->listed++ >= ONCE_LIST_MAX)
		return;
	zs_sb_appendf(&os->sb, "%s %s (%s%s%s)", os->listed == 1 ?
	    "; not current:" : ",", st->name, zstate_name(st->state),
	    st->last_error[0] != '\0' ? ": " : "", st->last_error);
}

/*
 * --once ends with one line that names each zone not current and why,
 * so a cron mail or a CI log says what to look at without the status.
 */
static void
once_summary(void)
{
	struct once_sum os = { ZS_STRBUF_INIT, 0, 0, 0 };

	zones_foreach(once_zone, &os);
	if (os.listed > ONCE_LIST_MAX)
		zs_sb_appendf(&os.sb, " and %zu more", os.listed -
		    ONCE_LIST_MAX);
	if (os.current == os.zones)
		log_info("once: %zu zones, all current", os.zones);
	else
		log_warnx("once: %zu zones, %zu current%s", os.zones,
		    os.current, zs_sb_cstr(&os.sb) != NULL ? os.sb.buf :
		    "; not current: (out of memory)");
	zs_sb_free(&os.sb);
}

int
daemon_run(const char *path, int foreground, int once, int verbose,
    const char *pidfile)
{
	static const struct sched_observer observer = { NULL, on_event,
	    on_change };
	struct zs_statefile sf = ZS_STATEFILE_INIT;
	struct sched_io io;
	struct zs_conf *c;
	char err[1024];
	int ret;

	conf_path = path;
	if (once)
		foreground = 1;
	background = !foreground;
	log_init("zonesyncd", 1, LOG_DAEMON);
	log_setverbose(verbose);
	if ((c = daemon_load_conf(path, 0)) == NULL)
		return 1;
	if (log_configure(c, background, err, sizeof(err)) != 0) {
		log_warnx("%s", err);
		zs_conf_free(c);
		return 1;
	}
	if (!foreground)
		start_background();
	atexit(cleanup);
	signal(SIGPIPE, SIG_IGN);
	if (loop_init() != 0 || soa_init() != 0)
		fatalx("cannot set up the event loop");
	loop_signal(SIGTERM, on_term, NULL);
	loop_signal(SIGINT, on_term, NULL);
	loop_signal(SIGHUP, on_hup, NULL);
	loop_signal(SIGUSR1, on_usr1, NULL);
	if (!once)
		sdnotify_init();
	if (pidfile == NULL)
		pidfile = c->pid_file;
	/*
	 * --once takes the lock too: two agents must never write the same
	 * zone files.  It does without a pid file it cannot create.
	 */
	if (pidfile != NULL) {
		long other = 0;

		ret = write_pidfile(pidfile, &other);
		if (ret == -2)
			fatalx("another zonesyncd (pid %ld) holds %s; not "
			    "starting a second one", other, pidfile);
		if (ret == 0)
			pid_path = strdup(pidfile);
		else if (!once)
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
	if (!foreground)
		started_background(c);
	else
		log_ready();
	events_configure(c);
	log_info("starting: %zu zones from %s%s", c->nzones, path,
	    once ? " (one check of every zone)" : "");
	zoneio_get(&io);
	sched_init(&io, &observer, once != 0);
	include_setup(c);
	state_load(c->state_file, &sf);
	state_configure(c->state_file);
	zones_start(c, pid_path == NULL, &sf);
	catz_configure(c);
	zs_statefile_free(&sf);
	/* Config loaded, sockets bound, user dropped, zones known. */
	sdnotify_ready();
	if (once && c->nzones == 0)
		loop_stop();
	loop_run();
	ret = once ? sched_once_status() : 0;
	if (once)
		once_summary();
	state_flush();
	events_shutdown();
	include_shutdown();
	zones_stop();
	catz_shutdown();
	zoneio_shutdown();
	spawn_kill_all();
	rndcc_shutdown();
	soa_shutdown();
	control_close();
	notify_close();
	sdnotify_close();
	cleanup();
	log_info("stopped");
	return ret;
}

char *
agent_read_file(const char *path, size_t *lenp)
{
	FILE *fp = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int saved;

	if (fp == NULL)
		return NULL;
	for (;;) {
		if (cap - len < 65536) {
			char *p = realloc(buf, cap + 65536 + 1);

			if (p == NULL) {
				saved = errno;
				free(buf);
				fclose(fp);
				errno = saved;
				return NULL;
			}
			buf = p;
			cap += 65536;
		}
		if ((n = fread(buf + len, 1, cap - len, fp)) == 0)
			break;
		len += n;
	}
	saved = ferror(fp) ? EIO : 0;
	fclose(fp);
	if (saved != 0) {
		free(buf);
		errno = saved;
		return NULL;
	}
	buf[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return buf;
}

/*
 * The control socket for a client command: -S, else the config's, else
 * (the config does not parse: an edit half done) the default one, with a
 * warning: the CLI must not die with the config while the daemon runs.
 */
static char *
client_socket(const char *path, const char *sock)
{
	struct zs_conf *c = NULL;
	char err[1024], *s;

	if (sock != NULL)
		return strdup(sock);
	if (zs_conf_load(path, &c, err, sizeof(err)) != 0) {
		fprintf(stderr, "zonesyncd: warning: %s\nzonesyncd: warning: "
		    "the config does not parse; trying the control socket at "
		    "%s (-S SOCKET names another)\n", err,
		    ZS_CONF_CONTROL_SOCKET);
		return strdup(ZS_CONF_CONTROL_SOCKET);
	}
	s = strdup(c->control_socket);
	zs_conf_free(c);
	return s;
}

int
daemon_status(const char *path, int json, const char *sock)
{
	char *spath, *reply = NULL, *body;
	int ret;

	log_init("zonesyncd", 1, LOG_DAEMON);
	if ((spath = client_socket(path, sock)) == NULL)
		return 1;
	ret = control_fetch(spath, "status", &reply);
	free(spath);
	if (ret != 0)
		return ret;
	if (strncmp(reply, "ok json\n", 8) != 0) {
		fprintf(stderr, "zonesyncd: %s", strncmp(reply, "error ", 6) ==
		    0 ? reply + 6 : reply);
		free(reply);
		return 1;
	}
	body = reply + 8;
	if (json)
		fputs(body, stdout);
	else if (status_print_table(body, stdout) != 0) {
		fprintf(stderr, "zonesyncd: the daemon's status is not a status "
		    "document\n");
		free(reply);
		return 1;
	}
	free(reply);
	return 0;
}

int
daemon_control(const char *path, const char *cmd, const char *zone,
    const char *sock)
{
	char req[1200], *spath;
	int ret;

	log_init("zonesyncd", 1, LOG_DAEMON);
	if ((spath = client_socket(path, sock)) == NULL)
		return 1;
	snprintf(req, sizeof(req), "%s %s", cmd, zone);
	ret = control_request(spath, req);
	free(spath);
	return ret;
}
