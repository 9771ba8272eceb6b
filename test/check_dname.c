/*
 * check_dname.c - domain names: wire unpack, text in and out, comparison.
 */
#include <stdio.h>

#include "check_util.h"
#include "dname.h"

#define EXAMPLE_COM	"07 6578616d706c65 03 636f6d 00"

/* ------------------------------------------------------------------ */
/* zs_dname_unpack                                                      */

static const struct {
	const char *msg;	/* hex of the whole message */
	size_t start;		/* where the name starts */
	int err;		/* expected result */
	const char *want;	/* hex of the name on success */
	size_t after;		/* cursor position after success */
} unpack_cases[] = {
	/* 0 plain */
	{ EXAMPLE_COM, 0, 0, EXAMPLE_COM, 13 },
	/* 1 root */
	{ "00", 0, 0, "00", 1 },
	/* 2 case preserved */
	{ "03 5777 77 07 4558616d506c65 00", 0, 0,
	    "03 5777 77 07 4558616d506c65 00", 13 },
	/* 3 one pointer to a full name */
	{ "03 636f6d 00  07 6578616d706c65 c000", 5, 0, EXAMPLE_COM, 15 },
	/* 4 pointer to a pointer (chain) */
	{ "03 636f6d 00  07 6578616d706c65 c000  03 777777 c005", 15, 0,
	    "03 777777" EXAMPLE_COM, 21 },
	/* 5 a bare pointer */
	{ EXAMPLE_COM " c000", 13, 0, EXAMPLE_COM, 15 },
	/* 6 name followed by more data: cursor stops after the root */
	{ "01 61 00 ffff", 0, 0, "01 61 00", 3 },
	/* 7 pointer to itself */
	{ "c000", 0, ZS_ELOOP, NULL, 0 },
	/* 8 pointer to itself, not at offset 0 */
	{ "0000 c002", 2, ZS_ELOOP, NULL, 0 },
	/* 9 two pointers pointing at each other */
	{ "c002 c000", 2, ZS_ELOOP, NULL, 0 },
	/* 10 label then pointer back to the label's start */
	{ "01 61 c000", 0, ZS_ELOOP, NULL, 0 },
	/* 11 loop through an earlier name: 0 -> label, 2 -> ptr 0 */
	{ "01 61 c000 c000", 4, ZS_ELOOP, NULL, 0 },
	/* 12 forward pointer */
	{ "c002 00", 0, ZS_ELOOP, NULL, 0 },
	/* 13 forward pointer inside a name */
	{ "01 61 c004 00", 0, ZS_ELOOP, NULL, 0 },
	/* 14 pointer past the end of the message */
	{ "00 c0ff", 1, ZS_ELOOP, NULL, 0 },
	/* 15 pointer with the high offset bits past the end */
	{ "00 ffff", 1, ZS_ELOOP, NULL, 0 },
	/* 16 truncated pointer */
	{ "00 c0", 1, ZS_ETRUNC, NULL, 0 },
	/* 17 label type 0x40 (extended label) */
	{ "41 61 00", 0, ZS_EBADNAME, NULL, 0 },
	/* 18 label type 0x80 */
	{ "81 61 00", 0, ZS_EBADNAME, NULL, 0 },
	/* 19 label type 0x40 after a pointer */
	{ "7f 00 c000", 2, ZS_EBADNAME, NULL, 0 },
	/* 20 label runs past the end */
	{ "05 616263", 0, ZS_ETRUNC, NULL, 0 },
	/* 21 no terminating root label */
	{ "03 616263", 0, ZS_ETRUNC, NULL, 0 },
	/* 22 empty input */
	{ "", 0, ZS_ETRUNC, NULL, 0 },
	/* 23 label, then a pointer back to it: a loop */
	{ "01 61 c000", 2, ZS_ELOOP, NULL, 0 },
	/* 24 pointer target's label runs past the end of the message */
	{ "00 05 61 c001", 3, ZS_ETRUNC, NULL, 0 },
	/* 25 pointer to the very last byte before it: a label length */
	{ "00 03 c001", 2, ZS_ETRUNC, NULL, 0 },
};

