/* Transliteration to Latin through ICU: the transliterators of the reader's
 * transliterated view (layout/translit.c) and of the anchors' name keys
 * (align/anchor_name.c), opened lazily: building one costs milliseconds, so
 * a French-English pair never pays for Arabic. */
#include <config.h>

#include <pthread.h>
#include <stdlib.h>

#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "text/translit.h"
#include "text/xalloc.h"

/* The ICU ids of each transliterator, tried in order. */
static const char *const translit_ids[TRANSLIT_COUNT][2] = {
	[TRANSLIT_ARABIC] = { "Arabic-Latin", NULL },
	[TRANSLIT_PERSIAN] = { "Persian-Latin/BGN; Arabic-Latin", "Arabic-Latin" },
	[TRANSLIT_HEBREW] = { "Hebrew-Latin", NULL },
	[TRANSLIT_ANY] = { "Any-Latin", NULL },
	[TRANSLIT_KEY_ARABIC] = { "Arabic-Latin; Latin-ASCII; Lower", NULL },
	[TRANSLIT_KEY_HEBREW] = { "Hebrew-Latin; Latin-ASCII; Lower", NULL },
	[TRANSLIT_KEY_CYRILLIC] = { "Russian-Latin/BGN; Latin-ASCII; Lower",
				    "Cyrillic-Latin; Latin-ASCII; Lower" },
	[TRANSLIT_KEY_GREEK] = { "Greek-Latin/UNGEGN; Latin-ASCII; Lower",
				 "Greek-Latin; Latin-ASCII; Lower" },
};

/* Each transliterator once tried, NULL when ICU has none; ICU objects are
 * opened and used under the lock. */
static UTransliterator *translit_trans[TRANSLIT_COUNT];
static bool translit_tried[TRANSLIT_COUNT];
static pthread_mutex_t translit_lock = PTHREAD_MUTEX_INITIALIZER;

int
translit_for_script(int script, const char *lang)
{
	switch (script) {
	case USCRIPT_ARABIC:
		return lang != NULL && lang[0] == 'f' && lang[1] == 'a' ? TRANSLIT_PERSIAN
									: TRANSLIT_ARABIC;
	case USCRIPT_HEBREW:
		return TRANSLIT_HEBREW;
	case USCRIPT_LATIN: case USCRIPT_COMMON: case USCRIPT_INHERITED:
	case USCRIPT_INVALID_CODE: case USCRIPT_UNKNOWN:
		return -1;
	default:
		return TRANSLIT_ANY;
	}
}

/* The transliterator id, opened on first use. Called under the lock. */
static UTransliterator *
translit_open(enum translit_id id)
{
	if (translit_tried[id])
		return translit_trans[id];
	translit_tried[id] = true;
	for (int k = 0; k < 2 && translit_trans[id] == NULL && translit_ids[id][k] != NULL; k++) {
		UChar name[96];
		UErrorCode ec = U_ZERO_ERROR;
		u_uastrcpy(name, translit_ids[id][k]);
		translit_trans[id] = utrans_openU(name, -1, UTRANS_FORWARD, NULL, 0, NULL, &ec);
		if (U_FAILURE(ec))
			translit_trans[id] = NULL;
	}
	return translit_trans[id];
}

bool
translit_available(enum translit_id id)
{
	if ((unsigned)id >= TRANSLIT_COUNT)
		return false;
	pthread_mutex_lock(&translit_lock);
	bool ok = translit_open(id) != NULL;
	pthread_mutex_unlock(&translit_lock);
	return ok;
}

bool
translit_utf8(enum translit_id id, const char *s, size_t len, struct strbuf *out)
{
	UChar stack[512];
	UChar *u = stack;
	int32_t n = 0, cap = (int32_t)(sizeof stack / sizeof *stack);
	UErrorCode ec = U_ZERO_ERROR;
	bool ok = false;

	if ((unsigned)id >= TRANSLIT_COUNT || len > (size_t)INT32_MAX / 8)
		return false;
	/* Room for the text and for what the rules add (a letter may become
	 * two or three): retried bigger when short. */
	if ((size_t)cap < len * 2 + 32) {
		cap = (int32_t)(len * 2 + 32);
		u = xreallocarray(NULL, (size_t)cap, sizeof *u);
	}
	u_strFromUTF8(u, cap, &n, s, (int32_t)len, &ec);
	if (U_FAILURE(ec))
		goto done;
	pthread_mutex_lock(&translit_lock);
	UTransliterator *t = translit_open(id);
	for (int round = 0; t != NULL && round < 2; round++) {
		int32_t got = n, lim = n;
		UChar *w = u;
		if (round == 1) { /* the first round overflowed: from the start, roomier */
			cap *= 4;
			w = xreallocarray(NULL, (size_t)cap, sizeof *w);
			ec = U_ZERO_ERROR;
			u_strFromUTF8(w, cap, &got, s, (int32_t)len, &ec);
			lim = got;
			if (u != stack)
				free(u);
			u = w;
		}
		ec = U_ZERO_ERROR;
		utrans_transUChars(t, u, &got, cap, 0, &lim, &ec);
		if (ec != U_BUFFER_OVERFLOW_ERROR) {
			n = got;
			ok = U_SUCCESS(ec);
			break;
		}
	}
	pthread_mutex_unlock(&translit_lock);
	if (ok) {
		int32_t need = 0;
		ec = U_ZERO_ERROR;
		u_strToUTF8(NULL, 0, &need, u, n, &ec);
		strbuf_grow(out, (size_t)need + 1);
		ec = U_ZERO_ERROR;
		u_strToUTF8(out->data + out->len, need + 1, NULL, u, n, &ec);
		ok = U_SUCCESS(ec);
		if (ok) {
			out->len += (size_t)need;
			out->data[out->len] = '\0';
		}
	}
done:
	if (u != stack)
		free(u);
	return ok;
}
