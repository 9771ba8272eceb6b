/*
 * sdnotify.h - tells systemd (Type=notify) how the daemon is doing, with
 * the sd_notify datagram protocol and no libsystemd.
 */
#ifndef ZS_AGENT_SDNOTIFY_H
#define ZS_AGENT_SDNOTIFY_H

/*
 * Open the socket NOTIFY_SOCKET names (a path, or an abstract socket when
 * it starts with '@') and unset the variable, so that no child (rndc,
 * check-command) speaks for the daemon.  Without NOTIFY_SOCKET, or when
 * it is unusable (logged), every other call here does nothing.
 */
void sdnotify_init(void);

/*
 * Send one message, such as "READY=1" or "STOPPING=1" (several
 * assignments separated by newlines).  Failures are logged once.
 */
void sdnotify_send(const char *msg);

/* "READY=1" together with the current STATUS= line. */
void sdnotify_ready(void);

/* "RELOADING=1" with MONOTONIC_USEC=, as systemd wants for a reload. */
void sdnotify_reloading(void);

/*
 * A zone's state may have changed: send STATUS= with the new summary,
 * at most once every few seconds and only when the text changed.
 */
void sdnotify_status_changed(void);

/* Close the socket and free the timer. */
void sdnotify_close(void);

#endif /* ZS_AGENT_SDNOTIFY_H */
