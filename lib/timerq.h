/*
 * timerq.h - min-heap of deadlines, for the poll loop's timeout.
 *
 * Entries are embedded in the caller's objects (intrusive), so arming and
 * cancelling never allocate once the heap has grown; both are O(log n).
 */
#ifndef ZS_TIMERQ_H
#define ZS_TIMERQ_H

#include <stddef.h>

struct zs_tq_entry {
	double when;		/* deadline (any monotonic unit) */
	size_t idx;		/* position in the heap, or ZS_TQ_NONE */
};

#define ZS_TQ_NONE	((size_t)-1)
#define ZS_TQ_ENTRY_INIT { 0, ZS_TQ_NONE }

struct zs_timerq {
	struct zs_tq_entry **heap;	/* owned array of borrowed entries */
	size_t n;
	size_t cap;
};

#define ZS_TIMERQ_INIT { NULL, 0, 0 }

/*
 * Insert e with deadline when, or move it if already queued.  Borrows e
 * until it is removed or popped.  Returns 0 or ZS_ENOMEM.
 */
int zs_timerq_set(struct zs_timerq *q, struct zs_tq_entry *e, double when);

/* Remove e if queued; otherwise do nothing. */
void zs_timerq_remove(struct zs_timerq *q, struct zs_tq_entry *e);

/* Earliest entry or NULL. */
struct zs_tq_entry *zs_timerq_peek(const struct zs_timerq *q);

/* Remove and return the earliest entry, or NULL. */
struct zs_tq_entry *zs_timerq_pop(struct zs_timerq *q);

/* Free the heap array (entries belong to their owners). */
void zs_timerq_clear(struct zs_timerq *q);

#endif /* ZS_TIMERQ_H */
