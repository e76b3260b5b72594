/* The byte scan of the stream search: for one character of the query, the
 * set of raw characters that can stand for it once the text is decoded to
 * NFC (and folded, for loose search), found by going through every code
 * point once; and the check that the file decodes as UTF-8 untouched but
 * for NFC. Both err on the side of loading: a form too many costs time,
 * a form too few would lose a hit. */
#include <config.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
/* Blocks of 32 and 64 bytes where the processor has AVX2 (cpu_has_avx2,
 * asked when the program runs: the build targets every x86-64). */
#if defined(__x86_64__) && defined(__GNUC__)
#define PROBE_AVX2 1
#include <immintrin.h>
#endif

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "text/lib.h"
#include "cli/search_probe.h"

/* The query characters tried as the probe. */
#define PROBE_CHARS 24
/* Lead bytes looked for sixteen at a time. */
#define PROBE_SIMD 8

struct search_probe {
	unsigned char lead[256];   /* 1 when a form starts with the byte */
	uint32_t first[257];       /* forms starting with byte b: [first[b], first[b + 1]) */
	unsigned char (*form)[4];  /* owned, sorted by their first byte */
	uint8_t *flen;             /* owned */
	size_t nforms;
	unsigned char simd[PROBE_SIMD]; /* the lead bytes, when few */
	int nsimd;
	/* The last bytes of the forms, when few and rarer in the file than
	 * the lead bytes (an Arabic letter's second byte, not the lead byte
	 * of a whole block of letters); lens: a bit for each form length. */
	unsigned char tail[PROBE_SIMD];
	int ntail;
	unsigned lens;
	/* What a hit holds (search_query_literal) in code points, and the
	 * probe's character among them. */
	uint32_t *needle;          /* owned */
	size_t m;
	uint32_t c;
	bool loose;
	bool avx2;                 /* the processor has AVX2 */
	/* The lead bytes as two pshufb tables (probe_scan_set_avx2): for a
	 * low nibble, bit h of lo16[nibble] says whether byte h << 4 | nibble
	 * is a lead byte, of hi16[nibble] whether 0x80 | h << 4 | nibble is. */
	unsigned char lo16[16], hi16[16];
	/* The same of the forms' second bytes, when every form has one
	 * (pair): a place is then a candidate only when its next byte is one
	 * of them too (an Arabic letter's lead byte is most of the text's). */
	unsigned char lo16b[16], hi16b[16];
	bool pair;
	/* Exact search with one form: the bytes a hit holds right after it
	 * (the first two of the query character after each place of the
	 * probe's in the query, when that character has no other raw form),
	 * follow_off bytes after the byte scanned for; a form followed by
	 * none of them, nor by a line break, is no candidate. nfollow 0:
	 * any form is one. */
	unsigned char follow[PROBE_SIMD][2];
	uint8_t follow_len[PROBE_SIMD];
	int nfollow;
	size_t follow_off;
};

/* A growable set of code points. */
struct cpset {
	uint32_t *v;
	size_t n, cap;
};

static void
cpset_add(struct cpset *s, uint32_t c)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == c)
			return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->v[s->n++] = c;
}

static bool
cpset_has(const struct cpset *s, uint32_t c)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == c)
			return true;
	return false;
}

/* One candidate character of the query and what stands for it. */
struct probe_cand {
	uint32_t c;
	bool unsafe;       /* something that folds to c starts with a mark */
	struct cpset d0;   /* first characters of the NFD of what becomes c */
	struct cpset raw;  /* raw characters whose NFD holds one of d0 */
};

/* The canonical decomposition of c in UTF-32 (at most cap), or c itself;
 * returns its length. */
static size_t
probe_nfd(const UNormalizer2 *nfd, uint32_t c, uint32_t *out, size_t cap)
{
	UChar u[32];
	UErrorCode ec = U_ZERO_ERROR;
	int32_t n = unorm2_getDecomposition(nfd, (UChar32)c, u, 32, &ec);
	size_t k = 0;

	if (n <= 0 || U_FAILURE(ec)) {
		out[0] = c;
		return 1;
	}
	for (int32_t i = 0; i < n && k < cap;) {
		UChar32 cp;
		U16_NEXT(u, i, n, cp);
		out[k++] = (uint32_t)cp;
	}
	return k;
}

/* Notes that x becomes candidate j's character: the first character of
 * its NFD is then a raw character's to look for. */
static void
probe_note(struct probe_cand *cand, const UNormalizer2 *nfd, uint32_t x)
{
	uint32_t d[32];

	probe_nfd(nfd, x, d, 32);
	if (u_getCombiningClass((UChar32)d[0]) != 0)
		cand->unsafe = true;
	cpset_add(&cand->d0, d[0]);
}

/* Calls fn(x, arg) for each code point in the ICU set pattern (ASCII). */
static void
probe_each_in(const char *pattern, void (*fn)(uint32_t x, void *arg), void *arg)
{
	UChar pat[256];
	UErrorCode ec = U_ZERO_ERROR;

	u_uastrncpy(pat, pattern, 255);
	pat[255] = 0;
	USet *set = uset_openPattern(pat, -1, &ec);
	if (U_FAILURE(ec)) {
		/* Not expected: then every code point. */
		for (uint32_t x = 0; x < 0x110000; x++)
			fn(x, arg);
		return;
	}
	int32_t n = uset_getRangeCount(set);
	for (int32_t i = 0; i < n; i++) {
		UChar32 a, b;
		ec = U_ZERO_ERROR;
		uset_getItem(set, i, &a, &b, NULL, 0, &ec);
		for (UChar32 x = a; x <= b; x++)
			fn((uint32_t)x, arg);
	}
	uset_close(set);
}

/* What probe_sources passes along to each code point it tries. */
struct probe_job {
	struct probe_cand *cand;
	size_t ncand;
	const UNormalizer2 *nfd;
};

/* Notes x for every candidate its folded form holds. */
static void
probe_try_fold(uint32_t x, void *arg)
{
	struct probe_job *job = arg;
	char f[FOLD_CHAR_MAX];

	if (x >= 0xD800 && x <= 0xDFFF)
		return;
	size_t n = fold_char_once(x, f);
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += utf8_next_as((const unsigned char *)f + i, n - i, &c, UTF8_INVALID_BYTE);
		for (size_t j = 0; j < job->ncand; j++)
			if (job->cand[j].c == c)
				probe_note(&job->cand[j], job->nfd, x);
	}
}