START_TEST(test_unpack)
{
	uint8_t msg[512], want[256], out[ZS_DNAME_MAXLEN];
	size_t n = hexbytes(unpack_cases[_i].msg, msg, sizeof(msg));
	size_t outlen = 9999;
	struct zs_rd rd = zs_rd_init(msg, n);
	int ret;

	rd.pos = unpack_cases[_i].start;
	memset(out, 0xee, sizeof(out));
	ret = zs_dname_unpack(&rd, out, &outlen);
	ck_assert_msg(ret == unpack_cases[_i].err, "case %d: got %d want %d",
	    _i, ret, unpack_cases[_i].err);
	ck_assert_int_eq(rd.err, ret);
	if (ret != 0) {
		ck_assert_uint_eq(outlen, 9999);	/* not written */
		ck_assert_uint_eq(out[0], 0xee);
		ck_assert_uint_eq(rd.pos, unpack_cases[_i].start);
		return;
	}
	n = hexbytes(unpack_cases[_i].want, want, sizeof(want));
	ck_assert_uint_eq(outlen, n);
	ck_assert_int_eq(memcmp(out, want, n), 0);
	ck_assert_uint_eq(rd.pos, unpack_cases[_i].after);
	ck_assert_int_eq(zs_dname_check(out, outlen), 0);
}
END_TEST

/* Append n labels of length len to b at *pos. */
static void
labels(uint8_t *b, size_t *pos, size_t n, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		b[(*pos)++] = (uint8_t)len;
		memset(b + *pos, 'a' + (int)(i % 26), len);
		*pos += len;
	}
}

START_TEST(test_unpack_limits)
{
	uint8_t msg[2048], out[ZS_DNAME_MAXLEN];
	size_t n, outlen;
	struct zs_rd rd;

	/* 255 octets exactly: 3 x 63 + 61 + root */
	n = 0;
	labels(msg, &n, 3, 63);
	labels(msg, &n, 1, 61);
	msg[n++] = 0;
	ck_assert_uint_eq(n, 255);
	rd = zs_rd_init(msg, n);
	ck_assert_int_eq(zs_dname_unpack(&rd, out, &outlen), 0);
	ck_assert_uint_eq(outlen, 255);

	/* 256 octets */
	n = 0;
	labels(msg, &n, 3, 63);
	labels(msg, &n, 1, 62);
	msg[n++] = 0;
	rd = zs_rd_init(msg, n);
	ck_assert_int_eq(zs_dname_unpack(&rd, out, &outlen), ZS_ENAMELEN);

	/* 127 one-octet labels + root = 255 octets, 128 labels: fine */
	n = 0;
	labels(msg, &n, 127, 1);
	msg[n++] = 0;
	rd = zs_rd_init(msg, n);
	ck_assert_int_eq(zs_dname_unpack(&rd, out, &outlen), 0);
	ck_assert_uint_eq(outlen, 255);
	ck_assert_uint_eq(zs_dname_labels(out, outlen), 128);

	/* 128 one-octet labels + root */
	n = 0;
	labels(msg, &n, 128, 1);
	msg[n++] = 0;
	rd = zs_rd_init(msg, n);
	ck_assert_int_eq(zs_dname_unpack(&rd, out, &outlen), ZS_ENAMELEN);

	/* 200 empty-looking labels: many labels, still rejected */
	n = 0;
	labels(msg, &n, 300, 1);
	msg[n++] = 0;
	rd = zs_rd_init(msg, n);
	ck_assert_int_eq(zs_dname_unpack(&rd, out, &outlen), ZS_ENAMELEN);

	/* too long only once compression pointers are followed */
	n = 0;
	labels(msg, &n, 2, 63);		/* 128 octets, no root yet */
	msg[n++] = 0;			/* at 0: a 129-octet name */
	labels(msg, &n, 2, 63);		/* at 129: 2 more labels ... */
	msg[n++] = 0xc0;		/* ... then a pointer to 0 */
	msg[n++] = 0x00;
	rd = zs_rd_init(msg, n);
	rd.pos = 129;
	ck_assert_int_eq(zs_dname_unpack(&rd, out, &outlen), ZS_ENAMELEN);
}
END_TEST

START_TEST(test_unpack_hops)
{
	/*
	 * A chain of pointers each pointing at the one before: 00, then a
	 * pointer at 1 to 0, at 3 to 1, ...  Following 64 works, 65 is a
	 * loop by the hop cap even though each pointer goes backwards.
	 */
	uint8_t msg[512], out[ZS_DNAME_MAXLEN];
	size_t n = 0, outlen, i, ptr_at[80];
	struct zs_rd rd;

	msg[n++] = 0;
	for (i = 0; i < 70; i++) {
		size_t target = i == 0 ? 0 : ptr_at[i - 1];

		ptr_at[i] = n;
		msg[n++] = (uint8_t)(0xc0 | target >> 8);
		msg[n++] = (uint8_t)target;
	}
	rd = zs_rd_init(msg, n);
	rd.pos = ptr_at[ZS_DNAME_MAXHOPS - 1];	/* 64 hops */
	ck_assert_int_eq(zs_dname_unpack(&rd, out, &outlen), 0);
	ck_assert_uint_eq(outlen, 1);
	ck_assert_uint_eq(rd.pos, ptr_at[ZS_DNAME_MAXHOPS - 1] + 2);
	rd = zs_rd_init(msg, n);
	rd.pos = ptr_at[ZS_DNAME_MAXHOPS];	/* 65 hops */
	ck_assert_int_eq(zs_dname_unpack(&rd, out, &outlen), ZS_ELOOP);
}
END_TEST

