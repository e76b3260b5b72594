/* The letter variants that folding unifies, and which profile unifies
 * which (search, anchor keys, labels): one table, so that a variant a
 * reader can search for is one an anchor matches. Also the anchor and
 * label folds built on it. */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "text/fold.h"
#include "text/utf8.h"
#include "text/xalloc.h"

/* The profiles a variant applies to. */
#define FOLD_IN(p) (1u << (p))
#define FOLD_IN_ALL (FOLD_IN(FOLD_SEARCH) | FOLD_IN(FOLD_ANCHOR) | FOLD_IN(FOLD_LABEL))
/* Search and anchors unify every variant: what a reader can find by
 * searching is what an anchor matches. Labels unify only the variants
 * that spell one word two ways in one language (alef with or without
 * hamza, typographic punctuation): their word lists spell out per
 * language the letters that tell languages apart (Persian yeh and keheh,
 * teh marbuta, Hebrew final forms), and read them as written. */
#define FOLD_IN_LOOSE (FOLD_IN(FOLD_SEARCH) | FOLD_IN(FOLD_ANCHOR))

int32_t
fold_variant(uint32_t c, enum fold_profile p)
{
	int32_t to;
	unsigned in = FOLD_IN_LOOSE;

	switch (c) {
	case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673:
		to = 0x0627; /* alef with madda, hamza or wasla, wavy hamza: alef */
		in = FOLD_IN_ALL;
		break;
	case 0x0649: case 0x0626: case 0x06CC: case 0x06D2:
		to = 0x064A; /* alef maksura, yeh with hamza, farsi yeh, yeh barree: yeh */
		break;
	case 0x06A9: case 0x06AA:
		to = 0x0643; /* keheh, swash kaf: kaf */
		break;
	case 0x0629: case 0x06C0: case 0x06C1: case 0x06C2: case 0x06C3: case 0x06D5:
		to = 0x0647; /* teh marbuta, heh with yeh, heh goal, ae: heh */
		break;
	case 0x0624:
		to = 0x0648; /* waw with hamza: waw */
		break;
	case 0x0674:
		to = -1; /* high hamza */
		break;
	case 0x0640:
		to = -1; /* tatweel */
		in = FOLD_IN_ALL;
		break;
	case 0x05DA: to = 0x05DB; break; /* Hebrew final forms: their base letters */
	case 0x05DD: to = 0x05DE; break;
	case 0x05DF: to = 0x05E0; break;
	case 0x05E3: to = 0x05E4; break;
	case 0x05E5: to = 0x05E6; break;
	case 0x0131:
		to = 'i'; /* dotless i (Turkish names written without it elsewhere) */
		break;
	case 0x2018: case 0x2019: case 0x201B: case 0x2032: case 0x02BC:
		to = '\''; /* typographic apostrophes */
		in = FOLD_IN_ALL;
		break;
	case 0x201C: case 0x201D: case 0x201E:
		to = '"'; /* typographic quotes (a double prime is two primes in NFKD) */
		in = FOLD_IN_ALL;
		break;
	case 0x2010: case 0x2011:
		to = '-'; /* hyphens */
		in = FOLD_IN_ALL;
		break;
	default:
		return (int32_t)c;
	}
	return (in & FOLD_IN(p)) ? to : (int32_t)c;
}

/* Anchor keys drop spacing marks and Hebrew geresh and gershayim too:
 * names and acronyms are written with and without them. */
bool
fold_anchor_drops(uint32_t cp)
{
	UChar32 c = (UChar32)cp;

	if (c == 0x0640 || c == 0x05F3 || c == 0x05F4)
		return true;
	int8_t t = u_charType(c);
	return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK ||
	       t == U_COMBINING_SPACING_MARK || t == U_FORMAT_CHAR;
}

