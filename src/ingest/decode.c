/* First stage of ingest: raw bytes to NFC UTF-8. Finds the encoding (BOM,
 * UTF-8 validity, ICU's charset detector), converts with ICU, keeps every
 * undecodable byte visible as a counted U+FFFD and refuses binary input;
 * the UTF-8 pass (decode_utf8.c) then normalizes only the stretches that
 * need it, recording an offset map. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>
#include <unicode/utf16.h>
#include <unicode/ustring.h>

#include "ingest/decode_detect.h"
#include "ingest/decode_utf8.h"
#include "ingest/decode.h"
#include "text/lib.h"

/*
 * Source coordinates of the offset map (out->map):
 * - UTF-8 input: offsets in the bytes as read, BOM included. A dropped BOM
 *   is the point (0, 3); an invalid byte that became U+FFFD (3 bytes) adds
 *   points around it.
 * - every other encoding: offsets in the input decoded to UTF-8 before
 *   normalization, the BOM decoded as U+FEFF (3 bytes) and dropped, so a
 *   BOM is the point (0, 3) there too. Invalid input bytes are already
 *   U+FFFD in those coordinates and add no point.
 * In both cases each stretch that NFC rewrote adds points at its two ends.
 */

enum {
	CONVERT_CHUNK = 16 * 1024,  /* UTF-16 units per ucnv_toUnicode call */
};

/* Whether a text with these counts is UTF-8 with damaged bytes: as many
 * good multibyte characters as bad bytes, where a code page's text seldom
 * holds a valid sequence at all. */
static bool
utf8_mostly_valid(size_t invalid, size_t multibyte)
{
	return invalid <= multibyte;
}

/* Appends UTF-16 units as UTF-8; a lead surrogate at the end of a chunk
 * waits in *lead for its trail. */
static void
put_utf16(struct strbuf *sb, const UChar *u, size_t n, UChar *lead)
{
	strbuf_grow(sb, n * 3 + 4);
	unsigned char *o = (unsigned char *)sb->data + sb->len;
	for (size_t k = 0; k < n; k++) {
		uint32_t c = u[k];
		if (*lead != 0) {
			if (U16_IS_TRAIL(c)) {
				c = (uint32_t)U16_GET_SUPPLEMENTARY(*lead, c);
				*lead = 0;
				o += utf8_encode(c, (char *)o);
				continue;
			}
			*lead = 0;
			*o++ = 0xEF; *o++ = 0xBF; *o++ = 0xBD;
		}
		if (U16_IS_LEAD(c))
			*lead = (UChar)c;
		else
			o += utf8_encode(U16_IS_TRAIL(c) ? UTF8_REPLACEMENT : c, (char *)o);
	}
	sb->len = (size_t)(o - (unsigned char *)sb->data);
	sb->data[sb->len] = '\0';
}

/* Converts byte-oriented input (a code page: a NUL byte is U+0000) straight
 * to UTF-8 with ICU's direct path. Returns 0; 1 at a refused NUL; -1 on an
 * ICU failure. */
static int
convert_bytes(UConverter *cnv, const char *bytes, size_t len, bool allow_binary,
	      struct strbuf *sb, bool *had_bom, size_t *nul_at)
{
	const char *nul = allow_binary ? NULL : memchr(bytes, 0, len);
	UChar pivot[1024], *pivot_src = pivot, *pivot_dst = pivot;
	const char *src = bytes, *end = bytes + len;
	UErrorCode e = U_ZERO_ERROR;
	bool reset = true;

