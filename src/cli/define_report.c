/* `qarin --define`: a word's entries in the dictd dictionaries of its
 * language, found by the lexicon (the same clitic stripping and stems as
 * the comparison's), printed as text or JSON; the reader's look-up pane
 * shows define_text's lines. */
#include <config.h>

#include "cli/define_report.h"

#include <string.h>

#include <unicode/uscript.h>

#include "layout/lib.h"
#include "text/lib.h"

/* The languages whose dictionaries a word is looked up in: lang when
 * given, else by the script of its first letter. Returns how many. */
static size_t
define_langs(const char *lang, const char *word, size_t len, const char *out[2])
{
	if (lang != NULL && *lang != '\0') {
		out[0] = lang;
		return 1;
	}
	for (size_t i = 0; i < len;) {
		uint32_t c;
		i += utf8_next((const unsigned char *)word + i, len - i, &c);
		UErrorCode ec = U_ZERO_ERROR;
		UScriptCode sc = uscript_getScript((UChar32)c, &ec);
		if (U_FAILURE(ec) || sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED)
			continue;
		switch (sc) {
		case USCRIPT_ARABIC: out[0] = "ar"; return 1;
		case USCRIPT_HEBREW: out[0] = "he"; return 1;
		case USCRIPT_LATIN: out[0] = "fr"; out[1] = "en"; return 2;
		default: return 0;
		}
	}
	return 0;
}

/* True when s[0, len) is well-formed UTF-8 without control characters. */
static bool
define_word_ok(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t c;
		size_t n = utf8_next_as((const unsigned char *)s + i, len - i, &c,
					UTF8_INVALID_SUBPART);
		if (c == UTF8_REPLACEMENT || c < 0x20 || (c >= 0x7f && c < 0xa0))
			return false;
		i += n;
	}
	return len > 0;
}

enum define_status
define_lookup(struct lexicon *lx, const char *lang, const char *word, size_t len,
	      struct lexicon_defs *defs, struct strbuf *msg)
{
	const char *langs[2];
	size_t nlangs, found = 0;
	bool any_dict = false;

	if (!define_word_ok(word, len)) {
		strbuf_puts(msg, "not a word (empty, or not UTF-8 text)");
		return DEFINE_ERROR;
	}
	if (!lexicon_supported()) {
		strbuf_puts(msg, "qarin was built without dictionary support");
		return DEFINE_NO_DICTS;
	}
	nlangs = define_langs(lang, word, len, langs);
	for (size_t i = 0; i < nlangs; i++) {
		if (!lexicon_has_dicts(lx, langs[i]))
			continue;
		any_dict = true;
		found += lexicon_define(lx, langs[i], word, len, defs);
	}
	if (lexicon_error(lx) != NULL && found == 0) {
		strbuf_puts(msg, lexicon_error(lx));
		return DEFINE_ERROR;
	}
	if (found > 0)
		return DEFINE_FOUND;
	if (any_dict) {
		strbuf_puts(msg, "no entry for '");
		escape_append(msg, ESCAPE_LINE, word, len);
		strbuf_puts(msg, "'");
		return DEFINE_NONE;
	}
	if (nlangs == 0) {
		strbuf_puts(msg, "no dictionary for the script of '");
		escape_append(msg, ESCAPE_LINE, word, len);
		strbuf_puts(msg, "'");
		return DEFINE_NO_DICTS;
	}
	strbuf_printf(msg, "no dictionary from %s", langs[0]);
	for (size_t i = 1; i < nlangs; i++)
		strbuf_printf(msg, " or %s", langs[i]);
	strbuf_puts(msg, " installed");
	const char *sep = " (Debian packages: ";
	for (size_t i = 0; i < nlangs; i++) {
		const char *pk = lexicon_packages(langs[i]);
		if (pk != NULL) {
			strbuf_printf(msg, "%s%s", sep, pk);
			sep = ", ";
		}
	}
	strbuf_puts(msg, *sep == ',' ? ")" : " (none is packaged in Debian)");
	return DEFINE_NO_DICTS;
}

