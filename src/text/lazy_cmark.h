/* cmark, opened on first use (text/lazylib.h) — only Markdown needs it: the
 * functions qarin calls, each defined under its own name by a trampoline in
 * lazy_cmark.c.
 *
 * To call one more cmark function, add its line here:
 *	X(RETURN TYPE, NAME, (PARAMETERS), (ARGUMENTS))
 * or, for a function returning void:
 *	V(NAME, (PARAMETERS), (ARGUMENTS)) */
#ifndef QARIN_LAZY_CMARK_H
#define QARIN_LAZY_CMARK_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/lazy_cmark.h");

#include "text/lazylib.h"

#define LAZY_CMARK_FUNCTIONS(X, V) \
	X(cmark_node *, cmark_parse_document, (const char *buffer, size_t len, int options), \
		(buffer, len, options)) \
	V(cmark_node_free, (cmark_node *node), (node)) \
	X(cmark_node *, cmark_node_next, (cmark_node *node), (node)) \
	X(cmark_node *, cmark_node_first_child, (cmark_node *node), (node)) \
	X(cmark_node_type, cmark_node_get_type, (cmark_node *node), (node)) \
	X(const char *, cmark_node_get_literal, (cmark_node *node), (node)) \
	X(int, cmark_node_get_heading_level, (cmark_node *node), (node)) \
	X(cmark_list_type, cmark_node_get_list_type, (cmark_node *node), (node)) \
	X(int, cmark_node_get_list_start, (cmark_node *node), (node)) \
	X(int, cmark_node_get_start_line, (cmark_node *node), (node)) \
	X(int, cmark_node_get_start_column, (cmark_node *node), (node)) \
	X(int, cmark_node_get_end_line, (cmark_node *node), (node)) \
	X(int, cmark_node_get_end_column, (cmark_node *node), (node)) \
	/* end */

extern struct lazylib lazy_cmark;

/* The names of the listed functions (tests resolve every one). */
extern const char *const lazy_cmark_names[];
extern const unsigned lazy_cmark_count;

#endif
