/* Terminal set-up and tear-down for the reader: one that can move the cursor
 * (direct colour when COLORTERM asks), curses in cbreak mode, signals that
 * end the reader cleanly, the BiDi explicit mode, and emergency stops that
 * give the terminal back sane after fatal errors and signals. */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tty/term.h"
#include "tty/terminfo.h"
#include "text/lib.h"

volatile sig_atomic_t term_stop_signal;

/* The started terminal, for the fatal-error hook: the program's state. */
static struct term *term_active;

/* What a fatal signal writes and sets back, made ready at start so that
 * its handler only calls write and tcsetattr (async-signal-safe). */
static char term_reset_seq[512];
static volatile sig_atomic_t term_reset_len;
static struct termios term_saved_modes;
static volatile sig_atomic_t term_have_modes;
/* The main thread's signal stack, so a stack overflow is caught too. */
static void *term_altstack;
#define TERM_ALTSTACK_SIZE (64 * 1024)

/* The signals that kill the program: the terminal is restored first. */
static const int term_fatal_signals[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };

/* Terminal BiDi recommendation, BDSM: CSI 8 l selects explicit mode (the
 * terminal shows cells as sent), CSI 8 h gives back implicit mode. */
#define BDSM_EXPLICIT "\033[8l"
#define BDSM_IMPLICIT "\033[8h"
/* Bracketed paste: the terminal wraps what is pasted in CSI 200 ~ and
 * CSI 201 ~, so that it can be told from typed keys. */
#define PASTE_ON "\033[?2004h"
#define PASTE_OFF "\033[?2004l"
/* Every mouse mode curses may have set, off (X10, button, any event, SGR). */
#define TERM_MOUSE_OFF "\033[?1000l\033[?1002l\033[?1003l\033[?1006l"

/* SIGINT, SIGTERM, SIGHUP, SIGQUIT: the loop ends, restores and saves. */
static void
term_on_signal(int sig)
{
	term_stop_signal = sig;
}

/* A fatal signal in any thread: gives the terminal back with the reset
 * sequences and the saved modes, then dies of the signal as it would have
 * (the handler was reset to the default action on entry). */
