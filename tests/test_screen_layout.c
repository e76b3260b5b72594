/* The reader's layout manager without a terminal: the rectangles a list of
 * panes gets for a screen size (the expectations worked out by hand from
 * the rules: status row, bottom panes stacked up from it, left panes,
 * columns side by side with a blank column between two), and which panes
 * a frame draws (only the dirty ones, and what lies over them). */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "tty/lib.h"
#include "tap.h"

/* A fake pane: the size it wants, and how often it was resized and drawn. */
struct fake {
	int want;
	int resized, drawn;
};

static int
fake_size(struct pane *p, struct app *app, struct rect avail)
{
	(void)app;
	(void)avail;
	return ((struct fake *)p->priv)->want;
}

static void
fake_resize(struct pane *p, struct app *app)
{
	(void)app;
	((struct fake *)p->priv)->resized++;
}

static void
fake_draw(struct pane *p, struct app *app)
{
	(void)app;
	((struct fake *)p->priv)->drawn++;
}

static int
fake_key(struct pane *p, struct app *app, enum key_action a, int key)
{
	(void)p;
	(void)app;
	(void)a;
	(void)key;
	return PANE_IGNORED;
}

static void
fake_focus(struct pane *p, struct app *app, bool focused)
{
	(void)app;
	p->focused = focused;
}

static void
fake_free(struct pane *p)
{
	(void)p;
}

static const struct pane_ops fake_ops = {
	.name = "fake",
	.size = fake_size,
	.resize = fake_resize,
	.draw = fake_draw,
	.key = fake_key,
	.focus = fake_focus,
	.free = fake_free,
};

enum { LEFT, COL0, COL1, COL2, BOTTOM, STATUS, OVERLAY, NPANES };

static struct pane panes[NPANES];
static struct fake fakes[NPANES];
static struct pane *list[NPANES];

/* The panes of a reader with an outline, three documents, a bottom pane,
 * the status line and an overlay, in the order they are drawn. */
static void
setup(int left_w, int bottom_h, int overlay)
{
	static const enum pane_place place[NPANES] = {
		PANE_PLACE_LEFT, PANE_PLACE_COLUMN, PANE_PLACE_COLUMN, PANE_PLACE_COLUMN,
		PANE_PLACE_BOTTOM, PANE_PLACE_STATUS, PANE_PLACE_OVERLAY,
	};

	memset(panes, 0, sizeof panes);
	memset(fakes, 0, sizeof fakes);
	for (int i = 0; i < NPANES; i++) {
		panes[i].ops = &fake_ops;
		panes[i].priv = &fakes[i];
		panes[i].place = place[i];
		list[i] = &panes[i];
	}
	fakes[LEFT].want = left_w;
	fakes[BOTTOM].want = bottom_h;
	fakes[STATUS].want = 0;
	fakes[OVERLAY].want = overlay;
}

/* Checks pane i's visibility and rectangle. */
static void
is_rect(int i, bool visible, struct rect want, const char *name)
{
	const struct rect *r = &panes[i].rect;

	if (!visible) {
		ok(!panes[i].visible, "%s: off screen", name);
		return;
	}
	if (!ok(panes[i].visible && r->y == want.y && r->x == want.x && r->h == want.h &&
		r->w == want.w, "%s: y %d x %d h %d w %d", name, want.y, want.x, want.h, want.w))
		diag("got %s y %d x %d h %d w %d", panes[i].visible ? "shown" : "hidden",
		     r->y, r->x, r->h, r->w);
}

static struct screen_layout_spec
spec_for(int lines, int cols, size_t focus)
{
	return (struct screen_layout_spec){
		.lines = lines, .cols = cols, .min_column_w = 30, .side_by_side_min = 80,
		.focus_column = focus,
	};
}

/* 100 x 30, outline 25 wide, bottom pane 9 high: the body is rows 0-19;
 * 75 columns left hold two documents of 37 with a blank column between. */
