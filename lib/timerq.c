/*
 * timerq.c - binary min-heap of deadlines with back-indices.
 */
#include <stdlib.h>

#include "err.h"
#include "timerq.h"

static void
place(struct zs_timerq *q, size_t i, struct zs_tq_entry *e)
{
	q->heap[i] = e;
	e->idx = i;
}

static void
sift_up(struct zs_timerq *q, size_t i)
{
	struct zs_tq_entry *e = q->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (q->heap[parent]->when <= e->when)
			break;
		place(q, i, q->heap[parent]);
		i = parent;
	}
	place(q, i, e);
}

static void
sift_down(struct zs_timerq *q, size_t i)
{
	struct zs_tq_entry *e = q->heap[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= q->n)
			break;
		if (c + 1 < q->n && q->heap[c + 1]->when < q->heap[c]->when)
			c++;
		if (e->when <= q->heap[c]->when)
			break;
		place(q, i, q->heap[c]);
		i = c;
	}
	place(q, i, e);
}

int
zs_timerq_set(struct zs_timerq *q, struct zs_tq_entry *e, double when)
{
	if (e->idx != ZS_TQ_NONE) {
		double old = e->when;

		e->when = when;
		if (when < old)
			sift_up(q, e->idx);
		else
			sift_down(q, e->idx);
		return 0;
	}
	if (q->n == q->cap) {
		size_t cap = q->cap != 0 ? q->cap * 2 : 64;
		struct zs_tq_entry **h;

		h = reallocarray(q->heap, cap, sizeof(*h));
		if (h == NULL)
			return ZS_ENOMEM;
		q->heap = h;
		q->cap = cap;
	}
	e->when = when;
	place(q, q->n++, e);
	sift_up(q, e->idx);
	return 0;
}

void
zs_timerq_remove(struct zs_timerq *q, struct zs_tq_entry *e)
{
	size_t i = e->idx;
	struct zs_tq_entry *last;

	if (i == ZS_TQ_NONE || i >= q->n || q->heap[i] != e)
		return;
	e->idx = ZS_TQ_NONE;
	last = q->heap[--q->n];
	if (i == q->n)
		return;
	place(q, i, last);
	/* The moved entry may belong above or below its new slot. */
	if (i > 0 && q->heap[(i - 1) / 2]->when > last->when)
		sift_up(q, i);
	else
		sift_down(q, i);
}

struct zs_tq_entry *
zs_timerq_peek(const struct zs_timerq *q)
{
	return q->n > 0 ? q->heap[0] : NULL;
}

struct zs_tq_entry *
zs_timerq_pop(struct zs_timerq *q)
{
	struct zs_tq_entry *e = zs_timerq_peek(q);

	if (e != NULL)
		zs_timerq_remove(q, e);
	return e;
}

void
zs_timerq_clear(struct zs_timerq *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		q->heap[i]->idx = ZS_TQ_NONE;
	free(q->heap);
	q->heap = NULL;
	q->n = q->cap = 0;
}
