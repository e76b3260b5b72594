/* The report of `qarin --compare`: turns an alignment into a side-by-side
 * text report (blocks laid out by the layout engine, so right-to-left text
 * reads right), TSV rows for scripts and tests, JSON with everything, or a
 * TMX translation memory for translators' tools. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cli/compare_report.h"
#include "text/lib.h"
#include "layout/lib.h"

#define COLUMN_SEP " \xe2\x94\x82 " /* " │ " */
#define COLUMN_SEP_WIDTH 3
/* Rows of each block shown in the text report before "…". */
#define TEXT_ROWS 4

/* Whether s[0..len) is all ASCII letters, digits, spaces and dashes. */
static bool
latin_text(const char *s, size_t len)
{
	for (size_t k = 0; k < len; k++)
		if ((unsigned char)s[k] >= 0x80)
			return false;
	return len > 0;
}

const char *
compare_anchor_label(const struct alignment *al, const struct anchor_pair *p)
{
	const struct anchor *a = &al->anchors_a.v[p->a], *b = &al->anchors_b.v[p->b];

	if (a->kind == ANCHOR_NAME && !latin_text(al->a->text + a->start, a->len) &&
	    latin_text(al->b->text + b->start, b->len))
		return b->key;
	return a->key;
}

/* Source line of block bi of d as text, or "-". */
static const char *
line_of(const struct doc *d, size_t bi, char *buf, size_t size)
{
	if (bi == ALIGN_NONE || bi >= d->nblocks)
		return "-";
	snprintf(buf, size, "%u", doc_block_line(d, &d->blocks[bi]));
	return buf;
}

/* The shared anchors of a link joined with ';', each label once. */
static void
link_anchors(const struct alignment *al, const struct align_link *l, struct strbuf *out)
{
	strbuf_reset(out);
	strbuf_puts(out, "");
	for (size_t k = 0; k < l->nshared; k++) {
		const char *lab = compare_anchor_label(al, &l->shared[k]);
		bool dup = false;
		for (size_t q = 0; q < k && !dup; q++)
			dup = strcmp(compare_anchor_label(al, &l->shared[q]), lab) == 0;
		if (dup)
			continue;
		if (out->len)
			strbuf_putc(out, ';');
		strbuf_puts(out, lab);
	}
}

/* The finding that says link i is one-sided, or NULL. */
static const struct align_finding *
unaligned_finding(const struct alignment *al, size_t i)
{
	const struct align_link *l = &al->links[i];
	size_t n, bi = l->a != ALIGN_NONE ? l->a : l->b;
	const size_t *ix = align_findings_of(al, l->a != ALIGN_NONE ? ALIGN_SIDE_A : ALIGN_SIDE_B,
					     bi, &n);

	for (size_t k = 0; k < n; k++)
		if (al->findings[ix[k]].kind == FINDING_UNALIGNED && al->findings[ix[k]].link == i)
			return &al->findings[ix[k]];
	return NULL;
}

/* A short note for a link row: the step or kind, or what is one-sided. */
static void
link_note(const struct alignment *al, size_t i, struct strbuf *out)
{
	const struct align_link *l = &al->links[i];

	strbuf_reset(out);
	strbuf_puts(out, "");
	if (l->a == ALIGN_NONE || l->b == ALIGN_NONE) {
		const struct align_finding *f = unaligned_finding(al, i);
		const char *note = f ? f->note : "";
		if (strncmp(note, "unaligned: ", 11) == 0)
			note += 11;
		strbuf_puts(out, note);
		return;
	}
	if (al->mode == ALIGN_PARALLEL) {
		/* a step's links are consecutive: count its distinct blocks */
		size_t lo = i, hi = i, na = 1, nb = 1;
		while (lo > 0 && al->links[lo - 1].group == l->group)
			lo--;
		while (hi + 1 < al->nlinks && al->links[hi + 1].group == l->group)
			hi++;
		for (size_t k = lo + 1; k <= hi; k++) {
			na += al->links[k].a != al->links[k - 1].a && al->links[k].a != al->links[lo].a;
			nb += al->links[k].b != al->links[k - 1].b && al->links[k].b != al->links[lo].b;
		}
		strbuf_printf(out, "%zu-%zu", na, nb);
	} else {
		strbuf_puts(out, block_kind_name(al->a->blocks[l->a].kind));
	}
}

