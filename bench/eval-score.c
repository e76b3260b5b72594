/* The evaluation scorer of `make bench`: generates the evaluation pairs,
 * runs a qarin program on each (`--compare --align=MODE --format=json`) and
 * scores its links against the gold alignment (precision, recall, F1,
 * omissions found, calibration of the confident links) and its findings on
 * the review pairs against the planted changes; prints the figures per
 * language pair and overall, next to a baseline, with the targets. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "eval-set.h"
#include "text/lib.h"

#define NONE ((size_t)-1)

/* Targets of the comparison (bench/eval/GENERATED says where they apply). */
#define TARGET_COMPARABLE_PRECISION 0.9
#define TARGET_COMPARABLE_RECALL 0.5
#define TARGET_PARALLEL_F1 0.95
#define TARGET_CALIBRATION 0.9
#define TARGET_FALSE_FINDINGS 0.1
/* A link this confident or more counts in the calibration. */
#define CONFIDENT_SCORE 0.5

/* One pair of the generated set (strings owned). */
struct pair {
	char *name, *set, *langs, *a, *b, *gold; /* a, b, gold: paths */
};

/* The counts behind one row of figures: a set, a mode, a language pair
 * ("all" for the sum over them). */
struct row {
	char set[24], mode[16], langs[16];
	size_t pairs;
	size_t gold_links, pred_links, right_links; /* (a, b) block pairs */
	size_t gold_omit, found_omit;               /* A blocks with no counterpart */
	size_t conf_links, conf_right;              /* links scored >= CONFIDENT_SCORE */
	size_t findings, false_findings;            /* review pairs */
	size_t planted, found_planted;
};

struct table {
	struct row *v; /* owned */
	size_t n;
};

/* One run of qarin on a pair. */
struct job {
	const struct pair *pair; /* borrowed */
	const char *mode;        /* "parallel", "auto" or "comparable" */
	char *out, *err;         /* owned: where its output goes */
	pid_t pid;
	int status;
};

/* What qarin printed, reduced to what is scored. */
struct link_out {
	size_t a, b;
	double score;
	bool only_a;
};
struct finding_out {
	char kind[16];
	size_t a, b;
};
struct result {
	size_t blocks_a, blocks_b;
	struct link_out *links; /* owned */
	size_t nlinks;
	struct finding_out *findings; /* owned */
	size_t nfindings;
};

/* A pair's gold file. */
struct change {
	size_t line; /* 1-based source line */
	char kind[16];
	bool found;
};
struct gold {
	size_t blocks_a, blocks_b;
	size_t (*links)[2]; /* owned */
	size_t nlinks;
	size_t *omit;       /* owned */
	size_t nomit;
	struct change *changes; /* owned */
	size_t nchanges;
};

/* The row of (set, mode, langs), added with zero counts when missing. */
static struct row *
table_row(struct table *t, const char *set, const char *mode, const char *langs)
{
	for (size_t k = 0; k < t->n; k++)
		if (!strcmp(t->v[k].set, set) && !strcmp(t->v[k].mode, mode) &&
		    !strcmp(t->v[k].langs, langs))
			return &t->v[k];
	t->v = xreallocarray(t->v, t->n + 1, sizeof *t->v);
	struct row *r = &t->v[t->n++];
	memset(r, 0, sizeof *r);
	snprintf(r->set, sizeof r->set, "%s", set);
	snprintf(r->mode, sizeof r->mode, "%s", mode);
	snprintf(r->langs, sizeof r->langs, "%s", langs);
	return r;
}

/* The row if present, else NULL (a baseline may lack a row). */
static const struct row *
table_find(const struct table *t, const char *set, const char *mode, const char *langs)
{
	for (size_t k = 0; k < t->n; k++)
		if (!strcmp(t->v[k].set, set) && !strcmp(t->v[k].mode, mode) &&
		    !strcmp(t->v[k].langs, langs))
			return &t->v[k];
	return NULL;
}

/* Adds the counts of r into sum. */
static void
row_add(struct row *sum, const struct row *r)
{
	sum->pairs += r->pairs;
	sum->gold_links += r->gold_links;
	sum->pred_links += r->pred_links;
	sum->right_links += r->right_links;
	sum->gold_omit += r->gold_omit;
	sum->found_omit += r->found_omit;
	sum->conf_links += r->conf_links;
	sum->conf_right += r->conf_right;
	sum->findings += r->findings;
	sum->false_findings += r->false_findings;
	sum->planted += r->planted;
	sum->found_planted += r->found_planted;
}

