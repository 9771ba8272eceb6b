#define _GNU_SOURCE	/* sync_file_range */
/*
 * zonefile.c - streaming, atomic BIND text zone file writer.
 *
 * The header's serial and record count are not known when the header is
 * written, so they are fixed-width fields patched with pwrite() at
 * commit; the body is never revisited and no record is held in memory.
 * The fields are right-aligned (the padding goes between the colon and
 * the number), so no line ends in spaces, and both end in one column.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomicfile.h"
#include "rawzone.h"
#include "rdata.h"
#include "rrtype.h"
#include "strbuf.h"
#include "zonefile.h"

#define FLUSH_AT	(192 * 1024)	/* write(2) in chunks of about this */
/*
 * Start writeback this often.  The commit's fsync then waits for at most
 * this much: 100k records (5 MB), 8 MB steps: fsync 5.0 ms; 1 MB steps:
 * 0.75 ms, for 0.5 ms of sync_file_range calls spread over the transfer.
 */
#define WRITEBACK_AT	(1024 * 1024)
#define COUNT_W		20		/* digits of a uint64 */
#define SERIAL_W	(COUNT_W + 1)	/* >= 10 digits of a uint32; "serial:"
					 * is one shorter than "records:" */

struct zs_zonefile {
	struct zs_atomicfile af; /* temporary file, target */
	enum zs_zonefile_format format;
	struct zs_rawset rs;	/* raw: the RRset block being built */
	char *old;		/* the replaced file, kept until free */
	uint8_t origin[ZS_DNAME_MAXLEN];
	size_t olen;
	uint16_t rrclass;
	struct zs_strbuf out;	/* pending output */
	off_t serial_off;	/* header field offsets */
	off_t count_off;
	uint64_t records;
	uint64_t bytes;		/* flushed to the file */
	uint64_t synced;	/* bytes whose writeback was started */
	/* Text of the previous owner: RRsets repeat it. */
	uint8_t last_owner[ZS_DNAME_MAXLEN];
	size_t last_owner_len;
	char *last_owner_text;
	size_t last_owner_tlen;
	struct zs_strbuf owner;
};

static int
flush(struct zs_zonefile *zf)
{
	int ret;

	if (zf->out.err != 0)
		return zf->out.err;
	if ((ret = zs_atomicfile_write(&zf->af, zf->out.buf,
	    zf->out.len)) != 0)
		return ret;
	zf->bytes += zf->out.len;
	zs_sb_reset(&zf->out);
#ifdef SYNC_FILE_RANGE_WRITE
	/*
	 * Start writing back what we have so far without waiting for it, so
	 * the fsync at commit finds little left to do: on a big zone that
	 * fsync was most of the time between the last message and the file
	 * being in place.  Errors are ignored here; fsync reports them.
	 */
	if (zf->bytes - zf->synced >= WRITEBACK_AT) {
		(void)sync_file_range(zf->af.fd, (off_t)zf->synced,
		    (off_t)(zf->bytes - zf->synced), SYNC_FILE_RANGE_WRITE);
		zf->synced = zf->bytes;
	}
#endif
	return 0;
}

