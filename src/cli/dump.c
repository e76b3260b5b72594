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
#include <sys/stat.h>
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

/* Blocks from this many bytes up come from the system, each on its own,
 * rather than from the heap. */
#define DUMP_MMAP_AT ((size_t)64 << 20)
/* A file from this many bytes up has the heap take in DUMP_WARM_EACH
 * times its size at the start (plus DUMP_WARM_MIN, at most DUMP_WARM_MAX):
 * the file read, its text decoded, its rows held. */
#define DUMP_WARM_FROM ((off_t)256 << 10)
#define DUMP_WARM_EACH 3
#define DUMP_WARM_MIN ((size_t)4 << 20)
#define DUMP_WARM_MAX ((size_t)16 << 20)
/* What each worker's heap takes in then. */
#define DUMP_WARM_WORKER ((size_t)4 << 20)

/* Bytes of rows gathered before they are written, when they may be. */
#define DUMP_WRITE_AT ((size_t)64 << 10)
/* Bytes of block text laid out together over the threads (unless
 * dump_opts say): enough that starting a thread is a small part of the
 * work, and what a batch keeps alive (its text, its rows) stays small. A
 * block this long is laid out on its own, its rows written as they come.
 * A part on a thread of its own has a sixteenth of it at least. */
#define DUMP_BATCH_TEXT ((size_t)512 << 10)
#define DUMP_PARTS_MIN 16
/* A streamed file is laid out in this many batches at least, of this many
 * bytes at least. */
#define DUMP_BATCHES_MIN 8
#define DUMP_BATCH_MIN ((size_t)64 << 10)
/* The most threads a batch is laid out on (unless dump_opts say), and
 * the parts it is cut into for each: a thread takes the next part when it
 * is free, so that a slower one takes fewer. */
#define DUMP_THREADS 4
#define DUMP_PARTS_EACH 4

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

/* Where rows both ways wait for the document's direction: at offset at
 * of the rows, those left to right (alt's [ltr, rtl)) or right to left
 * ([rtl, end)). */
struct dump_choice {
	size_t at, ltr, rtl, end;
};

/* Rows, and the choices among them. */
struct dump_rows {
	struct strbuf rows, alt;
	struct dump_choice *choices; /* owned */
	size_t nchoices, choicecap;
};

/* Appends the rows of a block to out, after a blank line when gap; a
 * block that takes the document's direction (twice) both ways, as a
 * choice. */
static void
dump_rows_block(struct dump_rows *out, const struct block *b, bool gap, bool twice,
		const struct layout_opts *lo, struct strbuf *line)
{
	struct strbuf *to = twice ? &out->alt : &out->rows;
	struct block each = *b;
	struct dump_choice *c = NULL;

	if (twice) {
		if (out->nchoices == out->choicecap) {
			out->choicecap = out->choicecap ? 2 * out->choicecap : 64;
			out->choices = xreallocarray(out->choices, out->choicecap,
						     sizeof *out->choices);
		}
		c = &out->choices[out->nchoices++];
		c->at = out->rows.len;
		c->ltr = out->alt.len;
	}
	for (int way = 0; way < (twice ? 2 : 1); way++) {
		if (twice) {
			each.dir = (unsigned)(way == 0 ? DIR_LTR : DIR_RTL);
			if (way == 1)
				c->rtl = out->alt.len;
		}
		if (gap)
			strbuf_putc(to, '\n');
		struct layout_para *p = layout_block(&each, lo);
		dump_rows(to, p, lo->full, line, NULL);
		layout_para_free(p);
	}
	if (twice)
		c->end = out->alt.len;
}