START_TEST(test_unpack_window)
{
	/* A name inside an RDATA window: the window bounds the first label
	 * sequence; a pointer may still reach back into the message. */
	uint8_t msg[64], out[ZS_DNAME_MAXLEN];
	size_t n = hexbytes(EXAMPLE_COM " 03 777777 c000 ffff", msg,
	    sizeof(msg));
	size_t outlen;
	struct zs_rd rd = zs_rd_init(msg, n), win;

	rd.pos = 13;
	win = zs_rd_sub(&rd, 6);	/* exactly "www" + pointer */
	ck_assert_int_eq(zs_dname_unpack(&win, out, &outlen), 0);
	ck_assert_uint_eq(outlen, 17);
	ck_assert_uint_eq(zs_rd_left(&win), 0);

	rd = zs_rd_init(msg, n);
	rd.pos = 13;
	win = zs_rd_sub(&rd, 5);	/* the pointer's second byte is out */
	ck_assert_int_eq(zs_dname_unpack(&win, out, &outlen), ZS_ETRUNC);

	rd = zs_rd_init(msg, n);
	rd.pos = 13;
	win = zs_rd_sub(&rd, 3);	/* label crosses the window */
	ck_assert_int_eq(zs_dname_unpack(&win, out, &outlen), ZS_ETRUNC);

	/* an already failed cursor returns its error */
	rd = zs_rd_init(msg, n);
	zs_rd_fail(&rd, ZS_EMALFORMED);
	ck_assert_int_eq(zs_dname_unpack(&rd, out, &outlen), ZS_EMALFORMED);
}
END_TEST

/* ------------------------------------------------------------------ */
/* zs_dname_check                                                       */

static const struct {
	const char *hex;
	int err;
} check_cases[] = {
	{ "00", 0 },
	{ EXAMPLE_COM, 0 },
	{ "", ZS_EBADNAME },
	{ "03 616263", ZS_EBADNAME },		/* no root */
	{ "03 6162", ZS_EBADNAME },		/* label past the end */
	{ "00 00", ZS_EBADNAME },		/* bytes after the root */
	{ "01 61 00 00", ZS_EBADNAME },
	{ "41 61 00", ZS_EBADNAME },		/* label type 0x40 */
	{ "c0 00", ZS_EBADNAME },		/* a pointer */
};

START_TEST(test_check)
{
	uint8_t b[64];
	size_t n = hexbytes(check_cases[_i].hex, b, sizeof(b));

	ck_assert_msg(zs_dname_check(b, n) == check_cases[_i].err,
	    "case %d: got %d", _i, zs_dname_check(b, n));
}
END_TEST

START_TEST(test_check_long)
{
	uint8_t b[600];
	size_t n = 0;

	labels(b, &n, 127, 1);
	b[n++] = 0;
	ck_assert_int_eq(zs_dname_check(b, n), 0);
	n = 0;
	labels(b, &n, 4, 63);
	b[n++] = 0;
	ck_assert_int_eq(zs_dname_check(b, n), ZS_ENAMELEN);
}
END_TEST

/* ------------------------------------------------------------------ */
/* text out                                                             */

static const struct {
	const char *hex;
	const char *text;
} totext_cases[] = {
	{ "00", "." },
	{ EXAMPLE_COM, "example.com." },
	{ "03 5777 77 07 4558616d506c65 00", "Www.EXamPle." },
	{ "03 612e62 00", "a\\.b." },
	{ "01 5c 00", "\\\\." },
	{ "09 22 24 28 29 2e 3b 40 5c 2a 00", "\\\"\\$\\(\\)\\.\\;\\@\\\\*." },
	{ "04 00 20 7f ff 00", "\\000\\032\\127\\255." },
	{ "03 2d5f2f 00", "-_/." },
	{ "01 2a 07 6578616d706c65 00", "*.example." },
	{ "03 21 7e 41 00", "!~A." },
	{ "01 0a 01 09 00", "\\010.\\009." },
};

