/* dictd dictionaries under the lexicon: the .index is mapped and searched
 * in place by binary search in dictd's order (lowercase, letters, digits
 * and spaces only, then code point order), so that a look-up costs a few
 * dozen index lines whatever the dictionary's size; entries come through
 * dictzip. Every index line a search touches is checked. */
#include <config.h>

#include "lexicon/dictd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/uchar.h>

#include "lexicon/dictzip.h"

struct dictd {
	char *name;       /* owned */
	char *index_path; /* owned */
	char *dict_path;  /* owned */
	bool opened;      /* tried to open */
	bool failed;      /* an error disabled it */
	const char *map;  /* owned mapping of the index */
	size_t map_len;
	struct dictzip *dz; /* owned */
	struct strbuf a, b; /* scratch for folded headwords */
};

struct dictd *
dictd_new(const char *name, const char *index_path, const char *dict_path)
{
	struct dictd *d = xcalloc(1, sizeof *d);
	d->name = xstrdup(name);
	d->index_path = xstrdup(index_path);
	d->dict_path = xstrdup(dict_path);
	return d;
}

void
dictd_free(struct dictd *d)
{
	if (!d)
		return;
	if (d->map && d->map_len)
		munmap((void *)d->map, d->map_len);
	dictzip_free(d->dz);
	strbuf_free(&d->a);
	strbuf_free(&d->b);
	free(d->name);
	free(d->index_path);
	free(d->dict_path);
	free(d);
}

const char *
dictd_name(const struct dictd *d)
{
	return d->name;
}

bool
dictd_failed(const struct dictd *d)
{
	return d->failed;
}

void
dictd_fold(const char *s, size_t len, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	strbuf_grow(out, len);
	while (i < len) {
		uint32_t c;
		i += utf8_next(p + i, len - i, &c);
		if (c < 0x80) {
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ')
				strbuf_putc(out, (char)c);
			else if (c >= 'A' && c <= 'Z')
				strbuf_putc(out, (char)(c - 'A' + 'a'));
			else if (c == '\t')
				strbuf_putc(out, ' ');
			continue;
		}
		if (u_isalnum((UChar32)c))
			strbuf_put_utf8(out, (unsigned long)u_tolower((UChar32)c));
		else if (u_isspace((UChar32)c))
			strbuf_putc(out, ' ');
	}
	out->data[out->len] = '\0';
}

/* Maps the index and opens the text; false with err set. */
static bool
dictd_load(struct dictd *d, struct qerr *err)
{
	if (d->opened)
		return !d->failed;
	d->opened = true;
	d->failed = true;
	int fd = open(d->index_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		qerr_set(err, "%s: %s", d->index_path, strerror(errno));
		return false;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		qerr_set(err, "%s: not a regular file", d->index_path);
		close(fd);
		return false;
	}
	d->map_len = (size_t)st.st_size;
	if (d->map_len > 0) {
		void *m = mmap(NULL, d->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m == MAP_FAILED) {
			qerr_set(err, "%s: %s", d->index_path, strerror(errno));
			close(fd);
			d->map_len = 0;
			return false;
		}
		d->map = m;
	}
	close(fd);
	if (d->map_len == 0 || d->map[d->map_len - 1] != '\n') {
		qerr_set(err, "%s: %s", d->index_path,
			 d->map_len == 0 ? "empty index" : "truncated: the last line has no end");
		return false;
	}
	d->dz = dictzip_open(d->dict_path, err);
	if (!d->dz)
		return false;
	d->failed = false;
	return true;
}

/* The value of a number in dictd's base64 digits; false when it has a
 * character that is no such digit or overflows. */
static bool
b64_value(const char *s, size_t n, uint64_t *v)
{
	*v = 0;
	if (n == 0 || n > 10)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned d;
		if (c >= 'A' && c <= 'Z')
			d = c - 'A';
		else if (c >= 'a' && c <= 'z')
			d = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			d = c - '0' + 52;
		else if (c == '+')
			d = 62;
		else if (c == '/')
			d = 63;
		else
			return false;
		*v = *v << 6 | d;
	}
	return true;
}

/* One parsed index line. */
struct line {
	size_t start, end; /* the line, end at its '\n' */
	size_t hw_len;     /* the headword is [start, start + hw_len) */
	uint64_t off, len;
};

/* Parses the line starting at pos; false with err set when it is not
 * "headword TAB offset TAB length" or points past the text. */
