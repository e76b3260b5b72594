/* Reading a plain UTF-8 text file in chunks: one pass checks that the
 * whole file is what doc_load_file would decode as UTF-8 and parse as
 * plain text, and finds its paragraph rule (parse_text_merges); then
 * stretches cut where parse_text starts over are loaded one after the
 * other, from one reused buffer. */
#define _GNU_SOURCE 1 /* memrchr */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fribidi.h>

#include "ingest/parse.h"
#include "ingest/text_stream.h"
#include "text/lib.h"

/* Bytes of the file the format is sniffed from, and the least of them. */
#define TS_SNIFF_BYTES (64u << 10)
#define TS_SNIFF_TEXT 4096

struct text_stream {
	const char *path;  /* borrowed */
	int fd;
	uint64_t size;
	bool merge;        /* parse_text_merges of the whole file */
	size_t chunk;      /* bytes read at a time */
	char *buf;         /* owned: file bytes from boff on */
	size_t len, cap;
	uint64_t boff;     /* file offset of buf[0], a place parsing starts over */
	bool eof;
	bool all_strong;   /* every line with text has a strong letter */
};

ssize_t
text_stream_pread(int fd, char *p, size_t n, uint64_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(fd, p + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* Whether a byte is space at the ends of a line (as parse_text trims). */
static bool
ts_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Whether s[a, b) (a line without its newline) holds only spaces. */
static bool
ts_blank(const char *s, size_t a, size_t b)
{
	while (a < b && ts_is_space((unsigned char)s[a]))
		a++;
	return a == b;
}

/* Makes buf hold at least n bytes. */
static void
ts_reserve(struct text_stream *ts, size_t n)
{
	if (ts->cap < n) {
		ts->cap = n;
		ts->buf = xrealloc(ts->buf, ts->cap);
	}
}

/* Whether the file is plain text, as doc_load would find: its name, else
 * the look of its decoded start. */
static bool
ts_is_text(struct text_stream *ts)
{
	size_t n = ts->size < TS_SNIFF_BYTES ? (size_t)ts->size : TS_SNIFF_BYTES;

	ts_reserve(ts, n + 1);
	if (text_stream_pread(ts->fd, ts->buf, n, 0) != (ssize_t)n)
		return false;
	if (n < ts->size) {
		/* Decode whole lines only. */
		const char *nl = memrchr(ts->buf, '\n', n);
		if (nl == NULL)
			return false;
		n = (size_t)(nl - ts->buf) + 1;
	}
	struct qerr err;
	static const struct decode_opts utf8 = { .encoding = "UTF-8" };
	struct decoded dec;
	if (decode_bytes(ts->path, ts->buf, n, &utf8, &dec, &err) != 0)
		return false;
	bool text = (n == ts->size || dec.len >= TS_SNIFF_TEXT) &&
		    parse_sniff_format(ts->path, dec.text, dec.len) == DOC_FORMAT_TEXT;
	decoded_free(&dec);
	return text;
}

/* Bytes at the end of p[0, n) that start a UTF-8 sequence the bytes after
 * may finish (0 when p ends on a whole one, or on bytes that are wrong). */
static size_t
ts_partial_tail(const unsigned char *p, size_t n)
{
	size_t back = 0;

	while (back < 3 && back < n && (p[n - 1 - back] & 0xC0) == 0x80)
		back++;
	if (back == n)
		return 0;
	unsigned c = p[n - 1 - back];
	size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	return need > back + 1 ? back + 1 : 0;
}

/* Whether p[0, n) is well-formed UTF-8 without a NUL byte and without
 * U+FEFF: one pass, eight bytes at a time over ASCII. */
static bool
ts_clean(const unsigned char *p, size_t n)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), high = ones << 7;
	size_t i = 0;

	while (i < n) {
		if (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			/* No high bit and no zero byte: eight ASCII characters. */
			if (((w | ((w - ones) & ~w)) & high) == 0) {
				i += 8;
				continue;
			}
		}
		unsigned c = p[i];
		if (c < 0x80) {
			if (c == 0)
				return false;
			i++;
			continue;
		}
		size_t k = n - i;
		if (c >= 0xC2 && c <= 0xDF) {
			if (k < 2 || (p[i + 1] & 0xC0) != 0x80)
				return false;
			i += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
			if (k < 3 || p[i + 1] < lo || p[i + 1] > hi || (p[i + 2] & 0xC0) != 0x80 ||
			    (c == 0xEF && p[i + 1] == 0xBB && p[i + 2] == 0xBF))
				return false;
			i += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
			if (k < 4 || p[i + 1] < lo || p[i + 1] > hi || (p[i + 2] & 0xC0) != 0x80 ||
			    (p[i + 3] & 0xC0) != 0x80)
				return false;
			i += 4;
		} else {
			return false;
		}
	}
	return true;
}

