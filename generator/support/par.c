#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "diag.h"
#include "i18n.h"
#include "par.h"
#include "xalloc.h"

struct par {
	size_t		 n;		/* items */
	atomic_size_t	 next;		/* next item to take */
	void		(*fn)(void *, size_t, unsigned);
	void		*ctx;
};

struct par_worker {
	struct par	*p;
	unsigned	 id;		/* 0 is the calling thread */
};

static void
par_run(struct par *p, unsigned id)
{
	size_t	i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n)
		p->fn(p->ctx, i, id);
}

static void *
par_thread(void *arg)
{
	struct par_worker *w = arg;

	par_run(w->p, w->id);
	i18n_cleanup();		/* this thread's formatters */
	diag_thread_done();	/* and its message pieces */
	return NULL;
}

unsigned
par_threads(size_t n, unsigned jobs)
{
	if (jobs < 1)
		jobs = 1;
	if (jobs > n)
		jobs = n > 0 ? (unsigned)n : 1;
	return jobs;
}

void
par_for(size_t n, unsigned jobs, void (*fn)(void *, size_t, unsigned),
    void *ctx)
{
	struct par		 p;
	struct par_worker	*w;
	pthread_t		*t;
	unsigned		 i, started = 0;

	jobs = par_threads(n, jobs);
	p.n = n;
	atomic_init(&p.next, 0);
	p.fn = fn;
	p.ctx = ctx;
	t = xcalloc(jobs, sizeof(*t));
	w = xcalloc(jobs, sizeof(*w));
	for (i = 1; i < jobs; i++) {
		w[started + 1].p = &p;
		w[started + 1].id = started + 1;
		if (pthread_create(&t[started + 1], NULL, par_thread,
		    &w[started + 1]) == 0)
			started++;
	}
	par_run(&p, 0);		/* with fewer threads if some did not start */
	for (i = 1; i <= started; i++)
		pthread_join(t[i], NULL);
	free(t);
	free(w);
}