/* The anchors a finding names, as "a-key;b-key". */
static void
finding_anchors(const struct alignment *al, const struct align_finding *f, struct strbuf *out)
{
	strbuf_reset(out);
	strbuf_puts(out, "");
	if (f->a_anchor != ALIGN_NONE)
		strbuf_puts(out, al->anchors_a.v[f->a_anchor].key);
	if (f->b_anchor != ALIGN_NONE) {
		if (out->len)
			strbuf_putc(out, ';');
		strbuf_puts(out, al->anchors_b.v[f->b_anchor].key);
	}
}

/* Whether finding k is printed on a row of its own after its link. */
static bool
finding_has_row(const struct align_finding *f)
{
	return f->kind != FINDING_UNALIGNED;
}

/* The findings of link i, in order, as indices (borrowed from the index). */
static const size_t *
findings_of_link(const struct alignment *al, size_t i, size_t *n)
{
	const struct align_link *l = &al->links[i];

	return l->a != ALIGN_NONE ? align_findings_of(al, ALIGN_SIDE_A, l->a, n)
				  : align_findings_of(al, ALIGN_SIDE_B, l->b, n);
}

static void
report_tsv(FILE *out, const struct alignment *al)
{
	struct strbuf anchors = STRBUF_INIT, note = STRBUF_INIT;
	char la[16], lb[16];

	for (size_t i = 0; i < al->nlinks; i++) {
		const struct align_link *l = &al->links[i];
		link_anchors(al, l, &anchors);
		link_note(al, i, &note);
		fprintf(out, "%s\t%s\t%s\t%.2f\t", align_status_name(l->status),
			line_of(al->a, l->a, la, sizeof la), line_of(al->b, l->b, lb, sizeof lb),
			l->score);
		escape_puts(out, ESCAPE_TSV, anchors.data);
		putc('\t', out);
		escape_puts(out, ESCAPE_TSV, note.data);
		putc('\n', out);
		size_t n;
		const size_t *fx = findings_of_link(al, i, &n);
		for (size_t k = 0; k < n; k++) {
			const struct align_finding *f = &al->findings[fx[k]];
			if (f->link != i || !finding_has_row(f))
				continue;
			finding_anchors(al, f, &anchors);
			fprintf(out, "mismatch\t%s\t%s\t-\t", line_of(al->a, f->a, la, sizeof la),
				line_of(al->b, f->b, lb, sizeof lb));
			escape_puts(out, ESCAPE_TSV, anchors.data);
			putc('\t', out);
			escape_puts(out, ESCAPE_TSV, f->note);
			putc('\n', out);
		}
	}
	strbuf_free(&anchors);
	strbuf_free(&note);
}

/* Writes a JSON string. */
static void
json_str(FILE *out, const char *s, size_t len)
{
	putc('"', out);
	escape_write(out, ESCAPE_JSON, s, len);
	putc('"', out);
}

/* A block index and its line, or nulls. */
static void
json_block(FILE *out, const char *side, const struct doc *d, size_t bi)
{
	if (bi == ALIGN_NONE)
		fprintf(out, "\"%s_block\": null, \"%s_line\": null", side, side);
	else
		fprintf(out, "\"%s_block\": %zu, \"%s_line\": %u", side, bi, side, doc_block_line(d, &d->blocks[bi]));
}

/* One anchor as a JSON object. */
static void
json_anchor(FILE *out, const struct doc *d, const struct anchor *an)
{
	fprintf(out, "{\"kind\": \"%s\", \"key\": ", anchor_kind_name(an->kind));
	json_str(out, an->key, strlen(an->key));
	fputs(", \"text\": ", out);
	json_str(out, d->text + an->start, an->start + an->len <= d->len ? an->len : 0);
	fprintf(out, ", \"block\": %zu}", an->block);
}

