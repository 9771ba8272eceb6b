/*
 * namedinc.c - zone statements for the named.conf include: template
 * checks and expansion.  Pure text work; agent/include.c writes the file
 * and tells named.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "namedinc.h"

static int
fail(char *why, size_t whylen, const char *msg)
{
	if (whylen > 0)
		snprintf(why, whylen, "%s", msg);
	return ZS_ESYNTAX;
}

/*
 * named.conf's lexical rules, as far as balance goes: "..." strings with
 * backslash escapes, comments in the three styles (a brace or quote in a
 * comment counts for nothing).
 */
int
zs_namedinc_check(const char *body, char *why, size_t whylen)
{
	const char *s = body, *last = NULL;
	int depth = 0;

	for (; *s != '\0'; s++) {
		if (*s == '%') {
			if (s[1] != 'f' && s[1] != 'z' && s[1] != '%')
				return fail(why, whylen, "unknown escape: use "
				    "%f (file), %z (zone) or %% in "
				    "named-zone-options");
			s++;
			last = s;
			continue;
		}
		if (*s == '"') {
			for (s++; *s != '"'; s++) {
				if (*s == '\0')
					return fail(why, whylen, "unterminated "
					    "string in named-zone-options");
				if (*s == '\\' && s[1] != '\0')
					s++;
				else if (*s == '%' && s[1] != 'f' &&
				    s[1] != 'z' && s[1] != '%')
					return fail(why, whylen, "unknown "
					    "escape: use %f (file), %z (zone) "
					    "or %% in named-zone-options");
			}
			last = s;
			continue;
		}
		if (*s == '#' || (*s == '/' && s[1] == '/')) {
			while (s[1] != '\0' && s[1] != '\n')
				s++;
			continue;
		}
		if (*s == '/' && s[1] == '*') {
			const char *e = strstr(s + 2, "*/");

			if (e == NULL)
				return fail(why, whylen, "unterminated comment "
				    "in named-zone-options");
			s = e + 1;
			continue;
		}
		if (*s == '{')
			depth++;
		else if (*s == '}' && --depth < 0)
			return fail(why, whylen, "\"}\" without \"{\" in "
			    "named-zone-options");
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			last = s;
	}
	if (depth != 0)
		return fail(why, whylen, "unbalanced braces in "
		    "named-zone-options");
	if (last == NULL)
		return fail(why, whylen, "named-zone-options must not be empty");
	if (*last != ';')
		return fail(why, whylen, "named-zone-options must end with "
		    "\";\"");
	return 0;
}

/*
 * s for the inside of a named.conf quoted string.  BIND's lexer keeps a
 * backslash as it is, except before a quote, which it unescapes; so only
 * quotes need one.  A zone name is in presentation form already (a quote
 * there is written \", a backslash \\): as it is, it reaches BIND's name
 * parser with its escapes, which is what that parser wants.
 */
static void
put_escaped(struct zs_strbuf *sb, const char *s, bool presentation)
{
	for (; *s != '\0'; s++) {
		if (*s == '"' && !presentation)
			zs_sb_putc(sb, '\\');
		zs_sb_putc(sb, *s);
	}
}

int
zs_namedinc_zone(struct zs_strbuf *sb, const char *zone, const char *file,
    const char *body)
{
	const char *s;

	zs_sb_puts(sb, "zone \"");
	put_escaped(sb, zone, true);
	zs_sb_puts(sb, "\" {\n\t");
	for (s = body; *s != '\0'; s++) {
		if (*s != '%') {
			zs_sb_putc(sb, *s);
			continue;
		}
		switch (*++s) {
		case 'f':
			put_escaped(sb, file, false);
			break;
		case 'z':
			put_escaped(sb, zone, true);
			break;
		case '%':
			zs_sb_putc(sb, '%');
			break;
		default:
			return ZS_EINVAL;
		}
	}
	zs_sb_puts(sb, "\n};\n");
	return sb->err;
}

int
zs_namedinc_raw(struct zs_strbuf *sb, const char *body)
{
	static const char end[] = "\n};\n";
	size_t el = sizeof(end) - 1;

	if (strstr(body, "masterfile-format") != NULL)
		return 0;	/* the operator's word stands */
	if (sb->err != 0)
		return sb->err;
	if (sb->len < el || memcmp(sb->buf + sb->len - el, end, el) != 0)
		return ZS_EINVAL;
	sb->len -= el;
	zs_sb_puts(sb, "\n\tmasterfile-format raw;");
	zs_sb_puts(sb, end);
	return sb->err;
}

void
zs_namedinc_header(struct zs_strbuf *sb, size_t nzones)
{
	zs_sb_appendf(sb, "// Written by zonesyncd: %zu zone%s.  Do not edit: "
	    "the agent rewrites this\n// file whenever its zones change "
	    "(named-include in agent.conf).\n", nzones, nzones == 1 ? "" :
	    "s");
}
