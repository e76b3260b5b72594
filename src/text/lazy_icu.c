/* The ICU trampolines: every function of text/lazy_icu.h, under ICU's own
 * versioned name, calls the real one, found in the library opened on the
 * first call of any of them. */
#include <config.h>

#include <stdbool.h>

#include <unicode/ubrk.h>
#include <unicode/ucal.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/uregex.h>
#include <unicode/ures.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utrans.h>

#include "text/lazy_icu.h"

struct lazylib lazy_icu_uc = LAZYLIB_INIT(QARIN_SONAME_ICUUC, "ICU");
struct lazylib lazy_icu_i18n = LAZYLIB_INIT(QARIN_SONAME_ICUI18N, "ICU");

/* A slot for the address of each function; its first call fills it. */
#define LAZY_ICU_SLOT(lib, name) \
	static void *_Atomic lazy_slot_##name; \
	void *p_ = atomic_load_explicit(&lazy_slot_##name, memory_order_acquire); \
	if (p_ == NULL) \
		p_ = lazylib_resolve(&lazy_icu_##lib, &lazy_slot_##name, LAZYLIB_STR(name))

#define LAZY_ICU_X(lib, ret, name, params, args) \
	ret name params { LAZY_ICU_SLOT(lib, name); return ((ret (*) params)p_) args; }
#define LAZY_ICU_V(lib, name, params, args) \
	void name params { LAZY_ICU_SLOT(lib, name); ((void (*) params)p_) args; }
LAZY_ICU_FUNCTIONS(LAZY_ICU_X, LAZY_ICU_V)

#define LAZY_ICU_Z(lib, name, type) \
	void name(type *p) \
	{ \
		if (p == NULL) \
			return; \
		LAZY_ICU_SLOT(lib, name); \
		((void (*)(type *))p_)(p); \
	}
LAZY_ICU_CLOSE_FUNCTIONS(LAZY_ICU_Z)

/* The general category of an ASCII character, as Unicode fixes it. */
static UCharCategory
lazy_icu_ascii_type(UChar32 c)
{
	if (c < 0x20 || c == 0x7F)
		return U_CONTROL_CHAR;
	if (c == ' ')
		return U_SPACE_SEPARATOR;
	if (c >= '0' && c <= '9')
		return U_DECIMAL_DIGIT_NUMBER;
	if (c >= 'A' && c <= 'Z')
		return U_UPPERCASE_LETTER;
	if (c >= 'a' && c <= 'z')
		return U_LOWERCASE_LETTER;
	switch (c) {
	case '$': return U_CURRENCY_SYMBOL;
	case '+': case '<': case '=': case '>': case '|': case '~': return U_MATH_SYMBOL;
	case '^': case '`': return U_MODIFIER_SYMBOL;
	case '_': return U_CONNECTOR_PUNCTUATION;
	case '-': return U_DASH_PUNCTUATION;
	case '(': case '[': case '{': return U_START_PUNCTUATION;
	case ')': case ']': case '}': return U_END_PUNCTUATION;
	default: return U_OTHER_PUNCTUATION;
	}
}

static bool
lazy_icu_ascii_letter(UChar32 c)
{
	UCharCategory t = lazy_icu_ascii_type(c);

	return t == U_UPPERCASE_LETTER || t == U_LOWERCASE_LETTER;
}

static bool
lazy_icu_ascii_punct(UChar32 c)
{
	switch (lazy_icu_ascii_type(c)) {
	case U_CONNECTOR_PUNCTUATION: case U_DASH_PUNCTUATION: case U_START_PUNCTUATION:
	case U_END_PUNCTUATION: case U_OTHER_PUNCTUATION:
		return true;
	default:
		return false;
	}
}

#define LAZY_ICU_A(lib, ret, name, params, args, ascii) \
	ret name params { \
		if (c >= 0 && c < 0x80) \
			return (ret)(ascii); \
		LAZY_ICU_SLOT(lib, name); \
		return ((ret (*) params)p_) args; \
	}
LAZY_ICU_ASCII_FUNCTIONS(LAZY_ICU_A)

int
lazy_icu_is_open(void)
{
	return lazylib_is_open(&lazy_icu_uc) || lazylib_is_open(&lazy_icu_i18n);
}

#define LAZY_ICU_NAME_A(lib, ret, name, params, args, ascii) { &lazy_icu_##lib, LAZYLIB_STR(name) },
#define LAZY_ICU_NAME_X(lib, ret, name, params, args) { &lazy_icu_##lib, LAZYLIB_STR(name) },
#define LAZY_ICU_NAME_V(lib, name, params, args) { &lazy_icu_##lib, LAZYLIB_STR(name) },
#define LAZY_ICU_NAME_Z(lib, name, type) { &lazy_icu_##lib, LAZYLIB_STR(name) },
const struct lazy_icu_name lazy_icu_names[] = {
	LAZY_ICU_FUNCTIONS(LAZY_ICU_NAME_X, LAZY_ICU_NAME_V)
	LAZY_ICU_CLOSE_FUNCTIONS(LAZY_ICU_NAME_Z)
	LAZY_ICU_ASCII_FUNCTIONS(LAZY_ICU_NAME_A)
};
const unsigned lazy_icu_count = sizeof lazy_icu_names / sizeof *lazy_icu_names;
