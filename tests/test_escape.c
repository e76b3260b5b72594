/* Tests of the escaper every printer uses: the visible forms in text and
 * TSV, the \u escapes in JSON, entities and references in XML, invalid
 * bytes named, and messages built from hostile arguments. Expected strings
 * are written out by hand. */
#include <config.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "text/lib.h"
#include "tap.h"

/* Escapes s[0, len) in format f into a fresh string (caller frees). */
static char *
esc(enum escape_format f, const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;

	escape_append(&sb, f, s, len);
	return strbuf_steal(&sb);
}

/* Checks one escape of a string literal (its NULs included). */
#define CHECK(f, in, want, name) do { \
	char *got_ = esc((f), (in), sizeof(in) - 1); \
	is_str(got_, (want), (name)); \
	free(got_); \
} while (0)

/* True when s holds a character no terminal should be sent raw: a C0
 * control other than the line feed and the tab, DEL, C1 or bidi
 * formatting, or is not valid UTF-8. */
static bool
hostile(const char *s, size_t len)
{
	const uint8_t *u = (const uint8_t *)s;

	if (u8_check(u, len) != NULL)
		return true;
	for (size_t i = 0; i < len;) {
		ucs4_t c;
		i += (size_t)u8_mbtouc(&c, u + i, len - i);
		if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c < 0xA0) ||
		    (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
		    c == 0x200E || c == 0x200F || c == 0x061C)
			return true;
	}
	return false;
}

static void
test_text(void)
{
	CHECK(ESCAPE_TEXT, "a\033]0;title\007b", "a␛]0;title␇b", "text: ESC and BEL as control pictures");
	CHECK(ESCAPE_TEXT, "\t\n\r\0x", "␉␊␍␀x", "text: tab, newline, CR and NUL as control pictures");
	CHECK(ESCAPE_TEXT, "del\177", "del␡", "text: DEL as ␡");
	CHECK(ESCAPE_TEXT, "\302\233\302\205", "<U+009B><U+0085>", "text: C1 controls as <U+XXXX>");
	CHECK(ESCAPE_TEXT, "\342\200\256\342\200\255\342\200\252\342\200\253\342\200\254",
	      "<RLO><LRO><LRE><RLE><PDF>", "text: embeddings and overrides by name");
	CHECK(ESCAPE_TEXT, "\342\201\246\342\201\247\342\201\250\342\201\251",
	      "<LRI><RLI><FSI><PDI>", "text: isolates by name");
	CHECK(ESCAPE_TEXT, "\342\200\216\342\200\217\330\234", "<LRM><RLM><ALM>", "text: marks by name");
	CHECK(ESCAPE_TEXT, "raw \233 and \377", "raw <x9B> and <xFF>", "text: invalid bytes named");
	CHECK(ESCAPE_TEXT, "\355\240\200", "<xED><xA0><x80>", "text: an encoded surrogate, byte by byte");
	CHECK(ESCAPE_TEXT, "\300\257", "<xC0><xAF>", "text: an overlong form, byte by byte");
	CHECK(ESCAPE_TEXT, "cut \330", "cut <xD8>", "text: a sequence cut at the end");
	CHECK(ESCAPE_TEXT, "Café سلام שלום \\ \"q\"", "Café سلام שלום \\ \"q\"",
	      "text: letters of any script, backslashes and quotes unchanged");
	CHECK(ESCAPE_TEXT, "", "", "text: the empty string");
}

static void
test_line(void)
{
	CHECK(ESCAPE_LINE, "a\tb\nc\rd\342\200\250e\342\200\251f", "a b c d e f",
	      "line: tab, newline, CR, LS and PS as spaces");
	CHECK(ESCAPE_LINE, "\033[2J\302\233\342\200\256", "␛[2J<U+009B><RLO>",
	      "line: other controls as in text");
}

