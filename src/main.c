/* qarin's entry point: parses the command line, loads the documents through
 * the core, and runs one of the terminal-free modes (--dump, --outline). */
#include <config.h>

#include <getopt.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "qarin/doc.h"
#include "qarin/dump.h"
#include "qarin/outline.h"
#include "qarin/samples.h"
#include "qarin/width.h"
#include "qarin/xalloc.h"

/* Exit statuses: a public contract, shared by every mode. */
enum {
	EXIT_OK = 0,
	EXIT_NOMATCH = 1,
	EXIT_TROUBLE = 2,
};

enum mode {
	MODE_DEFAULT,
	MODE_DUMP,
	MODE_OUTLINE,
};

enum output_format {
	OUTPUT_TEXT,
	OUTPUT_TSV,
	OUTPUT_JSON,
};

/* Everything the command line decides. */
struct cli {
	enum mode mode;
	bool demo;
	bool side_by_side;
	int width;                  /* 0: terminal width, or 80 */
	struct layout_opts layout;
	struct doc_opts doc;
	enum output_format output;
	char **files;
	size_t nfiles;
};

enum {
	OPT_DUMP = 256,
	OPT_OUTLINE,
	OPT_WIDTH,
	OPT_DIR,
	OPT_SHAPE,
	OPT_ENCODING,
	OPT_FORMAT,
	OPT_SIDE_BY_SIDE,
	OPT_FORCE,
	OPT_DEMO,
};

static const struct option long_options[] = {
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "outline", no_argument, NULL, OPT_OUTLINE },
	{ "width", required_argument, NULL, OPT_WIDTH },
	{ "dir", required_argument, NULL, OPT_DIR },
	{ "shape", required_argument, NULL, OPT_SHAPE },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "side-by-side", no_argument, NULL, OPT_SIDE_BY_SIDE },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "demo", no_argument, NULL, OPT_DEMO },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void
usage(FILE *out)
{
	fputs(
"Usage: qarin [OPTION]... FILE...\n"
"       qarin --dump [--width=N] [--side-by-side] FILE...\n"
"       qarin --outline [--format=text|tsv] FILE...\n"
"       qarin --demo\n"
"Read articles in any language and script, right-to-left included, side by side.\n"
"A FILE of - reads standard input.\n"
"\n"
"Modes:\n"
"      --dump             print the documents as laid out, in visual order\n"
"      --outline          print each document's structure (articles, blocks)\n"
"      --demo             show the built-in sample articles side by side\n"
"\n"
"Layout:\n"
"      --width=N          output width in columns (default: the terminal's, or 80)\n"
"      --dir=auto|ltr|rtl paragraph base direction (default: auto, per paragraph)\n"
"      --shape=auto|on|off  Arabic shaping into presentation forms (default: auto = on)\n"
"      --side-by-side     with several files, print them as columns\n"
"\n"
"Input:\n"
"      --encoding=NAME    decode input as NAME (e.g. windows-1256) instead of detecting\n"
"      --format=txt|md|html  input format instead of guessing from name and content\n"
"      --force            read files that look binary (NUL bytes)\n"
"\n"
"Output:\n"
"      --format=text|tsv  output format of --outline\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"Exit status: 0 on success, 2 on error.\n", out);
}

/* Parses a positive integer option value; false when it is not one. */
static bool
parse_count(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1 || v > 100000)
		return false;
	*out = (int)v;
	return true;
}

