/* Terminal set-up and tear-down for the reader: curses in cbreak mode with
 * the keypad, signals that end the reader cleanly, the BiDi explicit mode
 * for terminals that reorder text themselves, and an emergency stop for
 * fatal errors so that the terminal is always given back sane. */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qarin/term.h"
#include "qarin/xalloc.h"

volatile sig_atomic_t term_stop_signal;

/* The started terminal, for the fatal-error hook: the program's state. */
static struct term *term_active;

/* Terminal BiDi recommendation, BDSM: CSI 8 l selects explicit mode (the
 * terminal shows cells as sent), CSI 8 h gives back implicit mode. */
#define BDSM_EXPLICIT "\033[8l"
#define BDSM_IMPLICIT "\033[8h"

static void
term_on_signal(int sig)
{
	term_stop_signal = sig;
}

/* Restores the terminal before the program dies of an allocation failure. */
static void
term_emergency_stop(void)
{
	if (term_active != NULL)
		term_stop(term_active);
}

/* Writes a control sequence straight to the terminal qarin draws on. */
static void
term_send(const char *seq)
{
	fputs(seq, stdout);
	fflush(stdout);
}

int
term_start(struct term *t, bool bidi_terminal, bool mouse, struct qerr *err)
{
	struct sigaction sa;

	memset(t, 0, sizeof *t);
	if (!isatty(STDOUT_FILENO)) {
		qerr_set(err, "standard output is not a terminal (use --dump to print)");
		return -1;
	}
	if (!isatty(STDIN_FILENO)) {
		t->in = fopen("/dev/tty", "r");
		if (t->in == NULL) {
			qerr_set(err, "cannot open /dev/tty for the keyboard: %s", strerror(errno));
			return -1;
		}
	}
	t->screen = newterm(NULL, stdout, t->in ? t->in : stdin);
	if (t->screen == NULL) {
		qerr_set(err, "cannot use terminal type '%s'",
			 getenv("TERM") ? getenv("TERM") : "(unset)");
		if (t->in != NULL)
			fclose(t->in);
		t->in = NULL;
		return -1;
	}
	set_term(t->screen);
	t->started = true;
	term_active = t;
	xalloc_set_fatal_hook(term_emergency_stop);

	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	if (has_colors()) {
		start_color();
		use_default_colors();
		t->colors = true;
	}
	if (mouse) {
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
			  BUTTON5_PRESSED, NULL);
		mouseinterval(0);
		t->mouse = true;
	}
	if (!bidi_terminal) {
		term_send(BDSM_EXPLICIT);
		t->bidi_explicit = true;
	}

	/* curses handles SIGWINCH (KEY_RESIZE) and SIGTSTP (suspend, redraw). */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = term_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: the key wait returns at once */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	return 0;
}

void
term_stop(struct term *t)
{
	if (!t->started)
		return;
	t->started = false;
	if (t->mouse)
		mousemask(0, NULL);
	curs_set(1);
	endwin();
	if (t->bidi_explicit)
		term_send(BDSM_IMPLICIT);
	delscreen(t->screen);
	t->screen = NULL;
	if (t->in != NULL)
		fclose(t->in);
	t->in = NULL;
	if (term_active == t)
		term_active = NULL;
	xalloc_set_fatal_hook(NULL);
}

int
term_getkey(struct term *t, wint_t *key)
{
	(void)t;
	if (term_stop_signal)
		return ERR;
	return get_wch(key);
}

bool
term_key_waiting(const struct term *t)
{
	struct pollfd p = { .fd = t->in != NULL ? fileno(t->in) : STDIN_FILENO,
			    .events = POLLIN };

	return term_stop_signal || poll(&p, 1, 0) > 0;
}
