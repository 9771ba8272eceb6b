/*
 * proc.h - run external programs (rndc, named-checkzone) without a shell
 * and without blocking the loop.
 *
 * fork + execvp with an argv array.  The child gets stdin from /dev/null,
 * stdout and stderr on one pipe that the loop reads (the last
 * SPAWN_OUTPUT_MAX - 1 bytes are kept), its own process group (so a
 * timeout kill reaches its children too), default signal dispositions and
 * an empty signal mask, and no inherited descriptors above 2.  Children
 * are reaped through loop_signal(SIGCHLD) with waitpid(pid, WNOHANG) for
 * each of our own PIDs only.
 */
#ifndef ZS_AGENT_PROC_H
#define ZS_AGENT_PROC_H

#define SPAWN_OUTPUT_MAX	2048
#define SPAWN_KILL_GRACE	2.0	/* seconds from SIGTERM to SIGKILL */

struct spawn_result {
	int exited;		/* child called exit (status is valid) */
	int status;		/* exit status when exited */
	int signaled;		/* child died of a signal */
	int signo;		/* that signal */
	int timed_out;		/* we killed it after timeout_secs */
	int exec_failed;	/* errno of a failed execvp (0 if it ran);
				 * then exited = 1, status = 127 */
	char output[SPAWN_OUTPUT_MAX];	/* last bytes of stdout+stderr, NUL-
					 * terminated */
	double secs;		/* wall time from fork to the result */
};

/* r is borrowed for the duration of the call. */
typedef void (*spawn_cb)(void *arg, const struct spawn_result *r);

/*
 * Start argv[0] (looked up in PATH unless it has a '/') with argv
 * (NULL-terminated; copied by the fork, not retained).  timeout_secs > 0
 * kills the process group with SIGTERM after that long and with SIGKILL
 * SPAWN_KILL_GRACE seconds later; <= 0 means no timeout.  Needs
 * loop_init() first (installs the SIGCHLD handler on the first call).
 *
 * Returns 0, and then cb is called exactly once, from the loop (never
 * from inside spawn_run), after the child was reaped AND its output pipe
 * reached EOF -- or, if something else keeps the pipe open, at most
 * SPAWN_KILL_GRACE seconds after the child was reaped.  Returns
 * ZS_EINVAL, or a negated errno of pipe/fork (ZS_ENOMEM, -EAGAIN), and
 * then cb is never called.
 */
int spawn_run(char *const argv[], double timeout_secs, spawn_cb cb,
    void *arg);

/* Children started and not yet reported. */
int spawn_running(void);

/*
 * For shutdown: SIGKILL every child's process group, reap them (this
 * waits, briefly, for the kernel to finish them), close the pipes and
 * forget them.  No spawn_cb is called for them, now or later.
 */
void spawn_kill_all(void);

#endif /* ZS_AGENT_PROC_H */