static void
header(struct zs_zonefile *zf, const struct zs_zonefile_meta *meta)
{
	struct zs_strbuf *sb = &zf->out;
	char when[32] = "unknown";
	struct tm tm;
	time_t t;

	if (meta != NULL && meta->time != 0) {
		t = (time_t)meta->time;
		if (gmtime_r(&t, &tm) != NULL)
			strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	zs_sb_puts(sb, "; zonesync zone file: ");
	zs_dname_totext(sb, zf->origin, zf->olen);
	zs_sb_puts(sb, "\n; primary: ");
	zs_sb_puts(sb, meta != NULL && meta->primary != NULL ?
	    meta->primary : "unknown");
	zs_sb_puts(sb, "\n; transferred: ");
	zs_sb_puts(sb, when);
	zs_sb_puts(sb, "\n; serial: ");
	zf->serial_off = (off_t)zf->out.len;
	zs_sb_appendf(sb, "%*s", SERIAL_W, "0");
	zs_sb_puts(sb, "\n; records: ");
	zf->count_off = (off_t)zf->out.len;
	zs_sb_appendf(sb, "%*s", COUNT_W, "0");
	zs_sb_puts(sb, "\n$ORIGIN ");
	zs_dname_totext(sb, zf->origin, zf->olen);
	zs_sb_putc(sb, '\n');
}

int
zs_zonefile_open(struct zs_zonefile **out, const char *path,
    const uint8_t *origin, size_t olen, uint16_t rrclass,
    const struct zs_zonefile_meta *meta)
{
	struct zs_zonefile *zf;
	int ret;

	if (olen > ZS_DNAME_MAXLEN || zs_dname_check(origin, olen) != 0)
		return ZS_EINVAL;
	if ((zf = calloc(1, sizeof(*zf))) == NULL)
		return ZS_ENOMEM;
	zf->af = (struct zs_atomicfile)ZS_ATOMICFILE_INIT;
	memcpy(zf->origin, origin, olen);
	zf->olen = olen;
	zf->rrclass = rrclass;
	/* named, maybe another user, must read it. */
	if ((ret = zs_atomicfile_open(&zf->af, path, 0644, 0)) != 0)
		goto fail;
	if (zs_sb_grow(&zf->out, FLUSH_AT + 4096) != 0) {
		ret = ZS_ENOMEM;
		goto fail;
	}
	zf->format = meta != NULL ? meta->format : ZS_ZONEFILE_TEXT;
	zf->rs = (struct zs_rawset)ZS_RAWSET_INIT;
	if (zf->format == ZS_ZONEFILE_RAW)
		zs_raw_header(&zf->out, meta->time > 0 ?
		    (uint32_t)meta->time : 0);
	else if (zf->format == ZS_ZONEFILE_TEXT)
		header(zf, meta);
	else {
		ret = ZS_EINVAL;
		goto fail;
	}
	if (zf->out.err != 0) {
		ret = zf->out.err;
		goto fail;
	}
	*out = zf;
	return 0;
fail:
	zs_zonefile_free(zf);
	return ret;
}

/*
 * Owner text, relative to $ORIGIN where that keeps every octet; nothing
 * when it is the previous record's owner, octet for octet (the line then
 * starts with a tab and the parser reuses that owner, as in BIND's own
 * dumps).
 */
static void
owner_text(struct zs_zonefile *zf, const struct zs_rr *rr)
{
	struct zs_strbuf *sb = &zf->out;
	int rel;

	if (rr->owner_len == zf->last_owner_len && zf->owner.err == 0 &&
	    memcmp(rr->owner, zf->last_owner, rr->owner_len) == 0)
		return;
	zs_sb_reset(&zf->owner);
	rel = zs_dname_rel_labels(rr->owner, rr->owner_len, zf->origin,
	    zf->olen);
	if (rel == 0)
		zs_sb_putc(&zf->owner, '@');
	else if (rel > 0)
		zs_dname_totext_labels(&zf->owner, rr->owner, (size_t)rel);
	else
		zs_dname_totext(&zf->owner, rr->owner, rr->owner_len);
	if (zf->owner.err != 0) {
		sb->err = zf->owner.err;
		return;
	}
	memcpy(zf->last_owner, rr->owner, rr->owner_len);
	zf->last_owner_len = rr->owner_len;
	zs_sb_put(sb, zf->owner.buf, zf->owner.len);
}

/*
 * Raw: the record joins the open block when it continues its RRset;
 * otherwise that block is finished first, and only then, between
 * blocks, may the buffer go to the file (the open block's length and
 * count are filled in inside the buffer).
 */
static int
add_raw(struct zs_zonefile *zf, const struct zs_rr *rr)
{
	uint16_t covers = zs_raw_covers(rr);
	int ret;

	if (!zs_raw_continues(&zf->rs, &zf->out, rr, covers)) {
		zs_raw_close(&zf->rs, &zf->out);
		if (zf->out.len >= FLUSH_AT && (ret = flush(zf)) != 0)
			return ret;
	}
	if ((ret = zs_raw_add(&zf->rs, &zf->out, rr, covers)) != 0)
		return ret;
	zf->records++;
	return 0;
}

int
zs_zonefile_add(struct zs_zonefile *zf, const struct zs_rr *rr)
{
	struct zs_strbuf *sb = &zf->out;
	int ret;

	if (zf->format == ZS_ZONEFILE_RAW)
		return add_raw(zf, rr);
	owner_text(zf, rr);
	zs_sb_putc(sb, '\t');
	zs_sb_u32(sb, rr->ttl);
	zs_sb_putc(sb, '\t');
	/*
	 * The class is said once, on the SOA; without it a record takes the
	 * zone's.  Omitting the class and repeated owners makes named load
	 * the file about 6% faster (bench/profile-notes.md).  It stays where
	 * the type's mnemonic could read as a class (ANY, 128-255 are never
	 * zone data, but a hostile primary may send them) or the class is
	 * not the zone's.
	 */
	if (zf->records == 0 || rr->rrclass != zf->rrclass ||
	    (rr->type >= 128 && rr->type <= 255)) {
		zs_rrclass_totext(sb, rr->rrclass);
		zs_sb_putc(sb, '\t');
	}
	zs_rrtype_totext(sb, rr->type);
	zs_sb_putc(sb, '\t');
	if ((ret = zs_rdata_totext_class(sb, rr->rrclass, rr->type,
	    rr->rdata)) < 0)
		return ret;
	/*
	 * Written generic: unknown, or malformed for its type?  A malformed
	 * record fails the zone (named would refuse the file).  Typed text
	 * implies well formed, so the common case costs nothing here.
	 */
	if (ret == 1 && zs_rdata_check(rr->rrclass, rr->type,
	    rr->rdata) != 0)
		return ZS_EBADRDATA;
	zs_sb_putc(sb, '\n');
	if (sb->err != 0)
		return sb->err;
	zf->records++;
	if (sb->len >= FLUSH_AT)
		return flush(zf);
	return 0;
}

static int
patch(int fd, off_t off, int width, uint64_t v)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%*llu", width,
	    (unsigned long long)v);

	if (pwrite(fd, buf, (size_t)n, off) != n)
		return errno != 0 ? -errno : ZS_EINVAL;
	return 0;
}

