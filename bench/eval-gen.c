/* The evaluation set's generator as a program: writes the pairs of
 * documents and their gold files (see bench/eval/GENERATED) from the
 * articles of a data folder; the scorer does the same before it scores. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "eval-set.h"

int
main(int argc, char **argv)
{
	if (argc != 3 || argv[1][0] == '-') {
		fputs("usage: eval-gen DATA-DIR OUT-DIR\n"
		      "  DATA-DIR holds src/NN-slug.LANG (and review/); the pairs, their gold\n"
		      "  files and the list OUT-DIR/pairs.tsv are written under OUT-DIR\n", stderr);
		return 2;
	}
	int n = eval_generate(argv[1], argv[2]);
	if (n < 0)
		return 1;
	printf("%d pairs in %s/pairs.tsv\n", n, argv[2]);
	return 0;
}
