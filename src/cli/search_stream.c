/* `qarin --search` without the document model, for a plain UTF-8 text
 * file: the file is read in chunks into two buffers taken in turn (the
 * next read, its lines counted (unless hits are only counted) and most of
 * it checked on a second thread while one is scanned; the scanning thread
 * checks the rest), a byte scan looks for the forms any hit must contain (search_probe.c), and only the
 * stretch of lines around each such place is loaded (doc_load_fragment)
 * and searched as search_report_doc would, so that the output is the same
 * and memory holds a paragraph, not the file. A chunk with many hits is
 * scanned in stretches on two threads, each into a report of its own,
 * joined in order. Whatever the scan cannot answer for exactly falls back
 * to loading the whole document. */
#define _GNU_SOURCE 1 /* memrchr */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Thirty-two bytes at a time where the processor has AVX2 (cpu_has_avx2,
 * asked when the program runs). */
#if defined(__x86_64__) && defined(__GNUC__)
#define STREAM_AVX2 1
#include <immintrin.h>
#endif

#include "ingest/lib.h"
#include "text/lib.h"
#include "cli/search_line.h"
#include "cli/search_probe.h"
#include "cli/search_stream.h"

/* Bytes of the file the format is sniffed from, and the least of them. */
#define STREAM_SNIFF_BYTES (64u << 10)
#define STREAM_SNIFF_TEXT 4096
/* The most bytes loaded at once from stretches close together, and the
 * widest gap between two that are loaded together. */
#define STREAM_BATCH (256u << 10)
#define STREAM_GAP (16u << 10)
/* Bytes of the file the probe is chosen on. */
#define STREAM_SAMPLE (256u << 10)
/* Bytes between two places the read-ahead gives the line count at, so
 * that the scan counts the lines before a hit from the nearest. */
#define STREAM_MARK (4u << 10)
/* Hits in a chunk that make the next one's scan shared by two threads,
 * in this many stretches (a slower thread takes fewer). */
#define STREAM_SPLIT_HITS 160
#define STREAM_PARTS 6
/* What the read-ahead checks of a chunk, in sixteenths. */
#define STREAM_SHARES 16u

/* Whether a byte is space at the ends of a line (as parse_text trims). */
static bool
stream_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Whether s[a, b) (a line without its newline) holds only spaces. */
static bool
stream_blank(const char *s, size_t a, size_t b)
{
	while (a < b && stream_is_space((unsigned char)s[a]))
		a++;
	return a == b;
}

/* A chunk of the file and what the read-ahead found in it, while the
 * chunk before was scanned: the unfinished stretch of that one first,
 * then the bytes read, cut at the end of the last whole stretch, checked
 * and their lines counted up to there. */
struct stream_piece {
	char *buf;          /* owned: file bytes from boff on */
	size_t len, cap;
	uint64_t boff;      /* file offset of buf[0], a place parsing starts over */
	size_t end;         /* stream_safe_end: whole stretches end here */
	size_t valid;       /* buf[0, valid) passed search_check_run (0 or end) */
	unsigned newlines;  /* in buf[0, end) */
	unsigned *marks;    /* owned: [i], newlines in buf[0, i * STREAM_MARK) */
	size_t nmarks, marks_cap; /* marks up to end */
	bool eof;
	bool read_ok;
};

/* One file being searched. */
struct stream {
	struct search_report *r; /* borrowed */
	const char *path;        /* borrowed */
	int fd;
	bool merge;              /* parse_text_merges of the whole file */
	bool lines_counted;      /* the report numbers lines: newlines are counted */
	size_t chunk;            /* bytes read at a time */
	struct stream_piece piece[2]; /* the chunk scanned and the one read ahead */
	const char *buf;         /* borrowed: the chunk scanned (a piece's) */
	size_t len;
	uint64_t boff;           /* file offset of buf[0], a place parsing starts over */
	size_t lpos;             /* lines are counted up to buf[lpos] */
	unsigned line;           /* newlines before buf[lpos] */
	unsigned line0;          /* newlines before buf[0] */
	const unsigned *marks;   /* borrowed: the chunk's (struct stream_piece) */
	size_t nmarks;
	size_t vpos;             /* buf bytes checked (search_check_run) or loaded */
	size_t valid;            /* buf bytes the read-ahead found valid */
	struct search_check check;
	struct search_probe *probe; /* owned */
	bool eof;
	/* The query as lines are searched for it from their bytes
	 * (stream_line); owned, NULL when they cannot be. */
	struct search_line *lines;
	uint64_t printed;        /* the hits before this file offset are printed */
};