/* Fills each candidate's d0: what becomes the character once decoded and,
 * when loose, folded. fold_char(x) is x itself or nothing but for a
 * change under NFKC case folding, a decomposition (whose marks go), a
 * digit, a space, a letter variant, and below U+0800 (where fold.c also
 * spells out ligatures such as æ): only those are folded, which spares
 * building the fold table for the scripts that fold to themselves. */
static void
probe_sources(struct probe_cand *cand, size_t ncand, bool loose, const UNormalizer2 *nfd)
{
	struct probe_job job = { cand, ncand, nfd };

	for (size_t j = 0; j < ncand; j++)
		probe_note(&cand[j], nfd, cand[j].c);
	if (!loose)
		return;
	for (uint32_t x = 0; x < 0x800; x++)
		probe_try_fold(x, &job);
	for (uint32_t x = 0x800; x < 0x10000; x++)
		if (fold_variant(x, FOLD_SEARCH) != (int32_t)x)
			probe_try_fold(x, &job);
	/* Not the Hangul syllables, a third of the set: each folds to
	 * itself (its jamo compose back), so it can stand for no other
	 * character (test_fold checks that). */
	probe_each_in("[[[:Changes_When_NFKC_Casefolded:][:NFKD_Quick_Check=No:][:Nd:]"
		      "[:White_Space:]]-[:Hangul_Syllable_Type=LV:]-[:Hangul_Syllable_Type=LVT:]]",
		      probe_try_fold, &job);
}

/* What probe_raw passes along to each code point it tries. */
struct probe_raw_job {
	struct probe_cand *cand;
	size_t ncand;
	const UNormalizer2 *nfd;
	const uint8_t *any;     /* a bit for every d0 of every candidate */
};

/* Adds y to the raw set of every candidate one of whose d0 its NFD holds. */
static void
probe_try_raw(uint32_t y, void *arg)
{
	struct probe_raw_job *job = arg;
	uint32_t d[32];
	size_t n = probe_nfd(job->nfd, y, d, 32);

	for (size_t i = 0; i < n; i++) {
		if (!(job->any[d[i] >> 3] & (1u << (d[i] & 7))))
			continue;
		for (size_t j = 0; j < job->ncand; j++)
			if (cpset_has(&job->cand[j].d0, d[i]))
				cpset_add(&job->cand[j].raw, y);
	}
}

/* Fills each candidate's raw set: its d0 (each its own NFD) and the
 * characters with a canonical decomposition that holds one of them. */
static void
probe_raw(struct probe_cand *cand, size_t ncand, const UNormalizer2 *nfd)
{
	uint8_t *any = xcalloc(0x110000 / 8, 1);
	struct probe_raw_job job = { cand, ncand, nfd, any };

	for (size_t j = 0; j < ncand; j++)
		for (size_t k = 0; k < cand[j].d0.n; k++) {
			uint32_t d = cand[j].d0.v[k];
			any[d >> 3] |= (uint8_t)(1u << (d & 7));
			cpset_add(&cand[j].raw, d);
		}
	probe_each_in("[:NFD_Quick_Check=No:]", probe_try_raw, &job);
	free(any);
}

static int
probe_form_cmp(const void *a, const void *b)
{
	return (int)((const unsigned char *)a)[0] - (int)((const unsigned char *)b)[0];
}

/* Builds the scan for a set of raw characters. */
static struct search_probe *
probe_build(const struct cpset *raw)
{
	struct search_probe *p = xcalloc(1, sizeof *p);
	unsigned char (*tmp)[5] = xcalloc(raw->n ? raw->n : 1, sizeof *tmp);

	for (size_t i = 0; i < raw->n; i++)
		tmp[i][4] = (unsigned char)utf8_encode(raw->v[i], (char *)tmp[i]);
	qsort(tmp, raw->n, sizeof *tmp, probe_form_cmp);
	p->nforms = raw->n;
	p->form = xcalloc(raw->n ? raw->n : 1, sizeof *p->form);
	p->flen = xcalloc(raw->n ? raw->n : 1, 1);
	for (size_t i = 0; i < raw->n; i++) {
		memcpy(p->form[i], tmp[i], 4);
		p->flen[i] = tmp[i][4];
		p->lead[tmp[i][0]] = 1;
	}
	free(tmp);
	size_t k = 0;
	for (unsigned b = 0; b < 256; b++) {
		p->first[b] = (uint32_t)k;
		while (k < p->nforms && p->form[k][0] == b)
			k++;
	}
	p->first[256] = (uint32_t)k;
	int nlead = 0;
	for (unsigned b = 0; b < 256; b++)
		if (p->lead[b] && nlead++ < PROBE_SIMD)
			p->simd[nlead - 1] = (unsigned char)b;
	p->nsimd = nlead <= PROBE_SIMD ? nlead : 0;
	for (unsigned b = 0; b < 256; b++)
		if (p->lead[b])
			(b < 0x80 ? p->lo16 : p->hi16)[b & 15] |= (unsigned char)(1u << ((b >> 4) & 7));
	p->pair = p->nforms > 0;
	for (size_t i = 0; i < p->nforms; i++) {
		unsigned b = p->form[i][1];
		p->pair = p->pair && p->flen[i] >= 2;
		(b < 0x80 ? p->lo16b : p->hi16b)[b & 15] |= (unsigned char)(1u << ((b >> 4) & 7));
	}
	return p;
}

/* Scans for the forms' last bytes instead of their lead bytes when there
 * are few of them and the sample's histogram hist says they are rarer. */
static void
probe_choose_tail(struct search_probe *p, const size_t *hist)
{
	unsigned char last[256] = { 0 };
	size_t nlead = 0, nlast = 0;
	int n = 0;

	for (size_t i = 0; i < p->nforms; i++) {
		last[p->form[i][p->flen[i] - 1]] = 1;
		p->lens |= 1u << p->flen[i];
	}
	for (unsigned b = 0; b < 256; b++) {
		nlead += p->lead[b] ? hist[b] : 0;
		nlast += last[b] ? hist[b] : 0;
		if (last[b] && n++ < PROBE_SIMD)
			p->tail[n - 1] = (unsigned char)b;
	}
	p->ntail = n <= PROBE_SIMD && nlast < nlead ? n : 0;
}

uint32_t
search_probe_char(const struct search_probe *p)
{
	return p->c;
}

int
search_probe_follow_pairs(const struct search_probe *p)
{
	return p->nfollow;
}