static bool
line_at(struct dictd *d, size_t pos, struct line *ln, struct qerr *err)
{
	const char *s = d->map + pos;
	const char *nl = memchr(s, '\n', d->map_len - pos);
	size_t n = (size_t)(nl - s); /* the map ends in '\n' */
	const char *t1 = memchr(s, '\t', n);
	const char *t2 = t1 ? memchr(t1 + 1, '\t', n - (size_t)(t1 + 1 - s)) : NULL;

	ln->start = pos;
	ln->end = pos + n;
	if (!t1 || !t2) {
		qerr_set(err, "%s: bad index line at byte %zu: not headword, offset and length "
			 "separated by tabs", d->index_path, pos);
		return false;
	}
	ln->hw_len = (size_t)(t1 - s);
	size_t len_n = n - (size_t)(t2 + 1 - s);
	if (len_n > 0 && s[n - 1] == '\r')
		len_n--;
	if (!b64_value(t1 + 1, (size_t)(t2 - t1 - 1), &ln->off) ||
	    !b64_value(t2 + 1, len_n, &ln->len)) {
		qerr_set(err, "%s: bad index line at byte %zu: offset or length is not in base64 digits",
			 d->index_path, pos);
		return false;
	}
	uint64_t size = dictzip_size(d->dz);
	if (ln->off > size || ln->len > size - ln->off) {
		qerr_set(err, "%s: bad index line at byte %zu: the entry (%llu bytes at %llu) lies past "
			 "the end of %s (%llu bytes)", d->index_path, pos,
			 (unsigned long long)ln->len, (unsigned long long)ln->off, d->dict_path,
			 (unsigned long long)size);
		return false;
	}
	return true;
}

/* The start of the line that holds byte pos, no earlier than lo. */
static size_t
line_start(const struct dictd *d, size_t pos, size_t lo)
{
	while (pos > lo && d->map[pos - 1] != '\n')
		pos--;
	return pos;
}

/* Folds the headword of ln into sb (reset first). */
static const char *
line_key(const struct dictd *d, const struct line *ln, struct strbuf *sb)
{
	strbuf_reset(sb);
	dictd_fold(d->map + ln->start, ln->hw_len, sb);
	return sb->data;
}

/* The first line whose folded headword is not below key (d->map_len when
 * none): a binary search over bytes that checks the order of every line it
 * probes against the next one. */
static bool
lower_bound(struct dictd *d, const char *key, size_t *found, struct qerr *err)
{
	size_t lo = 0, hi = d->map_len;
	struct line ln, next;

	while (lo < hi) {
		size_t s = line_start(d, lo + (hi - lo) / 2, lo);
		if (!line_at(d, s, &ln, err))
			return false;
		const char *k = line_key(d, &ln, &d->a);
		if (ln.end + 1 < d->map_len) {
			if (!line_at(d, ln.end + 1, &next, err))
				return false;
			if (strcmp(k, line_key(d, &next, &d->b)) > 0) {
				qerr_set(err, "%s: the index is not sorted: the line at byte %zu comes "
					 "before the line at byte %zu", d->index_path, next.start, ln.start);
				return false;
			}
		}
		if (strcmp(k, key) < 0)
			lo = ln.end + 1;
		else
			hi = s;
	}
	*found = lo;
	return true;
}

static void
hits_push(struct dictd_hits *hits, const struct dictd *d, const struct line *ln)
{
	if (hits->n == hits->cap) {
		hits->cap = hits->cap ? 2 * hits->cap : 8;
		hits->v = xreallocarray(hits->v, hits->cap, sizeof *hits->v);
	}
	struct dictd_hit *h = &hits->v[hits->n++];
	h->headword = xstrndup(d->map + ln->start, ln->hw_len);
	h->off = ln->off;
	h->len = ln->len;
}

/* The lines from key's lower bound on whose folded headword is key
 * (prefix false) or starts with key as a word's start (prefix true). */
static bool
find(struct dictd *d, const char *key, bool prefix, size_t max, struct dictd_hits *hits,
     struct qerr *err)
{
	size_t pos, klen = strlen(key);
	struct line ln;

	if (!dictd_load(d, err))
		return false;
	if (!lower_bound(d, key, &pos, err)) {
		d->failed = true;
		return false;
	}
	for (size_t n = 0; n < max && pos < d->map_len; pos = ln.end + 1) {
		if (!line_at(d, pos, &ln, err)) {
			d->failed = true;
			return false;
		}
		const char *k = line_key(d, &ln, &d->a);
		if (strncmp(k, key, klen) != 0)
			break;
		if (!prefix && k[klen] != '\0')
			break;
		if (prefix && strchr(k + klen, ' '))
			continue; /* a phrase: the words look-ups stem are single */
		hits_push(hits, d, &ln);
		n++;
	}
	return true;
}

bool
dictd_find(struct dictd *d, const char *key, size_t max, struct dictd_hits *hits,
	   struct qerr *err)
{
	return find(d, key, false, max, hits, err);
}