/* The first piece's buffer with room for n bytes, for the reads that
 * come before the search. */
static char *
stream_scratch(struct stream *st, size_t n)
{
	struct stream_piece *p = &st->piece[0];

	xalloc_huge_reserve(&p->buf, &p->cap, n, 0);
	return p->buf;
}

/* parse_text_merges for the file: whether a blank line follows a line with
 * text and a line follows it; read from the start up to the first. skip:
 * the byte-order mark, which is not in the text. */
static bool
stream_find_merge(struct stream *st, uint64_t size, size_t skip, bool *merge)
{
	bool seen_text = false, text = false; /* text: the current line has some */
	char *b = stream_scratch(st, st->chunk);

	*merge = false;
	for (uint64_t off = 0; off < size;) {
		ssize_t got = text_stream_pread(st->fd, b, st->chunk, off);
		if (got <= 0)
			return got == 0;
		size_t n = (size_t)got, a = off < skip ? skip - (size_t)off : 0;
		while (a < n) {
			const char *nl = memchr(b + a, '\n', n - a);
			size_t e = nl != NULL ? (size_t)(nl - b) : n;
			if (!stream_blank(b, a, e))
				text = true;
			if (nl == NULL)
				break;
			if (!text && seen_text && off + e + 1 < size) {
				*merge = true;
				return true;
			}
			seen_text = seen_text || text;
			text = false;
			a = e + 1;
		}
		off += n;
	}
	return true;
}

#ifdef STREAM_AVX2
/* stream_newlines thirty-two bytes at a time, from *pi while at least
 * that many are left: each byte of acc counts the newlines in its column,
 * for up to 255 blocks, then the columns are added up (vpsadbw). */
__attribute__((target("avx2"))) static unsigned
stream_newlines_avx2(const char *buf, size_t *pi, size_t to)
{
	const __m256i nl = _mm256_set1_epi8('\n'), zero = _mm256_setzero_si256();
	size_t i = *pi;
	unsigned n = 0;

	while (to - i >= 32) {
		size_t blocks = (to - i) / 32 < 255 ? (to - i) / 32 : 255;
		__m256i acc = zero;
		for (size_t k = 0; k < blocks; k++, i += 32) {
			__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(buf + i));
			acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(x, nl));
		}
		__m256i sum = _mm256_sad_epu8(acc, zero);
		n += (unsigned)(_mm256_extract_epi64(sum, 0) + _mm256_extract_epi64(sum, 1) +
				_mm256_extract_epi64(sum, 2) + _mm256_extract_epi64(sum, 3));
	}
	*pi = i;
	return n;
}
#endif

/* Newlines in buf[from, to): thirty-two bytes at a time where the
 * processor has AVX2, else by memchr. */
