/* The libxml2 trampolines: every function of text/lazy_xml.h, and xmlFree,
 * calls the real one, found in libxml2 opened on the first call of any. */
#include <config.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/chvalid.h>
#include <libxml/globals.h>
#include <libxml/tree.h>
#include <libxml/xmlstring.h>

#include "text/lazy_xml.h"

struct lazylib lazy_xml = LAZYLIB_INIT(QARIN_SONAME_XML2, "libxml2");

/* A slot for the address of each function; its first call fills it. */
#define LAZY_XML_SLOT(name) \
	static void *_Atomic lazy_slot_##name; \
	void *p_ = atomic_load_explicit(&lazy_slot_##name, memory_order_acquire); \
	if (p_ == NULL) \
		p_ = lazylib_resolve(&lazy_xml, &lazy_slot_##name, #name)

#define LAZY_XML_X(ret, name, params, args) \
	ret name params { LAZY_XML_SLOT(name); return ((ret (*) params)p_) args; }
#define LAZY_XML_V(name, params, args) \
	void name params { LAZY_XML_SLOT(name); ((void (*) params)p_) args; }
LAZY_XML_FUNCTIONS(LAZY_XML_X, LAZY_XML_V)

#ifdef LIBXML_THREAD_ALLOC_ENABLED
LAZY_XML_X(xmlFreeFunc *, __xmlFree, (void), ())
#else
/* libxml2's own free function (its variable xmlFree), on the first call. */
static void
lazy_xml_free(void *mem)
{
	LAZY_XML_SLOT(xmlFree);
	(*(xmlFreeFunc *)p_)(mem);
}

xmlFreeFunc xmlFree = lazy_xml_free;
#endif

int
lazy_xml_is_letter(unsigned int c)
{
	static void *_Atomic group;
	void *g;

	if (c < 0x100)
		return xmlIsBaseChar_ch(c);
	if (xmlIsIdeographicQ(c))
		return 1;
	g = atomic_load_explicit(&group, memory_order_acquire);
	if (g == NULL)
		g = lazylib_resolve(&lazy_xml, &group, "xmlIsBaseCharGroup");
	return xmlCharInRange(c, g);
}

#define LAZY_XML_NAME_X(ret, name, params, args) #name,
#define LAZY_XML_NAME_V(name, params, args) #name,
const char *const lazy_xml_names[] = {
	LAZY_XML_FUNCTIONS(LAZY_XML_NAME_X, LAZY_XML_NAME_V)
	"xmlFree", "xmlIsBaseCharGroup",
};
const unsigned lazy_xml_count = sizeof lazy_xml_names / sizeof *lazy_xml_names;
