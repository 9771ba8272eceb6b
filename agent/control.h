/*
 * control.h - the local control socket (`zonesyncd refresh ZONE`,
 * `zonesyncd retransfer ZONE`), like rndc but for the agent.
 *
 * A Unix stream socket, mode 0600, owned by the agent's user; the server
 * also checks the peer's credentials (SO_PEERCRED): only that user and
 * root are served.  One request line, one reply line:
 *   "refresh ZONE" | "retransfer ZONE" | "retransfer-force ZONE" | "ping"
 *   -> "ok ..." or "error ..."
 * except "status", answered "ok json" and the status document (the
 * status-file's JSON) on the lines after it.
 */
#ifndef ZS_AGENT_CONTROL_H
#define ZS_AGENT_CONTROL_H

#include <sys/types.h>

/*
 * Bind and listen at path, replacing a stale socket.  Returns 0, -1 on
 * error (logged), or -2 when another process answers on path.
 */
int control_open(const char *path);

/* chown the socket to the user the daemon will run as. */
int control_chown(uid_t uid, gid_t gid);

/* Stop listening and unlink the socket. */
void control_close(void);

/*
 * Client side: send one request and print the reply.  Returns the exit
 * status for the command (0 ok, 1 error reply, 3 daemon not reachable).
 */
int control_request(const char *path, const char *request);

/*
 * Client side: send one request and return the whole reply, however long
 * (NUL-terminated, free it), in *reply.  Returns 0, or 3 when the daemon
 * cannot be reached or says nothing (said on stderr).
 */
int control_fetch(const char *path, const char *request, char **reply);

#endif /* ZS_AGENT_CONTROL_H */
