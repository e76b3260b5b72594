/* The in-memory document model: a document holds articles, an article holds
 * blocks. Every block knows its byte range and line in the source, so that
 * every cell laid out from it can say where it came from. */
#ifndef QARIN_DOC_H
#define QARIN_DOC_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_MODEL, "model/doc.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/lib.h"

enum doc_format {
	DOC_FORMAT_AUTO,
	DOC_FORMAT_TEXT,
	DOC_FORMAT_MARKDOWN,
	DOC_FORMAT_HTML,
};

enum block_kind {
	BLOCK_TITLE,
	BLOCK_HEADING,
	BLOCK_DATE,        /* metadata: publication date line */
	BLOCK_SOURCE,      /* metadata: "source:" line */
	BLOCK_KEYWORDS,    /* metadata: keywords / tags line */
	BLOCK_PARAGRAPH,
	BLOCK_ITEM,        /* list item */
	BLOCK_QUOTE,
	BLOCK_CODE,        /* preformatted */
	BLOCK_BOILERPLATE, /* navigation noise, language menus */
	BLOCK_SEPARATOR,   /* a "read also" marker that starts the next article */
	BLOCK_KIND_COUNT
};

enum text_dir {
	DIR_AUTO, /* UAX #9 P2-P3: first strong character */
	DIR_LTR,
	DIR_RTL,
};

/* The mark the layout shows before a list item; it is not in the block's
 * text, so that search and offsets see only what the document says. */
enum block_marker {
	MARKER_NONE,
	MARKER_BULLET,
	MARKER_NUMBER, /* the block's ordinal followed by a full stop */
};

#define BLOCK_QUOTE_MAX 63
#define BLOCK_ORDINAL_MIN (-524288) /* a list number beyond is shown as the bound */
#define BLOCK_ORDINAL_MAX 524287

enum span_style {
	SPAN_EMPH,
	SPAN_STRONG,
	SPAN_CODE,
	SPAN_LINK,
	/* Directional markup: laid out as the control UAX #9 names, which is
	 * neither in the text nor shown. */
	SPAN_ISOLATE,      /* <bdi>, dir="auto" on an inline element: FSI ... PDI */
	SPAN_ISOLATE_LTR,  /* dir="ltr" on <bdi> or an inline element: LRI ... PDI */
	SPAN_ISOLATE_RTL,  /* RLI ... PDI */
	SPAN_OVERRIDE_LTR, /* <bdo dir="ltr">: LRO ... PDF */
	SPAN_OVERRIDE_RTL, /* <bdo dir="rtl">: RLO ... PDF */
};

/* A styled stretch of a block's text (Markdown/HTML inline markup). */
struct span {
	uint32_t start; /* byte offset in the block text */
	uint32_t len;
	enum span_style style;
};

/* One block of a document. A 10 MB file has some 20,000 of them: the
 * fields are ordered and narrowed so that none is padding, and what can be
 * derived is not stored (line: doc_block_line; article: doc_block_article). */
struct block {
	/* The block's display text, UTF-8 NFC, not NUL-terminated. Borrowed:
	 * a slice of doc->text for plain text, or in doc->arena when markup was
	 * stripped. Newlines inside it are soft breaks shown as spaces. */
	const char *text;
	size_t len;
	/* block text offset -> doc->text offset: map == NULL means text is the
	 * slice of doc->text starting at text_off. */
	size_t text_off;
	const struct offmap *map; /* borrowed from doc->arena, or NULL */
	size_t src_off;       /* range in doc->text the block was read from, markup included */
	size_t src_len;
	const struct span *spans; /* borrowed from doc->arena */
	uint32_t nspans;
	int16_t script;       /* dominant UScriptCode of the letters */
	uint8_t kind;         /* enum block_kind */
	uint8_t level;        /* heading level 1-6; list nesting 1..255 for items and
			       * for the later paragraphs of an item; else 0 */
	char lang[4];         /* ISO 639-1 ("ar", "fr", ...): the markup's, else a guess; or "" */
	uint32_t dir : 2;     /* enum text_dir: resolved base direction (DIR_LTR or DIR_RTL) */
	uint32_t dir_set : 1; /* the markup gave dir: the layout forces it (no P2-P3) */
	uint32_t lang_set : 1; /* the markup gave lang: no guess replaces it */
	uint32_t marker : 2;  /* enum block_marker: what the layout puts before an item */
	uint32_t quote : 6;   /* quotes the block is in (0..BLOCK_QUOTE_MAX) */
	int32_t ordinal : 20; /* an ordered item's number (BLOCK_ORDINAL_MIN..MAX) */
};
_Static_assert(sizeof(struct block) <= 72, "struct block is in every document 20,000 times per 10 MB");

