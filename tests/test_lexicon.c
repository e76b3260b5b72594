/* The lexicon: concept keys of words through small dictd dictionaries
 * (tests/fixtures/dict, made by its make.sh), Arabic clitics, French
 * inflection, the Arabic-French pivot through English, stop words, the
 * cache, entries for showing; damaged files (corrupt and truncated
 * .dict.dz, bad index lines, an unsorted index) give errors naming the
 * file while the other dictionaries go on; then the FreeDict dictionaries
 * Debian installs in /usr/share/dictd, when they are there. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lexicon/lib.h"
#include "tap.h"

static char tmpdir[512];

/* The keys of a word, joined with spaces ("" when none). */
static char *
keys_of(struct lexicon *lx, const char *lang, const char *word, size_t *n)
{
	struct strbuf k = STRBUF_INIT, out = STRBUF_INIT;
	size_t got = lexicon_keys(lx, lang, word, strlen(word), &k);
	const char *p = k.data;

	for (size_t i = 0; i < got; i++) {
		if (i)
			strbuf_putc(&out, ' ');
		strbuf_puts(&out, p);
		p += strlen(p) + 1;
	}
	if (n)
		*n = got;
	strbuf_free(&k);
	strbuf_puts(&out, "");
	return strbuf_steal(&out);
}

static const char *
fixtures(void)
{
	const char *f = getenv("FIXTURES");
	return f && *f ? f : QARIN_SRCDIR "/tests/fixtures";
}

