/* A private directory for the fuzz targets of the state files, made on
 * first use and removed at exit. */
#ifndef QARIN_FUZZ_TMPDIR_H
#define QARIN_FUZZ_TMPDIR_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_dir[4096];

/* Removes the files written in the directory (the state file, its lock
 * and temporary files), then the directory. */
static void
fuzz_tmpdir_remove(void)
{
	char path[4400];
	DIR *d = opendir(fuzz_dir);
	struct dirent *e;

	while (d != NULL && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", fuzz_dir, e->d_name);
		unlink(path);
	}
	if (d != NULL)
		closedir(d);
	rmdir(fuzz_dir);
}

/* The directory, made on the first call. Aborts when it cannot be made. */
static const char *
fuzz_tmpdir(void)
{
	if (fuzz_dir[0] == '\0') {
		const char *tmp = getenv("TMPDIR");
		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/qarin-fuzz.XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		if (mkdtemp(fuzz_dir) == NULL)
			abort();
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