START_TEST(test_totext)
{
	uint8_t b[64], back[ZS_DNAME_MAXLEN];
	size_t n = hexbytes(totext_cases[_i].hex, b, sizeof(b)), backlen;
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	const char *t;

	zs_dname_totext(&sb, b, n);
	t = zs_sb_cstr(&sb);
	ck_assert_str_eq(t, totext_cases[_i].text);
	/* and the text reads back to the same octets */
	ck_assert_int_eq(zs_dname_from_text(t, strlen(t), NULL, 0, back,
	    &backlen), 0);
	ck_assert_uint_eq(backlen, n);
	ck_assert_int_eq(memcmp(back, b, n), 0);
	zs_sb_free(&sb);
}
END_TEST

/* Default file names: zone text -> file, the same for xfr and agent.conf. */
static const struct {
	const char *zone, *file;
} filename_cases[] = {
	{ ".", "root.zone" },
	{ "example.com", "example.com.zone" },
	{ "Example.COM.", "example.com.zone" },
	{ "0/25.2.0.192.in-addr.arpa", "0%2F25.2.0.192.in-addr.arpa.zone" },
	{ "a_b-c.test", "a_b-c.test.zone" },
	{ "\\..test", "%2E.test.zone" },
	{ "..test", NULL },	/* not a name */
	{ "x\\032y.test", "x%20y.test.zone" },
	{ "\\000\\255.test", "%00%FF.test.zone" },
	{ "\\\\.test", "%5C.test.zone" },
	{ "*.test", "%2A.test.zone" },
};

START_TEST(test_filename)
{
	uint8_t w[ZS_DNAME_MAXLEN];
	size_t n;
	char buf[ZS_DNAME_FILENAME_MAX];
	const char *z = filename_cases[_i].zone;
	int ret = zs_dname_from_text(z, strlen(z), NULL, 0, w, &n);

	if (filename_cases[_i].file == NULL) {
		ck_assert_int_ne(ret, 0);
		return;
	}
	ck_assert_int_eq(ret, 0);
	zs_dname_filename(w, buf);
	ck_assert_str_eq(buf, filename_cases[_i].file);
}
END_TEST

START_TEST(test_filename_longest)
{
	/* 255 octets, all escaped: the buffer bound is exact enough */
	uint8_t w[ZS_DNAME_MAXLEN];
	char buf[ZS_DNAME_FILENAME_MAX];
	size_t i = 0;

	while (i + 64 <= 254) {
		w[i] = 63;
		memset(w + i + 1, '/', 63);
		i += 64;
	}
	w[i] = (uint8_t)(254 - i - 1);
	memset(w + i + 1, '/', w[i]);
	w[254] = 0;
	ck_assert_int_eq(zs_dname_check(w, 255), 0);
	zs_dname_filename(w, buf);
	ck_assert_uint_lt(strlen(buf), sizeof(buf));
	ck_assert_str_eq(buf + strlen(buf) - 5, ".zone");
	ck_assert_ptr_null(strchr(buf, '/'));
}
END_TEST

START_TEST(test_totext_long)
{
	/* worst case: 255 octets of \DDD */
	uint8_t b[ZS_DNAME_MAXLEN], back[ZS_DNAME_MAXLEN];
	size_t n = 0, i, backlen;
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	const char *t;

	for (i = 0; i < 4; i++) {
		size_t len = i < 3 ? 63 : 61;

		b[n++] = (uint8_t)len;
		memset(b + n, 0xff, len);
		n += len;
	}
	b[n++] = 0;
	zs_dname_totext(&sb, b, n);
	t = zs_sb_cstr(&sb);
	ck_assert_uint_eq(strlen(t), 250 * 4 + 4);
	ck_assert_int_eq(zs_dname_from_text(t, strlen(t), NULL, 0, back,
	    &backlen), 0);
	ck_assert_uint_eq(backlen, n);
	ck_assert_int_eq(memcmp(back, b, n), 0);
	zs_sb_free(&sb);
}
END_TEST

START_TEST(test_totext_labels)
{
	uint8_t b[64];
	size_t n = hexbytes("03 777777 03 2e7375 07 6578616d706c65 00", b,
	    sizeof(b));
	struct zs_strbuf sb = ZS_STRBUF_INIT;

	zs_dname_totext_labels(&sb, b, 1);
	ck_assert_str_eq(zs_sb_cstr(&sb), "www");
	zs_sb_reset(&sb);
	zs_dname_totext_labels(&sb, b, 2);
	ck_assert_str_eq(zs_sb_cstr(&sb), "www.\\.su");
	zs_sb_reset(&sb);
	zs_dname_totext_labels(&sb, b, 3);
	ck_assert_str_eq(zs_sb_cstr(&sb), "www.\\.su.example");
	(void)n;
	zs_sb_free(&sb);
}
END_TEST

/* ------------------------------------------------------------------ */
/* text in                                                              */