/* A document's description in JSON. */
static void
json_doc(FILE *out, const struct doc *d, size_t units, const size_t *counts)
{
	fputs("{\"path\": ", out);
	json_str(out, d->path, strlen(d->path));
	fprintf(out, ", \"blocks\": %zu, \"aligned_blocks\": %zu, \"anchors\": {", d->nblocks, units);
	for (int k = 0; k < ANCHOR_KIND_COUNT; k++)
		fprintf(out, "%s\"%s\": %zu", k ? ", " : "", anchor_kind_name((enum anchor_kind)k),
			counts[k]);
	fputs("}}", out);
}

static void
report_json(FILE *out, const struct alignment *al)
{
	const struct align_summary *s = &al->summary;

	fputs("{\n  \"a\": ", out);
	json_doc(out, al->a, s->blocks_a, s->anchors_a);
	fputs(",\n  \"b\": ", out);
	json_doc(out, al->b, s->blocks_b, s->anchors_b);
	fprintf(out, ",\n  \"mode\": \"%s\", \"requested\": \"%s\", \"fit\": %.3f, \"ratio\": %.3f,\n",
		align_mode_name(al->mode), align_mode_name(al->requested), al->fit, al->ratio);
	fputs("  \"lexicon\": ", out);
	json_str(out, al->lexicon, strlen(al->lexicon));
	fputs(",\n", out);
	fprintf(out, "  \"summary\": {\"aligned_pct\": %.1f, \"blocks_a\": %zu, \"blocks_b\": %zu, "
		"\"aligned_a\": %zu, \"aligned_b\": %zu, \"only_a\": %zu, \"only_b\": %zu, "
		"\"mismatches\": %zu, \"findings\": {",
		s->aligned_pct, s->blocks_a, s->blocks_b, s->aligned_a, s->aligned_b, s->only_a,
		s->only_b, s->mismatches);
	for (int k = 0; k < FINDING_KIND_COUNT; k++)
		fprintf(out, "%s\"%s\": %zu", k ? ", " : "",
			align_finding_kind_name((enum align_finding_kind)k), s->findings_by_kind[k]);
	fputs("}},\n  \"links\": [", out);
	for (size_t i = 0; i < al->nlinks; i++) {
		const struct align_link *l = &al->links[i];
		fprintf(out, "%s\n    {\"status\": \"%s\", ", i ? "," : "", align_status_name(l->status));
		json_block(out, "a", al->a, l->a);
		fputs(", ", out);
		json_block(out, "b", al->b, l->b);
		fprintf(out, ", \"score\": %.3f, \"group\": %u, \"shared\": [", l->score, l->group);
		for (size_t k = 0; k < l->nshared; k++) {
			fprintf(out, "%s{\"score\": %.3f, \"a\": ", k ? ", " : "", l->shared[k].score);
			json_anchor(out, al->a, &al->anchors_a.v[l->shared[k].a]);
			fputs(", \"b\": ", out);
			json_anchor(out, al->b, &al->anchors_b.v[l->shared[k].b]);
			putc('}', out);
		}
		fputs("]}", out);
	}
	fputs("\n  ],\n  \"findings\": [", out);
	for (size_t i = 0; i < al->nfindings; i++) {
		const struct align_finding *f = &al->findings[i];
		fprintf(out, "%s\n    {\"kind\": \"%s\", ", i ? "," : "", align_finding_kind_name(f->kind));
		json_block(out, "a", al->a, f->a);
		fputs(", ", out);
		json_block(out, "b", al->b, f->b);
		if (f->link == ALIGN_NONE)
			fputs(", \"link\": null", out);
		else
			fprintf(out, ", \"link\": %zu", f->link);
		fputs(", \"a_anchor\": ", out);
		if (f->a_anchor == ALIGN_NONE)
			fputs("null", out);
		else
			json_anchor(out, al->a, &al->anchors_a.v[f->a_anchor]);
		fputs(", \"b_anchor\": ", out);
		if (f->b_anchor == ALIGN_NONE)
			fputs("null", out);
		else
			json_anchor(out, al->b, &al->anchors_b.v[f->b_anchor]);
		fputs(", \"note\": ", out);
		json_str(out, f->note, strlen(f->note));
		putc('}', out);
	}
	fputs("\n  ]\n}\n", out);
}

/* A document's language for xml:lang: its ISO 639-1 code, or "und"
 * (BCP 47's "undetermined") when none was given or guessed. */