/* num / den, or -1 (printed "-") when den is 0. */
static double
ratio(size_t num, size_t den)
{
	return den ? (double)num / (double)den : -1;
}

/* The share of predicted links that are gold links. */
static double
row_precision(const struct row *r)
{
	return ratio(r->right_links, r->pred_links);
}

/* The share of gold links predicted. */
static double
row_recall(const struct row *r)
{
	return ratio(r->right_links, r->gold_links);
}

/* The harmonic mean of precision and recall; 0 when nothing is right. */
static double
row_f1(const struct row *r)
{
	double p = row_precision(r), q = row_recall(r);

	if (p < 0 || q < 0)
		return -1;
	return p + q > 0 ? 2 * p * q / (p + q) : 0;
}

/* Writes a figure in [0, 1] with three decimals, or "-". */
static void
put_figure(struct strbuf *sb, double v)
{
	if (v < 0)
		strbuf_printf(sb, " %6s", "-");
	else
		strbuf_printf(sb, " %6.3f", v);
}

/* Splits a line at tabs in place; returns the field count (at most max). */
static size_t
split_tabs(char *s, char **f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		f[n++] = s;
		s = strchr(s, '\t');
		if (s == NULL)
			break;
		*s++ = '\0';
	}
	return n;
}

/* Reads OUT/pairs.tsv; -1 with a message. */
static int
pairs_read(const char *out_dir, struct pair **pairs, size_t *npairs)
{
	struct strbuf path = STRBUF_INIT;
	struct eval_lines l;

	*pairs = NULL;
	*npairs = 0;
	strbuf_printf(&path, "%s/pairs.tsv", out_dir);
	int rc = eval_lines_read(path.data, &l);
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		char *f[6];
		if (l.v[i][0] == '#' || l.v[i][0] == '\0')
			continue;
		if (split_tabs(l.v[i], f, 6) != 6) {
			fprintf(stderr, "eval-score: %s:%zu: not 6 fields\n", path.data, i + 1);
			rc = -1;
			break;
		}
		*pairs = xreallocarray(*pairs, *npairs + 1, sizeof **pairs);
		struct pair *p = &(*pairs)[(*npairs)++];
		struct strbuf s = STRBUF_INIT;
		p->name = xstrdup(f[0]);
		p->set = xstrdup(f[1]);
		p->langs = xstrdup(f[2]);
		strbuf_printf(&s, "%s/%s", out_dir, f[3]);
		p->a = strbuf_steal(&s);
		strbuf_printf(&s, "%s/%s", out_dir, f[4]);
		p->b = strbuf_steal(&s);
		strbuf_printf(&s, "%s/%s", out_dir, f[5]);
		p->gold = strbuf_steal(&s);
	}
	eval_lines_free(&l);
	strbuf_free(&path);
	return rc;
}

/* Reads a gold file; -1 with a message. */
static int
gold_read(const char *path, struct gold *g)
{
	struct eval_lines l;

	memset(g, 0, sizeof *g);
	if (eval_lines_read(path, &l) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		char *f[5];
		if (l.v[i][0] == '#' || l.v[i][0] == '\0')
			continue;
		size_t n = split_tabs(l.v[i], f, 5);
		if (!strcmp(f[0], "blocks") && n == 3) {
			g->blocks_a = strtoul(f[1], NULL, 10);
			g->blocks_b = strtoul(f[2], NULL, 10);
		} else if (!strcmp(f[0], "link") && n == 3) {
			g->links = xreallocarray(g->links, g->nlinks + 1, sizeof *g->links);
			g->links[g->nlinks][0] = strtoul(f[1], NULL, 10);
			g->links[g->nlinks++][1] = strtoul(f[2], NULL, 10);
		} else if (!strcmp(f[0], "only-a") && n == 2) {
			g->omit = xreallocarray(g->omit, g->nomit + 1, sizeof *g->omit);
			g->omit[g->nomit++] = strtoul(f[1], NULL, 10);
		} else if (!strcmp(f[0], "change") && n >= 3) {
			g->changes = xreallocarray(g->changes, g->nchanges + 1, sizeof *g->changes);
			struct change *c = &g->changes[g->nchanges++];
			c->line = strtoul(f[1], NULL, 10);
			snprintf(c->kind, sizeof c->kind, "%s", f[2]);
			c->found = false;
		} else {
			fprintf(stderr, "eval-score: %s:%zu: unknown line\n", path, i + 1);
			rc = -1;
		}
	}
	eval_lines_free(&l);
	return rc;
}

