/*
 * conftok.c - named.conf-style tokenizer with an include stack, and the
 * value parsers shared by conf.c.
 *
 * Each source file is read whole into memory and kept until the lexer is
 * freed, so a token is just a (pointer, length) into that copy; quoted
 * strings are unescaped in place, which never makes them longer.  This
 * keeps token lifetime trivial for the parser, which may hold a peeked
 * token across the end of an included file.
 */
#include <sys/stat.h>


#include <ctype.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "conftok.h"
#include "err.h"
#include "strbuf.h"

struct src {
	char *name;		/* as shown in messages */
	char *buf;		/* whole file (mutable: strings unescape here) */
	size_t len;
	size_t pos;
	unsigned line, col;
	dev_t dev;		/* identity for include loop detection */
	ino_t ino;
	bool isfile;
};

struct zs_lex {
	struct src **all;	/* every source ever opened (kept to the end) */
	size_t nall;
	size_t stack[ZS_CONF_MAXDEPTH + 1];	/* indices into all */
	size_t depth;		/* entries used in stack */
	struct zs_tok ahead;	/* peeked token */
	bool have_ahead;
	char *errbuf;
	size_t errlen;
};

int
zs_lex_error(struct zs_lex *lx, const struct zs_loc *loc, const char *fmt,
    ...)
{
	va_list ap;
	int n = 0;

	if (lx->errlen == 0)
		return ZS_ESYNTAX;
	if (loc != NULL)
		n = snprintf(lx->errbuf, lx->errlen, "%s:%u:%u: ", loc->file,
		    loc->line, loc->col);
	if (n < 0 || (size_t)n >= lx->errlen)
		return ZS_ESYNTAX;
	va_start(ap, fmt);
	vsnprintf(lx->errbuf + n, lx->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return ZS_ESYNTAX;
}

static void
src_free(struct src *s)
{
	if (s == NULL)
		return;
	free(s->name);
	free(s->buf);
	free(s);
}

void
zs_lex_free(struct zs_lex *lx)
{
	size_t i;

	if (lx == NULL)
		return;
	for (i = 0; i < lx->nall; i++)
		src_free(lx->all[i]);
	free(lx->all);
	free(lx);
}

/* Read a whole file; on failure return a negated errno or ZS_ETOOBIG. */
static int
read_file(const char *path, struct src *s)
{
	struct stat st;
	size_t cap, n = 0;
	ssize_t r;
	char *p;
	int fd, ret;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -errno;
	if (fstat(fd, &st) == -1) {
		ret = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = ZS_EINVAL;
		goto out;
	}
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	cap = (size_t)st.st_size + 1;
	for (;;) {
		if (cap > ZS_CONF_MAXFILE + 1) {
			ret = ZS_ETOOBIG;
			goto out;
		}
		if ((p = realloc(s->buf, cap)) == NULL) {
			ret = ZS_ENOMEM;
			goto out;
		}
		s->buf = p;
		r = read(fd, s->buf + n, cap - n);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == cap)
			cap *= 2;	/* file grew while we read it */
	}
	s->len = n;
	ret = 0;
out:
	close(fd);
	return ret;
}

static int
push_src(struct zs_lex *lx, struct src *s)
{
	struct src **v;

	v = reallocarray(lx->all, lx->nall + 1, sizeof(*v));
	if (v == NULL)
		return ZS_ENOMEM;
	lx->all = v;
	lx->all[lx->nall] = s;
	lx->stack[lx->depth++] = lx->nall++;
	s->line = s->col = 1;
	return 0;
}

static struct zs_lex *
lex_new(char *errbuf, size_t errlen)
{
	struct zs_lex *lx;

	if ((lx = calloc(1, sizeof(*lx))) == NULL)
		return NULL;
	lx->errbuf = errbuf;
	lx->errlen = errlen;
	if (errlen > 0)
		errbuf[0] = '\0';
	return lx;
}

/*
 * Start a lexer on one source called name: the file at that path when
 * text is NULL, else a copy of text.  Both public openers share this so
 * the lexer and its first source are set up (and undone) in one place.
 */
