/* libxml2, opened on first use (text/lazylib.h) — only HTML needs it, and
 * it pulls in ICU, liblzma and libstdc++: the functions qarin calls, each
 * defined under its own name by a trampoline in lazy_xml.c.
 *
 * To call one more libxml2 function, add its line here:
 *	X(RETURN TYPE, NAME, (PARAMETERS), (ARGUMENTS))
 * or, for a function returning void:
 *	V(NAME, (PARAMETERS), (ARGUMENTS))
 * with the parameters as libxml2 declares them (the compiler checks them).
 * xmlFree, a variable, is defined in lazy_xml.c; a macro of libxml2 that
 * reads one of its tables gets a function here (lazy_xml_is_letter). */
#ifndef QARIN_LAZY_XML_H
#define QARIN_LAZY_XML_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/lazy_xml.h");

#include "text/lazylib.h"

#define LAZY_XML_FUNCTIONS(X, V) \
	X(htmlDocPtr, htmlCtxtReadMemory, (xmlParserCtxtPtr ctxt, const char *buffer, int size, \
		const char *URL, const char *encoding, int options), \
		(ctxt, buffer, size, URL, encoding, options)) \
	V(htmlFreeParserCtxt, (htmlParserCtxtPtr ctxt), (ctxt)) \
	X(htmlParserCtxtPtr, htmlNewParserCtxt, (void), ()) \
	X(xmlNodePtr, xmlDocGetRootElement, (const xmlDoc *doc), (doc)) \
	V(xmlFreeDoc, (xmlDocPtr cur), (cur)) \
	X(xmlChar *, xmlGetProp, (const xmlNode *node, const xmlChar *name), (node, name)) \
	X(int, xmlStrEqual, (const xmlChar *str1, const xmlChar *str2), (str1, str2)) \
	V(xmlSAX2EndElement, (void *ctx, const xmlChar *name), (ctx, name)) \
	X(int, xmlCharInRange, (unsigned int val, const xmlChRangeGroup *group), (val, group)) \
	/* end */

extern struct lazylib lazy_xml;

/* libxml2's IS_LETTER (an XML 1.0 letter: a base character or an
 * ideograph), its table read from the library. */
int lazy_xml_is_letter(unsigned int c);

/* The names of the listed functions (tests resolve every one). */
extern const char *const lazy_xml_names[];
extern const unsigned lazy_xml_count;

#endif
