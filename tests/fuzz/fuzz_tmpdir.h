/* A private directory for the fuzz targets of the state files, made on
 * first use and removed at exit. */
#ifndef QARIN_FUZZ_TMPDIR_H
#define QARIN_FUZZ_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_dir[4096];
static const char *fuzz_file_name;

/* Removes the file the target writes, and the directory. */
static void
fuzz_tmpdir_remove(void)
{
	char path[4200];

	snprintf(path, sizeof path, "%s/%s", fuzz_dir, fuzz_file_name);
	unlink(path);
	rmdir(fuzz_dir);
}

/* The directory, made on the first call; name is the one file written in
 * it. Aborts when no directory can be made. */
static const char *
fuzz_tmpdir(const char *name)
{
	if (fuzz_dir[0] == '\0') {
		const char *tmp = getenv("TMPDIR");
		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/qarin-fuzz.XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		if (mkdtemp(fuzz_dir) == NULL)
			abort();
		fuzz_file_name = name;
		atexit(fuzz_tmpdir_remove);
	}
	return fuzz_dir;
}

/* Writes data to the file name in dir, replacing it; aborts on failure. */
static void
fuzz_tmpdir_write(const char *dir, const char *name, const void *data, size_t size)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL || (size > 0 && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		abort();
}

#endif
