/* The lexicon's API over the dictionaries (dictd) and the stems (stem):
 * finds the dictionaries of a directory by name, looks a word up by its
 * form, its forms without clitics, then its stem, and turns the entries
 * found into concept keys (English stems of the translations) or into
 * entries for showing. Results are cached per word. */
#include <config.h>

#include "lexicon/lexicon.h"

#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_LEXICON
#include <unicode/uchar.h>

#include "lexicon/dictd.h"
#include "lexicon/stem.h"
#endif

#define LEXICON_DEFAULT_DIR "/usr/share/dictd"
/* Bounds of one look-up: index lines read for a stem, entries kept per
 * dictionary, keys per word. */
#define LEXICON_PREFIX_LINES 48
#define LEXICON_ENTRIES 6
#define LEXICON_KEYS 24

/* A language's ISO 639-1 code, its ISO 639-2 codes in dictionary names,
 * its name in reports, and the Debian packages of FreeDict dictionaries
 * from it (NULL: none packaged). */
static const struct {
	const char *iso1, *iso2a, *iso2b, *name, *packages;
} lexicon_langs[] = {
	{ "ar", "ara", "ara", "Arabic", "dict-freedict-ara-eng" },
	{ "fr", "fra", "fre", "French", "dict-freedict-fra-eng" },
	{ "en", "eng", "eng", "English", "dict-freedict-eng-ara, dict-freedict-eng-fra" },
	{ "he", "heb", "heb", "Hebrew", NULL },
	{ "fa", "fas", "per", "Persian", NULL },
};
#define LEXICON_NLANGS (sizeof lexicon_langs / sizeof *lexicon_langs)

/* A dictionary found: from language src to dst (ISO 639-1). */
struct lexicon_dict {
	char src[3], dst[3];
#ifdef HAVE_LEXICON
	struct dictd *dd; /* owned */
#endif
	char *name;       /* owned, e.g. "ara-eng" */
};

/* The keys of one word, NUL-terminated one after the other. */
struct lexicon_cached {
	char *keys; /* owned */
	size_t len, n;
};

struct lexicon {
	struct lexicon_dict *dicts; /* owned, sorted by name */
	size_t ndicts;
	char *error;    /* owned, the first error met */
	char *describe; /* owned, the last lexicon_describe line */
	struct strmap cache; /* "lang:word" -> index in cached */
	struct lexicon_cached *cached; /* owned */
	size_t ncached, cachedcap;
	pthread_mutex_t lock;
#ifdef HAVE_LEXICON
	struct stem *stem; /* owned */
#endif
};

/* The ISO 639-1 code of a dictionary name's language code, or NULL. */
static const char *
lang_of_code(const char *code, size_t n)
{
	for (size_t i = 0; i < LEXICON_NLANGS; i++)
		if ((strlen(lexicon_langs[i].iso2a) == n && memcmp(lexicon_langs[i].iso2a, code, n) == 0) ||
		    (strlen(lexicon_langs[i].iso2b) == n && memcmp(lexicon_langs[i].iso2b, code, n) == 0))
			return lexicon_langs[i].iso1;
	return NULL;
}

static const char *
lang_name(const char *iso1)
{
	for (size_t i = 0; i < LEXICON_NLANGS; i++)
		if (strcmp(lexicon_langs[i].iso1, iso1) == 0)
			return lexicon_langs[i].name;
	return iso1;
}

/* The two-letter code of a language tag ("fr-CA" -> "fr") in out. */
static void
lang_code(const char *lang, char out[3])
{
	out[0] = out[1] = out[2] = '\0';
	if (!lang)
		return;
	for (int i = 0; i < 2 && lang[i] && lang[i] != '-' && lang[i] != '_'; i++)
		out[i] = (char)(lang[i] >= 'A' && lang[i] <= 'Z' ? lang[i] - 'A' + 'a' : lang[i]);
}

static int
dict_cmp(const void *a, const void *b)
{
	return strcmp(((const struct lexicon_dict *)a)->name, ((const struct lexicon_dict *)b)->name);
}

#ifdef HAVE_LEXICON
/* Records a dictionary named by its index file (NAME.index, NAME ending in
 * "xxx-yyy") when its text (NAME.dict.dz or NAME.dict) is there too. */
