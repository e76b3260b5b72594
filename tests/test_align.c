/* Alignment: the Gale-Church programme on synthetic lengths, the parallel
 * test pair against its written-out links (with precision and recall), the
 * corpus pair's comparable links, the quality checks, and the per-block
 * lookups the comparison pane and synchronized scrolling use. */
#include <config.h>

#include <stdint.h>

#include "align/lib.h"
#include "ingest/lib.h"
#include "lexicon/lib.h"
#include "model/lib.h"
#include "text/lib.h"
#include "tap.h"

/* Finds the bead covering A unit a; NULL when none. */
static const struct align_bead *
bead_of_a(const struct align_bead *b, size_t n, size_t a)
{
	for (size_t k = 0; k < n; k++)
		if (b[k].na && a >= b[k].a0 && a < b[k].a0 + b[k].na)
			return &b[k];
	return NULL;
}

/* Agreement from a synthetic "anchor" per unit: the share of units of the
 * step whose tag the other side of the step has. */
struct tags {
	const int *a, *b;
};

static double
tag_agree(void *ctx, size_t a0, size_t na, size_t b0, size_t nb)
{
	const struct tags *t = ctx;
	size_t hit = 0;

	for (size_t x = 0; x < na; x++)
		for (size_t y = 0; y < nb; y++)
			if (t->a[a0 + x] == t->b[b0 + y])
				hit += 2;
	return (double)hit / (double)(na + nb);
}

/* The programme on lengths alone and with anchors. */
static void
test_dp(void)
{
	size_t la[12] = { 120, 340, 80, 260, 410, 150, 90, 300, 220, 175, 60, 330 };
	size_t lb[12];
	struct align_bead *b;
	size_t n;

	/* a faithful "translation" at ratio 0.64 with some noise */
	for (int k = 0; k < 12; k++)
		lb[k] = (size_t)((double)la[k] * 0.64) + (size_t)(k % 3) * 4;
	struct align_dp_input in = { .len_a = la, .len_b = lb, .na = 12, .nb = 12 };
	n = align_dp(&in, &b);
	bool all11 = n == 12;
	for (size_t k = 0; k < n && all11; k++)
		all11 = b[k].na == 1 && b[k].nb == 1 && b[k].a0 == k && b[k].b0 == k;
	ok(all11, "equal counts and proportional lengths give twelve 1-1 beads");
	free(b);

	/* B merges units 4 and 5 of A */
	size_t lm[11];
	for (int k = 0, j = 0; k < 12; k++) {
		if (k == 5)
			continue;
		lm[j++] = k == 4 ? lb[4] + lb[5] : lb[k];
	}
	in.len_b = lm;
	in.nb = 11;
	n = align_dp(&in, &b);
	const struct align_bead *m = bead_of_a(b, n, 4);
	ok(m != NULL && m->a0 == 4 && m->na == 2 && m->b0 == 4 && m->nb == 1,
	   "a merged pair is one 2-1 bead");
	m = bead_of_a(b, n, 11);
	ok(m != NULL && m->na == 1 && m->nb == 1 && m->b0 == 10, "and the alignment resumes 1-1 after it");
	free(b);

	/* B drops unit 6 of A (90 chars): length alone, then with anchors */
	size_t ld[11];
	int ta[12], tb[11];
	for (int k = 0, j = 0; k < 12; k++) {
		ta[k] = 100 + k;
		if (k == 6)
			continue;
		tb[j] = 100 + k;
		ld[j++] = lb[k];
	}
	in.len_b = ld;
	in.nb = 11;
	struct tags tags = { ta, tb };
	in.agree = tag_agree;
	in.ctx = &tags;
	n = align_dp(&in, &b);
	m = bead_of_a(b, n, 6);
	ok(m != NULL && m->na == 1 && m->nb == 0, "with anchors, the dropped unit is a 1-0 bead");
	bool rest = true;
	for (size_t a = 0; a < 12; a++) {
		if (a == 6)
			continue;
		const struct align_bead *x = bead_of_a(b, n, a);
		rest = rest && x != NULL && x->na == 1 && x->nb == 1 && x->b0 == (a < 6 ? a : a - 1);
	}
	ok(rest, "and every other unit is 1-1 with its own counterpart");
	free(b);

	/* one side empty: everything is 1-0 */
	in.nb = 0;
	in.agree = NULL;
	n = align_dp(&in, &b);
	is_long((long)n, 12, "against nothing, twelve 1-0 beads");
	free(b);

	/* and the other way round, with more units than the band is wide */
	size_t l40[40];
	for (int k = 0; k < 40; k++)
		l40[k] = 50 + (size_t)k;
	struct align_dp_input none = { .len_a = la, .len_b = l40, .na = 0, .nb = 40 };
	n = align_dp(&none, &b);
	bool all01 = n == 40;
	for (size_t k = 0; k < n && all01; k++)
		all01 = b[k].na == 0 && b[k].nb == 1 && b[k].b0 == k;
	ok(all01, "nothing against forty (wider than the band): forty 0-1 beads");
	free(b);
	none.band = 2;
	n = align_dp(&none, &b);
	is_long((long)n, 40, "  even with an explicit band of 2");
	free(b);

	/* a narrow explicit band still reaches the end */
	in.nb = 12;
	in.len_b = lb;
	in.band = 2;
	n = align_dp(&in, &b);
	ok(n == 12 && b[11].a0 == 11 && b[11].b0 == 11, "a band of 2 still ends at (12, 12)");
	free(b);
}

