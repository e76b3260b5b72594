/* libFuzzer target: arbitrary bytes as a dictd dictionary. The input's
 * first byte chooses a compressed (.dict.dz) or plain (.dict) text, the
 * next two give the length of the .index, which follows, and the rest is
 * the text. A few words are then looked up and defined. Checks that an
 * error names a file of the dictionary, that keys are as many
 * NUL-terminated strings as counted, and that entries are whole. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon/lib.h"
#include "fuzz_tmpdir.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fuzz_words[] = {
	"ministre", "gouvernement", "ministres", "abat-jour", "le", "reine", "a", "z",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_tmpdir();
	char path[4200];

	if (size < 3)
		return 0;
	bool dz = data[0] & 1;
	size_t ilen = (size_t)data[1] | (size_t)data[2] << 8;
	data += 3;
	size -= 3;
	if (ilen > size)
		ilen = size;
	fuzz_tmpdir_write(dir, "freedict-fra-eng.index", data, ilen);
	snprintf(path, sizeof path, "%s/freedict-fra-eng.%s", dir, dz ? "dict" : "dict.dz");
	unlink(path);
	fuzz_tmpdir_write(dir, dz ? "freedict-fra-eng.dict.dz" : "freedict-fra-eng.dict", data + ilen,
			  size - ilen);

	struct lexicon *lx = lexicon_open(dir);
	for (size_t w = 0; w < sizeof fuzz_words / sizeof *fuzz_words; w++) {
		const char *word = fuzz_words[w];
		struct strbuf keys = STRBUF_INIT;
		size_t n = lexicon_keys(lx, "fr", word, strlen(word), &keys);
		size_t at = 0;
		for (size_t k = 0; k < n; k++) {
			if (at >= keys.len)
				abort(); /* fewer keys than counted */
			size_t kl = strlen(keys.data + at);
			if (kl == 0)
				abort(); /* an empty key */
			at += kl + 1;
		}
		if (at != keys.len)
			abort(); /* more bytes than the keys counted */
		strbuf_free(&keys);

		struct lexicon_defs defs = LEXICON_DEFS_INIT;
		size_t d = lexicon_define(lx, "fr", word, strlen(word), &defs);
		if (d != defs.n)
			abort();
		for (size_t i = 0; i < defs.n; i++) {
			const struct lexicon_entry *e = &defs.v[i];
			if (!e->dict || !e->form || !e->headword || !e->pron ||
			    (e->nsenses && !e->senses))
				abort();
			for (size_t s = 0; s < e->nsenses; s++)
				if (!e->senses[s] || !e->senses[s][0])
					abort(); /* senses are never empty */
		}
		lexicon_defs_free(&defs);
	}
	const char *err = lexicon_error(lx);
	if (err && !strstr(err, "freedict-fra-eng."))
		abort(); /* an error names the file */
	lexicon_free(lx);
	return 0;
}