static const char *
tmx_lang(const struct doc *d)
{
	return d->lang[0] != '\0' ? d->lang : "und";
}

/* Appends to seg the text of the distinct blocks of one side of links
 * [lo, hi], in order, joined by a space; returns how many there were. */
static size_t
tmx_side_text(const struct alignment *al, size_t lo, size_t hi, bool side_b, struct strbuf *seg)
{
	const struct doc *d = side_b ? al->b : al->a;
	size_t n = 0, last = ALIGN_NONE;

	strbuf_reset(seg);
	strbuf_puts(seg, "");
	for (size_t k = lo; k <= hi; k++) {
		size_t bi = side_b ? al->links[k].b : al->links[k].a;
		if (bi == ALIGN_NONE || bi == last || bi >= d->nblocks)
			continue;
		if (n++ > 0)
			strbuf_putc(seg, ' ');
		strbuf_append(seg, d->blocks[bi].text, d->blocks[bi].len);
		last = bi;
	}
	return n;
}

/* One <tuv> of a translation unit. */
static void
tmx_tuv(FILE *out, const char *lang, const struct strbuf *seg)
{
	fputs("   <tuv xml:lang=\"", out);
	escape_puts(out, ESCAPE_XML, lang);
	fputs("\"><seg>", out);
	escape_write(out, ESCAPE_XML, seg->data, seg->len);
	fputs("</seg></tuv>\n", out);
}

/* TMX 1.4b, level 1 (plain text): a translation unit per link group with
 * blocks on both sides, A's text then B's; one-sided links have none. */
static void
report_tmx(FILE *out, const struct alignment *al)
{
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
	const char *la = tmx_lang(al->a), *lb = tmx_lang(al->b);

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n"
	      "<tmx version=\"1.4\">\n"
	      " <header creationtool=\"qarin\" creationtoolversion=\"", out);
	escape_puts(out, ESCAPE_XML, VERSION);
	fputs("\" datatype=\"plaintext\" segtype=\"paragraph\" adminlang=\"en\" srclang=\"", out);
	escape_puts(out, ESCAPE_XML, la);
	fputs("\" o-tmf=\"qarin\"/>\n <body>\n", out);
	for (size_t lo = 0, hi; lo < al->nlinks; lo = hi + 1) {
		/* a group's links are consecutive */
		for (hi = lo; hi + 1 < al->nlinks && al->links[hi + 1].group == al->links[lo].group;)
			hi++;
		if (tmx_side_text(al, lo, hi, false, &sa) == 0 ||
		    tmx_side_text(al, lo, hi, true, &sb) == 0)
			continue;
		fputs("  <tu>\n", out);
		tmx_tuv(out, la, &sa);
		tmx_tuv(out, lb, &sb);
		fputs("  </tu>\n", out);
	}
	fputs(" </body>\n</tmx>\n", out);
	strbuf_free(&sa);
	strbuf_free(&sb);
}

/* Up to TEXT_ROWS rows of a block at width w, in visual order; the caller
 * frees p. Returns the row count shown. */
static size_t
block_rows(const struct doc *d, size_t bi, int w, struct layout_para **p)
{
	struct layout_opts lo = { .width = w, .dir = DIR_AUTO, .shape = true, .tabstop = 8 };

	*p = NULL;
	if (bi == ALIGN_NONE)
		return 0;
	*p = layout_block(&d->blocks[bi], &lo);
	return (*p)->nrows;
}

/* Appends row r of p padded to w columns ("" past its rows, "…" on the cut). */
static void
column_cell(const struct layout_para *p, size_t nrows, size_t r, int w, struct strbuf *line)
{
	int used = 0;

	if (p != NULL && r < nrows && r < TEXT_ROWS) {
		const struct layout_row *row = &p->rows[r];
		layout_row_to_utf8(p, r, true, line);
		used = row->indent + row->width;
	} else if (p != NULL && r == TEXT_ROWS && nrows > TEXT_ROWS) {
		strbuf_puts(line, "\xe2\x80\xa6"); /* … */
		used = 1;
	}
	for (; used < w; used++)
		strbuf_putc(line, ' ');
}