/* Block index holding 1-based source line `line`, or SIZE_MAX. */
static size_t
block_at_line(const struct doc *d, unsigned line)
{
	for (size_t i = 0; i < d->nblocks; i++)
		if (doc_block_line(d, &d->blocks[i]) == line)
			return i;
	return SIZE_MAX;
}

/* Whether the alignment has a link between lines la and lb. */
static bool
has_link(const struct alignment *al, unsigned la, unsigned lb)
{
	size_t a = block_at_line(al->a, la), b = block_at_line(al->b, lb), n;
	const size_t *ix = align_links_of(al, ALIGN_SIDE_A, a, &n);

	for (size_t k = 0; k < n; k++)
		if (al->links[ix[k]].b == b)
			return true;
	return false;
}

/* Whether the block at line l of side s is one-sided. */
static bool
is_only(const struct alignment *al, enum align_side s, unsigned l)
{
	const struct doc *d = s == ALIGN_SIDE_A ? al->a : al->b;
	size_t bi = block_at_line(d, l);

	return bi != SIZE_MAX && align_block_state(al, s, bi) == ALIGN_BLOCK_ONLY;
}

static struct doc *
load(const char *path)
{
	struct qerr err;
	struct doc *d = doc_load_file(path, NULL, &err);

	if (d == NULL)
		diag("%s", err.msg);
	return d;
}