struct article {
	size_t first_block;
	size_t nblocks;
	size_t title_block;   /* index into doc->blocks, or SIZE_MAX */
};

struct doc {
	char *path;           /* owned: as given ("-" for standard input) */
	char *name;           /* owned: short name for headers and reports */
	enum doc_format format;
	char *text;           /* owned: the whole decoded NFC UTF-8 text */
	size_t len;
	struct offmap srcmap; /* doc->text offsets -> source offsets (see ingest/decode.h) */
	char encoding[40];
	bool encoding_guessed; /* encoding is a guess (see ingest/decode.h) */
	size_t invalid_count; /* undecodable bytes shown as U+FFFD */
	size_t joiner_count;  /* CGJs put into runs of over 30 marks (ingest/decode.h) */
	size_t source_size;   /* bytes read */
	struct block *blocks; /* owned */
	size_t nblocks;
	size_t blocks_cap;
	struct article *articles; /* owned */
	size_t narticles;
	size_t articles_cap;
	struct arena arena;   /* derived texts, maps and spans of blocks */
	int script;           /* dominant script of the document */
	char lang[4];
	enum text_dir dir;
	/* Owned: the doc->text offset where each line starts, read with
	 * doc_line_start: uint32_t entries when the text is under 4 GiB (half
	 * the memory: some 1.5% of a text of short lines), else size_t. */
	void *line_starts;
	bool line_starts_wide; /* the entries are size_t */
	unsigned nlines;
};

void doc_free(struct doc *doc);
/* Indexes the lines of doc->text (doc->line_starts, doc->nlines). */
void doc_index_lines(struct doc *doc);

/* Appends a zeroed block (article index set to the current last article). */
struct block *doc_add_block(struct doc *doc);
/* Starts a new article at the next block to be added. */
struct article *doc_add_article(struct doc *doc);

/* Maps an offset in a block's text to the offset in doc->text. */
size_t block_doc_offset(const struct block *b, size_t off);
/* Maps an offset in doc->text to the offset in the source (see ingest/decode.h). */
size_t doc_source_offset(const struct doc *doc, size_t text_off);
/* doc->text offset where line i (0-based, < doc->nlines) starts. */
static inline size_t
doc_line_start(const struct doc *doc, unsigned i)
{
	return doc->line_starts_wide ? ((const size_t *)doc->line_starts)[i]
				     : ((const uint32_t *)doc->line_starts)[i];
}
/* 1-based source line of a doc->text offset. */
unsigned doc_line_of(const struct doc *doc, size_t text_off);
/* 1-based source line where a block of doc starts (the line of its src_off). */
unsigned doc_block_line(const struct doc *doc, const struct block *b);
/* Index into doc->articles of the article holding block index bi. */
size_t doc_block_article(const struct doc *doc, size_t bi);
/* Index of the block holding doc->text offset off (the last one starting
 * at or before off; 0 for a document without blocks). */
size_t doc_block_at(const struct doc *doc, size_t off);

const char *block_kind_name(enum block_kind kind);
const char *doc_format_name(enum doc_format format);
/* Parses "txt", "text", "md", "markdown", "html"; -1 when unknown. */
int doc_format_parse(const char *s);
const char *text_dir_name(enum text_dir dir);

#endif