/* Whether every line with text has a strong letter (the one langid_base_dir
 * finds), over lines that come in pieces; an isolate or embedding counts as
 * none. */
struct ts_strong {
	bool strong, text, weak;  /* weak: a line without one was seen */
};

static void
ts_strong_scan(struct ts_strong *d, const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n && !d->weak) {
		if (d->strong) {
			const unsigned char *nl = memchr(p + i, '\n', n - i);
			if (nl == NULL)
				return;
			i = (size_t)(nl - p) + 1;
			d->strong = d->text = false;
			continue;
		}
		uint32_t c = p[i];
		size_t k = 1;
		if (c == '\n') {
			d->weak = d->text;
		} else if (c < 0x80) {
			if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
				d->strong = true;
			else if (!ts_is_space((unsigned char)c))
				d->text = true;
		} else {
			k = utf8_next(p + i, n - i, &c);
			FriBidiCharType t = fribidi_get_bidi_type((FriBidiChar)c);
			if (t == FRIBIDI_TYPE_LTR || t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL)
				d->strong = true;
			else if (FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t))
				d->weak = true;
			else
				d->text = true;
		}
		i += k;
	}
}

/* The line scan of parse_text_merges over file bytes s[0, n) at file offset
 * off: a blank line after a line with text, and a line after it. */
struct ts_merge {
	bool seen_text, text, found;
};

static void
ts_merge_scan(struct ts_merge *m, const char *s, size_t n, uint64_t off, uint64_t size)
{
	size_t a = 0;

	while (a < n && !m->found) {
		const char *nl = memchr(s + a, '\n', n - a);
		size_t e = nl != NULL ? (size_t)(nl - s) : n;
		if (!ts_blank(s, a, e))
			m->text = true;
		if (nl == NULL)
			break;
		if (!m->text && m->seen_text && off + e + 1 < size)
			m->found = true;
		m->seen_text = m->seen_text || m->text;
		m->text = false;
		a = e + 1;
	}
}

/* The first read through the file: valid UTF-8 without NUL bytes, U+FEFF
 * only at the start, and its paragraph rule. */
static bool
ts_check(struct text_stream *ts, size_t skip)
{
	struct ts_merge m = { false, false, false };
	struct ts_strong d = { false, false, false };
	size_t carry = 0;

	ts_reserve(ts, ts->chunk + 4);
	for (uint64_t off = 0; off < ts->size;) {
		ssize_t got = text_stream_pread(ts->fd, ts->buf + carry, ts->chunk, off);
		if (got <= 0)
			return false;
		size_t n = (size_t)got, all = carry + n;
		const uint8_t *u = (const uint8_t *)ts->buf;
		size_t tail = off + n < ts->size ? ts_partial_tail(u, all) : 0;
		/* The byte-order mark at the start is not text. */
		uint64_t start = off - carry;
		size_t whole = all - tail, from = start < skip ? (size_t)(skip - start) : 0;
		size_t lfrom = off < skip ? (size_t)(skip - off) : 0;
		if (from > whole)
			from = whole;
		if (lfrom > n)
			lfrom = n;
		if (!ts_clean(u + from, whole - from))
			return false;
		ts_strong_scan(&d, u + from, whole - from);
		if (!m.found)
			ts_merge_scan(&m, ts->buf + carry + lfrom, n - lfrom, off + lfrom, ts->size);
		memmove(ts->buf, ts->buf + whole, tail);
		carry = tail;
		off += n;
	}
	ts->merge = m.found;
	ts->all_strong = !d.weak && !(d.text && !d.strong);
	return carry == 0;
}

