/* ICU (libicuuc, libicui18n), opened on first use (text/lazylib.h): the
 * functions qarin calls, each defined under ICU's own versioned name
 * (u_isalpha_72) by a trampoline in lazy_icu.c.
 *
 * To call one more ICU function, add its line here, in the list of its
 * library (uc: common, i18n: the rest; the ICU header that declares it
 * says which):
 *	X(LIB, RETURN TYPE, NAME, (PARAMETERS), (ARGUMENTS))
 * or, for a function returning void:
 *	V(LIB, NAME, (PARAMETERS), (ARGUMENTS))
 * (a function that closes an object goes in LAZY_ICU_CLOSE_FUNCTIONS)
 * with the parameters as ICU declares them (the compiler checks them), and
 * include its ICU header in lazy_icu.c. A function not listed fails the
 * link: ICU is not on the link line. */
#ifndef QARIN_LAZY_ICU_H
#define QARIN_LAZY_ICU_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/lazy_icu.h");

#include "text/lazylib.h"

#define LAZY_ICU_FUNCTIONS(X, V) \
	X(uc, int32_t, u_charDigitValue, (UChar32 c), (c)) \
	X(uc, const char *, u_errorName, (UErrorCode code), (code)) \
	X(uc, UChar32, u_foldCase, (UChar32 c, uint32_t options), (c, options)) \
	X(uc, uint8_t, u_getCombiningClass, (UChar32 c), (c)) \
	X(uc, int32_t, u_getIntPropertyValue, (UChar32 c, UProperty which), (c, which)) \
	X(uc, UBool, u_hasBinaryProperty, (UChar32 c, UProperty which), (c, which)) \
	X(uc, UBool, u_isUWhiteSpace, (UChar32 c), (c)) \
	X(uc, UBool, u_isdefined, (UChar32 c), (c)) \
	X(uc, UBool, u_isspace, (UChar32 c), (c)) \
	X(uc, UBool, u_istitle, (UChar32 c), (c)) \
	X(uc, int32_t, u_strFoldCase, (UChar *dest, int32_t destCapacity, const UChar *src, int32_t srcLength, uint32_t options, UErrorCode *pErrorCode), (dest, destCapacity, src, srcLength, options, pErrorCode)) \
	X(uc, UChar *, u_strFromUTF8, (UChar *dest, int32_t destCapacity, int32_t *pDestLength, const char *src, int32_t srcLength, UErrorCode *pErrorCode), (dest, destCapacity, pDestLength, src, srcLength, pErrorCode)) \
	X(uc, UChar *, u_strFromUTF8Lenient, (UChar *dest, int32_t destCapacity, int32_t *pDestLength, const char *src, int32_t srcLength, UErrorCode *pErrorCode), (dest, destCapacity, pDestLength, src, srcLength, pErrorCode)) \
	X(uc, char *, u_strToUTF8, (char *dest, int32_t destCapacity, int32_t *pDestLength, const UChar *src, int32_t srcLength, UErrorCode *pErrorCode), (dest, destCapacity, pDestLength, src, srcLength, pErrorCode)) \
	X(uc, UChar *, u_uastrcpy, (UChar *dst, const char *src), (dst, src)) \
	X(uc, UChar *, u_uastrncpy, (UChar *dst, const char *src, int32_t n), (dst, src, n)) \
	X(uc, int32_t, ubrk_getRuleStatus, (UBreakIterator *bi), (bi)) \
	X(uc, int32_t, ubrk_first, (UBreakIterator *bi), (bi)) \
	X(uc, UBool, ubrk_isBoundary, (UBreakIterator *bi, int32_t offset), (bi, offset)) \
	X(uc, int32_t, ubrk_next, (UBreakIterator *bi), (bi)) \
	X(uc, int32_t, ubrk_preceding, (UBreakIterator *bi, int32_t offset), (bi, offset)) \
	X(uc, UBreakIterator *, ubrk_open, (UBreakIteratorType type, const char *locale, const UChar *text, int32_t textLength, UErrorCode *status), (type, locale, text, textLength, status)) \
	V(uc, ubrk_setUText, (UBreakIterator *bi, UText *text, UErrorCode *status), (bi, text, status)) \
	V(uc, ucnv_cbToUWriteUChars, (UConverterToUnicodeArgs *args, const UChar *source, int32_t length, int32_t offsetIndex, UErrorCode *err), (args, source, length, offsetIndex, err)) \
	V(uc, ucnv_convertEx, (UConverter *targetCnv, UConverter *sourceCnv, char * *target, const char *targetLimit, const char * *source, const char *sourceLimit, UChar *pivotStart, UChar * *pivotSource, UChar * *pivotTarget, const UChar *pivotLimit, UBool reset, UBool flush, UErrorCode *pErrorCode), (targetCnv, sourceCnv, target, targetLimit, source, sourceLimit, pivotStart, pivotSource, pivotTarget, pivotLimit, reset, flush, pErrorCode)) \
	X(uc, int8_t, ucnv_getMaxCharSize, (const UConverter *converter), (converter)) \
	X(uc, int8_t, ucnv_getMinCharSize, (const UConverter *converter), (converter)) \
	X(uc, const char *, ucnv_getName, (const UConverter *converter, UErrorCode *err), (converter, err)) \
	X(uc, const char *, ucnv_getStandardName, (const char *name, const char *standard, UErrorCode *pErrorCode), (name, standard, pErrorCode)) \
	X(uc, UConverter *, ucnv_open, (const char *converterName, UErrorCode *err), (converterName, err)) \
	V(uc, ucnv_setToUCallBack, (UConverter *converter, UConverterToUCallback newAction, const void *newContext, UConverterToUCallback *oldAction, const void * *oldContext, UErrorCode *err), (converter, newAction, newContext, oldAction, oldContext, err)) \
	X(uc, int32_t, ucnv_toUChars, (UConverter *cnv, UChar *dest, int32_t destCapacity, const char *src, int32_t srcLength, UErrorCode *pErrorCode), (cnv, dest, destCapacity, src, srcLength, pErrorCode)) \
	X(uc, int32_t, ucnv_toUCountPending, (const UConverter *cnv, UErrorCode *status), (cnv, status)) \
	V(uc, ucnv_toUnicode, (UConverter *converter, UChar * *target, const UChar *targetLimit, const char * *source, const char *sourceLimit, int32_t *offsets, UBool flush, UErrorCode *err), (converter, target, targetLimit, source, sourceLimit, offsets, flush, err)) \
	X(uc, int32_t, uloc_getParent, (const char *localeID, char *parent, int32_t parentCapacity, UErrorCode *err), (localeID, parent, parentCapacity, err)) \
	X(uc, UResourceBundle *, ures_getByKey, (const UResourceBundle *resourceBundle, const char *key, UResourceBundle *fillIn, UErrorCode *status), (resourceBundle, key, fillIn, status)) \
	X(uc, int32_t, ures_getSize, (const UResourceBundle *resourceBundle), (resourceBundle)) \
	X(uc, const UChar *, ures_getStringByIndex, (const UResourceBundle *resourceBundle, int32_t indexS, int32_t *len, UErrorCode *status), (resourceBundle, indexS, len, status)) \
	X(uc, const UChar *, ures_getStringByKey, (const UResourceBundle *resB, const char *key, int32_t *len, UErrorCode *status), (resB, key, len, status)) \
	X(uc, UResourceBundle *, ures_openDirect, (const char *packageName, const char *locale, UErrorCode *status), (packageName, locale, status)) \
	X(uc, int32_t, uloc_getDisplayCountry, (const char *locale, const char *displayLocale, UChar *country, int32_t countryCapacity, UErrorCode *status), (locale, displayLocale, country, countryCapacity, status)) \
	X(uc, const char *const *, uloc_getISOCountries, (void), ()) \
	X(uc, int32_t, unorm2_getDecomposition, (const UNormalizer2 *norm2, UChar32 c, UChar *decomposition, int32_t capacity, UErrorCode *pErrorCode), (norm2, c, decomposition, capacity, pErrorCode)) \
	X(uc, const UNormalizer2 *, unorm2_getNFCInstance, (UErrorCode *pErrorCode), (pErrorCode)) \
	X(uc, const UNormalizer2 *, unorm2_getNFDInstance, (UErrorCode *pErrorCode), (pErrorCode)) \
	X(uc, const UNormalizer2 *, unorm2_getNFKDInstance, (UErrorCode *pErrorCode), (pErrorCode)) \
	X(uc, UBool, unorm2_hasBoundaryBefore, (const UNormalizer2 *norm2, UChar32 c), (norm2, c)) \
	X(uc, int32_t, unorm2_normalize, (const UNormalizer2 *norm2, const UChar *src, int32_t length, UChar *dest, int32_t capacity, UErrorCode *pErrorCode), (norm2, src, length, dest, capacity, pErrorCode)) \
	X(uc, UNormalizationCheckResult, unorm2_quickCheck, (const UNormalizer2 *norm2, const UChar *s, int32_t length, UErrorCode *pErrorCode), (norm2, s, length, pErrorCode)) \
	X(uc, const char *, uscript_getName, (UScriptCode scriptCode), (scriptCode)) \
	X(uc, int32_t, uset_getItem, (const USet *set, int32_t itemIndex, UChar32 *start, UChar32 *end, UChar *str, int32_t strCapacity, UErrorCode *ec), (set, itemIndex, start, end, str, strCapacity, ec)) \
	X(uc, int32_t, uset_getRangeCount, (const USet *set), (set)) \
	X(uc, USet *, uset_openPattern, (const UChar *pattern, int32_t patternLength, UErrorCode *ec), (pattern, patternLength, ec)) \
	X(uc, UText *, utext_close, (UText *ut), (ut)) \
	X(uc, UText *, utext_openUTF8, (UText *ut, const char *s, int64_t length, UErrorCode *status), (ut, s, length, status)) \
	V(i18n, ucal_clear, (UCalendar *calendar), (calendar)) \
	X(i18n, int32_t, ucal_get, (const UCalendar *cal, UCalendarDateFields field, UErrorCode *status), (cal, field, status)) \
	X(i18n, UDate, ucal_getMillis, (const UCalendar *cal, UErrorCode *status), (cal, status)) \
	X(i18n, UCalendar *, ucal_open, (const UChar *zoneID, int32_t len, const char *locale, UCalendarType type, UErrorCode *status), (zoneID, len, locale, type, status)) \
	V(i18n, ucal_setDate, (UCalendar *cal, int32_t year, int32_t month, int32_t date, UErrorCode *status), (cal, year, month, date, status)) \
	V(i18n, ucal_setMillis, (UCalendar *cal, UDate dateTime, UErrorCode *status), (cal, dateTime, status)) \
	X(i18n, const UCharsetMatch * *, ucsdet_detectAll, (UCharsetDetector *ucsd, int32_t *matchesFound, UErrorCode *status), (ucsd, matchesFound, status)) \
	X(i18n, int32_t, ucsdet_getConfidence, (const UCharsetMatch *ucsm, UErrorCode *status), (ucsm, status)) \
	X(i18n, const char *, ucsdet_getName, (const UCharsetMatch *ucsm, UErrorCode *status), (ucsm, status)) \
	X(i18n, UCharsetDetector *, ucsdet_open, (UErrorCode *status), (status)) \
	V(i18n, ucsdet_setText, (UCharsetDetector *ucsd, const char *textIn, int32_t len, UErrorCode *status), (ucsd, textIn, len, status)) \
	X(i18n, int32_t, udat_countSymbols, (const UDateFormat *fmt, UDateFormatSymbolType type), (fmt, type)) \
	X(i18n, int32_t, udat_getSymbols, (const UDateFormat *fmt, UDateFormatSymbolType type, int32_t symbolIndex, UChar *result, int32_t resultLength, UErrorCode *status), (fmt, type, symbolIndex, result, resultLength, status)) \
	X(i18n, UDateFormat *, udat_open, (UDateFormatStyle timeStyle, UDateFormatStyle dateStyle, const char *locale, const UChar *tzID, int32_t tzIDLength, const UChar *pattern, int32_t patternLength, UErrorCode *status), (timeStyle, dateStyle, locale, tzID, tzIDLength, pattern, patternLength, status)) \
	X(i18n, int64_t, uregex_end64, (URegularExpression *regexp, int32_t groupNum, UErrorCode *status), (regexp, groupNum, status)) \
	X(i18n, UBool, uregex_findNext, (URegularExpression *regexp, UErrorCode *status), (regexp, status)) \
	X(i18n, URegularExpression *, uregex_open, (const UChar *pattern, int32_t patternLength, uint32_t flags, UParseError *pe, UErrorCode *status), (pattern, patternLength, flags, pe, status)) \
	X(i18n, URegularExpression *, uregex_openC, (const char *pattern, uint32_t flags, UParseError *pe, UErrorCode *status), (pattern, flags, pe, status)) \
	V(i18n, uregex_setFindProgressCallback, (URegularExpression *regexp, URegexFindProgressCallback *callback, const void *context, UErrorCode *status), (regexp, callback, context, status)) \
	V(i18n, uregex_setMatchCallback, (URegularExpression *regexp, URegexMatchCallback *callback, const void *context, UErrorCode *status), (regexp, callback, context, status)) \
	V(i18n, uregex_setText, (URegularExpression *regexp, const UChar *text, int32_t textLength, UErrorCode *status), (regexp, text, textLength, status)) \
	V(i18n, uregex_setUText, (URegularExpression *regexp, UText *text, UErrorCode *status), (regexp, text, status)) \
	X(i18n, int64_t, uregex_start64, (URegularExpression *regexp, int32_t groupNum, UErrorCode *status), (regexp, groupNum, status)) \
	X(i18n, UTransliterator *, utrans_openU, (const UChar *id, int32_t idLength, UTransDirection dir, const UChar *rules, int32_t rulesLength, UParseError *parseError, UErrorCode *pErrorCode), (id, idLength, dir, rules, rulesLength, parseError, pErrorCode)) \
	V(i18n, utrans_transUChars, (const UTransliterator *trans, UChar *text, int32_t *textLength, int32_t textCapacity, int32_t start, int32_t *limit, UErrorCode *status), (trans, text, textLength, textCapacity, start, limit, status)) \
	/* end */

