/* The terminal-free renderer behind `qarin --dump`: lays out each block at
 * the output width and prints its rows in visual order, right-aligning
 * right-to-left rows; several documents can stand side by side as columns.
 * Documents are streamed block by block, never laid out whole; rows go
 * out through the escaper, so nothing the layout let by reaches a terminal. */
#include <config.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/dump.h"
#include "text/lib.h"

#define DUMP_COLUMN_SEP " \xe2\x94\x82 " /* " │ " */
#define DUMP_SEP_WIDTH 3
/* Bytes of text a streamed document holds back at most while the
 * direction of the whole is not known (unless dump_opts say). */
#define DUMP_HOLD_MAX ((size_t)16 << 20)
/* Bytes of a file from which a pass on a thread finds that direction
 * from the start; a smaller file is held whole sooner than a thread
 * pays. */
#define DUMP_PASS_MIN ((size_t)4 << 20)

/* Bytes of rows gathered before they are written, when they may be. */
#define DUMP_WRITE_AT ((size_t)64 << 10)

/* Appends the rows of p to out, each escaped and ended by a newline: in
 * one pass, or when full encoded into line first and then escaped (the
 * way every printer escapes, which tests compare the pass with). With fp,
 * what out gathers goes there by pieces of DUMP_WRITE_AT bytes. */
static void
dump_rows(struct strbuf *out, struct layout_para *p, bool full, struct strbuf *line,
	  FILE *fp)
{
	layout_para_in_order(p);
	for (size_t r = 0; r < p->nrows; r++) {
		if (fp != NULL && out->len >= DUMP_WRITE_AT) {
			fwrite(out->data, 1, out->len, fp);
			strbuf_reset(out);
		}
		if (full) {
			strbuf_reset(line);
			layout_row_to_utf8(p, r, true, line);
			escape_append(out, ESCAPE_TEXT, line->data, line->len);
		} else {
			layout_row_to_text(p, r, out);
		}
		strbuf_putc(out, '\n');
	}
}

/* A cursor that yields the rows of one document one at a time. */
struct row_stream {
	const struct doc *doc;
	struct layout_opts lo;
	size_t block;              /* next block to lay out */
	struct layout_para *para;  /* owned: the block being printed */
	size_t row;                /* next row of para */
	bool gap;                  /* a blank line is due before the next block */
};

/* Produces the next row into out (display width in *width); false at end. */
static bool
row_stream_next(struct row_stream *s, struct strbuf *out, int *width)
{
	strbuf_reset(out);
	*width = 0;
	while (s->para == NULL || s->row >= s->para->nrows) {
		layout_para_free(s->para);
		s->para = NULL;
		if (s->block >= s->doc->nblocks)
			return false;
		if (s->gap) {
			s->gap = false;
			return true; /* the blank line between blocks */
		}
		s->para = layout_block(&s->doc->blocks[s->block++], &s->lo);
		s->row = 0;
		s->gap = true;
	}
	const struct layout_row *r = &s->para->rows[s->row];
	layout_row_to_utf8(s->para, s->row, true, out);
	*width = r->indent + r->width;
	s->row++;
	return true;
}

static void
row_stream_done(struct row_stream *s)
{
	layout_para_free(s->para);
	s->para = NULL;
}

/* Prints one document at the full width, a block at a time: its rows,
 * and a blank line between blocks. */
static void
dump_one(FILE *out, const struct doc *doc, const struct layout_opts *lo)
{
	struct strbuf rows = STRBUF_INIT, line = STRBUF_INIT;

	for (size_t i = 0; i < doc->nblocks; i++) {
		if (i > 0)
			strbuf_putc(&rows, '\n');
		struct layout_para *p = layout_block(&doc->blocks[i], lo);
		dump_rows(&rows, p, lo->full, &line, out);
		layout_para_free(p);
	}
	if (rows.len > 0)
		fwrite(rows.data, 1, rows.len, out);
	strbuf_free(&rows);
	strbuf_free(&line);
}

