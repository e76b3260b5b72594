/* A small TAP producer for the unit tests: one program per core module,
 * run by automake's TAP driver. */
#ifndef QARIN_TAP_H
#define QARIN_TAP_H

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../bench/xorshift.h" /* random inputs, the same on every run */

static int tap_count;  /* tests run so far: the test program's own state */
static int tap_failed;

/* Records one result; returns cond so callers can add diagnostics. */
__attribute__((format(printf, 2, 3), unused)) static bool
ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%s %d - ", cond ? "ok" : "not ok", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

/* Prints a diagnostic line. */
__attribute__((format(printf, 1, 2), unused)) static void
diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Compares two strings, showing both when they differ. */
__attribute__((unused)) static bool
is_str(const char *got, const char *want, const char *name)
{
	bool same = got != NULL && want != NULL && strcmp(got, want) == 0;

	ok(same, "%s", name);
	if (!same) {
		diag("     got: '%s'", got ? got : "(null)");
		diag("expected: '%s'", want ? want : "(null)");
	}
	return same;
}

/* Compares two integers, showing both when they differ. */
__attribute__((unused)) static bool
is_long(long got, long want, const char *name)
{
	ok(got == want, "%s", name);
	if (got != want)
		diag("got %ld, expected %ld", got, want);
	return got == want;
}

/* Skips the whole program (e.g. the corpus is absent). */
__attribute__((unused, noreturn)) static void
skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	exit(0);
}

/* Prints the plan at the end and returns the exit status. */
__attribute__((unused)) static int
done_testing(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

/* Reads a whole file into a NUL-terminated buffer (NULL if unreadable). */
__attribute__((unused)) static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			if (buf == NULL)
				abort();
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
}

/* Writes a small file (aborts when it cannot). */
__attribute__((unused)) static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		abort();
	fputs(text, f);
	fclose(f);
}

/* The corpus directory from $QARIN_CORPUS, or NULL when it is absent. */
__attribute__((unused)) static const char *
corpus_dir(void)
{
	const char *d = getenv("QARIN_CORPUS");
	char probe[4096];
	FILE *f;

	if (d == NULL || *d == '\0')
		return NULL;
	snprintf(probe, sizeof probe, "%s/ar-kaspersky-alwafd.txt", d);
	f = fopen(probe, "rb");
	if (f == NULL)
		return NULL;
	fclose(f);
	return d;
}

/* True when LC_CTYPE encodes characters as UTF-8. */
__attribute__((unused)) static bool
tap_ctype_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

/* Makes LC_CTYPE a UTF-8 locale, as the program's main does, for the widths
 * a UTF-8 terminal gives; false when none could be had. */
__attribute__((unused)) static bool
tap_utf8_locale(void)
{
	static const char *const fallbacks[] = { "C.UTF-8", "C.utf8", "en_US.UTF-8" };

	if (tap_ctype_utf8())
		return true;
	for (size_t i = 0; i < sizeof fallbacks / sizeof *fallbacks; i++)
		if (setlocale(LC_CTYPE, fallbacks[i]) != NULL && tap_ctype_utf8())
			return true;
	return false;
}

/* SIGALRM while a test waits on something that would block for ever. */
__attribute__((unused)) static void
tap_on_alarm(int sig)
{
	static const char msg[] = "not ok - blocked until the alarm\n";

	(void)sig;
	fflush(stdout);
	(void)!write(STDOUT_FILENO, msg, sizeof msg - 1);
	_exit(1);
}

/* Fails the test program, instead of hanging it, if what follows has not
 * returned within seconds s; 0 cancels. */
__attribute__((unused)) static void
tap_alarm(unsigned s)
{
	signal(SIGALRM, tap_on_alarm);
	alarm(s);
}

#endif