static const struct {
	const char *text;
	const char *origin;	/* hex, or NULL */
	int err;
	const char *want;	/* hex on success */
} fromtext_cases[] = {
	/* 0 */ { "example.com.", NULL, 0, EXAMPLE_COM },
	/* 1 */ { ".", NULL, 0, "00" },
	/* 2 */ { "example.com.", "03 6f7267 00", 0, EXAMPLE_COM },
	/* 3 */ { "www", EXAMPLE_COM, 0, "03 777777" EXAMPLE_COM },
	/* 4 */ { "www", NULL, 0, "03 777777 00" },
	/* 5 */ { "@", EXAMPLE_COM, 0, EXAMPLE_COM },
	/* 6 */ { "@", NULL, 0, "00" },
	/* 7 */ { "a.b", "00", 0, "01 61 01 62 00" },
	/* 8 */ { "WwW.ExAmPlE.", NULL, 0, "03 577757 07 4578416d506c45 00" },
	/* 9 */ { "a\\.b.", NULL, 0, "03 612e62 00" },
	/* 10 */ { "\\065bc.", NULL, 0, "03 416263 00" },
	/* 11 */ { "\\000.", NULL, 0, "01 00 00" },
	/* 12 */ { "\\255\\032x.", NULL, 0, "03 ff 20 78 00" },
	/* 13 */ { "a\\\\b.", NULL, 0, "03 615c62 00" },
	/* 14 */ { "\\@.", NULL, 0, "01 40 00" },
	/* 15 */ { "@.", NULL, 0, "01 40 00" },
	/* 16 */ { "x\\.", NULL, 0, "02 782e 00" },	/* escaped final dot */
	/* 17 */ { "*.example.", NULL, 0, "01 2a 07 6578616d706c65 00" },
	/* 18 */ { "", NULL, ZS_ESYNTAX, NULL },
	/* 19 */ { "..", NULL, ZS_ESYNTAX, NULL },
	/* 20 */ { "a..b.", NULL, ZS_ESYNTAX, NULL },
	/* 21 */ { ".a.", NULL, ZS_ESYNTAX, NULL },
	/* 22 */ { "a.b..", NULL, ZS_ESYNTAX, NULL },
	/* 23 */ { "\\256.", NULL, ZS_ESYNTAX, NULL },
	/* 24 */ { "\\999.", NULL, ZS_ESYNTAX, NULL },
	/* 25 */ { "\\25.", NULL, ZS_ESYNTAX, NULL },
	/* 26 */ { "\\2", NULL, ZS_ESYNTAX, NULL },
	/* 27 */ { "\\25", NULL, ZS_ESYNTAX, NULL },
	/* 28 */ { "abc\\", NULL, ZS_ESYNTAX, NULL },
	/* 29 */ { "\\1a5.", NULL, ZS_ESYNTAX, NULL },
};

START_TEST(test_from_text)
{
	uint8_t origin[ZS_DNAME_MAXLEN], out[ZS_DNAME_MAXLEN], want[256];
	size_t olen = 0, outlen = 9999, n;
	const char *t = fromtext_cases[_i].text;
	int ret;

	if (fromtext_cases[_i].origin != NULL)
		olen = hexbytes(fromtext_cases[_i].origin, origin,
		    sizeof(origin));
	ret = zs_dname_from_text(t, strlen(t),
	    fromtext_cases[_i].origin != NULL ? origin : NULL, olen, out,
	    &outlen);
	ck_assert_msg(ret == fromtext_cases[_i].err,
	    "case %d (%s): got %d want %d", _i, t, ret,
	    fromtext_cases[_i].err);
	if (ret != 0) {
		ck_assert_uint_eq(outlen, 9999);
		return;
	}
	n = hexbytes(fromtext_cases[_i].want, want, sizeof(want));
	ck_assert_msg(outlen == n && memcmp(out, want, n) == 0,
	    "case %d (%s): wrong octets", _i, t);
}
END_TEST

START_TEST(test_from_text_not_nul_terminated)
{
	uint8_t out[ZS_DNAME_MAXLEN];
	size_t outlen;
	const char text[] = "www.example.com.garbage";

	ck_assert_int_eq(zs_dname_from_text(text, 16, NULL, 0, out,
	    &outlen), 0);
	ck_assert_uint_eq(outlen, 17);
	/* "\\06" followed by a digit beyond len must not be read */
	ck_assert_int_eq(zs_dname_from_text("a\\0655", 4, NULL, 0, out,
	    &outlen), ZS_ESYNTAX);
}
END_TEST

static char *
repeat(char *p, char c, size_t n)
{
	memset(p, c, n);
	return p + n;
}

