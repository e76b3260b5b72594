/* Replays a fuzz target over its seeds without libFuzzer, for make check:
 * linked with one target's LLVMFuzzerTestOneInput and built with the
 * ordinary compiler. Each seed runs in a child process, so that a target
 * that aborts on a broken invariant (or a sanitizer report) fails one TAP
 * test and the others still run. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef FUZZ_TARGET
#error "FUZZ_TARGET must name the target (its seed folder)"
#endif

/* Seconds a seed may take, sanitizers included, before it counts as hung. */
#define REPLAY_TIMEOUT 120

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads a whole file into a new buffer; NULL (errno set) on failure. */
static uint8_t *
replay_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (f == NULL)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			uint8_t *more = realloc(buf, cap);
			if (more == NULL) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = more;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Runs the target over one file in a child; prints its TAP line and
 * returns whether it passed. */
static int
replay_one(int num, const char *path, const char *label)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		printf("not ok %d - %s: fork: %s\n", num, label, strerror(errno));
		return 0;
	}
	if (pid == 0) {
		size_t len = 0;
		uint8_t *data = replay_read(path, &len);
		if (data == NULL) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			_exit(3);
		}
		alarm(REPLAY_TIMEOUT);
		LLVMFuzzerTestOneInput(data, len);
		free(data);
		exit(0); /* exit, not _exit: LeakSanitizer checks at exit */
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			printf("not ok %d - %s: waitpid: %s\n", num, label, strerror(errno));
			return 0;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("ok %d - %s\n", num, label);
		return 1;
	}
	if (WIFSIGNALED(status))
		printf("not ok %d - %s: %s%s\n", num, label, strsignal(WTERMSIG(status)),
		       WTERMSIG(status) == SIGALRM ? " (hung)" : "");
	else
		printf("not ok %d - %s: exit status %d\n", num, label, WEXITSTATUS(status));
	return 0;
}

/* Leaves out hidden entries (and "." and ".."). */
static int
replay_wanted(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

int
main(int argc, char **argv)
{
	char dflt[4096];
	const char *srcdir = getenv("SRCDIR");
	int num = 0, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		/* No argument: the target's seed folder in the source tree. */
		snprintf(dflt, sizeof dflt, "%s/tests/fuzz/seeds/%s",
			 srcdir && *srcdir ? srcdir : ".", FUZZ_TARGET);
		static char *one[2];
		one[1] = dflt;
		argv = one;
		argc = 2;
	}
	/* Count first: the plan comes before the tests. */
	struct dirent ***lists = calloc((size_t)argc, sizeof *lists);
	int *counts = calloc((size_t)argc, sizeof *counts);
	int total = 0;
	if (lists == NULL || counts == NULL) {
		printf("Bail out! out of memory\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			printf("Bail out! %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		if (S_ISDIR(st.st_mode)) {
			counts[i] = scandir(argv[i], &lists[i], replay_wanted, alphasort);
			if (counts[i] < 0) {
				printf("Bail out! %s: %s\n", argv[i], strerror(errno));
				return 1;
			}
			if (counts[i] == 0) {
				printf("Bail out! %s: no seeds\n", argv[i]);
				return 1;
			}
		} else {
			counts[i] = -1; /* a file */
		}
		total += counts[i] < 0 ? 1 : counts[i];
	}
	printf("1..%d\n", total);
	for (int i = 1; i < argc; i++) {
		if (counts[i] < 0) {
			failed += !replay_one(++num, argv[i], argv[i]);
			continue;
		}
		for (int k = 0; k < counts[i]; k++) {
			char path[4096], label[512];
			snprintf(path, sizeof path, "%s/%s", argv[i], lists[i][k]->d_name);
			snprintf(label, sizeof label, "%s %s", FUZZ_TARGET, lists[i][k]->d_name);
			failed += !replay_one(++num, path, label);
			free(lists[i][k]);
		}
		free(lists[i]);
	}
	free(lists);
	free(counts);
	return failed ? 1 : 0;
}