int
zs_zonefile_finish(struct zs_zonefile *zf, uint32_t serial)
{
	int ret;

	if (zf->af.fd < 0)
		return ZS_EINVAL;
	if (zf->format == ZS_ZONEFILE_RAW) {
		/* Nothing to patch: raw has no serial or count in its header. */
		zs_raw_close(&zf->rs, &zf->out);
		if ((ret = flush(zf)) != 0)
			return ret;
		return zs_atomicfile_sync(&zf->af);
	}
	if ((ret = flush(zf)) != 0 ||
	    (ret = patch(zf->af.fd, zf->serial_off, SERIAL_W, serial)) != 0 ||
	    (ret = patch(zf->af.fd, zf->count_off, COUNT_W,
	    zf->records)) != 0)
		return ret;
	return zs_atomicfile_sync(&zf->af);
}

const char *
zs_zonefile_tmppath(const struct zs_zonefile *zf)
{
	return zf->af.tmp;
}

int
zs_zonefile_install(struct zs_zonefile *zf)
{
	int ret;

	if (zf->af.fd >= 0 || zf->af.tmp == NULL || zf->af.renamed)
		return ZS_EINVAL;
	/*
	 * Renaming over a big file frees its blocks inside rename(): 70 ms
	 * for a million records, between the new zone being complete and
	 * named hearing of it.  A second link keeps the old inode alive
	 * across the rename; zs_zonefile_free drops it, after the caller
	 * has told named.  The link takes the temporary name pattern, so a
	 * crash leaves nothing that the stale-file cleanup would miss.
	 */
	if ((zf->old = strdup(zf->af.tmp)) != NULL) {
		size_t n = strlen(zf->old);

		/* Our own ".NAME.XXXXXX" with its last letter changed. */
		zf->old[n - 1] = zf->old[n - 1] == 'o' ? 'q' : 'o';
		if (link(zf->af.path, zf->old) != 0) {
			free(zf->old);
			zf->old = NULL;
		}
	}
	ret = zs_atomicfile_rename(&zf->af);
	if (!zf->af.renamed && zf->old != NULL) {
		unlink(zf->old);
		free(zf->old);
		zf->old = NULL;
	}
	return ret;
}

int
zs_zonefile_commit(struct zs_zonefile *zf, uint32_t serial)
{
	int ret;

	if ((ret = zs_zonefile_finish(zf, serial)) != 0)
		return ret;
	return zs_zonefile_install(zf);
}

char *
zs_zonefile_take_replaced(struct zs_zonefile *zf)
{
	char *p = zf->old;

	zf->old = NULL;
	return p;
}

uint64_t
zs_zonefile_records(const struct zs_zonefile *zf)
{
	return zf->records;
}

uint64_t
zs_zonefile_bytes(const struct zs_zonefile *zf)
{
	return zf->bytes + zf->out.len;
}

void
zs_zonefile_free(struct zs_zonefile *zf)
{
	if (zf == NULL)
		return;
	zs_atomicfile_abort(&zf->af);
	if (zf->old != NULL)
		unlink(zf->old);
	free(zf->old);
	zs_sb_free(&zf->out);
	zs_sb_free(&zf->owner);
	free(zf);
}