static int
lex_open(const char *name, const char *text, char *errbuf, size_t errlen,
    struct zs_lex **out)
{
	struct zs_lex *lx = NULL;
	struct src *s = NULL;
	int ret = ZS_ENOMEM;

	if ((lx = lex_new(errbuf, errlen)) == NULL ||
	    (s = calloc(1, sizeof(*s))) == NULL ||
	    (s->name = strdup(name)) == NULL)
		goto out;
	if (text != NULL) {
		if ((s->buf = strdup(text)) == NULL)
			goto out;
		s->len = strlen(text);
	} else {
		s->isfile = true;
		if ((ret = read_file(name, s)) != 0) {
			if (errlen > 0)
				snprintf(errbuf, errlen, "%s: cannot read: %s",
				    name, ret == ZS_EINVAL ?
				    "not a regular file" : zs_strerror(ret));
			goto out;
		}
	}
	if ((ret = push_src(lx, s)) != 0)
		goto out;
	s = NULL;
	*out = lx;
	lx = NULL;
out:
	src_free(s);
	zs_lex_free(lx);
	return ret;
}

int
zs_lex_open_file(const char *path, char *errbuf, size_t errlen,
    struct zs_lex **out)
{
	return lex_open(path, NULL, errbuf, errlen, out);
}

int
zs_lex_open_string(const char *text, const char *name, char *errbuf,
    size_t errlen, struct zs_lex **out)
{
	return lex_open(name, text, errbuf, errlen, out);
}

static struct src *
top(struct zs_lex *lx)
{
	return lx->all[lx->stack[lx->depth - 1]];
}

static int
is_special(int c)
{
	return c == '{' || c == '}' || c == ';' || c == '"' ||
	    isspace(c) || c == '\0';
}

static void
advance(struct src *s)
{
	if (s->buf[s->pos] == '\n') {
		s->line++;
		s->col = 1;
	} else
		s->col++;
	s->pos++;
}

/* Skip blanks and comments; returns 0 or ZS_ESYNTAX (open comment). */
static int
skip_space(struct zs_lex *lx, struct src *s)
{
	struct zs_loc at;

	while (s->pos < s->len) {
		char c = s->buf[s->pos];
		char d = s->pos + 1 < s->len ? s->buf[s->pos + 1] : '\0';

		if (isspace((unsigned char)c))
			advance(s);
		else if (c == '#' || (c == '/' && d == '/')) {
			while (s->pos < s->len && s->buf[s->pos] != '\n')
				advance(s);
		} else if (c == '/' && d == '*') {
			at = (struct zs_loc){ s->name, s->line, s->col };
			advance(s);
			advance(s);
			for (;;) {
				if (s->pos + 1 >= s->len) {
					return zs_lex_error(lx, &at,
					    "unterminated comment");
				}
				if (s->buf[s->pos] == '*' &&
				    s->buf[s->pos + 1] == '/')
					break;
				advance(s);
			}
			advance(s);
			advance(s);
		} else
			break;
	}
	return 0;
}

/* Lex a quoted string, unescaping \" and \\ in place. */
static int
lex_string(struct zs_lex *lx, struct src *s, struct zs_tok *t)
{
	size_t w;

	advance(s);		/* opening quote */
	w = s->pos;
	t->type = ZS_TOK_STRING;
	t->text = s->buf + w;
	for (;;) {
		char c;

		if (s->pos >= s->len || s->buf[s->pos] == '\n')
			return zs_lex_error(lx, &t->loc, "unterminated string");
		c = s->buf[s->pos];
		if (c == '\0')
			return zs_lex_error(lx, &t->loc, "NUL byte in string");
		if (c == '"')
			break;
		/* Only \" and \\ are escapes; other backslashes stay. */
		if (c == '\\' && s->pos + 1 < s->len &&
		    (s->buf[s->pos + 1] == '"' || s->buf[s->pos + 1] == '\\')) {
			advance(s);
			c = s->buf[s->pos];
		}
		s->buf[w++] = c;
		advance(s);
	}
	t->len = (size_t)(s->buf + w - t->text);
	advance(s);		/* closing quote */
	return 0;
}

