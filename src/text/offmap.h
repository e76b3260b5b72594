/* A piecewise map between two byte coordinates of the same text: the text as
 * qarin holds it (decoded, normalized, markup stripped) and the text it came
 * from. Between two points offsets advance one for one; a point is added
 * wherever the two texts stop advancing together. */
#ifndef QARIN_OFFMAP_H
#define QARIN_OFFMAP_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/offmap.h");

#include <stddef.h>

#include <stdint.h>

/* A point, as offmap_point_at gives it. */
struct offmap_point {
	size_t text; /* offset in the held text */
	size_t src;  /* offset in the source it came from */
};

/* Points are held in runs: each run's first point in full, every point as
 * 32-bit steps from it, half the size of full points (a decomposed text
 * has a point for each accented letter). */
struct offmap_run {
	size_t text, src;       /* its first point */
	size_t first;           /* index of its first point */
};

struct offmap_step {
	uint32_t text, src;     /* from its run's first point */
};

struct offmap {
	struct offmap_step *pts;  /* owned, sorted by text and by src */
	size_t n;
	size_t cap;
	struct offmap_run *runs;  /* owned */
	size_t nruns;
	size_t runcap;
};

#define OFFMAP_INIT { NULL, 0, 0, NULL, 0, 0 }

/* Adds a point; points must come in increasing order of text offset. */
void offmap_add(struct offmap *m, size_t text, size_t src);
/* Maps a held-text offset to the source (identity when the map is empty).
 * Inside a stretch that was rewritten (shorter or longer in the source) the
 * result is clamped to the start of the next point's source. */
size_t offmap_to_src(const struct offmap *m, size_t text);
/* The inverse: the held-text offset that the source offset falls into. */
size_t offmap_to_text(const struct offmap *m, size_t src);
/* Point i (< m->n). */
struct offmap_point offmap_point_at(const struct offmap *m, size_t i);
/* Empties a map, keeping its room. */
void offmap_clear(struct offmap *m);
/* Gives back the room beyond its points (a map kept for long). */
void offmap_fit(struct offmap *m);
void offmap_free(struct offmap *m);

#endif
