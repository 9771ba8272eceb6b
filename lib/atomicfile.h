/*
 * atomicfile.h - replace a file whole or not at all: write a temporary
 * file beside it, then fsync it, rename it over the target, fsync the
 * directory.
 *
 *	struct zs_atomicfile af = ZS_ATOMICFILE_INIT;
 *
 *	if ((ret = zs_atomicfile_open(&af, path, 0644, 0)) != 0 ||
 *	    (ret = zs_atomicfile_write(&af, buf, len)) != 0 ||
 *	    (ret = zs_atomicfile_commit(&af)) != 0)
 *		...;
 *	zs_atomicfile_abort(&af);	   (removes the temporary file unless
 *					    committed; always call it)
 *
 * A writer with its own needs between the steps (lib/zonefile patches
 * its header, keeps the replaced file alive) calls zs_atomicfile_sync and
 * zs_atomicfile_rename, which make up zs_atomicfile_commit, itself.
 * The temporary file is ".BASE.XXXXXX" in the target's directory (the
 * same file system, so rename is atomic); zs_zonefile_remove_stale knows
 * that pattern.
 */
#ifndef ZS_ATOMICFILE_H
#define ZS_ATOMICFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* zs_atomicfile_open flags */
#define ZS_ATOMICFILE_NOSYNC	0x1u	/* no fsync of file or directory: for
					 * files rewritten often whose loss
					 * in a power cut costs nothing */

struct zs_atomicfile {
	int fd;			/* the temporary file, -1 once closed */
	char *path;		/* target (owned) */
	char *tmp;		/* temporary file (owned), NULL if none */
	unsigned flags;		/* ZS_ATOMICFILE_* */
	bool renamed;		/* tmp is now path: nothing to remove */
};

#define ZS_ATOMICFILE_INIT	{ .fd = -1 }

/*
 * Create the temporary file beside path with the given mode (exactly:
 * the umask does not apply) and close-on-exec.  af must be
 * ZS_ATOMICFILE_INIT or aborted.  Returns 0, ZS_ENOMEM or a negated
 * errno (af then holds nothing to clean up, but abort is harmless).
 */
int zs_atomicfile_open(struct zs_atomicfile *af, const char *path,
    mode_t mode, unsigned flags);

/*
 * zs_atomicfile_open with the temporary file named ".PREFIXBASE.XXXXXX"
 * (prefix borrowed, may be ""), for a file beside a zone file whose
 * temporary files must not look like the zone writer's (lib/ixfr's
 * snapshot uses "snap+").
 */
int zs_atomicfile_open_prefix(struct zs_atomicfile *af, const char *path,
    const char *prefix, mode_t mode, unsigned flags);

/*
 * Write all of buf[0..len) (borrowed) at the current offset, across short
 * writes and EINTR.  Returns 0, a negated errno, or ZS_EINVAL when the
 * file is not open.
 */
int zs_atomicfile_write(struct zs_atomicfile *af, const void *buf,
    size_t len);

/*
 * fsync (unless NOSYNC) and close the temporary file.  Returns 0, a
 * negated errno, or ZS_EINVAL when the file is not open; the file is
 * closed in every case.
 */
int zs_atomicfile_sync(struct zs_atomicfile *af);

/*
 * After zs_atomicfile_sync: rename the temporary file over the target,
 * then fsync the directory (unless NOSYNC).  Returns 0; a negated errno
 * from rename (target untouched, temporary file still there for abort
 * to remove); a negated errno from the directory fsync (the file is in
 * place, but a power cut may undo that); ZS_EINVAL when still open or
 * already renamed.
 */
int zs_atomicfile_rename(struct zs_atomicfile *af);

/* zs_atomicfile_sync, then zs_atomicfile_rename. */
int zs_atomicfile_commit(struct zs_atomicfile *af);

/*
 * Close the temporary file if open, remove it unless renamed, free the
 * paths and reset af to ZS_ATOMICFILE_INIT.  A no-op on an initialised or
 * aborted af; call it after a commit too.  Keeps errno.
 */
void zs_atomicfile_abort(struct zs_atomicfile *af);

#endif /* ZS_ATOMICFILE_H */