START_TEST(test_from_text_limits)
{
	char text[1200], *p;
	uint8_t out[ZS_DNAME_MAXLEN], origin[ZS_DNAME_MAXLEN];
	size_t outlen, olen;
	int i;

	/* label of 63: ok; 64: ELABELLEN */
	p = repeat(text, 'a', 63);
	*p++ = '.';
	ck_assert_int_eq(zs_dname_from_text(text, (size_t)(p - text), NULL,
	    0, out, &outlen), 0);
	ck_assert_uint_eq(outlen, 65);
	p = repeat(text, 'a', 64);
	*p++ = '.';
	ck_assert_int_eq(zs_dname_from_text(text, (size_t)(p - text), NULL,
	    0, out, &outlen), ZS_ELABELLEN);
	/* 64 octets through escapes */
	p = text;
	for (i = 0; i < 64; i++)
		p += sprintf(p, "\\%03d", i);
	ck_assert_int_eq(zs_dname_from_text(text, (size_t)(p - text), NULL,
	    0, out, &outlen), ZS_ELABELLEN);

	/* exactly 255 octets: 3 x 63 + 61 */
	p = text;
	for (i = 0; i < 3; i++) {
		p = repeat(p, 'b', 63);
		*p++ = '.';
	}
	p = repeat(p, 'c', 61);
	*p++ = '.';
	ck_assert_int_eq(zs_dname_from_text(text, (size_t)(p - text), NULL,
	    0, out, &outlen), 0);
	ck_assert_uint_eq(outlen, 255);
	/* one more octet: 256 */
	p = text;
	for (i = 0; i < 3; i++) {
		p = repeat(p, 'b', 63);
		*p++ = '.';
	}
	p = repeat(p, 'c', 62);
	*p++ = '.';
	ck_assert_int_eq(zs_dname_from_text(text, (size_t)(p - text), NULL,
	    0, out, &outlen), ZS_ENAMELEN);
	/* same without the final dot (relative to the root) */
	ck_assert_int_eq(zs_dname_from_text(text, (size_t)(p - text) - 1,
	    NULL, 0, out, &outlen), ZS_ENAMELEN);
	/* 128 labels */
	p = text;
	for (i = 0; i < 128; i++) {
		*p++ = 'x';
		*p++ = '.';
	}
	ck_assert_int_eq(zs_dname_from_text(text, (size_t)(p - text), NULL,
	    0, out, &outlen), ZS_ENAMELEN);
	ck_assert_int_eq(zs_dname_from_text(text, (size_t)(p - text) - 2,
	    NULL, 0, out, &outlen), 0);	/* 127 labels */
	ck_assert_uint_eq(outlen, 255);
	/* very long text does not overrun anything */
	p = repeat(text, 'z', 1100);
	ck_assert_int_eq(zs_dname_from_text(text, (size_t)(p - text), NULL,
	    0, out, &outlen), ZS_ELABELLEN);

	/* relative name that only overflows once the origin is added */
	p = text;
	for (i = 0; i < 3; i++) {
		p = repeat(p, 'd', 63);
		*p++ = '.';
	}
	p = repeat(p, 'e', 50);
	olen = hexbytes(EXAMPLE_COM, origin, sizeof(origin));
	ck_assert_int_eq(zs_dname_from_text(text, (size_t)(p - text), origin,
	    olen, out, &outlen), ZS_ENAMELEN);
	/* and fits without it */
	ck_assert_int_eq(zs_dname_from_text(text, (size_t)(p - text), NULL,
	    0, out, &outlen), 0);
}
END_TEST

START_TEST(test_text_round_trip)
{
	static const char *const texts[] = {
		".", "example.com.", "ExAmPlE.CoM.", "a\\.b.c.",
		"\\000\\001\\255.x.", "\\\\\\\"\\(\\)\\;\\@\\$.",
		"*.wild.example.", "xn--bcher-kva.example.", "_sip._tcp.test.",
		"\\032space.\\127.",
	};
	uint8_t out[ZS_DNAME_MAXLEN];
	size_t outlen, i;
	struct zs_strbuf sb = ZS_STRBUF_INIT;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		ck_assert_int_eq(zs_dname_from_text(texts[i], strlen(texts[i]),
		    NULL, 0, out, &outlen), 0);
		zs_sb_reset(&sb);
		zs_dname_totext(&sb, out, outlen);
		ck_assert_str_eq(zs_sb_cstr(&sb), texts[i]);
	}
	zs_sb_free(&sb);
}
END_TEST

/* ------------------------------------------------------------------ */
/* comparisons                                                          */

/* Name from text, aborting the test on a table error. */
static size_t
name(const char *text, uint8_t *out)
{
	size_t len;

	ck_assert_int_eq(zs_dname_from_text(text, strlen(text), NULL, 0, out,
	    &len), 0);
	return len;
}