struct text_stream *
text_stream_open(const char *path, const struct doc_opts *opts, size_t chunk)
{
	struct stat sb;

	if (strcmp(path, "-") == 0 || opts->decode.encoding != NULL || opts->decode.allow_binary ||
	    (opts->format != DOC_FORMAT_AUTO && opts->format != DOC_FORMAT_TEXT))
		return NULL;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size <= 0) {
		close(fd);
		return NULL;
	}
	struct text_stream *ts = xcalloc(1, sizeof *ts);
	ts->path = path;
	ts->fd = fd;
	ts->size = (uint64_t)sb.st_size;
	ts->chunk = chunk > 0 ? chunk : TEXT_STREAM_CHUNK;
	size_t skip = 0;
	char bom[3];
	if (text_stream_pread(fd, bom, 3, 0) == 3 && memcmp(bom, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	if ((opts->format != DOC_FORMAT_TEXT && !ts_is_text(ts)) || !ts_check(ts, skip)) {
		text_stream_close(ts);
		return NULL;
	}
	return ts;
}

/* The end of the last stretch in buf that is whole (a place parsing
 * starts over), 0 when there is none yet. */
static size_t
ts_safe_end(const struct text_stream *ts)
{
	const char *b = ts->buf;

	if (ts->eof)
		return ts->len;
	if (ts->len == 0)
		return 0; /* a new reader (text_stream_dup) has no buffer yet */
	const char *nl = memrchr(b, '\n', ts->len);
	if (nl == NULL)
		return 0;
	size_t e = (size_t)(nl - b);
	if (!ts->merge)
		return e + 1;
	/* The last blank line's newline. */
	for (;;) {
		const char *pnl = e > 0 ? memrchr(b, '\n', e) : NULL;
		size_t ls = pnl != NULL ? (size_t)(pnl - b) + 1 : 0;
		if (ts_blank(b, ls, e))
			return e + 1;
		if (pnl == NULL)
			return 0;
		e = (size_t)(pnl - b);
	}
}

struct doc *
text_stream_next(struct text_stream *ts, struct qerr *err)
{
	err->msg[0] = '\0';
	for (;;) {
		size_t end = ts_safe_end(ts);
		if (end > 0) {
			/* The buffer goes to the document (its text when decoding
			 * changes nothing): the rest moves to a new one. */
			char *frag = ts->buf;
			size_t rest = ts->len - end;
			ts->cap = rest + ts->chunk + 1;
			ts->buf = xmalloc(ts->cap);
			memcpy(ts->buf, frag + end, rest);
			frag[end] = '\0';
			ts->len = rest;
			ts->boff += end;
			return doc_load_fragment_owned(ts->path, frag, end, ts->merge, err);
		}
		if (ts->eof)
			return NULL;
		ts_reserve(ts, ts->len + ts->chunk + 1);
		ssize_t n = text_stream_pread(ts->fd, ts->buf + ts->len, ts->chunk, ts->boff + ts->len);
		if (n < 0) {
			qerr_set(err, "%s: %s", ts->path, strerror(errno));
			return NULL;
		}
		ts->len += (size_t)n;
		ts->eof = n == 0;
	}
}

uint64_t
text_stream_size(const struct text_stream *ts)
{
	return ts->size;
}

bool
text_stream_all_strong(const struct text_stream *ts)
{
	return ts->all_strong;
}

struct text_stream *
text_stream_dup(const struct text_stream *ts)
{
	int fd = dup(ts->fd);

	if (fd < 0)
		return NULL;
	struct text_stream *t = xcalloc(1, sizeof *t);
	t->path = ts->path;
	t->fd = fd;
	t->size = ts->size;
	t->merge = ts->merge;
	t->chunk = ts->chunk;
	return t;
}

void
text_stream_close(struct text_stream *ts)
{
	if (ts == NULL)
		return;
	close(ts->fd);
	free(ts->buf);
	free(ts);
}