static void
term_on_fatal(int sig)
{
	size_t len = (size_t)term_reset_len;
	size_t done = 0;

	while (done < len) {
		ssize_t w = write(STDOUT_FILENO, term_reset_seq + done, len - done);
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (term_have_modes)
		tcsetattr(STDOUT_FILENO, TCSANOW, &term_saved_modes);
	raise(sig);
}

/* Appends a terminfo string capability to the reset sequences, if the
 * terminal has it. */
static void
term_reset_add_cap(size_t *len, const char *cap)
{
	char *v = tigetstr(cap);

	if (v == NULL || v == (char *)-1)
		return;
	size_t n = strlen(v);
	if (*len + n < sizeof term_reset_seq) {
		memcpy(term_reset_seq + *len, v, n);
		*len += n;
	}
}

/* Appends a literal sequence to the reset sequences. */
static void
term_reset_add(size_t *len, const char *seq)
{
	size_t n = strlen(seq);

	if (*len + n < sizeof term_reset_seq) {
		memcpy(term_reset_seq + *len, seq, n);
		*len += n;
	}
}

/* Prepares what a fatal signal sends, and catches the fatal signals. */
static void
term_arm_fatal(const struct term *t)
{
	struct sigaction sa;
	size_t len = 0;

	term_reset_len = 0;
	if (t->mouse)
		term_reset_add(&len, TERM_MOUSE_OFF);
	if (t->bidi_explicit)
		term_reset_add(&len, BDSM_IMPLICIT);
	term_reset_add(&len, PASTE_OFF);
	term_reset_add(&len, "\033[0m");
	term_reset_add_cap(&len, "rmkx");
	term_reset_add_cap(&len, "cnorm");
	term_reset_add_cap(&len, "rmcup");
	term_reset_len = (sig_atomic_t)len;

	if (term_altstack == NULL) {
		stack_t ss = { .ss_size = TERM_ALTSTACK_SIZE };
		term_altstack = ss.ss_sp = xmalloc(TERM_ALTSTACK_SIZE);
		if (sigaltstack(&ss, NULL) != 0) {
			free(term_altstack);
			term_altstack = NULL;
		}
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = term_on_fatal;
	sigemptyset(&sa.sa_mask);
	/* Back to the default on entry, and not blocked: raise() then kills. */
	sa.sa_flags = SA_RESETHAND | SA_NODEFER | SA_ONSTACK;
	for (size_t i = 0; i < sizeof term_fatal_signals / sizeof *term_fatal_signals; i++)
		sigaction(term_fatal_signals[i], &sa, NULL);
}

/* Puts the fatal signals back to their default action. */
static void
term_disarm_fatal(void)
{
	struct sigaction sa;

	term_reset_len = 0;
	term_have_modes = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof term_fatal_signals / sizeof *term_fatal_signals; i++)
		sigaction(term_fatal_signals[i], &sa, NULL);
	if (term_altstack != NULL) {
		stack_t ss = { .ss_flags = SS_DISABLE };
		sigaltstack(&ss, NULL);
		free(term_altstack);
		term_altstack = NULL;
	}
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

/* Reads terminal type name's terminfo entry: true when it was found (err
 * says why not). */
static bool
term_probe(const char *name, struct terminfo_caps *caps, struct qerr *err)
{
	switch (terminfo_probe(name, caps)) {
	case TERMINFO_FOUND:
		return true;
	case TERMINFO_HARDCOPY:
		qerr_set(err, "terminal type '%s' is a printing terminal: the reader "
			 "needs one that can move the cursor (use --dump to print)", name);
		return false;
	case TERMINFO_UNKNOWN:
		qerr_set(err, "terminal type '%s' is not in the terminfo database "
			 "(set TERM to your terminal's, or use --dump to print)", name);
		return false;
	default:
		qerr_set(err, "no terminfo database found for terminal type '%s' "
			 "(use --dump to print)", name);
		return false;
	}
}

/* True when COLORTERM says the terminal takes 24-bit colours. */
static bool
term_env_truecolor(void)
{
	const char *v = getenv("COLORTERM");

	return v != NULL && (strcmp(v, "truecolor") == 0 || strcmp(v, "24bit") == 0);
}

/* The terminfo entry to draw with direct (24-bit) colour when COLORTERM
 * says the terminal has it and TERM's entry does not: TERM's "-direct"
 * sibling (xterm-256color: xterm-direct), as ncurses names them, when the
 * system has it. Writes it into buf; false to keep TERM. */
static bool
term_direct_name(const char *term, int colors, char *buf, size_t size)
{
	static const char *const suffixes[] = { "-256color", "-88color", "-16color", "-color" };
	size_t len = strlen(term), keep = len;
	struct terminfo_caps caps;
	struct qerr ignored;

	if (!term_env_truecolor() || colors >= 0x1000000)
		return false;
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		size_t n = strlen(suffixes[i]);
		if (len > n && strcmp(term + len - n, suffixes[i]) == 0) {
			keep = len - n;
			break;
		}
	}
	if ((size_t)snprintf(buf, size, "%.*s-direct", (int)keep, term) >= size)
		return false;
	return term_probe(buf, &caps, &ignored) && caps.addressable &&
	       caps.colors >= 0x1000000;
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
	const char *term = getenv("TERM");
	struct terminfo_caps caps;
	char direct[256];
	if (term == NULL || *term == '\0') {
		qerr_set(err, "TERM is not set: the reader needs to know the terminal "
			 "(use --dump to print)");
		goto fail;
	}
	if (!term_probe(term, &caps, err))
		goto fail;
	if (!caps.addressable) {
		qerr_set(err, "terminal type '%s' cannot move the cursor: the reader needs "
			 "one that can (use --dump to print)", term);
		goto fail;
	}
	if (term_direct_name(term, caps.colors, direct, sizeof direct))
		term = direct;
	term_have_modes = tcgetattr(STDOUT_FILENO, &term_saved_modes) == 0;
	t->screen = newterm(term, stdout, t->in ? t->in : stdin);
	if (t->screen == NULL) {
		qerr_set(err, "cannot use terminal type '%s'", term);
		goto fail;
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
	define_key("\033[200~", TERM_KEY_PASTE_BEGIN);
	define_key("\033[201~", TERM_KEY_PASTE_END);
	term_send(PASTE_ON);

	/* curses handles SIGWINCH (KEY_RESIZE) and SIGTSTP (suspend, redraw). */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = term_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: the key wait returns at once */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL); /* Ctrl-\: like SIGTERM, never a dump */
	term_arm_fatal(t);
	return 0;
fail:
	if (t->in != NULL)
		fclose(t->in);
	t->in = NULL;
	return -1;
}

void
term_stop(struct term *t)
{
	if (!t->started)
		return;
	t->started = false;
	term_disarm_fatal();
	if (t->mouse)
		mousemask(0, NULL);
	curs_set(1);
	term_send(PASTE_OFF);
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
