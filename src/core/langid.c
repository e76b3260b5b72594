/* Skeleton until language identification lands. */
#include <config.h>
#include <unicode/uscript.h>
#include "qarin/langid.h"

int
langid_script(const char *utf8, size_t len)
{
	(void)utf8; (void)len;
	return USCRIPT_COMMON;
}

const char *
langid_guess(const char *utf8, size_t len, int script)
{
	(void)utf8; (void)len; (void)script;
	return "";
}

enum text_dir
langid_base_dir(const char *utf8, size_t len)
{
	(void)utf8; (void)len;
	return DIR_AUTO;
}