/* Appends c as UTF-8 when it fits. */
static size_t
fold_anchor_put(char *out, size_t n, size_t cap, UChar32 c)
{
	char buf[UTF8_MAX];

	if (c < 0 || c > 0x10FFFF || U_IS_SURROGATE(c))
		return n;
	size_t k = utf8_encode((uint32_t)c, buf);
	if (n + k + 1 > cap)
		return n;
	memcpy(out + n, buf, k);
	return n + k;
}

/* Anchor keys: one code point at a time, decomposed (NFD) to base letters,
 * lowercased, the letter variants unified. */
size_t
fold_anchor(const char *s, size_t len, char *out, size_t cap)
{
	const uint8_t *u = (const uint8_t *)s;
	int32_t i = 0, n = (int32_t)len;
	size_t o = 0;
	UErrorCode ec = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&ec);

	if (cap == 0)
		return 0;
	while (i < n) {
		UChar32 c;
		if (u[i] < 0x80) {
			c = u[i++];
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			o = fold_anchor_put(out, o, cap, c);
			continue;
		}
		U8_NEXT(u, i, n, c);
		if (c < 0)
			continue;
		c = fold_variant((uint32_t)c, FOLD_ANCHOR);
		if (c < 0)
			continue;
		/* Arabic and Hebrew letters without a decomposition, and their marks. */
		if ((c >= 0x0627 && c <= 0x064A && c != 0x0640) || (c >= 0x05D0 && c <= 0x05EA)) {
			o = fold_anchor_put(out, o, cap, c);
			continue;
		}
		if ((c >= 0x064B && c <= 0x065F) || c == 0x0640 || c == 0x0670 ||
		    (c >= 0x0591 && c <= 0x05C7 && c != 0x05BE && c != 0x05C0 && c != 0x05C3 &&
		     c != 0x05C6))
			continue;
		if (fold_anchor_drops((uint32_t)c))
			continue;
		switch (c) {
		case 0x00DF: o = fold_anchor_put(out, o, cap, 's'); c = 's'; break;
		case 0x00E6: case 0x00C6: o = fold_anchor_put(out, o, cap, 'a'); c = 'e'; break;
		case 0x0153: case 0x0152: o = fold_anchor_put(out, o, cap, 'o'); c = 'e'; break;
		case 0x00F8: case 0x00D8: c = 'o'; break;
		case 0x0142: case 0x0141: c = 'l'; break;
		case 0x0111: case 0x0110: c = 'd'; break;
		default: break;
		}
		UChar d[8];
		int32_t dn = U_SUCCESS(ec) ? unorm2_getDecomposition(nfd, c, d, 8, &ec) : -1;
		if (dn > 0 && U_SUCCESS(ec)) {
			/* Keep the base letters of the decomposition. */
			for (int32_t k = 0; k < dn;) {
				UChar32 b;
				U16_NEXT(d, k, dn, b);
				b = fold_variant((uint32_t)b, FOLD_ANCHOR);
				if (b >= 0 && !fold_anchor_drops((uint32_t)b))
					o = fold_anchor_put(out, o, cap, u_tolower(b));
			}
		} else {
			ec = U_ZERO_ERROR;
			o = fold_anchor_put(out, o, cap, u_tolower(c));
		}
	}
	out[o] = '\0';
	return o;
}

/* Labels and markers: lowercase, harakat, tatweel, joiners and
 * directional marks dropped, the variants of FOLD_LABEL unified, white
 * space a space; letters otherwise as written (the word lists spell their
 * accents and each language's letters). */
int32_t
fold_label_char(int32_t c)
{
	if (c < 0)
		c = 0xFFFD;
	if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x200C || c == 0x200D ||
	    c == 0x200E || c == 0x200F || c == 0x061C)
		return -1;
	int32_t v = fold_variant((uint32_t)c, FOLD_LABEL);
	if (v != c)
		return v;
	if (c == '\t' || c == '\n' || c == '\r' || c == 0xA0)
		return ' ';
	if (c >= 'A' && c <= 'Z')
		return c + ('a' - 'A');
	if (c >= 0x80 && c < 0x0590)
		return u_tolower(c); /* Arabic and Hebrew have no case */
	return c;
}
