/* The reader's search thread: folds the documents and counts the hits of
 * the latest query a slice at a time, so that no frame waits for a large
 * document; a new query (or Esc) stops the one running between two
 * slices, or inside a regular expression through its stop hook. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tty/search_job.h"
#include "text/lib.h"

#define SEARCH_JOB_SLICE (1u << 20) /* bytes searched between two looks at a new request */

/* One request as the thread runs it: copied out of the job. */
struct search_job_req {
	struct search_job *j;
	unsigned gen;
	char *text;                 /* owned */
	unsigned flags;
	struct search_text **texts; /* owned array */
	size_t *lens;               /* owned */
	size_t ndocs;
};

void
search_job_init(struct search_job *j, size_t ndocs)
{
	memset(j, 0, sizeof *j);
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv, NULL);
	atomic_init(&j->gen, 0u);
	j->ndocs = ndocs;
	j->texts = xcalloc(ndocs, sizeof *j->texts);
	j->lens = xcalloc(ndocs, sizeof *j->lens);
	j->res = xcalloc(ndocs, sizeof *j->res);
}

/* The stop hook of the thread's query: a newer request came. */
static bool
search_job_stopped(void *ctx)
{
	const struct search_job_req *r = ctx;

	return atomic_load(&r->j->gen) != r->gen;
}

/* Searches one request, handing over the hits slice by slice. */
static void
search_job_run(struct search_job_req *r)
{
	struct search_job *j = r->j;
	struct qerr err;
	struct search_query *q = search_query_new(r->text, r->flags, &err);
	struct search_hits tmp = { 0 };

	if (q == NULL)
		goto done;
	search_query_set_limit(q, SEARCH_REGEX_MS, SEARCH_REGEX_MS_PER_MB, search_job_stopped, r);
	for (size_t k = 0; k < r->ndocs; k++) {
		if (search_job_stopped(r))
			goto out;
		search_text_prepare(r->texts[k]);
		size_t len = r->lens[k], done = 0;
		for (;;) {
			size_t to = len - done > SEARCH_JOB_SLICE ? done + SEARCH_JOB_SLICE : len;
			tmp.n = 0;
			search_find_range(q, r->texts[k], done, to, &tmp);
			enum search_status st = search_query_status(q);
			if (st == SEARCH_STOPPED)
				goto out;
			pthread_mutex_lock(&j->mu);
			if (search_job_stopped(r)) {
				pthread_mutex_unlock(&j->mu);
				goto out;
			}
			if (st == SEARCH_TIMEOUT) {
				j->slow = true;
				j->slow_ms = search_query_timeout_ms(q);
				j->finished = true;
				pthread_mutex_unlock(&j->mu);
				goto out;
			}
			for (size_t h = 0; h < tmp.n; h++)
				search_hits_push(&j->res[k].hits, &tmp.v[h]);
			j->res[k].done_to = to == len ? SIZE_MAX : to;
			j->bytes_done += to - done;
			pthread_mutex_unlock(&j->mu);
			if (to == len)
				break;
			done = to;
		}
	}
done:
	pthread_mutex_lock(&j->mu);
	if (!search_job_stopped(r))
		j->finished = true;
	pthread_mutex_unlock(&j->mu);
out:
	search_query_free(q);
	search_hits_free(&tmp);
}

/* Takes the latest request (j->mu held) and runs it, the lock released. */
static void
search_job_serve(struct search_job *j)
{
	struct search_job_req r = { .j = j, .gen = atomic_load(&j->gen) };

	j->served = r.gen;
	if (j->text == NULL) {
		pthread_cond_broadcast(&j->cv); /* stopped: search_job_wait may go on */
		return;
	}
	j->working = true;
	r.text = xstrdup(j->text);
	r.flags = j->flags;
	r.ndocs = j->ndocs;
	r.texts = xcalloc(j->ndocs, sizeof *r.texts);
	memcpy(r.texts, j->texts, j->ndocs * sizeof *r.texts);
	r.lens = xcalloc(j->ndocs, sizeof *r.lens);
	memcpy(r.lens, j->lens, j->ndocs * sizeof *r.lens);
	j->bytes_total = 0;
	for (size_t k = 0; k < j->ndocs; k++) {
		j->res[k].hits.n = 0;
		j->res[k].done_to = 0;
		j->bytes_total += j->lens[k];
	}
	j->bytes_done = 0;
	j->finished = j->slow = false;
	pthread_mutex_unlock(&j->mu);
	search_job_run(&r);
	free(r.text);
	free(r.texts);
	free(r.lens);
	pthread_mutex_lock(&j->mu);
	j->working = false;
	pthread_cond_broadcast(&j->cv);
}