/*
 * The header and SOA line fit in this much (names are at most 1,020
 * characters in text); the rest of the file is never read.
 */
#define INFO_MAX	8192
#define WALK_BUF	(256 * 1024)

/*
 * Sum the record counts of a raw file's blocks, from offset off (the
 * first block after the header) to the end, reading their headers
 * through a window that moves forward only; blocks average 50 octets,
 * so the window is refilled rarely and the file read once.
 */
static int
raw_count(int fd, off_t off, off_t size, uint64_t *count)
{
	uint8_t *buf;
	off_t base = 0;		/* file offset of buf[0] */
	size_t have = 0;	/* valid octets in buf */
	uint64_t n = 0;
	ssize_t r;
	int ret = 0;

	if ((buf = malloc(WALK_BUF)) == NULL)
		return ZS_ENOMEM;
	while (off < size) {
		uint32_t total;

		/* Block header (length at 0, count at 14) in the window? */
		if (off < base || off + 18 > base + (off_t)have) {
			base = off;
			have = 0;
			while (have < WALK_BUF) {
				r = pread(fd, buf + have, WALK_BUF - have,
				    base + (off_t)have);
				if (r < 0 && errno == EINTR)
					continue;
				if (r < 0) {
					ret = -errno;
					goto out;
				}
				if (r == 0)
					break;
				have += (size_t)r;
			}
			if (have < 18) {
				ret = ZS_ESYNTAX;
				goto out;
			}
		}
		total = zs_be32(buf + (off - base));
		if (total < 18 + 2) {
			ret = ZS_ESYNTAX;
			goto out;
		}
		n += zs_be32(buf + (off - base) + 14);
		off += total;
	}
	/* The last block must end where the file does. */
	if (off != size) {
		ret = ZS_ESYNTAX;
		goto out;
	}
	*count = n;
out:
	free(buf);
	return ret;
}

static int
read_info_raw(int fd, const uint8_t *buf, size_t len,
    struct zs_zonefile_info *info)
{
	struct zs_zonefile_info t;
	struct zs_raw_soa soa;
	struct stat st;
	uint64_t n = 0;
	int ret;

	if ((ret = zs_raw_read_soa(buf, len, &soa)) != 0)
		return ZS_ESYNTAX;
	if (fstat(fd, &st) != 0)
		return -errno;
	if ((ret = raw_count(fd, ZS_RAW_HDRLEN, st.st_size, &n)) != 0)
		return ret;
	memset(&t, 0, sizeof(t));
	t.format = ZS_ZONEFILE_RAW;
	t.serial = soa.serial;
	t.refresh = soa.refresh;
	t.retry = soa.retry;
	t.expire = soa.expire;
	t.minimum = soa.minimum;
	t.records = n;
	*info = t;
	return 0;
}

int
zs_zonefile_read_info(const char *path, struct zs_zonefile_info *info)
{
	char buf[INFO_MAX + 1], *line, *nl, *tok[16], *save = NULL, *p, *end;
	struct zs_zonefile_info t;
	uint32_t *const field[5] = { &t.serial, &t.refresh, &t.retry,
	    &t.expire, &t.minimum };
	unsigned long long v;
	size_t len = 0;
	int n, i, fd;
	bool have_count = false;
	ssize_t r;

	/*
	 * One open and one read: a daemon starting with 10,000 zones reads
	 * 10,000 of these, and stdio's buffering and fstat doubled the cost.
	 */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	while (len < INFO_MAX && (r = read(fd, buf + len, INFO_MAX - len)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			n = -errno;
			close(fd);
			return n;
		}
		len += (size_t)r;
		/* A short read of a regular file is its end: no extra call. */
		if (len < INFO_MAX)
			break;
	}
	if (zs_raw_is_raw((const uint8_t *)buf, len)) {
		n = read_info_raw(fd, (const uint8_t *)buf, len, info);
		close(fd);
		return n;
	}
	close(fd);
	buf[len] = '\0';
	if (strncmp(buf, "; zonesync zone file: ", 22) != 0)
		return ZS_ESYNTAX;
	memset(&t, 0, sizeof(t));
	/* Header comments, $ORIGIN, then the SOA on one whole line. */
	for (line = buf; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		*nl = '\0';
		if (strncmp(line, "; records: ", 11) == 0) {
			errno = 0;
			t.records = strtoull(line + 11, &end, 10);
			have_count = errno == 0 && end != line + 11;
		}
		if (line[0] == ';' || line[0] == '$')
			continue;
		n = 0;
		for (p = strtok_r(line, " \t", &save); p != NULL && n < 16;
		    p = strtok_r(NULL, " \t", &save))
			tok[n++] = p;
		/* owner ttl class SOA mname rname + 5 numbers */
		if (!have_count || n != 11 || strcmp(tok[3], "SOA") != 0)
			return ZS_ESYNTAX;
		for (i = 0; i < 5; i++) {
			errno = 0;
			v = strtoull(tok[6 + i], &end, 10);
			if (errno != 0 || *end != '\0' || v > UINT32_MAX)
				return ZS_ESYNTAX;
			*field[i] = (uint32_t)v;
		}
		*info = t;
		return 0;
	}
	return ZS_ESYNTAX;
}

