/* Unicode's LineBreakTest.txt through the layout's break finder
 * (layout_break_opportunities, UAX #14 by libunistring): every boundary
 * marked ÷ must allow a break and every one marked × must not. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "layout/lib.h"
#include "tap.h"

#define TEST_FILE "/usr/share/unicode/auxiliary/LineBreakTest.txt"
#define MAXN 128

/* Measured with libunistring 1.0 (UAX #14 of Unicode 14) on the Unicode
 * 15.0 file (Debian unicode-data 15.0.0). The failures, listed by the rule
 * the file cites, are libunistring's documented departures and its older
 * Unicode version, not the layout's: it keeps spaces that start the text or
 * follow a hard break with the next word (LB18 "lead"), it does not break
 * around U+FFFC (LB20, CB resolved as a letter), it applies the tailored
 * numeric rule of UAX #14 section 8.2 (999.0, LB25 around PO/PR/OP/CL/IS/NU),
 * and it predates small Unicode 15 changes (LB14 with CM/ZWJ, LB29/LB30). */
#define EXPECT_PASS 7300

struct rule_count {
	char rule[16];
	long n;
};

/* Counts a failure under its rule number. */
static void
count_rule(struct rule_count *rc, size_t *nrc, const char *rule)
{
	for (size_t i = 0; i < *nrc; i++)
		if (strcmp(rc[i].rule, rule) == 0) {
			rc[i].n++;
			return;
		}
	if (*nrc < 64) {
		snprintf(rc[*nrc].rule, sizeof rc[*nrc].rule, "%s", rule);
		rc[(*nrc)++].n = 1;
	}
}

/* Finds the rule cited for boundary k (0: before the first character). */
static void
rule_of(const char *comment, size_t k, char *out, size_t outsz)
{
	const char *p = comment;

	snprintf(out, outsz, "?");
	for (size_t i = 0; p != NULL; i++) {
		p = strchr(p, '[');
		if (p == NULL)
			return;
		if (i == k) {
			const char *e = strchr(p, ']');
			if (e != NULL)
				snprintf(out, outsz, "%.*s", (int)(e - p - 1), p + 1);
			return;
		}
		p++;
	}
}

int
main(void)
{
	FILE *f = fopen(TEST_FILE, "r");
	char line[4096];
	long total = 0, pass = 0;
	struct rule_count rc[64];
	size_t nrc = 0;

	if (f == NULL)
		skip_all(TEST_FILE " is absent (Debian package unicode-data)");
	while (fgets(line, sizeof line, f) != NULL) {
		char *hash = strchr(line, '#');
		const char *comment = hash ? hash + 1 : "";
		uint32_t cp[MAXN];
		bool brk_after[MAXN]; /* ÷ after cp[i] */
		size_t n = 0;

		if (hash == line || line[0] == '\n')
			continue;
		if (hash)
			*hash = '\0'; /* the comment lives on after the NUL */
		for (char *p = line; *p && n < MAXN;) {
			if (strncmp(p, "\xc3\xb7", 2) == 0) {        /* ÷ */
				if (n > 0)
					brk_after[n - 1] = true;
				p += 2;
			} else if (strncmp(p, "\xc3\x97", 2) == 0) { /* × */
				if (n > 0)
					brk_after[n - 1] = false;
				p += 2;
			} else if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'F')) {
				cp[n++] = (uint32_t)strtoul(p, &p, 16);
			} else {
				p++;
			}
		}
		if (n == 0)
			continue;
		char brk[MAXN];
		layout_break_opportunities(cp, n, brk);
		bool same = true;
		for (size_t i = 1; i < n; i++) {
			bool got = brk[i] != LAYOUT_BREAK_NONE;
			if (got != brk_after[i - 1]) {
				char rule[16];
				size_t j = i;
				rule_of(comment, i, rule, sizeof rule);
				while (j > 0 && cp[j - 1] == 0x20)
					j--;
				if (j < i && (j == 0 || cp[j - 1] == 0x0A || cp[j - 1] == 0x0B ||
					      cp[j - 1] == 0x0C || cp[j - 1] == 0x0D ||
					      cp[j - 1] == 0x85 || cp[j - 1] == 0x2028 ||
					      cp[j - 1] == 0x2029))
					snprintf(rule, sizeof rule, "%s", "18.0 lead");
				count_rule(rc, &nrc, rule);
				same = false;
			}
		}
		total++;
		pass += same;
	}
	fclose(f);
	diag("LineBreakTest.txt: %ld of %ld cases pass", pass, total);
	for (size_t i = 0; i < nrc; i++)
		diag("  boundaries failing under rule %s: %ld", rc[i].rule, rc[i].n);
	ok(total > 7000, "the file has its cases (%ld)", total);
	ok(pass >= EXPECT_PASS, "%ld of %ld pass (expected at least %d)", pass, total, EXPECT_PASS);
	return done_testing();
}
