/* Lexicon benchmark: the concept keys of every word of a text, looked up
 * once cold (the dictionaries opened, their chunks inflated, each word
 * searched) and once more from the cache; the best of three cached runs.
 * Usage: lexicon-bench LANG FILE [DICT-DIR]
 * Prints one line of name=value fields. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/uchar.h>

#include "lexicon/lib.h"
#include "text/lib.h"

#include "clock.h"

/* Looks up every word (a run of letters and marks) of text; returns how
 * many words there were, *with_keys how many had keys. */
static size_t
pass(struct lexicon *lx, const char *lang, const char *text, size_t len, size_t *with_keys)
{
	const unsigned char *p = (const unsigned char *)text;
	struct strbuf keys = STRBUF_INIT;
	size_t words = 0, i = 0;

	*with_keys = 0;
	while (i < len) {
		uint32_t c;
		size_t start = i, n = utf8_next(p + i, len - i, &c);
		if (!u_isalpha((UChar32)c)) {
			i += n;
			continue;
		}
		while (i < len) {
			n = utf8_next(p + i, len - i, &c);
			if (!u_isalpha((UChar32)c) && !(U_GET_GC_MASK((UChar32)c) & U_GC_M_MASK))
				break;
			i += n;
		}
		strbuf_reset(&keys);
		*with_keys += lexicon_keys(lx, lang, text + start, i - start, &keys) > 0;
		words++;
	}
	strbuf_free(&keys);
	return words;
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: lexicon-bench LANG FILE [DICT-DIR]\n");
		return 2;
	}
	FILE *f = fopen(argv[2], "rb");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	struct strbuf text = STRBUF_INIT;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_append(&text, buf, n);
	fclose(f);

	double t0 = now_s();
	struct lexicon *lx = lexicon_open(argc > 3 ? argv[3] : NULL);
	double t1 = now_s(), c1 = cpu_s();
	size_t with_keys;
	size_t words = pass(lx, argv[1], text.data, text.len, &with_keys);
	double t2 = now_s(), cold_cpu = cpu_s() - c1, cached = 1e9;
	for (int r = 0; r < 3; r++) {
		double a = now_s();
		size_t wk;
		pass(lx, argv[1], text.data, text.len, &wk);
		double b = now_s() - a;
		if (b < cached)
			cached = b;
	}
	printf("lexicon=\"%s\" words=%zu distinct=%zu with_keys=%zu open_ms=%.3f cold_ms=%.2f cold_cpu_ms=%.2f "
	       "cold_us_per_distinct=%.1f cached_ms=%.3f cached_us_per_word=%.3f error=\"%s\"\n",
	       lexicon_describe(lx, argv[1], "en"), words, lexicon_cache_size(lx), with_keys,
	       (t1 - t0) * 1e3, (t2 - t1) * 1e3, cold_cpu * 1e3,
	       lexicon_cache_size(lx) ? (t2 - t1) * 1e6 / (double)lexicon_cache_size(lx) : 0.0,
	       cached * 1e3, words ? cached * 1e6 / (double)words : 0.0,
	       lexicon_error(lx) ? lexicon_error(lx) : "");
	lexicon_free(lx);
	strbuf_free(&text);
	return 0;
}