void
search_probe_narrow(struct search_probe *p)
{
	p->avx2 = false;
}

void
search_probe_free(struct search_probe *p)
{
	if (p == NULL)
		return;
	free(p->form);
	free(p->flen);
	free(p->needle);
	free(p);
}

/* Whether a form starts at s[i] (and ends before to). */
static inline bool
probe_at(const struct search_probe *p, const unsigned char *s, size_t i, size_t to)
{
	unsigned b = s[i];

	for (uint32_t k = p->first[b]; k < p->first[b + 1]; k++) {
		size_t n = p->flen[k], j = 1;
		if (i + n > to)
			continue;
		/* At most four bytes, the first known: no call to memcmp. */
		while (j < n && s[i + j] == p->form[k][j])
			j++;
		if (j == n)
			return true;
	}
	return false;
}

/* Whether a form ends at s[j] and starts at or after from. */
static inline size_t
probe_ending_at(const struct search_probe *p, const unsigned char *s, size_t from, size_t j,
		size_t to)
{
	for (size_t len = 1; len <= 4; len++)
		if ((p->lens & (1u << len)) && j + 1 >= from + len && p->lead[s[j + 1 - len]] &&
		    probe_at(p, s, j + 1 - len, to))
			return j + 1 - len;
	return SIZE_MAX;
}

/* The first form among the places of mask, bit k for s[base + k], a byte
 * scanned for (a form's last byte when tail, else its lead); SIZE_MAX when
 * none is one. */
static inline size_t
probe_first_in(const struct search_probe *p, const unsigned char *s, size_t from, size_t base,
	       uint64_t mask, size_t to, bool tail)
{
	while (mask != 0) {
		size_t j = base + (unsigned)__builtin_ctzll(mask);
		size_t at = tail ? probe_ending_at(p, s, from, j, to)
			    : probe_at(p, s, j, to) ? j : SIZE_MAX;
		if (at != SIZE_MAX)
			return at;
		mask &= mask - 1;
	}
	return SIZE_MAX;
}

/* Whether the bytes after the form whose scanned byte is s[j] may be
 * those of a hit (always, without follow bytes, or when they run past
 * to). */
static inline bool
probe_follows(const struct search_probe *p, const unsigned char *s, size_t j, size_t to)
{
	size_t a = j + p->follow_off;

	if (p->nfollow == 0 || a + 2 > to)
		return true;
	if (s[a] == '\n' || s[a] == '\r')
		return true; /* lines a block joins */
	for (int k = 0; k < p->nfollow; k++)
		if (s[a] == p->follow[k][0] && (p->follow_len[k] < 2 || s[a + 1] == p->follow[k][1]))
			return true;
	return false;
}

#ifdef PROBE_AVX2
static size_t probe_scan_follow_avx2(const struct search_probe *p, const unsigned char *s,
				     size_t from, size_t *pi, size_t to);
#endif

/* search_probe_next when one byte is looked for: memchr, which the C
 * library tunes to the processor (wider vectors than SSE2, unrolled); or,
 * with follow bytes and AVX2, the byte and the ones after it compared
 * thirty-two at a time. */
static size_t
probe_next_byte(const struct search_probe *p, const unsigned char *s, size_t from, size_t to)
{
	bool tail = p->ntail > 0;
	unsigned char b = tail ? p->tail[0] : p->simd[0];
	size_t i = from;

#ifdef PROBE_AVX2
	if (p->nfollow > 0 && p->avx2) {
		size_t at = probe_scan_follow_avx2(p, s, from, &i, to);
		if (at != SIZE_MAX)
			return at;
	}
#endif
	while (i < to) {
		const unsigned char *m = memchr(s + i, b, to - i);
		if (m == NULL)
			break;
		size_t j = (size_t)(m - s);
		size_t at = !probe_follows(p, s, j, to) ? SIZE_MAX
			    : tail ? probe_ending_at(p, s, from, j, to)
			    : probe_at(p, s, j, to) ? j : SIZE_MAX;
		if (at != SIZE_MAX)
			return at;
		i = j + 1;
	}
	return to;
}

#ifdef PROBE_AVX2
/* The 64-bit mask of the top bits of two vectors of bytes, lo first. */
__attribute__((target("avx2"))) static inline uint64_t
avx2_mask64(__m256i lo, __m256i hi)
{
	return (uint32_t)_mm256_movemask_epi8(lo) | (uint64_t)(uint32_t)_mm256_movemask_epi8(hi) << 32;
}

/* The scan of search_probe_next for the last bytes (tail) or the lead
 * bytes, sixty-four bytes at a time from *pi: the form found, or SIZE_MAX
 * with *pi where fewer than sixty-four bytes are left. */
__attribute__((target("avx2"))) static size_t
probe_scan_avx2(const struct search_probe *p, const unsigned char *s, size_t from, size_t *pi,
		size_t to, bool tail)
{
	const unsigned char *bytes = tail ? p->tail : p->simd;
	int nb = tail ? p->ntail : p->nsimd;
	__m256i v[PROBE_SIMD];
	size_t i = *pi;

	for (int k = 0; k < nb; k++)
		v[k] = _mm256_set1_epi8((char)bytes[k]);
	for (; i + 64 <= to; i += 64) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		__m256i y = _mm256_loadu_si256((const __m256i *)(const void *)(s + i + 32));
		__m256i mx = _mm256_cmpeq_epi8(x, v[0]), my = _mm256_cmpeq_epi8(y, v[0]);
		for (int k = 1; k < nb; k++) {
			mx = _mm256_or_si256(mx, _mm256_cmpeq_epi8(x, v[k]));
			my = _mm256_or_si256(my, _mm256_cmpeq_epi8(y, v[k]));
		}
		size_t at = probe_first_in(p, s, from, i, avx2_mask64(mx, my), to, tail);
		if (at != SIZE_MAX) {
			*pi = i;
			return at;
		}
	}
	*pi = i;
	return SIZE_MAX;
}

/* probe_next_byte's scan with follow bytes, thirty-two bytes at a time
 * from *pi: the byte scanned for where the bytes follow_off after it are
 * one of the follow pairs (or a line break), then the form checked; or
 * SIZE_MAX with *pi where too few bytes are left. */