static void
add_dict(struct lexicon *lx, const char *dir, const char *file, size_t cap)
{
	size_t n = strlen(file);
	if (n <= 6 + 7 || strcmp(file + n - 6, ".index") != 0)
		return;
	size_t base = n - 6;
	const char *pair = file + base - 7;
	if (pair[3] != '-' || (pair > file && pair[-1] != '-'))
		return;
	const char *src = lang_of_code(pair, 3), *dst = lang_of_code(pair + 4, 3);
	if (!src || !dst)
		return;
	struct strbuf idx = STRBUF_INIT, dict = STRBUF_INIT;
	strbuf_printf(&idx, "%s/%s", dir, file);
	for (int dz = 1; dz >= 0; dz--) {
		strbuf_reset(&dict);
		strbuf_printf(&dict, "%s/%.*s%s", dir, (int)base, file, dz ? ".dict.dz" : ".dict");
		if (access(dict.data, R_OK) == 0)
			break;
		strbuf_reset(&dict);
	}
	if (dict.len > 0 && lx->ndicts < cap) {
		struct lexicon_dict *d = &lx->dicts[lx->ndicts++];
		memcpy(d->src, src, 3);
		memcpy(d->dst, dst, 3);
		d->name = xstrndup(pair, 7);
		d->dd = dictd_new(d->name, idx.data, dict.data);
	}
	strbuf_free(&idx);
	strbuf_free(&dict);
}
#endif

struct lexicon *
lexicon_open(const char *dir)
{
	struct lexicon *lx = xcalloc(1, sizeof *lx);

	pthread_mutex_init(&lx->lock, NULL);
#ifdef HAVE_LEXICON
	if (!dir) {
		const char *env = getenv("QARIN_DICT_DIR");
		dir = env && *env ? env : LEXICON_DEFAULT_DIR;
	}
	lx->stem = stem_new();
	DIR *dh = opendir(dir);
	if (!dh)
		return lx;
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(dh)) != NULL) {
		if (lx->ndicts == cap) {
			cap = cap ? 2 * cap : 8;
			lx->dicts = xreallocarray(lx->dicts, cap, sizeof *lx->dicts);
		}
		add_dict(lx, dir, de->d_name, cap);
	}
	closedir(dh);
	qsort(lx->dicts, lx->ndicts, sizeof *lx->dicts, dict_cmp);
#else
	(void)dir;
	(void)dict_cmp;
	(void)lang_of_code;
#endif
	return lx;
}

void
lexicon_free(struct lexicon *lx)
{
	if (!lx)
		return;
	for (size_t i = 0; i < lx->ndicts; i++) {
#ifdef HAVE_LEXICON
		dictd_free(lx->dicts[i].dd);
#endif
		free(lx->dicts[i].name);
	}
	free(lx->dicts);
	for (size_t i = 0; i < lx->ncached; i++)
		free(lx->cached[i].keys);
	free(lx->cached);
	strmap_free(&lx->cache);
#ifdef HAVE_LEXICON
	stem_free(lx->stem);
#endif
	pthread_mutex_destroy(&lx->lock);
	free(lx->error);
	free(lx->describe);
	free(lx);
}

/* True when some dictionary translates lang into English. */
static bool
has_into_english(const struct lexicon *lx, const char *lang)
{
	for (size_t i = 0; i < lx->ndicts; i++)
		if (strcmp(lx->dicts[i].src, lang) == 0 && strcmp(lx->dicts[i].dst, "en") == 0)
			return true;
	return false;
}

bool
lexicon_covers(const struct lexicon *lx, const char *lang)
{
#ifdef HAVE_LEXICON
	char code[3];
	lang_code(lang, code);
	if (strcmp(code, "en") == 0)
		return stem_has("en");
	return has_into_english(lx, code);
#else
	(void)lx;
	(void)lang;
	(void)lang_code;
	(void)has_into_english;
	return false;
#endif
}