/* Frees what gold_read allocated. */
static void
gold_free(struct gold *g)
{
	free(g->links);
	free(g->omit);
	free(g->changes);
}

/* Whether (a, b) is a gold link. */
static bool
gold_has_link(const struct gold *g, size_t a, size_t b)
{
	for (size_t k = 0; k < g->nlinks; k++)
		if (g->links[k][0] == a && g->links[k][1] == b)
			return true;
	return false;
}

/* The 1-based source line of a finding: its A block's, or the gold
 * counterpart of its B block; 0 when neither is known. */
static size_t
gold_source_line(const struct gold *g, size_t a, size_t b)
{
	if (a != NONE)
		return a + 1;
	for (size_t k = 0; k < g->nlinks && b != NONE; k++)
		if (g->links[k][1] == b)
			return g->links[k][0] + 1;
	return 0;
}

/* The value of "key": in a JSON line of qarin's report: a block index (NONE
 * for null) or a number; NULL when absent. The keys come before any string
 * holding user text on the line, and a quote inside a string is escaped, so
 * the first match is the field. */
static const char *
json_value(const char *line, const char *key)
{
	char pat[48];

	snprintf(pat, sizeof pat, "\"%s\": ", key);
	const char *p = strstr(line, pat);
	return p ? p + strlen(pat) : NULL;
}

/* A block index field: NONE for null or absent. */
static size_t
json_block(const char *line, const char *key)
{
	const char *v = json_value(line, key);

	return v == NULL || *v == 'n' ? NONE : strtoul(v, NULL, 10);
}

/* A string field copied into buf ("" when absent). */
static void
json_string(const char *line, const char *key, char *buf, size_t size)
{
	const char *v = json_value(line, key);
	size_t n = 0;

	if (v != NULL && *v == '"')
		for (v++; v[n] && v[n] != '"' && n + 1 < size; n++)
			buf[n] = v[n];
	buf[n] = '\0';
}

/* Reads qarin's JSON report (one link or finding per line); -1 when it is
 * not one. */
static int
result_read(const char *path, struct result *r)
{
	struct eval_lines l;
	bool closed = false;

	memset(r, 0, sizeof *r);
	r->blocks_a = r->blocks_b = NONE;
	if (eval_lines_read(path, &l) < 0)
		return -1;
	for (size_t i = 0; i < l.n; i++) {
		const char *s = l.v[i];
		char kind[16];
		if (!strncmp(s, "  \"a\": ", 7))
			r->blocks_a = json_block(s, "blocks");
		else if (!strncmp(s, "  \"b\": ", 7))
			r->blocks_b = json_block(s, "blocks");
		else if (!strncmp(s, "    {\"status\": ", 15)) {
			r->links = xreallocarray(r->links, r->nlinks + 1, sizeof *r->links);
			struct link_out *o = &r->links[r->nlinks++];
			json_string(s, "status", kind, sizeof kind);
			o->a = json_block(s, "a_block");
			o->b = json_block(s, "b_block");
			const char *v = json_value(s, "score");
			o->score = v ? strtod(v, NULL) : 0;
			o->only_a = !strcmp(kind, "only-a");
		} else if (!strncmp(s, "    {\"kind\": ", 13)) {
			r->findings = xreallocarray(r->findings, r->nfindings + 1, sizeof *r->findings);
			struct finding_out *o = &r->findings[r->nfindings++];
			json_string(s, "kind", o->kind, sizeof o->kind);
			o->a = json_block(s, "a_block");
			o->b = json_block(s, "b_block");
		} else if (!strcmp(s, "}"))
			closed = true;
	}
	eval_lines_free(&l);
	return closed && r->blocks_a != NONE && r->blocks_b != NONE ? 0 : -1;
}

/* Frees what result_read allocated. */
static void
result_free(struct result *r)
{
	free(r->links);
	free(r->findings);
}

/* Whether the run linked (a, b). */
static bool
result_has_link(const struct result *r, size_t a, size_t b)
{
	for (size_t i = 0; i < r->nlinks; i++)
		if (r->links[i].a == a && r->links[i].b == b)
			return true;
	return false;
}