__attribute__((target("avx2"))) static size_t
probe_scan_follow_avx2(const struct search_probe *p, const unsigned char *s, size_t from,
		       size_t *pi, size_t to)
{
	bool tail = p->ntail > 0;
	size_t off = p->follow_off, i = *pi;
	const __m256i vb = _mm256_set1_epi8((char)(tail ? p->tail[0] : p->simd[0]));
	const __m256i nl = _mm256_set1_epi8('\n'), cr = _mm256_set1_epi8('\r');
	__m256i f0[PROBE_SIMD], f1[PROBE_SIMD];

	for (int k = 0; k < p->nfollow; k++) {
		f0[k] = _mm256_set1_epi8((char)p->follow[k][0]);
		f1[k] = _mm256_set1_epi8((char)p->follow[k][1]);
	}
	for (; i + off + 33 <= to; i += 32) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		__m256i m = _mm256_cmpeq_epi8(x, vb);
		if (_mm256_movemask_epi8(m) == 0)
			continue;
		__m256i y = _mm256_loadu_si256((const __m256i *)(const void *)(s + i + off));
		__m256i z = _mm256_loadu_si256((const __m256i *)(const void *)(s + i + off + 1));
		__m256i f = _mm256_or_si256(_mm256_cmpeq_epi8(y, nl), _mm256_cmpeq_epi8(y, cr));
		for (int k = 0; k < p->nfollow; k++) {
			__m256i t = _mm256_cmpeq_epi8(y, f0[k]);
			if (p->follow_len[k] == 2)
				t = _mm256_and_si256(t, _mm256_cmpeq_epi8(z, f1[k]));
			f = _mm256_or_si256(f, t);
		}
		uint64_t mask = (uint32_t)_mm256_movemask_epi8(_mm256_and_si256(m, f));
		size_t at = probe_first_in(p, s, from, i, mask, to, tail);
		if (at != SIZE_MAX) {
			*pi = i;
			return at;
		}
	}
	*pi = i;
	return SIZE_MAX;
}
#endif

#ifdef PROBE_AVX2
/* Whether each byte of x is in the set of tables lo and hi (as lo16 and
 * hi16 of struct search_probe): a non-zero byte where it is. Each byte
 * looks its low nibble up in the table of its half (pshufb gives 0 for a
 * byte with its top bit set, so each table answers for its own half), and
 * the bit its next three bits pick says whether it is in the set. */
__attribute__((target("avx2"))) static inline __m256i
probe_in_set(__m256i x, __m256i lo, __m256i hi)
{
	const __m256i bits = _mm256_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128,
					      1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128);
	const __m256i top = _mm256_set1_epi8(-128), seven = _mm256_set1_epi8(7);
	__m256i row = _mm256_or_si256(_mm256_shuffle_epi8(lo, x),
				      _mm256_shuffle_epi8(hi, _mm256_xor_si256(x, top)));
	__m256i h = _mm256_and_si256(_mm256_srli_epi16(x, 4), seven);

	return _mm256_and_si256(row, _mm256_shuffle_epi8(bits, h));
}

/* A table of 16 bytes in both lanes. */
__attribute__((target("avx2"))) static inline __m256i
probe_table(const unsigned char *t)
{
	return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)t));
}

/* The scan of search_probe_next by sets of bytes, thirty-two bytes at a
 * time from *pi: places whose byte is a lead byte and, for a pair probe,
 * whose next byte is a second byte of a form. Returns as
 * probe_scan_avx2. */
__attribute__((target("avx2"))) static size_t
probe_scan_set_avx2(const struct search_probe *p, const unsigned char *s, size_t *pi, size_t to)
{
	const __m256i lo = probe_table(p->lo16), hi = probe_table(p->hi16);
	const __m256i lob = probe_table(p->lo16b), hib = probe_table(p->hi16b);
	const __m256i zero = _mm256_setzero_si256();
	size_t i = *pi, more = p->pair ? 1 : 0; /* bytes read past the block */

	for (; i + 32 + more <= to; i += 32) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		__m256i out = _mm256_cmpeq_epi8(probe_in_set(x, lo, hi), zero);
		if (p->pair) {
			__m256i y = _mm256_loadu_si256((const __m256i *)(const void *)(s + i + 1));
			out = _mm256_or_si256(out, _mm256_cmpeq_epi8(probe_in_set(y, lob, hib), zero));
		}
		uint32_t mask = ~(uint32_t)_mm256_movemask_epi8(out);
		while (mask != 0) {
			size_t j = i + (unsigned)__builtin_ctz(mask);
			if (probe_at(p, s, j, to)) {
				*pi = i;
				return j;
			}
			mask &= mask - 1;
		}
	}
	*pi = i;
	return SIZE_MAX;
}
#endif

size_t
search_probe_next(const struct search_probe *p, const char *str, size_t from, size_t to)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = from;

	if (p->ntail == 1 || (p->ntail == 0 && p->nsimd == 1))
		return probe_next_byte(p, s, from, to);
#ifdef PROBE_AVX2
	if (p->avx2) {
		size_t at = p->ntail > 0 || (p->nsimd > 0 && !p->pair)
			    ? probe_scan_avx2(p, s, from, &i, to, p->ntail > 0)
			    : probe_scan_set_avx2(p, s, &i, to);
		if (at != SIZE_MAX)
			return at;
	}
#endif
#ifdef __SSE2__
	if (p->ntail > 0) {
		/* A form ends at each match: it starts one to three bytes
		 * before (valid UTF-8 has no form starting inside another). */
		__m128i v[PROBE_SIMD];
		for (int k = 0; k < p->ntail; k++)
			v[k] = _mm_set1_epi8((char)p->tail[k]);
		for (; i + 16 <= to; i += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			__m128i m = _mm_cmpeq_epi8(x, v[0]);
			for (int k = 1; k < p->ntail; k++)
				m = _mm_or_si128(m, _mm_cmpeq_epi8(x, v[k]));
			unsigned mask = (unsigned)_mm_movemask_epi8(m);
			while (mask != 0) {
				size_t at = probe_ending_at(p, s, from, i + (unsigned)__builtin_ctz(mask), to);
				if (at != SIZE_MAX)
					return at;
				mask &= mask - 1;
			}
		}
		/* The rest by lead bytes, from where a form not yet seen may start. */
		i = i >= from + 3 ? i - 3 : from;
	} else if (p->nsimd > 0) {
		__m128i v[PROBE_SIMD];
		for (int k = 0; k < p->nsimd; k++)
			v[k] = _mm_set1_epi8((char)p->simd[k]);
		for (; i + 16 <= to; i += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			__m128i m = _mm_cmpeq_epi8(x, v[0]);
			for (int k = 1; k < p->nsimd; k++)
				m = _mm_or_si128(m, _mm_cmpeq_epi8(x, v[k]));
			unsigned mask = (unsigned)_mm_movemask_epi8(m);
			while (mask != 0) {
				unsigned k = (unsigned)__builtin_ctz(mask);
				if (probe_at(p, s, i + k, to))
					return i + k;
				mask &= mask - 1;
			}
		}
	}
