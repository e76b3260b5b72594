/* The UTF-8 pass of decoding, in one scan: invalid bytes become counted
 * U+FFFD, the text is put in the stream-safe format (UAX #15), and only the
 * stretches around code points that NFC may change are normalized, with an
 * offset map back to the source. A large input that needs nothing is
 * checked on a few threads and kept as it is. */
#include <config.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/ustring.h>

#include "ingest/decode_utf8.h"
#include "ingest/decode.h"
#include "text/lib.h"

enum {
	UTF8_GIVE_UP = 4096,        /* invalid bytes before judging UTF-8 early */
	DECODE_PARALLEL_BYTES = 4 << 20, /* inputs checked on several threads */
	DECODE_THREADS = 4,
	DECODE_RELEASE_BYTES = 4 << 20, /* input given back in steps this large */
	STREAM_SAFE_MAX = 30,       /* UAX #15: non-starters in a row before a CGJ */
	STREAM_SAFE_FREE = 10,      /* code points that cannot hold more: each
				     * decomposes to at most 3 non-starters */
};

/* U+034F COMBINING GRAPHEME JOINER in UTF-8: what the stream-safe format
 * puts into a run of too many non-starters. */
static const char cgj_utf8[] = "\xCD\x8F";

/* The BMP code points after which NFC never has to look back ("safe":
 * quick check YES, combining class 0, a boundary before), and those whose
 * quick check is YES; filled a block at a time (through nfc_blocks), when
 * the text first holds a code point of the block: ASCII needs neither them
 * nor ICU. */
static uint8_t nfc_safe_bmp[0x10000 / 8];
static uint8_t nfc_qcyes_bmp[0x10000 / 8];
/* The same for a two-byte UTF-8 sequence, indexed by its bytes (lead << 8 |
 * trail): 1 when well-formed and safe (a byte each: one load to test), 0
 * when not or not known yet. Atomic: the scan reads it without taking the
 * lock under which a block is filled. */
static _Atomic uint8_t nfc_safe_pair[0x10000];
static const UNormalizer2 *nfc_norm;
static const UNormalizer2 *nfkd_norm; /* for UAX #15's non-starter counts */
static pthread_once_t nfc_once = PTHREAD_ONCE_INIT;
static void nfc_fill(uint32_t lo, uint32_t hi);
static struct blocktab nfc_blocks = BLOCKTAB_INIT(nfc_fill);

/* Opens ICU's normalizers (once, through nfc_once). */
static void
nfc_open(void)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&e);

	if (U_FAILURE(e))
		return;
	nfkd_norm = unorm2_getNFKDInstance(&e);
	if (U_FAILURE(e))
		nfkd_norm = NULL;
	nfc_norm = nfc;
}

/* Whether NFC is available (ICU's normalizers opened): asked only once the
 * text holds a code point beyond ASCII. */
static bool
nfc_ready(void)
{
	pthread_once(&nfc_once, nfc_open);
	return nfc_norm != NULL;
}

/* Fills the tables for code points [lo, hi) from ICU's normalization
 * properties (once per block, through nfc_blocks). */
static void
nfc_fill(uint32_t lo, uint32_t hi)
{
	if (!nfc_ready())
		return;
	for (UChar32 c = (UChar32)lo; c < (UChar32)hi; c++) {
		if (u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) != UNORM_YES)
			continue;
		nfc_qcyes_bmp[c >> 3] |= (uint8_t)(1u << (c & 7));
		if (u_getCombiningClass(c) == 0 && unorm2_hasBoundaryBefore(nfc_norm, c))
			nfc_safe_bmp[c >> 3] |= (uint8_t)(1u << (c & 7));
	}
	for (uint32_t c = lo < 0x80 ? 0x80 : lo; c < hi && c < 0x800; c++) {
		unsigned pair = (0xC0 | c >> 6) << 8 | (0x80 | (c & 0x3F));
		uint8_t safe = (nfc_safe_bmp[c >> 3] >> (c & 7)) & 1;
		atomic_store_explicit(&nfc_safe_pair[pair], safe, memory_order_relaxed);
	}
}

/* Whether c starts a stretch NFC leaves alone whatever precedes it. */
static inline bool
nfc_is_safe(UChar32 c)
{
	if (c < 0x10000) {
		blocktab_need(&nfc_blocks, (uint32_t)c);
		return (nfc_safe_bmp[c >> 3] >> (c & 7)) & 1;
	}
	return u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES &&
	       u_getCombiningClass(c) == 0 &&
	       unorm2_hasBoundaryBefore(nfc_norm, c);
}