bool
dictd_find_prefix(struct dictd *d, const char *prefix, size_t max, struct dictd_hits *hits,
		  struct qerr *err)
{
	return find(d, prefix, true, max, hits, err);
}

bool
dictd_fetch(struct dictd *d, const struct dictd_hit *hit, struct strbuf *out, struct qerr *err)
{
	if (!dictd_load(d, err))
		return false;
	if (!dictzip_read(d->dz, hit->off, hit->len, out, err)) {
		d->failed = true;
		return false;
	}
	return true;
}

void
dictd_hits_free(struct dictd_hits *hits)
{
	for (size_t i = 0; i < hits->n; i++)
		free(hits->v[i].headword);
	free(hits->v);
	hits->v = NULL;
	hits->n = hits->cap = 0;
}

/* True for the bytes trimmed off a field: white space, and NULs, which
 * would cut the strings made of it. */
static bool
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\0';
}

/* [s, e) without blanks at either end. */
static void
trim(const char **s, const char **e)
{
	while (*s < *e && blank(**s))
		(*s)++;
	while (*e > *s && blank((*e)[-1]))
		(*e)--;
}

void
dictd_entry_parse(const char *text, size_t len, struct dictd_entry *e)
{
	const char *p = text, *end = text + len;
	const char *nl = memchr(p, '\n', len);
	const char *l1e = nl ? nl : end;
	size_t cap = 0;

	memset(e, 0, sizeof *e);
	/* The first line: headword, then "/pron/" and "<pos>" when there. */
	const char *hw_end = l1e;
	for (const char *q = p; q + 1 < l1e; q++)
		if (*q == ' ' && (q[1] == '/' || q[1] == '<')) {
			hw_end = q;
			break;
		}
	const char *hs = p, *he = hw_end;
	trim(&hs, &he);
	e->headword = xstrndup(hs, (size_t)(he - hs));
	const char *ps = memchr(hw_end, '/', (size_t)(l1e - hw_end));
	const char *pe = ps ? memchr(ps + 1, '/', (size_t)(l1e - ps - 1)) : NULL;
	e->pron = pe ? xstrndup(ps + 1, (size_t)(pe - ps - 1)) : xstrdup("");
	/* Then one sense a line. */
	for (p = nl ? nl + 1 : end; p < end;) {
		const char *le = memchr(p, '\n', (size_t)(end - p));
		if (!le)
			le = end;
		const char *s = p, *se = le;
		trim(&s, &se);
		const char *d = s;
		while (d < se && *d >= '0' && *d <= '9')
			d++;
		if (d > s && d + 1 < se && d[0] == '.' && d[1] == ' ')
			s = d + 2;
		trim(&s, &se);
		if (se > s) {
			if (e->nsenses == cap) {
				cap = cap ? 2 * cap : 4;
				e->senses = xreallocarray(e->senses, cap, sizeof *e->senses);
			}
			e->senses[e->nsenses++] = xstrndup(s, (size_t)(se - s));
		}
		p = le + 1;
	}
}

void
dictd_entry_free(struct dictd_entry *e)
{
	free(e->headword);
	free(e->pron);
	for (size_t i = 0; i < e->nsenses; i++)
		free(e->senses[i]);
	free(e->senses);
	memset(e, 0, sizeof *e);
}

/* The length of a leading word w followed by a space in [s, e), or 0. */
static size_t
leading(const char *s, const char *e, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(e - s) > n && strncasecmp(s, w, n) == 0 && s[n] == ' ')
		return n + 1;
	return 0;
}

void
dictd_sense_translations(const char *sense, void (*fn)(const char *t, size_t len, void *arg),
			 void *arg)
{
	static const char *const lead[] = { "to", "the", "a", "an" };
	struct strbuf sb = STRBUF_INIT;
	int depth = 0;

	/* Without the notes in (), [] and <>. */
	for (const char *q = sense; *q; q++) {
		if (*q == '(' || *q == '[' || *q == '<')
			depth++;
		else if ((*q == ')' || *q == ']' || *q == '>') && depth > 0)
			depth--;
		else if (depth == 0)
			strbuf_putc(&sb, *q);
	}
	if (!sb.data)
		return; /* only notes */
	const char *p = sb.data, *end = sb.data + sb.len;
	while (p < end) {
		const char *q = p;
		while (q < end && *q != ',' && *q != ';')
			q++;
		const char *s = p, *e = q;
		trim(&s, &e);
		for (size_t i = 0; i < sizeof lead / sizeof *lead; i++) {
			size_t n = leading(s, e, lead[i]);
			if (n) {
				s += n;
				trim(&s, &e);
				break;
			}
		}
		if (e > s)
			fn(s, (size_t)(e - s), arg);
		p = q + 1;
	}
	strbuf_free(&sb);
}