#endif
	for (; i < to; i++)
		if (p->lead[s[i]] && probe_at(p, s, i, to))
			return i;
	return to;
}

/* ---- the check of a probe: the hit around it, on raw bytes ------------ */

/* probe_simple's answer for a character the check cannot read alone. */
#define SIMPLE_NO UINT32_MAX

/* For BMP code points, per profile (exact, loose): what probe_simple says,
 * filled a block at a time when first met (threads may share them). */
static uint32_t simple_table[2][0x10000];
static void simple_fill_exact(uint32_t lo, uint32_t hi);
static void simple_fill_loose(uint32_t lo, uint32_t hi);
static struct blocktab simple_blocks[2] = { BLOCKTAB_INIT(simple_fill_exact),
					    BLOCKTAB_INIT(simple_fill_loose) };

/* What a raw character is once decoded and folded when NFC leaves it as
 * it is whatever stands around it (no composition with what comes before
 * it; with what follows, the next one's own answer tells): its one folded
 * code point, 0 when it folds away; SIMPLE_NO for every other character,
 * and for a line break and '>': a quote's lines are joined without their
 * "> " markers in its block's text. */
static void
simple_fill(uint32_t lo, uint32_t hi, bool loose)
{
	UErrorCode ec = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);

	for (uint32_t cp = lo; cp < hi; cp++) {
		uint32_t v = SIMPLE_NO;
		if (U_SUCCESS(ec) && cp != '\n' && cp != '>' && cp != 0 &&
		    !(cp >= 0xD800 && cp <= 0xDFFF) && unorm2_hasBoundaryBefore(nfc, (UChar32)cp) &&
		    u_getIntPropertyValue((UChar32)cp, UCHAR_NFC_QUICK_CHECK) == UNORM_YES) {
			if (!loose) {
				v = cp;
			} else {
				char f[FOLD_CHAR_MAX];
				size_t n = fold_char(cp, f);
				uint32_t d = 0;
				size_t used = n > 0 ? utf8_next_as((const unsigned char *)f, n, &d,
								   UTF8_INVALID_BYTE) : 0;
				v = n == 0 ? 0 : used == n ? d : SIMPLE_NO;
			}
		}
		simple_table[loose][cp] = v;
	}
}

static void
simple_fill_exact(uint32_t lo, uint32_t hi)
{
	simple_fill(lo, hi, false);
}

static void
simple_fill_loose(uint32_t lo, uint32_t hi)
{
	simple_fill(lo, hi, true);
}

static uint32_t
probe_simple(uint32_t c, bool loose)
{
	if (c >= 0x10000)
		return SIMPLE_NO;
	blocktab_need(&simple_blocks[loose], c);
	return simple_table[loose][c];
}

/* For BMP code points: whether NFC has a boundary before it (joins it to
 * nothing before), a block at a time. */
static bool boundary_table[0x10000];
static void boundary_fill(uint32_t lo, uint32_t hi);
static struct blocktab boundary_blocks = BLOCKTAB_INIT(boundary_fill);

static void
boundary_fill(uint32_t lo, uint32_t hi)
{
	UErrorCode ec = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);

	for (uint32_t c = lo; c < hi; c++)
		boundary_table[c] = U_SUCCESS(ec) && unorm2_hasBoundaryBefore(nfc, (UChar32)c);
}

/* Whether s[i] (i < to) starts a character that NFC does not join to the
 * one before it. */
static bool
probe_boundary(const unsigned char *s, size_t i, size_t to)
{
	uint32_t c;

	if (i >= to)
		return false;
	utf8_next_as(s + i, to - i, &c, UTF8_INVALID_BYTE);
	if (c < 0x10000) {
		blocktab_need(&boundary_blocks, c);
		return boundary_table[c];
	}
	UErrorCode ec = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
	return U_SUCCESS(ec) && unorm2_hasBoundaryBefore(nfc, (UChar32)c);
}

/* Whether the needle from index i on can be read in s from q on (before
 * to): false only when a character that NFC and folding leave alone
 * differs from it. */
static bool
probe_forward(const struct search_probe *p, const unsigned char *s, size_t q, size_t to,
	      size_t i)
{
	while (i < p->m) {
		uint32_t c, f;
		if (q >= to)
			return true;
		size_t n = utf8_next_as(s + q, to - q, &c, UTF8_INVALID_BYTE);
		if ((f = probe_simple(c, p->loose)) == SIMPLE_NO)
			return true;
		if (f == 0) {
			q += n;
			continue;
		}
		if (p->loose && p->needle[i] == ' ' && f == ' ') {
			/* A run of spaces folds to one. */
			for (q += n; q < to; q += n) {
				n = utf8_next_as(s + q, to - q, &c, UTF8_INVALID_BYTE);
				f = probe_simple(c, p->loose);
				if (f == SIMPLE_NO)
					return true;
				if (f != ' ' && f != 0)
					break;
			}
			i++;
			continue;
		}
		if (f != p->needle[i])
			return !probe_boundary(s, q + n, to); /* unless it joins what follows */
		q += n;
		i++;
	}
	return true;
}

/* The same backwards: the needle's first i characters, ending at q (after
 * lo). */
static bool
probe_backward(const struct search_probe *p, const unsigned char *s, size_t lo, size_t q,
	       size_t i)
{
	while (i > 0) {
		uint32_t c, f;
		if (q <= lo)
			return true;
		size_t qs = utf8_back((const char *)s, lo, q - 1);
		utf8_next_as(s + qs, q - qs, &c, UTF8_INVALID_BYTE);
		if ((f = probe_simple(c, p->loose)) == SIMPLE_NO)
			return true;
		if (f == 0) {
			q = qs;
			continue;
		}
		if (p->loose && p->needle[i - 1] == ' ' && f == ' ') {
			for (q = qs; q > lo; q = qs) {
				qs = utf8_back((const char *)s, lo, q - 1);
				utf8_next_as(s + qs, q - qs, &c, UTF8_INVALID_BYTE);
				f = probe_simple(c, p->loose);
				if (f == SIMPLE_NO)
					return true;
				if (f != ' ' && f != 0)
					break;
			}
			i--;
			continue;
		}
		/* The character after this one was read alone: no joining. */
		if (f != p->needle[i - 1])
			return false;
		q = qs;
		i--;
	}
	return true;
}