/* Scores the links of one run: each distinct (a, b) once; lists what is
 * wrong or missed on list (NULL: not), each line starting with what. */
static void
score_links(struct row *row, const struct gold *g, const struct result *r, FILE *list,
	    const char *what)
{
	row->gold_links += g->nlinks;
	row->gold_omit += g->nomit;
	for (size_t i = 0; i < r->nlinks; i++) {
		const struct link_out *l = &r->links[i];
		if (l->a == NONE || l->b == NONE)
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = r->links[k].a == l->a && r->links[k].b == l->b;
		if (seen)
			continue;
		bool right = gold_has_link(g, l->a, l->b);
		if (!right && list)
			fprintf(list, "%s: wrong link, blocks %zu-%zu (score %.3f)\n", what, l->a, l->b,
				l->score);
		row->pred_links++;
		row->right_links += right;
		if (l->score >= CONFIDENT_SCORE) {
			row->conf_links++;
			row->conf_right += right;
		}
	}
	for (size_t k = 0; k < g->nlinks && list; k++)
		if (!result_has_link(r, g->links[k][0], g->links[k][1]))
			fprintf(list, "%s: missed link, blocks %zu-%zu\n", what, g->links[k][0],
				g->links[k][1]);
	for (size_t k = 0; k < g->nomit; k++) {
		bool found = false;
		for (size_t i = 0; i < r->nlinks && !found; i++)
			found = r->links[i].only_a && r->links[i].a == g->omit[k];
		row->found_omit += found;
		if (!found && list)
			fprintf(list, "%s: A block %zu not reported only in A\n", what, g->omit[k]);
	}
}

/* The planted-change kind a finding kind reports: an unaligned block is an
 * omitted sentence; length and untranslated findings report none. */
static const char *
finding_change_kind(const char *finding)
{
	if (!strcmp(finding, "number") || !strcmp(finding, "date") || !strcmp(finding, "name"))
		return finding;
	if (!strcmp(finding, "unaligned"))
		return "omitted";
	return "";
}

/* Scores the findings of a review run: a finding is right when a planted
 * change of its kind is on its source line; lists the false findings and the
 * changes missed on list (NULL: not). */
static void
score_findings(struct row *row, struct gold *g, const struct result *r, FILE *list,
	       const char *what)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding_out *f = &r->findings[i];
		size_t line = gold_source_line(g, f->a, f->b);
		const char *kind = finding_change_kind(f->kind);
		bool right = false;
		for (size_t k = 0; k < g->nchanges; k++)
			if (g->changes[k].line == line && !strcmp(g->changes[k].kind, kind))
				right = g->changes[k].found = true;
		row->findings++;
		row->false_findings += !right;
		if (!right && list)
			fprintf(list, "%s: false finding, %s on line %zu\n", what, f->kind, line);
	}
	row->planted += g->nchanges;
	for (size_t k = 0; k < g->nchanges; k++) {
		row->found_planted += g->changes[k].found;
		if (!g->changes[k].found && list)
			fprintf(list, "%s: planted change missed, %s on line %zu\n", what,
				g->changes[k].kind, g->changes[k].line);
	}
}

/* The modes a set is measured in, NULL-terminated. */
static const char *const *
set_modes(const char *set)
{
	static const char *const parallel[] = { "parallel", NULL };
	static const char *const perturbed[] = { "parallel", "auto", NULL };
	static const char *const reports[] = { "auto", "comparable", NULL };
	static const char *const review[] = { "auto", NULL };

	if (!strcmp(set, "clean"))
		return parallel;
	if (!strcmp(set, "perturbed"))
		return perturbed;
	if (!strncmp(set, "two-reports", 11)) /* and two-reports-near */
		return reports;
	if (!strcmp(set, "review"))
		return review;
	return parallel + 1;
}