START_TEST(test_labels)
{
	uint8_t a[ZS_DNAME_MAXLEN];
	size_t n;

	n = name(".", a);
	ck_assert_uint_eq(zs_dname_labels(a, n), 1);
	n = name("com.", a);
	ck_assert_uint_eq(zs_dname_labels(a, n), 2);
	n = name("a\\.b.example.com.", a);
	ck_assert_uint_eq(zs_dname_labels(a, n), 4);
}
END_TEST

static const struct {
	const char *a, *b;
	bool eq;
} eq_cases[] = {
	{ "example.com.", "example.com.", true },
	{ "EXAMPLE.com.", "example.COM.", true },
	{ "ExAmPlE.", "eXaMpLe.", true },
	{ "example.com.", "example.co.", false },
	{ "example.com.", "example.com.org.", false },
	{ ".", ".", true },
	{ "a.", "b.", false },
	/* only ASCII letters fold */
	{ "\\193.", "\\225.", false },
	{ "\\091.", "\\123.", false },	/* [ and { differ by 0x20 */
	{ "a.b.", "ab.", false },
};

START_TEST(test_eq_nocase)
{
	uint8_t a[ZS_DNAME_MAXLEN], b[ZS_DNAME_MAXLEN];
	size_t na = name(eq_cases[_i].a, a), nb = name(eq_cases[_i].b, b);

	ck_assert_msg(zs_dname_eq_nocase(a, na, b, nb) == eq_cases[_i].eq,
	    "case %d", _i);
	ck_assert(zs_dname_eq_nocase(b, nb, a, na) == eq_cases[_i].eq);
}
END_TEST

static const struct {
	const char *name, *zone;
	bool sub;
} sub_cases[] = {
	{ "www.example.com.", "example.com.", true },
	{ "example.com.", "example.com.", true },
	{ "www.EXAMPLE.com.", "example.COM.", true },
	{ "a.b.c.example.com.", "Example.Com.", true },
	{ "com.", "example.com.", false },
	{ "xexample.com.", "example.com.", false },
	{ "example.com.", "com.", true },
	{ "example.org.", "example.com.", false },
	{ "anything.at.all.", ".", true },
	{ ".", ".", true },
	{ ".", "com.", false },
	/* "\003com" is one label whose octets look like "com." */
	{ "\\003com.", "com.", false },
	{ "a\\.example.com.", "example.com.", false },
	{ "a\\.example.example.com.", "example.com.", true },
	{ "a.example\\.com.", "example.com.", false },
};

START_TEST(test_is_subdomain)
{
	uint8_t n[ZS_DNAME_MAXLEN], z[ZS_DNAME_MAXLEN];
	size_t nl = name(sub_cases[_i].name, n), zl = name(sub_cases[_i].zone,
	    z);

	ck_assert_msg(zs_dname_is_subdomain(n, nl, z, zl) == sub_cases[_i].sub,
	    "case %d: %s in %s", _i, sub_cases[_i].name, sub_cases[_i].zone);
}
END_TEST

static const struct {
	const char *name, *origin;
	int want;
} rel_cases[] = {
	{ "www.example.com.", "example.com.", 1 },
	{ "example.com.", "example.com.", 0 },
	{ "a.b.example.com.", "example.com.", 2 },
	{ "WWW.example.com.", "example.com.", 1 },
	/* case-sensitive suffix: no relative form */
	{ "www.Example.com.", "example.com.", -1 },
	{ "www.example.COM.", "example.com.", -1 },
	{ "EXAMPLE.COM.", "example.com.", -1 },
	{ "www.example.com.", "Example.com.", -1 },
	{ "CnAmE.Case.TEST.", "case.test.", -1 },
	{ "CnAmE.case.test.", "case.test.", 1 },
	{ "com.", "example.com.", -1 },
	{ "xexample.com.", "example.com.", -1 },
	{ "\\003com.", "com.", -1 },
	{ "a.b.", ".", 2 },
	{ ".", ".", 0 },
	{ "example.org.", "example.com.", -1 },
};

START_TEST(test_rel_labels)
{
	uint8_t n[ZS_DNAME_MAXLEN], o[ZS_DNAME_MAXLEN];
	size_t nl = name(rel_cases[_i].name, n), ol = name(rel_cases[_i].origin,
	    o);

	ck_assert_msg(zs_dname_rel_labels(n, nl, o, ol) == rel_cases[_i].want,
	    "case %d: %s rel %s = %d", _i, rel_cases[_i].name,
	    rel_cases[_i].origin, zs_dname_rel_labels(n, nl, o, ol));
}
END_TEST

