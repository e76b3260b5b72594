/* Tests of the decoder: encodings found and converted, bad bytes kept and
 * counted, binary input refused, NFC applied, and offsets mapped back. */
#include <config.h>

#include <stdint.h>

#include "ingest/lib.h"
#include "text/lib.h"
#include "tap.h"

/* Decodes a C string or buffer with the given encoding (NULL: detect). */
static int
dec(const char *bytes, size_t len, const char *enc, bool binary,
    struct decoded *out, struct qerr *err)
{
	struct decode_opts o = { enc, binary };

	err->msg[0] = '\0';
	return decode_bytes("t", bytes, len, &o, out, err);
}

/* Reads a fixture from $FIXTURES (or tests/fixtures); aborts if missing. */
static char *
fixture(const char *name, size_t *len)
{
	const char *dir = getenv("FIXTURES");
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "tests/fixtures", name);
	char *s = slurp(path, len);
	if (s == NULL) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	return s;
}

/* Reads a corpus file, or NULL. */
static char *
corpus(const char *dir, const char *name, size_t *len)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return slurp(path, len);
}

/* Replaces every occurrence of from by to (same length) in s. */
static void
replace_all(char *s, const char *from, const char *to)
{
	size_t n = strlen(from);

	for (char *p = s; (p = strstr(p, from)) != NULL; p += n)
		memcpy(p, to, n);
}