bool
search_probe_check(const struct search_probe *p, const char *str, size_t lo, size_t at,
		   size_t to)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t n = utf8_next_as(s + at, to - at, &c, UTF8_INVALID_BYTE);
	uint32_t f = probe_simple(c, p->loose);

	if (f != p->c)
		return true; /* a form that is not read alone: load it */
	for (size_t j = 0; j < p->m; j++)
		if (p->needle[j] == p->c && probe_forward(p, s, at + n, to, j + 1) &&
		    probe_backward(p, s, lo, at, j))
			return true;
	return false;
}

/* The first character of x's NFC, or UINT32_MAX when ICU cannot tell. */
static uint32_t
probe_nfc_first(uint32_t x)
{
	UErrorCode ec = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
	UChar u[4], out[32];
	int32_t ulen = 0, at = 0;
	UChar32 first;

	if (U_FAILURE(ec))
		return UINT32_MAX;
	U16_APPEND_UNSAFE(u, ulen, (UChar32)x);
	int32_t n = unorm2_normalize(nfc, u, ulen, out, 32, &ec);
	if (U_FAILURE(ec) || n <= 0)
		return UINT32_MAX;
	U16_NEXT(out, at, n, first);
	return (uint32_t)first;
}

/* Whether candidate k's character has no decomposition: in the NFC text
 * it then starts where a raw character whose NFC starts with it stands
 * (itself; a singleton such as the ohm sign, or a composition exclusion,
 * which NFC takes apart), never where one that only holds it in its
 * decomposition does (NFC keeps that whole, or composes it further). */
static bool
probe_undecomposed(const struct probe_cand *k)
{
	return !k->unsafe && k->d0.n == 1 && k->d0.v[0] == k->c;
}

/* Exact search: the raw set of each candidate without decomposition cut
 * to the characters whose NFC starts with it (probe_undecomposed), so that
 * an exact "R" is looked for as R, not also as Ŕ, Ř and the rest. */
static void
probe_exact_forms(struct probe_cand *cand, size_t ncand)
{
	for (size_t j = 0; j < ncand; j++) {
		if (!probe_undecomposed(&cand[j]))
			continue;
		size_t kept = 0;
		for (size_t i = 0; i < cand[j].raw.n; i++) {
			uint32_t x = cand[j].raw.v[i];
			if (x == cand[j].c || probe_nfc_first(x) == cand[j].c)
				cand[j].raw.v[kept++] = x;
		}
		cand[j].raw.n = kept;
	}
}

/* Whether the NFC text holds candidate k's character only where the raw
 * text holds that very character: it has no decomposition, and no other
 * character's NFC starts with it (probe_exact_forms has cut its raw set
 * to those whose NFC does). */
static bool
probe_only_itself(const struct probe_cand *k)
{
	return probe_undecomposed(k) && k->raw.n == 1 && k->raw.v[0] == k->c;
}

/* For an exact search whose probe has one form, its character itself:
 * the follow bytes (struct search_probe), when every place of the probe's
 * character in the needle has a next character that probe_only_itself.
 * Nothing folds away in exact search, so a hit holds that character's
 * bytes right after the form, but where lines are joined. */
static void
probe_set_follow(struct search_probe *p, const uint32_t *needle, size_t m,
		 const struct probe_cand *cand, size_t ncand)
{
	unsigned char own[4];
	int nf = 0;

	p->nfollow = 0;
	if (p->loose || p->nforms != 1 || utf8_encode(p->c, (char *)own) != p->flen[0] ||
	    memcmp(own, p->form[0], p->flen[0]) != 0)
		return;
	for (size_t j = 0; j < m; j++) {
		if (needle[j] != p->c)
			continue;
		if (j + 1 >= m)
			return;
		const struct probe_cand *k = NULL;
		for (size_t i = 0; i < ncand && k == NULL; i++)
			if (cand[i].c == needle[j + 1])
				k = &cand[i];
		if (k == NULL || !probe_only_itself(k))
			return;
		char b[4];
		size_t bl = utf8_encode(k->c, b);
		if (bl > 2)
			bl = 2;
		bool seen = false;
		for (int f = 0; f < nf; f++)
			seen = seen || (p->follow_len[f] == bl && memcmp(p->follow[f], b, bl) == 0);
		if (seen)
			continue;
		if (nf == PROBE_SIMD)
			return;
		memcpy(p->follow[nf], b, bl);
		p->follow_len[nf++] = (uint8_t)bl;
	}
	p->follow_off = p->ntail > 0 ? 1 : p->flen[0];
	p->nfollow = nf;
}

/* How many forms of p the sample holds. */
static size_t
probe_count(const struct search_probe *p, const char *s, size_t n)
{
	size_t count = 0;

	for (size_t i = search_probe_next(p, s, 0, n); i < n; i = search_probe_next(p, s, i + 1, n))
		count++;
	return count;
}

