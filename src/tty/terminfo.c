/* Terminal capabilities read before curses starts: the reader refuses a
 * terminal that cannot address the cursor, and looks for a direct-colour
 * sibling of the terminal's entry. The only user of curses' <term.h>. */
#include <config.h>

#include <unistd.h>

#include <curses.h>
#include <term.h>

#include "tty/terminfo.h"

enum terminfo_status
terminfo_probe(const char *name, struct terminfo_caps *caps)
{
	int errret = 0;
	char *cup;

	caps->addressable = false;
	caps->colors = 0;
	if (setupterm((char *)name, STDOUT_FILENO, &errret) != OK)
		return errret == 1 ? TERMINFO_HARDCOPY
		       : errret == 0 ? TERMINFO_UNKNOWN : TERMINFO_NO_DATABASE;
	cup = tigetstr("cup");
	caps->addressable = cup != NULL && cup != (char *)-1 && tigetflag("hc") <= 0 &&
			    tigetflag("gn") <= 0;
	caps->colors = tigetnum("colors");
	del_curterm(cur_term);
	return TERMINFO_FOUND;
}
