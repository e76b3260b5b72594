/* The pane operations most panes share: one copy, named in their ops. */
#include <config.h>

#include <stdlib.h>

#include "tty/pane.h"

void
pane_resize_redraw(struct pane *p, struct app *app)
{
	(void)app;
	p->dirty = true;
}

int
pane_key_ignore(struct pane *p, struct app *app, enum key_action a, int key)
{
	(void)p;
	(void)app;
	(void)a;
	(void)key;
	return PANE_IGNORED;
}

void
pane_focus_set(struct pane *p, struct app *app, bool focused)
{
	(void)app;
	p->focused = focused;
}

void
pane_free_plain(struct pane *p)
{
	free(p->priv);
	free(p);
}