/* Appends the names of the dictionaries from lang into English. */
static void
describe_into_english(const struct lexicon *lx, const char *lang, struct strbuf *sb)
{
	for (size_t i = 0; i < lx->ndicts; i++) {
		const struct lexicon_dict *d = &lx->dicts[i];
		if (strcmp(d->src, lang) == 0 && strcmp(d->dst, "en") == 0) {
			if (sb->len)
				strbuf_puts(sb, ", ");
			strbuf_puts(sb, d->name);
		}
	}
}

const char *
lexicon_describe(struct lexicon *lx, const char *lang_a, const char *lang_b)
{
	char a[3], b[3];
	struct strbuf sb = STRBUF_INIT;

	lang_code(lang_a, a);
	lang_code(lang_b, b);
	pthread_mutex_lock(&lx->lock);
	if (lexicon_covers(lx, a) && lexicon_covers(lx, b)) {
		if (strcmp(a, "en") != 0)
			describe_into_english(lx, a, &sb);
		if (strcmp(b, "en") != 0 && strcmp(a, b) != 0)
			describe_into_english(lx, b, &sb);
		if (sb.len == 0)
			strbuf_puts(&sb, "English stems");
		else if (strcmp(a, "en") != 0 && strcmp(b, "en") != 0 && strcmp(a, b) != 0)
			strbuf_printf(&sb, " (%s-%s through English)", lang_name(a), lang_name(b));
	} else {
		strbuf_puts(&sb, "none");
	}
	free(lx->describe);
	lx->describe = strbuf_steal(&sb);
	pthread_mutex_unlock(&lx->lock);
	return lx->describe;
}

const char *
lexicon_error(const struct lexicon *lx)
{
	return lx->error;
}

size_t
lexicon_cache_size(const struct lexicon *lx)
{
	return lx->ncached;
}

#ifdef HAVE_LEXICON
/* Keeps the first error. */
static void
note_error(struct lexicon *lx, const struct qerr *err)
{
	if (!lx->error)
		lx->error = xstrdup(err->msg);
}

/* What a look-up calls for each entry it finds. */
struct lookup_sink {
	void (*entry)(struct lexicon_dict *d, const char *form, const char *text, size_t len,
		      void *arg);
	void *arg;
};

/* Fetches the entries of hits and hands them to the sink; returns how
 * many it handed. */
static size_t
emit(struct lexicon *lx, struct lexicon_dict *d, const char *form, struct dictd_hits *hits,
     const struct lookup_sink *sink)
{
	struct strbuf text = STRBUF_INIT;
	struct qerr err;
	size_t n = 0;

	for (size_t i = 0; i < hits->n; i++) {
		/* Two index lines may share an entry. */
		bool seen = false;
		for (size_t j = 0; j < i; j++)
			seen |= hits->v[j].off == hits->v[i].off && hits->v[j].len == hits->v[i].len;
		if (seen)
			continue;
		strbuf_reset(&text);
		if (!dictd_fetch(d->dd, &hits->v[i], &text, &err)) {
			note_error(lx, &err);
			break;
		}
		sink->entry(d, form, text.data ? text.data : "", text.len, sink->arg);
		n++;
	}
	strbuf_free(&text);
	return n;
}

/* Looks up form exactly in d; returns how many entries it handed. */
static size_t
lookup_exact(struct lexicon *lx, struct lexicon_dict *d, const char *form,
	     const struct lookup_sink *sink)
{
	struct strbuf key = STRBUF_INIT;
	struct dictd_hits hits = DICTD_HITS_INIT;
	struct qerr err;
	size_t n = 0;

	dictd_fold(form, strlen(form), &key);
	if (key.len > 0) {
		if (dictd_find(d->dd, key.data, LEXICON_ENTRIES, &hits, &err))
			n = emit(lx, d, form, &hits, sink);
		else
			note_error(lx, &err);
	}
	dictd_hits_free(&hits);
	strbuf_free(&key);
	return n;
}