/* Copies the fixture dictionary file name into dir. */
static void
copy_fixture(const char *dir, const char *name)
{
	char src[1024], dst[1024];
	size_t len;

	snprintf(src, sizeof src, "%s/dict/%s", fixtures(), name);
	snprintf(dst, sizeof dst, "%s/%s", dir, name);
	char *data = slurp(src, &len);
	if (!data)
		abort();
	FILE *f = fopen(dst, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		abort();
	free(data);
}

/* A fresh directory under tmpdir holding copies of both fixture
 * dictionaries. */
static void
make_dir(char *dir, size_t cap, const char *name)
{
	snprintf(dir, cap, "%s/%s", tmpdir, name);
	if (mkdir(dir, 0700) != 0)
		abort();
	copy_fixture(dir, "freedict-ara-eng.index");
	copy_fixture(dir, "freedict-ara-eng.dict.dz");
	copy_fixture(dir, "freedict-fra-eng.index");
	copy_fixture(dir, "freedict-fra-eng.dict.dz");
}

#ifdef HAVE_LEXICON
/* True when the key sets of two words meet. */
static bool
meet(struct lexicon *lx, const char *la, const char *a, const char *lb, const char *b)
{
	struct strbuf ka = STRBUF_INIT, kb = STRBUF_INIT;
	size_t na = lexicon_keys(lx, la, a, strlen(a), &ka);
	size_t nb = lexicon_keys(lx, lb, b, strlen(b), &kb);
	bool met = false;
	const char *p = ka.data;

	for (size_t i = 0; i < na && !met; i++, p += strlen(p) + 1) {
		const char *q = kb.data;
		for (size_t j = 0; j < nb && !met; j++, q += strlen(q) + 1)
			met = strcmp(p, q) == 0;
	}
	strbuf_free(&ka);
	strbuf_free(&kb);
	return met;
}

/* True when key is one of the space-separated words of keys. */
static bool
has_key(const char *keys, const char *key)
{
	size_t n = strlen(key);
	for (const char *p = keys; (p = strstr(p, key)) != NULL; p += n)
		if ((p == keys || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static void
test_keys(void)
{
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/dict", fixtures());
	struct lexicon *lx = lexicon_open(dir);
	char *k;
	size_t n = 99;

	ok(lexicon_covers(lx, "ar") && lexicon_covers(lx, "fr") && lexicon_covers(lx, "en"),
	   "Arabic, French and English are covered");
	ok(!lexicon_covers(lx, "he") && !lexicon_covers(lx, "fa"),
	   "Hebrew and Persian are not (no dictionary)");
	ok(lexicon_has_dicts(lx, "ar") && lexicon_has_dicts(lx, "fr-CA") && !lexicon_has_dicts(lx, "he"),
	   "dictionaries from Arabic and French (a region ignored), none from Hebrew");
	is_str(lexicon_packages("ar"), "dict-freedict-ara-eng", "the Debian package of Arabic's");
	is_str(lexicon_packages("en"), "dict-freedict-eng-ara, dict-freedict-eng-fra",
	       "English's: two packages");
	ok(lexicon_packages("he") == NULL, "none packaged for Hebrew");
	ok(lexicon_covers(lx, "fr-CA"), "a language tag counts by its language");
	is_str(lexicon_describe(lx, "ar", "fr"), "ara-eng, fra-eng (Arabic-French through English)",
	       "Arabic-French is described as going through English");
	is_str(lexicon_describe(lx, "fr", "en"), "fra-eng", "French-English: one dictionary");
	is_str(lexicon_describe(lx, "he", "fr"), "none", "Hebrew-French: none");
	ok(lexicon_error(lx) == NULL, "no error before any look-up");

	k = keys_of(lx, "fr", "gouvernement", NULL);
	ok(has_key(k, "govern") && has_key(k, "administr") && has_key(k, "reign"),
	   "gouvernement: the stems of all its translations");
	diag("gouvernement: %s", k);
	free(k);
	k = keys_of(lx, "fr", "ministres", NULL);
	is_str(k, "minist", "ministres (a plural) is found through its stem: minister");
	free(k);
	k = keys_of(lx, "fr", "Abat-Jour", NULL);
	is_str(k, "lamp-shad", "abat-jour: found in dictd's order, case and hyphen ignored");
	free(k);
	k = keys_of(lx, "fr", "d\xE2\x80\x99" "abat-jour", NULL);
	is_str(k, "lamp-shad", "d’abat-jour: the elided article goes");
	free(k);
	k = keys_of(lx, "fr", "qu'il", &n);
	is_long((long)n, 0, "qu'il: elided, a stop word");
	free(k);
	k = keys_of(lx, "ar", "\xD9\x88\xD8\xA7\xD9\x84\xD8\xAD\xD9\x83\xD9\x88\xD9\x85\xD8\xA9", NULL);
	ok(has_key(k, "govern"), "والحكومة (and the government): government");
	free(k);
	k = keys_of(lx, "ar", "\xD9\x84\xD9\x84\xD8\xAD\xD9\x83\xD9\x88\xD9\x85\xD8\xA9", NULL);
	ok(has_key(k, "govern"), "للحكومة (for the government): government");
	free(k);
	k = keys_of(lx, "ar", "\xD9\x88\xD8\xB2\xD9\x8A\xD8\xB1", NULL);
	ok(has_key(k, "minist"), "وزير is found as الوزير");
	free(k);
	k = keys_of(lx, "ar", "\xD8\xA7\xD9\x84\xD9\x88\xD9\x8E\xD8\xB2\xD9\x90\xD9\x8A\xD8\xB1", NULL);
	ok(has_key(k, "minist"), "الوَزِير with harakat is الوزير");
	free(k);
	ok(meet(lx, "ar", "\xD8\xA7\xD9\x84\xD9\x88\xD8\xB2\xD9\x8A\xD8\xB1", "fr", "ministre"),
	   "pivot: الوزير and ministre share a key");
	ok(meet(lx, "ar", "\xD9\x88\xD8\xA7\xD9\x84\xD8\xAD\xD9\x83\xD9\x88\xD9\x85\xD8\xA9", "fr",
		"gouvernement"), "pivot: والحكومة and gouvernement share a key");
	ok(meet(lx, "ar", "\xD8\xA7\xD9\x84\xD8\xA8\xD8\xB1\xD9\x8A\xD8\xB7\xD8\xA7\xD9\x86\xD9\x8A",
		"fr", "britannique"), "pivot: البريطاني and britannique share a key");
	ok(!meet(lx, "ar", "\xD8\xA7\xD9\x84\xD9\x88\xD8\xB2\xD9\x8A\xD8\xB1", "fr", "reine"),
	   "الوزير and reine share none");
	ok(meet(lx, "fr", "ministre", "en", "Ministers"), "ministre and the English Ministers meet");

	k = keys_of(lx, "fr", "le", &n);
	is_long((long)n, 0, "le: a stop word has no key");
	free(k);
	k = keys_of(lx, "ar", "\xD9\x81\xD9\x8A", &n);
	is_long((long)n, 0, "في: a stop word has no key");
	free(k);
	k = keys_of(lx, "en", "the", &n);
	is_long((long)n, 0, "the: an English stop word has no key");
	free(k);
	k = keys_of(lx, "fr", "2020", &n);
	is_long((long)n, 0, "a number has no key");
	free(k);
	k = keys_of(lx, "ar", "\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA0", &n);
	is_long((long)n, 0, "an Arabic-Indic number has no key");
	free(k);
	k = keys_of(lx, "fr", "zzyzx", &n);
	is_long((long)n, 0, "an unknown word has no key");
	free(k);
	k = keys_of(lx, "he", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", &n);
	is_long((long)n, 0, "a word of a language not covered has no key");
	free(k);
	k = keys_of(lx, "en", "governments", &n);
	is_str(k, "govern", "English: the word's own stem");
	free(k);

	/* The cache: one entry per (language, folded word). */
	lexicon_free(lx);
	lx = lexicon_open(dir);
	is_long((long)lexicon_cache_size(lx), 0, "a new lexicon caches nothing");
	char *a = keys_of(lx, "fr", "Ministres", NULL), *b = keys_of(lx, "fr", "ministres", NULL);
	is_str(a, b, "the same word gives the same keys again");
	is_long((long)lexicon_cache_size(lx), 1, "Ministres and ministres are one cached word");
	free(a);
	free(b);
	k = keys_of(lx, "en", "ministres", NULL);
	free(k);
	is_long((long)lexicon_cache_size(lx), 2, "the same word in another language is another");
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "x");
	lexicon_keys(lx, "fr", "ministre", 8, &sb);
	ok(sb.len == 1 + strlen("minist") + 1 && strcmp(sb.data + 1, "minist") == 0,
	   "keys are appended after what the buffer holds, NUL-terminated");
	strbuf_free(&sb);
	is_long((long)lexicon_cache_size(lx), 3, "ministre is another");
	ok(lexicon_error(lx) == NULL, "no error after the look-ups");
	lexicon_free(lx);
}

static void
test_define(void)
{
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/dict", fixtures());
	struct lexicon *lx = lexicon_open(dir);
	struct lexicon_defs defs = LEXICON_DEFS_INIT;

	is_long((long)lexicon_define(lx, "fr", "ministres", 9, &defs), 1, "ministres: one entry");
	if (defs.n == 1) {
		const struct lexicon_entry *e = &defs.v[0];
		is_str(e->dict, "fra-eng", "from fra-eng");
		is_str(e->form, "ministre", "matched through the headword ministre");
		is_str(e->headword, "ministre", "its headword");
		is_str(e->pron, "minist\xCA\x80", "its pronunciation, without slashes");
		ok(e->nsenses == 1 && strcmp(e->senses[0], "minister") == 0, "its one sense");
	}
	lexicon_defs_free(&defs);
	is_long((long)lexicon_define(lx, "fr", "gouvernement", 12, &defs), 1, "gouvernement: one entry");
	if (defs.n == 1) {
		ok(defs.v[0].nsenses == 2 && strcmp(defs.v[0].senses[0], "control, reign, rule") == 0 &&
		   strcmp(defs.v[0].senses[1], "administration, government") == 0,
		   "two senses, their numbers removed");
	}
	lexicon_defs_free(&defs);
	const char *wal = "\xD9\x88\xD8\xA7\xD9\x84\xD9\x88\xD8\xB2\xD9\x8A\xD8\xB1"; /* والوزير */
	is_long((long)lexicon_define(lx, "ar", wal, strlen(wal), &defs), 1, "والوزير: one entry");
	if (defs.n == 1) {
		is_str(defs.v[0].form, "\xD8\xA7\xD9\x84\xD9\x88\xD8\xB2\xD9\x8A\xD8\xB1",
		       "the form looked up is الوزير");
		ok(defs.v[0].nsenses == 2 && strcmp(defs.v[0].senses[1], "Vizier") == 0,
		   "its senses");
	}
	lexicon_defs_free(&defs);
	is_long((long)lexicon_define(lx, "fr", "xyz", 3, &defs), 0, "an unknown word: no entry");
	lexicon_defs_free(&defs);
	lexicon_free(lx);

	/* A plain .dict (not compressed) is read as well. */
	char pdir[1024];
	snprintf(pdir, sizeof pdir, "%s/plain", tmpdir);
	if (mkdir(pdir, 0700) != 0)
		abort();
	copy_fixture(pdir, "plain-eng-fra.index");
	copy_fixture(pdir, "plain-eng-fra.dict");
	lx = lexicon_open(pdir);
	is_long((long)lexicon_define(lx, "en", "Queens", 6, &defs), 1, "Queens: found in a plain .dict");
	if (defs.n == 1)
		ok(strcmp(defs.v[0].dict, "eng-fra") == 0 && defs.v[0].nsenses == 1 &&
		   strcmp(defs.v[0].senses[0], "reine (f)") == 0, "eng-fra's entry for queen");
	lexicon_defs_free(&defs);
	lexicon_free(lx);
}

/* Rewrites file name of dir with its bytes changed by fn. */
static void
damage(const char *dir, const char *name, void (*fn)(char *data, size_t *len))
{
	char path[1300];
	size_t len;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	char *data = slurp(path, &len);
	if (!data)
		abort();
	data = realloc(data, len + 256);
	fn(data, &len);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		abort();
	free(data);
}

static void
corrupt_chunk(char *data, size_t *len)
{
	/* The deflate data starts after the header; its middle becomes noise. */
	for (size_t i = *len / 2; i < *len / 2 + 40 && i < *len - 8; i++)
		data[i] = (char)(0x5A ^ (char)i);
}

static void
truncate_dz(char *data, size_t *len)
{
	(void)data;
	*len -= 60;
}

static void
bad_base64(char *data, size_t *len)
{
	/* The line of ministre gets an offset with '!' in it. */
	char *p = strstr(data, "ministre\t");
	if (!p)
		abort();
	p[9] = '!';
	(void)len;
}

static void
past_end(char *data, size_t *len)
{
	const char line[] = "ministre\tBAAA\tn\n"; /* offset 262144 */
	char *p = strstr(data, "ministre\t");
	char *e = strchr(p, '\n') + 1;
	size_t tail = *len - (size_t)(e - data);
	memmove(p + strlen(line), e, tail);
	memcpy(p, line, strlen(line));
	*len = (size_t)(p - data) + strlen(line) + tail;
}

static void
unsorted(char *data, size_t *len)
{
	/* The lines in the reverse order: every search meets the disorder. */
	char *out = malloc(*len), *end = data + *len;
	size_t n = 0;
	while (end > data) {
		char *start = end - 1;
		while (start > data && start[-1] != '\n')
			start--;
		memcpy(out + n, start, (size_t)(end - start));
		n += (size_t)(end - start);
		end = start;
	}
	memcpy(data, out, n);
	free(out);
}

/* A damaged fra-eng: French words get no key, the error names the file and
 * says what is wrong, once; Arabic still works. */
static void
check_damaged(const char *name, const char *file, void (*fn)(char *, size_t *), const char *what)
{
	char dir[1024], path[1300];
	make_dir(dir, sizeof dir, name);
	damage(dir, file, fn);
	snprintf(path, sizeof path, "%s/%s", dir, file);
	struct lexicon *lx = lexicon_open(dir);
	size_t n = 99;
	char *k = keys_of(lx, "fr", "ministre", &n);
	ok(n == 0, "%s: no key from the damaged dictionary", name);
	free(k);
	const char *err = lexicon_error(lx);
	ok(err && strstr(err, path) && strstr(err, what), "%s: the error names %s and says '%s'",
	   name, file, what);
	diag("%s", err ? err : "(no error)");
	char *saved = err ? strdup(err) : NULL;
	k = keys_of(lx, "fr", "gouvernement", &n);
	free(k);
	ok(saved && strcmp(lexicon_error(lx), saved) == 0, "%s: the first error stays", name);
	free(saved);
	k = keys_of(lx, "ar", "\xD8\xA7\xD9\x84\xD9\x88\xD8\xB2\xD9\x8A\xD8\xB1", NULL);
	is_str(k, "minist vizier", "the other dictionary still works");
	free(k);
	struct lexicon_defs defs = LEXICON_DEFS_INIT;
	ok(lexicon_define(lx, "fr", "reine", 5, &defs) == 0,
	   "%s: the disabled dictionary gives no entry", name);
	lexicon_defs_free(&defs);
	lexicon_free(lx);
}

static void
test_damaged(void)
{
	check_damaged("corrupt", "freedict-fra-eng.dict.dz", corrupt_chunk, "corrupt chunk 0");
	check_damaged("truncated", "freedict-fra-eng.dict.dz", truncate_dz, "truncated");
	check_damaged("base64", "freedict-fra-eng.index", bad_base64, "not in base64 digits");
	check_damaged("pastend", "freedict-fra-eng.index", past_end, "lies past the end");
	check_damaged("unsorted", "freedict-fra-eng.index", unsorted, "not sorted");

	/* Not gzip at all, and a gzip file without dictzip's field. */
	char dir[1024], path[1300];
	make_dir(dir, sizeof dir, "notgz");
	snprintf(path, sizeof path, "%s/freedict-fra-eng.dict.dz", dir);
	write_file(path, "ministre\nminister\n");
	struct lexicon *lx = lexicon_open(dir);
	char *k = keys_of(lx, "fr", "ministre", NULL);
	free(k);
	ok(lexicon_error(lx) && strstr(lexicon_error(lx), "not a gzip file"),
	   "a .dict.dz that is not gzip: said so");
	lexicon_free(lx);
	/* gzip of nothing: a header without the extra field, an empty block. */
	static const char empty_gz[20] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x03\x00";
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(empty_gz, 1, sizeof empty_gz, f) != sizeof empty_gz || fclose(f) != 0)
		abort();
	lx = lexicon_open(dir);
	k = keys_of(lx, "fr", "ministre", NULL);
	free(k);
	ok(lexicon_error(lx) && strstr(lexicon_error(lx), "not a dictzip file"),
	   "plain gzip: not a dictzip file");
	lexicon_free(lx);

	/* A directory that does not exist: an empty lexicon. */
	snprintf(dir, sizeof dir, "%s/none", tmpdir);
	lx = lexicon_open(dir);
	ok(!lexicon_covers(lx, "fr"), "no directory: French not covered");
	is_str(lexicon_describe(lx, "ar", "fr"), "none", "no directory: none");
	lexicon_free(lx);
}

/* The FreeDict dictionaries, as Debian installs them. */
static void
test_freedict(void)
{
	static const char *const need[] = { "freedict-ara-eng.index", "freedict-fra-eng.index" };
	bool have = true;
	for (size_t i = 0; i < 2; i++) {
		char path[256];
		snprintf(path, sizeof path, "/usr/share/dictd/%s", need[i]);
		have &= access(path, R_OK) == 0;
	}
	if (!have) {
		for (int i = 0; i < 7; i++)
			ok(true, "# SKIP FreeDict's ara-eng and fra-eng are not installed "
			   "(apt-get install dict-freedict-ara-eng dict-freedict-fra-eng)");
		return;
	}
	struct lexicon *lx = lexicon_open("/usr/share/dictd");
	ok(strncmp(lexicon_describe(lx, "ar", "fr"), "ara-eng, fra-eng", 16) == 0,
	   "FreeDict: Arabic-French through ara-eng and fra-eng");
	ok(meet(lx, "ar", "\xD9\x88\xD8\xA7\xD9\x84\xD8\xAD\xD9\x83\xD9\x88\xD9\x85\xD8\xA9", "fr",
		"gouvernement"), "FreeDict: والحكومة and gouvernement share a key");
	ok(meet(lx, "ar", "\xD8\xA7\xD9\x84\xD9\x88\xD8\xB2\xD9\x8A\xD8\xB1", "fr", "ministre"),
	   "FreeDict: الوزير and ministre share a key");
	ok(meet(lx, "ar", "\xD8\xA7\xD9\x84\xD8\xA8\xD8\xB1\xD9\x8A\xD8\xB7\xD8\xA7\xD9\x86\xD9\x8A",
		"fr", "britannique"), "FreeDict: البريطاني and britannique share a key");
	ok(meet(lx, "ar", "\xD8\xA7\xD9\x84\xD9\x88\xD8\xB2\xD8\xB1\xD8\xA7\xD8\xA1", "fr", "ministres"),
	   "FreeDict: الوزراء and ministres share a key");
	ok(!meet(lx, "ar", "\xD8\xA7\xD9\x84\xD9\x88\xD8\xB2\xD9\x8A\xD8\xB1", "fr", "gouvernement"),
	   "FreeDict: الوزير and gouvernement share none");
	ok(lexicon_error(lx) == NULL, "FreeDict: no error");
	if (lexicon_error(lx))
		diag("%s", lexicon_error(lx));
	lexicon_free(lx);
}
#endif

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	int n = snprintf(tmpdir, sizeof tmpdir, "%s/qarin-lexicon-XXXXXX",
			 tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (n < 0 || (size_t)n >= sizeof tmpdir || mkdtemp(tmpdir) == NULL)
		abort();
#ifdef HAVE_LEXICON
	test_keys();
	test_define();
	test_damaged();
	test_freedict();
#else
	struct lexicon *lx = lexicon_open(NULL);
	size_t n = 99;
	char *k = keys_of(lx, "fr", "ministre", &n);
	is_long((long)n, 0, "built without the lexicon: no key");
	is_str(lexicon_describe(lx, "ar", "fr"), "none", "built without the lexicon: none");
	ok(!lexicon_covers(lx, "en"), "built without the lexicon: nothing covered");
	free(k);
	lexicon_free(lx);
	(void)make_dir;
#endif
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		diag("could not remove %s", tmpdir);
	return done_testing();
}