/* Appends a field of an entry, escaped (tabs and line breaks as blanks,
 * controls visible), in visual order when visual is not NULL. */
static void
define_field(struct strbuf *out, const char *s, const struct layout_opts *visual)
{
	if (visual == NULL) {
		escape_append(out, ESCAPE_LINE, s, strlen(s));
		return;
	}
	struct strbuf row = STRBUF_INIT;
	layout_line_visual(s, strlen(s), visual, &row);
	escape_append(out, ESCAPE_LINE, row.data ? row.data : "", row.len);
	strbuf_free(&row);
}

void
define_text(const struct lexicon_defs *defs, const struct layout_opts *visual,
	    struct strbuf *out)
{
	for (size_t i = 0; i < defs->n; i++) {
		const struct lexicon_entry *e = &defs->v[i];
		if (i > 0)
			strbuf_putc(out, '\n');
		define_field(out, e->headword, visual);
		if (e->pron[0] != '\0') {
			strbuf_puts(out, " /");
			define_field(out, e->pron, visual);
			strbuf_putc(out, '/');
		}
		strbuf_printf(out, "  (%s: ", e->dict);
		define_field(out, e->form, visual);
		strbuf_puts(out, ")\n");
		for (size_t k = 0; k < e->nsenses; k++) {
			strbuf_printf(out, "  %zu. ", k + 1);
			define_field(out, e->senses[k], visual);
			strbuf_putc(out, '\n');
		}
	}
}

/* Appends a JSON string. */
static void
json_string(struct strbuf *out, const char *s)
{
	strbuf_putc(out, '"');
	escape_append(out, ESCAPE_JSON, s, strlen(s));
	strbuf_putc(out, '"');
}

/* Appends the JSON document of a look-up. */
static void
define_json(const char *word, const struct lexicon_defs *defs, struct strbuf *out)
{
	strbuf_puts(out, "{\"word\": ");
	json_string(out, word);
	strbuf_puts(out, ", \"entries\": [");
	for (size_t i = 0; i < defs->n; i++) {
		const struct lexicon_entry *e = &defs->v[i];
		strbuf_puts(out, i ? ",\n  {" : "\n  {");
		strbuf_puts(out, "\"dict\": ");
		json_string(out, e->dict);
		strbuf_puts(out, ", \"form\": ");
		json_string(out, e->form);
		strbuf_puts(out, ", \"headword\": ");
		json_string(out, e->headword);
		strbuf_puts(out, ", \"pronunciation\": ");
		json_string(out, e->pron);
		strbuf_puts(out, ", \"senses\": [");
		for (size_t k = 0; k < e->nsenses; k++) {
			if (k)
				strbuf_puts(out, ", ");
			json_string(out, e->senses[k]);
		}
		strbuf_puts(out, "]}");
	}
	strbuf_puts(out, defs->n ? "\n]}\n" : "]}\n");
}

int
define_report(FILE *out, struct lexicon *lx, const char *word, enum define_format f,
	      const struct layout_opts *visual)
{
	struct lexicon_defs defs = LEXICON_DEFS_INIT;
	struct strbuf msg = STRBUF_INIT, text = STRBUF_INIT;
	enum define_status st = define_lookup(lx, NULL, word, strlen(word), &defs, &msg);
	int rc = st == DEFINE_FOUND ? 0 : st == DEFINE_NONE ? 1 : 2;

	if (rc == 2) {
		escape_message("--define: %s", msg.data ? msg.data : "");
	} else {
		if (f == DEFINE_JSON)
			define_json(word, &defs, &text);
		else
			define_text(&defs, visual, &text);
		if (text.len > 0)
			fwrite(text.data, 1, text.len, out);
		if (rc == 1)
			escape_message("--define: %s", msg.data ? msg.data : "");
	}
	lexicon_defs_free(&defs);
	strbuf_free(&msg);
	strbuf_free(&text);
	return rc;
}