struct search_probe *
search_probe_new(const struct search_query *q, const char *sample, size_t n)
{
	size_t len;
	char *lit = search_query_literal(q, &len);
	struct probe_cand cand[PROBE_CHARS];
	size_t ncand = 0;
	bool loose = !(search_query_flags(q) & SEARCH_EXACT);
	UErrorCode ec = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&ec);

	if (lit == NULL || U_FAILURE(ec)) {
		free(lit);
		return NULL;
	}
	uint32_t *needle = xcalloc(len + 1, sizeof *needle);
	size_t m = 0;
	for (size_t i = 0; i < len;) {
		uint32_t c;
		i += utf8_next_as((const unsigned char *)lit + i, len - i, &c, UTF8_INVALID_BYTE);
		needle[m++] = c;
		if (ncand == PROBE_CHARS)
			continue;
		bool seen = false;
		for (size_t j = 0; j < ncand; j++)
			seen = seen || cand[j].c == c;
		/* Spaces fold and join in runs; marks follow other characters. */
		if (seen || u_isUWhiteSpace((UChar32)c) || c < 0x20 ||
		    u_getCombiningClass((UChar32)c) != 0)
			continue;
		cand[ncand++] = (struct probe_cand){ .c = c };
	}
	free(lit);
	probe_sources(cand, ncand, loose, nfd);
	probe_raw(cand, ncand, nfd);
	if (!loose)
		probe_exact_forms(cand, ncand);
	struct search_probe *best = NULL;
	size_t best_count = SIZE_MAX;
	size_t hist[256] = { 0 };
	for (size_t i = 0; i < n; i++)
		hist[(unsigned char)sample[i]]++;
	for (size_t j = 0; j < ncand; j++) {
		if (!cand[j].unsafe && cand[j].raw.n > 0) {
			struct search_probe *p = probe_build(&cand[j].raw);
			p->c = cand[j].c;
			p->loose = loose;
#ifdef PROBE_AVX2
			p->avx2 = cpu_has_avx2();
#endif
			probe_choose_tail(p, hist);
			probe_set_follow(p, needle, m, cand, ncand);
			size_t count = probe_count(p, sample, n);
			if (count < best_count) {
				search_probe_free(best);
				best = p;
				best_count = count;
			} else {
				search_probe_free(p);
			}
		}
	}
	for (size_t j = 0; j < ncand; j++) {
		free(cand[j].d0.v);
		free(cand[j].raw.v);
	}
	if (best != NULL) {
		best->needle = needle;
		best->m = m;
	} else {
		free(needle);
	}
	return best;
}

/* ---- the check --------------------------------------------------------- */

/* For each BMP code point, the non-starters it can add to a run (its
 * NFKD's length when that holds a non-starter), 0 when it ends a run;
 * filled a block at a time, when first met. */
static uint8_t check_table[0x10000];
static void check_fill(uint32_t lo, uint32_t hi);
static struct blocktab check_blocks_tab = BLOCKTAB_INIT(check_fill);

static void
check_fill(uint32_t lo, uint32_t hi)
{
	UErrorCode ec = U_ZERO_ERROR;
	const UNormalizer2 *nfkd = unorm2_getNFKDInstance(&ec);

	for (uint32_t cp = lo; cp < hi; cp++) {
		UChar u[32];
		int32_t n;
		ec = U_ZERO_ERROR;
		n = nfkd == NULL ? -1 : unorm2_getDecomposition(nfkd, (UChar32)cp, u, 32, &ec);
		bool nonstarter = u_getCombiningClass((UChar32)cp) != 0;
		int32_t cps = 1;
		if (n > 0 && U_SUCCESS(ec)) {
			cps = 0;
			for (int32_t i = 0; i < n;) {
				UChar32 d;
				U16_NEXT(u, i, n, d);
				cps++;
				nonstarter = nonstarter || u_getCombiningClass(d) != 0;
			}
		}
		check_table[cp] = nonstarter ? (uint8_t)(cps < 255 ? cps : 255) : 0;
	}
}

static uint8_t
check_weight(uint32_t c)
{
	if (c >= 0x10000)
		return 3; /* no table: at most three, so a run is not missed */
	blocktab_need(&check_blocks_tab, c);
	return check_table[c];
}

/* check_weight for U+0000..U+07FF (two bytes and less), flat. */
static uint8_t check_low[0x800];
static pthread_once_t check_once = PTHREAD_ONCE_INIT;
/* The longest run of two-byte characters, in bytes, that cannot add up to
 * more than CHECK_MARKS_MAX whatever they are; 0 when the block scan is off. */
static size_t check_safe_run;
/* Shifts that turn a mask of non-ASCII bytes into one of the places where
 * check_safe_run + 1 of them start (each at most what is covered so far). */
static unsigned check_shifts[8];
static int check_nshifts;

/* More non-starters in a row than this may make decoding put a joiner in. */
#define CHECK_MARKS_MAX 30

/* Fills check_low and what the block scans take from it, once. */
static void
check_low_fill(void)
{
	unsigned most = 0;

	for (uint32_t cp = 0x80; cp < 0x800; cp++) {
		check_low[cp] = check_weight(cp);
		if (check_low[cp] > most)
			most = check_low[cp];
	}
	/* The block scan takes runs of up to 14 bytes between two ASCII
	 * bytes of a block as safe: it needs at least that. */
	size_t safe = most > 0 ? 2 * (CHECK_MARKS_MAX / most) : 32;
	check_safe_run = safe >= 14 ? safe : 0;
	check_nshifts = 0;
	for (size_t have = 1; have <= check_safe_run && have < 64;) {
		size_t t = have < check_safe_run + 1 - have ? have : check_safe_run + 1 - have;
		check_shifts[check_nshifts++] = (unsigned)t;
		have += t;
	}
}

void
search_check_init(struct search_check *c)
{
	c->ok = true;
	c->marks = 0;
#ifdef PROBE_AVX2
	c->avx2 = cpu_has_avx2();
#endif
	pthread_once(&check_once, check_low_fill);
}

#ifdef __SSE2__
/* Checks s[i, n) sixteen bytes at a time, from a place where no run of
 * non-starters is open (after an ASCII byte, or at the start with none
 * carried), for as long as the blocks hold only ASCII other than NUL and
 * two-byte characters, and no run of non-ASCII bytes is longer than
 * check_safe_run (then no run of non-starters can be too long). Returns
 * where the character-by-character check must go on: after the last ASCII
 * byte of what passed, where no run is open either. *stop: the end of the
 * block it stopped at (what the slow check should get past first). */
static size_t
check_blocks(const unsigned char *s, size_t i, size_t n, size_t *stop)
{
	const __m128i lead_lo = _mm_set1_epi8((char)0xC1), lead_hi = _mm_set1_epi8((char)0xE0);
	const __m128i cont_hi = _mm_set1_epi8((char)0xC0), zero = _mm_setzero_si128();
	size_t last = i, run = 0;
	unsigned carry = 0; /* a lead byte ended the block before */

	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* Signed compares: 0x80..0xBF is below (char)0xC0, 0xC2..0xDF
		 * between (char)0xC1 and (char)0xE0. */
		unsigned ascii = ~(unsigned)_mm_movemask_epi8(x) & 0xFFFFu;
		unsigned lead = (unsigned)_mm_movemask_epi8(
			_mm_and_si128(_mm_cmpgt_epi8(x, lead_lo), _mm_cmplt_epi8(x, lead_hi)));
		unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, cont_hi));
		unsigned nul = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, zero));
		if (nul != 0 || (ascii | lead | cont) != 0xFFFFu ||
		    (((lead << 1) | carry) & 0xFFFFu) != cont)
			break;
		carry = lead >> 15;
		if (ascii == 0) {
			run += 16;
			if (run > check_safe_run)
				break;
			continue;
		}
		if (run + (unsigned)__builtin_ctz(ascii) > check_safe_run)
			break;
		unsigned hi = 31u - (unsigned)__builtin_clz(ascii);
		run = 15 - hi;
		last = i + hi + 1;
	}
	*stop = i + 16 <= n ? i + 16 : n;
	return last;
}
#endif