	if (nul != NULL) {
		*nul_at = (size_t)(nul - bytes);
		return 1;
	}
	UConverter *utf8 = ucnv_open("UTF-8", &e);
	if (U_FAILURE(e))
		return -1;
	/* Room for the whole text at once: a byte >= 0x80 becomes at most 3. */
	size_t need = len;
	for (size_t i = 0; i < len; i++)
		need += (unsigned char)bytes[i] >= 0x80 ? 2 : 0;
	strbuf_grow(sb, need + 16);
	for (;;) {
		char *t = sb->data + sb->len;
		e = U_ZERO_ERROR;
		ucnv_convertEx(utf8, cnv, &t, sb->data + sb->cap - 1, &src, end,
			       pivot, &pivot_src, &pivot_dst, pivot + 1024,
			       reset, true, &e);
		reset = false;
		sb->len = (size_t)(t - sb->data);
		if (e != U_BUFFER_OVERFLOW_ERROR)
			break;
		strbuf_grow(sb, sb->cap / 2 + 64);
	}
	ucnv_close(utf8);
	if (U_FAILURE(e))
		return -1;
	sb->data[sb->len] = '\0';
	if (sb->len >= 3 && memcmp(sb->data, "\xEF\xBB\xBF", 3) == 0) {
		*had_bom = true;
		sb->len -= 3;
		memmove(sb->data, sb->data + 3, sb->len + 1);
	}
	return 0;
}

/* Converts the whole input with cnv into sb (UTF-8), dropping a leading
 * U+FEFF. Returns 0; 1 when a NUL is met and binary input is refused (its
 * input offset in *nul_at); -1 on an ICU failure. */
static int
convert_all(UConverter *cnv, const char *bytes, size_t len, bool allow_binary,
	    struct strbuf *sb, size_t *invalid, bool *had_bom, size_t *nul_at)
{
	const char *src = bytes, *end = bytes + len;
	UChar lead = 0;
	bool first = true;
	int rc = 0;
	UErrorCode e = U_ZERO_ERROR;

	ucnv_setToUCallBack(cnv, decode_count_cb, invalid, NULL, NULL, &e);
	if (U_FAILURE(e))
		return -1;
	if (ucnv_getMinCharSize(cnv) == 1)
		return convert_bytes(cnv, bytes, len, allow_binary, sb, had_bom, nul_at);

	/* UTF-16 and UTF-32: at most 3 bytes of UTF-8 per 2 bytes read. */
	UChar *buf = xmalloc(CONVERT_CHUNK * sizeof *buf);
	int32_t *offs = xmalloc(CONVERT_CHUNK * sizeof *offs);
	strbuf_grow(sb, len + len / 2 + 16);
	while (U_SUCCESS(e)) {
		UChar *t = buf;
		const char *s0 = src;
		ucnv_toUnicode(cnv, &t, buf + CONVERT_CHUNK, &src, end, offs, true, &e);
		if (U_FAILURE(e) && e != U_BUFFER_OVERFLOW_ERROR)
			break;
		size_t n = (size_t)(t - buf), skip = 0;
		if (first && n > 0) {
			first = false;
			if (buf[0] == 0xFEFF) {
				*had_bom = true;
				skip = 1;
			}
		}
		if (!allow_binary) {
			for (size_t k = skip; k < n; k++) {
				if (buf[k] == 0) {
					*nul_at = (size_t)(s0 - bytes) +
						  (offs[k] >= 0 ? (size_t)offs[k] : 0);
					rc = 1;
					goto done;
				}
			}
		}
		put_utf16(sb, buf + skip, n - skip, &lead);
		if (e == U_BUFFER_OVERFLOW_ERROR)
			e = U_ZERO_ERROR;
		else
			break;
	}
	if (U_FAILURE(e))
		rc = -1;
	else if (lead != 0)
		strbuf_append(sb, "\xEF\xBF\xBD", 3);
done:
	free(buf);
	free(offs);
	sb->data[sb->len] = '\0';
	return rc;
}

/* The name to report for an encoding the caller named. */
static void
encoding_report_name(const char *asked, UConverter *cnv, char *enc, size_t encsz)
{
	UErrorCode e = U_ZERO_ERROR;
	const char *internal = ucnv_getName(cnv, &e);
	const char *std = NULL;

	if (U_SUCCESS(e)) {
		std = ucnv_getStandardName(internal, "MIME", &e);
		if (std == NULL || U_FAILURE(e)) {
			e = U_ZERO_ERROR;
			std = ucnv_getStandardName(internal, "IANA", &e);
		}
	}
	snprintf(enc, encsz, "%s", std != NULL && U_SUCCESS(e) ? std : asked);
}

