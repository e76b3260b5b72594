/* The evaluation set of `make bench`: reading the hand-translated articles
 * (bench/eval/src, one sentence per line) and writing from them the pairs of
 * documents qarin compares, one sentence per block, each with its gold
 * alignment; shared by the generator and the scorer. */
#ifndef QARIN_BENCH_EVAL_SET_H
#define QARIN_BENCH_EVAL_SET_H

#include <stddef.h>
#include <stdint.h>

/* The lines of a text file, without their line ends (CR included). */
struct eval_lines {
	char *text;   /* owned: the file, cut in place at each line end */
	char **v;     /* owned array; the strings point into text */
	size_t n;
};

/* Reads path into lines; -1 with a message on standard error. */
int eval_lines_read(const char *path, struct eval_lines *out);
void eval_lines_free(struct eval_lines *l);

/* The seed every pair's pseudo-random choices start from (mixed with the
 * pair's name, so that adding an article changes no other pair). */
#define EVAL_SEED UINT64_C(0x13e7a15e5eed2025)

/* Writes the pairs of data_dir (holding src/ and maybe review/) into
 * out_dir: documents under out_dir/docs, a gold file per pair, and the list
 * of pairs out_dir/pairs.tsv. Returns the number of pairs, -1 on an error
 * (with a message). Articles whose languages disagree on the line count are
 * skipped with a warning. */
int eval_generate(const char *data_dir, const char *out_dir);

#endif
