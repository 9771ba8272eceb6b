/*
 * replay.c - a plain main() for the fuzz harnesses: call
 * LLVMFuzzerTestOneInput on every file of a corpus directory, in sorted
 * order, so the corpus runs on every `make check` without clang.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read a whole file; returns a buffer the caller frees, or NULL. */
static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL, *p;
	size_t cap = 0, n = 0, r;

	if (fp == NULL)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 4096;
			if ((p = realloc(buf, cap)) == NULL) {
				free(buf);
				fclose(fp);
				return NULL;
			}
			buf = p;
		}
		r = fread(buf + n, 1, cap - n, fp);
		if (r == 0)
			break;
		n += r;
	}
	if (ferror(fp)) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	*len = n;
	return buf;
}

int
main(int argc, char **argv)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL, **p, path[4096];
	size_t n = 0, cap = 0, i;
	int status = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s corpus-dir\n", argv[0]);
		return 1;
	}
	if ((d = opendir(argv[1])) == NULL) {
		perror(argv[1]);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat stb;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], e->d_name);
		if (stat(path, &stb) != 0 || !S_ISREG(stb.st_mode))
			continue;
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 64;
			if ((p = reallocarray(names, cap, sizeof(*names))) == NULL) {
				perror("realloc");
				return 1;
			}
			names = p;
		}
		if ((names[n] = strdup(e->d_name)) == NULL) {
			perror("strdup");
			return 1;
		}
		n++;
	}
	closedir(d);
	if (n == 0) {
		fprintf(stderr, "%s: no inputs\n", argv[1]);
		free(names);
		return 1;
	}
	qsort(names, n, sizeof(*names), cmp);
	for (i = 0; i < n; i++) {
		uint8_t *buf;
		size_t len = 0;

		snprintf(path, sizeof(path), "%s/%s", argv[1], names[i]);
		if ((buf = slurp(path, &len)) == NULL) {
			perror(path);
			status = 1;
		} else {
			LLVMFuzzerTestOneInput(buf, len);
			free(buf);
		}
		free(names[i]);
	}
	free(names);
	if (status == 0)
		printf("replayed %zu inputs from %s\n", n, argv[1]);
	return status;
}