#ifdef PROBE_AVX2
/* check_blocks sixty-four bytes at a time (two AVX2 loads). A block may hold a run of up to sixty-two non-ASCII bytes
 * between two ASCII ones, more than check_safe_run may allow, so the runs
 * inside a block are measured too. */
__attribute__((target("avx2"))) static size_t
check_blocks_avx2(const unsigned char *s, size_t i, size_t n, size_t *stop)
{
	const __m256i lead_lo = _mm256_set1_epi8((char)0xC1), lead_hi = _mm256_set1_epi8((char)0xE0);
	const __m256i cont_hi = _mm256_set1_epi8((char)0xC0), zero = _mm256_setzero_si256();
	size_t last = i, run = 0;
	uint64_t carry = 0; /* a lead byte ended the block before */

	for (; i + 64 <= n; i += 64) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		__m256i y = _mm256_loadu_si256((const __m256i *)(const void *)(s + i + 32));
		/* ASCII but NUL: 1..127, so that a NUL is of no kind. */
		uint64_t ascii = avx2_mask64(_mm256_cmpgt_epi8(x, zero), _mm256_cmpgt_epi8(y, zero));
		uint64_t lead = avx2_mask64(
			_mm256_and_si256(_mm256_cmpgt_epi8(x, lead_lo), _mm256_cmpgt_epi8(lead_hi, x)),
			_mm256_and_si256(_mm256_cmpgt_epi8(y, lead_lo), _mm256_cmpgt_epi8(lead_hi, y)));
		uint64_t cont = avx2_mask64(_mm256_cmpgt_epi8(cont_hi, x), _mm256_cmpgt_epi8(cont_hi, y));
		uint64_t bad = ~(ascii | lead | cont) | (((lead << 1) | carry) ^ cont);
		if (bad != 0) {
			/* A byte of another kind (a longer character, NUL, a
			 * stray byte): what comes before the ASCII byte before it
			 * passes when its runs do; the slow check takes the rest,
			 * up to past that byte. */
			unsigned q = (unsigned)__builtin_ctzll(bad);
			uint64_t before = ascii & ((UINT64_C(1) << q) - 1);
			if (before != 0 && run + (unsigned)__builtin_ctzll(before) <= check_safe_run) {
				unsigned hi = 63u - (unsigned)__builtin_clzll(before);
				uint64_t r = ~ascii & ((UINT64_C(1) << hi) - 1);
				for (int k = 0; k < check_nshifts; k++)
					r &= r >> check_shifts[k];
				if (r == 0)
					last = i + hi + 1;
			}
			*stop = i + q + 1;
			return last;
		}
		carry = lead >> 63;
		if (ascii == 0) {
			run += 64;
			if (run > check_safe_run)
				break;
			continue;
		}
		unsigned first = (unsigned)__builtin_ctzll(ascii);
		if (run + first > check_safe_run) {
			/* The run that comes into the block is too long: the
			 * slow check takes it, up to the ASCII byte that ends it. */
			*stop = i + first + 1;
			return last;
		}
		/* Bit j of r stays set while bytes j and after are non-ASCII,
		 * as many as the shifts add up to: check_safe_run + 1. */
		uint64_t r = ~ascii;
		for (int k = 0; k < check_nshifts; k++)
			r &= r >> check_shifts[k];
		if (r != 0) {
			/* A run too long inside the block, after an ASCII byte
			 * (the lowest bit of r starts it): what comes before it
			 * passed, the slow check takes the run and its end. */
			unsigned at = (unsigned)__builtin_ctzll(r);
			uint64_t after = at < 63 ? ascii >> (at + 1) : 0;
			*stop = after != 0 ? i + at + 2 + (unsigned)__builtin_ctzll(after) : i + 64;
			return i + at;
		}
		unsigned hi = 63u - (unsigned)__builtin_clzll(ascii);
		run = 63 - hi;
		last = i + hi + 1;
	}
	*stop = i + 64 <= n ? i + 64 : n;
	return last;
}
#endif

bool
search_check_run(struct search_check *c, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	unsigned marks = c->marks;
#ifdef __SSE2__
	size_t slow_to = 0; /* the block scan is tried again from here on */
#endif

	if (!c->ok)
		return false;
	while (i < n) {
#ifdef __SSE2__
		if (marks == 0 && i >= slow_to && check_safe_run > 0) {
#ifdef PROBE_AVX2
			if (c->avx2)
				i = check_blocks_avx2(s, i, n, &slow_to);
			else
#endif
				i = check_blocks(s, i, n, &slow_to);
			if (i >= n)
				break;
		}
#endif
		unsigned b = s[i];
		uint32_t cp;
		uint8_t w;
		if (b < 0x80) {
			if (b == 0)
				goto bad;
			marks = 0;
			i++;
			continue;
		}
		if (b >= 0xC2 && b <= 0xDF) {
			if (i + 2 > n || (s[i + 1] & 0xC0) != 0x80)
				goto bad;
			w = check_low[((b & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu)];
			i += 2;
		} else if (b >= 0xE0 && b <= 0xEF) {
			if (i + 3 > n || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80)
				goto bad;
			cp = ((b & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
			if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
				goto bad;
			w = check_weight(cp);
			i += 3;
		} else if (b >= 0xF0 && b <= 0xF4) {
			if (i + 4 > n || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 ||
			    (s[i + 3] & 0xC0) != 0x80)
				goto bad;
			cp = ((b & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) |
			     ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu);
			if (cp < 0x10000 || cp > 0x10FFFF)
				goto bad;
			w = 3; /* no table: at most three, so a run is not missed */
			i += 4;
		} else {
			goto bad;
		}
		marks = w == 0 ? 0 : marks + w;
		if (marks > CHECK_MARKS_MAX)
			goto bad;
	}
	c->marks = marks;
	return true;
bad:
	c->ok = false;
	return false;
}