static void
test_wide(void)
{
	struct screen_layout_spec spec = spec_for(30, 100, 0);

	setup(25, 9, -1);
	ok(screen_layout_place(list, NPANES, &spec, NULL), "the first placement changes everything");
	is_rect(STATUS, true, (struct rect){ 29, 0, 1, 100 }, "wide: the status line on the last row");
	is_rect(BOTTOM, true, (struct rect){ 20, 0, 9, 100 }, "wide: the bottom pane above it");
	is_rect(LEFT, true, (struct rect){ 0, 0, 20, 25 }, "wide: the outline at the left");
	is_rect(COL0, true, (struct rect){ 0, 25, 20, 37 }, "wide: document 1 next to it");
	is_rect(COL1, true, (struct rect){ 0, 63, 20, 37 }, "wide: document 2 after a blank column");
	is_rect(COL2, false, (struct rect){ 0 }, "wide: document 3");
	is_rect(OVERLAY, false, (struct rect){ 0 }, "wide: the overlay nobody asked for");
	is_long((long)spec.ncolumns_shown, 2, "wide: two columns show");
	is_long((long)spec.first_column, 0, "wide: from the first");
	is_long(fakes[COL0].resized, 1, "wide: each pane shown is told its rectangle");
	is_long(fakes[COL2].resized, 0, "wide: a pane off screen is not");

	ok(!screen_layout_place(list, NPANES, &spec, NULL), "the same placement again changes nothing");
	is_long(fakes[COL0].resized, 1, "and resizes nothing");

	/* The focus on document 3: the window of two moves to hold it. */
	spec.focus_column = 2;
	ok(screen_layout_place(list, NPANES, &spec, NULL), "focusing document 3 changes the layout");
	is_rect(COL0, false, (struct rect){ 0 }, "focus 3: document 1");
	is_rect(COL1, true, (struct rect){ 0, 25, 20, 37 }, "focus 3: document 2 first");
	is_rect(COL2, true, (struct rect){ 0, 63, 20, 37 }, "focus 3: document 3 last");
	is_long((long)spec.first_column, 1, "focus 3: the window starts at document 2");

	/* The overlay asked for: the whole screen, over the others. */
	fakes[OVERLAY].want = 0;
	screen_layout_place(list, NPANES, &spec, NULL);
	is_rect(OVERLAY, true, (struct rect){ 0, 0, 30, 100 }, "an overlay covers the screen");
}

/* 60 x 10 without outline or bottom pane: narrower than side by side, one
 * document takes the body; the one focused. */
static void
test_narrow(void)
{
	struct screen_layout_spec spec = spec_for(10, 60, 1);

	setup(-1, -1, -1);
	screen_layout_place(list, NPANES, &spec, NULL);
	is_rect(LEFT, false, (struct rect){ 0 }, "narrow: the hidden outline");
	is_rect(BOTTOM, false, (struct rect){ 0 }, "narrow: the hidden bottom pane");
	is_rect(COL0, false, (struct rect){ 0 }, "narrow: document 1");
	is_rect(COL1, true, (struct rect){ 0, 0, 9, 60 }, "narrow: document 2 alone");
	is_rect(COL2, false, (struct rect){ 0 }, "narrow: document 3");
	is_rect(STATUS, true, (struct rect){ 9, 0, 1, 60 }, "narrow: the status line");

	/* An outline as wide as the screen leaves no room for documents. */
	setup(60, -1, -1);
	spec = spec_for(10, 60, 0);
	screen_layout_place(list, NPANES, &spec, NULL);
	is_rect(LEFT, true, (struct rect){ 0, 0, 9, 60 }, "a full-width outline");
	is_rect(COL0, false, (struct rect){ 0 }, "leaves document 1 off screen");
	is_long((long)spec.ncolumns_shown, 0, "no column shows");

	/* One row: the body and the status line share it. */
	setup(-1, -1, -1);
	spec = spec_for(1, 90, 0);
	screen_layout_place(list, NPANES, &spec, NULL);
	is_rect(STATUS, true, (struct rect){ 0, 0, 1, 90 }, "one row: the status line on it");
	is_rect(COL0, true, (struct rect){ 0, 0, 1, 44 }, "one row: document 1 too");
	is_rect(COL1, true, (struct rect){ 0, 45, 1, 45 }, "one row: document 2 takes what is left");
}