/* Prints the documents as columns until every one has run out of rows. */
static void
dump_columns(FILE *out, struct doc *const *docs, size_t n,
	     const struct layout_opts *lo)
{
	int colw = (lo->width - DUMP_SEP_WIDTH * (int)(n - 1)) / (int)n;
	struct row_stream *s = xcalloc(n, sizeof *s);
	struct strbuf cell = STRBUF_INIT, line = STRBUF_INIT;
	bool *done = xcalloc(n, sizeof *done);
	size_t live = n;

	if (colw < 1)
		colw = 1;
	for (size_t i = 0; i < n; i++) {
		s[i].doc = docs[i];
		s[i].lo = *lo;
		s[i].lo.width = colw;
	}
	while (live > 0) {
		strbuf_reset(&line);
		size_t pending = 0; /* spaces owed before the next column's text */
		for (size_t i = 0; i < n; i++) {
			int w = 0;
			if (i > 0) {
				for (; pending > 0; pending--)
					strbuf_putc(&line, ' ');
				strbuf_puts(&line, DUMP_COLUMN_SEP);
			}
			if (!done[i] && !row_stream_next(&s[i], &cell, &w)) {
				done[i] = true;
				live--;
			}
			if (!done[i])
				strbuf_append(&line, cell.data ? cell.data : "", cell.len);
			pending = w < colw ? (size_t)(colw - w) : 0;
		}
		if (live == 0)
			break;
		/* Drop the separator's trailing space when the last column is empty. */
		while (line.len > 0 && line.data[line.len - 1] == ' ')
			line.len--;
		escape_write(out, ESCAPE_TEXT, line.data, line.len);
		putc('\n', out);
	}
	for (size_t i = 0; i < n; i++)
		row_stream_done(&s[i]);
	free(s);
	free(done);
	strbuf_free(&cell);
	strbuf_free(&line);
}

int
dump_docs(FILE *out, struct doc *const *docs, size_t ndocs,
	  const struct dump_opts *o)
{
	if (o->side_by_side && ndocs > 1) {
		dump_columns(out, docs, ndocs, &o->layout);
	} else {
		for (size_t i = 0; i < ndocs; i++) {
			if (i > 0)
				putc('\n', out);
			dump_one(out, docs[i], &o->layout);
		}
	}
	fflush(out);
	return ferror(out) ? -1 : 0;
}

struct dump_dir_pass;

/* A plain text file streamed (dump_file_stream): the stretches loaded
 * whose blocks are not all final yet, oldest first, and what is done with
 * each final block. */
struct dump_stream {
	FILE *out;                      /* NULL: only the direction is found */
	const struct text_stream *ts;   /* borrowed: the file */
	const struct layout_opts *lo;   /* borrowed */
	struct doc **docs;              /* owned */
	size_t *left;                   /* blocks of each not final yet */
	size_t ndocs, cap;
	size_t joiners;
	struct strbuf line, esc;        /* a row; the block's rows escaped */
	bool printed;                   /* a block has been printed */
	bool dir_known;
	enum text_dir dir;              /* the document's direction, once known */
	/* The pass that finds it, started at once on a thread when some
	 * block may lack a strong letter. */
	pthread_t dir_thread;
	bool dir_running;
	atomic_bool *stop;              /* borrowed: the pass is not needed any more */
	struct dump_dir_pass *dir_pass; /* borrowed */
	/* Output held back, in order, from the first block that needs the
	 * direction while it is not known: until the end of the file gives
	 * it, or past hold_max bytes, when the pass gives it. Blocks are
	 * laid out at once, so that their stretches can go; one that takes
	 * the document's direction is laid out both ways, one chosen later. */
	bool holding;
	struct strbuf held;             /* the rows held, but the choices */
	struct strbuf alt;              /* each choice's rows both ways */
	struct dump_choice *choices;    /* owned */
	size_t nchoices, choicecap, hold_max;
};

/* Where held output waits for the direction: at held's offset at, the
 * rows left to right (alt's [ltr, rtl)) or right to left ([rtl, end)). */
struct dump_choice {
	size_t at, ltr, rtl, end;
};

static void dump_stream_resolve(struct dump_stream *ds);
static bool dump_dir_done(struct dump_stream *ds);

/* Appends a block's rows to out as dump_one prints them, after a blank
 * line when a block came before. */
static void
dump_stream_render(struct dump_stream *ds, const struct block *b, struct strbuf *out, FILE *fp)
{
	if (ds->printed)
		strbuf_putc(out, '\n'); /* the blank line between blocks */
	ds->printed = true;
	struct layout_para *p = layout_block(b, ds->lo);
	dump_rows(out, p, ds->lo->full, &ds->line, fp);
	layout_para_free(p);
}

/* A block is final: printed, or its rows held while the direction of
 * the document, which it or one before it takes, is not known; then its
 * stretch is done with it. */