static void
test_tsv(void)
{
	CHECK(ESCAPE_TSV, "a\tb\nc\rd\\e", "a\\tb\\nc\\rd\\\\e",
	      "tsv: tab, newline, CR and backslash as \\t \\n \\r \\\\");
	CHECK(ESCAPE_TSV, "\033]52;c;aGk=\007", "␛]52;c;aGk=␇", "tsv: an OSC 52 shown, not sent");
	CHECK(ESCAPE_TSV, "\302\235\342\200\256\233", "<U+009D><RLO><x9B>",
	      "tsv: C1, RLO and an invalid byte as in text");
}

static void
test_json(void)
{
	CHECK(ESCAPE_JSON, "\"\\\n\t\r\b\f", "\\\"\\\\\\n\\t\\r\\b\\f", "json: the short escapes");
	CHECK(ESCAPE_JSON, "\033]0;t\007\0", "\\u001B]0;t\\u0007\\u0000", "json: other C0 as \\u00XX");
	CHECK(ESCAPE_JSON, "\177\302\200\302\233\302\237", "\\u007F\\u0080\\u009B\\u009F",
	      "json: DEL and C1 as \\u escapes");
	CHECK(ESCAPE_JSON, "\342\200\256\342\201\246\330\234\342\200\216",
	      "\\u202E\\u2066\\u061C\\u200E", "json: bidi formatting characters as \\u escapes");
	CHECK(ESCAPE_JSON, "\342\200\250\342\200\251", "\\u2028\\u2029", "json: LS and PS as \\u escapes");
	CHECK(ESCAPE_JSON, "a\233b\355\240\200", "a\\uFFFDb\\uFFFD\\uFFFD\\uFFFD",
	      "json: each invalid byte as \\uFFFD");
	CHECK(ESCAPE_JSON, "Café سلام ␛", "Café سلام ␛", "json: printable characters as they are");
}

static void
test_xml(void)
{
	CHECK(ESCAPE_XML, "a & b < c > d \"e\" 'f'", "a &amp; b &lt; c &gt; d &quot;e&quot; 'f'",
	      "xml: the four markup characters as entities, the apostrophe as it is");
	CHECK(ESCAPE_XML, "x\ty\nz\r", "x\ty\nz&#xD;", "xml: tab and line feed raw, CR as a reference");
	CHECK(ESCAPE_XML, "\033]0;t\007\0\b", "\357\277\275]0;t\357\277\275\357\277\275\357\277\275",
	      "xml: the C0 controls XML 1.0 forbids become U+FFFD");
	CHECK(ESCAPE_XML, "\177\302\205\302\233", "&#x7F;&#x85;&#x9B;", "xml: DEL and C1 as references");
	CHECK(ESCAPE_XML, "\342\200\256ab\342\201\246\342\200\250", "&#x202E;ab&#x2066;&#x2028;",
	      "xml: bidi formatting characters and LS as references");
	CHECK(ESCAPE_XML, "\357\277\276\357\277\277", "\357\277\275\357\277\275",
	      "xml: U+FFFE and U+FFFF (not XML characters) become U+FFFD");
	CHECK(ESCAPE_XML, "a\233b\355\240\200", "a\357\277\275b\357\277\275\357\277\275\357\277\275",
	      "xml: each invalid byte becomes U+FFFD");
	CHECK(ESCAPE_XML, "Café سلام שלום", "Café سلام שלום", "xml: text as it is");
}

/* Every byte string of a pseudo-random sample comes out harmless, and
 * escaping text twice changes nothing the second time. */