/* The thread: serves the latest request until told to quit. */
static void *
search_job_main(void *arg)
{
	struct search_job *j = arg;

	/* Below the reader's own thread: a frame must not wait for a core. */
	(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
	pthread_mutex_lock(&j->mu);
	for (;;) {
		while (!j->quit && atomic_load(&j->gen) == j->served)
			pthread_cond_wait(&j->cv, &j->mu);
		if (j->quit)
			break;
		search_job_serve(j);
	}
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

unsigned
search_job_start(struct search_job *j, const char *text, unsigned flags,
		 struct search_text *const *texts, const size_t *lens)
{
	pthread_mutex_lock(&j->mu);
	free(j->text);
	j->text = xstrdup(text);
	j->flags = flags;
	memcpy(j->texts, texts, j->ndocs * sizeof *j->texts);
	memcpy(j->lens, lens, j->ndocs * sizeof *j->lens);
	unsigned gen = atomic_load(&j->gen) + 1;
	atomic_store(&j->gen, gen);
	if (!j->started && pthread_create(&j->thread, NULL, search_job_main, j) == 0)
		j->started = true;
	if (j->started) {
		pthread_cond_broadcast(&j->cv);
		pthread_mutex_unlock(&j->mu);
		return gen;
	}
	search_job_serve(j); /* no thread: search here and now */
	pthread_mutex_unlock(&j->mu);
	return gen;
}

void
search_job_stop(struct search_job *j)
{
	pthread_mutex_lock(&j->mu);
	free(j->text);
	j->text = NULL;
	atomic_store(&j->gen, atomic_load(&j->gen) + 1);
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
}

void
search_job_wait(struct search_job *j)
{
	search_job_stop(j);
	pthread_mutex_lock(&j->mu);
	while (j->started && (j->working || j->served != atomic_load(&j->gen)))
		pthread_cond_wait(&j->cv, &j->mu);
	pthread_mutex_unlock(&j->mu);
}

bool
search_job_take(struct search_job *j, unsigned gen, struct search_hits *const *out,
		size_t *done_to, struct search_job_progress *p)
{
	pthread_mutex_lock(&j->mu);
	if (j->served != gen) {
		pthread_mutex_unlock(&j->mu);
		return false;
	}
	for (size_t k = 0; k < j->ndocs; k++) {
		const struct search_hits *h = &j->res[k].hits;
		for (size_t i = out[k]->n; i < h->n; i++)
			search_hits_push(out[k], &h->v[i]);
		done_to[k] = j->res[k].done_to;
	}
	p->permille = j->bytes_total > 0 ? (unsigned)(j->bytes_done * 1000 / j->bytes_total) : 1000;
	p->finished = j->finished;
	p->slow = j->slow;
	p->slow_ms = j->slow_ms;
	pthread_mutex_unlock(&j->mu);
	return true;
}

void
search_job_free(struct search_job *j)
{
	if (j->started) {
		pthread_mutex_lock(&j->mu);
		j->quit = true;
		free(j->text);
		j->text = NULL;
		atomic_store(&j->gen, atomic_load(&j->gen) + 1);
		pthread_cond_broadcast(&j->cv);
		pthread_mutex_unlock(&j->mu);
		pthread_join(j->thread, NULL);
		j->started = false;
	}
	free(j->text);
	free(j->texts);
	free(j->lens);
	for (size_t k = 0; k < j->ndocs; k++)
		search_hits_free(&j->res[k].hits);
	free(j->res);
	pthread_mutex_destroy(&j->mu);
	pthread_cond_destroy(&j->cv);
}
