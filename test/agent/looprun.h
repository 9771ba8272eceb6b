/*
 * looprun.h - run the agent's loop until enough callbacks came in, for
 * the standalone agent tests (t_soa, t_spawn).  A callback does got++ and
 * loop_stop() once got >= goal; a guard timer bounds every wait.
 */
#ifndef ZS_TEST_AGENT_LOOPRUN_H
#define ZS_TEST_AGENT_LOOPRUN_H

#include <stdio.h>

#include "loop.h"

static int goal, got;
static struct loop_timer *guard;

static void
on_guard(void *arg)
{
	(void)arg;
	printf("# guard timer fired: stopping the loop\n");
	loop_stop();
}

/* Run the loop until `want` results came in or `secs` passed. */
static int
run_until(int want, double secs)
{
	goal = want;
	if (got >= goal)
		return 1;
	loop_timer_in(guard, secs);
	loop_run();
	loop_timer_cancel(guard);
	return got >= goal;
}

#endif /* ZS_TEST_AGENT_LOOPRUN_H */
