/*
 * check_atomicfile.c - replacing a file through a temporary file.  Every
 * test works in its own directory made with mkdtemp under /tmp.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "check_util.h"
#include "err.h"

static char dir[64];
static char target[128];

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/zs_check_atomicfile.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(target, sizeof(target), "%s/status.json", dir);
}

static void
teardown(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

/* Entries in dir other than . and .. */
static int
entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
put(const char *text)
{
	FILE *fp = fopen(target, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static const char *
get(void)
{
	static char buf[256];
	FILE *fp = fopen(target, "r");
	size_t n;

	if (fp == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

START_TEST(test_commit)
{
	static const unsigned flags[] = { 0, ZS_ATOMICFILE_NOSYNC };
	struct zs_atomicfile af = ZS_ATOMICFILE_INIT;
	struct stat st;
	char want[128];

	put("old\n");
	ck_assert_int_eq(zs_atomicfile_open(&af, target, 0644, flags[_i]), 0);
	ck_assert_int_ge(af.fd, 0);
	ck_assert_int_eq(entries(), 2);
	/* Beside the target, hidden, the name the stale cleanup knows. */
	snprintf(want, sizeof(want), "%s/.status.json.", dir);
	ck_assert_int_eq(strncmp(af.tmp, want, strlen(want)), 0);
	ck_assert_uint_eq(strlen(af.tmp), strlen(want) + 6);
	ck_assert_int_eq(zs_atomicfile_write(&af, "new ", 4), 0);
	ck_assert_int_eq(zs_atomicfile_write(&af, "text\n", 5), 0);
	ck_assert_str_eq(get(), "old\n");	/* nothing seen before commit */
	ck_assert_int_eq(zs_atomicfile_commit(&af), 0);
	ck_assert_str_eq(get(), "new text\n");
	ck_assert_int_eq(stat(target, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0644);
	ck_assert_int_eq(entries(), 1);
	/* Done: further steps refuse, abort keeps the new file. */
	ck_assert_int_eq(zs_atomicfile_write(&af, "x", 1), ZS_EINVAL);
	ck_assert_int_eq(zs_atomicfile_sync(&af), ZS_EINVAL);
	ck_assert_int_eq(zs_atomicfile_rename(&af), ZS_EINVAL);
	zs_atomicfile_abort(&af);
	ck_assert_ptr_null(af.tmp);
	ck_assert_ptr_null(af.path);
	ck_assert_int_eq(af.fd, -1);
	ck_assert_str_eq(get(), "new text\n");
	ck_assert_int_eq(entries(), 1);
	zs_atomicfile_abort(&af);		/* twice is fine */
}
END_TEST

START_TEST(test_abort)
{
	struct zs_atomicfile af = ZS_ATOMICFILE_INIT;

	zs_atomicfile_abort(&af);		/* on a fresh one too */
	put("old\n");
	ck_assert_int_eq(zs_atomicfile_open(&af, target, 0600, 0), 0);
	ck_assert_int_eq(zs_atomicfile_write(&af, "half", 4), 0);
	errno = 1234;
	zs_atomicfile_abort(&af);
	ck_assert_int_eq(errno, 1234);		/* kept for log_warn */
	ck_assert_str_eq(get(), "old\n");
	ck_assert_int_eq(entries(), 1);

	/* Synced but not renamed: abort still removes it. */
	ck_assert_int_eq(zs_atomicfile_open(&af, target, 0644, 0), 0);
	ck_assert_int_eq(zs_atomicfile_rename(&af), ZS_EINVAL); /* open */
	ck_assert_int_eq(zs_atomicfile_sync(&af), 0);
	ck_assert_int_eq(af.fd, -1);
	ck_assert_int_eq(entries(), 2);
	zs_atomicfile_abort(&af);
	ck_assert_str_eq(get(), "old\n");
	ck_assert_int_eq(entries(), 1);
}
END_TEST

START_TEST(test_errors)
{
	struct zs_atomicfile af = ZS_ATOMICFILE_INIT;
	char path[160];

	/* No such directory: nothing to clean up. */
	snprintf(path, sizeof(path), "%s/nodir/file", dir);
	ck_assert_int_eq(zs_atomicfile_open(&af, path, 0644, 0), -ENOENT);
	ck_assert_ptr_null(af.tmp);
	ck_assert_int_eq(af.fd, -1);
	zs_atomicfile_abort(&af);

	/* The target is a directory: rename fails, target untouched. */
	snprintf(path, sizeof(path), "%s/sub", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	ck_assert_int_eq(zs_atomicfile_open(&af, path, 0644, 0), 0);
	ck_assert_int_eq(zs_atomicfile_write(&af, "x", 1), 0);
	ck_assert_int_eq(zs_atomicfile_commit(&af), -EISDIR);
	ck_assert_int_eq(entries(), 2);		/* sub and the temp file */
	zs_atomicfile_abort(&af);
	ck_assert_int_eq(entries(), 1);
	ck_assert_int_eq(rmdir(path), 0);

	/* A target in the current directory: the temp file is there too. */
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(zs_atomicfile_open(&af, "plain", 0644, 0), 0);
	ck_assert_int_eq(strncmp(af.tmp, "./.plain.", 9), 0);
	ck_assert_int_eq(zs_atomicfile_commit(&af), 0);
	zs_atomicfile_abort(&af);
	ck_assert_int_eq(access("plain", F_OK), 0);
	ck_assert_int_eq(entries(), 1);
	ck_assert_int_eq(chdir("/"), 0);
}
END_TEST

static Suite *
atomicfile_suite(void)
{
	Suite *s = suite_create("atomicfile");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_commit, 0, 2);
	tcase_add_test(tc, test_abort);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(atomicfile_suite)
