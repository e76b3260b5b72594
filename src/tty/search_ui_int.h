/* The search state the search files share (search_ui.c, pane_search.c,
 * pane_prompt.c); private to them. */
#ifndef QARIN_SEARCH_UI_INT_H
#define QARIN_SEARCH_UI_INT_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TTY, "tty/search_ui_int.h");

#include <pthread.h>
#include <stdatomic.h>

#include "tty/search_job.h"
#include "tty/search_ui.h"
#include "reader/lib.h"

/* One document's searchable text and the hits counted so far. */
struct search_doc {
	struct search_text *text; /* owned, built on first search */
	struct search_hits hits;  /* hits starting in [0, done_to), sorted */
	size_t done_to;
	struct search_hits vis;   /* hits around a range not counted yet */
	size_t vis_from, vis_to;
	bool vis_ok;
};

struct search_ui {
	struct history hist;
	struct prompt prompt;
	bool prompting;
	int prompt_dir;             /* the direction the prompt searches in */
	unsigned flags;             /* the mode of the next prompt */
	struct search_query *q;     /* owned: the query whose hits show, or NULL */
	int dir;                    /* its direction: n follows it */
	char error[512];            /* why the typed query does not compile */
	char *last;                 /* owned: the last accepted query */
	unsigned last_flags;
	int last_dir;
	struct search_doc *docs;    /* owned, one per document */
	size_t ndocs;
	size_t first;               /* document whose hits come first */
	bool have_cur;
	struct search_hit cur;      /* the current hit (cur.doc: which document) */
	size_t start_focus;         /* where the prompt was opened, for Esc */
	size_t *start_anchor;
	bool start_nav_focused;
	struct pane *pane;          /* borrowed from the app's panes: the search pane */
	bool pane_visible, pane_focused;
	bool announce;              /* say "match i of N" once the count is done */
	bool told_slow;             /* said that the query took too long */
	/* Folding a large document takes a while (about a second for
	 * 100 MB): a thread does it when the prompt opens, and the prompt
	 * keeps taking keys meanwhile; the search runs once it is done. */
	pthread_t thread;
	bool preparing;             /* the thread runs (or is done, not joined) */
	atomic_bool prepared;       /* set by the thread when it is done */
	bool pending;               /* the prompt's query waits for the thread */
	struct search_text **prep;  /* owned array of borrowed texts the thread folds */
	size_t nprep;
	/* Large documents, and documents still loading, are searched on a
	 * thread (search_job.c) instead: the hits come in as they are
	 * found, no frame waits for them, Esc stops them, and a document
	 * that finishes loading is searched again whole. */
	struct app *app;            /* borrowed: the reader, for its loaders */
	bool async;                 /* searches go to the thread */
	struct search_job job;
	unsigned job_gen;           /* the request whose hits show; 0: none */
	size_t job_first;           /* s->first when it was made */
	struct search_job_progress progress;
	bool want_first;            /* show the first hit from the prompt's start once known */
	int want_step;              /* n or N waits for the hits: its direction, else 0 */
	bool cancelled;             /* Esc stopped the search */
	bool restart;               /* a document was replaced: search again */
	char status[160];           /* the status line while searching */
};

/* True when the query took too long and finds nothing more. */
bool search_ui_slow(const struct search_ui *s);
/* True when every document is counted. */
bool search_ui_counted(const struct search_ui *s);

#endif