/* Whether c passes NFC's quick check on its own. */
static inline bool
nfc_is_qcyes(UChar32 c)
{
	if (c < 0x10000) {
		blocktab_need(&nfc_blocks, (uint32_t)c);
		return (nfc_qcyes_bmp[c >> 3] >> (c & 7)) & 1;
	}
	return u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES;
}

/* One pass over UTF-8 (possibly with invalid bytes): what was read, what is
 * written, and ICU scratch space. */
struct emit {
	const unsigned char *in;   /* borrowed */
	size_t len;
	size_t src_base;           /* source offset of in[0] */
	bool give_up;              /* stop early when the input is plainly not UTF-8 */
	bool stop_at_nul;          /* stop at the first NUL (binary input refused) */
	bool eager;                /* copy as the scan goes, else only once changed */
	bool probe;                /* only find out whether anything would change */
	/* the input is owned and read once (valid, no NUL: no other decoding
	 * comes back to it): what is copied is given back as the pass goes */
	bool release;
	size_t released;           /* in[0, released) given back */
	struct strbuf out;
	bool changed;              /* out holds the text (not in itself) */
	size_t copied;             /* in[0, copied) is already in out */
	struct offmap *map;        /* borrowed */
	size_t invalid, multibyte, normalized, nuls, first_nul;
	size_t joiners;            /* CGJs put in for the stream-safe format */
	UChar *u16, *n16;          /* owned scratch for a stretch */
	int32_t u16cap, n16cap;
	char *u8;
	int32_t u8cap;
};

/* Adds a map point; identity points before any shift are left out. */
static void
emit_point(struct emit *em, size_t text, size_t in_off)
{
	size_t src = em->src_base + in_off;

	if (em->map->n == 0 && text == src)
		return;
	offmap_add(em->map, text, src);
}

/* Copies the unchanged input up to in[upto], starting the output if needed. */
static void
emit_flush(struct emit *em, size_t upto)
{
	if (!em->changed) {
		em->changed = true;
		strbuf_grow(&em->out, em->len + em->len / 16 + 64);
		em->out.data[0] = '\0';
		xalloc_advise_huge(em->out.data, em->out.cap);
	}
	if (upto == em->copied)
		return;
	strbuf_append(&em->out, (const char *)em->in + em->copied, upto - em->copied);
	em->copied = upto;
	if (em->release && em->copied - em->released >= DECODE_RELEASE_BYTES) {
		xalloc_release((void *)(uintptr_t)(em->in + em->released),
			       em->copied - em->released);
		em->released = em->copied;
	}
}

/* Replaces the invalid byte in[i] with U+FFFD. */
static void
emit_invalid(struct emit *em, size_t i)
{
	emit_flush(em, i);
	emit_point(em, em->out.len, i);
	strbuf_append(&em->out, "\xEF\xBF\xBD", 3);
	emit_point(em, em->out.len, i + 1);
	em->copied = i + 1;
	em->invalid++;
}

/* Grows a scratch array of UChar to hold n units. */
static UChar *
grow_uchars(UChar *buf, int32_t *cap, int32_t n)
{
	if (n <= *cap)
		return buf;
	*cap = n + n / 2 + 64;
	return xreallocarray(buf, (size_t)*cap, sizeof *buf);
}

/* Whether the well-formed stretch in[a, b) is NFC without asking ICU: each
 * code point passes the quick check and combining classes never go down. */
static bool
stretch_is_nfc(const struct emit *em, size_t a, size_t b)
{
	const unsigned char *p = em->in + a, *end = em->in + b;
	uint8_t prev = 0;

	while (p < end) {
		UChar32 c = *p;
		size_t n = c < 0x80 ? 1 : utf8_seq(p, end, &c);
		uint8_t ccc = u_getCombiningClass(c);
		if (!nfc_is_qcyes(c) || (ccc != 0 && ccc < prev))
			return false;
		prev = ccc;
		p += n;
	}
	return true;
}

/* Normalizes the stretch in[a, b), bounded by NFC boundaries, writing it
 * out (with map points) only when NFC changes it. */