/* The headwords of d that start like stem and whose own stem is stem. */
static size_t
lookup_stem(struct lexicon *lx, struct lexicon_dict *d, const char *stem, const char *prefix,
	    const struct lookup_sink *sink)
{
	struct strbuf key = STRBUF_INIT, norm = STRBUF_INIT, st = STRBUF_INIT;
	struct dictd_hits hits = DICTD_HITS_INIT, keep = DICTD_HITS_INIT;
	struct qerr err;
	size_t n = 0;

	dictd_fold(prefix, strlen(prefix), &key);
	if (key.len == 0 || !dictd_find_prefix(d->dd, key.data, LEXICON_PREFIX_LINES, &hits, &err)) {
		if (key.len > 0)
			note_error(lx, &err);
		goto out;
	}
	for (size_t i = 0; i < hits.n && keep.n < LEXICON_ENTRIES; i++) {
		const char *hw = hits.v[i].headword;
		strbuf_reset(&norm);
		strbuf_reset(&st);
		stem_normalize(hw, strlen(hw), true, &norm);
		stem_word(lx->stem, d->src, norm.data, norm.len, &st);
		if (strcmp(st.data ? st.data : "", stem) != 0)
			continue;
		if (keep.n == keep.cap) {
			keep.cap = keep.cap ? 2 * keep.cap : 8;
			keep.v = xreallocarray(keep.v, keep.cap, sizeof *keep.v);
		}
		keep.v[keep.n++] = hits.v[i];
		hits.v[i].headword = NULL; /* moved */
	}
	for (size_t i = 0; i < keep.n; i++)
		n += emit(lx, d, keep.v[i].headword, &(struct dictd_hits){ &keep.v[i], 1, 1 }, sink);
out:
	dictd_hits_free(&hits);
	dictd_hits_free(&keep);
	strbuf_free(&key);
	strbuf_free(&norm);
	strbuf_free(&st);
	return n;
}

/* The Arabic alef variants a stem's bare initial alef may stand for in a
 * headword. */
static const char *const alef_variants[] = { "\xD8\xA3", "\xD8\xA5", "\xD8\xA2" };

/* Looks up word (folded) of lang in each dictionary from lang into dst
 * (NULL: any): its form, then its forms without clitics, then its stem. */
static size_t
lookup(struct lexicon *lx, const char *lang, const char *dst, const char *word,
       const struct lookup_sink *sink)
{
	struct strbuf forms = STRBUF_INIT, norm = STRBUF_INIT, st = STRBUF_INIT, pre = STRBUF_INIT;
	size_t nforms = 1, total = 0;
	bool ar = strcmp(lang, "ar") == 0;

	strbuf_puts(&forms, word);
	strbuf_putc(&forms, '\0');
	size_t el = strcmp(lang, "fr") == 0 ? stem_french_elision(word, strlen(word)) : 0;
	if (el > 0) { /* l'interdiction: interdiction */
		strbuf_puts(&forms, word + el);
		strbuf_putc(&forms, '\0');
		nforms++;
	}
	if (ar) {
		nforms += stem_arabic_forms(word, strlen(word), &forms);
		/* Many nouns are listed with their article only: وزير as الوزير. */
		if (strncmp(word, "\xD8\xA7\xD9\x84", 4) != 0) {
			strbuf_printf(&forms, "\xD8\xA7\xD9\x84%s", word);
			strbuf_putc(&forms, '\0');
			nforms++;
		}
	}
	for (size_t i = 0; i < lx->ndicts; i++) {
		struct lexicon_dict *d = &lx->dicts[i];
		if (strcmp(d->src, lang) != 0 || (dst && strcmp(d->dst, dst) != 0) ||
		    dictd_failed(d->dd))
			continue;
		size_t n = 0;
		const char *f = forms.data;
		for (size_t k = 0; k < nforms && n == 0; k++, f += strlen(f) + 1)
			n += lookup_exact(lx, d, f, sink);
		f = forms.data;
		/* By stem: each form's, a bounded number of index lines each. */
		for (size_t k = 0; k < nforms && n == 0 && !dictd_failed(d->dd);
		     k++, f += strlen(f) + 1) {
			strbuf_reset(&norm);
			strbuf_reset(&st);
			stem_normalize(f, strlen(f), true, &norm);
			stem_word(lx->stem, lang, norm.data, norm.len, &st);
			if (!st.data || strlen(st.data) < 2)
				continue;
			n += lookup_stem(lx, d, st.data, st.data, sink);
			if (ar && n == 0) {
				strbuf_reset(&pre);
				strbuf_printf(&pre, "\xD8\xA7\xD9\x84%s", st.data); /* ال + stem */
				n += lookup_stem(lx, d, st.data, pre.data, sink);
			}
			if (ar && n == 0 && strncmp(st.data, "\xD8\xA7", 2) == 0) {
				for (size_t v = 0; v < 3 && n == 0; v++) {
					strbuf_reset(&pre);
					strbuf_printf(&pre, "%s%s", alef_variants[v], st.data + 2);
					n += lookup_stem(lx, d, st.data, pre.data, sink);
				}
			}
		}
		total += n;
	}
	strbuf_free(&forms);
	strbuf_free(&norm);
	strbuf_free(&st);
	strbuf_free(&pre);
	return total;
}