static void
dump_stream_final(struct dump_stream *ds, struct block *b)
{
	size_t j = 0;

	if (ds->out != NULL && b->dir == DIR_AUTO && ds->dir_known) {
		/* No strong letter: the document's direction, as
		 * structure_finish gives it. */
		b->dir = (unsigned)ds->dir;
	}
	if (ds->out == NULL) {
		/* only the direction is found */
	} else if (b->dir == DIR_AUTO) {
		bool printed = ds->printed;
		if (ds->nchoices == ds->choicecap) {
			ds->choicecap = ds->choicecap ? 2 * ds->choicecap : 64;
			ds->choices = xreallocarray(ds->choices, ds->choicecap, sizeof *ds->choices);
		}
		struct dump_choice *c = &ds->choices[ds->nchoices++];
		ds->holding = true;
		c->at = ds->held.len;
		c->ltr = ds->alt.len;
		b->dir = (unsigned)DIR_LTR;
		dump_stream_render(ds, b, &ds->alt, NULL);
		c->rtl = ds->alt.len;
		ds->printed = printed;
		b->dir = (unsigned)DIR_RTL;
		dump_stream_render(ds, b, &ds->alt, NULL);
		c->end = ds->alt.len;
		b->dir = (unsigned)DIR_AUTO;
	} else if (ds->holding) {
		dump_stream_render(ds, b, &ds->held, NULL);
	} else {
		strbuf_reset(&ds->esc);
		dump_stream_render(ds, b, &ds->esc, ds->out);
		fwrite(ds->esc.data, 1, ds->esc.len, ds->out);
	}
	while (ds->left[j] == 0)
		j++;
	ds->left[j]--;
}

/* Prints the output held, the direction known. */
static void
dump_stream_flush(struct dump_stream *ds)
{
	size_t from = 0;

	for (size_t i = 0; i < ds->nchoices; i++) {
		const struct dump_choice *c = &ds->choices[i];
		size_t a = ds->dir == DIR_RTL ? c->rtl : c->ltr;
		size_t e = ds->dir == DIR_RTL ? c->end : c->rtl;
		if (c->at > from)
			fwrite(ds->held.data + from, 1, c->at - from, ds->out);
		if (e > a)
			fwrite(ds->alt.data + a, 1, e - a, ds->out);
		from = c->at;
	}
	if (ds->held.len > from)
		fwrite(ds->held.data + from, 1, ds->held.len - from, ds->out);
	strbuf_reset(&ds->held);
	strbuf_reset(&ds->alt);
	ds->nchoices = 0;
	ds->holding = false;
}

/* Reads the whole file through ds, handing each block, once final, to
 * dump_stream_final; false on a read error. Returns the document's
 * direction in *dir. */
static bool
dump_stream_walk(struct dump_stream *ds, struct text_stream *ts, enum text_dir *dir)
{
	struct structure_stream *ss = structure_stream_new();
	struct block *fin[3];
	struct doc *d;
	struct qerr err;
	bool ok;

	for (;;) {
		if (ds->stop != NULL && atomic_load(ds->stop)) {
			d = NULL;
			err.msg[0] = '\0';
			break;
		}
		d = text_stream_next(ts, &err);
		if (d != NULL) {
			if (ds->ndocs == ds->cap) {
				ds->cap = ds->cap ? 2 * ds->cap : 4;
				ds->docs = xreallocarray(ds->docs, ds->cap, sizeof *ds->docs);
				ds->left = xreallocarray(ds->left, ds->cap, sizeof *ds->left);
			}
			ds->docs[ds->ndocs] = d;
			ds->left[ds->ndocs++] = d->nblocks;
			ds->joiners += d->joiner_count;
		}
		size_t nblocks = d != NULL ? d->nblocks : 1;
		for (size_t i = 0; i < nblocks; i++) {
			size_t n = structure_stream_push(ss, d != NULL ? &d->blocks[i] : NULL, fin);
			for (size_t k = 0; k < n; k++)
				dump_stream_final(ds, fin[k]);
			/* Stretches whose blocks are all final are done with. */
			size_t done = 0;
			while (done < ds->ndocs && ds->left[done] == 0)
				doc_free(ds->docs[done++]);
			memmove(ds->docs, ds->docs + done, (ds->ndocs - done) * sizeof *ds->docs);
			memmove(ds->left, ds->left + done, (ds->ndocs - done) * sizeof *ds->left);
			ds->ndocs -= done;
		}
		if (ds->holding && d == NULL) {
			/* Every block is final: the direction is the tally's. */
			ds->dir = structure_stream_dir(ss);
			ds->dir_known = true;
			dump_stream_flush(ds);
		} else if (ds->holding && (ds->held.len + ds->alt.len > ds->hold_max ||
					   dump_dir_done(ds))) {
			dump_stream_resolve(ds);
			dump_stream_flush(ds);
		}
		if (d == NULL)
			break;
	}
	ok = err.msg[0] == '\0';
	*dir = structure_stream_dir(ss);
	structure_stream_free(ss);
	for (size_t i = 0; i < ds->ndocs; i++)
		doc_free(ds->docs[i]);
	ds->ndocs = 0;
	return ok;
}