/* Appends from's rows and choices to to. */
static void
dump_rows_append(struct dump_rows *to, const struct dump_rows *from)
{
	for (size_t i = 0; i < from->nchoices; i++) {
		if (to->nchoices == to->choicecap) {
			to->choicecap = to->choicecap ? 2 * to->choicecap : 64;
			to->choices = xreallocarray(to->choices, to->choicecap, sizeof *to->choices);
		}
		const struct dump_choice *c = &from->choices[i];
		to->choices[to->nchoices++] = (struct dump_choice){
			c->at + to->rows.len, c->ltr + to->alt.len,
			c->rtl + to->alt.len, c->end + to->alt.len };
	}
	strbuf_append(&to->rows, from->rows.data, from->rows.len);
	strbuf_append(&to->alt, from->alt.data, from->alt.len);
}

static void
dump_rows_reset(struct dump_rows *r)
{
	strbuf_reset(&r->rows);
	strbuf_reset(&r->alt);
	r->nchoices = 0;
}

static void
dump_rows_free(struct dump_rows *r)
{
	strbuf_free(&r->rows);
	strbuf_free(&r->alt);
	free(r->choices);
}

/* The threads batches are laid out on, kept while a dump runs; none
 * (n of them NULL) when there is one processor or one thread is asked
 * for, the parts then laid out on the calling thread. */
struct dump_workers {
	struct parallel_worker *w[PARALLEL_MAX_THREADS]; /* owned */
	size_t n;
	struct dump_warm {
		size_t size;
		void *pad;     /* owned: xalloc_warm_heap's */
	} warm[PARALLEL_MAX_THREADS];
};

/* The first job of a worker, when the file is large enough: its heap
 * takes in at once what laying out its parts will use. */
static void
dump_warm_run(void *arg)
{
	struct dump_warm *wm = arg;

	wm->pad = xalloc_warm_heap(wm->size);
}

/* Readies the workers; with warm, each starts with warming its heap by
 * that many bytes, while the file is read. */
static void
dump_workers_init(struct dump_workers *wk, const struct dump_opts *o, size_t warm)
{
	wk->n = o->threads ? o->threads : parallel_threads(DUMP_THREADS);
	if (wk->n > PARALLEL_MAX_THREADS)
		wk->n = PARALLEL_MAX_THREADS;
	for (size_t t = 0; t < wk->n; t++) {
		wk->w[t] = wk->n > 1 ? parallel_worker_new() : NULL;
		wk->warm[t] = (struct dump_warm){ warm, NULL };
		if (warm > 0 && wk->w[t] != NULL)
			parallel_worker_start(wk->w[t], dump_warm_run, &wk->warm[t]);
	}
}

static void
dump_workers_free(struct dump_workers *wk)
{
	for (size_t t = 0; t < wk->n; t++) {
		parallel_worker_free(wk->w[t]);
		free(wk->warm[t].pad);
	}
}

/* Blocks laid out together, in parts on the workers, each part's rows
 * gathered apart and then taken in order: a block is laid out on its
 * own, so the rows are the same as one block laid out after another.
 * While a batch is laid out, the caller can go on (reading the file on
 * and gathering the next). */
struct dump_batch {
	const struct layout_opts *lo;      /* borrowed */
	struct dump_workers *wk;           /* borrowed */
	struct dump_item *items;           /* owned */
	size_t n, cap, bytes;              /* bytes: the blocks' text */
	size_t full;                       /* bytes of a batch laid out */
	size_t nparts, partcap;
	struct dump_part *parts;           /* owned: partcap of them */
	struct parallel_set set;           /* the parts being laid out */
};

/* A block of a batch: a blank line before it (gap); both ways (twice). */
struct dump_item {
	const struct block *b;             /* borrowed */
	bool gap, twice;
};

/* One part of a batch: its items [first, end), and their rows. */
struct dump_part {
	const struct dump_batch *batch;    /* borrowed */
	size_t first, end;
	struct dump_rows out;
	struct strbuf line;
};

static void
dump_batch_init(struct dump_batch *bt, struct dump_workers *wk, const struct dump_opts *o,
		const struct layout_opts *lo)
{
	*bt = (struct dump_batch){ .lo = lo, .wk = wk,
		.full = o->batch ? o->batch : DUMP_BATCH_TEXT };
	bt->partcap = wk->n * DUMP_PARTS_EACH;
	bt->parts = xcalloc(bt->partcap, sizeof *bt->parts);
	for (size_t t = 0; t < bt->partcap; t++)
		bt->parts[t].batch = bt;
}