/* Reads the command line into cli; returns -1 after printing a usage error. */
static int
cli_parse(struct cli *cli, int argc, char **argv)
{
	int c;

	cli->layout.dir = DIR_AUTO;
	cli->layout.shape = true;
	cli->layout.tabstop = 8;
	while ((c = getopt_long(argc, argv, "hV", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_DUMP: cli->mode = MODE_DUMP; break;
		case OPT_OUTLINE: cli->mode = MODE_OUTLINE; break;
		case OPT_DEMO: cli->demo = true; break;
		case OPT_SIDE_BY_SIDE: cli->side_by_side = true; break;
		case OPT_FORCE: cli->doc.decode.allow_binary = true; break;
		case OPT_ENCODING: cli->doc.decode.encoding = optarg; break;
		case OPT_WIDTH:
			if (!parse_count(optarg, &cli->width)) {
				fprintf(stderr, "qarin: --width: '%s' is not a positive number of columns\n", optarg);
				return -1;
			}
			break;
		case OPT_DIR:
			if (strcmp(optarg, "auto") == 0)
				cli->layout.dir = DIR_AUTO;
			else if (strcmp(optarg, "ltr") == 0)
				cli->layout.dir = DIR_LTR;
			else if (strcmp(optarg, "rtl") == 0)
				cli->layout.dir = DIR_RTL;
			else {
				fprintf(stderr, "qarin: --dir: '%s' is not auto, ltr or rtl\n", optarg);
				return -1;
			}
			break;
		case OPT_SHAPE:
			if (strcmp(optarg, "auto") == 0 || strcmp(optarg, "on") == 0)
				cli->layout.shape = true;
			else if (strcmp(optarg, "off") == 0)
				cli->layout.shape = false;
			else {
				fprintf(stderr, "qarin: --shape: '%s' is not auto, on or off\n", optarg);
				return -1;
			}
			break;
		case OPT_FORMAT:
			/* One option names both kinds: input formats (txt, md, html)
			 * and output formats (text, tsv, json) do not overlap. */
			if (strcmp(optarg, "text") == 0)
				cli->output = OUTPUT_TEXT;
			else if (strcmp(optarg, "tsv") == 0)
				cli->output = OUTPUT_TSV;
			else if (strcmp(optarg, "json") == 0)
				cli->output = OUTPUT_JSON;
			else if (doc_format_parse(optarg) >= 0)
				cli->doc.format = (enum doc_format)doc_format_parse(optarg);
			else {
				fprintf(stderr, "qarin: --format: '%s' is not an input format (txt, md, html) "
					"or an output format (text, tsv, json)\n", optarg);
				return -1;
			}
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_OK);
		case 'V':
			printf("qarin %s\n", PACKAGE_VERSION);
			exit(EXIT_OK);
		default:
			fputs("Try 'qarin --help' for more information.\n", stderr);
			return -1;
		}
	}
	cli->files = argv + optind;
	cli->nfiles = (size_t)(argc - optind);
	if (cli->nfiles == 0 && !cli->demo) {
		fputs("qarin: no file given (use - for standard input)\n"
		      "Try 'qarin --help' for more information.\n", stderr);
		return -1;
	}
	if (cli->mode == MODE_OUTLINE && cli->output == OUTPUT_JSON) {
		fputs("qarin: --outline prints text or tsv, not json\n", stderr);
		return -1;
	}
	return 0;
}

/* Columns of the terminal on standard output, or 80 when it is not one. */
static int
output_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* Loads one sample: the installed copy if there is one, else the built-in. */
static struct doc *
load_sample(const struct sample *s, const struct doc_opts *opts, struct qerr *err)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/samples/%s", QARIN_DATADIR, s->name);
	if (access(path, R_OK) == 0)
		return doc_load_file(path, opts, err);
	return doc_load_memory(s->name, s->bytes, s->len, opts, err);
}

/* Reports what decoding had to repair, on standard error. */
static void
report_decoding(const struct doc *doc)
{
	if (doc->invalid_count > 0)
		fprintf(stderr, "qarin: %s: %zu byte%s not valid %s, shown as U+FFFD\n",
			doc->path, doc->invalid_count,
			doc->invalid_count == 1 ? "" : "s", doc->encoding);
}

int
main(int argc, char **argv)
{
	struct cli cli = { 0 };
	struct doc **docs;
	size_t ndocs = 0;
	int status = EXIT_OK;

	setlocale(LC_ALL, "");
	width_init();
	if (cli_parse(&cli, argc, argv) != 0)
		return EXIT_TROUBLE;

	size_t nsamples = 0;
	const struct sample *samples = cli.demo ? samples_list(&nsamples) : NULL;
	docs = xcalloc(cli.nfiles + nsamples + 1, sizeof *docs);
	for (size_t i = 0; i < nsamples; i++) {
		struct qerr err;
		struct doc *d = load_sample(&samples[i], &cli.doc, &err);
		if (d == NULL) {
			fprintf(stderr, "qarin: %s\n", err.msg);
			status = EXIT_TROUBLE;
			continue;
		}
		docs[ndocs++] = d;
	}
	for (size_t i = 0; i < cli.nfiles; i++) {
		struct qerr err;
		struct doc *d = doc_load_file(cli.files[i], &cli.doc, &err);
		if (d == NULL) {
			fprintf(stderr, "qarin: %s\n", err.msg);
			status = EXIT_TROUBLE;
			continue;
		}
		report_decoding(d);
		docs[ndocs++] = d;
	}

	if (cli.mode == MODE_OUTLINE) {
		for (size_t i = 0; i < ndocs; i++)
			outline_print(stdout, docs[i],
				      cli.output == OUTPUT_TSV ? OUTLINE_TSV : OUTLINE_TEXT);
	} else {
		struct dump_opts o = { .layout = cli.layout };
		o.layout.width = cli.width ? cli.width : output_width();
		o.side_by_side = cli.side_by_side || cli.demo;
		if (dump_docs(stdout, docs, ndocs, &o) != 0) {
			fputs("qarin: error writing standard output\n", stderr);
			status = EXIT_TROUBLE;
		}
	}
	if (fflush(stdout) != 0)
		status = EXIT_TROUBLE;
	for (size_t i = 0; i < ndocs; i++)
		doc_free(docs[i]);
	free(docs);
	return status;
}
