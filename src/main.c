/* qarin's entry point: parses the command line, loads the documents through
 * the core, then runs the full-screen reader or one of the terminal-free
 * modes (--dump, --outline, --compare). */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "align/lib.h"
#include "lexicon/lib.h"
#include "tty/lib.h"
#include "cli/lib.h"
#include "model/lib.h"
#include "text/lib.h"
#include "ingest/lib.h"
#include "reader/lib.h"

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
	MODE_SEARCH,
	MODE_COMPARE,
	MODE_DEFINE,
};

enum output_format {
	OUTPUT_TEXT,
	OUTPUT_TSV,
	OUTPUT_JSON,
	OUTPUT_TMX, /* --compare only */
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
	bool dir_given, shape_given;
	const char *theme;
	bool list_themes;
	bool no_sync, no_mouse, ascii, no_state, bidi_terminal;
	const char *frame_log;
	const char *query;           /* --search */
	const char *word;            /* --define */
	unsigned search_flags;       /* SEARCH_EXACT, SEARCH_WORD, SEARCH_REGEX */
	bool count;                  /* --count: how many hits, not the hits */
	enum align_mode align;       /* --compare */
	/* --visual (1), --logical (0) or neither (-1: visual on a terminal):
	 * the order --search and --outline print text in */
	int visual;
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
	OPT_THEME,
	OPT_LIST_THEMES,
	OPT_NO_SYNC,
	OPT_NO_MOUSE,
	OPT_ASCII,
	OPT_NO_STATE,
	OPT_BIDI,
	OPT_FRAME_LOG,
	OPT_SEARCH,
	OPT_EXACT,
	OPT_COUNT,
	OPT_WORD,
	OPT_REGEX,
	OPT_COMPARE,
	OPT_ALIGN,
	OPT_VISUAL,
	OPT_LOGICAL,
	OPT_TRANSLIT,
	OPT_DEFINE,
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
	{ "theme", required_argument, NULL, OPT_THEME },
	{ "list-themes", no_argument, NULL, OPT_LIST_THEMES },
	{ "no-sync", no_argument, NULL, OPT_NO_SYNC },
	{ "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "no-state", no_argument, NULL, OPT_NO_STATE },
	{ "bidi", required_argument, NULL, OPT_BIDI },
	{ "frame-log", required_argument, NULL, OPT_FRAME_LOG },
	{ "search", required_argument, NULL, OPT_SEARCH },
	{ "exact", no_argument, NULL, OPT_EXACT },
	{ "count", no_argument, NULL, OPT_COUNT },
	{ "word", no_argument, NULL, OPT_WORD },
	{ "regex", no_argument, NULL, OPT_REGEX },
	{ "compare", no_argument, NULL, OPT_COMPARE },
	{ "align", required_argument, NULL, OPT_ALIGN },
	{ "visual", no_argument, NULL, OPT_VISUAL },
	{ "logical", no_argument, NULL, OPT_LOGICAL },
	{ "translit", optional_argument, NULL, OPT_TRANSLIT },
	{ "define", required_argument, NULL, OPT_DEFINE },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void
usage(FILE *out)
{
	fputs(
"Usage: qarin [OPTION]... FILE...\n"
"       qarin [--theme=NAME] FILE...        (full-screen reader; h shows the keys)\n"
"       qarin --dump [--width=N] [--side-by-side] [--translit[=interlinear]] FILE...\n"
"       qarin --outline [--format=text|tsv] FILE...\n"
"       qarin --search=QUERY [--exact|--word|--regex] [--format=text|tsv|json|--count] FILE...\n"
"       qarin --compare [--align=auto|parallel|comparable] [--format=text|tsv|json|tmx] A B\n"
"       qarin --define=WORD [--format=text|json] [--visual|--logical]\n"
"       qarin --demo\n"
"Read articles in any language and script, right-to-left included, side by side.\n"
"A FILE of - reads standard input (once: naming - twice is an error).\n"
"\n"
"Modes:\n"
"      --dump             print the documents as laid out, in visual order\n"
"      --outline          print each document's structure (articles, blocks)\n"
"      --search=QUERY     print the matches of QUERY (grep-style); by default\n"
"                         ignoring case, accents and marks, Arabic letter\n"
"                         variants and the script of digits\n"
"      --compare          align two documents and print links and findings\n"
"      --define=WORD      print WORD's entries in the installed dictd\n"
"                         dictionaries of its language (FreeDict), found\n"
"                         through its clitics and stem; exit 1 when none\n"
"      --demo             show the built-in sample articles side by side\n"
"      --list-themes      list the colour themes and exit\n"
"Without a mode, qarin opens a full-screen reader when standard output is a\n"
"terminal, and prints like --dump otherwise.\n"
"\n"
"Layout:\n"
"      --width=N          output width in columns (default: the terminal's, or 80)\n"
"      --dir=auto|ltr|rtl paragraph base direction (default: auto, per paragraph)\n"
"      --shape=auto|on|off  Arabic shaping into presentation forms (default: auto = on)\n"
"      --side-by-side     with several files, print them as columns\n"
"      --translit[=interlinear]  show the text transliterated to Latin letters\n"
"                         (ICU), or each row with its transliteration under it;\n"
"                         the reader starts with the view on (key T)\n"
"\n"
"Input:\n"
"      --encoding=NAME    decode input as NAME (e.g. windows-1256) instead of detecting\n"
"      --format=txt|md|html  input format instead of guessing from name and content\n"
"      --force            read files that look binary (NUL bytes)\n"
"\n"
"Reader:\n"
"      --theme=NAME       colour theme (default: the config file's, or default)\n"
"      --no-sync          start with synchronized scrolling off\n"
"      --no-mouse         do not ask the terminal for mouse events\n"
"      --bidi=visual|terminal  who reorders right-to-left text: qarin (default),\n"
"                         or a terminal that implements bidi itself\n"
"      --ascii            show non-ASCII characters as '?' (non-UTF-8 terminals)\n"
"      --no-state         neither restore nor save reading positions, marks\n"
"                         and the search history\n"
"      --frame-log=FILE   write the time each frame took to FILE (benchmarks)\n"
"\n"
"Output:\n"
"      --format=text|tsv|json|tmx  output format of --outline (text, tsv),\n"
"                         --search (text, tsv, json) and --compare (all four;\n"
"                         tmx: a TMX 1.4b translation memory of the aligned text)\n"
"      --visual           print the text of --search, --outline and --define in\n"
"                         visual order, as laid out (the default on a terminal)\n"
"      --logical          print it in logical order, as stored (the default in\n"
"                         a pipe or file; TSV and JSON always are)\n"
"\n"
"Search:\n"
"      --exact            match code points exactly\n"
"      --word             match whole words only (ICU word boundaries)\n"
"      --regex            QUERY is an ICU regular expression\n"
"      --count            print the number of matches of each file, not the\n"
"                         matches (FILE:N for several files, as grep -c)\n"
"\n"
"Compare:\n"
"      --align=MODE       auto (default), parallel (a translation) or\n"
"                         comparable (two reports of one event)\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"Exit status: 0 on success, 2 on error; the reader ended by signal N: 128+N;\n"
"--search: 0 when something matched, 1 when nothing did, 2 on error;\n"
"--define: 0 when an entry was found, 1 when none was, 2 on error.\n", out);
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

/* Flushes standard output and, when anything could not be written, says so
 * naming the mode (what; NULL for none) and the cause (errno now, else
 * earlier, the errno the printer left: a failed write drops its buffer).
 * Returns the exit status. */
static int
output_check(const char *what, int earlier)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return EXIT_OK;
	int e = errno ? errno : earlier;
	const char *cause = e ? strerror(e) : "write error";
	if (what != NULL)
		escape_message("%s: cannot write standard output: %s", what, cause);
	else
		escape_message("cannot write standard output: %s", cause);
	return EXIT_TROUBLE;
}

/* The layout --search and --outline print text under, in visual order
 * (--visual, or a terminal: most show right-to-left text reversed when
 * given it in logical order), or NULL for logical order (--logical, or a
 * pipe or file: what scripts read). */
static const struct layout_opts *
print_order(const struct cli *cli)
{
	bool visual = cli->visual >= 0 ? cli->visual == 1 : isatty(STDOUT_FILENO);

	return visual ? &cli->layout : NULL;
}

/* Reads the command line into cli; returns -1 after printing a usage error. */
/* The options whose value is checked against what they accept. Returns 0,
 * or -1 after saying what is wrong. */
static int
cli_option_value(struct cli *cli, int c)
{
	switch (c) {
	case OPT_ALIGN:
		if (align_mode_parse(optarg) < 0) {
			escape_message("--align: '%s' is not auto, parallel or comparable",
				optarg);
			return -1;
		}
		cli->align = (enum align_mode)align_mode_parse(optarg);
		break;
	case OPT_BIDI:
		if (strcmp(optarg, "visual") == 0)
			cli->bidi_terminal = false;
		else if (strcmp(optarg, "terminal") == 0)
			cli->bidi_terminal = true;
		else {
			escape_message("--bidi: '%s' is not visual or terminal", optarg);
			return -1;
		}
		break;
	case OPT_WIDTH:
		if (!parse_count(optarg, &cli->width)) {
			escape_message("--width: '%s' is not a positive number of columns", optarg);
			return -1;
		}
		break;
	case OPT_DIR:
		cli->dir_given = true;
		if (strcmp(optarg, "auto") == 0)
			cli->layout.dir = DIR_AUTO;
		else if (strcmp(optarg, "ltr") == 0)
			cli->layout.dir = DIR_LTR;
		else if (strcmp(optarg, "rtl") == 0)
			cli->layout.dir = DIR_RTL;
		else {
			escape_message("--dir: '%s' is not auto, ltr or rtl", optarg);
			return -1;
		}
		break;
	case OPT_TRANSLIT:
		if (optarg == NULL || strcmp(optarg, "latin") == 0)
			cli->layout.translit = LAYOUT_TRANSLIT_LATIN;
		else if (strcmp(optarg, "interlinear") == 0)
			cli->layout.translit = LAYOUT_TRANSLIT_INTERLINEAR;
		else {
			escape_message("--translit: '%s' is not latin or interlinear", optarg);
			return -1;
		}
		break;
	case OPT_SHAPE:
		cli->shape_given = true;
		if (strcmp(optarg, "auto") == 0 || strcmp(optarg, "on") == 0)
			cli->layout.shape = true;
		else if (strcmp(optarg, "off") == 0)
			cli->layout.shape = false;
		else {
			escape_message("--shape: '%s' is not auto, on or off", optarg);
			return -1;
		}
		break;
	case OPT_FORMAT:
		/* One option names both kinds: input formats (txt, md, html)
		 * and output formats (text, tsv, json, tmx) do not overlap. */
		if (strcmp(optarg, "text") == 0)
			cli->output = OUTPUT_TEXT;
		else if (strcmp(optarg, "tsv") == 0)
			cli->output = OUTPUT_TSV;
		else if (strcmp(optarg, "json") == 0)
			cli->output = OUTPUT_JSON;
		else if (strcmp(optarg, "tmx") == 0)
			cli->output = OUTPUT_TMX;
		else if (doc_format_parse(optarg) >= 0)
			cli->doc.format = (enum doc_format)doc_format_parse(optarg);
		else {
			escape_message("--format: '%s' is not an input format (txt, md, html) "
				       "or an output format (text, tsv, json, tmx)", optarg);
			return -1;
		}
		break;
	}
	return 0;
}

/* What no single option says wrong: the files and the options together.
 * Returns 0, or -1 after saying what is wrong. */
static int
cli_check(const struct cli *cli)
{
	if (cli->mode == MODE_DEFINE) {
		if (cli->nfiles > 0 || cli->demo) {
			fputs("qarin: --define takes a word, not files\n", stderr);
			return -1;
		}
		if (cli->output != OUTPUT_TEXT && cli->output != OUTPUT_JSON) {
			fputs("qarin: --define prints text or json\n", stderr);
			return -1;
		}
		return 0;
	}
	if (cli->nfiles == 0 && !cli->demo && !cli->list_themes) {
		fputs("qarin: no file given (use - for standard input)\n"
		      "Try 'qarin --help' for more information.\n", stderr);
		return -1;
	}
	if ((cli->search_flags != 0 || cli->count) && cli->mode != MODE_SEARCH) {
		fputs("qarin: --exact, --word, --regex and --count go with --search\n", stderr);
		return -1;
	}
	if (cli->count && cli->output != OUTPUT_TEXT) {
		fputs("qarin: --count prints text: a count per file\n", stderr);
		return -1;
	}
	size_t nstdin = 0;
	for (size_t i = 0; i < cli->nfiles; i++)
		nstdin += strcmp(cli->files[i], "-") == 0;
	if (nstdin > 1) {
		fprintf(stderr, "qarin: standard input (-) is named %zu times; it can be read only once\n",
			nstdin);
		return -1;
	}
	if (cli->mode == MODE_COMPARE && cli->nfiles != 2) {
		fprintf(stderr, "qarin: --compare takes two files, not %zu\n", cli->nfiles);
		return -1;
	}
	if (cli->mode == MODE_OUTLINE && cli->output == OUTPUT_JSON) {
		fputs("qarin: --outline prints text or tsv, not json\n", stderr);
		return -1;
	}
	if (cli->mode != MODE_COMPARE && cli->output == OUTPUT_TMX) {
		fputs("qarin: --format=tmx is an output of --compare only\n", stderr);
		return -1;
	}
	return 0;
}

static int
cli_parse(struct cli *cli, int argc, char **argv)
{
	int c;

	cli->layout.dir = DIR_AUTO;
	cli->layout.shape = true;
	cli->layout.tabstop = 8;
	cli->visual = -1;
	opterr = 0; /* getopt would echo a bad option raw: said here, escaped */
	while ((c = getopt_long(argc, argv, ":hV", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_DUMP: cli->mode = MODE_DUMP; break;
		case OPT_OUTLINE: cli->mode = MODE_OUTLINE; break;
		case OPT_COMPARE: cli->mode = MODE_COMPARE; break;
		case OPT_ALIGN: case OPT_BIDI: case OPT_WIDTH: case OPT_DIR: case OPT_SHAPE:
		case OPT_FORMAT: case OPT_TRANSLIT:
			if (cli_option_value(cli, c) != 0)
				return -1;
			break;
		case OPT_DEMO: cli->demo = true; break;
		case OPT_VISUAL: cli->visual = 1; break;
		case OPT_LOGICAL: cli->visual = 0; break;
		case OPT_THEME: cli->theme = optarg; break;
		case OPT_LIST_THEMES: cli->list_themes = true; break;
		case OPT_NO_SYNC: cli->no_sync = true; break;
		case OPT_NO_MOUSE: cli->no_mouse = true; break;
		case OPT_ASCII: cli->ascii = true; break;
		case OPT_NO_STATE: cli->no_state = true; break;
		case OPT_FRAME_LOG: cli->frame_log = optarg; break;
		case OPT_SEARCH: cli->mode = MODE_SEARCH; cli->query = optarg; break;
		case OPT_DEFINE: cli->mode = MODE_DEFINE; cli->word = optarg; break;
		case OPT_EXACT: cli->search_flags |= SEARCH_EXACT; break;
		case OPT_COUNT: cli->count = true; break;
		case OPT_WORD: cli->search_flags |= SEARCH_WORD; break;
		case OPT_REGEX: cli->search_flags |= SEARCH_REGEX; break;
		case OPT_SIDE_BY_SIDE: cli->side_by_side = true; break;
		case OPT_FORCE: cli->doc.decode.allow_binary = true; break;
		case OPT_ENCODING: cli->doc.decode.encoding = optarg; break;
		case 'h':
			/* The help is longer than stdio's buffer: a write can
			 * fail, and leave its errno, before the flush. */
			errno = 0;
			usage(stdout);
			exit(output_check("--help", errno));
		case 'V':
			printf("qarin %s\n", PACKAGE_VERSION);
			exit(output_check("--version", 0));
		case ':':
			escape_message("option '%s' requires an argument", argv[optind - 1]);
			fputs("Try 'qarin --help' for more information.\n", stderr);
			return -1;
		default:
			if (optopt > 0 && optopt < 256)
				escape_message("invalid option -- '%c'", optopt);
			else
				escape_message("unrecognized option '%s'", argv[optind - 1]);
			fputs("Try 'qarin --help' for more information.\n", stderr);
			return -1;
		}
	}
	cli->files = argv + optind;
	cli->nfiles = (size_t)(argc - optind);
	return cli_check(cli);
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

/* Aligns the two documents of --compare and prints the report; -1 on error. */
static int
compare_docs(const struct cli *cli, struct doc **docs)
{
	struct lexicon *lx = lexicon_open(NULL);
	struct align_opts o = { .mode = cli->align, .lexicon = lx };
	struct qerr err;
	struct alignment *al = align_docs(docs[0], docs[1], &o, &err);
	static const enum compare_format fmts[] = {
		[OUTPUT_TEXT] = COMPARE_TEXT, [OUTPUT_TSV] = COMPARE_TSV, [OUTPUT_JSON] = COMPARE_JSON,
		[OUTPUT_TMX] = COMPARE_TMX,
	};

	if (al == NULL) {
		escape_message("%s", err.msg);
		lexicon_free(lx);
		return -1;
	}
	int rc = compare_report(stdout, al, fmts[cli->output], cli->width ? cli->width : output_width());
	align_free(al);
	lexicon_free(lx);
	return rc; /* a write error is reported by output_check */
}

/* Prints the dictionary entries of --define's word; returns the exit status. */
static int
define_word(const struct cli *cli)
{
	errno = 0;
	struct lexicon *lx = lexicon_open(NULL);
	int rc = define_report(stdout, lx, cli->word,
			       cli->output == OUTPUT_JSON ? DEFINE_JSON : DEFINE_TEXT,
			       print_order(cli));

	lexicon_free(lx);
	if (output_check("--define", errno) != EXIT_OK)
		return EXIT_TROUBLE;
	return rc;
}

/* Loads one sample: the copy in $QARIN_SAMPLES_DIR, else the installed
 * one, else the built-in. */
static struct doc *
load_sample(const struct sample *s, const struct doc_opts *opts, struct qerr *err)
{
	char path[4096];
	const char *dir = getenv("QARIN_SAMPLES_DIR");

	if (dir != NULL && *dir != '\0' &&
	    (size_t)snprintf(path, sizeof path, "%s/%s", dir, s->name) < sizeof path &&
	    access(path, R_OK) == 0)
		return doc_load_file(path, opts, err);
	snprintf(path, sizeof path, "%s/samples/%s", QARIN_DATADIR, s->name);
	if (access(path, R_OK) == 0)
		return doc_load_file(path, opts, err);
	return doc_load_memory(s->name, s->bytes, s->len, opts, err);
}

/* Says on standard error that decoding cut runs of combining marks. */
static void
report_joiners(const char *path, size_t count)
{
	if (count > 0)
		fprintf(stderr, "qarin: %s: runs of more than 30 combining marks cut "
			"with %zu U+034F (Unicode stream-safe format)\n", path, count);
}

/* Reports what decoding had to repair, on standard error. */
static void
report_decoding(const struct doc *doc)
{
	if (doc->encoding_guessed)
		escape_message("%s: encoding guessed as %s (use --encoding=NAME to choose)",
			       doc->path, doc->encoding);
	if (doc->invalid_count > 0)
		escape_message("%s: %zu byte%s not valid %s, shown as U+FFFD",
			doc->path, doc->invalid_count,
			doc->invalid_count == 1 ? "" : "s", doc->encoding);
	report_joiners(doc->path, doc->joiner_count);
}

/* Prints the names of the themes qarin can find. */
static int
list_themes(void)
{
	size_t n;
	char **names = theme_list(&n);

	for (size_t i = 0; i < n; i++) {
		escape_puts(stdout, ESCAPE_TEXT, names[i]);
		putchar('\n');
	}
	theme_list_free(names);
	return output_check("--list-themes", 0);
}

/* Runs the full-screen reader with the config file under the command line. */
static int
run_reader(const struct cli *cli, struct doc **docs, size_t ndocs, double start_ms,
	   struct loader *loaders)
{
	struct settings settings;
	struct settings_msgs msgs = SETTINGS_MSGS_INIT;
	char path[4096];
	struct app_opts o = { 0 };

	settings_defaults(&settings);
	if (settings_xdg_path(path, sizeof path, "XDG_CONFIG_HOME", ".config", "qarin/config"))
		settings_load(&settings, path, &msgs);
	/* Problems in the config file: the first on the status line, all of
	 * them on standard error once the terminal is back. */
	char first[512] = "";
	if (msgs.n > 0)
		snprintf(first, sizeof first, "%s%s", msgs.v[0],
			 msgs.n > 1 ? " (and more: see after quitting)" : "");

	o.layout = cli->layout;
	if (!cli->dir_given)
		o.layout.dir = settings.dir;
	if (!cli->shape_given)
		o.layout.shape = settings.shape != SETTINGS_SHAPE_OFF;
	o.theme = cli->theme ? cli->theme : settings.theme;
	o.sync = settings.sync && !cli->no_sync;
	o.mouse = settings.mouse && !cli->no_mouse;
	o.copy = settings.copy;
	o.ascii = cli->ascii;
	o.no_state = cli->no_state;
	o.bidi_terminal = cli->bidi_terminal;
	if (o.bidi_terminal && !cli->shape_given)
		o.layout.shape = false; /* a terminal that does the bidi also shapes */
	o.frame_log = cli->frame_log;
	o.startup_message = first[0] ? first : NULL;
	o.start_ms = start_ms;
	o.loaders = loaders;
	if (cli->ascii)
		setenv("NCURSES_NO_UTF8_ACS", "1", 1);
	int rc = app_run(docs, ndocs, &o);
	for (size_t i = 0; i < msgs.n; i++)
		escape_message("%s", msgs.v[i]);
	settings_msgs_free(&msgs);
	return rc == 0 ? EXIT_OK : rc;
}

/* Makes LC_CTYPE a UTF-8 locale if the current one is not (C.UTF-8 as a
 * fallback), so that wcwidth gives the widths ncursesw draws with; returns
 * false when none could be had. */
static bool
main_utf8_ctype(void)
{
	static const char *const fallbacks[] = { "C.UTF-8", "C.utf8", "en_US.UTF-8" };

	if (width_locale_is_utf8())
		return true;
	for (size_t i = 0; i < sizeof fallbacks / sizeof *fallbacks; i++)
		if (setlocale(LC_CTYPE, fallbacks[i]) != NULL && width_locale_is_utf8())
			return true;
	return false;
}

/* The variable that chooses the character set, as setlocale looks at them:
 * LC_ALL, else LC_CTYPE, else LANG (the one to change to get UTF-8). */
static const char *
locale_variable(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE" };

	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (v != NULL && *v != '\0')
			return vars[i];
	}
	return "LANG";
}

/* Loads the samples (--demo) and the files named, into docs; the reader
 * shows a big file's start at once and loads the rest on a thread (loaders,
 * one a document), the other modes need the whole document before anything.
 * A file that cannot be read is said on standard error and left out, and
 * *status set. Returns how many were loaded. */
static size_t
load_docs(const struct cli *cli, bool interactive, struct doc **docs,
	  struct loader *loaders, int *status)
{
	size_t ndocs = 0, nsamples = 0;
	const struct sample *samples = cli->demo ? samples_list(&nsamples) : NULL;

	for (size_t i = 0; i < nsamples; i++) {
		struct qerr err;
		struct doc *d = load_sample(&samples[i], &cli->doc, &err);
		if (d == NULL) {
			escape_message("%s", err.msg);
			*status = EXIT_TROUBLE;
			continue;
		}
		docs[ndocs++] = d;
	}
	for (size_t i = 0; i < cli->nfiles; i++) {
		struct qerr err;
		struct doc *d = NULL;
		if (interactive && (d = loader_prefix(cli->files[i], &cli->doc)) != NULL &&
		    !loader_start(&loaders[ndocs], cli->files[i], &cli->doc)) {
			doc_free(d);
			d = NULL;
		}
		if (d == NULL)
			d = doc_load_file(cli->files[i], &cli->doc, &err);
		if (d == NULL) {
			escape_message("%s", err.msg);
			*status = EXIT_TROUBLE;
			continue;
		}
		report_decoding(d);
		docs[ndocs++] = d;
	}
	return ndocs;
}

/* What --search prints: the hits in the format asked for, or their count. */
static enum search_report_format
search_format(const struct cli *cli)
{
	if (cli->count)
		return SEARCH_REPORT_COUNT;
	return cli->output == OUTPUT_TSV ? SEARCH_REPORT_TSV :
	       cli->output == OUTPUT_JSON ? SEARCH_REPORT_JSON : SEARCH_REPORT_TEXT;
}

/* --search over the files named, each searched as its turn comes: read
 * in chunks without the document model when search_stream_file can (the
 * environment can say QARIN_SEARCH_PATH=model to load every file or
 * QARIN_SEARCH_PATH=stream to be told of each file loaded, and
 * QARIN_SEARCH_CHUNK=BYTES, for tests), else loaded. Returns the exit
 * status; false in *handled (nothing done) when the query is bad, for the
 * caller's usual way to say so. */
static int
search_files(const struct cli *cli, int status, bool *handled)
{
	struct qerr err;
	const char *path = getenv("QARIN_SEARCH_PATH");
	const char *chunk_env = getenv("QARIN_SEARCH_CHUNK");
	/* The transliteration picks its rules by the block's language,
	 * which only the whole document's guess gives. */
	bool model = (path != NULL && strcmp(path, "model") == 0) ||
		     cli->layout.translit != LAYOUT_TRANSLIT_OFF;
	bool strict = path != NULL && strcmp(path, "stream") == 0; /* say what was not */
	size_t chunk = chunk_env != NULL ? (size_t)strtoul(chunk_env, NULL, 10) : 0;
	struct search_report *r = search_report_new(stdout, cli->query, cli->search_flags,
						    search_format(cli), print_order(cli), &err);
	bool stopped = false;

	*handled = r != NULL;
	if (r == NULL)
		return status;
	for (size_t i = 0; i < cli->nfiles; i++) {
		if (!stopped && !model && search_stream_file(r, cli->files[i], &cli->doc, chunk)) {
			search_report_file_done(r, cli->files[i], cli->nfiles > 1);
			continue;
		}
		if (!stopped && !model && strict)
			escape_message("%s: searched whole, not in chunks", cli->files[i]);
		struct qerr lerr;
		struct doc *d = doc_load_file(cli->files[i], &cli->doc, &lerr);
		if (d == NULL) {
			escape_message("%s", lerr.msg);
			status = EXIT_TROUBLE;
			continue;
		}
		report_decoding(d);
		/* After a stop the rest are only read, for what they say. */
		if (!stopped) {
			stopped = !search_report_doc(r, d);
			search_report_file_done(r, cli->files[i], cli->nfiles > 1);
		}
		doc_free(d);
	}
	int rc = search_report_finish(r);
	if (rc == 2 && !ferror(stdout)) /* a write error: output_check */
		escape_message("--search: %s", err.msg);
	return status == EXIT_OK ? rc : status;
}

/* --dump of the files named, each as its turn comes: a plain UTF-8 text
 * file streamed a block at a time (dump_file_stream), any other loaded
 * whole, and every file when transliterated; the environment can say QARIN_DUMP_PATH=model to load every file
 * or QARIN_DUMP_PATH=stream to be told of each file loaded, and
 * QARIN_DUMP_CHUNK=BYTES, QARIN_DUMP_HOLD=BYTES, QARIN_DUMP_BATCH=BYTES and
 * QARIN_DUMP_THREADS=N (dump_opts), and
 * QARIN_DUMP_FULL=1 to take no shortcut (layout_opts' full) and
 * QARIN_DUMP_LAZY_MIN=N to make a paragraph of more than N code points
 * giant (layout_opts' lazy_min), for tests.
 * Returns the exit status. */
static int
dump_files(const struct cli *cli, struct dump_opts *o)
{
	const char *path = getenv("QARIN_DUMP_PATH");
	const char *chunk_env = getenv("QARIN_DUMP_CHUNK");
	const char *hold_env = getenv("QARIN_DUMP_HOLD");
	/* The transliteration picks its rules by the block's language,
	 * which only the whole document's guess gives. */
	bool model = (path != NULL && strcmp(path, "model") == 0) ||
		     cli->layout.translit != LAYOUT_TRANSLIT_OFF;
	bool strict = path != NULL && strcmp(path, "stream") == 0; /* say what was not */
	size_t printed = 0;
	int status = EXIT_OK;

	const char *full = getenv("QARIN_DUMP_FULL");
	o->layout.full = full != NULL && strcmp(full, "1") == 0;
	const char *lazy_env = getenv("QARIN_DUMP_LAZY_MIN");
	if (lazy_env != NULL)
		o->layout.lazy_min = (size_t)strtoull(lazy_env, NULL, 10);
	o->stream_chunk = chunk_env != NULL ? (size_t)strtoul(chunk_env, NULL, 10) : 0;
	o->stream_hold = hold_env != NULL ? (size_t)strtoul(hold_env, NULL, 10) : 0;
	const char *batch_env = getenv("QARIN_DUMP_BATCH");
	const char *threads_env = getenv("QARIN_DUMP_THREADS");
	o->batch = batch_env != NULL ? (size_t)strtoul(batch_env, NULL, 10) : 0;
	o->threads = threads_env != NULL ? (size_t)strtoul(threads_env, NULL, 10) : 0;
	for (size_t i = 0; i < cli->nfiles; i++) {
		size_t joiners = 0;
		if (!model && dump_file_stream(stdout, cli->files[i], &cli->doc, o, printed > 0,
					       &joiners)) {
			report_joiners(cli->files[i], joiners);
			printed++;
			continue;
		}
		if (strict)
			escape_message("%s: laid out whole, not streamed", cli->files[i]);
		struct qerr err;
		struct doc *d = doc_load_file(cli->files[i], &cli->doc, &err);
		if (d == NULL) {
			escape_message("%s", err.msg);
			status = EXIT_TROUBLE;
			continue;
		}
		report_decoding(d);
		if (printed++ > 0)
			putchar('\n');
		dump_docs(stdout, &d, 1, o); /* a write error: output_check */
		doc_free(d);
	}
	fflush(stdout);
	return status;
}

int
main(int argc, char **argv)
{
	struct cli cli = { 0 };
	struct doc **docs;
	size_t ndocs = 0;
	int status = EXIT_OK;
	double start_ms = app_now_ms();

	/* The character set, and the language of the system's messages
	 * (strerror); numbers, times and collation stay C's: fewer locale
	 * files read at start, and JSON's numbers keep their dot. */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	/* Whether the user's terminal takes UTF-8, before LC_CTYPE is changed
	 * to a UTF-8 locale for width computations. */
	char codeset[64];
	snprintf(codeset, sizeof codeset, "%s", nl_langinfo(CODESET));
	bool utf8_locale = strcmp(codeset, "UTF-8") == 0;
	width_set_wcwidth(main_utf8_ctype());
	if (cli_parse(&cli, argc, argv) != 0)
		return EXIT_TROUBLE;
	if (cli.list_themes)
		return list_themes();
	if (cli.mode == MODE_DEFINE)
		return define_word(&cli);
	bool interactive = cli.mode == MODE_DEFAULT && isatty(STDOUT_FILENO);
	if (interactive && !utf8_locale && !cli.ascii) {
		const char *var = locale_variable();
		const char *val = getenv(var);
		escape_message("the locale's character set is %s, not UTF-8 (%s is %s%s%s),",
			       codeset, var, val ? "'" : "", val ? val : "unset", val ? "'" : "");
		fprintf(stderr, "so the terminal cannot show most scripts. Set a UTF-8 locale, for example:\n"
			"    export %s=C.UTF-8\n"
			"or run with --ascii to show non-ASCII characters as '?'.\n", var);
		return EXIT_TROUBLE;
	}

	if (cli.mode == MODE_SEARCH && !interactive && !cli.demo) {
		bool handled;
		errno = 0;
		status = search_files(&cli, status, &handled);
		if (handled) {
			if (output_check("--search", errno) != EXIT_OK)
				status = EXIT_TROUBLE;
			return status;
		}
	}

	if (!interactive && !cli.demo && !cli.side_by_side &&
	    (cli.mode == MODE_DUMP || cli.mode == MODE_DEFAULT)) {
		struct dump_opts o = { .layout = cli.layout };
		o.layout.width = cli.width ? cli.width : output_width();
		errno = 0;
		status = dump_files(&cli, &o);
		if (output_check(cli.mode == MODE_DUMP ? "--dump" : NULL, errno) != EXIT_OK)
			status = EXIT_TROUBLE;
		return status;
	}

	size_t nsamples = 0;
	if (cli.demo)
		samples_list(&nsamples);
	docs = xcalloc(cli.nfiles + nsamples + 1, sizeof *docs);
	struct loader *loaders = xcalloc(cli.nfiles + nsamples + 1, sizeof *loaders);
	ndocs = load_docs(&cli, interactive, docs, loaders, &status);

	errno = 0;
	if (interactive && ndocs == 0) {
		status = EXIT_TROUBLE;
	} else if (interactive) {
		int rc = run_reader(&cli, docs, ndocs, start_ms, loaders);
		if (rc != 0)
			status = rc;
	} else if (cli.mode == MODE_SEARCH) {
		struct qerr err;
		int rc = search_report(stdout, docs, ndocs, cli.query, cli.search_flags,
				       search_format(&cli), print_order(&cli), &err);
		if (rc == 2 && !ferror(stdout)) /* a write error: output_check */
			escape_message("--search: %s", err.msg);
		if (status == EXIT_OK)
			status = rc;
	} else if (cli.mode == MODE_COMPARE) {
		if (status == EXIT_OK && compare_docs(&cli, docs) != 0)
			status = EXIT_TROUBLE;
	} else if (cli.mode == MODE_OUTLINE) {
		for (size_t i = 0; i < ndocs; i++)
			if (outline_print(stdout, docs[i],
					  cli.output == OUTPUT_TSV ? OUTLINE_TSV : OUTLINE_TEXT,
					  print_order(&cli)) != 0)
				break;
	} else {
		struct dump_opts o = { .layout = cli.layout };
		o.layout.width = cli.width ? cli.width : output_width();
		o.side_by_side = cli.side_by_side || cli.demo;
		dump_docs(stdout, docs, ndocs, &o); /* a write error: output_check */
	}
	static const char *const mode_names[] = {
		[MODE_DEFAULT] = NULL, [MODE_DUMP] = "--dump", [MODE_OUTLINE] = "--outline",
		[MODE_SEARCH] = "--search", [MODE_COMPARE] = "--compare", [MODE_DEFINE] = "--define",
	};
	if (output_check(mode_names[cli.mode], errno) != EXIT_OK)
		status = EXIT_TROUBLE;
	for (size_t i = 0; i < ndocs; i++) {
		loader_free(&loaders[i]);
		doc_free(docs[i]);
	}
	free(loaders);
	free(docs);
	return status;
}