/* RFC 4034 section 6.1, in canonical order, plus a few of our own. */
static const char *const canon_order[] = {
	".",
	"example.",
	"a.example.",
	"yljkjljk.a.example.",
	"Z.a.example.",
	"zABC.a.EXAMPLE.",
	"z.example.",
	"\\001.z.example.",
	"*.z.example.",
	"\\200.z.example.",
	"b.example2.",
	"a.b.example2.",
	"example3.",
};

START_TEST(test_cmp_canonical)
{
	uint8_t a[ZS_DNAME_MAXLEN], b[ZS_DNAME_MAXLEN];
	size_t i, j, n = sizeof(canon_order) / sizeof(canon_order[0]);

	for (i = 0; i < n; i++) {
		size_t na = name(canon_order[i], a);

		for (j = 0; j < n; j++) {
			size_t nb = name(canon_order[j], b);
			int c = zs_dname_cmp_canonical(a, na, b, nb);

			if (i < j)
				ck_assert_msg(c < 0, "%s < %s: got %d",
				    canon_order[i], canon_order[j], c);
			else if (i > j)
				ck_assert_msg(c > 0, "%s > %s: got %d",
				    canon_order[i], canon_order[j], c);
			else
				ck_assert_int_eq(c, 0);
		}
	}
}
END_TEST

START_TEST(test_cmp_canonical_case)
{
	uint8_t a[ZS_DNAME_MAXLEN], b[ZS_DNAME_MAXLEN];
	size_t na = name("WWW.Example.COM.", a), nb = name("www.example.com.",
	    b);

	ck_assert_int_eq(zs_dname_cmp_canonical(a, na, b, nb), 0);
	/* uppercase sorts as lowercase: "Z" (0x5a) after "y", before "{" */
	na = name("Z.", a);
	nb = name("y.", b);
	ck_assert_int_gt(zs_dname_cmp_canonical(a, na, b, nb), 0);
	nb = name("\\123.", b);
	ck_assert_int_lt(zs_dname_cmp_canonical(a, na, b, nb), 0);
	/* "[" (0x5b) sorts before "a" once letters are folded */
	na = name("\\091.", a);
	nb = name("a.", b);
	ck_assert_int_lt(zs_dname_cmp_canonical(a, na, b, nb), 0);
}
END_TEST

static Suite *
dname_suite(void)
{
	Suite *s = suite_create("dname");
	TCase *tu = tcase_create("unpack");
	TCase *tt = tcase_create("text");
	TCase *tc = tcase_create("compare");

	tcase_add_loop_test(tu, test_unpack, 0,
	    (int)(sizeof(unpack_cases) / sizeof(unpack_cases[0])));
	tcase_add_test(tu, test_unpack_limits);
	tcase_add_test(tu, test_unpack_hops);
	tcase_add_test(tu, test_unpack_window);
	tcase_add_loop_test(tu, test_check, 0,
	    (int)(sizeof(check_cases) / sizeof(check_cases[0])));
	tcase_add_test(tu, test_check_long);
	suite_add_tcase(s, tu);

	tcase_add_loop_test(tt, test_totext, 0,
	    (int)(sizeof(totext_cases) / sizeof(totext_cases[0])));
	tcase_add_test(tt, test_totext_long);
	tcase_add_loop_test(tt, test_filename, 0,
	    (int)(sizeof(filename_cases) / sizeof(filename_cases[0])));
	tcase_add_test(tt, test_filename_longest);
	tcase_add_test(tt, test_totext_labels);
	tcase_add_loop_test(tt, test_from_text, 0,
	    (int)(sizeof(fromtext_cases) / sizeof(fromtext_cases[0])));
	tcase_add_test(tt, test_from_text_not_nul_terminated);
	tcase_add_test(tt, test_from_text_limits);
	tcase_add_test(tt, test_text_round_trip);
	suite_add_tcase(s, tt);

	tcase_add_test(tc, test_labels);
	tcase_add_loop_test(tc, test_eq_nocase, 0,
	    (int)(sizeof(eq_cases) / sizeof(eq_cases[0])));
	tcase_add_loop_test(tc, test_is_subdomain, 0,
	    (int)(sizeof(sub_cases) / sizeof(sub_cases[0])));
	tcase_add_loop_test(tc, test_rel_labels, 0,
	    (int)(sizeof(rel_cases) / sizeof(rel_cases[0])));
	tcase_add_test(tc, test_cmp_canonical);
	tcase_add_test(tc, test_cmp_canonical_case);
	suite_add_tcase(s, tc);
	return s;
}

ZS_CHECK_MAIN(dname_suite)
