/* The lexicon's API over the dictionaries (dictd) and the stemmers (stem):
 * finding the dictionaries of a directory, mapping a word to concept keys,
 * entries for showing. */
#include "lexicon/lexicon.h"

#include <stdlib.h>
#include <string.h>

struct lexicon {
	char *describe; /* owned, the last lexicon_describe line */
};

struct lexicon *lexicon_open(const char *dir)
{
	(void)dir;
	return xcalloc(1, sizeof(struct lexicon));
}

void lexicon_free(struct lexicon *lx)
{
	if (!lx)
		return;
	free(lx->describe);
	free(lx);
}

bool lexicon_covers(const struct lexicon *lx, const char *lang)
{
	(void)lx;
	(void)lang;
	return false;
}

const char *lexicon_describe(struct lexicon *lx, const char *lang_a, const char *lang_b)
{
	(void)lang_a;
	(void)lang_b;
	free(lx->describe);
	lx->describe = xstrdup("none");
	return lx->describe;
}

size_t lexicon_keys(struct lexicon *lx, const char *lang, const char *word, size_t len,
		    struct strbuf *keys)
{
	(void)lx;
	(void)lang;
	(void)word;
	(void)len;
	(void)keys;
	return 0;
}

const char *lexicon_error(const struct lexicon *lx)
{
	(void)lx;
	return NULL;
}

size_t lexicon_define(struct lexicon *lx, const char *lang, const char *word, size_t len,
		      struct lexicon_defs *defs)
{
	(void)lx;
	(void)lang;
	(void)word;
	(void)len;
	(void)defs;
	return 0;
}

void lexicon_defs_free(struct lexicon_defs *defs)
{
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