/* Starts qarin on a job, its output and errors to files. */
static int
job_start(struct job *j, const char *qarin)
{
	char align[32];

	snprintf(align, sizeof align, "--align=%s", j->mode);
	fflush(NULL);
	j->pid = fork();
	if (j->pid < 0) {
		fprintf(stderr, "eval-score: fork: %s\n", strerror(errno));
		return -1;
	}
	if (j->pid == 0) {
		int o = open(j->out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		int e = open(j->err, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
			_exit(126);
		execl(qarin, qarin, "--compare", align, "--format=json", j->pair->a, j->pair->b,
		      (char *)NULL);
		fprintf(stderr, "eval-score: %s: %s\n", qarin, strerror(errno));
		_exit(127);
	}
	return 0;
}

/* Runs every job, at most njobs at a time; -1 when one could not start. */
static int
jobs_run(struct job *jobs, size_t n, const char *qarin, size_t njobs)
{
	size_t next = 0, running = 0;
	int rc = 0;

	while (next < n || running > 0) {
		if (next < n && running < njobs && rc == 0) {
			if (job_start(&jobs[next++], qarin) < 0)
				rc = -1;
			else
				running++;
			continue;
		}
		if (running == 0)
			break;
		int st;
		pid_t pid = wait(&st);
		if (pid < 0)
			break;
		for (size_t k = 0; k < next; k++)
			if (jobs[k].pid == pid)
				jobs[k].status = st;
		running--;
	}
	return rc;
}

/* Whether a pair and mode are among those asked for (--only SET or MODE; a
 * set includes those whose name it starts: two-reports-near in two-reports). */
static bool
wanted(const char *only, const char *set, const char *mode)
{
	return only == NULL || !strncmp(set, only, strlen(only)) || !strcmp(only, mode);
}

/* Scores one finished job into its row of t; -1 when the run failed or its
 * blocks are not the gold's (block k must be sentence k). */
static int
job_score(const struct job *j, struct table *t, FILE *list)
{
	char what[320];
	struct gold g;
	struct result r;
	int rc = 0;

	if (!WIFEXITED(j->status) || WEXITSTATUS(j->status) != 0) {
		fprintf(stderr, "eval-score: %s --align=%s failed (see %s)\n", j->pair->name, j->mode,
			j->err);
		return -1;
	}
	if (gold_read(j->pair->gold, &g) < 0)
		return -1;
	if (result_read(j->out, &r) < 0) {
		fprintf(stderr, "eval-score: %s: not a JSON report of --compare\n", j->out);
		rc = -1;
	} else if (r.blocks_a != g.blocks_a || r.blocks_b != g.blocks_b) {
		fprintf(stderr, "eval-score: %s: qarin sees %zu/%zu blocks, the gold %zu/%zu\n",
			j->pair->name, r.blocks_a, r.blocks_b, g.blocks_a, g.blocks_b);
		rc = -1;
	} else {
		struct row *row = table_row(t, j->pair->set, j->mode, j->pair->langs);
		row->pairs++;
		snprintf(what, sizeof what, "%s --align=%s", j->pair->name, j->mode);
		if (!strcmp(j->pair->set, "review"))
			score_findings(row, &g, &r, list, what);
		else
			score_links(row, &g, &r, list, what);
	}
	result_free(&r);
	gold_free(&g);
	return rc;
}

/* Adds the "all" row of every (set, mode): the sum over language pairs. */
static void
table_add_totals(struct table *t)
{
	size_t n = t->n;

	for (size_t k = 0; k < n; k++) {
		struct row r = t->v[k];
		if (!strcmp(r.langs, "all"))
			continue;
		row_add(table_row(t, r.set, r.mode, "all"), &r);
	}
}

/* qsort order: set, then mode, then language pair with "all" last. */
static int
row_order(const void *x, const void *y)
{
	static const char *const sets[] = { "clean", "perturbed", "two-reports", "two-reports-near",
						    "review" };
	const struct row *p = x, *q = y;
	int sp = 5, sq = 5;

	for (int k = 0; k < 5; k++) {
		if (!strcmp(p->set, sets[k]))
			sp = k;
		if (!strcmp(q->set, sets[k]))
			sq = k;
	}
	if (sp != sq)
		return sp - sq;
	int c = strcmp(p->set, q->set);
	if (c == 0)
		c = -strcmp(p->mode, q->mode); /* parallel before comparable before auto */
	if (c == 0)
		c = !strcmp(p->langs, "all") - !strcmp(q->langs, "all");
	if (c == 0)
		c = strcmp(p->langs, q->langs);
	return c;
}

/* The calibration over every link row (not the totals, not review pairs). */
static double
table_calibration(const struct table *t)
{
	size_t n = 0, right = 0;

	for (size_t k = 0; k < t->n; k++)
		if (strcmp(t->v[k].langs, "all") && strcmp(t->v[k].set, "review")) {
			n += t->v[k].conf_links;
			right += t->v[k].conf_right;
		}
	return ratio(right, n);
}

/* The columns of the TSV form (--tsv, and a baseline file). */
static const char tsv_header[] =
	"set\tmode\tlangs\tpairs\tgold_links\tpred_links\tright_links\tgold_omit\tfound_omit\t"
	"conf_links\tconf_right\tfindings\tfalse_findings\tplanted\tfound_planted\n";

/* The counts of every row, to be read back as a baseline. */
static void
table_print_tsv(FILE *out, const struct table *t)
{
	fputs(tsv_header, out);
	for (size_t k = 0; k < t->n; k++) {
		const struct row *r = &t->v[k];
		fprintf(out, "%s\t%s\t%s\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\n",
			r->set, r->mode, r->langs, r->pairs, r->gold_links, r->pred_links,
			r->right_links, r->gold_omit, r->found_omit, r->conf_links, r->conf_right,
			r->findings, r->false_findings, r->planted, r->found_planted);
	}
}

/* Reads a table written by table_print_tsv ('#' lines are comments); -1
 * with a message. */
static int
table_read_tsv(const char *path, struct table *t)
{
	struct eval_lines l;

	if (eval_lines_read(path, &l) < 0)
		return -1;
	for (size_t i = 0; i < l.n; i++) {
		char *f[15];
		if (l.v[i][0] == '#' || l.v[i][0] == '\0' || !strncmp(l.v[i], "set\t", 4))
			continue;
		if (split_tabs(l.v[i], f, 15) != 15) {
			fprintf(stderr, "eval-score: %s:%zu: not 15 fields\n", path, i + 1);
			eval_lines_free(&l);
			return -1;
		}
		struct row *r = table_row(t, f[0], f[1], f[2]);
		size_t *c[] = { &r->pairs, &r->gold_links, &r->pred_links, &r->right_links,
				&r->gold_omit, &r->found_omit, &r->conf_links, &r->conf_right,
				&r->findings, &r->false_findings, &r->planted, &r->found_planted };
		for (size_t k = 0; k < 12; k++)
			*c[k] = strtoul(f[3 + k], NULL, 10);
	}
	eval_lines_free(&l);
	return 0;
}

/* One row of link figures: precision, recall, F1, omissions found and
 * calibration. */
static void
put_link_figures(struct strbuf *sb, const struct row *r)
{
	put_figure(sb, row_precision(r));
	put_figure(sb, row_recall(r));
	put_figure(sb, row_f1(r));
	put_figure(sb, ratio(r->found_omit, r->gold_omit));
	put_figure(sb, ratio(r->conf_right, r->conf_links));
}

/* One row of review figures: findings, false ones, their rate, planted
 * changes found. */
static void
put_review_figures(struct strbuf *sb, const struct row *r)
{
	char found[32];

	snprintf(found, sizeof found, "%zu/%zu", r->found_planted, r->planted);
	strbuf_printf(sb, " %6zu %6zu", r->findings, r->false_findings);
	put_figure(sb, ratio(r->false_findings, r->findings));
	strbuf_printf(sb, " %7s", found);
}

/* The figures of every row, next to the baseline's row when there is one. */
static void
table_print_text(FILE *out, const struct table *t, const struct table *base)
{
	struct strbuf sb = STRBUF_INIT;
	bool review_head = false;

	fprintf(out, "%-16s %-10s %-6s %5s %6s %6s %6s %6s %6s%s\n", "set", "mode", "langs", "pairs",
	       "prec", "recall", "F1", "omitR", "calib", base ? "  | baseline: prec recall F1 omitR calib" : "");
	for (size_t k = 0; k < t->n; k++) {
		const struct row *r = &t->v[k], *b = base ? table_find(base, r->set, r->mode, r->langs) : NULL;
		bool review = !strcmp(r->set, "review");
		if (review && !review_head) {
			fprintf(out, "\n%-16s %-10s %-6s %5s %6s %6s %6s %7s%s\n", "set", "mode", "langs",
				"pairs", "finds", "false", "rate", "planted",
				base ? "  | baseline: finds false rate planted" : "");
			review_head = true;
		}
		strbuf_reset(&sb);
		strbuf_printf(&sb, "%-16s %-10s %-6s %5zu", r->set, r->mode, r->langs, r->pairs);
		if (review)
			put_review_figures(&sb, r);
		else
			put_link_figures(&sb, r);
		if (base) {
			strbuf_puts(&sb, "  |");
			if (b == NULL)
				strbuf_puts(&sb, " (none)");
			else if (review)
				put_review_figures(&sb, b);
			else
				put_link_figures(&sb, b);
		}
		fprintf(out, "%s\n", sb.data);
	}
	strbuf_free(&sb);
}

/* "PASS" or "MISS", or "n/a" when the figure could not be measured. */
static const char *
verdict(double v, double target, bool at_most)
{
	if (v < 0)
		return "n/a";
	return (at_most ? v <= target + 1e-9 : v >= target - 1e-9) ? "PASS" : "MISS";
}

/* One figure of the targets' table: now, baseline, verdict of now. */
static void
print_target(FILE *out, const char *what, double now, double base, bool has_base, double target,
	     bool at_most)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_printf(&sb, "%-46s", what);
	put_figure(&sb, now);
	if (has_base)
		put_figure(&sb, base);
	else
		strbuf_printf(&sb, " %6s", "");
	fprintf(out, "%s   %s\n", sb.data, verdict(now, target, at_most));
	strbuf_free(&sb);
}

/* The sum of the "all" rows of a mode over the sets whose name starts with
 * prefix (two-reports: with two-reports-near); zero counts when t is NULL. */
static struct row
rows_all(const struct table *t, const char *prefix, const char *mode)
{
	struct row sum = { .pairs = 0 };

	for (size_t k = 0; t != NULL && k < t->n; k++)
		if (!strncmp(t->v[k].set, prefix, strlen(prefix)) && !strcmp(t->v[k].mode, mode) &&
		    !strcmp(t->v[k].langs, "all"))
			row_add(&sum, &t->v[k]);
	return sum;
}

/* The targets of the comparison with the figures they are judged on. */
static void
print_targets(FILE *out, const struct table *t, const struct table *base)
{
	const struct row cmp_rows = rows_all(t, "two-reports", "comparable"), *cmp = &cmp_rows;
	const struct row bcmp_rows = rows_all(base, "two-reports", "comparable"), *bcmp = &bcmp_rows;
	const struct row par_rows = rows_all(t, "perturbed", "parallel"), *par = &par_rows;
	const struct row bpar_rows = rows_all(base, "perturbed", "parallel"), *bpar = &bpar_rows;
	const struct row rev_rows = rows_all(t, "review", "auto"), *rev = &rev_rows;
	const struct row brev_rows = rows_all(base, "review", "auto"), *brev = &brev_rows;
	bool hb = base != NULL;

	fprintf(out, "\n%-46s %6s %6s   %s\n", "target", "now", hb ? "base" : "", "verdict");
	print_target(out, "comparable precision >= 0.90 (two-reports)", row_precision(cmp),
		     row_precision(bcmp), hb, TARGET_COMPARABLE_PRECISION, false);
	print_target(out, "comparable recall >= 0.50 (two-reports)", row_recall(cmp),
		     row_recall(bcmp), hb, TARGET_COMPARABLE_RECALL, false);
	print_target(out, "parallel F1 >= 0.95 (perturbed)", row_f1(par), row_f1(bpar), hb,
		     TARGET_PARALLEL_F1, false);
	print_target(out, "calibration >= 0.90 (links scored >= 0.5)", table_calibration(t),
		     base ? table_calibration(base) : -1, hb, TARGET_CALIBRATION, false);
	print_target(out, "false findings <= 0.10 of findings (review)",
		     ratio(rev->false_findings, rev->findings),
		     ratio(brev->false_findings, brev->findings), hb, TARGET_FALSE_FINDINGS, true);
	print_target(out, "planted changes found = 1.00 (review)",
		     ratio(rev->found_planted, rev->planted),
		     ratio(brev->found_planted, brev->planted), hb, 1.0, false);
}

/* The usage message. */
static void
usage(FILE *out)
{
	fputs("usage: eval-score --qarin PATH [--data DIR] [--out DIR] [--only SET|MODE]\n"
	      "                  [--jobs N] [--baseline FILE] [--tsv] [--list]\n"
	      "  Generates the evaluation pairs from DIR (default bench/eval) into OUT\n"
	      "  (default bench/eval-out), runs PATH --compare on each and prints the\n"
	      "  figures and the targets, next to the figures of FILE when given.\n"
	      "  --only: one set (clean, perturbed, two-reports, two-reports-near, review;\n"
	      "  two-reports takes both) or one mode\n"
	      "  (parallel, auto, comparable); --jobs: runs at once (default 2);\n"
	      "  --tsv: the counts as TSV, the form of a baseline file; --list: first\n"
	      "  every wrong or missed link, omission not reported, false finding and\n"
	      "  planted change missed, one a line.\n", out);
}

int
main(int argc, char **argv)
{
	const char *qarin = NULL, *data = "bench/eval", *out = "bench/eval-out", *only = NULL;
	const char *baseline = NULL;
	size_t njobs = 2;
	bool tsv = false, list = false;

	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		const char **val = !strcmp(o, "--qarin") ? &qarin : !strcmp(o, "--data") ? &data
				 : !strcmp(o, "--out") ? &out : !strcmp(o, "--only") ? &only
				 : !strcmp(o, "--baseline") ? &baseline : NULL;
		if (val != NULL && i + 1 < argc)
			*val = argv[++i];
		else if (!strcmp(o, "--jobs") && i + 1 < argc)
			njobs = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(o, "--tsv"))
			tsv = true;
		else if (!strcmp(o, "--list"))
			list = true;
		else {
			usage(!strcmp(o, "--help") ? stdout : stderr);
			return !strcmp(o, "--help") ? 0 : 2;
		}
	}
	if (qarin == NULL || njobs == 0) {
		usage(stderr);
		return 2;
	}
	if (eval_generate(data, out) < 0)
		return 1;
	struct pair *pairs;
	size_t npairs;
	if (pairs_read(out, &pairs, &npairs) < 0)
		return 1;

	struct strbuf path = STRBUF_INIT;
	strbuf_printf(&path, "%s/runs", out);
	if (mkdir(path.data, 0777) < 0 && errno != EEXIST) {
		fprintf(stderr, "eval-score: %s: %s\n", path.data, strerror(errno));
		return 1;
	}
	struct job *jobs = NULL;
	size_t njob = 0;
	for (size_t p = 0; p < npairs; p++)
		for (const char *const *m = set_modes(pairs[p].set); *m; m++) {
			if (!wanted(only, pairs[p].set, *m))
				continue;
			jobs = xreallocarray(jobs, njob + 1, sizeof *jobs);
			struct job *j = &jobs[njob++];
			memset(j, 0, sizeof *j);
			j->pair = &pairs[p];
			j->mode = *m;
			strbuf_reset(&path);
			strbuf_printf(&path, "%s/runs/%s.%s.json", out, pairs[p].name, *m);
			j->out = xstrdup(path.data);
			strbuf_reset(&path);
			strbuf_printf(&path, "%s/runs/%s.%s.err", out, pairs[p].name, *m);
			j->err = xstrdup(path.data);
		}
	int failed = jobs_run(jobs, njob, qarin, njobs) < 0;
	struct table t = { 0 }, base = { 0 };
	for (size_t k = 0; k < njob; k++)
		failed |= job_score(&jobs[k], &t, list ? stdout : NULL) < 0;
	table_add_totals(&t);
	if (t.n > 1)
		qsort(t.v, t.n, sizeof *t.v, row_order);
	if (tsv) {
		table_print_tsv(stdout, &t);
	} else {
		bool has_base = baseline != NULL && table_read_tsv(baseline, &base) == 0;
		printf("qarin: %s; %zu pairs, %zu runs (%s)\n", qarin, npairs, njob, data);
		table_print_text(stdout, &t, has_base ? &base : NULL);
		print_targets(stdout, &t, has_base ? &base : NULL);
		printf("prec, recall, F1: links (A block, B block) against the gold; omitR: A blocks\n"
		       "with no counterpart reported only in A; calib: links scored >= 0.5 that are\n"
		       "right; review: findings on a line and of a kind with no planted change are\n"
		       "false; planted: changes with a finding of their kind on their line.\n");
	}
	for (size_t k = 0; k < njob; k++) {
		free(jobs[k].out);
		free(jobs[k].err);
	}
	free(jobs);
	for (size_t p = 0; p < npairs; p++) {
		free(pairs[p].name);
		free(pairs[p].set);
		free(pairs[p].langs);
		free(pairs[p].a);
		free(pairs[p].b);
		free(pairs[p].gold);
	}
	free(pairs);
	free(t.v);
	free(base.v);
	strbuf_free(&path);
	return failed;
}
