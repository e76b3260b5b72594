/* Second stage of ingest: structure. Each parser turns doc->text into
 * blocks; structure_finish then classifies, splits articles at "read also"
 * markers and guesses script, language and direction. */
#ifndef QARIN_PARSE_H
#define QARIN_PARSE_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_INGEST, "ingest/parse.h");

#include "model/lib.h"
#include "text/lib.h"

/* Chooses a format from the file name's extension and the text's content. */
enum doc_format parse_sniff_format(const char *path, const char *text, size_t len);

int parse_text(struct doc *doc, struct qerr *err);
/* parse_text's two halves: whether the text separates paragraphs with
 * blank lines (then lines are joined into paragraphs, else every line is a
 * block), and the cut into blocks under that answer. parse_text starts
 * over after every blank line when merge is true and at every line when it
 * is false: a stretch of a text cut at such a place is parsed on its own
 * into the same blocks as in the whole (see doc_load_fragment). */
bool parse_text_merges(const struct doc *doc);
void parse_text_lines(struct doc *doc, bool merge);
int parse_markdown(struct doc *doc, struct qerr *err);
int parse_html(struct doc *doc, struct qerr *err);

/* Classifies blocks (title, date, source, keywords, headings, boilerplate),
 * splits articles and fills script/lang/dir of blocks and document. */
void structure_finish(struct doc *doc);
/* structure_finish for a plain text document whose blocks come a few at
 * a time, in order: each block pushed gets the kind and direction it has
 * in the whole document, except that a block without a strong letter
 * keeps DIR_AUTO (the document's direction, structure_stream_dir, is known
 * at the end); script and language are not guessed (the layout does not
 * need them). push returns the blocks now final (at most 3) in out, in
 * order; a NULL block says the input ended and returns the rest. */
struct structure_stream *structure_stream_new(void);
void structure_stream_free(struct structure_stream *ss);
size_t structure_stream_push(struct structure_stream *ss, struct block *b, struct block **out);
/* The document's direction from the blocks that left so far. */
enum text_dir structure_stream_dir(const struct structure_stream *ss);
/* Whether a line of plain text is a block on its own even inside a group of
 * lines (a "read also" marker, a date, source or keywords line). */
bool structure_line_stands_alone(const char *s, size_t n);

/* Assembles the text of one block from pieces of doc->text whose markup was
 * stripped (Markdown, HTML): each piece is looked for in the source from a
 * moving cursor, character by character through the character references
 * and escapes the parser decoded, so that the block's offset map gives
 * every character its own source offset; a piece that cannot be found
 * maps to the nearest preceding position. */
struct parse_builder {
	struct doc *doc;       /* borrowed */
	struct strbuf text;    /* owned: the block text so far */
	struct offmap map;     /* owned: block text -> doc->text */
	struct span *spans;    /* owned */
	size_t nspans, spans_cap;
	size_t cursor;         /* doc->text offset where the next piece is looked for */
	size_t limit;          /* no piece is looked for at or after this offset */
	bool skip_tags;        /* a match inside <...> does not count (HTML) */
	bool refs;             /* character references (&amp; &#233;) were decoded */
	bool escapes;          /* backslash escapes (\*) were taken out (Markdown) */
	bool line_spaces;      /* a line ending stands as a space (a Markdown code span) */
	size_t first_src;      /* where the first piece was found, or SIZE_MAX */
};

void parse_builder_init(struct parse_builder *pb, struct doc *doc);
/* Empties a builder for the next block. */
void parse_builder_reset(struct parse_builder *pb);
/* Appends text that is expected in the source at or after the cursor. */
void parse_builder_text(struct parse_builder *pb, const char *s, size_t n);
/* Appends one separator character (a space or a soft break) not looked for. */
void parse_builder_sep(struct parse_builder *pb, char c);
/* Records a span from block text offset start to the current end. */
void parse_builder_span(struct parse_builder *pb, size_t start, enum span_style style);
/* Adds the block built so far (if it has any visible text) with its text,
 * map and spans copied into doc->arena, then empties the builder. Without
 * src_len (0), the source range runs from the first piece to the cursor. */
struct block *parse_builder_emit(struct parse_builder *pb, enum block_kind kind,
				 unsigned level, size_t src_off, size_t src_len);
void parse_builder_free(struct parse_builder *pb);

/* Sets what the layout shows around block b (NULL: nothing to do): its
 * marker, an ordered item's number (clamped to BLOCK_ORDINAL_MIN..MAX) and
 * how many quotes it is in (clamped to BLOCK_QUOTE_MAX). */
void parse_block_marks(struct block *b, enum block_marker marker, long long ordinal,
		       unsigned quotes);

#endif