static int
lex_raw(struct zs_lex *lx, struct zs_tok *t)
{
	struct src *s;
	int ret;

	for (;;) {
		s = top(lx);
		if ((ret = skip_space(lx, s)) != 0)
			return ret;
		if (s->pos < s->len || lx->depth == 1)
			break;
		lx->depth--;	/* end of an included file */
	}
	memset(t, 0, sizeof(*t));
	t->loc = (struct zs_loc){ s->name, s->line, s->col };
	if (s->pos >= s->len) {
		t->type = ZS_TOK_EOF;
		t->text = "end of file";
		t->len = strlen(t->text);
		return 0;
	}
	t->text = s->buf + s->pos;
	switch (s->buf[s->pos]) {
	case '{':
		t->type = ZS_TOK_LBRACE;
		break;
	case '}':
		t->type = ZS_TOK_RBRACE;
		break;
	case ';':
		t->type = ZS_TOK_SEMI;
		break;
	case '"':
		return lex_string(lx, s, t);
	case '\0':
		return zs_lex_error(lx, &t->loc, "NUL byte in input");
	default:
		t->type = ZS_TOK_WORD;
		while (s->pos < s->len &&
		    !is_special((unsigned char)s->buf[s->pos]))
			advance(s);
		t->len = (size_t)(s->buf + s->pos - t->text);
		return 0;
	}
	t->len = 1;
	advance(s);
	return 0;
}

int
zs_lex_next(struct zs_lex *lx, struct zs_tok *t)
{
	if (lx->have_ahead) {
		*t = lx->ahead;
		lx->have_ahead = false;
		return 0;
	}
	return lex_raw(lx, t);
}

int
zs_lex_peek(struct zs_lex *lx, struct zs_tok *t)
{
	int ret;

	if (!lx->have_ahead) {
		if ((ret = lex_raw(lx, &lx->ahead)) != 0)
			return ret;
		lx->have_ahead = true;
	}
	*t = lx->ahead;
	return 0;
}

int
zs_lex_include(struct zs_lex *lx, const struct zs_tok *t)
{
	struct src *s = NULL;
	const char *slash;
	size_t i, dirlen = 0;
	int ret, n;

	/*
	 * t must be the last token read, so that t->loc.file is the
	 * innermost source and nothing was read ahead of the include.
	 */
	if (lx->have_ahead) {
		ret = ZS_EINVAL;
		goto out;
	}
	if (t->len == 0) {
		ret = zs_lex_error(lx, &t->loc, "empty include path");
		goto out;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		ret = ZS_ENOMEM;
		goto out;
	}
	slash = strrchr(t->loc.file, '/');
	if (t->text[0] != '/' && slash != NULL)
		dirlen = (size_t)(slash - t->loc.file) + 1;
	n = (int)(dirlen + t->len + 1);
	if ((s->name = malloc((size_t)n)) == NULL) {
		ret = ZS_ENOMEM;
		goto out;
	}
	memcpy(s->name, t->loc.file, dirlen);
	memcpy(s->name + dirlen, t->text, t->len);
	s->name[dirlen + t->len] = '\0';
	if (memchr(t->text, '\0', t->len) != NULL) {
		ret = zs_lex_error(lx, &t->loc, "NUL byte in include path");
		goto out;
	}
	if (lx->depth > ZS_CONF_MAXDEPTH) {
		ret = zs_lex_error(lx, &t->loc,
		    "include files nested deeper than %d", ZS_CONF_MAXDEPTH);
		goto out;
	}
	s->isfile = true;
	if ((ret = read_file(s->name, s)) != 0) {
		if (ret == ZS_ENOMEM)
			goto out;
		ret = zs_lex_error(lx, &t->loc, "cannot read \"%s\": %s",
		    s->name, ret == ZS_EINVAL ? "not a regular file" :
		    zs_strerror(ret));
		goto out;
	}
	for (i = 0; i < lx->depth; i++) {
		struct src *o = lx->all[lx->stack[i]];

		if (o->isfile && o->dev == s->dev && o->ino == s->ino) {
			ret = zs_lex_error(lx, &t->loc,
			    "include loop: \"%s\" is already being read",
			    s->name);
			goto out;
		}
	}
	if ((ret = push_src(lx, s)) != 0)
		goto out;
	s = NULL;
out:
	src_free(s);
	return ret;
}