/* The functions that close what an open gave, and do nothing given NULL,
 * as ICU's own do: given NULL they do nothing here either, so that freeing
 * what was never opened opens no library.
 *	Z(LIB, NAME, TYPE) for void NAME(TYPE *) */
#define LAZY_ICU_CLOSE_FUNCTIONS(Z) \
	Z(uc, ubrk_close, UBreakIterator) \
	Z(uc, ucnv_close, UConverter) \
	Z(uc, ures_close, UResourceBundle) \
	Z(uc, uset_close, USet) \
	Z(i18n, ucal_close, UCalendar) \
	Z(i18n, ucsdet_close, UCharsetDetector) \
	Z(i18n, udat_close, UDateFormat) \
	Z(i18n, uregex_close, URegularExpression) \
	/* end */

/* Functions answered for ASCII (c < 0x80) without ICU, so that ASCII text
 * loads no ICU for them; ASCII's facts are fixed by Unicode, and
 * tests/test_lazylib checks every answer against ICU:
 *	A(LIB, RETURN TYPE, NAME, (PARAMETERS), (ARGUMENTS), ANSWER FOR c < 0x80) */
#define LAZY_ICU_ASCII_FUNCTIONS(A) \
	A(uc, int8_t, u_charType, (UChar32 c), (c), (int8_t)lazy_icu_ascii_type(c)) \
	A(uc, UBool, u_isalnum, (UChar32 c), (c), \
		lazy_icu_ascii_letter(c) || lazy_icu_ascii_type(c) == U_DECIMAL_DIGIT_NUMBER) \
	A(uc, UBool, u_isalpha, (UChar32 c), (c), lazy_icu_ascii_letter(c)) \
	A(uc, UBool, u_isdigit, (UChar32 c), (c), lazy_icu_ascii_type(c) == U_DECIMAL_DIGIT_NUMBER) \
	A(uc, UBool, u_islower, (UChar32 c), (c), lazy_icu_ascii_type(c) == U_LOWERCASE_LETTER) \
	A(uc, UBool, u_ispunct, (UChar32 c), (c), lazy_icu_ascii_punct(c)) \
	A(uc, UBool, u_isupper, (UChar32 c), (c), lazy_icu_ascii_type(c) == U_UPPERCASE_LETTER) \
	A(uc, UScriptCode, uscript_getScript, (UChar32 c, UErrorCode *err), (c, err), \
		U_FAILURE(*err) ? USCRIPT_INVALID_CODE \
				: lazy_icu_ascii_letter(c) ? USCRIPT_LATIN : USCRIPT_COMMON) \
	A(uc, UChar32, u_tolower, (UChar32 c), (c), \
		lazy_icu_ascii_type(c) == U_UPPERCASE_LETTER ? c + 0x20 : c) \
	/* end */

/* The two libraries; u_ functions and the like are in uc, the formats,
 * calendars, regular expressions, detectors and transliterators in i18n. */
extern struct lazylib lazy_icu_uc, lazy_icu_i18n;

/* The versioned names of the listed functions and their libraries (tests
 * resolve every one). */
struct lazy_icu_name {
	struct lazylib *lib;
	const char *symbol;
};
extern const struct lazy_icu_name lazy_icu_names[];
extern const unsigned lazy_icu_count;

/* For the tests of the ASCII answers: whether ICU is open (whether a
 * function of the lists has needed it). */
int lazy_icu_is_open(void);

#endif
