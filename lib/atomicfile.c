/*
 * atomicfile.c - temporary file, fsync, rename, fsync of the directory:
 * the one way zone, status and metrics files are replaced.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "err.h"

/* "DIR/.PREFIXBASE.XXXXXX" for path "DIR/BASE", a new string. */
static char *
tmp_path(const char *path, const char *prefix)
{
	char *dup = NULL, *dir, *tmp = NULL;
	const char *base;
	size_t n;

	if ((dup = strdup(path)) == NULL)
		return NULL;
	dir = dirname(dup);
	n = strlen(dir) + strlen(prefix) + strlen(path) + 16;
	if ((tmp = malloc(n)) == NULL)
		goto out;
	/* dirname() may modify its argument; take basename from path. */
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	snprintf(tmp, n, "%s/.%s%s.XXXXXX", dir, prefix, base);
out:
	free(dup);
	return tmp;
}

static int
fsync_dir(const char *path)
{
	char *dup, *dir;
	int fd, ret = 0;

	if ((dup = strdup(path)) == NULL)
		return ZS_ENOMEM;
	dir = dirname(dup);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		ret = -errno;
	else {
		if (fsync(fd) != 0)
			ret = -errno;
		close(fd);
	}
	free(dup);
	return ret;
}

int
zs_atomicfile_open(struct zs_atomicfile *af, const char *path,
    mode_t mode, unsigned flags)
{
	return zs_atomicfile_open_prefix(af, path, "", mode, flags);
}

int
zs_atomicfile_open_prefix(struct zs_atomicfile *af, const char *path,
    const char *prefix, mode_t mode, unsigned flags)
{
	int ret;

	af->fd = -1;
	af->path = af->tmp = NULL;
	af->flags = flags;
	af->renamed = false;
	if ((af->path = strdup(path)) == NULL ||
	    (af->tmp = tmp_path(path, prefix)) == NULL) {
		ret = ZS_ENOMEM;
		goto fail;
	}
	if ((af->fd = mkstemp(af->tmp)) < 0) {
		ret = -errno;
		free(af->tmp);
		af->tmp = NULL;
		goto fail;
	}
	/* mkstemp makes 0600; a reader (named) may be another user. */
	if (fchmod(af->fd, mode) != 0 ||
	    fcntl(af->fd, F_SETFD, FD_CLOEXEC) != 0) {
		ret = -errno;
		goto fail;
	}
	return 0;
fail:
	zs_atomicfile_abort(af);
	return ret;
}

int
zs_atomicfile_write(struct zs_atomicfile *af, const void *buf, size_t len)
{
	const char *p = buf;

	if (af->fd < 0)
		return ZS_EINVAL;
	while (len > 0) {
		ssize_t w = write(af->fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int
zs_atomicfile_sync(struct zs_atomicfile *af)
{
	int ret = 0;

	if (af->fd < 0)
		return ZS_EINVAL;
	if (!(af->flags & ZS_ATOMICFILE_NOSYNC) && fsync(af->fd) != 0)
		ret = -errno;
	/* close() reports delayed write errors (NFS): they count too. */
	if (close(af->fd) != 0 && ret == 0)
		ret = -errno;
	af->fd = -1;
	return ret;
}

int
zs_atomicfile_rename(struct zs_atomicfile *af)
{
	if (af->fd >= 0 || af->tmp == NULL || af->renamed)
		return ZS_EINVAL;
	if (rename(af->tmp, af->path) != 0)
		return -errno;
	af->renamed = true;
	/*
	 * The rename is done; a failed directory fsync only means it may
	 * not survive a power cut, which the caller should hear about.
	 */
	if (af->flags & ZS_ATOMICFILE_NOSYNC)
		return 0;
	return fsync_dir(af->path);
}

int
zs_atomicfile_commit(struct zs_atomicfile *af)
{
	int ret;

	if ((ret = zs_atomicfile_sync(af)) != 0)
		return ret;
	return zs_atomicfile_rename(af);
}

void
zs_atomicfile_abort(struct zs_atomicfile *af)
{
	int saved = errno;

	if (af->fd >= 0)
		close(af->fd);
	if (af->tmp != NULL && !af->renamed)
		unlink(af->tmp);
	free(af->tmp);
	free(af->path);
	af->fd = -1;
	af->tmp = NULL;
	af->path = NULL;
	af->flags = 0;
	af->renamed = false;
	errno = saved;
}