static void
emit_stretch(struct emit *em, size_t a, size_t b)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t n16, nn, n8;
	size_t len = b - a;

	if (len > INT32_MAX / 4 || stretch_is_nfc(em, a, b))
		return;
	em->u16 = grow_uchars(em->u16, &em->u16cap, (int32_t)len);
	u_strFromUTF8(em->u16, em->u16cap, &n16, (const char *)em->in + a,
		      (int32_t)len, &e);
	if (U_FAILURE(e) || unorm2_quickCheck(nfc_norm, em->u16, n16, &e) == UNORM_YES)
		return;
	e = U_ZERO_ERROR;
	em->n16 = grow_uchars(em->n16, &em->n16cap, n16 * 3);
	nn = unorm2_normalize(nfc_norm, em->u16, n16, em->n16, em->n16cap, &e);
	if (U_FAILURE(e))
		return;
	if (em->u8cap < nn * 3 + 1) {
		em->u8cap = nn * 3 + 64;
		em->u8 = xrealloc(em->u8, (size_t)em->u8cap);
	}
	u_strToUTF8(em->u8, em->u8cap, &n8, em->n16, nn, &e);
	if (U_FAILURE(e) || ((size_t)n8 == len && memcmp(em->u8, em->in + a, len) == 0))
		return;
	if (em->probe) {
		em->changed = true; /* NFC rewrites it: that is all a probe asks */
		return;
	}
	emit_flush(em, a);
	emit_point(em, em->out.len, a);
	strbuf_append(&em->out, em->u8, (size_t)n8);
	emit_point(em, em->out.len, b);
	em->copied = b;
	em->normalized++;
}

/* UAX #15's counts for c: the non-starters its NFKD decomposition starts
 * with (*lead) and ends with (*trail); true when it holds nothing else. */
static bool
nonstarters(UChar32 c, int *lead, int *trail)
{
	UChar d[32];
	UErrorCode e = U_ZERO_ERROR;
	int32_t n = nfkd_norm != NULL
		? unorm2_getDecomposition(nfkd_norm, c, d, (int32_t)(sizeof d / sizeof *d), &e)
		: -1;

	if (n < 0 || U_FAILURE(e)) {
		*lead = *trail = u_getCombiningClass(c) != 0;
		return *lead == 1;
	}
	int32_t k = 0, total = 0;
	bool starts = true;
	*lead = *trail = 0;
	while (k < n) {
		UChar32 x;
		U16_NEXT(d, k, n, x);
		total++;
		if (u_getCombiningClass(x) == 0) {
			starts = false;
			*trail = 0;
			continue;
		}
		*trail += 1;
		if (starts)
			*lead += 1;
	}
	return *lead == total;
}

/* Where in the well-formed stretch in[p, b) the stream-safe format (UAX
 * #15) puts its next CGJ, *count non-starters in a row coming before p;
 * b when nowhere. *count is then 0 for the code point at the place. */
static size_t
stream_safe_next(const struct emit *em, size_t p, size_t b, int *count)
{
	const unsigned char *end = em->in + b;

	while (p < b) {
		UChar32 c = em->in[p];
		size_t n = c < 0x80 ? 1 : utf8_seq(em->in + p, end, &c);
		int lead, trail;
		bool all = nonstarters(c, &lead, &trail);
		if (*count + lead > STREAM_SAFE_MAX) {
			*count = 0;
			return p;
		}
		*count = all ? *count + lead : trail;
		p += n;
	}
	return b;
}

/* Normalizes the stretch in[a, b) of ncp code points in the stream-safe
 * format: a CGJ after every 30 non-starters in a row (UAX #15), so that
 * NFC never reorders a longer run, which would take quadratic time. */
static void
emit_stream_safe(struct emit *em, size_t a, size_t b, size_t ncp)
{
	int count = 0;

	if (ncp <= STREAM_SAFE_FREE) {
		emit_stretch(em, a, b);
		return;
	}
	for (size_t p = a;;) {
		size_t cut = stream_safe_next(em, p, b, &count);
		/* The two sides of a CGJ are normalized apart: nothing composes
		 * or reorders across it. */
		emit_stretch(em, p, cut);
		if (cut == b || (em->probe && em->changed))
			return;
		if (em->probe) {
			em->changed = true; /* a CGJ goes in: the text changes */
			return;
		}
		emit_flush(em, cut);
		emit_point(em, em->out.len, cut);
		strbuf_append(&em->out, cgj_utf8, sizeof cgj_utf8 - 1);
		emit_point(em, em->out.len, cut);
		em->joiners++;
		p = cut;
	}
}

/* Scans the input once: invalid bytes become U+FFFD, stretches around code
 * points outside the safe table go through NFC, NULs are counted. Returns 0;
 * -1 when give_up is set and the input is plainly not UTF-8; -2 at a NUL
 * when stop_at_nul is set; -3 when probe is set, at the first invalid
 * byte, NUL or stretch that NFC rewrites. One function of 120 lines on
 * purpose: it is the fused loop every byte of every UTF-8 input goes
 * through, and the fast path of loading (make bench, ingest MB/s). */