static void
dump_batch_free(struct dump_batch *bt)
{
	for (size_t t = 0; t < bt->partcap; t++) {
		dump_rows_free(&bt->parts[t].out);
		strbuf_free(&bt->parts[t].line);
	}
	free(bt->parts);
	free(bt->items);
}

/* Adds a block to the batch: after a blank line when gap, both ways
 * when twice. */
static void
dump_batch_add(struct dump_batch *bt, const struct block *b, bool gap, bool twice)
{
	if (bt->n == bt->cap) {
		bt->cap = bt->cap ? 2 * bt->cap : 256;
		bt->items = xreallocarray(bt->items, bt->cap, sizeof *bt->items);
	}
	bt->items[bt->n++] = (struct dump_item){ b, gap, twice };
	bt->bytes += b->len;
}

/* Lays out a part's blocks into its rows. */
static void
dump_part_run(void *arg)
{
	struct dump_part *pt = arg;
	const struct dump_batch *bt = pt->batch;

	dump_rows_reset(&pt->out);
	for (size_t i = pt->first; i < pt->end; i++) {
		const struct dump_item *it = &bt->items[i];
		dump_rows_block(&pt->out, it->b, it->gap, it->twice, bt->lo, &pt->line);
	}
}

/* Starts laying out the blocks of the batch, split by their text into
 * parts of about the same size, on the workers. */
static void
dump_batch_start(struct dump_batch *bt)
{
	size_t nparts = bt->bytes / (bt->full / DUMP_PARTS_MIN + 1);

	if (nparts > bt->partcap)
		nparts = bt->partcap;
	if (nparts > bt->n)
		nparts = bt->n;
	if (nparts < 1)
		nparts = 1;
	size_t i = 0, sum = 0;
	for (size_t t = 0; t < nparts; t++) {
		/* Up to the block that brings the text to (t+1)/nparts. */
		size_t goal = t + 1 == nparts ? SIZE_MAX : bt->bytes / nparts * (t + 1);
		bt->parts[t].first = i;
		while (i < bt->n && (sum < goal || i == bt->parts[t].first))
			sum += bt->items[i++].b->len;
		bt->parts[t].end = i;
		if (i == bt->n) {
			nparts = t + 1; /* the blocks ran out: no empty part */
			break;
		}
	}
	bt->nparts = nparts;
	parallel_set_start(&bt->set, bt->wk->w, bt->wk->n, dump_part_run, bt->parts,
			   sizeof *bt->parts, nparts);
}

/* Waits for the batch started; its parts' rows are then to be taken in
 * order, and it is empty. */
static void
dump_batch_wait(struct dump_batch *bt)
{
	parallel_set_finish(&bt->set);
	bt->n = 0;
	bt->bytes = 0;
}

/* Lays out the batch (of blocks in one direction each) and writes the
 * rows to fp. */
static void
dump_batch_write(struct dump_batch *bt, FILE *fp)
{
	if (bt->n == 0)
		return;
	dump_batch_start(bt);
	dump_batch_wait(bt);
	for (size_t t = 0; t < bt->nparts; t++)
		if (bt->parts[t].out.rows.len > 0)
			fwrite(bt->parts[t].out.rows.data, 1, bt->parts[t].out.rows.len, fp);
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
dump_one(FILE *out, const struct doc *doc, const struct dump_opts *o)
{
	const struct layout_opts *lo = &o->layout;
	struct strbuf rows = STRBUF_INIT, line = STRBUF_INIT;
	struct dump_workers wk;
	struct dump_batch bt;

	dump_workers_init(&wk, o, 0);
	dump_batch_init(&bt, &wk, o, lo);
	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		if (b->len < bt.full) {
			dump_batch_add(&bt, b, i > 0, false);
			if (bt.bytes >= bt.full)
				dump_batch_write(&bt, out);
			continue;
		}
		dump_batch_write(&bt, out);
		if (i > 0)
			strbuf_putc(&rows, '\n');
		struct layout_para *p = layout_block(b, lo);
		dump_rows(&rows, p, lo->full, &line, out);
		layout_para_free(p);
		fwrite(rows.data, 1, rows.len, out);
		strbuf_reset(&rows);
	}
	dump_batch_write(&bt, out);
	dump_batch_free(&bt);
	dump_workers_free(&wk);
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
			dump_one(out, docs[i], o);
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
	struct dump_rows hold;
	size_t hold_max;
	/* Blocks to print or hold, laid out together: the one gathered and
	 * the one laid out meanwhile. Their stretches are kept (left counts
	 * them) until they are taken. */
	struct dump_batch batch[2];
	int gathering;
	struct dump_workers workers;
};