/* A small English stop list: words that say nothing of a paragraph's
 * subject, whatever their language was. */
static const char *const stop_en[] = {
	"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
	"any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
	"between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
	"during", "each", "even", "every", "few", "for", "from", "further", "had", "has",
	"have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his",
	"how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "may", "me",
	"might", "more", "most", "must", "my", "no", "nor", "not", "now", "of", "off", "on",
	"once", "one", "only", "or", "other", "our", "ours", "out", "over", "own", "same",
	"shall", "she", "should", "so", "some", "such", "than", "that", "the", "their",
	"theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to",
	"too", "under", "until", "up", "upon", "very", "was", "we", "were", "what", "when",
	"where", "which", "while", "who", "whom", "whose", "why", "will", "with", "would",
	"yet", "you", "your",
};

/* Arabic and French function words: their translations are English stop
 * words or noise. */
static const char *const stop_src[] = {
	/* Arabic: في من على إلى عن أن إن مع هذا هذه ذلك التي الذي الذين كان
	 * قد لا ما لم لن ثم أو بل حتى كما بين عند هو هي هم */
	"\xD9\x81\xD9\x8A", "\xD9\x85\xD9\x86", "\xD8\xB9\xD9\x84\xD9\x89",
	"\xD8\xA5\xD9\x84\xD9\x89", "\xD8\xB9\xD9\x86", "\xD8\xA3\xD9\x86", "\xD8\xA5\xD9\x86",
	"\xD9\x85\xD8\xB9", "\xD9\x87\xD8\xB0\xD8\xA7", "\xD9\x87\xD8\xB0\xD9\x87",
	"\xD8\xB0\xD9\x84\xD9\x83", "\xD8\xA7\xD9\x84\xD8\xAA\xD9\x8A",
	"\xD8\xA7\xD9\x84\xD8\xB0\xD9\x8A", "\xD8\xA7\xD9\x84\xD8\xB0\xD9\x8A\xD9\x86",
	"\xD9\x83\xD8\xA7\xD9\x86", "\xD9\x82\xD8\xAF", "\xD9\x84\xD8\xA7", "\xD9\x85\xD8\xA7",
	"\xD9\x84\xD9\x85", "\xD9\x84\xD9\x86", "\xD8\xAB\xD9\x85", "\xD8\xA3\xD9\x88",
	"\xD8\xA8\xD9\x84", "\xD8\xAD\xD8\xAA\xD9\x89", "\xD9\x83\xD9\x85\xD8\xA7",
	"\xD8\xA8\xD9\x8A\xD9\x86", "\xD8\xB9\xD9\x86\xD8\xAF", "\xD9\x87\xD9\x88",
	"\xD9\x87\xD9\x8A", "\xD9\x87\xD9\x85",
	/* French */
	"le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "et", "ou", "à", "au",
	"aux", "en", "dans", "par", "pour", "sur", "avec", "sans", "sous", "ce", "cet", "cette",
	"ces", "qui", "que", "qu'", "dont", "où", "est", "sont", "été", "être", "a", "ont",
	"il", "elle", "ils", "elles", "se", "sa", "son", "ses", "leur", "leurs", "ne", "pas",
	"plus", "mais", "comme", "si", "y",
};

static bool
in_list(const char *const *list, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], w) == 0)
			return true;
	return false;
}