/* Sets the binary-input refusal. */
static void
refuse_binary(const char *name, size_t at, struct qerr *err)
{
	qerr_set(err, "%s: looks like a binary file (NUL byte at offset %zu); "
		 "use --force to read it anyway", name, at);
}

/* Decodes with an ICU converter, then normalizes. */
static int
decode_convert(const char *name, UConverter *cnv, const char *bytes, size_t len,
	       const struct decode_opts *opts, struct decoded *out, struct qerr *err)
{
	struct strbuf sb = STRBUF_INIT;
	size_t nul_at = 0;
	int rc = convert_all(cnv, bytes, len, opts->allow_binary, &sb,
			     &out->invalid_count, &out->had_bom, &nul_at);

	if (rc != 0) {
		strbuf_free(&sb);
		if (rc > 0)
			refuse_binary(name, nul_at, err);
		else
			qerr_set(err, "%s: cannot convert from %s", name, out->encoding);
		return -1;
	}
	if (out->had_bom)
		offmap_add(&out->map, 0, 3);
	struct utf8_job job = { .src_base = out->had_bom ? 3 : 0, .own_in = true,
				.stop_at_nul = !opts->allow_binary };
	size_t n = sb.len;
	char *text = decode_steal_fit(&sb);
	rc = decode_utf8(text, n, &job, out);
	if (out->text != text)
		free(text);
	if (rc != 0) {
		refuse_binary(name, job.nul_at, err);
		return -1;
	}
	return 0;
}

/* Decodes input known (or declared) to be UTF-8, dropping its BOM. */
static int
decode_utf8_input(const char *name, const char *bytes, size_t len, bool had_bom,
		  bool owned, const struct decode_opts *opts, struct decoded *out,
		  struct qerr *err)
{
	size_t skip = had_bom ? 3 : 0;
	struct utf8_job job = { .src_base = skip, .stop_at_nul = !opts->allow_binary,
				.own_in = owned && skip == 0 };

	out->had_bom = had_bom;
	if (had_bom)
		offmap_add(&out->map, 0, 3);
	if (decode_utf8(bytes + skip, len - skip, &job, out) != 0) {
		refuse_binary(name, job.nul_at, err);
		return -1;
	}
	return 0;
}

/* The Unicode encoding a byte-order mark names, or NULL. */
static const char *
bom_sniff(const unsigned char *p, size_t len)
{
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		return "UTF-8";
	if (len >= 4 && p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0)
		return "UTF-32LE";
	if (len >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF)
		return "UTF-32BE";
	if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE)
		return "UTF-16LE";
	if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
		return "UTF-16BE";
	return NULL;
}

/* Opens the named encoding's converter, or returns NULL with err set. */
static UConverter *
open_converter(const char *name, const char *enc, struct qerr *err)
{
	UErrorCode e = U_ZERO_ERROR;
	UConverter *cnv = *enc != '\0' ? ucnv_open(enc, &e) : NULL;

	if (cnv == NULL || U_FAILURE(e)) {
		if (cnv != NULL)
			ucnv_close(cnv);
		qerr_set(err, "%s: unknown encoding '%s'", name, enc);
		return NULL;
	}
	return cnv;
}

/* Decodes with the named encoding (ICU's name for UTF-8 goes the fast way);
 * owned: bytes may become the text (see decode_bytes_owned). */
static int
decode_with(const char *name, const char *enc, const char *bytes, size_t len,
	    bool owned, const struct decode_opts *opts, struct decoded *out,
	    struct qerr *err)
{
	UConverter *cnv = open_converter(name, enc, err);
	UErrorCode e = U_ZERO_ERROR;
	int rc;