/* Two bottom panes: the first in the list lowest, each a share of what
 * the one below left. */
static void
test_bottoms(void)
{
	struct pane extra = { .ops = &fake_ops, .place = PANE_PLACE_BOTTOM };
	struct fake fx = { .want = 4 };
	struct pane *v[NPANES + 1];
	struct screen_layout_spec spec = spec_for(24, 80, 0);

	setup(-1, 3, -1);
	extra.priv = &fx;
	memcpy(v, list, sizeof list);
	v[NPANES] = &extra;
	screen_layout_place(v, NPANES + 1, &spec, NULL);
	is_rect(BOTTOM, true, (struct rect){ 20, 0, 3, 80 }, "the first bottom pane lowest");
	ok(extra.visible && extra.rect.y == 16 && extra.rect.h == 4 && extra.rect.w == 80,
	   "the second above it: y 16 h 4 w 80");
	is_rect(COL0, true, (struct rect){ 0, 0, 16, 39 }, "the documents above both");
	is_rect(COL1, true, (struct rect){ 0, 40, 16, 40 }, "side by side, the last one to the edge");
}

/* Which panes a frame draws. */
static void
test_draw(void)
{
	struct screen_layout_spec spec = spec_for(30, 100, 0);

	setup(25, 9, -1);
	screen_layout_place(list, NPANES, &spec, NULL);
	is_long((long)screen_layout_draw(list, NPANES, NULL, true), 5,
		"a full frame draws every pane shown");
	is_long(fakes[COL2].drawn, 0, "but not one off screen");
	for (int i = 0; i < NPANES; i++)
		ok(!panes[i].dirty, "pane %d is clean once drawn", i);

	/* A key that changes only the status line. */
	panes[STATUS].dirty = true;
	is_long((long)screen_layout_draw(list, NPANES, NULL, false), 1,
		"the status line dirty: one pane drawn");
	is_long(fakes[STATUS].drawn, 2, "the status line drawn again");
	is_long(fakes[COL0].drawn + fakes[COL1].drawn + fakes[LEFT].drawn + fakes[BOTTOM].drawn, 4,
		"the other panes left alone");
	is_long((long)screen_layout_draw(list, NPANES, NULL, false), 0,
		"nothing dirty: nothing drawn");

	/* A pane under an overlay: the overlay is drawn over it again. */
	fakes[OVERLAY].want = 0;
	screen_layout_place(list, NPANES, &spec, NULL);
	screen_layout_draw(list, NPANES, NULL, true);
	panes[COL1].dirty = true;
	is_long((long)screen_layout_draw(list, NPANES, NULL, false), 2,
		"a dirty pane under the overlay: it and the overlay drawn");
	is_long(fakes[OVERLAY].drawn, 2, "the overlay drawn over it again");
	is_long(fakes[COL0].drawn, 2, "its neighbour left alone");

	/* A pane drawn at every frame; a dirty pane off screen. */
	panes[STATUS].every_frame = true;
	panes[COL2].dirty = true;
	is_long((long)screen_layout_draw(list, NPANES, NULL, false), 2,
		"a pane drawn at every frame (and the overlay over it)");
	is_long(fakes[COL2].drawn, 0, "a dirty pane off screen is not drawn");
}

int
main(void)
{
	test_wide();
	test_narrow();
	test_bottoms();
	test_draw();
	return done_testing();
}