bool
zs_tok_is(const struct zs_tok *t, const char *s)
{
	size_t n = strlen(s);

	if (t->type != ZS_TOK_WORD && t->type != ZS_TOK_STRING)
		return false;
	return t->len == n && strncasecmp(t->text, s, n) == 0;
}

char *
zs_tok_strdup(const struct zs_tok *t)
{
	char *p;

	if ((p = malloc(t->len + 1)) == NULL)
		return NULL;
	memcpy(p, t->text, t->len);
	p[t->len] = '\0';
	return p;
}

int
zs_parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0)
		return ZS_ESYNTAX;
	for (i = 0; i < len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return ZS_ESYNTAX;
		d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return ZS_ERANGE;
		v = v * 10 + d;
	}
	if (v > max)
		return ZS_ERANGE;
	*out = v;
	return 0;
}

static uint64_t
unit_of(char c)
{
	switch (tolower((unsigned char)c)) {
	case 'w':
		return 604800;
	case 'd':
		return 86400;
	case 'h':
		return 3600;
	case 'm':
		return 60;
	case 's':
		return 1;
	}
	return 0;
}

/*
 * Sum "<n><unit>" groups.  In ISO 8601 form 'm' means months before the
 * 'T' and minutes after it; months are refused, as BIND refuses them.
 */
static int
sum_units(const char *s, size_t len, bool iso, uint64_t *out)
{
	uint64_t total = 0, v, mul;
	bool time = !iso, any = false;
	size_t i = 0, j;
	int ret;

	while (i < len) {
		if (iso && (s[i] == 'T' || s[i] == 't') && !time) {
			time = true;
			i++;
			continue;
		}
		for (j = i; j < len && s[j] >= '0' && s[j] <= '9'; j++)
			;
		if (j == i || j == len)
			return ZS_ESYNTAX;
		if ((ret = zs_parse_u64(s + i, j - i, UINT32_MAX, &v)) != 0)
			return ret;
		mul = unit_of(s[j]);
		if (iso && (time != (mul < 86400)))
			return ZS_ESYNTAX;	/* 1H before T, 1D after */
		if (mul == 0)
			return ZS_ESYNTAX;
		total += v * mul;	/* < 2^32 * 2^20 each: no overflow */
		if (total > UINT32_MAX * (uint64_t)604800)
			return ZS_ERANGE;
		any = true;
		i = j + 1;
	}
	if (!any)
		return ZS_ESYNTAX;
	*out = total;
	return 0;
}

int
zs_parse_duration(const char *s, size_t len, uint64_t unit, uint64_t max,
    uint64_t *out)
{
	uint64_t v;
	int ret;

	if (len == 0)
		return ZS_ESYNTAX;
	if (s[len - 1] >= '0' && s[len - 1] <= '9' &&
	    zs_parse_u64(s, len, UINT64_MAX, &v) != ZS_ESYNTAX) {
		if ((ret = zs_parse_u64(s, len, max / unit, &v)) != 0)
			return ret;
		*out = v * unit;
		return 0;
	}
	if (s[0] == 'P' || s[0] == 'p')
		ret = sum_units(s + 1, len - 1, true, &v);
	else
		ret = sum_units(s, len, false, &v);
	if (ret != 0)
		return ret;
	if (v > max)
		return ZS_ERANGE;
	*out = v;
	return 0;
}

int
zs_parse_size(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v, mul = 1;
	int ret;

	if (len == 9 && strncasecmp(s, "unlimited", 9) == 0) {
		*out = 0;
		return 0;
	}
	if (len > 1) {
		switch (tolower((unsigned char)s[len - 1])) {
		case 'k':
			mul = 1024;
			break;
		case 'm':
			mul = 1024 * 1024;
			break;
		case 'g':
			mul = 1024 * 1024 * 1024;
			break;
		}
		if (mul != 1)
			len--;
	}
	if ((ret = zs_parse_u64(s, len, max / mul, &v)) != 0)
		return ret;
	*out = v * mul;
	return 0;
}