/* The pass through the file that finds the direction structure_finish
 * gives the whole document. */
struct dump_dir_pass {
	struct text_stream *ts;  /* owned */
	atomic_bool stop;
	atomic_bool done;        /* dir is set */
	enum text_dir dir;       /* out */
};

/* Whether the direction pass has run to its end (on its thread). */
static bool
dump_dir_done(struct dump_stream *ds)
{
	return ds->dir_running && atomic_load(&ds->dir_pass->done);
}

static void *
dump_dir_run(void *arg)
{
	struct dump_dir_pass *dp = arg;
	struct dump_stream probe = { .out = NULL, .stop = &dp->stop };

	dp->dir = DIR_LTR;
	if (dp->ts != NULL)
		dump_stream_walk(&probe, dp->ts, &dp->dir);
	free(probe.docs);
	free(probe.left);
	atomic_store(&dp->done, true);
	return NULL;
}

/* Starts the direction pass on a thread (or runs it here when no thread
 * can be had). */
static void
dump_dir_start(struct dump_stream *ds, struct dump_dir_pass *dp)
{
	dp->ts = text_stream_dup(ds->ts);
	atomic_init(&dp->stop, false);
	atomic_init(&dp->done, false);
	ds->dir_running = pthread_create(&ds->dir_thread, NULL, dump_dir_run, dp) == 0;
	if (!ds->dir_running) {
		dump_dir_run(dp);
		ds->dir = dp->dir;
		ds->dir_known = true;
	}
}

/* Waits for the direction pass (stopping it first when its answer is not
 * needed) and frees it. */
static void
dump_dir_finish(struct dump_stream *ds, struct dump_dir_pass *dp, bool stop)
{
	if (ds->dir_running) {
		if (stop)
			atomic_store(&dp->stop, true);
		pthread_join(ds->dir_thread, NULL);
		ds->dir_running = false;
		ds->dir = dp->dir;
		ds->dir_known = !stop;
	}
	text_stream_close(dp->ts);
	dp->ts = NULL;
}

/* Has the direction pass give the document's direction. */
static void
dump_stream_resolve(struct dump_stream *ds)
{
	if (!ds->dir_running)
		dump_dir_start(ds, ds->dir_pass);
	dump_dir_finish(ds, ds->dir_pass, false);
}

bool
dump_file_stream(FILE *out, const char *path, const struct doc_opts *opts,
		 const struct dump_opts *o, bool sep, size_t *joiners)
{
	struct text_stream *ts = text_stream_open(path, opts, o->stream_chunk);
	enum text_dir dir;

	if (ts == NULL)
		return false;
	if (sep)
		putc('\n', out);
#ifdef __GLIBC__
	/* Stretch after stretch asks for the same sizes: keep what is freed
	 * for the next one rather than give it back to the system and have
	 * it zeroed again. */
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
	struct dump_dir_pass dp = { .ts = NULL };
	struct dump_stream ds = { .out = out, .ts = ts, .lo = &o->layout, .dir_pass = &dp,
		.hold_max = o->stream_hold ? o->stream_hold : DUMP_HOLD_MAX };
	/* A block may ask for the direction before the end of a file too big
	 * to hold, or big enough for the pass to give it well before the end
	 * (what is held meanwhile waits in memory): have the pass's answer
	 * ready. */
	if (!text_stream_all_strong(ts) &&
	    (text_stream_size(ts) > ds.hold_max || text_stream_size(ts) > DUMP_PASS_MIN))
		dump_dir_start(&ds, &dp);
	dump_stream_walk(&ds, ts, &dir);
	dump_dir_finish(&ds, &dp, true);
	text_stream_close(ts);
	*joiners = ds.joiners;
	free(ds.docs);
	free(ds.left);
	free(ds.choices);
	strbuf_free(&ds.held);
	strbuf_free(&ds.alt);
	strbuf_free(&ds.line);
	strbuf_free(&ds.esc);
	return true;
}