/* A zone file split into directory and base name, for sorting. */
struct dirbase {
	char *dir;		/* owned */
	const char *base;	/* into the caller's path */
};

static int
dirbase_cmp(const void *a, const void *b)
{
	const struct dirbase *x = a, *y = b;
	int d = strcmp(x->dir, y->dir);

	return d != 0 ? d : strcmp(x->base, y->base);
}

/*
 * If name is "." base "." plus the six characters of mkstemp, return
 * base's length; otherwise 0.
 */
static size_t
stale_base_len(const char *name)
{
	size_t n = strlen(name);

	if (n < 9 || name[0] != '.' || name[n - 7] != '.')
		return 0;
	return n - 8;
}

/*
 * If name is lib/ixfr's temporary snapshot of a zone file, ".snap+" base
 * ".snap." plus six characters, return base's length; otherwise 0.
 */
static size_t
stale_snap_base_len(const char *name)
{
	static const char pre[] = ".snap+", suf[] = ".snap.";
	size_t n = strlen(name), pl = sizeof(pre) - 1, sl = sizeof(suf) - 1;

	if (n < pl + 1 + sl + 6 || strncmp(name, pre, pl) != 0 ||
	    strncmp(name + n - 6 - sl, suf, sl) != 0)
		return 0;
	return n - pl - sl - 6;
}

/* Whether dir/base (base name[off..off+blen)) is one of v[0..n). */
static bool
stale_match(const struct dirbase *v, size_t n, char *dir, const char *name,
    size_t off, size_t blen)
{
	char base[NAME_MAX + 1];
	struct dirbase key;

	if (blen == 0 || blen > NAME_MAX)
		return false;
	memcpy(base, name + off, blen);
	base[blen] = '\0';
	key.dir = dir;
	key.base = base;
	return bsearch(&key, v, n, sizeof(*v), dirbase_cmp) != NULL;
}

int
zs_zonefile_remove_stale(const char *const *paths, size_t n)
{
	struct dirbase *v;
	size_t i, j;
	int removed = 0;

	if (n == 0)
		return 0;
	if ((v = calloc(n, sizeof(*v))) == NULL)
		return ZS_ENOMEM;
	for (i = 0; i < n; i++) {
		char *dup = strdup(paths[i]);
		const char *slash = strrchr(paths[i], '/');

		if (dup == NULL || (v[i].dir = strdup(dirname(dup))) == NULL) {
			free(dup);
			removed = ZS_ENOMEM;
			goto out;
		}
		free(dup);
		v[i].base = slash != NULL ? slash + 1 : paths[i];
	}
	qsort(v, n, sizeof(*v), dirbase_cmp);
	for (i = 0; i < n; i = j) {
		struct dirent *de;
		DIR *d;

		for (j = i + 1; j < n && strcmp(v[j].dir, v[i].dir) == 0; j++)
			;
		if ((d = opendir(v[i].dir)) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			char *p;

			if (!stale_match(v + i, j - i, v[i].dir, de->d_name, 1,
			    stale_base_len(de->d_name)) &&
			    !stale_match(v + i, j - i, v[i].dir, de->d_name, 6,
			    stale_snap_base_len(de->d_name)))
				continue;
			if ((p = malloc(strlen(v[i].dir) +
			    strlen(de->d_name) + 2)) == NULL)
				break;
			sprintf(p, "%s/%s", v[i].dir, de->d_name);
			if (unlink(p) == 0)
				removed++;
			free(p);
		}
		closedir(d);
	}
out:
	for (i = 0; i < n; i++)
		free(v[i].dir);
	free(v);
	return removed;
}