/* ---- command templates ------------------------------------------------ */

/*
 * The public zs_conf_expand_argv() and zs_conf_argv_free() live here with
 * the splitter so that conf.c stays about statements.
 */

void
zs_conf_argv_free(char **argv)
{
	size_t i;

	if (argv == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

static int
argv_push(char ***argv, size_t *n, const char *s, size_t len)
{
	char **v;

	if ((v = reallocarray(*argv, *n + 2, sizeof(*v))) == NULL)
		return ZS_ENOMEM;
	*argv = v;
	if ((v[*n] = strndup(s, len)) == NULL)
		return ZS_ENOMEM;
	v[++*n] = NULL;
	return 0;
}

/*
 * Split a command string into words: blanks separate, '...' and "..."
 * group (shell-like, so a'b c'd is one word), no other escapes.  Only
 * %% and the escapes listed in escapes ("zf" or "") may appear, so a
 * typo fails at load rather than at the first reload.
 */
int
zs_cmd_split(const char *text, size_t len, const char *escapes, char ***out,
    char *why, size_t whylen)
{
	char **argv = NULL, *w = NULL;
	size_t n = 0, wl = 0, i;
	bool inword = false;
	char q = 0;
	int ret;

	if ((w = malloc(len + 1)) == NULL) {
		ret = ZS_ENOMEM;
		goto out;
	}
	for (i = 0; i <= len; i++) {
		char c = i < len ? text[i] : '\0';

		/* Inside quotes too: an argv word never holds one. */
		if (c != '\0' && ((unsigned char)c < 0x20 || c == 0x7f) &&
		    c != ' ' && c != '\t') {
			snprintf(why, whylen, "control character in command");
			ret = ZS_ESYNTAX;
			goto out;
		}
		if (q != 0 && c != '\0') {
			if (c == q)
				q = 0;
			else
				w[wl++] = c;
			continue;
		}
		if (q != 0) {
			snprintf(why, whylen, "unterminated %c quote in command",
			    q);
			ret = ZS_ESYNTAX;
			goto out;
		}
		if (c == ' ' || c == '\t' || c == '\0') {
			if (inword && (ret = argv_push(&argv, &n, w, wl)) != 0)
				goto out;
			inword = false;
			wl = 0;
			continue;
		}
		if ((unsigned char)c < 0x20 || c == 0x7f) {
			snprintf(why, whylen, "control character in command");
			ret = ZS_ESYNTAX;
			goto out;
		}
		inword = true;
		if (c == '\'' || c == '"')
			q = c;
		else
			w[wl++] = c;
	}
	if (n == 0) {
		snprintf(why, whylen, "empty command");
		ret = ZS_ESYNTAX;
		goto out;
	}
	for (i = 0; i < n; i++) {
		const char *s;

		for (s = argv[i]; (s = strchr(s, '%')) != NULL; s += 2) {
			if (s[1] == '%' || (s[1] != '\0' &&
			    strchr(escapes, s[1]) != NULL))
				continue;
			snprintf(why, whylen, "bad escape \"%%%.1s\" in command "
			    "(%s)", s[1] != '\0' ? s + 1 : "", *escapes != '\0' ?
			    "only %z, %f and %% are allowed" :
			    "only %% is allowed");
			ret = ZS_ESYNTAX;
			goto out;
		}
	}
	*out = argv;
	argv = NULL;
	ret = 0;
out:
	free(w);
	zs_conf_argv_free(argv);
	return ret;
}

int
zs_conf_expand_argv(char *const *tmpl, const char *zone, const char *file,
    char ***out)
{
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	char **argv = NULL;
	size_t n = 0, i;
	const char *s;
	int ret;

	if (tmpl == NULL) {
		ret = ZS_EINVAL;
		goto out;
	}
	for (i = 0; tmpl[i] != NULL; i++) {
		zs_sb_reset(&sb);
		for (s = tmpl[i]; *s != '\0'; s++) {
			if (*s != '%') {
				zs_sb_putc(&sb, *s);
				continue;
			}
			s++;
			if (*s == 'z')
				zs_sb_puts(&sb, zone);
			else if (*s == 'f')
				zs_sb_puts(&sb, file);
			else if (*s == '%')
				zs_sb_putc(&sb, '%');
			else {
				ret = ZS_EINVAL;
				goto out;
			}
		}
		if ((s = zs_sb_cstr(&sb)) == NULL) {
			ret = ZS_ENOMEM;
			goto out;
		}
		if ((ret = argv_push(&argv, &n, s, sb.len)) != 0)
			goto out;
	}
	if (n == 0 && (argv = calloc(1, sizeof(*argv))) == NULL) {
		ret = ZS_ENOMEM;
		goto out;
	}
	*out = argv;
	argv = NULL;
	ret = 0;
out:
	zs_sb_free(&sb);
	zs_conf_argv_free(argv);
	return ret;
}

char **
zs_argv_dup(char *const *v)
{
	char **d = NULL;
	size_t n = 0;

	if (v == NULL)
		return NULL;
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return NULL;
	for (; *v != NULL; v++)
		if (argv_push(&d, &n, *v, strlen(*v)) != 0) {
			zs_conf_argv_free(d);
			return NULL;
		}
	return d;
}

/* One argv word in the syntax zs_cmd_split() reads back. */
static void
put_word(struct zs_strbuf *sb, const char *w)
{
	const char *s;

	if (*w != '\0' && strpbrk(w, " \t'\"") == NULL) {
		zs_sb_puts(sb, w);
		return;
	}
	if (strchr(w, '\'') == NULL) {
		zs_sb_putc(sb, '\'');
		zs_sb_puts(sb, w);
		zs_sb_putc(sb, '\'');
		return;
	}
	for (s = w; *s != '\0'; s++) {
		if (*s == '\'')
			zs_sb_puts(sb, "\"'\"");
		else {
			zs_sb_putc(sb, '\'');
			zs_sb_putc(sb, *s);
			zs_sb_putc(sb, '\'');
		}
	}
}

void
zs_cmd_join(struct zs_strbuf *sb, char *const *argv)
{
	size_t i;

	for (i = 0; argv[i] != NULL; i++) {
		if (i > 0)
			zs_sb_putc(sb, ' ');
		put_word(sb, argv[i]);
	}
}

const char *
zs_tok_desc(const struct zs_tok *t, char *buf, size_t len)
{
	size_t n = t->len > 40 ? 40 : t->len, i;

	if (t->type == ZS_TOK_EOF)
		return "end of file";
	snprintf(buf, len, "\"%.*s%s\"", (int)n, t->text,
	    t->len > n ? "..." : "");
	for (i = 0; buf[i] != '\0'; i++)	/* keep messages one line */
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			buf[i] = '?';
	return buf;
}

int
zs_lex_want_str(struct zs_lex *lx, struct zs_tok *t, const char *what)
{
	char b[64];
	int ret;

	if ((ret = zs_lex_next(lx, t)) != 0)
		return ret;
	if (t->type == ZS_TOK_WORD || t->type == ZS_TOK_STRING)
		return 0;
	return zs_lex_error(lx, &t->loc, "expected %s but found %s", what,
	    zs_tok_desc(t, b, sizeof(b)));
}

int
zs_lex_expect(struct zs_lex *lx, enum zs_tok_type type, const char *what)
{
	struct zs_tok t;
	char b[64];
	int ret;

	if ((ret = zs_lex_next(lx, &t)) != 0)
		return ret;
	if (t.type == type)
		return 0;
	if (type == ZS_TOK_SEMI)
		return zs_lex_error(lx, &t.loc, "missing \";\" before %s",
		    zs_tok_desc(&t, b, sizeof(b)));
	return zs_lex_error(lx, &t.loc, "expected %s but found %s", what,
	    zs_tok_desc(&t, b, sizeof(b)));
}