static unsigned
stream_newlines(const char *buf, size_t from, size_t to)
{
	const char *p = buf + from, *end = buf + to;
	unsigned n = 0;

#ifdef STREAM_AVX2
	if (cpu_has_avx2()) {
		size_t i = from;
		n = stream_newlines_avx2(buf, &i, to);
		p = buf + i;
	}
#endif
	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

/* Counts the newlines up to buf[to] into st->line (back, when a stretch
 * loaded starts before lines shown on their own). */
static void
stream_count_lines(struct stream *st, size_t to)
{
	size_t m = to / STREAM_MARK, at = m * STREAM_MARK;

	if (!st->lines_counted)
		return;
	/* From the mark before, when it is nearer. */
	if (m < st->nmarks && (to < st->lpos || at > st->lpos)) {
		st->line = st->line0 + st->marks[m];
		st->lpos = at;
	}
	if (to >= st->lpos)
		st->line += stream_newlines(st->buf, st->lpos, to);
	else
		st->line -= stream_newlines(st->buf, to, st->lpos);
	st->lpos = to;
}

/* Where the stretch parsed on its own that holds buf[at] starts, at or
 * after from (a place parsing starts over). */
static size_t
stream_region_start(const struct stream *st, size_t from, size_t at)
{
	const char *b = st->buf;
	const char *nl = at > from ? memrchr(b + from, '\n', at - from) : NULL;

	if (nl == NULL)
		return from;
	size_t ls = (size_t)(nl - b) + 1;
	if (!st->merge)
		return ls;
	/* Back over lines to one after a blank line. */
	while (ls > from) {
		size_t pe = ls - 1; /* the newline ending the line before */
		const char *pnl = pe > from ? memrchr(b + from, '\n', pe - from) : NULL;
		size_t ps = pnl != NULL ? (size_t)(pnl - b) + 1 : from;
		if (stream_blank(b, ps, pe))
			return ls;
		ls = ps;
	}
	return from;
}

/* Where that stretch ends, at or before to (a place parsing starts over). */
static size_t
stream_region_end(const struct stream *st, size_t at, size_t to)
{
	const char *b = st->buf;
	const char *nl = memchr(b + at, '\n', to - at);

	if (nl == NULL)
		return to;
	size_t a = (size_t)(nl - b) + 1;
	if (!st->merge)
		return a;
	/* On to the end of the next blank line. */
	for (;;) {
		nl = memchr(b + a, '\n', to - a);
		if (nl == NULL)
			return to;
		size_t e = (size_t)(nl - b);
		if (stream_blank(b, a, e))
			return e + 1;
		a = e + 1;
	}
}

/* The end of the last stretch in b[0, len) that is whole (a place
 * parsing starts over), 0 when there is none. */
static size_t
stream_last_restart(const char *b, size_t len, bool merge)
{
	const char *nl = memrchr(b, '\n', len);

	if (nl == NULL)
		return 0;
	size_t e = (size_t)(nl - b);
	if (!merge)
		return e + 1;
	/* The last blank line's newline. */
	for (;;) {
		const char *pnl = e > 0 ? memrchr(b, '\n', e) : NULL;
		size_t ls = pnl != NULL ? (size_t)(pnl - b) + 1 : 0;
		if (stream_blank(b, ls, e))
			return e + 1;
		if (pnl == NULL)
			return 0;
		e = (size_t)(pnl - b);
	}
}

/* The end of the last stretch in p's buffer that is whole, 0 when there
 * is none yet. */
static size_t
stream_safe_end(const struct stream_piece *p, bool merge)
{
	return p->eof ? p->len : stream_last_restart(p->buf, p->len, merge);
}

/* Loads and searches buf[a, b). False when the stream path cannot go on. */
static bool
stream_region(struct stream *st, size_t a, size_t b)
{
	struct qerr err;

	/* A byte-order mark is dropped at the start of the file only. */
	if (st->boff + a > 0 && b - a >= 3 && memcmp(st->buf + a, "\xEF\xBB\xBF", 3) == 0)
		return false;
	stream_count_lines(st, a);
	struct doc *d = doc_load_fragment(st->path, st->buf + a, b - a, st->merge, &err);
	if (d == NULL)
		return false;
	bool ok = d->invalid_count == 0 && d->joiner_count == 0;
	if (ok)
		search_report_doc_from(st->r, d, st->line, (size_t)(st->boff + a),
				       (size_t)st->printed);
	doc_free(d);
	return ok;
}

/* Checks buf[vpos, to) (whole lines) with search_check_run: the bytes
 * that are not loaded, which decoding checks itself. */
static bool
stream_check(struct stream *st, size_t to)
{
	if (to <= st->vpos)
		return st->check.ok;
	if (to <= st->valid) {
		st->vpos = to; /* the read-ahead checked them */
		return true;
	}
	bool ok = search_check_run(&st->check, st->buf + st->vpos, to - st->vpos);
	st->vpos = to;
	return ok;
}

/* What stream_line_hit prints a hit of a line with. */
struct stream_hit {
	struct search_report *r;  /* borrowed */
	struct search_line_hit h;
};

/* Prints a hit search_line_hits found. */
static void
stream_line_hit(void *ctx, size_t start, size_t len)
{
	struct stream_hit *sh = ctx;

	sh->h.start = start;
	sh->h.len = len;
	search_report_line_hit(sh->r, &sh->h);
}

/* Prints the hits of the line of buf that holds at (after lo, before end)
 * from its bytes when they are what the document's text holds there (not
 * a quote, whose lines are joined without their markers) and
 * search_line_hits can read them. Returns 1 when it did (*next: the next
 * line), 0 when the line is to be loaded, -1 when the stream path cannot
 * go on. */
static int
stream_line(struct stream *st, size_t lo, size_t at, size_t end, size_t *next)
{
	const char *b = st->buf;
	const char *nl = at > lo ? memrchr(b + lo, '\n', at - lo) : NULL;
	size_t ls = nl != NULL ? (size_t)(nl - b) + 1 : lo;
	nl = memchr(b + at, '\n', end - at);
	size_t e = nl != NULL ? (size_t)(nl - b) : end, le = nl != NULL ? e + 1 : end;
	size_t t = ls;

	while (t < e && stream_is_space((unsigned char)b[t]))
		t++;
	if (t < e && b[t] == '>')
		return 0;
	/* Checked first: what is printed must be valid. */
	if (!stream_check(st, le))
		return -1;
	stream_count_lines(st, ls);
	struct stream_hit sh = { st->r, { .path = st->path, .line = b + ls, .line_len = le - ls,
					  .lineno = st->line + 1,
					  .offset = (size_t)(st->boff + ls) } };
	if (!search_line_hits(st->lines, b + ls, e - ls, stream_line_hit, &sh))
		return 0;
	st->printed = st->boff + le;
	*next = le;
	return 1;
}

/* Scans buf[from, end) (from: a place parsing starts over) for probes and
 * searches the stretches that hold one. Stretches close together are
 * loaded as one (up to STREAM_BATCH bytes, across gaps of up to
 * STREAM_GAP), so that a word on every other line costs one load per
 * batch rather than one per paragraph. */
static bool
stream_scan(struct stream *st, size_t from, size_t end)
{
	size_t pos = from, lo = from; /* lo: where the last stretch searched ends */

	while (pos < end) {
		size_t c = search_probe_next(st->probe, st->buf, pos, end);
		if (c >= end)
			break;
		if (!search_probe_check(st->probe, st->buf, lo, c, end)) {
			pos = c + 1;
			continue;
		}
		if (st->lines != NULL) {
			size_t next;
			int k = stream_line(st, lo, c, end, &next);
			if (k < 0)
				return false;
			if (k > 0) {
				pos = next;
				continue;
			}
		}
		size_t a = stream_region_start(st, lo, c);
		size_t b = stream_region_end(st, c, end);
		for (pos = b; b < end && b - a < STREAM_BATCH;) {
			size_t c2 = search_probe_next(st->probe, st->buf, pos, end);
			if (c2 >= end || c2 - b > STREAM_GAP)
				break;
			if (search_probe_check(st->probe, st->buf, b, c2, end))
				pos = b = stream_region_end(st, c2, end);
			else
				pos = c2 + 1;
		}
		if (!stream_check(st, a) || !stream_region(st, a, b))
			return false;
		st->vpos = b; /* decoding checked them */
		pos = lo = b;
	}
	return true;
}

/* Reads the piece that follows prev (NULL: the first) into next: prev's
 * unfinished stretch, then chunks until a stretch is whole or the file
 * ends; then finds where the whole stretches end, counts their lines and
 * checks them up to a line end near share sixteenths of them, the scan
 * checking the rest, so that the two threads share the check when the
 * scan has little else to do. Reads prev, which may be scanned meanwhile,
 * and writes only next. */
static void
stream_read_ahead(const struct stream *st, const struct stream_piece *prev,
		  struct stream_piece *next, unsigned share)
{
	size_t tail = prev != NULL ? prev->len - prev->end : 0;

	next->boff = prev != NULL ? prev->boff + prev->end : 0;
	next->len = 0;
	next->valid = 0;
	next->newlines = 0;
	next->read_ok = false;
	next->eof = false;
	xalloc_huge_reserve(&next->buf, &next->cap, tail + st->chunk, 0);
	if (tail > 0)
		memcpy(next->buf, prev->buf + prev->end, tail);
	next->len = tail;
	for (;;) {
		xalloc_huge_reserve(&next->buf, &next->cap, next->len + st->chunk, next->len);
		ssize_t n = text_stream_pread(st->fd, next->buf + next->len, st->chunk,
					      next->boff + next->len);
		if (n < 0)
			return;
		next->len += (size_t)n;
		next->eof = n == 0;
		next->end = stream_safe_end(next, st->merge);
		if (next->end > 0 || next->eof)
			break;
	}
	next->read_ok = true;
	next->nmarks = next->end / STREAM_MARK + 1;
	if (next->marks_cap < next->nmarks) {
		next->marks_cap = next->nmarks;
		next->marks = xreallocarray(next->marks, next->marks_cap, sizeof *next->marks);
	}
	/* Checked and counted a mark's stretch at a time, so that the count
	 * reads what the check has just brought into the cache; the check's
	 * stretches end before a character's continuation bytes. */
	struct search_check check;
	size_t checked = 0, limit = next->end;
	unsigned n = 0;
	if (share < STREAM_SHARES) {
		/* After a newline: no run of marks is open there. */
		const char *nl = memrchr(next->buf, '\n', next->end / STREAM_SHARES * share);
		limit = nl != NULL ? (size_t)(nl - next->buf) + 1 : 0;
	}
	search_check_init(&check);
	next->marks[0] = 0;
	for (size_t i = 1; i <= next->nmarks; i++) {
		size_t to = i < next->nmarks ? i * STREAM_MARK : next->end;
		size_t cut = to < limit ? to : limit;
		for (int k = 0; k < 3 && cut > checked && cut < next->end &&
				((unsigned char)next->buf[cut] & 0xC0) == 0x80; k++)
			cut--;
		if (check.ok && cut > checked)
			search_check_run(&check, next->buf + checked, cut - checked);
		checked = cut > checked ? cut : checked;
		if (st->lines_counted)
			n += stream_newlines(next->buf, (i - 1) * STREAM_MARK, to);
		if (i < next->nmarks)
			next->marks[i] = n;
	}
	if (check.ok && checked < limit)
		search_check_run(&check, next->buf + checked, limit - checked);
	if (check.ok)
		next->valid = limit;
	next->newlines = n;
}

/* Makes p the chunk scanned: lines are counted and bytes checked from
 * its start, st->line lines before it. */
static void
stream_use(struct stream *st, const struct stream_piece *p)
{
	st->buf = p->buf;
	st->len = p->len;
	st->boff = p->boff;
	st->eof = p->eof;
	st->lpos = 0;
	st->line0 = st->line;
	st->marks = p->marks;
	st->nmarks = p->nmarks;
	st->vpos = 0;
	st->valid = p->valid;
}

/* What the read-ahead is handed: the piece scanned meanwhile, and the
 * buffer to read the next into. */
struct stream_ahead {
	const struct stream *st;         /* borrowed */
	const struct stream_piece *prev; /* borrowed */
	struct stream_piece *next;       /* borrowed */
	unsigned share;                  /* sixteenths of it to check */
	atomic_bool done;                /* the read-ahead has ended */
};

/* Runs a stream_ahead. */
static void
stream_ahead_run(void *arg)
{
	struct stream_ahead *a = arg;

	stream_read_ahead(a->st, a->prev, a->next, a->share);
	atomic_store_explicit(&a->done, true, memory_order_release);
}

/* A stretch of a chunk scanned into a report of its own
 * (search_report_part_new), on whichever thread is free. */
struct stream_part {
	struct stream st;  /* a copy of the stream's, with its own report and lines */
	size_t from, end;
	bool ok;
};

/* Runs a stream_part. */
static void
stream_part_run(void *arg)
{
	struct stream_part *sp = arg;

	sp->ok = stream_scan(&sp->st, sp->from, sp->end);
}

/* Scans the chunk buf[0, end): when parts are given and the read-ahead
 * checked the whole chunk, in up to STREAM_PARTS stretches cut at places
 * parsing starts over, taken one at a time by this thread and the worker
 * w, their hits printed in order once all are done. */
static bool
stream_scan_chunk(struct stream *st, size_t end, struct stream_part *parts,
		  struct parallel_worker *w)
{
	size_t cut[STREAM_PARTS + 1], n = 0;

	cut[0] = 0;
	for (size_t k = 1; parts != NULL && st->valid >= end && k < STREAM_PARTS; k++) {
		size_t c = stream_last_restart(st->buf, end / STREAM_PARTS * k, st->merge);
		if (c > cut[n])
			cut[++n] = c;
	}
	if (n == 0)
		return stream_scan(st, 0, end) && stream_check(st, end);
	cut[++n] = end;
	for (size_t k = 0; k < n; k++) {
		/* What the scan reads of st; not its pieces, one of which
		 * the read-ahead is writing. */
		struct stream *ps = &parts[k].st;
		*ps = (struct stream){
			.r = ps->r, .path = st->path, .fd = st->fd, .merge = st->merge,
			.lines_counted = st->lines_counted, .chunk = st->chunk, .buf = st->buf,
			.len = st->len, .boff = st->boff,
			.lpos = st->lpos, .line = st->line, .line0 = st->line0, .marks = st->marks,
			.nmarks = st->nmarks, .vpos = st->vpos, .valid = st->valid, .check = st->check,
			.probe = st->probe, .eof = st->eof, .lines = ps->lines,
			.printed = k == 0 ? st->printed : st->boff + cut[k],
		};
		parts[k].from = cut[k];
		parts[k].end = cut[k + 1];
	}
	struct parallel_set set;
	parallel_set_start(&set, &w, 1, stream_part_run, parts, sizeof *parts, n);
	parallel_set_finish(&set);
	bool ok = true;
	for (size_t k = 0; k < n; k++) {
		ok = ok && parts[k].ok;
		search_report_part_join(st->r, parts[k].st.r, ok);
	}
	if (ok)
		st->printed = parts[n - 1].st.printed;
	return ok && stream_check(st, end);
}

/* The whole search of the file, once the format and the paragraph rule are
 * known; false when the stream path cannot answer for it. Each chunk is
 * scanned on this thread while the next is read ahead on another, in two
 * buffers taken in turn. A chunk after one with many hits is scanned in
 * stretches on this thread and a third: printing the hits is then the
 * work, not reading. */
static bool
stream_run(struct stream *st)
{
	struct parallel_worker *w = parallel_worker_new();
	struct parallel_worker *w2 = w != NULL ? parallel_worker_new() : NULL;
	struct stream_part parts[STREAM_PARTS];
	bool have_parts = w2 != NULL;
	unsigned cur = 0, share = STREAM_SHARES / 2;
	size_t hits = 0;
	bool ok;

	for (size_t k = 0; k < STREAM_PARTS; k++) {
		parts[k].st.r = have_parts ? search_report_part_new(st->r) : NULL;
		parts[k].st.lines = have_parts && st->lines != NULL
			? search_line_new(search_report_query(st->r)) : NULL;
		have_parts = have_parts && parts[k].st.r != NULL;
	}
	st->line = 0;
	st->printed = 0;
	stream_read_ahead(st, NULL, &st->piece[cur], STREAM_SHARES);
	for (;;) {
		const struct stream_piece *p = &st->piece[cur];
		if (!p->read_ok) {
			ok = false;
			break;
		}
		bool dense = search_report_hits(st->r) - hits >= STREAM_SPLIT_HITS;
		hits = search_report_hits(st->r);
		/* A dense chunk's scan shares out its stretches, which needs
		 * the chunk checked whole; the next one is likely dense too.
		 * Else the read-ahead checks the share of the next chunk that
		 * kept the two threads even last time. */
		struct stream_ahead ahead = { st, p, &st->piece[!cur],
					      dense || w == NULL ? STREAM_SHARES : share, false };
		stream_use(st, p);
		if (!p->eof)
			parallel_worker_start(w, stream_ahead_run, &ahead);
		ok = p->end == 0 ||
		     stream_scan_chunk(st, p->end, dense && have_parts ? parts : NULL, w2);
		if (!p->eof && !dense) {
			/* The read-ahead done first: it takes more of the next. */
			bool first = atomic_load_explicit(&ahead.done, memory_order_acquire);
			if (first && share < STREAM_SHARES)
				share++;
			else if (!first && share > 1)
				share--;
		}
		parallel_worker_wait(w);
		if (!ok || p->eof)
			break;
		st->line = st->line0 + p->newlines;
		cur = !cur;
	}
	parallel_worker_free(w2);
	parallel_worker_free(w);
	for (size_t k = 0; k < STREAM_PARTS; k++) {
		search_report_part_free(parts[k].st.r);
		search_line_free(parts[k].st.lines);
	}
	return ok;
}

/* Whether the file is plain text, as doc_load would find: its name, else
 * the look of its decoded start. */
static bool
stream_is_text(struct stream *st, uint64_t size)
{
	size_t n = size < STREAM_SNIFF_BYTES ? (size_t)size : STREAM_SNIFF_BYTES;
	char *b = stream_scratch(st, n + 1);

	if (text_stream_pread(st->fd, b, n, 0) != (ssize_t)n)
		return false;
	if (n < size) {
		/* Decode whole lines only. */
		const char *nl = memrchr(b, '\n', n);
		if (nl == NULL)
			return false;
		n = (size_t)(nl - b) + 1;
	}
	struct qerr err;
	static const struct decode_opts utf8 = { .encoding = "UTF-8" };
	struct decoded dec;
	if (decode_bytes(st->path, b, n, &utf8, &dec, &err) != 0)
		return false;
	bool text = (n == size || dec.len >= STREAM_SNIFF_TEXT) &&
		    parse_sniff_format(st->path, dec.text, dec.len) == DOC_FORMAT_TEXT;
	decoded_free(&dec);
	return text;
}

/* Chooses the probe on the file's first bytes. */
static bool
stream_probe(struct stream *st, uint64_t size)
{
	size_t n = size < STREAM_SAMPLE ? (size_t)size : STREAM_SAMPLE;
	char *b = stream_scratch(st, n);

	if (text_stream_pread(st->fd, b, n, 0) != (ssize_t)n)
		return false;
	st->probe = search_probe_new(search_report_query(st->r), b, n);
	return st->probe != NULL;
}

bool
search_stream_file(struct search_report *r, const char *path, const struct doc_opts *opts,
		   size_t chunk)
{
	struct stat sb;

	if (strcmp(path, "-") == 0 || opts->decode.encoding != NULL || opts->decode.allow_binary ||
	    (opts->format != DOC_FORMAT_AUTO && opts->format != DOC_FORMAT_TEXT))
		return false;
	if (search_query_flags(search_report_query(r)) & SEARCH_REGEX)
		return false;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return false;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size <= 0) {
		close(fd);
		return false;
	}
	struct stream st = { .r = r, .path = path, .fd = fd,
			     .lines_counted = search_report_numbers_lines(r),
			     .chunk = chunk > 0 ? chunk : SEARCH_STREAM_CHUNK };
	bool done = false;
	uint64_t size = (uint64_t)sb.st_size;
	size_t skip = 0;
	char bom[3];
	if (text_stream_pread(fd, bom, 3, 0) == 3 && memcmp(bom, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	search_check_init(&st.check);
	/* Not after a byte-order mark, which is in the file, not the text. */
	if (skip == 0)
		st.lines = search_line_new(search_report_query(r));
	if ((opts->format == DOC_FORMAT_TEXT || stream_is_text(&st, size)) &&
	    stream_probe(&st, size) && stream_find_merge(&st, size, skip, &st.merge) &&
	    search_report_hold(r)) {
		done = stream_run(&st);
		search_report_release(r, done);
	}
	search_probe_free(st.probe);
	search_line_free(st.lines);
	for (int i = 0; i < 2; i++) {
		free(st.piece[i].buf);
		free(st.piece[i].marks);
	}
	close(fd);
	return done;
}
