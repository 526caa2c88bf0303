/* Checkpoints on a connection of their own, in a helper thread, during a
 * run of team merges (teambook.c).
 *
 * In WAL mode every page a commit writes goes to the log first and is
 * copied into the book by a checkpoint; by default the committing
 * connection copies it itself, every 1,000 pages, before it can go on. A
 * run commits thousands of pages per bundle. Here the run's commits only
 * wake a helper, which copies what is committed on its own connection while
 * the next bundle merges. The log restarts from its start whenever the
 * helper has caught up (SQLite does so at the writer's next commit), so it
 * stays a few bundles long. Should the helper fall behind, the committing
 * connection checkpoints itself past a bound, as before. */
#include <pthread.h>
#include <stdlib.h>

#include "store_int.h"
#include "repdesk/db/book.h"

/* Pages the log may hold before the committing connection checkpoints
 * itself (the helper has fallen behind). */
#define CKPT_BOUND 16384

struct store_ckpt {
	sqlite3 *h;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool wake, stop;
	long runs;                   /* checkpoints made */
};

static void *ckpt_loop(void *arg)
{
	store_ckpt *c = arg;

	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (!c->wake && !c->stop)
			pthread_cond_wait(&c->cv, &c->mu);
		if (!c->wake)            /* stopped, every commit served */
			break;
		c->wake = false;
		pthread_mutex_unlock(&c->mu);
		/* PASSIVE: copies what no reader still needs, never waits. */
		sqlite3_wal_checkpoint_v2(c->h, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->mu);
		c->runs++;
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/* After each commit of the book's connection (its WAL hook, in place of
 * the automatic checkpoint). */
static int ckpt_hook(void *arg, sqlite3 *h, const char *schema, int pages)
{
	store_ckpt *c = arg;

	if (pages >= CKPT_BOUND)
		sqlite3_wal_checkpoint_v2(h, schema, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	pthread_mutex_lock(&c->mu);
	c->wake = true;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
	return SQLITE_OK;
}

bool store_ckpt_start(db *d)
{
	store_ckpt *c = calloc(1, sizeof *c);
	store_side side;

	if (!c || !store_side_init(d, STORE_SIDE_CKPT, &side)) {
		free(c);
		return false;
	}
	if (pthread_mutex_init(&c->mu, NULL) != 0) {
		store_side_done(&side);
		free(c);
		return false;
	}
	pthread_cond_init(&c->cv, NULL);
	/* Opened here, used by the helper alone from now on. */
	int rc = store_side_open(&side, NULL, &c->h);
	store_side_done(&side);
	if (rc != SQLITE_OK || pthread_create(&c->th, NULL, ckpt_loop, c) != 0) {
		sqlite3_close(c->h);
		pthread_cond_destroy(&c->cv);
		pthread_mutex_destroy(&c->mu);
		free(c);
		return false;
	}
	d->ckpt = c;
	sqlite3_wal_hook(d->h, ckpt_hook, c);
	return true;
}

long store_ckpt_stop(db *d)
{
	store_ckpt *c = d->ckpt;

	if (!c)
		return 0;
	d->ckpt = NULL;
	sqlite3_wal_hook(d->h, NULL, NULL);
	pthread_mutex_lock(&c->mu);
	c->stop = true;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->th, NULL);
	long runs = c->runs;
	sqlite3_close(c->h);
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	free(c);
	return runs;
}