/* True when a word has no letter (a number, a sign). */
static bool
letterless(const char *w)
{
	const unsigned char *p = (const unsigned char *)w;
	size_t n = strlen(w);
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += utf8_next(p + i, n - i, &c);
		if (u_isalpha((UChar32)c))
			return false;
	}
	return true;
}

/* The keys of one word being built. */
struct key_set {
	struct lexicon *lx;
	struct strbuf keys; /* NUL-terminated keys */
	size_t n;
	struct strbuf phrase_words; /* words of translations of several words */
	bool single;        /* the current entry gave a one-word translation */
};

/* Adds the English stem of word w (lowercase) unless a stop word or known. */
static void
key_add(struct key_set *ks, const char *w, size_t len)
{
	struct strbuf low = STRBUF_INIT, st = STRBUF_INIT;

	stem_normalize(w, len, false, &low);
	if (low.len == 0 || letterless(low.data) ||
	    in_list(stop_en, sizeof stop_en / sizeof *stop_en, low.data))
		goto out;
	stem_word(ks->lx->stem, "en", low.data, low.len, &st);
	for (size_t i = 0; i < ks->keys.len; i += strlen(ks->keys.data + i) + 1)
		if (strcmp(ks->keys.data + i, st.data) == 0)
			goto out;
	if (ks->n < LEXICON_KEYS) {
		strbuf_append(&ks->keys, st.data, st.len + 1);
		ks->n++;
	}
out:
	strbuf_free(&low);
	strbuf_free(&st);
}

/* One translation of a sense: a single word is a key; the words of a
 * phrase are kept for when the entry has no single word. */
static void
on_translation(const char *t, size_t len, void *arg)
{
	struct key_set *ks = arg;

	if (!memchr(t, ' ', len)) {
		key_add(ks, t, len);
		ks->single = true;
		return;
	}
	strbuf_append(&ks->phrase_words, t, len);
	strbuf_putc(&ks->phrase_words, '\0');
}

/* An entry found for a word: its translations become keys. */
static void
on_entry_keys(struct lexicon_dict *d, const char *form, const char *text, size_t len, void *arg)
{
	struct key_set *ks = arg;
	struct dictd_entry e;

	(void)d;
	(void)form;
	dictd_entry_parse(text, len, &e);
	ks->single = false;
	strbuf_reset(&ks->phrase_words);
	for (size_t i = 0; i < e.nsenses; i++)
		dictd_sense_translations(e.senses[i], on_translation, ks);
	if (!ks->single) {
		for (size_t i = 0; i < ks->phrase_words.len;) {
			const char *p = ks->phrase_words.data + i;
			size_t n = strlen(p);
			for (const char *w = p; w < p + n;) {
				const char *sp = memchr(w, ' ', (size_t)(p + n - w));
				const char *we = sp ? sp : p + n;
				key_add(ks, w, (size_t)(we - w));
				w = we + 1;
			}
			i += n + 1;
		}
	}
	dictd_entry_free(&e);
}

/* The keys of a folded word of lang, computed. */
static void
compute_keys(struct lexicon *lx, const char *lang, const char *word, struct key_set *ks)
{
	if (strcmp(lang, "en") == 0) {
		key_add(ks, word, strlen(word));
		return;
	}
	if (strcmp(lang, "fr") == 0)
		word += stem_french_elision(word, strlen(word)); /* qu'il: il */
	if (in_list(stop_src, sizeof stop_src / sizeof *stop_src, word))
		return;
	struct lookup_sink sink = { on_entry_keys, ks };
	lookup(lx, lang, "en", word, &sink);
}
#endif

size_t
lexicon_keys(struct lexicon *lx, const char *lang, const char *word, size_t len,
	     struct strbuf *keys)
{
#ifdef HAVE_LEXICON
	char code[3];
	struct strbuf w = STRBUF_INIT, ck = STRBUF_INIT;
	size_t n = 0;