/* The parallel pair against its expected links. */
static void
test_parallel_pair(void)
{
	const char *fx = getenv("FIXTURES");
	char pa[4096], pb[4096], pe[4096];

	if (fx == NULL)
		fx = "tests/fixtures";
	snprintf(pa, sizeof pa, "%s/parallel/fr-original.txt", fx);
	snprintf(pb, sizeof pb, "%s/parallel/ar-translation.txt", fx);
	snprintf(pe, sizeof pe, "%s/parallel/expected.tsv", fx);
	struct doc *a = load(pa), *b = load(pb);
	char *exp = slurp(pe, NULL);
	ok(a != NULL && b != NULL && exp != NULL, "the parallel pair loads");
	if (a == NULL || b == NULL || exp == NULL)
		return;
	struct qerr err;
	struct alignment *al = align_docs(a, b, NULL, &err);
	ok(al != NULL, "it aligns");
	is_str(align_mode_name(al->mode), "parallel", "auto mode picks parallel for a translation");
	ok(al->fit >= 0.8, "the monotonic fit is high (%.2f)", al->fit);
	ok(al->ratio > 0.6 && al->ratio < 1.1, "the length ratio is estimated (%.2f)", al->ratio);

	/* expected rows: status, a_line, b_line */
	size_t nexp = 0, hit = 0, status_ok = 0;
	char *save = NULL;
	for (char *line = strtok_r(exp, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char st[16], sa[16], sb[16];
		if (line[0] == '#' || sscanf(line, "%15s %15s %15s", st, sa, sb) != 3)
			continue;
		nexp++;
		size_t ab = sa[0] == '-' ? ALIGN_NONE : block_at_line(a, (unsigned)atoi(sa));
		size_t bb = sb[0] == '-' ? ALIGN_NONE : block_at_line(b, (unsigned)atoi(sb));
		bool found = false;
		for (size_t k = 0; k < al->nlinks && !found; k++) {
			const struct align_link *l = &al->links[k];
			if (l->a == ab && l->b == bb) {
				found = true;
				status_ok += strcmp(align_status_name(l->status), st) == 0;
				if (strcmp(align_status_name(l->status), st) != 0)
					diag("lines %s-%s: status %s, expected %s", sa, sb,
					     align_status_name(l->status), st);
			}
		}
		if (!found)
			diag("missing link %s %s %s", st, sa, sb);
		hit += found;
	}
	double precision = al->nlinks ? (double)hit / (double)al->nlinks : 0;
	double recall = nexp ? (double)hit / (double)nexp : 0;
	diag("parallel pair: %zu links expected, %zu produced, %zu right: precision %.3f, recall %.3f",
	     nexp, al->nlinks, hit, precision, recall);
	is_long((long)nexp, 32, "expected.tsv lists 32 links");
	is_long((long)hit, (long)nexp, "every expected link is found (recall 1)");
	is_long((long)al->nlinks, (long)nexp, "and no other (precision 1)");
	is_long((long)status_ok, (long)nexp, "with the expected statuses");

	/* the findings: the changed number, the dropped paragraph */
	size_t a9 = block_at_line(a, 17), n;
	const size_t *fi = align_findings_of(al, ALIGN_SIDE_A, a9, &n);
	bool num = false;
	for (size_t k = 0; k < n; k++)
		if (al->findings[fi[k]].kind == FINDING_NUMBER_MISMATCH &&
		    strstr(al->findings[fi[k]].note, "12 400") != NULL &&
		    strstr(al->findings[fi[k]].note, "14200") != NULL)
			num = true;
	ok(num, "the changed number is a finding naming both values");
	is_long((long)al->summary.mismatches, 1, "one link is a mismatch");
	is_long((long)al->summary.only_a, 1, "one block only in A");
	is_long((long)al->summary.only_b, 0, "none only in B");
	is_long((long)al->summary.findings_by_kind[FINDING_UNALIGNED], 1, "one unaligned finding");
	size_t a12 = block_at_line(a, 23);
	is_long((long)align_block_state(al, ALIGN_SIDE_A, a12), ALIGN_BLOCK_ONLY,
		"the dropped paragraph's gutter state is 'only'");
	is_long((long)align_next_flagged(al, ALIGN_SIDE_A, a9, 1), (long)a12,
		"the next flagged block after the mismatch is the dropped one");
	is_long((long)align_next_flagged(al, ALIGN_SIDE_A, a12, -1), (long)a9,
		"and back again");

	/* synchronized scrolling follows the links */
	size_t b18 = block_at_line(b, 35), a21 = block_at_line(a, 41), b19 = block_at_line(b, 37);
	size_t off = a->blocks[a21].src_off;
	is_long((long)align_sync_map(al, a, off, b), (long)b->blocks[b19].src_off,
		"the start of a block maps to the start of its counterpart");
	size_t a19 = block_at_line(a, 37), a20 = block_at_line(a, 39);
	size_t m19 = align_sync_map(al, a, a->blocks[a19].src_off, b);
	size_t m20 = align_sync_map(al, a, a->blocks[a20].src_off, b);
	ok(m19 == b->blocks[b18].src_off && m20 > m19 &&
	   m20 < b->blocks[b18].src_off + b->blocks[b18].src_len,
	   "two blocks merged on the other side map into the one counterpart, in order");
	struct sync_map sm = align_sync(al);
	is_long((long)sm.map(sm.ctx, b, b->blocks[b19].src_off, a), (long)a->blocks[a21].src_off,
		"the map works the other way round too");
	size_t mid12 = align_sync_map(al, a, a->blocks[a12].src_off, b);
	ok(mid12 >= b->blocks[block_at_line(b, 21)].src_off &&
	   mid12 <= b->blocks[block_at_line(b, 23)].src_off,
	   "an unaligned block maps between its neighbours' counterparts");

	/* sentences inside a link */
	size_t nl;
	const size_t *li = align_links_of(al, ALIGN_SIDE_A, block_at_line(a, 9), &nl);
	struct align_span_pair *sp;
	size_t ns = nl ? align_sentences(al, li[0], &sp) : 0;
	is_long((long)ns, 2, "a two-sentence paragraph pairs two sentences");
	if (ns == 2) {
		ok(sp[0].a_start == a->blocks[block_at_line(a, 9)].src_off && sp[0].a_len > 0 &&
		   sp[1].b_start > sp[0].b_start, "sentence ranges follow each other in the text");
		free(sp);
	}
	align_free(al);

	/* forced comparable mode on the same pair */
	struct align_opts o = { .mode = ALIGN_COMPARABLE };
	al = align_docs(a, b, &o, &err);
	is_str(align_mode_name(al->mode), "comparable", "--align=comparable is obeyed");
	ok(has_link(al, 25, 23), "comparable mode still pairs the Benali paragraphs by anchors");
	align_free(al);
	free(exp);
	doc_free(a);
	doc_free(b);
}

/* The corpus pair: two reports of one event. */
static void
test_corpus(void)
{
	const char *dir = corpus_dir();
	char pa[4096], pb[4096];

	if (dir == NULL) {
		diag("corpus absent: the corpus expectations are not checked");
		return;
	}
	snprintf(pa, sizeof pa, "%s/ar-kaspersky-alwafd.txt", dir);
	snprintf(pb, sizeof pb, "%s/fr-kaspersky.txt", dir);
	struct doc *a = load(pa), *b = load(pb);
	struct qerr err;
	struct alignment *al = align_docs(a, b, NULL, &err);

	is_str(align_mode_name(al->mode), "comparable", "auto mode picks comparable for the corpus pair");
	diag("corpus: fit %.2f, %zu links, aligned %.1f%%, only-a %zu, only-b %zu",
	     al->fit, al->nlinks, al->summary.aligned_pct, al->summary.only_a, al->summary.only_b);
	ok(has_link(al, 1, 3), "the French title pairs with the Arabic title");
	ok(has_link(al, 26, 19), "the Zakharova paragraph pairs with the Arabic one naming her");
	ok(has_link(al, 27, 19), "and with the one continuing her quote");
	ok(has_link(al, 23, 13), "the 29 September deadline paragraphs pair");
	ok(is_only(al, ALIGN_SIDE_A, 25), "the Kremlin spokesman's paragraph is only in A");
	/* paragraphs sharing only the story's topic (Kaspersky, Lab, the US,
	 * Russia) with the French Commerce Department paragraph */
	ok(!has_link(al, 5, 11) && !has_link(al, 13, 11) && !has_link(al, 16, 11) &&
	   !has_link(al, 30, 11) && !has_link(al, 31, 11),
	   "no link from topic words alone");
	ok(has_link(al, 20, 11), "the paragraphs naming Raimondo pair");
	bool second = true;
	for (unsigned l = 35; l <= 68; l++)
		if (!is_only(al, ALIGN_SIDE_A, l)) {
			diag("line %u of the second article is not only-a", l);
			second = false;
		}
	ok(second, "every block of the second Arabic article is only in A");
	ok(al->summary.anchors_a[ANCHOR_NAME] > 0 && al->summary.anchors_b[ANCHOR_NAME] > 0,
	   "both documents have name anchors counted");
	/* shared anchors of the Zakharova link include her name */
	size_t n;
	const size_t *li = align_links_of(al, ALIGN_SIDE_B, block_at_line(b, 19), &n);
	bool zak = false;
	for (size_t k = 0; k < n; k++) {
		const struct align_link *l = &al->links[li[k]];
		for (size_t s = 0; s < l->nshared; s++)
			zak = zak || strstr(al->anchors_b.v[l->shared[s].b].key, "zakharova") != NULL;
	}
	ok(zak, "the Zakharova link's shared anchors include her name");
	align_free(al);
	doc_free(a);
	doc_free(b);
}

/* Loads a small text document from memory. */
static struct doc *
mem(const char *name, const char *text)
{
	struct qerr err;
	struct doc_opts o = { .format = DOC_FORMAT_TEXT };

	return doc_load_memory(name, text, strlen(text), &o, &err);
}

/* Quality checks on small made-up pairs. */
static void
test_findings(void)
{
	struct doc *a = mem("a.txt",
		"The bridge was opened in 1932 by the mayor, Paul Durand.\n\n"
		"It carries 4 lanes of traffic and about 30000 vehicles a day.\n\n"
		"Engineers inspect it every spring and repaint it every ten years.\n\n"
		"Tolls were abolished on 1 March 1961 after a long campaign.\n");
	struct doc *b = mem("b.txt",
		"Le pont a été inauguré en 1932 par le maire, Paul Durand.\n\n"
		"Il compte 4 voies et voit passer environ 35000 véhicules par jour.\n\n"
		"Engineers inspect it every spring and repaint it every ten years.\n\n"
		"Le péage a été supprimé le 1er mars 1961 après une longue campagne.\n");
	struct align_opts o = { .mode = ALIGN_PARALLEL };
	struct qerr err;
	struct alignment *al = align_docs(a, b, &o, &err);

	is_long((long)al->nlinks, 4, "four 1-1 links");
	bool number = false, untranslated = false;
	for (size_t k = 0; k < al->nfindings; k++) {
		const struct align_finding *f = &al->findings[k];
		if (f->kind == FINDING_NUMBER_MISMATCH && f->a == 1 && f->b == 1 &&
		    strcmp(f->note, "number: 30000 in A, 35000 in B") == 0)
			number = true;
		if (f->kind == FINDING_UNTRANSLATED && f->a == 2 && f->b == 2)
			untranslated = true;
		diag("finding: %s a=%zu b=%zu %s", align_finding_kind_name(f->kind), f->a, f->b, f->note);
	}
	ok(number, "30000 against 35000 is a number mismatch with both values");
	ok(untranslated, "identical text is reported untranslated");
	is_long((long)al->links[1].status, ALIGN_MISMATCH, "the link with the changed number is a mismatch");
	is_long((long)al->links[3].status, ALIGN_MATCH, "1 March 1961 and 1er mars 1961 agree");
	is_long((long)al->links[0].status, ALIGN_MATCH, "equal years and names agree");
	align_free(al);

	/* anchors fed in: a given list replaces extraction */
	struct anchor_list la = { 0 }, lb = { 0 };
	struct anchor an = { .kind = ANCHOR_NUMBER, .block = 0, .start = 0, .len = 3 };
	strcpy(an.key, "777");
	la.v = &an;
	la.n = 1;
	struct align_opts o2 = { .mode = ALIGN_PARALLEL, .anchors_a = &la, .anchors_b = &lb };
	al = align_docs(a, b, &o2, &err);
	is_long((long)al->anchors_a.n, 1, "given anchors are used as they are");
	is_long((long)al->summary.anchors_a[ANCHOR_NUMBER], 1, "and counted");
	align_free(al);

	/* bad options */
	struct align_opts bad = { .mode = (enum align_mode)7 };
	ok(align_docs(a, b, &bad, &err) == NULL && strstr(err.msg, "mode") != NULL,
	   "an unknown mode is an error");
	is_long(align_mode_parse("parallel"), ALIGN_PARALLEL, "mode names parse");
	is_long(align_mode_parse("nonsense"), -1, "unknown mode names do not");
	doc_free(a);
	doc_free(b);
}


/* Whether a finding of that kind names `what` in its note. */
static bool
has_finding(const struct alignment *al, enum align_finding_kind kind, const char *what)
{
	for (size_t k = 0; k < al->nfindings; k++)
		if (al->findings[k].kind == kind && strstr(al->findings[k].note, what) != NULL)
			return true;
	return false;
}

/* Lists the findings, for the test log. */
static void
diag_findings(const struct alignment *al)
{
	for (size_t k = 0; k < al->nfindings; k++)
		diag("finding: %s", al->findings[k].note);
}

/* Aligns two texts in parallel mode with an optional lexicon. */
static struct alignment *
align_texts(struct doc **a, struct doc **b, const char *ta, const char *tb,
	    enum align_mode mode, struct lexicon *lx)
{
	struct align_opts o = { .mode = mode, .lexicon = lx };
	struct qerr err;

	*a = mem("a.txt", ta);
	*b = mem("b.txt", tb);
	return align_docs(*a, *b, &o, &err);
}

static void
free_pair(struct alignment *al, struct doc *a, struct doc *b)
{
	align_free(al);
	doc_free(a);
	doc_free(b);
}

/* "Name only in A/B" only for names, and only when the other side has no
 * spelling of them. */
static void
test_name_findings(void)
{
	struct doc *a, *b;
	struct alignment *al;

	/* sentence-initial capitals that are no names; names transliterated */
	al = align_texts(&a, &b,
		"Meeting in Berlin on Monday, Chancellor Olaf Scholz received Mohammed bin Salman.\n\n"
		"Second, the two leaders discussed energy prices and trade.\n\n"
		"Third, the delegation was not present at the talks.\n",
		"في اجتماع في برلين يوم الاثنين، استقبل المستشار أولاف شولتس محمد بن سلمان.\n\n"
		"ثانياً، ناقش الزعيمان أسعار الطاقة والتجارة.\n\n"
		"ثالثاً، لم يكن الوفد حاضراً في المحادثات.\n", ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "Meeting") &&
	   !has_finding(al, FINDING_NAME_ONE_SIDE, "Second") &&
	   !has_finding(al, FINDING_NAME_ONE_SIDE, "Third"),
	   "sentence-initial capitalised words are no one-sided names");
	ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "Scholz"), "Scholz is written شولتس on the other side");
	ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "Mohammed"), "Mohammed is written محمد on the other side");
	ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "Olaf"), "Olaf is written أولاف on the other side");
	free_pair(al, a, b);

	/* a sentence-initial word that the text capitalises mid-sentence too
	 * is a name: left out on the other side, it is reported */
	al = align_texts(&a, &b,
		"The minister met Benali in the capital on Friday afternoon.\n\n"
		"Benali then left for the airport with his two advisers.\n",
		"التقى الوزير بنعلي في العاصمة بعد ظهر يوم الجمعة.\n\n"
		"ثم غادر إلى المطار مع مستشاريه الاثنين.\n", ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(has_finding(al, FINDING_NAME_ONE_SIDE, "Benali only in A"),
	   "a name capitalised mid-sentence elsewhere is reported at a sentence start");
	free_pair(al, a, b);

	/* Dupont written دوبون: no finding; left out: a finding */
	static const char fr[] =
		"Selon le docteur Jean Dupont, la situation reste sous contrôle dans la région.\n\n"
		"Les hôpitaux de Lyon ont ouvert 40 lits supplémentaires cette semaine.\n";
	al = align_texts(&a, &b, fr,
		"وفقاً للطبيب جان دوبون، فإن الوضع لا يزال تحت السيطرة في المنطقة.\n\n"
		"فتحت مستشفيات ليون 40 سريراً إضافياً هذا الأسبوع.\n", ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "Dupont"), "Dupont is written دوبون on the other side");
	free_pair(al, a, b);
	al = align_texts(&a, &b, fr,
		"وفقاً للطبيب جان، فإن الوضع لا يزال تحت السيطرة في المنطقة.\n\n"
		"فتحت مستشفيات ليون 40 سريراً إضافياً هذا الأسبوع.\n", ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(has_finding(al, FINDING_NAME_ONE_SIDE, "Dupont only in A"),
	   "Dupont left out of the translation is reported");
	free_pair(al, a, b);

	/* Hebrew פ is p and f; a Persian compound's parts each may be a name */
	al = align_texts(&a, &b,
		"The bridge was designed by the engineer Fogel before the war.\n",
		"את הגשר תכנן המהנדס פוגל לפני המלחמה.\n", ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "Fogel"),
	   "Fogel is written with פ (f) on the other side");
	free_pair(al, a, b);
	al = align_texts(&a, &b,
		"Farmers said the level of the Karkheh river fell again this summer.\n",
		"کشاورزان گفتند سطح آب کرخه\u200cرود تابستان امسال دوباره پایین آمد.\n",
		ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "Karkheh"),
	   "Karkheh is the first part of the compound کرخه\u200cرود");
	free_pair(al, a, b);

	/* a place written by its adjective: Lyon, l'agglomération lyonnaise */
	al = align_texts(&a, &b,
		"Bus drivers in the Lyon area stopped work for two hours on Friday.\n",
		"Les chauffeurs de bus de l'agglomération lyonnaise ont cessé le travail vendredi.\n",
		ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "Lyon"), "Lyon is written lyonnaise on the other side");
	free_pair(al, a, b);

	/* the silent gh of -ight; an Arabic article fused to a Latin name */
	al = align_texts(&a, &b,
		"The song was written by Tom Wright during a long winter.\n",
		"این ترانه را تام رایت در یک زمستان طولانی نوشت.\n", ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "Wright"), "Wright is written رایت, its gh unsaid");
	free_pair(al, a, b);
	al = align_texts(&a, &b,
		"Tourists queued for hours outside the Alcazar on Sunday.\n",
		"گردشگران روز یکشنبه ساعت\u200cها بیرون قصر صف کشیدند.\n", ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "Alcazar"),
	   "Alcazar is قصر with the Arabic article fused to it");
	free_pair(al, a, b);

	/* French reads a final -ault as o: Perrault is פרו */
	al = align_texts(&a, &b,
		"The old tales collected by Perrault were read aloud at the festival.\n",
		"את האגדות הישנות שאסף פרו הקריאו בקול בפסטיבל.\n", ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "Perrault"),
	   "Perrault is written פרו, its silent ending left out");
	free_pair(al, a, b);

	/* a preposition is no spelling of a name: Huber left out is reported
	 * though برای (for) has its consonants */
	al = align_texts(&a, &b,
		"The report was written by Anna Huber for the ministry.\n",
		"این گزارش را آنا برای وزارتخانه نوشت.\n", ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(has_finding(al, FINDING_NAME_ONE_SIDE, "Huber only in A"),
	   "Huber left out is reported, برای is no spelling of it");
	free_pair(al, a, b);

	/* a month alone is a date after a preposition of time or in the two
	 * Arabic forms; only a different month is a finding */
	al = align_texts(&a, &b,
		"The protests in the port began in March and spread to the capital.\n",
		"بدأت الاحتجاجات في الميناء في أبريل/نيسان وامتدت إلى العاصمة.\n",
		ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(has_finding(al, FINDING_DATE_MISMATCH, "March"), "March against أبريل/نيسان is a date finding");
	free_pair(al, a, b);
	al = align_texts(&a, &b,
		"The protests in the port began in March and spread to the capital.\n",
		"بدأت الاحتجاجات في الميناء في مارس/آذار وامتدت إلى العاصمة.\n",
		ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(!has_finding(al, FINDING_DATE_MISMATCH, "March"), "March is مارس/آذار: no finding");
	free_pair(al, a, b);
	al = align_texts(&a, &b,
		"The protests in the port began in March and spread to the capital.\n",
		"بدأت الاحتجاجات في الميناء وامتدت إلى العاصمة.\n",
		ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(!has_finding(al, FINDING_DATE_MISMATCH, "March"), "a month alone left out is no finding");
	free_pair(al, a, b);

	/* acronyms and titles are no names: a translation spells them out */
	al = align_texts(&a, &b,
		"The FNSEA union said the minister would meet its leaders in Rouen.\n\n"
		"Dr Laurent Girard, who chairs Girard Co, called the offer a good start.\n",
		"Le syndicat des agriculteurs a dit que le ministre rencontrerait ses chefs à Rouen.\n\n"
		"Le docteur Laurent Girard, qui préside la société Girard, a salué une offre.\n",
		ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "FNSEA"), "an acronym spelled out is no one-sided name");
	ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "Dr only") &&
	   !has_finding(al, FINDING_NAME_ONE_SIDE, "Co only"),
	   "titles and abbreviations (Dr, Co) are no one-sided names");
	free_pair(al, a, b);
	al = align_texts(&a, &b,
		"Speaking in Nantes, Claire Morel said the talks would resume.\n",
		"À Nantes, Mme Morel a dit que les négociations reprendraient.\n",
		ALIGN_PARALLEL, NULL);
	diag_findings(al);
	ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "Mme"), "Mme is a title, no one-sided name");
	ok(has_finding(al, FINDING_NAME_ONE_SIDE, "Claire only in A"),
	   "the first name the translation left out is still reported");
	free_pair(al, a, b);

	/* capitalised common nouns and demonyms: the dictionary's word */
	struct lexicon *lx = lexicon_open(NULL);
	if (lexicon_covers(lx, "fr") && lexicon_covers(lx, "ar") && lexicon_covers(lx, "en")) {
		al = align_texts(&a, &b,
			"Le ministère de la Santé a annoncé mardi 12 nouveaux cas de grippe.\n",
			"أعلنت وزارة الصحة يوم الثلاثاء عن 12 حالة إنفلونزا جديدة.\n",
			ALIGN_PARALLEL, lx);
		diag_findings(al);
		ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "Santé"),
		   "Santé of ministère de la Santé is a common noun");
		free_pair(al, a, b);
		al = align_texts(&a, &b,
			"The British delegation was not present at the talks on Monday.\n",
			"لم يكن الوفد البريطاني حاضراً في المحادثات يوم الاثنين.\n",
			ALIGN_PARALLEL, lx);
		diag_findings(al);
		ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "British"),
		   "British is translated البريطاني");
		is_str(strcmp(al->lexicon, "none") ? "named" : "none", "named",
		       "the alignment names the lexicon it used");
		free_pair(al, a, b);
		/* eng-ara capitalises every headword: its Arabic with the
		 * article (المجلس) says a common noun; a name (Thomas, توماس)
		 * has none */
		al = align_texts(&a, &b,
			"A spokesman said the regional Council would meet again in the spring.\n\n"
			"The plan was drawn up by the engineer Thomas and his team.\n",
			"سخنگو گفت که شورای منطقه‌ای در بهار دوباره تشکیل جلسه خواهد داد.\n\n"
			"این طرح توسط مهندس و گروهش تهیه شد.\n",
			ALIGN_PARALLEL, lx);
		diag_findings(al);
		ok(!has_finding(al, FINDING_NAME_ONE_SIDE, "Council"),
		   "Council, المجلس in the Arabic dictionary, is a common noun");
		ok(has_finding(al, FINDING_NAME_ONE_SIDE, "Thomas only in A"),
		   "Thomas, توماس in the Arabic dictionary, is still a name");
		free_pair(al, a, b);
	} else {
		ok(true, "Council is a common noun # SKIP no fr/ar/en dictionary");
		ok(true, "Thomas is still a name # SKIP no fr/ar/en dictionary");
		ok(true, "Santé of ministère de la Santé is a common noun # SKIP no fr/ar/en dictionary");
		ok(true, "British is translated البريطاني # SKIP no fr/ar/en dictionary");
		ok(true, "the alignment names the lexicon it used # SKIP no fr/ar/en dictionary");
	}
	lexicon_free(lx);
}

