/*
 * status.h - the status report: JSON file on SIGUSR1, one-line summary,
 * and the table `zonesyncd status` prints.
 */
#ifndef ZS_AGENT_STATUS_H
#define ZS_AGENT_STATUS_H

#include <stdio.h>

/*
 * Write the status of every zone as JSON to path, atomically (temporary
 * file and rename).  Returns 0 or -1 with errno set.
 */
int status_write(const char *path);

/*
 * The same document as text, for the control socket's "status" (free it
 * with free()); NULL when out of memory.
 */
char *status_text(void);

/*
 * Fill buf with "N zones: a ok, b retrying, ..." (zero counts left out;
 * "N zones" alone when there are none), truncated to len.
 */
void status_summary(char *buf, size_t len);

/* Log "status: " and the summary above. */
void status_log_summary(void);

/*
 * Print a status JSON document (as written by status_write) as a table.
 * Returns 0, or -1 when the text is not a status document.
 */
int status_print_table(const char *json_text, FILE *fp);

#endif /* ZS_AGENT_STATUS_H */