static void
report_text(FILE *out, const struct alignment *al, int width)
{
	const struct align_summary *s = &al->summary;
	int cw = (width - COLUMN_SEP_WIDTH) / 2;
	struct strbuf anchors = STRBUF_INIT, note = STRBUF_INIT, line = STRBUF_INIT;
	char la[16], lb[16];

	if (cw < 10)
		cw = 10;
	for (int side = 0; side < 2; side++) {
		const struct doc *d = side ? al->b : al->a;
		const size_t *c = side ? s->anchors_b : s->anchors_a;
		fprintf(out, "%s: ", side ? "B" : "A");
		escape_puts(out, ESCAPE_TEXT, d->name);
		fprintf(out, " (%zu blocks; anchors: %zu numbers, %zu dates, %zu names, %zu places)\n",
			side ? s->blocks_b : s->blocks_a, c[ANCHOR_NUMBER],
			c[ANCHOR_DATE], c[ANCHOR_NAME], c[ANCHOR_PLACE]);
	}
	fprintf(out, "mode: %s (%s; monotonic fit %.2f, length ratio B/A %.2f)\n",
		align_mode_name(al->mode),
		al->requested == ALIGN_AUTO ? "chosen from the fit" : "as asked", al->fit, al->ratio);
	fprintf(out, "summary: aligned %.1f%%, only in A %zu, only in B %zu, mismatches %zu\n",
		s->aligned_pct, s->only_a, s->only_b, s->mismatches);
	fputs("lexicon: ", out);
	escape_puts(out, ESCAPE_TEXT, al->lexicon);
	fputc('\n', out);

	for (size_t i = 0; i < al->nlinks; i++) {
		const struct align_link *l = &al->links[i];
		link_anchors(al, l, &anchors);
		link_note(al, i, &note);
		fprintf(out, "\n== %s %.2f  A:%s  B:%s  ", align_status_name(l->status), l->score,
			line_of(al->a, l->a, la, sizeof la), line_of(al->b, l->b, lb, sizeof lb));
		if (l->a != ALIGN_NONE && l->b != ALIGN_NONE)
			escape_puts(out, ESCAPE_LINE, note.data);
		if (anchors.len) {
			fputs("  anchors: ", out);
			escape_puts(out, ESCAPE_TEXT, anchors.data);
		}
		putc('\n', out);
		struct layout_para *pa, *pb;
		size_t ra = block_rows(al->a, l->a, cw, &pa), rb = block_rows(al->b, l->b, cw, &pb);
		size_t shown_a = ra > TEXT_ROWS ? TEXT_ROWS + 1 : ra;
		size_t shown_b = rb > TEXT_ROWS ? TEXT_ROWS + 1 : rb;
		size_t rows = shown_a > shown_b ? shown_a : shown_b;
		for (size_t r = 0; r < rows; r++) {
			strbuf_reset(&line);
			column_cell(pa, ra, r, cw, &line);
			strbuf_puts(&line, COLUMN_SEP);
			column_cell(pb, rb, r, cw, &line);
			while (line.len > 0 && line.data[line.len - 1] == ' ')
				line.len--;
			escape_write(out, ESCAPE_TEXT, line.data, line.len);
			putc('\n', out);
		}
		layout_para_free(pa);
		layout_para_free(pb);
		size_t n;
		const size_t *fx = findings_of_link(al, i, &n);
		for (size_t k = 0; k < n; k++) {
			const struct align_finding *f = &al->findings[fx[k]];
			if (f->link == i && finding_has_row(f)) {
				fputs("   ! ", out);
				escape_puts(out, ESCAPE_LINE, f->note);
				putc('\n', out);
			}
		}
	}
	strbuf_free(&anchors);
	strbuf_free(&note);
	strbuf_free(&line);
}

int
compare_report(FILE *out, const struct alignment *al, enum compare_format fmt, int width)
{
	switch (fmt) {
	case COMPARE_TSV:
		report_tsv(out, al);
		break;
	case COMPARE_JSON:
		report_json(out, al);
		break;
	case COMPARE_TMX:
		report_tmx(out, al);
		break;
	default:
		report_text(out, al, width > 0 ? width : 80);
		break;
	}
	fflush(out);
	return ferror(out) ? -1 : 0;
}