	if (cnv == NULL)
		return -1;
	if (strcmp(ucnv_getName(cnv, &e), "UTF-8") == 0) {
		const char *bom = bom_sniff((const unsigned char *)bytes, len);
		rc = decode_utf8_input(name, bytes, len, bom != NULL && strcmp(bom, "UTF-8") == 0,
				       owned, opts, out, err);
	} else {
		rc = decode_convert(name, cnv, bytes, len, opts, out, err);
	}
	ucnv_close(cnv);
	return rc;
}

/* Forgets a decode that is started over in another encoding. */
static void
decode_reset(struct decoded *out, const char *bytes)
{
	if (out->text != bytes)
		free(out->text);
	out->text = NULL;
	offmap_free(&out->map);
	out->invalid_count = out->normalized_count = out->nul_count = 0;
	out->joiner_count = 0;
}

/* Decodes input with no BOM and no named encoding: UTF-16 if its zero
 * bytes say so, UTF-8 if it is valid or nearly, else the legacy code page
 * detection finds. Every choice but UTF-8 is a guess (out->guessed). */
static int
decode_detect(const char *name, const char *bytes, size_t len, bool owned,
	      const struct decode_opts *opts, struct decoded *out, struct qerr *err)
{
	struct utf8_job job = { .give_up = true, .stop_at_nul = !opts->allow_binary,
				.own_in = owned };
	const char *utf16 = detect_utf16(bytes, len);

	if (utf16 != NULL) {
		out->guessed = true;
		snprintf(out->encoding, sizeof out->encoding, "%s", utf16);
		return decode_with(name, utf16, bytes, len, false, opts, out, err);
	}
	strcpy(out->encoding, "UTF-8");
	int rc = decode_utf8(bytes, len, &job, out);
	if (rc == -2) {
		refuse_binary(name, job.nul_at, err);
		return -1;
	}
	/* Stopping early means thousands of bad bytes: not "a few". */
	if (rc == 0 && utf8_mostly_valid(out->invalid_count, job.multibyte))
		return 0;
	char enc[sizeof out->encoding];
	int confidence = -1;
	bool legacy = detect_legacy(bytes, len, enc, sizeof enc, &confidence);
	if (rc == 0 && !legacy)
		return 0;
	/* Start over (the text is not the input: that much damage changed it). */
	decode_reset(out, bytes);
	if (legacy) {
		memcpy(out->encoding, enc, sizeof enc);
		out->confidence = confidence;
		out->guessed = true;
		return decode_with(name, out->encoding, bytes, len, false, opts, out, err);
	}
	/* Nothing better: UTF-8 with every bad byte shown. */
	strcpy(out->encoding, "UTF-8");
	job.give_up = false;
	if (decode_utf8(bytes, len, &job, out) != 0) {
		refuse_binary(name, job.nul_at, err);
		return -1;
	}
	return 0;
}

/* Decodes input to NFC UTF-8: the named encoding, else a BOM, else UTF-8
 * or the legacy code page the detector finds; owned: the input may become
 * the text. */
static int
decode_run(const char *name, const char *bytes, size_t len, bool owned,
	   const struct decode_opts *opts, struct decoded *out, struct qerr *err)
{
	static const struct decode_opts defaults = { NULL, false };
	int rc;

	memset(out, 0, sizeof *out);
	out->confidence = -1;
	if (opts == NULL)
		opts = &defaults;
	if (bytes == NULL || len == 0) {
		bytes = "";
		len = 0;
	}

	const char *bom = bom_sniff((const unsigned char *)bytes, len);
	if (opts->encoding != NULL && strcasecmp(opts->encoding, "UTF-8") == 0) {
		/* What ICU would call it and do with it, without opening ICU
		 * (plain text read in pieces names UTF-8 for every piece). */
		snprintf(out->encoding, sizeof out->encoding, "UTF-8");
		rc = decode_utf8_input(name, bytes, len, bom != NULL && strcmp(bom, "UTF-8") == 0,
				       owned, opts, out, err);
	} else if (opts->encoding != NULL) {
		UConverter *cnv = open_converter(name, opts->encoding, err);
		if (cnv == NULL)
			return -1;
		encoding_report_name(opts->encoding, cnv, out->encoding, sizeof out->encoding);
		ucnv_close(cnv);
		rc = decode_with(name, opts->encoding, bytes, len, owned, opts, out, err);
	} else if (bom != NULL) {
		out->detected = true;
		snprintf(out->encoding, sizeof out->encoding, "%s", bom);
		rc = decode_with(name, bom, bytes, len, owned, opts, out, err);
	} else {
		out->detected = true;
		rc = decode_detect(name, bytes, len, owned, opts, out, err);
	}
	if (rc != 0) {
		if (out->text == bytes)
			out->text = NULL;
		decoded_free(out);
		return -1;
	}
	offmap_fit(&out->map); /* kept as long as the document */
	return 0;
}

