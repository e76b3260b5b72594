/* Which format a document is in, when the user does not say: its name's
 * extension, then the look of its first lines. */
#include <config.h>

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "ingest/parse.h"
#include "text/lib.h"

/* Whether a name ends with the extension ext (case-insensitive, dot included). */
static bool
sniff_has_ext(const char *path, const char *ext)
{
	size_t pl = strlen(path), el = strlen(ext);

	return pl > el && strcasecmp(path + pl - el, ext) == 0;
}

/* Whether a line (without its newline) looks like Markdown block syntax that
 * plain text rarely has: an ATX heading, a code fence, a setext underline. */
static int
sniff_markdown_line(const char *s, size_t n, int *list)
{
	size_t i = 0;

	while (i < n && i < 3 && s[i] == ' ')
		i++;
	if (i < n && s[i] == '#') {
		size_t h = 0;
		while (i < n && s[i] == '#' && h < 7)
			i++, h++;
		if (h <= 6 && i < n && s[i] == ' ')
			return 1;
		return 0;
	}
	if (n - i >= 3 && (memcmp(s + i, "```", 3) == 0 || memcmp(s + i, "~~~", 3) == 0))
		return 1;
	if (n - i >= 3 && (s[i] == '=' || s[i] == '-')) {
		size_t j = i;
		while (j < n && s[j] == s[i])
			j++;
		if (j == n && s[i] == '=')
			return 1;
	}
	if (n - i >= 2 && (s[i] == '-' || s[i] == '*' || s[i] == '+') && s[i + 1] == ' ')
		(*list)++;
	return 0;
}

enum doc_format
parse_sniff_format(const char *path, const char *text, size_t len)
{
	static const char *const md_ext[] = { ".md", ".markdown", ".mkd", ".mdown" };
	static const char *const html_ext[] = { ".html", ".htm", ".xhtml" };

	if (path != NULL) {
		for (size_t i = 0; i < sizeof md_ext / sizeof md_ext[0]; i++)
			if (sniff_has_ext(path, md_ext[i]))
				return DOC_FORMAT_MARKDOWN;
		for (size_t i = 0; i < sizeof html_ext / sizeof html_ext[0]; i++)
			if (sniff_has_ext(path, html_ext[i]))
				return DOC_FORMAT_HTML;
		if (sniff_has_ext(path, ".txt") || sniff_has_ext(path, ".text"))
			return DOC_FORMAT_TEXT;
	}
	size_t n = len < 4096 ? len : 4096, i = 0;
	while (i < n && isspace((unsigned char)text[i]))
		i++;
	if ((n - i >= 14 && strncasecmp(text + i, "<!DOCTYPE html", 14) == 0) ||
	    (n - i >= 5 && strncasecmp(text + i, "<html", 5) == 0))
		return DOC_FORMAT_HTML;
	/* Markdown: a heading or fence, or a list next to inline markup. */
	int list = 0, inline_md = 0;
	for (size_t s = 0; s < n;) {
		const char *nl = memchr(text + s, '\n', n - s);
		size_t e = nl != NULL ? (size_t)(nl - text) : n;
		if (sniff_markdown_line(text + s, e - s, &list))
			return DOC_FORMAT_MARKDOWN;
		s = e + 1;
	}
	for (size_t k = 0; k + 1 < n; k++)
		if ((text[k] == '*' && text[k + 1] == '*') || (text[k] == ']' && text[k + 1] == '(') ||
		    text[k] == '`')
			inline_md++;
	if (list >= 2 && inline_md > 0)
		return DOC_FORMAT_MARKDOWN;
	return DOC_FORMAT_TEXT;
}