	lang_code(lang, code);
	if (len == 0 || len > 256)
		return 0;
	pthread_mutex_lock(&lx->lock);
	if (!lexicon_covers(lx, code))
		goto out;
	stem_normalize(word, len, false, &w);
	if (w.len == 0 || letterless(w.data))
		goto out;
	strbuf_printf(&ck, "%s:%s", code, w.data);
	int at = strmap_get(&lx->cache, ck.data);
	if (at < 0) {
		struct key_set ks = { lx, STRBUF_INIT, 0, STRBUF_INIT, false };
		compute_keys(lx, code, w.data, &ks);
		if (lx->ncached == lx->cachedcap) {
			lx->cachedcap = lx->cachedcap ? 2 * lx->cachedcap : 64;
			lx->cached = xreallocarray(lx->cached, lx->cachedcap, sizeof *lx->cached);
		}
		at = (int)lx->ncached++;
		lx->cached[at] = (struct lexicon_cached){ ks.keys.data, ks.keys.len, ks.n };
		strbuf_free(&ks.phrase_words);
		strmap_set(&lx->cache, ck.data, at);
	}
	const struct lexicon_cached *c = &lx->cached[at];
	if (c->len > 0)
		strbuf_append(keys, c->keys, c->len);
	n = c->n;
out:
	pthread_mutex_unlock(&lx->lock);
	strbuf_free(&w);
	strbuf_free(&ck);
	return n;
#else
	(void)lx;
	(void)lang;
	(void)word;
	(void)len;
	(void)keys;
	return 0;
#endif
}

#ifdef HAVE_LEXICON
/* An entry found for lexicon_define: parsed into defs. */
static void
on_entry_define(struct lexicon_dict *d, const char *form, const char *text, size_t len, void *arg)
{
	struct lexicon_defs *defs = arg;
	struct dictd_entry e;

	dictd_entry_parse(text, len, &e);
	if (defs->n == defs->cap) {
		defs->cap = defs->cap ? 2 * defs->cap : 8;
		defs->v = xreallocarray(defs->v, defs->cap, sizeof *defs->v);
	}
	defs->v[defs->n++] = (struct lexicon_entry){
		.dict = xstrdup(d->name),
		.form = xstrdup(form),
		.headword = e.headword,
		.pron = e.pron,
		.senses = e.senses,
		.nsenses = e.nsenses,
	};
}
#endif

size_t
lexicon_define(struct lexicon *lx, const char *lang, const char *word, size_t len,
	       struct lexicon_defs *defs)
{
#ifdef HAVE_LEXICON
	char code[3];
	struct strbuf w = STRBUF_INIT;
	size_t before = defs->n;

	lang_code(lang, code);
	if (len == 0 || len > 256)
		return 0;
	pthread_mutex_lock(&lx->lock);
	stem_normalize(word, len, false, &w);
	if (w.len > 0 && stem_has(code)) {
		struct lookup_sink sink = { on_entry_define, defs };
		lookup(lx, code, NULL, w.data, &sink);
	}
	pthread_mutex_unlock(&lx->lock);
	strbuf_free(&w);
	return defs->n - before;
#else
	(void)lx;
	(void)lang;
	(void)word;
	(void)len;
	(void)defs;
	return 0;
#endif
}

bool
lexicon_supported(void)
{
#ifdef HAVE_LEXICON
	return true;
#else
	return false;
#endif
}

bool
lexicon_has_dicts(const struct lexicon *lx, const char *lang)
{
	char code[3];

	lang_code(lang, code);
	for (size_t i = 0; i < lx->ndicts; i++)
		if (strcmp(lx->dicts[i].src, code) == 0)
			return true;
	return false;
}

const char *
lexicon_packages(const char *lang)
{
	char code[3];

	lang_code(lang, code);
	for (size_t i = 0; i < LEXICON_NLANGS; i++)
		if (strcmp(lexicon_langs[i].iso1, code) == 0)
			return lexicon_langs[i].packages;
	return NULL;
}

void
lexicon_defs_free(struct lexicon_defs *defs)
{
	if (!defs)
		return;
	for (size_t i = 0; i < defs->n; i++) {
		struct lexicon_entry *e = &defs->v[i];
		free(e->dict);
		free(e->form);
		free(e->headword);
		free(e->pron);
		for (size_t j = 0; j < e->nsenses; j++)
			free(e->senses[j]);
		free(e->senses);
	}
	free(defs->v);
	defs->v = NULL;
	defs->n = defs->cap = 0;
}
