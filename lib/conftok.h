/*
 * conftok.h - tokenizer for the named.conf dialect of agent.conf, plus the
 * small value parsers (numbers, durations, sizes, addresses) that the
 * configuration parser shares.  Used only by conf.c; not a stable API.
 *
 * Tokens are words, quoted strings, '{', '}' and ';'.  Comments are
 * "// ...", "# ..." and C-style.  Every error is formatted as
 * "FILE:LINE:COL: message" into the lexer's error buffer; LINE and COL
 * are 1-based and COL counts bytes (a tab is one column).
 */
#ifndef ZS_CONFTOK_H
#define ZS_CONFTOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "strbuf.h"

#define ZS_CONF_MAXDEPTH	16	/* nested include files */
#define ZS_CONF_MAXFILE		(16u << 20)	/* bytes per config file */

enum zs_tok_type {
	ZS_TOK_EOF = 0,
	ZS_TOK_WORD,		/* unquoted run of non-special bytes */
	ZS_TOK_STRING,		/* "..." with \" and \\ unescaped */
	ZS_TOK_LBRACE,
	ZS_TOK_RBRACE,
	ZS_TOK_SEMI
};

/* Where something was written; file is owned by the lexer. */
struct zs_loc {
	const char *file;
	unsigned line;
	unsigned col;
};

/*
 * One token.  text[0..len) points into the lexer's copy of the file and
 * stays valid until zs_lex_free(); it is not NUL-terminated.
 */
struct zs_tok {
	enum zs_tok_type type;
	const char *text;
	size_t len;
	struct zs_loc loc;
};

struct zs_lex;

/*
 * Start lexing the file at path.  On failure writes "PATH: reason" to
 * errbuf and returns a negated errno, ZS_ETOOBIG or ZS_ENOMEM.  The
 * lexer borrows errbuf until zs_lex_free().
 */
int zs_lex_open_file(const char *path, char *errbuf, size_t errlen,
    struct zs_lex **out);

/*
 * Start lexing text (copied).  name is used in messages and its directory
 * anchors relative include paths.
 */
int zs_lex_open_string(const char *text, const char *name, char *errbuf,
    size_t errlen, struct zs_lex **out);

/* Free the lexer and every token text it handed out.  NULL-safe. */
void zs_lex_free(struct zs_lex *lx);

/*
 * Read the next token into *t (the end of an included file is invisible:
 * lexing continues in the including file).  Returns 0 or ZS_ESYNTAX.
 */
int zs_lex_next(struct zs_lex *lx, struct zs_tok *t);

/* Like zs_lex_next but leaves the token to be read again. */
int zs_lex_peek(struct zs_lex *lx, struct zs_tok *t);

/*
 * Push the file named by t (a path relative to the directory of the file
 * t appears in, unless absolute) onto the include stack.  Fails with
 * ZS_ESYNTAX on loops, depth over ZS_CONF_MAXDEPTH or unreadable files.
 */
int zs_lex_include(struct zs_lex *lx, const struct zs_tok *t);

/*
 * Format "FILE:LINE:COL: message" at loc into the error buffer.  Returns
 * ZS_ESYNTAX so callers can write "return zs_lex_error(...)".
 */
int zs_lex_error(struct zs_lex *lx, const struct zs_loc *loc,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * A token for messages, on one line: "foo" (at most 40 octets, control
 * bytes as '?'), or "end of file".  Returns buf or a static string.
 */
const char *zs_tok_desc(const struct zs_tok *t, char *buf, size_t len);

/*
 * The next token, which must be a word or a quoted string (what names it
 * in the message), or of the given type; ZS_ESYNTAX with the message set
 * otherwise.  A missing ";" reads 'missing ";" before X'.
 */
int zs_lex_want_str(struct zs_lex *lx, struct zs_tok *t, const char *what);
int zs_lex_expect(struct zs_lex *lx, enum zs_tok_type type, const char *what);

/* True if the token is a word or string equal to s (ASCII case ignored). */
bool zs_tok_is(const struct zs_tok *t, const char *s);

/* New NUL-terminated copy of the token text, or NULL (no memory). */
char *zs_tok_strdup(const struct zs_tok *t);

/*
 * Value parsers.  Each returns 0 and writes *out, or ZS_ESYNTAX (does
 * not parse) / ZS_ERANGE (parses but is above max).
 *
 * zs_parse_u64: decimal digits only.
 * zs_parse_duration: a plain number is multiplied by unit (1 for
 *   seconds, 60 for BIND's minute options); "1w2d3h4m5s" (any subset, any
 *   case, BIND's TTL syntax) and ISO 8601 "P1W", "P1DT2H3M4S" are seconds.
 * zs_parse_size: number with optional k/m/g suffix (x1024), or
 *   "unlimited" meaning 0.
 */
int zs_parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out);
int zs_parse_duration(const char *s, size_t len, uint64_t unit,
    uint64_t max, uint64_t *out);
int zs_parse_size(const char *s, size_t len, uint64_t max, uint64_t *out);

/*
 * Command templates (reload-command, check-command).
 *
 * zs_cmd_split: split text[0..len) into a new NULL-terminated argv (free
 * with zs_conf_argv_free()): blanks separate words, '...' and "..." group
 * (shell-like), no other escapes; only %% and %X for X in escapes (e.g.
 * "zf") may appear.  Returns 0, ZS_ENOMEM, or ZS_ESYNTAX with the reason
 * in why.
 * zs_argv_dup: deep copy, NULL for NULL or no memory.
 * zs_cmd_join: append argv to sb in the syntax zs_cmd_split reads.
 */
int zs_cmd_split(const char *text, size_t len, const char *escapes,
    char ***out, char *why, size_t whylen);
char **zs_argv_dup(char *const *argv);
void zs_cmd_join(struct zs_strbuf *sb, char *const *argv);

#endif /* ZS_CONFTOK_H */
