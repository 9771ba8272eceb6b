/*
 * loop.h - the daemon's single poll() loop: file descriptors, timers on
 * the monotonic clock, and signals delivered through a self-pipe.
 *
 * Everything runs in one thread; callbacks must not block.
 */
#ifndef ZS_AGENT_LOOP_H
#define ZS_AGENT_LOOP_H

#include <poll.h>

typedef void (*loop_fd_cb)(int fd, short revents, void *arg);
typedef void (*loop_timer_cb)(void *arg);
typedef void (*loop_signal_cb)(int signo, void *arg);

struct loop_timer;

/* Set up the loop (self-pipe, tables).  Call once before anything else. */
int loop_init(void);

/*
 * Watch fd for events (POLLIN/POLLOUT); calling again for the same fd
 * replaces the events, callback and argument.  events == 0 stops
 * watching (same as loop_fd_del).
 */
void loop_fd_set(int fd, short events, loop_fd_cb cb, void *arg);
void loop_fd_del(int fd);

/* A timer, not armed.  Returns NULL when out of memory. */
struct loop_timer *loop_timer_new(loop_timer_cb cb, void *arg);

/* Arm (or re-arm) to fire at monotonic time `when` (see loop_now()). */
void loop_timer_at(struct loop_timer *t, double when);

/* Arm to fire `secs` seconds from now. */
void loop_timer_in(struct loop_timer *t, double secs);

void loop_timer_cancel(struct loop_timer *t);
int loop_timer_armed(const struct loop_timer *t);

/* When an armed timer fires (monotonic seconds). */
double loop_timer_when(const struct loop_timer *t);

/* Cancel and free; NULL does nothing. */
void loop_timer_free(struct loop_timer *t);

/*
 * Call cb from the loop (never from the handler) when signo arrives.
 * The handler only records the signal and writes a byte to the pipe.
 */
int loop_signal(int signo, loop_signal_cb cb, void *arg);

/*
 * Accept a connection on listening socket lfd, non-blocking and
 * close-on-exec; returns its descriptor or -1.
 */
int loop_accept(int lfd);

/* Monotonic time in seconds, cached per loop iteration. */
double loop_now(void);

/*
 * Re-read the monotonic clock into the cache and return it: the agent's
 * one reader of CLOCK_MONOTONIC, for durations as well as timers.
 */
double loop_update_now(void);

/* Run until loop_stop() is called.  Returns 0. */
int loop_run(void);
void loop_stop(void);

#endif /* ZS_AGENT_LOOP_H */
