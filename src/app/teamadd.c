/* team add's merges and the threads that read ahead of them (see
 * repdesk/teamadd.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/db/book.h"
#include "repdesk/db/team.h"
#include "repdesk/digest.h"
#include "repdesk/teamadd.h"

/* One bundle of a team add: its fingerprint, and its verdict, reached in a
 * helper thread while the bundle before it merges (opening and checking a
 * bundle reads all of it, and the merge does not need it until then). */
typedef struct {
	const char *path;
	char digest[DIGEST_HEXSZ];
	char legacy[DIGEST_HEXSZ];   /* the legacy fingerprint, when the book has any */
	digest_file_id id;
	bool fp;                     /* digest and id are set */
	bool known;                  /* merged before this run */
	bool started;                /* the thread judging it runs or ran */
	pthread_t thread;
	db_bundle_check judged;
} bundle_job;

static void *judge_job(void *arg)
{
	bundle_job *j = arg;

	db_bundle_judge(j->path, &j->judged);
	return NULL;
}

/* Start judging the first bundle after AT that is not known. */
static void judge_ahead(bundle_job *jobs, int n, int at)
{
	for (int k = at + 1; k < n; k++) {
		if (jobs[k].known)
			continue;
		if (!jobs[k].started)
			jobs[k].started = pthread_create(&jobs[k].thread, NULL, judge_job, &jobs[k]) == 0;
		return;
	}
}

/* A bundle's fingerprint, and its legacy one too when the book holds
 * fingerprints of the legacy hash; a file that cannot be read is left to the
 * merge to report. */
static void fingerprint(bundle_job *j, bool legacy)
{
	char err[512];
	bool missing;

	j->fp = digest_file(j->path, j->digest, legacy ? j->legacy : NULL, &j->id, &missing,
	                       err, sizeof err);
}

typedef struct {
	bundle_job *jobs;
	int n;
	bool legacy;
} job_list;

/* Every other bundle's fingerprint, from the second. */
static void *fingerprint_odd(void *arg)
{
	job_list *l = arg;

	for (int i = 1; i < l->n; i += 2)
		fingerprint(&l->jobs[i], l->legacy);
	return NULL;
}

db_status teamadd_run(db *d, const char *const *paths, int n, const char *today, teamadd_cb each,
                      void *ctx)
{
	bundle_job *jobs = calloc(n > 0 ? (size_t)n : 1, sizeof *jobs);

	if (!jobs)
		return DB_NOMEM;
	/* Fingerprints first, half of them in a helper thread (each reads a
	 * whole file): bundles merged before are not read again. */
	for (int i = 0; i < n; i++)
		jobs[i].path = paths[i];
	bool legacy = false;
	if (db_team_legacy(d, &legacy) != DB_OK)
		legacy = false;
	job_list odd = { jobs, n, legacy };
	pthread_t helper;
	bool two = n > 1 && pthread_create(&helper, NULL, fingerprint_odd, &odd) == 0;
	for (int i = 0; i < n; i += two ? 2 : 1)
		fingerprint(&jobs[i], legacy);
	if (two)
		pthread_join(helper, NULL);
	for (int i = 0; i < n; i++) {
		bundle_job *j = &jobs[i];
		if (j->fp && db_team_known(d, j->digest, &j->known) != DB_OK)
			j->known = false;
		/* Merged under the legacy hash: the merge recognises it by that
		 * fingerprint, so it is named by it from here on. */
		if (j->fp && legacy && !j->known && db_team_known(d, j->legacy, &j->known) == DB_OK &&
		    j->known)
			memcpy(j->digest, j->legacy, sizeof j->digest);
	}
	for (int i = 0; i < n; i++) {
		bundle_job *j = &jobs[i];
		db_merge_result r;
		int left = 0;

		for (int k = i; k < n; k++)
			left += !jobs[k].known;
		db_team_run(d, left);
		judge_ahead(jobs, n, i);
		if (j->started)
			pthread_join(j->thread, NULL);
		teamadd_event ev = { .path = j->path };
		ev.st = db_team_merge(d, j->path, j->fp ? j->digest : NULL, today,
		                      j->started ? &j->judged : NULL, &r);
		j->started = false;
		/* Written while it was read: what was merged is not what was
		 * fingerprinted, so the file is not recognised next time. (The
		 * merge stands either way.) */
		if (ev.st == DB_OK && j->fp && !r.again && !digest_file_unchanged(j->path, &j->id) &&
		    db_team_forget(d, j->digest) != DB_OK)
			ev.forget_failed = true;
		if (ev.st == DB_OK)
			ev.r = &r;
		each(&ev, ctx);
	}
	free(jobs);
	return db_team_finish(d);
}