int
decode_bytes(const char *name, const char *bytes, size_t len,
	     const struct decode_opts *opts, struct decoded *out, struct qerr *err)
{
	return decode_run(name, bytes, len, false, opts, out, err);
}

int
decode_bytes_owned(const char *name, char *bytes, size_t len,
		   const struct decode_opts *opts, struct decoded *out,
		   struct qerr *err)
{
	if (len == 0) {
		free(bytes);
		return decode_run(name, "", 0, false, opts, out, err);
	}
	int rc = decode_run(name, bytes, len, true, opts, out, err);

	if (out->text != bytes)
		free(bytes);
	return rc;
}

/* How many of the bytes of an incomplete UTF-8 sequence end the input (0
 * when it ends on a whole character or on a byte that starts none). */
static size_t
utf8_tail_partial(const unsigned char *p, size_t len)
{
	for (size_t k = 1; k <= 3 && k <= len; k++) {
		unsigned b = p[len - k];
		if (utf8_is_cont((unsigned char)b))
			continue;
		size_t need = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3
			    : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
		UChar32 c;
		/* Cut short, and what there is of it well-formed. */
		if (need <= k)
			return 0;
		unsigned char whole[4] = { 0x80, 0x80, 0x80, 0x80 };
		memcpy(whole, p + len - k, k);
		return utf8_seq(whole, whole + need, &c) == need ? k : 0;
	}
	return 0;
}

size_t
decode_whole_prefix(const char *bytes, size_t len, const struct decode_opts *opts)
{
	const char *enc = opts != NULL ? opts->encoding : NULL;
	UErrorCode e = U_ZERO_ERROR;

	if (enc == NULL)
		enc = bom_sniff((const unsigned char *)bytes, len);
	UConverter *cnv = enc != NULL ? ucnv_open(enc, &e) : NULL;
	if (cnv == NULL || U_FAILURE(e) || strcmp(ucnv_getName(cnv, &e), "UTF-8") == 0) {
		/* UTF-8, or detection (a code page of single bytes, or UTF-8). */
		if (cnv != NULL)
			ucnv_close(cnv);
		return len - utf8_tail_partial((const unsigned char *)bytes, len);
	}
	/* Any other encoding: ICU holds back what does not end a character
	 * when it is told that more input follows. */
	UChar buf[CONVERT_CHUNK];
	const char *src = bytes, *end = bytes + len;
	e = U_ZERO_ERROR;
	do {
		UChar *t = buf;
		e = U_ZERO_ERROR;
		ucnv_toUnicode(cnv, &t, buf + CONVERT_CHUNK, &src, end, NULL, false, &e);
	} while (e == U_BUFFER_OVERFLOW_ERROR);
	int32_t pending = U_SUCCESS(e) ? ucnv_toUCountPending(cnv, &e) : 0;
	ucnv_close(cnv);
	if (U_FAILURE(e) || pending < 0 || (size_t)pending > len)
		return len;
	return len - (size_t)pending;
}

/* Frees what decode_bytes allocated; safe on a failed or freed result. */
void
decoded_free(struct decoded *d)
{
	if (d == NULL)
		return;
	free(d->text);
	d->text = NULL;
	d->len = 0;
	offmap_free(&d->map);
}
