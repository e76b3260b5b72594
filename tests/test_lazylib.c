/* text/lazylib: every routed ICU and libxml2 function resolves in the
 * library configure found (ICU, libxml2, cmark, libstemmer); the answers given for ASCII without ICU are
 * ICU's own; closing NULL opens no library; a library that cannot be loaded ends the program with status
 * 2 and a message naming it and the file being read. */
#include <config.h>

#include <sys/wait.h>

#include <unicode/ubrk.h>
#include <unicode/ucal.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/udat.h>
#include <unicode/uregex.h>
#include <unicode/ures.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>

#include "text/lib.h"
#include "tap.h"

/* Runs lazylib_sym(lib, symbol) in a child reading path; returns its exit
 * status and its standard error in err. */
static int
die_in_child(struct lazylib *lib, const char *symbol, const char *path, char *err, size_t size)
{
	int fds[2], status = -1;
	ssize_t n;
	size_t got = 0;

	if (pipe(fds) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		lazylib_reading(path);
		lazylib_sym(lib, symbol);
		_exit(0);
	}
	close(fds[1]);
	while (got + 1 < size && (n = read(fds[0], err + got, size - 1 - got)) > 0)
		got += (size_t)n;
	err[got] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int
main(void)
{
	/* ASCII first: answered without ICU. */
	bool same = u_isalpha('a') && !u_isalpha('1') && u_isupper('Q') && u_tolower('Q') == 'q';
	UErrorCode e = U_ZERO_ERROR;
	same = same && uscript_getScript('z', &e) == USCRIPT_LATIN && uscript_getScript('.', &e) == USCRIPT_COMMON;
	ok(same, "ASCII property answers");
	ok(!lazy_icu_is_open(), "ICU is not opened for ASCII");
	/* Closing nothing, as freeing what was never opened does. */
	ubrk_close(NULL);
	ucnv_close(NULL);
	ures_close(NULL);
	uset_close(NULL);
	ucal_close(NULL);
	ucsdet_close(NULL);
	udat_close(NULL);
	uregex_close(NULL);
	ok(!lazylib_is_open(&lazy_icu_uc) && !lazylib_is_open(&lazy_icu_i18n),
	   "closing NULL opens neither ICU library");

	for (unsigned i = 0; i < lazy_icu_count; i++)
		ok(lazylib_sym(lazy_icu_names[i].lib, lazy_icu_names[i].symbol) != NULL,
		   "ICU has %s", lazy_icu_names[i].symbol);
	for (unsigned i = 0; i < lazy_xml_count; i++)
		ok(lazylib_sym(&lazy_xml, lazy_xml_names[i]) != NULL, "libxml2 has %s", lazy_xml_names[i]);
	for (unsigned i = 0; i < lazy_cmark_count; i++)
		ok(lazylib_sym(&lazy_cmark, lazy_cmark_names[i]) != NULL, "cmark has %s", lazy_cmark_names[i]);
#ifdef HAVE_LEXICON
	for (unsigned i = 0; i < lazy_stemmer_count; i++)
		ok(lazylib_sym(&lazy_stemmer, lazy_stemmer_names[i]) != NULL, "libstemmer has %s",
		   lazy_stemmer_names[i]);
#endif

	/* Every ASCII answer against ICU's own function. */
	struct { const char *name; void *fake; } bools[] = {
		{ LAZYLIB_STR(u_isalpha), (void *)u_isalpha }, { LAZYLIB_STR(u_isalnum), (void *)u_isalnum },
		{ LAZYLIB_STR(u_isdigit), (void *)u_isdigit }, { LAZYLIB_STR(u_islower), (void *)u_islower },
		{ LAZYLIB_STR(u_ispunct), (void *)u_ispunct }, { LAZYLIB_STR(u_isupper), (void *)u_isupper },
	};
	for (size_t k = 0; k < sizeof bools / sizeof *bools; k++) {
		UBool (*real)(UChar32) = (UBool (*)(UChar32))lazylib_sym(&lazy_icu_uc, bools[k].name);
		UBool (*fake)(UChar32) = (UBool (*)(UChar32))bools[k].fake;
		int bad = -1;
		for (UChar32 c = 0; c < 0x80 && bad < 0; c++)
			if (!real(c) != !fake(c))
				bad = c;
		ok(bad < 0, "%s of ASCII is ICU's (first difference: %d)", bools[k].name, bad);
	}
	int8_t (*type)(UChar32) = (int8_t (*)(UChar32))lazylib_sym(&lazy_icu_uc, LAZYLIB_STR(u_charType));
	UChar32 (*lower)(UChar32) = (UChar32 (*)(UChar32))lazylib_sym(&lazy_icu_uc, LAZYLIB_STR(u_tolower));
	UScriptCode (*script)(UChar32, UErrorCode *) =
		(UScriptCode (*)(UChar32, UErrorCode *))lazylib_sym(&lazy_icu_uc, LAZYLIB_STR(uscript_getScript));
	int bad_type = -1, bad_lower = -1, bad_script = -1;
	for (UChar32 c = 0; c < 0x80; c++) {
		UErrorCode e1 = U_ZERO_ERROR, e2 = U_ZERO_ERROR;
		if (bad_type < 0 && type(c) != u_charType(c))
			bad_type = c;
		if (bad_lower < 0 && lower(c) != u_tolower(c))
			bad_lower = c;
		if (bad_script < 0 && script(c, &e1) != uscript_getScript(c, &e2))
			bad_script = c;
	}
	ok(bad_type < 0, "u_charType of ASCII is ICU's (first difference: %d)", bad_type);
	ok(bad_lower < 0, "u_tolower of ASCII is ICU's (first difference: %d)", bad_lower);
	ok(bad_script < 0, "uscript_getScript of ASCII is ICU's (first difference: %d)", bad_script);
	ok(u_isalpha(0x0627) && !u_isupper(0x0627), "beyond ASCII, ICU answers (U+0627)");

	/* A library that is not there, a function that is not in it. */
	struct lazylib absent = LAZYLIB_INIT("libqarin-absent.so.0", "absent");
	char err[1024];
	is_long(die_in_child(&absent, "f", "notes/a.txt", err, sizeof err), 2, "a missing library: status 2");
	ok(strstr(err, "qarin: cannot load absent (libqarin-absent.so.0), needed to read notes/a.txt: ") == err,
	   "the message names the library and the file");
	if (strstr(err, "needed to read") == NULL)
		diag("stderr: %s", err);
	is_long(die_in_child(&lazy_icu_uc, "qarin_no_such_function", "b.txt", err, sizeof err), 2,
		"a missing function: status 2");
	ok(strstr(err, "qarin_no_such_function") != NULL, "the message names the function");
	return done_testing();
}