static int
emit_run(struct emit *em)
{
	const uint64_t high = UINT64_C(0x8080808080808080);
	const uint64_t ones = UINT64_C(0x0101010101010101);
	const unsigned char *in = em->in, *end = em->in + em->len;
	size_t i = 0, bound = 0; /* bound: the last NFC boundary seen */
	bool nfc = false, nfc_asked = false; /* ICU only past ASCII */

	if (em->eager)
		emit_flush(em, 0);
	while (i < em->len) {
		/* Copy in blocks while the bytes are still in the cache, up to
		 * a boundary: a stretch to normalize never starts before it. */
		if (em->eager && bound - em->copied >= 32768)
			emit_flush(em, bound);
		/* The common case in one tight loop: ASCII other than NUL, and
		 * two-byte sequences NFC leaves alone (Arabic, Hebrew, accented
		 * Latin letters). Anything else goes the long way below. */
		size_t stop = em->len - 1, mb = 0;
		if (em->eager && stop - i > 32768)
			stop = i + 32768;
		while (i < stop) {
			unsigned b = in[i];
			if (b < 0x80) {
				if (b == 0)
					break;
				bound = i++;
				/* A run of ASCII (not a lone space): 8 bytes at a time. */
				while (i + 8 <= em->len && in[i] < 0x80) {
					uint64_t w;
					memcpy(&w, in + i, 8);
					if ((w & high) || ((w - ones) & ~w & high))
						break;
					i += 8;
					bound = i - 1;
				}
				continue;
			}
			if (!atomic_load_explicit(&nfc_safe_pair[b << 8 | in[i + 1]],
						  memory_order_relaxed))
				break;
			mb++;
			bound = i;
			i += 2;
		}
		em->multibyte += mb;
		if (i >= em->len)
			break;
		if (in[i] < 0x80) {
			size_t j = i;
			while (j + 8 <= em->len) {
				uint64_t w;
				memcpy(&w, in + j, 8);
				if ((w & high) || ((w - ones) & ~w & high))
					break;
				j += 8;
			}
			for (; j < em->len && in[j] < 0x80; j++) {
				if (in[j] != 0)
					continue;
				if (em->nuls++ == 0)
					em->first_nul = j;
				if (em->stop_at_nul)
					return -2;
				if (em->probe)
					return -3;
			}
			bound = j - 1;
			i = j;
			continue;
		}
		if (!nfc_asked) {
			nfc = nfc_ready();
			nfc_asked = true;
		}
		/* Two-byte letters (Arabic, Hebrew, accented Latin) in a row. */
		while (i + 1 < em->len && in[i] >= 0xC2 && in[i] <= 0xDF &&
		       (in[i + 1] & 0xC0) == 0x80) {
			unsigned cp = ((in[i] & 0x1Fu) << 6) | (in[i + 1] & 0x3Fu);
			if (nfc && !nfc_is_safe((UChar32)cp))
				break;
			em->multibyte++;
			bound = i;
			i += 2;
		}
		if (i >= em->len || in[i] < 0x80)
			continue;
		UChar32 c;
		size_t n = utf8_seq(in + i, end, &c);
		if (n == 0) {
			if (em->probe)
				return -3;
			emit_invalid(em, i);
			i++;
			bound = i;
			if (em->give_up && em->invalid > UTF8_GIVE_UP &&
			    em->invalid > em->multibyte)
				return -1;
			continue;
		}
		em->multibyte++;
		if (!nfc || nfc_is_safe(c)) {
			bound = i;
			i += n;
			continue;
		}
		/* Extend to the next safe code point, invalid byte or end. */
		size_t j = i + n, ncp = i - bound + 1; /* bytes: at least the code points */
		while (j < em->len) {
			UChar32 d = in[j];
			size_t m = d < 0x80 ? 1 : utf8_seq(in + j, end, &d);
			if (m == 0 || nfc_is_safe(d))
				break;
			em->multibyte++;
			ncp++;
			j += m;
		}
		emit_stream_safe(em, bound, j, ncp);
		if (em->probe && em->changed)
			return -3;
		bound = i = j;
	}
	if (em->changed)
		emit_flush(em, em->len);
	return 0;
}

/* Hands over a strbuf's buffer, giving back the unused room. */
char *
decode_steal_fit(struct strbuf *sb)
{
	if (sb->data != NULL && sb->cap > sb->len + 4096)
		sb->data = xrealloc(sb->data, sb->len + 1);
	return strbuf_steal(sb);
}

/* A stretch of the input checked on its own by utf8_check_run. */
struct utf8_check {
	const unsigned char *in; /* borrowed */
	size_t len;
	bool clean;              /* out: the UTF-8 pass leaves it as it is */
	bool valid;              /* out: well-formed, without a NUL */
	size_t multibyte;        /* out */
};