static void dump_stream_resolve(struct dump_stream *ds);
static bool dump_dir_done(struct dump_stream *ds);

/* Counts n more blocks final in the stretches, oldest first. */
static void
dump_stream_done(struct dump_stream *ds, size_t n)
{
	for (size_t j = 0; n > 0; n--) {
		while (ds->left[j] == 0)
			j++;
		ds->left[j]--;
	}
}

/* Takes the rows of a batch started: printed, or held while the output
 * is; its stretches are then done with its blocks. */
static void
dump_stream_take(struct dump_stream *ds, struct dump_batch *bt)
{
	size_t n = bt->n;

	if (n == 0)
		return;
	dump_batch_wait(bt);
	for (size_t t = 0; t < bt->nparts; t++) {
		const struct dump_rows *r = &bt->parts[t].out;
		if (ds->holding)
			dump_rows_append(&ds->hold, r);
		else if (r->rows.len > 0)
			fwrite(r->rows.data, 1, r->rows.len, ds->out);
	}
	dump_stream_done(ds, n);
}

/* Starts laying out the batch gathered, once the one before is taken; the
 * next is gathered meanwhile. */
static void
dump_stream_start(struct dump_stream *ds)
{
	struct dump_batch *bt = &ds->batch[ds->gathering];

	dump_stream_take(ds, &ds->batch[!ds->gathering]);
	if (bt->n == 0)
		return;
	dump_batch_start(bt);
	ds->gathering = !ds->gathering;
}

/* Prints, or holds, every block gathered so far. */
static void
dump_stream_batch(struct dump_stream *ds)
{
	dump_stream_start(ds);
	dump_stream_take(ds, &ds->batch[!ds->gathering]);
}

/* A block is final: printed, or its rows held while the direction of
 * the document, which it or one before it takes, is not known; then its
 * stretch is done with it. Blocks are laid out in batches, but for a long
 * one: the stretches of those are kept until the batch is. */
static void
dump_stream_final(struct dump_stream *ds, struct block *b)
{
	if (ds->out == NULL) {
		/* Only the direction is found. */
		dump_stream_done(ds, 1);
		return;
	}
	if (b->dir == DIR_AUTO && ds->dir_known) {
		/* No strong letter: the document's direction, as
		 * structure_finish gives it. */
		b->dir = (unsigned)ds->dir;
	}
	bool twice = b->dir == DIR_AUTO, gap = ds->printed;
	if (twice && !ds->holding) {
		dump_stream_batch(ds); /* printed before what is held */
		ds->holding = true;
	}
	ds->printed = true;
	struct dump_batch *bt = &ds->batch[ds->gathering];
	if (b->len < bt->full) {
		dump_batch_add(bt, b, gap, twice);
		if (bt->bytes >= bt->full)
			dump_stream_start(ds);
		return;
	}
	/* In order: the batch first. */
	dump_stream_batch(ds);
	if (ds->holding) {
		dump_rows_block(&ds->hold, b, gap, twice, ds->lo, &ds->line);
	} else {
		/* Written as its rows come. */
		strbuf_reset(&ds->esc);
		if (gap)
			strbuf_putc(&ds->esc, '\n');
		struct layout_para *p = layout_block(b, ds->lo);
		dump_rows(&ds->esc, p, ds->lo->full, &ds->line, ds->out);
		layout_para_free(p);
		fwrite(ds->esc.data, 1, ds->esc.len, ds->out);
	}
	dump_stream_done(ds, 1);
}

