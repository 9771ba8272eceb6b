/*
 * agent.h - small helpers shared by the agent's files.
 */
#ifndef ZS_AGENT_H
#define ZS_AGENT_H

/* Monotonic clock in seconds. */
double agent_now(void);

int cmd_xfr(int argc, char **argv);

#endif /* ZS_AGENT_H */