/* Whether in[0, len) is well-formed UTF-8 (as the pass reads it) without
 * a NUL: the pass over it then fails nowhere. */
static bool
utf8_all_valid(const unsigned char *in, size_t len)
{
	const uint64_t high = UINT64_C(0x8080808080808080);
	const uint64_t ones = UINT64_C(0x0101010101010101);
	const unsigned char *end = in + len;
	size_t i = 0;

	while (i < len) {
		uint64_t w;
		if (i + 8 <= len && (memcpy(&w, in + i, 8), !(w & high) && !((w - ones) & ~w & high))) {
			i += 8;
			continue;
		}
		if (in[i] < 0x80) {
			if (in[i] == 0)
				return false;
			i++;
			continue;
		}
		UChar32 c;
		size_t n = utf8_seq(in + i, end, &c);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

/* Runs the UTF-8 pass over one stretch without keeping its output, to see
 * whether it would change anything, meet a bad byte or a NUL. */
static void
utf8_check_run(void *arg)
{
	struct utf8_check *c = arg;
	struct offmap map = { 0 };
	struct emit em = { 0 };

	em.in = c->in;
	em.len = c->len;
	em.map = &map;
	em.probe = true;
	c->clean = emit_run(&em) == 0 && !em.changed && em.invalid == 0 && em.nuls == 0;
	c->valid = c->clean || utf8_all_valid(c->in, c->len);
	c->multibyte = em.multibyte;
	strbuf_free(&em.out);
	offmap_free(&map);
	free(em.u16);
	free(em.n16);
	free(em.u8);
}

/* Whether the UTF-8 pass would leave a large input as it is, checked in
 * stretches on a few threads (false too when it cannot tell). The pass
 * never looks across an ASCII byte (a stretch to normalize ends before it
 * and the next starts at it or after), so stretches that each begin at one
 * are independent. */
static bool
utf8_check_parallel(const unsigned char *in, size_t len, size_t *multibyte, bool *valid)
{
	struct utf8_check c[DECODE_THREADS];
	size_t parts = parallel_threads(DECODE_THREADS);
	size_t at[DECODE_THREADS + 1];
	bool clean = true;

	*valid = false;
	if (parts < 2 || len < DECODE_PARALLEL_BYTES || !nfc_ready())
		return false;
	at[0] = 0;
	at[parts] = len;
	for (size_t t = 1; t < parts; t++) {
		size_t p = len / parts * t;
		while (p < len && in[p] >= 0x80)
			p++;
		at[t] = p;
	}
	for (size_t t = 0; t < parts; t++)
		c[t] = (struct utf8_check){ in + at[t], at[t + 1] - at[t], false, false, 0 };
	parallel_run(utf8_check_run, c, sizeof *c, parts, parts);
	*multibyte = 0;
	*valid = true;
	for (size_t t = 0; t < parts; t++) {
		clean = clean && c[t].clean;
		*valid = *valid && c[t].valid;
		*multibyte += c[t].multibyte;
	}
	return clean;
}

int
decode_utf8(const char *in, size_t len, struct utf8_job *job, struct decoded *out)
{
	struct emit em = { 0 };
	bool valid = false;

	/* An owned input that needs nothing is the text as it is. */
	if (job->own_in && utf8_check_parallel((const unsigned char *)in, len,
					       &job->multibyte, &valid)) {
		out->text = (char *)(uintptr_t)in;
		out->len = len;
		out->normalized_count = 0;
		out->nul_count = 0;
		return 0;
	}

	em.in = (const unsigned char *)in;
	em.len = len;
	em.src_base = job->src_base;
	em.give_up = job->give_up;
	em.stop_at_nul = job->stop_at_nul;
	em.eager = !job->own_in;
	/* Valid input cannot send the caller back to it (another encoding
	 * tried): its pages go as they are copied, never two copies whole. */
	em.release = job->own_in && valid;
	em.map = &out->map;
	int rc = emit_run(&em);
	free(em.u16);
	free(em.n16);
	free(em.u8);
	job->nul_at = job->src_base + em.first_nul;
	job->multibyte = em.multibyte;
	if (rc != 0) {
		strbuf_free(&em.out);
		return rc;
	}
	out->invalid_count += em.invalid;
	out->normalized_count = em.normalized;
	out->nul_count = em.nuls;
	out->joiner_count = em.joiners;
	if (em.changed) {
		out->len = em.out.len;
		out->text = decode_steal_fit(&em.out);
	} else {
		/* Only an owned input is left unchanged without a copy. */
		out->text = (char *)(uintptr_t)in;
		out->len = len;
	}
	return 0;
}