/* Comparable mode: a shared anchor tells as much as it is rare on both
 * sides; numbers are compared only across surely linked blocks. */
static void
test_comparable_evidence(void)
{
	struct doc *a, *b;
	struct alignment *al;
	/* Kaspersky and Moscow are in every block of both: the topic */
	static const char ta[] =
		"The Kaspersky ban\n\n"
		"Kaspersky in Moscow: the sales ban takes effect on 20 July for every customer.\n\n"
		"Kaspersky in Moscow said its engineers had worked for the company since 1997.\n\n"
		"Kaspersky in Moscow will keep updating existing products until 29 September.\n\n"
		"Kaspersky in Moscow employs 4400 people across the world today.\n";
	static const char tb[] =
		"Interdiction de Kaspersky\n\n"
		"Kaspersky à Moscou ne fournira plus de mises à jour après le 29 septembre.\n\n"
		"Kaspersky à Moscou emploie 4000 personnes dans le monde selon Reuters.\n\n"
		"Kaspersky à Moscou a vu ses ventes baisser en Allemagne et en Italie.\n";

	al = align_texts(&a, &b, ta, tb, ALIGN_COMPARABLE, NULL);
	for (size_t k = 0; k < al->nlinks; k++)
		diag("link %zu-%zu %.2f", al->links[k].a, al->links[k].b, al->links[k].score);
	diag_findings(al);
	ok(has_link(al, 7, 3), "a date each side gives once links its blocks");
	ok(!has_link(al, 3, 7) && !has_link(al, 5, 7) && !has_link(al, 7, 7) && !has_link(al, 9, 7),
	   "topic words alone (in every block of both) link nothing");
	ok(is_only(al, ALIGN_SIDE_B, 7), "the block sharing only the topic is only in B");
	/* 4400 against 4000: each block's lone number, but the blocks share
	 * nothing else: no finding */
	ok(!has_finding(al, FINDING_NUMBER_MISMATCH, "4400"),
	   "a number is not compared across blocks that are not surely linked");
	free_pair(al, a, b);

	/* the same fact with a changed number, surely linked by a rare name
	 * and a date */
	al = align_texts(&a, &b,
		"Kaspersky in Moscow: the sales ban takes effect on 20 July for every customer.\n\n"
		"Raimondo said on 20 June that 4400 jobs were at risk.\n",
		"Kaspersky à Moscou: l'interdiction prend effet le 20 juillet pour tous.\n\n"
		"Raimondo a déclaré le 20 juin que 4000 emplois étaient menacés.\n",
		ALIGN_COMPARABLE, NULL);
	diag_findings(al);
	ok(has_finding(al, FINDING_NUMBER_MISMATCH, "number: 4400 in A, 4000 in B"),
	   "a surely linked block's lone differing number is reported");
	free_pair(al, a, b);
}

/* Auto mode's choice between parallel and comparable. */
static void
test_auto_choice(void)
{
	ok(align_auto_parallel(0.75, 10, 30, 0.7), "a fit above the threshold: parallel");
	ok(align_auto_parallel(0.64, 20, 21, 0.7),
	   "near-equal block counts and a fit of 0.64: parallel (a translation with omissions)");
	ok(!align_auto_parallel(0.64, 20, 40, 0.7), "a fit of 0.64 and twice the blocks: comparable");
	ok(!align_auto_parallel(0.4, 20, 20, 0.7), "equal counts but a poor fit: comparable");
	ok(!align_auto_parallel(0.0, 0, 0, 0.7), "nothing at all: comparable");
}

int
main(void)
{
	test_dp();
	test_parallel_pair();
	test_findings();
	test_corpus();
	test_name_findings();
	test_comparable_evidence();
	test_auto_choice();
	return done_testing();
}