/* Prints the output held, the direction known. */
static void
dump_stream_flush(struct dump_stream *ds)
{
	const struct dump_rows *h = &ds->hold;
	size_t from = 0;

	for (size_t i = 0; i < h->nchoices; i++) {
		const struct dump_choice *c = &h->choices[i];
		size_t a = ds->dir == DIR_RTL ? c->rtl : c->ltr;
		size_t e = ds->dir == DIR_RTL ? c->end : c->rtl;
		if (c->at > from)
			fwrite(h->rows.data + from, 1, c->at - from, ds->out);
		if (e > a)
			fwrite(h->alt.data + a, 1, e - a, ds->out);
		from = c->at;
	}
	if (h->rows.len > from)
		fwrite(h->rows.data + from, 1, h->rows.len - from, ds->out);
	dump_rows_reset(&ds->hold);
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
		if (d == NULL)
			dump_stream_batch(ds);
		if (ds->holding && d == NULL) {
			/* Every block is final: the direction is the tally's. */
			ds->dir = structure_stream_dir(ss);
			ds->dir_known = true;
			dump_stream_flush(ds);
		} else if (ds->holding && (ds->hold.rows.len + ds->hold.alt.len > ds->hold_max ||
					   dump_dir_done(ds))) {
			dump_stream_batch(ds);
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
	enum text_dir dir;
	struct stat sb;
	void *warm = NULL;
	size_t warm_each = 0;

#ifdef __GLIBC__
	/* Stretch after stretch asks for the same sizes: keep what is freed
	 * for the next one rather than give it back to the system and have
	 * it zeroed again. */
	mallopt(M_MMAP_THRESHOLD, DUMP_MMAP_AT);
	mallopt(M_TRIM_THRESHOLD, 2 * DUMP_MMAP_AT);
	/* And have the heap take in at once what the first stretches will
	 * use: a page fault at a time costs more than reading the file. */
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size >= DUMP_WARM_FROM) {
		warm = xalloc_warm_heap((size_t)sb.st_size < DUMP_WARM_MAX / DUMP_WARM_EACH
						? (size_t)sb.st_size * DUMP_WARM_EACH + DUMP_WARM_MIN
						: DUMP_WARM_MAX);
		warm_each = DUMP_WARM_WORKER;
	}
#endif
	struct text_stream *ts = text_stream_open(path, opts, o->stream_chunk);
	if (ts == NULL) {
		free(warm);
		return false;
	}
	if (sep)
		putc('\n', out);
	struct dump_dir_pass dp = { .ts = NULL };
	struct dump_stream ds = { .out = out, .ts = ts, .lo = &o->layout, .dir_pass = &dp,
		.hold_max = o->stream_hold ? o->stream_hold : DUMP_HOLD_MAX };
	dump_workers_init(&ds.workers, o, warm_each);
	dump_batch_init(&ds.batch[0], &ds.workers, o, &o->layout);
	dump_batch_init(&ds.batch[1], &ds.workers, o, &o->layout);
	if (o->batch == 0) {
		/* A small file in a few batches, so that the last one, laid out
		 * once the file is read, is short. */
		size_t full = (size_t)(text_stream_size(ts) / DUMP_BATCHES_MIN);
		if (full < DUMP_BATCH_MIN)
			full = DUMP_BATCH_MIN;
		for (int i = 0; i < 2; i++)
			if (full < ds.batch[i].full)
				ds.batch[i].full = full;
	}
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
	dump_batch_free(&ds.batch[0]);
	dump_batch_free(&ds.batch[1]);
	dump_workers_free(&ds.workers);
	dump_rows_free(&ds.hold);
	strbuf_free(&ds.line);
	strbuf_free(&ds.esc);
	free(warm);
	return true;
}