static void
test_random(void)
{
	static const char pool[] = "ab\033\007\t\n\r\177\\\"\302\233\342\200\256\201\377\355\240\200\330\234";
	unsigned long seed = 12345;
	int bad_out = 0, bad_twice = 0, bad_write = 0;

	for (int n = 0; n < 2000; n++) {
		char in[64];
		size_t len = (size_t)(n % 64);
		for (size_t i = 0; i < len; i++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			in[i] = pool[(seed >> 33) % (sizeof pool - 1)];
		}
		for (int f = ESCAPE_TEXT; f <= ESCAPE_XML; f++) {
			/* The printer, which copies what it keeps without the
			 * buffer, prints what the buffer gets. */
			char *printed = NULL;
			size_t plen = 0;
			FILE *m = open_memstream(&printed, &plen);
			escape_write(m, (enum escape_format)f, in, len);
			fclose(m);
			char *want = esc((enum escape_format)f, in, len);
			bad_write += plen != strlen(want) || memcmp(printed, want, plen) != 0;
			free(want);
			free(printed);
		}
		for (int f = ESCAPE_TEXT; f <= ESCAPE_JSON; f++) {
			char *once = esc((enum escape_format)f, in, len);
			if (hostile(once, strlen(once)) || strchr(once, '\n') || strchr(once, '\t'))
				bad_out++;
			if (f == ESCAPE_TEXT) {
				char *twice = esc(ESCAPE_TEXT, once, strlen(once));
				bad_twice += strcmp(once, twice) != 0;
				free(twice);
			}
			free(once);
		}
	}
	is_long(bad_out, 0, "random bytes: no control, bidi character, tab, newline or invalid byte comes out");
	is_long(bad_twice, 0, "random bytes: text escaping is idempotent");
	is_long(bad_write, 0, "random bytes: escape_write prints what escape_append gives, in every format");
}

/* Every two-byte character alone, in every format: one no terminal
 * should get raw (C1 controls, ALM) never comes out as it is, and each
 * comes out as it is exactly when escape_keeps_char says so (the flat
 * table the escaper reads them from agrees with it). */
static void
test_two_byte(void)
{
	int raw_hostile = 0, differ = 0, n = 0;

	for (int f = ESCAPE_TEXT; f <= ESCAPE_XML; f++) {
		for (ucs4_t c = 0x80; c < 0x800; c++) {
			uint8_t in[4];
			int len = u8_uctomb(in, c, sizeof in);
			char *out = esc((enum escape_format)f, (const char *)in, (size_t)len);
			bool same = strlen(out) == (size_t)len && memcmp(out, in, (size_t)len) == 0;
			n++;
			raw_hostile += same && hostile((const char *)in, (size_t)len);
			if (same != escape_keeps_char((enum escape_format)f, c) && differ++ == 0)
				diag("format %d, U+%04X: out as it is %d", f, (unsigned)c, same);
			free(out);
		}
	}
	is_long(raw_hostile, 0, "two-byte characters: no C1 control or ALM comes out as it is");
	ok(differ == 0, "two-byte characters: out as they are exactly when escape_keeps_char says "
	   "so (%d escaped, %d differ)", n, differ);
}

static void
test_messages(void)
{
	struct qerr err;
	char big[2000];

	qerr_set(&err, "%s: No such file", "/tmp/a\033]0;x\007\n\233b");
	is_str(err.msg, "/tmp/a␛]0;x␇␊<x9B>b: No such file", "qerr_set: a file name shown with visible forms");
	memset(big, 'a', sizeof big);
	big[sizeof big - 1] = '\0';
	big[509] = '\033';
	qerr_set(&err, "%s", big);
	/* 509 letters, then ␛ (three bytes) would pass the 511 that fit */
	is_long((long)strlen(err.msg), 509, "qerr_set: a long message cut before a character that does not fit");
	ok(!hostile(err.msg, strlen(err.msg)), "qerr_set: the cut message is valid UTF-8");

	struct strbuf sb = STRBUF_INIT;
	escape_message_to(&sb, "--width: '%s' is not a number", "\302\233\342\200\2562");
	is_str(sb.data, "qarin: --width: '<U+009B><RLO>2' is not a number\n",
	       "escape_message: the option value escaped, the frame as written");
	strbuf_free(&sb);
}

int
main(void)
{
	setlocale(LC_ALL, "");
	tap_utf8_locale();
	test_text();
	test_line();
	test_tsv();
	test_json();
	test_xml();
	test_random();
	test_two_byte();
	test_messages();
	return done_testing();
}