/* Removes line number k (1-based) of s in place, newline included. */
static void
delete_line(char *s, int k)
{
	char *p = s;

	for (int i = 1; i < k && p != NULL; i++) {
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	if (p == NULL)
		return;
	char *nl = strchr(p, '\n');
	memmove(p, nl + 1, strlen(nl + 1) + 1);
}

/* Every corpus variant decodes to the text of the UTF-8 file. */
static void
test_corpus(void)
{
	const char *dir = corpus_dir();
	struct decoded ar, fr, d;
	struct qerr err;
	size_t n;

	if (dir == NULL) {
		diag("corpus absent: corpus variants not checked");
		return;
	}
	char *b = corpus(dir, "ar-kaspersky-alwafd.txt", &n);
	ok(dec(b, n, NULL, false, &ar, &err) == 0, "Arabic UTF-8 decodes");
	is_str(ar.encoding, "UTF-8", "Arabic UTF-8: encoding");
	ok(ar.detected && ar.confidence == -1 && !ar.had_bom, "Arabic UTF-8: detected without ICU");
	is_long((long)ar.invalid_count, 0, "Arabic UTF-8: no invalid byte");
	is_long((long)ar.len, (long)n, "Arabic UTF-8: already NFC, same length");
	ok(memcmp(ar.text, b, n) == 0, "Arabic UTF-8: same bytes");
	is_long((long)ar.map.n, 0, "Arabic UTF-8: identity map");
	free(b);

	b = corpus(dir, "ar-kaspersky-alwafd.cp1256.txt", &n);
	ok(dec(b, n, NULL, false, &d, &err) == 0, "Arabic cp1256 decodes");
	is_str(d.encoding, "windows-1256", "Arabic cp1256: encoding detected");
	ok(d.confidence > 0 && d.confidence <= 100, "Arabic cp1256: detector confidence %d", d.confidence);
	is_long((long)d.invalid_count, 0, "Arabic cp1256: no invalid byte");
	char *want = xstrdup(ar.text);
	replace_all(want, "\xDB\x8C", "\xD9\x8A"); /* U+06CC -> U+064A */
	is_long((long)d.len, (long)strlen(want), "Arabic cp1256: length");
	ok(strcmp(d.text, want) == 0, "Arabic cp1256: same text as UTF-8 (yeh mapped)");
	free(want);
	free(b);
	decoded_free(&d);

	b = corpus(dir, "fr-kaspersky.txt", &n);
	ok(dec(b, n, NULL, false, &fr, &err) == 0, "French UTF-8 decodes");
	is_str(fr.encoding, "UTF-8", "French UTF-8: encoding");
	free(b);

	b = corpus(dir, "fr-kaspersky.utf16.txt", &n);
	ok(dec(b, n, NULL, false, &d, &err) == 0, "French UTF-16 decodes");
	is_str(d.encoding, "UTF-16LE", "French UTF-16: encoding");
	ok(d.had_bom, "French UTF-16: BOM seen");
	is_str(d.text, fr.text, "French UTF-16: same text, BOM dropped");
	is_long((long)d.map.n, 1, "French UTF-16: one map point");
	is_long((long)offmap_to_src(&d.map, 0), 3, "French UTF-16: text 0 is source 3 (after U+FEFF)");
	is_long((long)offmap_to_src(&d.map, 100), 103, "French UTF-16: shifted by the BOM");
	is_long((long)offmap_to_text(&d.map, 3), 0, "French UTF-16: back to text 0");
	free(b);
	decoded_free(&d);

	b = corpus(dir, "fr-kaspersky.cp1252.txt", &n);
	ok(dec(b, n, NULL, false, &d, &err) == 0, "French cp1252 decodes");
	is_str(d.encoding, "windows-1252", "French cp1252: encoding detected");
	want = xstrdup(fr.text);
	delete_line(want, 7); /* the language-menu line */
	is_str(d.text, want, "French cp1252: same text but the language menu");
	free(want);
	free(b);
	decoded_free(&d);
	decoded_free(&ar);
	decoded_free(&fr);
}

/* Byte-order marks: dropped, named, and the map shifted. */
static void
test_bom(void)
{
	struct decoded d;
	struct qerr err;

	ok(dec("\xEF\xBB\xBF" "abc", 6, NULL, false, &d, &err) == 0, "UTF-8 BOM decodes");
	is_str(d.text, "abc", "UTF-8 BOM dropped");
	ok(d.had_bom && strcmp(d.encoding, "UTF-8") == 0, "UTF-8 BOM: had_bom, UTF-8");
	is_long((long)offmap_to_src(&d.map, 0), 3, "UTF-8 BOM: text 0 -> source 3");
	is_long((long)offmap_to_src(&d.map, 2), 5, "UTF-8 BOM: text 2 -> source 5");
	is_long((long)offmap_to_text(&d.map, 4), 1, "UTF-8 BOM: source 4 -> text 1");
	decoded_free(&d);

	ok(dec("\xFE\xFF\x00h\x00\xE9\xD8\x3D\xDE\x00", 10, NULL, false, &d, &err) == 0,
	   "UTF-16BE BOM decodes");
	is_str(d.encoding, "UTF-16BE", "UTF-16BE: encoding");
	is_str(d.text, "h\xC3\xA9\xF0\x9F\x98\x80", "UTF-16BE: text with a surrogate pair");
	is_long((long)offmap_to_src(&d.map, 1), 4, "UTF-16BE: map shifted by U+FEFF");
	decoded_free(&d);

	ok(dec("\xFF\xFE\x00\x00" "A\x00\x00\x00\x2C\x06\x00\x00", 12, NULL, false, &d, &err) == 0,
	   "UTF-32LE BOM decodes");
	is_str(d.encoding, "UTF-32LE", "UTF-32LE: encoding");
	is_str(d.text, "A\xD8\xAC", "UTF-32LE: text");
	decoded_free(&d);

	/* An unpaired surrogate: two bytes that decode to nothing. */
	ok(dec("\xFF\xFE" "a\x00\x00\xD8" "b\x00", 8, NULL, false, &d, &err) == 0,
	   "UTF-16LE with an unpaired surrogate decodes");
	is_str(d.text, "a\xEF\xBF\xBD" "b", "UTF-16LE: unpaired surrogate is U+FFFD");
	is_long((long)d.invalid_count, 2, "UTF-16LE: its two bytes counted");
	decoded_free(&d);
}

/* Invalid UTF-8 bytes become U+FFFD, counted, with exact offsets. */
static void
test_invalid(void)
{
	struct decoded d;
	struct qerr err;

	ok(dec("ab\xFF" "cd", 5, "UTF-8", false, &d, &err) == 0, "ab\\xffcd decodes");
	is_str(d.text, "ab\xEF\xBF\xBD" "cd", "the bad byte is U+FFFD");
	is_long((long)d.invalid_count, 1, "one invalid byte");
	is_long((long)offmap_to_src(&d.map, 2), 2, "text 2 (U+FFFD) -> source 2");
	is_long((long)offmap_to_src(&d.map, 5), 3, "text 5 (c) -> source 3");
	is_long((long)offmap_to_src(&d.map, 6), 4, "text 6 (d) -> source 4");
	is_long((long)offmap_to_src(&d.map, 7), 5, "text end -> source end");
	is_long((long)offmap_to_text(&d.map, 3), 5, "source 3 -> text 5");
	is_long((long)offmap_to_text(&d.map, 1), 1, "source 1 -> text 1");
	decoded_free(&d);

	/* Truncated sequence, overlong, surrogate: each byte stays visible. */
	ok(dec("x\xE2\x82" "y\xC0\xAF" "z\xED\xA0\x80", 10, "utf8", false, &d, &err) == 0,
	   "malformed sequences decode");
	is_long((long)d.invalid_count, 7, "seven invalid bytes");
	is_str(d.text, "x\xEF\xBF\xBD\xEF\xBF\xBDy\xEF\xBF\xBD\xEF\xBF\xBDz"
	       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "each one a U+FFFD");
	is_long((long)offmap_to_src(&d.map, 7), 3, "y maps back to source 3");
	is_long((long)offmap_to_src(&d.map, 14), 6, "z maps back to source 6");
	decoded_free(&d);

	/* Detection: a long UTF-8 text with one stray byte stays UTF-8. */
	size_t n;
	char *ar = fixture("enc-ar.utf8.txt", &n);
	char *bad = xmalloc(n + 2);
	size_t at = 41; /* after a space */
	memcpy(bad, ar, at);
	bad[at] = '\xFF';
	memcpy(bad + at + 1, ar + at, n - at + 1);
	ok(dec(bad, n + 1, NULL, false, &d, &err) == 0, "damaged Arabic UTF-8 decodes");
	is_str(d.encoding, "UTF-8", "damaged Arabic UTF-8: still UTF-8");
	is_long((long)d.invalid_count, 1, "damaged Arabic UTF-8: one invalid byte");
	ok(d.len == n + 3 && memcmp(d.text, ar, at) == 0 &&
	   memcmp(d.text + at, "\xEF\xBF\xBD", 3) == 0 &&
	   memcmp(d.text + at + 3, ar + at, n - at) == 0,
	   "damaged Arabic UTF-8: U+FFFD in place of the byte");
	is_long((long)offmap_to_src(&d.map, at + 3), (long)at + 1, "damaged: offsets after it map back");
	is_long((long)offmap_to_src(&d.map, d.len), (long)n + 1, "damaged: end maps to end");
	decoded_free(&d);
	free(bad);
	free(ar);

	/* Bytes a legacy code page leaves unassigned are counted too. */
	ok(dec("a\xA1" "b", 3, "ISO-8859-6", false, &d, &err) == 0, "ISO-8859-6 with a hole decodes");
	is_str(d.text, "a\xEF\xBF\xBD" "b", "the unassigned byte is U+FFFD");
	is_long((long)d.invalid_count, 1, "and counted");
	decoded_free(&d);
}

/* Legacy fixtures: detected and converted to the UTF-8 fixture's text. */
static void
test_legacy(void)
{
	static const struct {
		const char *file, *utf8, *enc;
	} cases[] = {
		{ "enc-ar.iso8859-6.txt", "enc-ar.utf8.txt", "ISO-8859-6" },
		{ "enc-ar.cp1256.txt", "enc-ar.utf8.txt", "windows-1256" },
		{ "enc-he.iso8859-8.txt", "enc-he.utf8.txt", "ISO-8859-8-I" },
		{ "enc-fr.iso8859-1.txt", "enc-fr-latin.utf8.txt", "ISO-8859-1" },
		{ "enc-fr.cp1252.txt", "enc-fr-typo.utf8.txt", "windows-1252" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct decoded d;
		struct qerr err;
		size_t n, m;
		char *b = fixture(cases[i].file, &n);
		char *u = fixture(cases[i].utf8, &m);
		char name[128];

		ok(dec(b, n, NULL, false, &d, &err) == 0, "%s decodes", cases[i].file);
		snprintf(name, sizeof name, "%s: detected as %s", cases[i].file, cases[i].enc);
		is_str(d.encoding, cases[i].enc, name);
		ok(d.detected && d.confidence > 0 && d.confidence <= 100,
		   "%s: detector confidence %d", cases[i].file, d.confidence);
		snprintf(name, sizeof name, "%s: converted text", cases[i].file);
		is_str(d.text, u, name);
		is_long((long)d.invalid_count, 0, "no invalid byte");
		decoded_free(&d);
		free(b);
		free(u);
	}
}

/* Short legacy and BOM-less UTF-16 input: the text each fixture was made
 * from (with iconv), and the encoding named as a guess. */
static void
test_short(void)
{
	static const struct {
		const char *file, *text, *enc;
	} cases[] = {
		{ "short-ar.cp1256.txt", "مرحبا بكم\n", "windows-1256" },
		{ "short-he.cp1255.txt", "שלום עולם\n", "ISO-8859-8-I" },
		{ "short-ru.cp1251.txt", "Привет мир\n", "windows-1251" },
		{ "short-fr.latin1.txt", "Café crème brûlée\n", "ISO-8859-1" },
		{ "short-fr.utf16le.txt", "Bonjour, ça va ?\n", "UTF-16LE" },
		{ "short-fr.utf16be.txt", "Bonjour, ça va ?\n", "UTF-16BE" },
		{ "short-ar.utf16le.txt", "مرحبا بالعالم\n", "UTF-16LE" },
		{ "short-he.utf16be.txt", "שלום עולם\n", "UTF-16BE" },
	};
	struct decoded d;
	struct qerr err;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n;
		char *b = fixture(cases[i].file, &n);
		char name[128];

		ok(dec(b, n, NULL, false, &d, &err) == 0, "%s decodes", cases[i].file);
		snprintf(name, sizeof name, "%s: the text it was made from", cases[i].file);
		is_str(d.text, cases[i].text, name);
		snprintf(name, sizeof name, "%s: guessed as %s", cases[i].file, cases[i].enc);
		is_str(d.encoding, cases[i].enc, name);
		ok(d.guessed && d.invalid_count == 0, "%s: a guess, nothing invalid", cases[i].file);
		decoded_free(&d);
		free(b);
	}

	/* Valid UTF-8, a BOM and a named encoding are no guesses. */
	ok(dec("caf\xC3\xA9\n", 6, NULL, false, &d, &err) == 0 && !d.guessed,
	   "valid UTF-8 is no guess");
	decoded_free(&d);
	ok(dec("\xFF\xFEh\0i\0", 6, NULL, false, &d, &err) == 0 && !d.guessed,
	   "UTF-16 with a BOM is no guess");
	decoded_free(&d);
	ok(dec("\xE3\xD1", 2, "windows-1256", false, &d, &err) == 0 && !d.guessed,
	   "a named encoding is no guess");
	decoded_free(&d);

	/* UTF-8 with a stray byte stays UTF-8, the byte shown as U+FFFD. */
	ok(dec("\xC3\xA9" "cole \xFF\n", 9, NULL, false, &d, &err) == 0, "école + stray byte");
	is_str(d.text, "école \xEF\xBF\xBD\n", "école + stray byte: UTF-8, U+FFFD");
	ok(!d.guessed && d.invalid_count == 1, "école + stray byte: one invalid byte, no guess");
	decoded_free(&d);
	ok(dec("caf\xC3\xA9\x92s\n", 8, NULL, false, &d, &err) == 0, "café + stray byte");
	is_str(d.text, "caf\xC3\xA9\xEF\xBF\xBDs\n", "café + stray byte: UTF-8, U+FFFD");
	decoded_free(&d);

	/* Zero bytes that make no UTF-16 are still a binary file. */
	ok(dec("ab\0cdefgh\n", 10, NULL, false, &d, &err) == -1, "a NUL in ASCII is refused");
}

/* --encoding overrides detection; unknown names are errors. */
static void
test_override(void)
{
	struct decoded d;
	struct qerr err;
	size_t n;

	ok(dec("caf\xC3\xA9", 5, "latin1", false, &d, &err) == 0, "latin1 override decodes");
	is_str(d.text, "caf\xC3\x83\xC2\xA9", "UTF-8 bytes read as Latin-1");
	is_str(d.encoding, "ISO-8859-1", "override: standard name reported");
	ok(!d.detected && d.confidence == -1, "override: not detected");
	decoded_free(&d);

	char *b = fixture("enc-ar.iso8859-6.txt", &n);
	ok(dec(b, n, "cp1256", false, &d, &err) == 0, "cp1256 override on ISO-8859-6 bytes");
	is_str(d.encoding, "windows-1256", "cp1256 override: reported as windows-1256");
	/* 0xE1 is FEH in ISO-8859-6 but LAM in windows-1256. */
	ok(strncmp(d.text, "\xD9\x84\xC3\xAA ", 5) == 0, "cp1256 override: bytes read the other way");
	decoded_free(&d);
	free(b);

	ok(dec("abc", 3, "bogus", false, &d, &err) == -1, "unknown encoding fails");
	is_str(err.msg, "t: unknown encoding 'bogus'", "the error names the encoding");
	ok(d.text == NULL, "nothing left to free");
	ok(dec("abc", 3, "", false, &d, &err) == -1, "empty encoding name fails");
}

/* NUL bytes: refused with the offset, or kept with --force. */
static void
test_binary(void)
{
	struct decoded d;
	struct qerr err;

	ok(dec("ab\0cd", 5, NULL, false, &d, &err) == -1, "NUL refused");
	is_str(err.msg, "t: looks like a binary file (NUL byte at offset 2); "
	       "use --force to read it anyway", "refusal message");
	ok(dec("\xFF\xFE" "a\0\0\0b\0", 8, NULL, false, &d, &err) == -1, "UTF-16 U+0000 refused");
	is_str(err.msg, "t: looks like a binary file (NUL byte at offset 4); "
	       "use --force to read it anyway", "UTF-16: offset in the file");
	ok(dec("\xFF\xFE" "a\0b\0", 6, NULL, false, &d, &err) == 0, "UTF-16 zero bytes are not NULs");
	is_long((long)d.nul_count, 0, "no U+0000 in it");
	decoded_free(&d);

	ok(dec("ab\0cd", 5, NULL, true, &d, &err) == 0, "allow_binary reads it");
	is_long((long)d.len, 5, "the NUL stays in the text");
	ok(memcmp(d.text, "ab\0cd", 6) == 0, "as U+0000");
	is_long((long)d.nul_count, 1, "counted");
	decoded_free(&d);

	ok(dec("\xFF\xFE" "a\0\0\0b\0", 8, NULL, true, &d, &err) == 0, "allow_binary UTF-16");
	ok(d.len == 3 && memcmp(d.text, "a\0b", 4) == 0, "UTF-16 U+0000 kept");
	is_long((long)d.nul_count, 1, "UTF-16 NUL counted");
	decoded_free(&d);

	/* A binary blob: NULs and bytes no text has. */
	char blob[512];
	for (size_t i = 0; i < sizeof blob; i++)
		blob[i] = (char)(i * 7 + 3);
	ok(dec(blob, sizeof blob, NULL, false, &d, &err) == -1, "binary blob refused");
	ok(dec(blob, sizeof blob, NULL, true, &d, &err) == 0, "binary blob forced");
	is_long((long)d.nul_count, 2, "its two NULs counted");
	decoded_free(&d);
}

/* Empty input is an empty UTF-8 text. */
static void
test_empty(void)
{
	struct decoded d;
	struct qerr err;

	ok(dec("", 0, NULL, false, &d, &err) == 0, "empty input decodes");
	ok(d.text != NULL && d.text[0] == '\0' && d.len == 0, "empty text");
	is_str(d.encoding, "UTF-8", "empty: UTF-8");
	is_long((long)d.map.n, 0, "empty: no map");
	decoded_free(&d);
	ok(dec("\xEF\xBB\xBF", 3, NULL, false, &d, &err) == 0, "a lone BOM decodes");
	ok(d.len == 0 && d.had_bom, "a lone BOM is empty");
	decoded_free(&d);
	ok(dec(NULL, 0, "windows-1256", false, &d, &err) == 0, "empty with an encoding");
	ok(d.len == 0 && strcmp(d.encoding, "windows-1256") == 0, "empty windows-1256");
	decoded_free(&d);
}

/* NFC: composed where needed, offsets around each rewritten stretch. */
static void
test_nfc(void)
{
	struct decoded d;
	struct qerr err;

	ok(dec("e\xCC\x81", 3, NULL, false, &d, &err) == 0, "e + U+0301 decodes");
	is_str(d.text, "\xC3\xA9", "composed to U+00E9");
	is_long((long)d.normalized_count, 1, "one stretch rewritten");
	is_long((long)offmap_to_src(&d.map, 0), 0, "text 0 -> source 0");
	is_long((long)offmap_to_src(&d.map, 2), 3, "text end -> source 3");
	is_long((long)offmap_to_text(&d.map, 3), 2, "source 3 -> text 2");
	decoded_free(&d);

	const char *s = "un caf" "e\xCC\x81" " noir, d" "e\xCC\x81" "ja\xCC\x80";
	ok(dec(s, strlen(s), NULL, false, &d, &err) == 0, "sentence decodes");
	is_str(d.text, "un caf\xC3\xA9 noir, d\xC3\xA9j\xC3\xA0", "sentence composed");
	is_long((long)d.normalized_count, 3, "three stretches");
	is_long((long)offmap_to_src(&d.map, 8), 9, "' noir' maps back");
	is_long((long)offmap_to_src(&d.map, 16), 17, "second e-acute maps to its e");
	is_long((long)offmap_to_src(&d.map, 18), 20, "j maps back");
	is_long((long)offmap_to_text(&d.map, 9), 8, "source ' noir' -> text");
	is_long((long)offmap_to_src(&d.map, d.len), (long)strlen(s), "end -> end");
	decoded_free(&d);

	/* Arabic with harakat in canonical order is already NFC. */
	const char *ar = "\xD8\xA8\xD9\x90\xD8\xB3\xD9\x92\xD9\x85\xD9\x90 "
		"\xD8\xA7\xD9\x84\xD9\x84\xD9\x8E\xD9\x91\xD9\x87\xD9\x90";
	ok(dec(ar, strlen(ar), NULL, false, &d, &err) == 0, "Arabic with harakat decodes");
	is_str(d.text, ar, "Arabic with harakat unchanged");
	ok(d.normalized_count == 0 && d.map.n == 0, "no stretch rewritten, no map");
	decoded_free(&d);

	/* Shadda (ccc 33) typed before fatha (ccc 30) is reordered. */
	ok(dec("\xD8\xA8\xD9\x91\xD9\x8E", 6, NULL, false, &d, &err) == 0, "shadda+fatha decodes");
	is_str(d.text, "\xD8\xA8\xD9\x8E\xD9\x91", "reordered to fatha+shadda");
	is_long((long)d.normalized_count, 1, "one stretch");
	decoded_free(&d);

	/* Alef + hamza above composes to U+0623. */
	ok(dec("\xD8\xA7\xD9\x94", 4, NULL, false, &d, &err) == 0, "alef+hamza decodes");
	is_str(d.text, "\xD8\xA3", "composed to U+0623");
	decoded_free(&d);

	/* Growth: a composition exclusion beyond the BMP decomposes. */
	ok(dec("a\xF0\x9D\x85\x9E" "b", 6, NULL, false, &d, &err) == 0, "U+1D15E decodes");
	is_str(d.text, "a\xF0\x9D\x85\x97\xF0\x9D\x85\xA5" "b", "U+1D15E -> U+1D157 U+1D165");
	is_long((long)offmap_to_src(&d.map, 9), 5, "b maps back past the grown stretch");
	decoded_free(&d);

	/* Emoji and CJK pass untouched; a compatibility ideograph is mapped. */
	ok(dec("\xF0\x9F\x98\x80\xE4\xB8\xAD\xEF\xA4\x80", 10, NULL, false, &d, &err) == 0,
	   "emoji and CJK decode");
	is_str(d.text, "\xF0\x9F\x98\x80\xE4\xB8\xAD\xE8\xB1\x88", "U+F900 -> U+8C48");
	decoded_free(&d);

	/* Legacy input: the map's source is the decoded UTF-8. */
	ok(dec("\xC8\xF8\xF3 \xC8", 5, "windows-1256", false, &d, &err) == 0,
	   "cp1256 shadda+fatha decodes");
	is_str(d.text, "\xD8\xA8\xD9\x8E\xD9\x91 \xD8\xA8", "cp1256: reordered");
	is_long((long)d.normalized_count, 1, "cp1256: one stretch");
	is_long((long)offmap_to_src(&d.map, 6), 6, "cp1256: space maps to decoded UTF-8 offset 6");
	is_long((long)d.map.n, 0, "cp1256: same length, no point needed");
	decoded_free(&d);

	/* A BOM and a rewritten stretch together. */
	ok(dec("\xEF\xBB\xBF" "xe\xCC\x81y", 8, NULL, false, &d, &err) == 0, "BOM + NFC decodes");
	is_str(d.text, "x\xC3\xA9y", "BOM + NFC text");
	is_long((long)offmap_to_src(&d.map, 0), 3, "x -> 3");
	is_long((long)offmap_to_src(&d.map, 3), 7, "y -> 7");
	decoded_free(&d);
}

/* A 10 MB line with no newline, and one long run of combining marks. */
static void
test_long_line(void)
{
	size_t n = 10u << 20;
	char *b = xmalloc(n + 1);
	struct decoded d;
	struct qerr err;

	for (size_t i = 0; i < n; i += 10)
		memcpy(b + i, "ab \xD8\xB3\xD9\x84 \xC3\xA9", 10);
	ok(dec(b, n, NULL, false, &d, &err) == 0, "10 MB single line decodes");
	ok(d.len == n && memcmp(d.text, b, n) == 0 && d.map.n == 0, "10 MB line intact");
	decoded_free(&d);

	/* A stretch to normalize at every offset around the copy blocks. */
	bool all = true;
	for (size_t at = 32760; at < 32776 && all; at++) {
		memset(b, 'a', at);
		memcpy(b + at, "e\xCC\x81z", 4);
		all = dec(b, at + 4, NULL, false, &d, &err) == 0 && d.len == at + 3 &&
		      memcmp(d.text + at, "\xC3\xA9z", 3) == 0 &&
		      offmap_to_src(&d.map, at + 2) == at + 3;
		if (!all)
			diag("e + U+0301 at offset %zu", at);
		decoded_free(&d);
	}
	ok(all, "e + U+0301 composed across the copy blocks");

	/* e followed by 100000 acute accents: one stretch, composed once, cut
	 * by a CGJ before every 31st mark (UAX #15): 3333 of them. */
	size_t m = 1 + 2 * 100000;
	b[0] = 'e';
	for (size_t i = 1; i < m; i += 2)
		memcpy(b + i, "\xCC\x81", 2);
	ok(dec(b, m, NULL, false, &d, &err) == 0, "long run of marks decodes");
	ok(d.len == m - 1 + 2 * 3333 && memcmp(d.text, "\xC3\xA9\xCC\x81", 4) == 0,
	   "first mark composed");
	ok(d.joiner_count == 3333 && memcmp(d.text + 60, "\xCD\x8F\xCC\x81", 4) == 0,
	   "a CGJ after the 30th mark, 3333 in all");
	is_long((long)d.normalized_count, 1, "one stretch");
	decoded_free(&d);
	free(b);
}

/* Decodes a copy of bytes both ways, borrowed and given away, and checks
 * that the results agree; returns decode_bytes_owned's code. */
static int
owned_agrees(const char *bytes, size_t len, const char *what, bool *same_buffer)
{
	struct decode_opts o = { NULL, false };
	struct decoded a, b;
	struct qerr ea, eb;
	char *copy = xmalloc(len + 1);

	memcpy(copy, bytes, len);
	copy[len] = '\0';
	int ra = decode_bytes("t", bytes, len, &o, &a, &ea);
	int rb = decode_bytes_owned("t", copy, len, &o, &b, &eb);
	*same_buffer = rb == 0 && b.text == copy;
	char name[160];
	snprintf(name, sizeof name, "%s: both ways succeed or fail alike", what);
	is_long(rb, ra, name);
	if (ra != 0 || rb != 0) {
		snprintf(name, sizeof name, "%s: the same error", what);
		is_str(eb.msg, ea.msg, name);
		if (ra == 0)
			decoded_free(&a);
		if (rb == 0)
			decoded_free(&b);
		return rb;
	}
	bool same = a.len == b.len && memcmp(a.text, b.text, a.len) == 0 &&
		    b.text[b.len] == '\0' && a.invalid_count == b.invalid_count &&
		    a.normalized_count == b.normalized_count && a.nul_count == b.nul_count &&
		    strcmp(a.encoding, b.encoding) == 0 && a.map.n == b.map.n &&
		    a.map.nruns == b.map.nruns &&
		    (a.map.n == 0 || memcmp(a.map.pts, b.map.pts, a.map.n * sizeof *a.map.pts) == 0) &&
		    (a.map.nruns == 0 ||
		     memcmp(a.map.runs, b.map.runs, a.map.nruns * sizeof *a.map.runs) == 0);
	snprintf(name, sizeof name, "%s: the same text, counts and map", what);
	ok(same, "%s", name);
	decoded_free(&a);
	decoded_free(&b);
	return rb;
}

/* A buffer given away is kept as the text when nothing changes, for small
 * and large (checked on several threads) inputs, and otherwise decoded
 * exactly as a borrowed one. */
static void
test_owned(void)
{
	static const char line[] = "\xD9\x82\xD8\xA7\xD9\x84\xD8\xAA \xD8\xA8\xD9\x90\xD8\xB3\xD9\x92\xD9\x85\xD9\x90 "
		"la soci\xC3\xA9t\xC3\xA9 \xE2\x80\x94 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 text\n";
	size_t ll = strlen(line), n = (6u << 20) / ll * ll;
	char *big = xmalloc(n + 16);
	bool same;

	for (size_t i = 0; i < n; i += ll)
		memcpy(big + i, line, ll);
	big[n] = '\0';

	owned_agrees("plain ASCII", 11, "small ASCII", &same);
	ok(same, "small ASCII: the buffer given away is the text");
	owned_agrees("caf\xC3\xA9", 5, "small NFC", &same);
	ok(same, "small NFC: the buffer given away is the text");
	owned_agrees("caf" "e\xCC\x81", 6, "small NFD", &same);
	ok(!same, "small NFD: a new text");
	owned_agrees("a\xFF" "b", 3, "small invalid byte", &same);
	ok(!same, "small invalid byte: a new text");
	owned_agrees("\xEF\xBB\xBF" "abc", 6, "small BOM", &same);
	ok(!same, "small BOM: a new text without it");
	owned_agrees("", 0, "empty", &same);

	owned_agrees(big, n, "large NFC", &same);
	ok(same, "large NFC: the buffer given away is the text");
	/* Damage near the end of one stretch and the start of another. */
	memcpy(big + n - 40, "e\xCC\x81", 3);
	owned_agrees(big, n, "large with one NFD letter", &same);
	ok(!same, "large with one NFD letter: a new text");
	big[n / 2 + 1] = (char)0xFF;
	owned_agrees(big, n, "large with a bad byte", &same);
	ok(!same, "large with a bad byte: a new text");
	big[n / 4] = '\0';
	ok(owned_agrees(big, n, "large with a NUL", &same) != 0, "large with a NUL is refused");
	/* A large text without a single ASCII byte to split it at. */
	for (size_t i = 0; i + 2 <= n; i += 2)
		memcpy(big + i, "\xD8\xA8", 2);
	owned_agrees(big, n, "large Arabic letters only", &same);
	ok(same, "large Arabic letters only: the buffer given away is the text");
	free(big);
}

/* Unicode's Stream-Safe Text Format (UAX #15): a CGJ before the 31st
 * non-starter in a row, counted in NFKD, then NFC on each side; the map
 * gives the CGJ no source byte. */
static void
test_stream_safe(void)
{
	struct decoded d;
	struct qerr err;
	char in[128], want[128];
	size_t n = 0, w = 0;

	/* 'a', 40 marks alternating U+0301 (230) and U+0316 (220), 'b'. */
	in[n++] = 'a';
	for (int k = 0; k < 20; k++) {
		memcpy(in + n, "\xCC\x81\xCC\x96", 4);
		n += 4;
	}
	in[n++] = 'b';
	/* By hand: a + U+0301 compose to U+00E1; 15 U+0316 sort first. */
	memcpy(want + w, "\xC3\xA1", 2);
	w += 2;
	for (int k = 0; k < 15; k++, w += 2)
		memcpy(want + w, "\xCC\x96", 2);
	for (int k = 0; k < 14; k++, w += 2)
		memcpy(want + w, "\xCC\x81", 2);
	memcpy(want + w, "\xCD\x8F", 2); /* U+034F */
	w += 2;
	for (int k = 0; k < 5; k++, w += 2)
		memcpy(want + w, "\xCC\x96", 2);
	for (int k = 0; k < 5; k++, w += 2)
		memcpy(want + w, "\xCC\x81", 2);
	want[w++] = 'b';
	ok(dec(in, n, NULL, false, &d, &err) == 0, "40 alternating marks decode");
	ok(d.len == w && memcmp(d.text, want, w) == 0,
	   "a CGJ before the 31st mark, NFC on each side");
	is_long((long)d.joiner_count, 1, "one CGJ counted");
	is_long((long)offmap_to_src(&d.map, 60), 61, "the CGJ's start maps to the 31st mark");
	is_long((long)offmap_to_src(&d.map, 62), 61, "so does its end");
	is_long((long)offmap_to_src(&d.map, w - 1), (long)n - 1, "'b' maps to its source byte");
	is_long((long)offmap_to_text(&d.map, n - 1), (long)w - 1, "and back");
	decoded_free(&d);

	/* 30 marks exactly: no CGJ (the bound is more than 30). */
	n = 0;
	in[n++] = 'x';
	for (int k = 0; k < 30; k++, n += 2)
		memcpy(in + n, "\xCC\x96", 2);
	ok(dec(in, n, NULL, false, &d, &err) == 0 && d.joiner_count == 0 &&
	   d.len == n && memcmp(d.text, in, n) == 0, "30 marks: left as they are");
	decoded_free(&d);
	/* One more, already in NFC (one class): a CGJ all the same. */
	memcpy(in + n, "\xCC\x96", 2);
	n += 2;
	ok(dec(in, n, NULL, false, &d, &err) == 0 && d.joiner_count == 1 &&
	   d.len == n + 2 && memcmp(d.text + 61, "\xCD\x8F\xCC\x96", 4) == 0,
	   "31 marks in NFC: a CGJ before the last");
	decoded_free(&d);
	/* Counted in NFKD: U+00C0 ends with a non-starter (A + U+0300), so
	 * 30 marks after it make 31. */
	n = 0;
	memcpy(in, "\xC3\x80", 2);
	n = 2;
	for (int k = 0; k < 30; k++, n += 2)
		memcpy(in + n, "\xCC\x96", 2);
	ok(dec(in, n, NULL, false, &d, &err) == 0 && d.joiner_count == 1,
	   "U+00C0 then 30 marks: 31 non-starters in NFKD, a CGJ");
	decoded_free(&d);

	/* The same from UTF-16 (converted, then the same pass). */
	char u16[2 + 2 * 33];
	size_t m = 0;
	memcpy(u16, "\xFF\xFE", 2);
	m = 2;
	memcpy(u16 + m, "x\0", 2);
	m += 2;
	for (int k = 0; k < 32; k++, m += 2)
		memcpy(u16 + m, "\x16\x03", 2);
	ok(dec(u16, m, NULL, false, &d, &err) == 0 && d.joiner_count == 1 &&
	   d.len == 1 + 32 * 2 + 2, "UTF-16: 32 marks get a CGJ too");
	decoded_free(&d);

	/* A large owned input (checked on threads first) is not left as it is. */
	size_t big = (5u << 20) + 1;
	char *b = xmalloc(big + 1);
	b[0] = 'a';
	for (size_t i = 1; i + 2 <= big; i += 2)
		memcpy(b + i, "\xCC\x96", 2);
	b[big] = '\0';
	struct decode_opts o = { NULL, false };
	ok(decode_bytes_owned("t", b, big, &o, &d, &err) == 0 &&
	   d.joiner_count == ((big - 1) / 2 - 1) / 30 && d.len == big + 2 * d.joiner_count,
	   "5 MB of one run of marks: a CGJ after every 30");
	decoded_free(&d);
}

/* What of a cut input is whole characters: the rest of a character cut at
 * the end is left out (it is no bad byte), in each encoding. */
static void
test_whole_prefix(void)
{
	struct decode_opts utf16 = { "UTF-16LE", false }, cp = { "windows-1256", false };

	is_long((long)decode_whole_prefix("ab\xC3\xA9", 4, NULL), 4, "UTF-8, whole");
	is_long((long)decode_whole_prefix("ab\xC3", 3, NULL), 2, "UTF-8, a lead byte cut off");
	is_long((long)decode_whole_prefix("ab\xF0\x9F\x98", 5, NULL), 2,
		"UTF-8, three bytes of four");
	is_long((long)decode_whole_prefix("ab\x80", 3, NULL), 3,
		"UTF-8, a stray continuation byte is kept (a bad byte indeed)");
	is_long((long)decode_whole_prefix("ab\xC3\x28", 4, NULL), 4,
		"UTF-8, a lead byte not followed by its trail is kept");
	is_long((long)decode_whole_prefix("\xFF\xFEh\0i", 5, NULL), 4,
		"UTF-16LE by its BOM: the odd byte left out");
	is_long((long)decode_whole_prefix("h\0i\0", 4, &utf16), 4, "UTF-16LE named: whole");
	is_long((long)decode_whole_prefix("h\0\x3D\xD8", 4, &utf16), 2,
		"UTF-16LE: a lead surrogate cut from its trail left out");
	is_long((long)decode_whole_prefix("\xC7\xE1", 2, &cp), 2, "windows-1256: every byte whole");
}

int
main(void)
{
	test_corpus();
	test_bom();
	test_invalid();
	test_legacy();
	test_short();
	test_override();
	test_binary();
	test_empty();
	test_nfc();
	test_long_line();
	test_owned();
	test_stream_safe();
	test_whole_prefix();
	return done_testing();
}
