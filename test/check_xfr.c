/*
 * check_xfr.c - AXFR response state machine.  The responses are built in
 * the test with the wire writer (struct zs_wr), one message at a time.
 */
#include <stdio.h>

#include "check_util.h"
#include "rdata.h"
#include "rrtype.h"
#include "xfr.h"

#define QID	0x4242
#define SERIAL	2026112101u

/* ------------------------------------------------------------------ */
/* message builder                                                      */

struct mb {
	uint8_t buf[ZS_MSG_MAXLEN];
	struct zs_wr wr;
	uint16_t an, ns, ar;
	int section;		/* 0 answer, 1 authority, 2 additional */
};

/* Wire form of a presentation name (absolute). */
static size_t
wname(const char *text, uint8_t *out)
{
	size_t len;

	ck_assert_msg(zs_dname_from_text(text, strlen(text), NULL, 0, out,
	    &len) == 0, "bad name in test: %s", text);
	return len;
}

/* Start a message; qname NULL means no question. */
static void
mb_start(struct mb *m, uint16_t id, uint16_t flags, const char *qname,
    uint16_t qtype, uint16_t qclass)
{
	uint8_t n[ZS_DNAME_MAXLEN];
	size_t nl;

	m->wr = zs_wr_init(m->buf, sizeof(m->buf));
	m->an = m->ns = m->ar = 0;
	m->section = 0;
	zs_wr_u16(&m->wr, id);
	zs_wr_u16(&m->wr, flags);
	zs_wr_u16(&m->wr, qname != NULL ? 1 : 0);
	zs_wr_u16(&m->wr, 0);
	zs_wr_u16(&m->wr, 0);
	zs_wr_u16(&m->wr, 0);
	if (qname != NULL) {
		nl = wname(qname, n);
		zs_wr_bytes(&m->wr, n, nl);
		zs_wr_u16(&m->wr, qtype);
		zs_wr_u16(&m->wr, qclass);
	}
}

/* The usual first message header: right ID, QR|AA, AXFR question. */
static void
mb_axfr(struct mb *m, int question)
{
	mb_start(m, QID, ZS_FLAG_QR | ZS_FLAG_AA,
	    question ? "example." : NULL, ZS_TYPE_AXFR, ZS_CLASS_IN);
}

static void
mb_rr(struct mb *m, const char *owner, uint16_t type, uint16_t rrclass,
    uint32_t ttl, const void *rdata, size_t rdlen)
{
	uint8_t n[ZS_DNAME_MAXLEN];
	size_t nl = wname(owner, n);

	zs_wr_bytes(&m->wr, n, nl);
	zs_wr_u16(&m->wr, type);
	zs_wr_u16(&m->wr, rrclass);
	zs_wr_u32(&m->wr, ttl);
	zs_wr_u16(&m->wr, (uint16_t)rdlen);
	zs_wr_bytes(&m->wr, rdata, rdlen);
	if (m->section == 0)
		m->an++;
	else if (m->section == 1)
		m->ns++;
	else
		m->ar++;
}

static void
mb_soa_class(struct mb *m, const char *owner, uint32_t serial,
    uint16_t rrclass)
{
	uint8_t rd[ZS_DNAME_MAXLEN * 2 + 20];
	struct zs_wr w = zs_wr_init(rd, sizeof(rd));
	uint8_t n[ZS_DNAME_MAXLEN];
	size_t nl;

	nl = wname("ns1.example.", n);
	zs_wr_bytes(&w, n, nl);
	nl = wname("hostmaster.example.", n);
	zs_wr_bytes(&w, n, nl);
	zs_wr_u32(&w, serial);
	zs_wr_u32(&w, 3600);
	zs_wr_u32(&w, 600);
	zs_wr_u32(&w, 604800);
	zs_wr_u32(&w, 300);
	ck_assert_int_eq(w.err, 0);
	mb_rr(m, owner, ZS_TYPE_SOA, rrclass, 3600, rd, w.pos);
}

static void
mb_soa(struct mb *m, const char *owner, uint32_t serial)
{
	mb_soa_class(m, owner, serial, ZS_CLASS_IN);
}

static void
mb_a(struct mb *m, const char *owner, uint8_t last)
{
	uint8_t a[4] = { 192, 0, 2, last };

	mb_rr(m, owner, ZS_TYPE_A, ZS_CLASS_IN, 300, a, 4);
}

/* Patch the counts; returns the message length. */
static size_t
mb_end(struct mb *m)
{
	zs_wr_put_u16_at(&m->wr, 6, m->an);
	zs_wr_put_u16_at(&m->wr, 8, m->ns);
	zs_wr_put_u16_at(&m->wr, 10, m->ar);
	ck_assert_int_eq(m->wr.err, 0);
	return m->wr.pos;
}

/* ------------------------------------------------------------------ */
/* callback                                                             */

struct seen {
	unsigned int n;
	uint16_t types[64];
	char owners[64][64];
	uint32_t first_serial;
	unsigned int fail_at;	/* return fail_ret on this call (1-based) */
	int fail_ret;
};

static int
cb(void *arg, const struct zs_rr *rr)
{
	struct seen *s = arg;
	struct zs_strbuf sb = ZS_STRBUF_INIT;

	s->n++;
	if (s->n <= 64) {
		s->types[s->n - 1] = rr->type;
		zs_dname_totext(&sb, rr->owner, rr->owner_len);
		snprintf(s->owners[s->n - 1], sizeof(s->owners[0]), "%s",
		    zs_sb_cstr(&sb));
		zs_sb_free(&sb);
	}
	if (s->n == 1 && rr->type == ZS_TYPE_SOA) {
		struct zs_soa soa;

		ck_assert_int_eq(zs_msg_soa(rr->rdata, &soa), 0);
		s->first_serial = soa.serial;
	}
	if (s->fail_at != 0 && s->n == s->fail_at)
		return s->fail_ret;
	return 0;
}

static struct zs_xfr *
xnew(const struct zs_xfr_limits *lim)
{
	uint8_t z[ZS_DNAME_MAXLEN];
	size_t zl = wname("example.", z);
	struct zs_xfr *x = zs_xfr_new(z, zl, ZS_CLASS_IN, QID, lim);

	ck_assert_ptr_nonnull(x);
	return x;
}

static int
feed(struct zs_xfr *x, struct mb *m, struct seen *s)
{
	size_t n = mb_end(m);

	return zs_xfr_feed(x, m->buf, n, cb, s);
}

/* ------------------------------------------------------------------ */
/* good transfers                                                       */

START_TEST(test_single_message)
{
	static struct mb m;
	struct seen s = { 0 };
	struct zs_xfr *x = xnew(NULL);
	struct zs_xfr_stats st;
	size_t len;

	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	mb_a(&m, "www.example.", 1);
	mb_rr(&m, "example.", ZS_TYPE_NS, ZS_CLASS_IN, 3600,
	    "\003ns1\007example\000", 14);
	mb_rr(&m, "txt.example.", ZS_TYPE_TXT, ZS_CLASS_IN, 60, "\002hi", 3);
	mb_soa(&m, "example.", SERIAL);
	len = mb_end(&m);
	ck_assert_int_eq(zs_xfr_feed(x, m.buf, len, cb, &s), ZS_XFR_DONE);
	/* the opening SOA, not the closing one */
	ck_assert_uint_eq(s.n, 4);
	ck_assert_uint_eq(s.types[0], ZS_TYPE_SOA);
	ck_assert_uint_eq(s.types[1], ZS_TYPE_A);
	ck_assert_uint_eq(s.types[2], ZS_TYPE_NS);
	ck_assert_uint_eq(s.types[3], ZS_TYPE_TXT);
	ck_assert_str_eq(s.owners[3], "txt.example.");
	ck_assert_uint_eq(s.first_serial, SERIAL);
	zs_xfr_get_stats(x, &st);
	ck_assert_uint_eq(st.serial, SERIAL);
	ck_assert_uint_eq(st.records, 4);
	ck_assert_uint_eq(st.messages, 1);
	ck_assert_uint_eq(st.bytes, len);
	ck_assert_int_eq(st.have_soa, 1);
	ck_assert_uint_eq(st.rcode, 0);
	zs_xfr_free(x);
}
END_TEST

START_TEST(test_soa_only_zone)
{
	static struct mb m;
	struct seen s = { 0 };
	struct zs_xfr *x = xnew(NULL);

	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	mb_soa(&m, "example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_DONE);
	ck_assert_uint_eq(s.n, 1);
	zs_xfr_free(x);
}
END_TEST

START_TEST(test_multi_message)
{
	static struct mb m;
	struct seen s = { 0 };
	struct zs_xfr *x = xnew(NULL);
	struct zs_xfr_stats st;
	size_t total = 0;

	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	mb_a(&m, "www.example.", 1);
	mb_a(&m, "www.example.", 2);	/* RRset split across messages */
	total += mb_end(&m);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_MORE);

	mb_axfr(&m, 0);			/* question absent */
	mb_a(&m, "www.example.", 3);
	mb_a(&m, "mail.example.", 4);
	total += mb_end(&m);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_MORE);

	mb_axfr(&m, 0);			/* nothing at all in between */
	total += mb_end(&m);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_MORE);

	mb_axfr(&m, 1);			/* question present again */
	mb_a(&m, "deep.sub.example.", 5);
	mb_soa(&m, "example.", SERIAL);
	total += mb_end(&m);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_DONE);

	ck_assert_uint_eq(s.n, 6);
	ck_assert_str_eq(s.owners[3], "www.example.");
	ck_assert_str_eq(s.owners[5], "deep.sub.example.");
	zs_xfr_get_stats(x, &st);
	ck_assert_uint_eq(st.records, 6);
	ck_assert_uint_eq(st.messages, 4);
	ck_assert_uint_eq(st.bytes, total);
	zs_xfr_free(x);
}
END_TEST

START_TEST(test_mixed_case_apex)
{
	static struct mb m;
	struct seen s = { 0 };
	struct zs_xfr *x = xnew(NULL);

	mb_start(&m, QID, ZS_FLAG_QR, "EXAMPLE.", ZS_TYPE_AXFR, ZS_CLASS_IN);
	mb_soa(&m, "ExAmPlE.", SERIAL);
	mb_a(&m, "WWW.Example.", 1);
	mb_soa(&m, "eXaMpLe.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_DONE);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(s.owners[0], "ExAmPlE.");	/* case kept */
	ck_assert_str_eq(s.owners[1], "WWW.Example.");
	zs_xfr_free(x);
}
END_TEST

START_TEST(test_other_class)
{
	static struct mb m;
	struct seen s = { 0 };
	uint8_t z[ZS_DNAME_MAXLEN];
	size_t zl = wname("example.", z);
	struct zs_xfr *x = zs_xfr_new(z, zl, ZS_CLASS_CH, 7, NULL);

	ck_assert_ptr_nonnull(x);
	mb_start(&m, 7, ZS_FLAG_QR, "example.", ZS_TYPE_AXFR, ZS_CLASS_CH);
	mb_soa_class(&m, "example.", 1, ZS_CLASS_CH);
	mb_soa_class(&m, "example.", 1, ZS_CLASS_CH);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_DONE);
	zs_xfr_free(x);
	zs_xfr_free(NULL);
}
END_TEST

START_TEST(test_additional_tolerated)
{
	/* authority/additional RRs (e.g. TSIG) are parsed but not handed on */
	static struct mb m;
	struct seen s = { 0 };
	struct zs_xfr *x = xnew(NULL);

	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	m.section = 2;
	mb_rr(&m, "key.", ZS_TYPE_TSIG, ZS_CLASS_ANY, 0, "\000\001\002", 3);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_MORE);
	mb_axfr(&m, 0);
	mb_soa(&m, "example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_DONE);
	ck_assert_uint_eq(s.n, 1);
	zs_xfr_free(x);
}
END_TEST

/* ------------------------------------------------------------------ */
/* header and question failures, first message                         */

static const struct {
	uint16_t id, flags;
	const char *qname;	/* NULL: no question */
	uint16_t qtype, qclass;
	int err;
	unsigned int rcode;
} hdr_cases[] = {
	/* 0 */ { QID + 1, ZS_FLAG_QR, "example.", 252, 1, ZS_EID, 0 },
	/* 1 */ { 0, ZS_FLAG_QR, "example.", 252, 1, ZS_EID, 0 },
	/* 2 QR clear */ { QID, ZS_FLAG_AA, "example.", 252, 1,
	    ZS_ENOTRESP, 0 },
	/* 3 NOTIFY */ { QID, ZS_FLAG_QR | 4 << 11, "example.", 252, 1,
	    ZS_EOPCODE, 0 },
	/* 4 opcode 15 */ { QID, ZS_FLAG_QR | 15 << 11, "example.", 252, 1,
	    ZS_EOPCODE, 0 },
	/* 5 */ { QID, ZS_FLAG_QR | ZS_RCODE_REFUSED, "example.", 252, 1,
	    ZS_ERCODE, ZS_RCODE_REFUSED },
	/* 6 */ { QID, ZS_FLAG_QR | ZS_RCODE_NOTAUTH, "example.", 252, 1,
	    ZS_ERCODE, ZS_RCODE_NOTAUTH },
	/* 7 */ { QID, ZS_FLAG_QR | ZS_RCODE_SERVFAIL, NULL, 0, 0,
	    ZS_ERCODE, ZS_RCODE_SERVFAIL },
	/* 8 */ { QID, ZS_FLAG_QR | 15, "example.", 252, 1, ZS_ERCODE, 15 },
	/* 9 TC */ { QID, ZS_FLAG_QR | ZS_FLAG_TC, "example.", 252, 1,
	    ZS_ETC, 0 },
	/* 10 */ { QID, ZS_FLAG_QR, "other.", 252, 1, ZS_EQUESTION, 0 },
	/* 11 */ { QID, ZS_FLAG_QR, "sub.example.", 252, 1, ZS_EQUESTION, 0 },
	/* 12 */ { QID, ZS_FLAG_QR, "example.", ZS_TYPE_SOA, 1,
	    ZS_EQUESTION, 0 },
	/* 13 */ { QID, ZS_FLAG_QR, "example.", ZS_TYPE_IXFR, 1,
	    ZS_EQUESTION, 0 },
	/* 14 */ { QID, ZS_FLAG_QR, "example.", 252, ZS_CLASS_CH,
	    ZS_EQUESTION, 0 },
	/* 15 case of the question name does not matter */
	{ QID, ZS_FLAG_QR, "eXAMple.", 252, 1, ZS_XFR_DONE, 0 },
	/* 16 RD and RA do not matter */
	{ QID, ZS_FLAG_QR | ZS_FLAG_RD | ZS_FLAG_RA, "example.", 252, 1,
	    ZS_XFR_DONE, 0 },
};

START_TEST(test_header)
{
	static struct mb m;
	struct seen s = { 0 };
	struct zs_xfr *x = xnew(NULL);
	struct zs_xfr_stats st;
	int ret;

	mb_start(&m, hdr_cases[_i].id, hdr_cases[_i].flags,
	    hdr_cases[_i].qname, hdr_cases[_i].qtype, hdr_cases[_i].qclass);
	mb_soa(&m, "example.", SERIAL);
	mb_soa(&m, "example.", SERIAL);
	ret = feed(x, &m, &s);
	ck_assert_msg(ret == hdr_cases[_i].err, "case %d: got %d want %d",
	    _i, ret, hdr_cases[_i].err);
	zs_xfr_get_stats(x, &st);
	ck_assert_uint_eq(st.rcode, hdr_cases[_i].rcode);
	if (ret < 0) {
		ck_assert_uint_eq(s.n, 0);
		ck_assert_int_eq(st.have_soa, 0);
		/* dead: the same error again, even for a good message */
		mb_axfr(&m, 1);
		mb_soa(&m, "example.", SERIAL);
		mb_soa(&m, "example.", SERIAL);
		ck_assert_int_eq(feed(x, &m, &s), hdr_cases[_i].err);
		ck_assert_uint_eq(s.n, 0);
	}
	zs_xfr_free(x);
}
END_TEST

START_TEST(test_header_later_message)
{
	/* the same checks apply to every message, not just the first */
	static struct mb m;
	static const struct {
		uint16_t id, flags;
		const char *qname;
		uint16_t qtype;
		int err;
	} later[] = {
		{ QID + 1, ZS_FLAG_QR, NULL, 0, ZS_EID },
		{ QID, 0, NULL, 0, ZS_ENOTRESP },
		{ QID, ZS_FLAG_QR | ZS_RCODE_REFUSED, NULL, 0, ZS_ERCODE },
		{ QID, ZS_FLAG_QR | ZS_FLAG_TC, NULL, 0, ZS_ETC },
		{ QID, ZS_FLAG_QR, "other.", 252, ZS_EQUESTION },
		{ QID, ZS_FLAG_QR, "example.", 6, ZS_EQUESTION },
	};
	size_t i;

	for (i = 0; i < sizeof(later) / sizeof(later[0]); i++) {
		struct seen s = { 0 };
		struct zs_xfr *x = xnew(NULL);

		mb_axfr(&m, 1);
		mb_soa(&m, "example.", SERIAL);
		ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_MORE);
		mb_start(&m, later[i].id, later[i].flags, later[i].qname,
		    later[i].qtype, ZS_CLASS_IN);
		mb_soa(&m, "example.", SERIAL);
		ck_assert_msg(feed(x, &m, &s) == later[i].err, "later %zu",
		    i);
		zs_xfr_free(x);
	}
}
END_TEST

START_TEST(test_two_questions)
{
	static struct mb m;
	struct seen s = { 0 };
	struct zs_xfr *x = xnew(NULL);

	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	mb_soa(&m, "example.", SERIAL);
	mb_end(&m);
	m.buf[5] = 2;	/* qdcount 2 */
	ck_assert_int_eq(zs_xfr_feed(x, m.buf, m.wr.pos, cb, &s),
	    ZS_EQUESTION);
	zs_xfr_free(x);
}
END_TEST

/* ------------------------------------------------------------------ */
/* record-level failures                                                */

START_TEST(test_first_not_soa)
{
	static struct mb m;
	struct seen s = { 0 };
	struct zs_xfr *x = xnew(NULL);

	mb_axfr(&m, 1);
	mb_a(&m, "www.example.", 1);
	mb_soa(&m, "example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_ENOSOA);
	ck_assert_uint_eq(s.n, 0);
	zs_xfr_free(x);

	/* an SOA, but not the apex's */
	x = xnew(NULL);
	mb_axfr(&m, 1);
	mb_soa(&m, "sub.example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_ENOSOA);
	zs_xfr_free(x);

	/* the apex SOA with malformed RDATA */
	x = xnew(NULL);
	mb_axfr(&m, 1);
	mb_rr(&m, "example.", ZS_TYPE_SOA, ZS_CLASS_IN, 1, "\000\000\001",
	    3);
	ck_assert_int_eq(feed(x, &m, &s), ZS_ENOSOA);
	zs_xfr_free(x);
	ck_assert_uint_eq(s.n, 0);
}
END_TEST

START_TEST(test_empty_first)
{
	static struct mb m;
	struct seen s = { 0 };
	struct zs_xfr *x = xnew(NULL);

	mb_axfr(&m, 1);
	ck_assert_int_eq(feed(x, &m, &s), ZS_ENOSOA);
	zs_xfr_free(x);

	x = xnew(NULL);
	mb_axfr(&m, 0);		/* not even a question: RFC 5936 2.2.1 */
	ck_assert_int_eq(feed(x, &m, &s), ZS_EQUESTION);
	zs_xfr_free(x);
}
END_TEST

START_TEST(test_out_of_zone)
{
	static const char *const owners[] = {
		"www.other.", "xexample.", ".", "example.com.",
		"example\\.x.",
	};
	static struct mb m;
	size_t i;

	for (i = 0; i < sizeof(owners) / sizeof(owners[0]); i++) {
		struct seen s = { 0 };
		struct zs_xfr *x = xnew(NULL);

		mb_axfr(&m, 1);
		mb_soa(&m, "example.", SERIAL);
		mb_a(&m, "ok.example.", 1);
		mb_a(&m, owners[i], 2);
		mb_soa(&m, "example.", SERIAL);
		ck_assert_msg(feed(x, &m, &s) == ZS_EOUTOFZONE, "%s",
		    owners[i]);
		ck_assert_uint_eq(s.n, 2);
		zs_xfr_free(x);
	}
}
END_TEST

START_TEST(test_wrong_class)
{
	static struct mb m;
	struct seen s = { 0 };
	struct zs_xfr *x = xnew(NULL);
	uint8_t a[4] = { 1, 2, 3, 4 };

	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	mb_rr(&m, "www.example.", ZS_TYPE_A, ZS_CLASS_CH, 1, a, 4);
	mb_soa(&m, "example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_ECLASS);
	ck_assert_uint_eq(s.n, 1);
	zs_xfr_free(x);

	/* on the opening SOA */
	x = xnew(NULL);
	mb_axfr(&m, 1);
	mb_soa_class(&m, "example.", SERIAL, ZS_CLASS_HS);
	ck_assert_int_eq(feed(x, &m, &s), ZS_ECLASS);
	zs_xfr_free(x);

	/* on the closing SOA */
	x = xnew(NULL);
	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	mb_soa_class(&m, "example.", SERIAL, ZS_CLASS_ANY);
	ck_assert_int_eq(feed(x, &m, &s), ZS_ECLASS);
	zs_xfr_free(x);
}
END_TEST

START_TEST(test_closing_serial)
{
	static struct mb m;
	struct seen s = { 0 };
	struct zs_xfr *x = xnew(NULL);

	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	mb_a(&m, "www.example.", 1);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_MORE);
	mb_axfr(&m, 0);
	mb_soa(&m, "example.", SERIAL + 1);
	ck_assert_int_eq(feed(x, &m, &s), ZS_ESOAMISMATCH);
	/* dead */
	mb_axfr(&m, 0);
	mb_soa(&m, "example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_ESOAMISMATCH);
	zs_xfr_free(x);

	/* a malformed closing SOA */
	x = xnew(NULL);
	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	mb_rr(&m, "example.", ZS_TYPE_SOA, ZS_CLASS_IN, 1, "\000", 1);
	ck_assert_int_eq(feed(x, &m, &s), ZS_ESOAMISMATCH);
	zs_xfr_free(x);
}
END_TEST

START_TEST(test_after_end)
{
	static struct mb m;
	struct seen s = { 0 };
	struct zs_xfr *x = xnew(NULL);

	/* records after the closing SOA in the same message */
	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	mb_soa(&m, "example.", SERIAL);
	mb_a(&m, "late.example.", 1);
	ck_assert_int_eq(feed(x, &m, &s), ZS_EAFTEREND);
	ck_assert_uint_eq(s.n, 1);
	zs_xfr_free(x);

	/* a third SOA */
	x = xnew(NULL);
	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	mb_soa(&m, "example.", SERIAL);
	mb_soa(&m, "example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_EAFTEREND);
	zs_xfr_free(x);

	/* a feed after DONE */
	x = xnew(NULL);
	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	mb_soa(&m, "example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_DONE);
	mb_axfr(&m, 0);
	ck_assert_int_eq(feed(x, &m, &s), ZS_EAFTEREND);
	ck_assert_int_eq(feed(x, &m, &s), ZS_EAFTEREND);
	zs_xfr_free(x);
}
END_TEST

START_TEST(test_max_records)
{
	static struct mb m;
	struct zs_xfr_limits lim = { 4, 0 };
	struct seen s = { 0 };
	struct zs_xfr *x = xnew(&lim);

	/* SOA + 3 records = 4: exactly at the limit, closing SOA free */
	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	mb_a(&m, "a.example.", 1);
	mb_a(&m, "b.example.", 2);
	mb_a(&m, "c.example.", 3);
	mb_soa(&m, "example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_DONE);
	zs_xfr_free(x);

	/* one more */
	memset(&s, 0, sizeof(s));
	x = xnew(&lim);
	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	mb_a(&m, "a.example.", 1);
	mb_a(&m, "b.example.", 2);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_MORE);
	mb_axfr(&m, 0);
	mb_a(&m, "c.example.", 3);
	mb_a(&m, "d.example.", 4);
	mb_soa(&m, "example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_ETOOMANY);
	ck_assert_uint_eq(s.n, 4);
	zs_xfr_free(x);
}
END_TEST

START_TEST(test_max_bytes)
{
	static struct mb m;
	struct zs_xfr_limits lim = { 0, 0 };
	struct seen s = { 0 };
	struct zs_xfr *x;
	size_t l1, l2;

	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	l1 = mb_end(&m);
	mb_axfr(&m, 0);
	mb_soa(&m, "example.", SERIAL);
	l2 = mb_end(&m);

	lim.max_bytes = l1 + l2;	/* exactly enough */
	x = xnew(&lim);
	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_MORE);
	mb_axfr(&m, 0);
	mb_soa(&m, "example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_DONE);
	zs_xfr_free(x);

	lim.max_bytes = l1 + l2 - 1;	/* one byte short */
	x = xnew(&lim);
	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_MORE);
	mb_axfr(&m, 0);
	mb_soa(&m, "example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_ETOOBIG);
	zs_xfr_free(x);

	lim.max_bytes = 10;		/* the first message is too big */
	x = xnew(&lim);
	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_ETOOBIG);
	zs_xfr_free(x);
}
END_TEST

START_TEST(test_callback_error)
{
	static struct mb m;
	struct seen s = { 0 };
	struct zs_xfr *x = xnew(NULL);

	s.fail_at = 2;
	s.fail_ret = ZS_ENOMEM;
	mb_axfr(&m, 1);
	mb_soa(&m, "example.", SERIAL);
	mb_a(&m, "a.example.", 1);
	mb_a(&m, "b.example.", 2);
	mb_soa(&m, "example.", SERIAL);
	ck_assert_int_eq(feed(x, &m, &s), ZS_ENOMEM);
	ck_assert_uint_eq(s.n, 2);
	/* sticky */
	ck_assert_int_eq(feed(x, &m, &s), ZS_ENOMEM);
	ck_assert_uint_eq(s.n, 2);
	zs_xfr_free(x);

	/* an error on the opening SOA itself */
	memset(&s, 0, sizeof(s));
	s.fail_at = 1;
	s.fail_ret = -ENOSPC;
	x = xnew(NULL);
	ck_assert_int_eq(feed(x, &m, &s), -ENOSPC);
	zs_xfr_free(x);
}
END_TEST

/* Raw, hand-written messages: parse errors and trailing bytes. */
#define RAW_HDR(qd, an, ns, ar) "4242 8400 " qd " " an " " ns " " ar
#define RAW_Q	"07 6578616d706c65 00 00fc 0001"
#define RAW_SOA	"c00c 0006 0001 00000e10 0016 00 00" \
		" 78c40465 00000e10 00000258 00093a80 0000012c"

static const struct {
	const char *hex;
	int err;
} raw_cases[] = {
	/* 0 good: SOA ... SOA */
	{ RAW_HDR("0001", "0002", "0000", "0000") RAW_Q RAW_SOA RAW_SOA,
	    ZS_XFR_DONE },
	/* 1 truncated header */
	{ "4242 8400 0001 0002 0000", ZS_ETRUNC },
	/* 2 empty message */
	{ "", ZS_ETRUNC },
	/* 3 truncated question */
	{ RAW_HDR("0001", "0000", "0000", "0000") "07 6578616d706c65 00 00",
	    ZS_ETRUNC },
	/* 4 trailing byte */
	{ RAW_HDR("0001", "0002", "0000", "0000") RAW_Q RAW_SOA RAW_SOA "00",
	    ZS_ETRAILING },
	/* 5 ancount larger than the RRs */
	{ RAW_HDR("0001", "0003", "0000", "0000") RAW_Q RAW_SOA RAW_SOA,
	    ZS_ETRUNC },
	/* 6 rdlength overrun in the last RR */
	{ RAW_HDR("0001", "0002", "0000", "0000") RAW_Q RAW_SOA
	    "c00c 0006 0001 00000e10 0017 00 00"
	    " 78c40465 00000e10 00000258 00093a80 0000012c", ZS_ETRUNC },
	/* 7 owner pointer loop */
	{ RAW_HDR("0001", "0002", "0000", "0000") RAW_Q RAW_SOA
	    "c03b 0001 0001 00000e10 0004 01020304", ZS_ELOOP },
	/* 8 owner forward pointer */
	{ RAW_HDR("0001", "0002", "0000", "0000") RAW_Q RAW_SOA
	    "c050 0001 0001 00000e10 0004 01020304", ZS_ELOOP },
	/* 9 owner label type 0x80 */
	{ RAW_HDR("0001", "0002", "0000", "0000") RAW_Q RAW_SOA
	    "80 0001 0001 00000e10 0004 01020304", ZS_EBADNAME },
	/* 10 malformed additional section */
	{ RAW_HDR("0001", "0002", "0000", "0001") RAW_Q RAW_SOA RAW_SOA
	    "00 00fa 00ff", ZS_ETRUNC },
	/* 11 question pointer loop */
	{ RAW_HDR("0001", "0000", "0000", "0000") "c00c 00fc 0001",
	    ZS_ELOOP },
	/* 12 nscount set but empty */
	{ RAW_HDR("0001", "0002", "0001", "0000") RAW_Q RAW_SOA RAW_SOA,
	    ZS_ETRUNC },
	/* 13 truncated RR after the opening SOA */
	{ RAW_HDR("0001", "0002", "0000", "0000") RAW_Q RAW_SOA "c00c 00",
	    ZS_ETRUNC },
	/* 14 apex SOA via compression with a mixed-case question */
	{ RAW_HDR("0001", "0002", "0000", "0000")
	    "07 4578614d706c65 00 00fc 0001" RAW_SOA RAW_SOA, ZS_XFR_DONE },
};

START_TEST(test_raw)
{
	uint8_t msg[1024];
	size_t n = hexbytes(raw_cases[_i].hex, msg, sizeof(msg));
	struct seen s = { 0 };
	struct zs_xfr *x = xnew(NULL);
	int ret = zs_xfr_feed(x, msg, n, cb, &s);

	ck_assert_msg(ret == raw_cases[_i].err, "case %d: got %d want %d",
	    _i, ret, raw_cases[_i].err);
	if (ret < 0)
		ck_assert_int_eq(zs_xfr_feed(x, msg, n, cb, &s),
		    raw_cases[_i].err);
	zs_xfr_free(x);
}
END_TEST


/* ------------------------------------------------------------------ */
/* IXFR (RFC 1995)                                                      */

#define OURS	100u
#define NEWS	102u

/* Events as text lines: "RR www.example. A", "DELTA 100 101", ... */
struct evs {
	unsigned int n;
	char line[64][96];
	unsigned int fail_at;
	int fail_ret;
};

static int
evcb(void *arg, const struct zs_xfr_ev *ev)
{
	static const char *const names[] = { "RR", "DELTA", "DEL", "ADD" };
	struct evs *e = arg;
	struct zs_strbuf sb = ZS_STRBUF_INIT;
	struct zs_soa a, b;

	e->n++;
	if (ev->type == ZS_XFR_EV_DELTA) {
		ck_assert_int_eq(zs_msg_soa(ev->old_soa->rdata, &a), 0);
		ck_assert_int_eq(zs_msg_soa(ev->rr->rdata, &b), 0);
		zs_sb_appendf(&sb, "DELTA %u %u", a.serial, b.serial);
	} else {
		ck_assert_ptr_null(ev->old_soa);
		zs_sb_appendf(&sb, "%s ", names[ev->type]);
		zs_dname_totext(&sb, ev->rr->owner, ev->rr->owner_len);
		zs_sb_putc(&sb, ' ');
		zs_rrtype_totext(&sb, ev->rr->type);
		if (ev->rr->type == ZS_TYPE_A && ev->rr->rdlen == 4) {
			struct zs_rd rd = ev->rr->rdata;

			(void)zs_rd_u16(&rd);
			(void)zs_rd_u8(&rd);
			zs_sb_appendf(&sb, " %u", zs_rd_u8(&rd));
		}
		if (ev->rr->type == ZS_TYPE_NS) {
			zs_sb_putc(&sb, ' ');
			ck_assert_int_eq(zs_rdata_totext_class(&sb, 1, 2,
			    ev->rr->rdata), 0);
		}
	}
	if (e->n <= 64)
		snprintf(e->line[e->n - 1], sizeof(e->line[0]), "%s",
		    zs_sb_cstr(&sb));
	zs_sb_free(&sb);
	if (e->fail_at != 0 && e->n == e->fail_at)
		return e->fail_ret;
	return 0;
}

static struct zs_xfr *
ixnew(const struct zs_xfr_limits *lim)
{
	uint8_t z[ZS_DNAME_MAXLEN];
	size_t zl = wname("example.", z);
	struct zs_xfr *x = zs_xfr_new_ixfr(z, zl, ZS_CLASS_IN, QID, OURS,
	    lim);

	ck_assert_ptr_nonnull(x);
	return x;
}

static void
mb_ixfr(struct mb *m, int question)
{
	mb_start(m, QID, ZS_FLAG_QR | ZS_FLAG_AA,
	    question ? "example." : NULL, ZS_TYPE_IXFR, ZS_CLASS_IN);
}

static int
ixfeed(struct zs_xfr *x, struct mb *m, struct evs *e)
{
	size_t n = mb_end(m);

	return zs_xfr_feed_ev(x, m->buf, n, evcb, e);
}

static void
ck_lines(const struct evs *e, const char *const *want, unsigned int n)
{
	unsigned int i;

	ck_assert_uint_eq(e->n, n);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(e->line[i], want[i]);
}

/* Two deltas 100 -> 101 -> 102, the deletions held until the new SOA. */
static void
mb_two_deltas(struct mb *m)
{
	mb_soa(m, "example.", NEWS);
	mb_soa(m, "example.", OURS);
	mb_a(m, "old.example.", 1);
	mb_rr(m, "example.", ZS_TYPE_NS, ZS_CLASS_IN, 3600,
	    "\003ns2\300\014", 6);	/* compressed: ns2.example. */
	mb_soa(m, "example.", OURS + 1);
	mb_a(m, "new.example.", 2);
	mb_soa(m, "example.", OURS + 1);
	mb_soa(m, "example.", NEWS);
	mb_a(m, "Newer.example.", 3);
	mb_soa(m, "example.", NEWS);
}

static const char *const two_deltas[] = {
	"DELTA 100 101", "DEL old.example. A 1",
	"DEL example. NS ns2.example.", "ADD new.example. A 2",
	"DELTA 101 102", "ADD Newer.example. A 3",
};

START_TEST(test_ixfr_incremental)
{
	static struct mb m;
	struct evs e = { 0 };
	struct zs_xfr *x = ixnew(NULL);
	struct zs_xfr_stats st;

	mb_ixfr(&m, 1);
	mb_two_deltas(&m);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_XFR_DONE);
	ck_lines(&e, two_deltas, 6);
	zs_xfr_get_stats(x, &st);
	ck_assert_int_eq(st.kind, ZS_XFR_KIND_IXFR);
	ck_assert_uint_eq(st.deltas, 2);
	ck_assert_uint_eq(st.serial, NEWS);
	ck_assert_uint_eq(st.records, 4);
	ck_assert_uint_eq(st.received, 9);
	ck_assert_int_eq(st.ixfr, 1);
	zs_xfr_free(x);
}
END_TEST

/* The same stream one RR per message, the question only in the first. */
START_TEST(test_ixfr_one_rr_per_message)
{
	static struct mb all, m;
	struct evs e = { 0 };
	struct zs_xfr *x = ixnew(NULL);
	struct zs_rd rd;
	struct zs_rr rr;
	unsigned int i;
	size_t n;
	int ret = 0;

	mb_ixfr(&all, 1);
	mb_two_deltas(&all);
	n = mb_end(&all);
	rd = zs_rd_init(all.buf, n);
	rd.pos = 12 + 9 + 4;		/* past header and question */
	for (i = 0; i < all.an; i++) {
		ck_assert_int_eq(zs_msg_read_rr(&rd, &rr), 0);
		mb_ixfr(&m, i == 0);
		/* copy the RR with its names expanded: no pointers */
		{
			uint8_t rdw[600];
			size_t rdl;

			ck_assert_int_eq(zs_rdata_towire(1, rr.type, rr.rdata,
			    rdw, sizeof(rdw), &rdl, 0), 0);
			mb_rr(&m, "x.", 0, 0, 0, "", 0);
			m.wr.pos -= 13;	/* undo: rewrite by hand */
			m.an--;
			zs_wr_bytes(&m.wr, rr.owner, rr.owner_len);
			zs_wr_u16(&m.wr, rr.type);
			zs_wr_u16(&m.wr, rr.rrclass);
			zs_wr_u32(&m.wr, rr.ttl);
			zs_wr_u16(&m.wr, (uint16_t)rdl);
			zs_wr_bytes(&m.wr, rdw, rdl);
			m.an++;
		}
		ret = ixfeed(x, &m, &e);
		ck_assert_int_eq(ret, i + 1 == all.an ? ZS_XFR_DONE :
		    ZS_XFR_MORE);
	}
	ck_lines(&e, two_deltas, 6);
	zs_xfr_free(x);
}
END_TEST

START_TEST(test_ixfr_uptodate)
{
	static struct mb m;
	struct evs e = { 0 };
	struct zs_xfr *x = ixnew(NULL);
	struct zs_xfr_stats st;

	/* a lone SOA with our serial */
	mb_ixfr(&m, 1);
	mb_soa(&m, "example.", OURS);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_XFR_DONE);
	ck_assert_uint_eq(e.n, 0);
	zs_xfr_get_stats(x, &st);
	ck_assert_int_eq(st.kind, ZS_XFR_KIND_UPTODATE);
	/* nothing may follow */
	mb_ixfr(&m, 0);
	mb_soa(&m, "example.", OURS);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_EAFTEREND);
	zs_xfr_free(x);

	/* older than ours: up to date too (RFC 1982) */
	x = ixnew(NULL);
	mb_ixfr(&m, 1);
	mb_soa(&m, "example.", OURS - 5);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_XFR_DONE);
	zs_xfr_get_stats(x, &st);
	ck_assert_int_eq(st.kind, ZS_XFR_KIND_UPTODATE);
	zs_xfr_free(x);

	/* newer, alone in its message: the rest follows */
	x = ixnew(NULL);
	mb_ixfr(&m, 1);
	mb_soa(&m, "example.", NEWS);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_XFR_MORE);
	zs_xfr_get_stats(x, &st);
	ck_assert_int_eq(st.kind, ZS_XFR_KIND_UNKNOWN);
	mb_ixfr(&m, 0);
	mb_soa(&m, "example.", OURS);
	mb_soa(&m, "example.", NEWS);
	mb_soa(&m, "example.", NEWS);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_XFR_DONE);
	zs_xfr_get_stats(x, &st);
	ck_assert_int_eq(st.kind, ZS_XFR_KIND_IXFR);
	ck_assert_uint_eq(st.deltas, 1);
	ck_assert_uint_eq(e.n, 1);
	ck_assert_str_eq(e.line[0], "DELTA 100 102");
	zs_xfr_free(x);
}
END_TEST

START_TEST(test_ixfr_axfr_style)
{
	static struct mb m;
	struct evs e = { 0 };
	struct zs_xfr *x = ixnew(NULL);
	struct zs_xfr_stats st;
	static const char *const want[] = {
		"RR example. SOA", "RR www.example. A 1", "RR www.example. A 2",
	};

	/* the first message holds only the SOA */
	mb_ixfr(&m, 1);
	mb_soa(&m, "example.", NEWS);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_XFR_MORE);
	ck_assert_uint_eq(e.n, 0);
	mb_ixfr(&m, 0);
	mb_a(&m, "www.example.", 1);
	mb_a(&m, "www.example.", 2);
	mb_soa(&m, "example.", NEWS);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_XFR_DONE);
	ck_lines(&e, want, 3);
	zs_xfr_get_stats(x, &st);
	ck_assert_int_eq(st.kind, ZS_XFR_KIND_AXFR);
	ck_assert_uint_eq(st.records, 3);
	ck_assert_uint_eq(st.deltas, 0);
	zs_xfr_free(x);

	/* a zone of its SOA alone: SOA S, SOA S */
	memset(&e, 0, sizeof(e));
	x = ixnew(NULL);
	mb_ixfr(&m, 1);
	mb_soa(&m, "example.", NEWS);
	mb_soa(&m, "example.", NEWS);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_XFR_DONE);
	ck_lines(&e, want, 1);
	zs_xfr_get_stats(x, &st);
	ck_assert_int_eq(st.kind, ZS_XFR_KIND_AXFR);
	zs_xfr_free(x);

	/* the same split over two messages */
	memset(&e, 0, sizeof(e));
	x = ixnew(NULL);
	mb_ixfr(&m, 1);
	mb_soa(&m, "example.", NEWS);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_XFR_MORE);
	mb_ixfr(&m, 0);
	mb_soa(&m, "example.", NEWS);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_XFR_DONE);
	ck_lines(&e, want, 1);
	zs_xfr_free(x);

	/* AXFR-style with another SOA serial in the body */
	x = ixnew(NULL);
	mb_ixfr(&m, 1);
	mb_soa(&m, "example.", NEWS);
	mb_a(&m, "www.example.", 1);
	mb_soa(&m, "example.", NEWS + 1);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_ESOAMISMATCH);
	zs_xfr_free(x);

	/* the old API on an IXFR machine: fine while the answer is a zone */
	{
		struct seen s = { 0 };

		x = ixnew(NULL);
		mb_ixfr(&m, 1);
		mb_soa(&m, "example.", NEWS);
		mb_a(&m, "www.example.", 1);
		mb_soa(&m, "example.", NEWS);
		ck_assert_int_eq(feed(x, &m, &s), ZS_XFR_DONE);
		ck_assert_uint_eq(s.n, 2);
		zs_xfr_free(x);
		x = ixnew(NULL);
		mb_ixfr(&m, 1);
		mb_two_deltas(&m);
		ck_assert_int_eq(feed(x, &m, &s), ZS_EINVAL);
		zs_xfr_free(x);
	}
}
END_TEST

START_TEST(test_ixfr_broken_chain)
{
	static struct mb m;
	struct evs e = { 0 };
	struct zs_xfr *x = ixnew(NULL);

	/* the second delta starts at 105, the first ended at 101 */
	mb_ixfr(&m, 1);
	mb_soa(&m, "example.", NEWS);
	mb_soa(&m, "example.", OURS);
	mb_soa(&m, "example.", OURS + 1);
	mb_soa(&m, "example.", OURS + 5);
	mb_soa(&m, "example.", NEWS);
	mb_soa(&m, "example.", NEWS);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_ECHAIN);
	zs_xfr_free(x);

	/* the deltas end short of the opening serial */
	x = ixnew(NULL);
	mb_ixfr(&m, 1);
	mb_soa(&m, "example.", NEWS);
	mb_soa(&m, "example.", OURS);
	mb_soa(&m, "example.", OURS + 1);
	mb_a(&m, "a.example.", 1);
	mb_soa(&m, "example.", NEWS);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_ECHAIN);
	zs_xfr_free(x);

	/* a delta that goes past the opening serial, then closes */
	x = ixnew(NULL);
	mb_ixfr(&m, 1);
	mb_soa(&m, "example.", NEWS);
	mb_soa(&m, "example.", OURS);
	mb_soa(&m, "example.", NEWS + 1);
	mb_soa(&m, "example.", NEWS);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_ECHAIN);
	zs_xfr_free(x);

	/* the stream ends in the middle: no closing SOA, MORE forever */
	x = ixnew(NULL);
	mb_ixfr(&m, 1);
	mb_soa(&m, "example.", NEWS);
	mb_soa(&m, "example.", OURS);
	mb_a(&m, "gone.example.", 1);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_XFR_MORE);
	zs_xfr_free(x);
}
END_TEST

START_TEST(test_ixfr_not_apex)
{
	static struct mb m;
	struct evs e = { 0 };
	struct zs_xfr *x;
	static const int where[] = { 0, 1, 2 };
	size_t i;

	/* an SOA below the apex: as deletion, addition, delta opener */
	for (i = 0; i < 3; i++) {
		x = ixnew(NULL);
		mb_ixfr(&m, 1);
		mb_soa(&m, "example.", NEWS);
		mb_soa(&m, "example.", OURS);
		if (where[i] == 0)
			mb_soa(&m, "sub.example.", 7);
		mb_soa(&m, "example.", OURS + 1);
		if (where[i] == 1)
			mb_soa(&m, "sub.example.", 7);
		mb_soa(&m, where[i] == 2 ? "sub.example." : "example.",
		    OURS + 1);
		mb_soa(&m, "example.", NEWS);
		ck_assert_msg(ixfeed(x, &m, &e) == ZS_ENOTAPEX, "case %zu",
		    i);
		zs_xfr_free(x);
	}
	/* and in an AXFR body */
	{
		struct seen s = { 0 };

		x = xnew(NULL);
		mb_axfr(&m, 1);
		mb_soa(&m, "example.", SERIAL);
		mb_soa(&m, "sub.example.", SERIAL);
		mb_soa(&m, "example.", SERIAL);
		ck_assert_int_eq(feed(x, &m, &s), ZS_ENOTAPEX);
		zs_xfr_free(x);
	}
}
END_TEST

START_TEST(test_ixfr_refused_records)
{
	static struct mb m;
	struct evs e = { 0 };
	struct zs_xfr *x = ixnew(NULL);
	uint8_t a[4] = { 1, 2, 3, 4 };

	/* out of zone as a deletion */
	mb_ixfr(&m, 1);
	mb_soa(&m, "example.", NEWS);
	mb_soa(&m, "example.", OURS);
	mb_a(&m, "www.other.", 1);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_EOUTOFZONE);
	zs_xfr_free(x);

	/* another class as an addition */
	x = ixnew(NULL);
	mb_ixfr(&m, 1);
	mb_soa(&m, "example.", NEWS);
	mb_soa(&m, "example.", OURS);
	mb_soa(&m, "example.", NEWS);
	mb_rr(&m, "www.example.", ZS_TYPE_A, ZS_CLASS_CH, 1, a, 4);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_ECLASS);
	zs_xfr_free(x);

	/* the wrong question type (an AXFR question to an IXFR query) */
	x = ixnew(NULL);
	mb_axfr(&m, 1);
	mb_soa(&m, "example.", NEWS);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_EQUESTION);
	zs_xfr_free(x);

	/* an error rcode */
	x = ixnew(NULL);
	mb_start(&m, QID, ZS_FLAG_QR | ZS_RCODE_NOTIMP, "example.",
	    ZS_TYPE_IXFR, ZS_CLASS_IN);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_ERCODE);
	zs_xfr_free(x);

	/* an empty answer */
	x = ixnew(NULL);
	mb_ixfr(&m, 1);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_ENOSOA);
	zs_xfr_free(x);

	/* a malformed delta SOA */
	x = ixnew(NULL);
	mb_ixfr(&m, 1);
	mb_soa(&m, "example.", NEWS);
	mb_soa(&m, "example.", OURS);
	mb_rr(&m, "example.", ZS_TYPE_SOA, ZS_CLASS_IN, 1, "\000", 1);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_EMALFORMED);
	zs_xfr_free(x);
	/* only the class case's delta was announced */
	ck_assert_uint_eq(e.n, 1);
}
END_TEST

START_TEST(test_ixfr_limits)
{
	static struct mb m;
	struct zs_xfr_limits lim = { 5, 0 };
	struct evs e = { 0 };
	struct zs_xfr *x = ixnew(&lim);

	/* SOA, SOA, A, SOA, A = 5 received; the closing SOA is free */
	mb_ixfr(&m, 1);
	mb_soa(&m, "example.", NEWS);
	mb_soa(&m, "example.", OURS);
	mb_a(&m, "a.example.", 1);
	mb_soa(&m, "example.", NEWS);
	mb_a(&m, "b.example.", 2);
	mb_soa(&m, "example.", NEWS);
	ck_assert_int_eq(ixfeed(x, &m, &e), ZS_XFR_DONE);
	zs_xfr_free(x);

	lim.max_records = 4;
	x = ixnew(&lim);
	ck_assert_int_eq(zs_xfr_feed_ev(x, m.buf, m.wr.pos, evcb, &e),
	    ZS_ETOOMANY);
	zs_xfr_free(x);

	/* the callback's error stops the feed, on a held deletion too */
	memset(&e, 0, sizeof(e));
	e.fail_at = 2;
	e.fail_ret = ZS_EDIFF;
	x = ixnew(NULL);
	ck_assert_int_eq(zs_xfr_feed_ev(x, m.buf, m.wr.pos, evcb, &e),
	    ZS_EDIFF);
	ck_assert_uint_eq(e.n, 2);
	ck_assert_int_eq(zs_xfr_feed_ev(x, m.buf, m.wr.pos, evcb, &e),
	    ZS_EDIFF);
	zs_xfr_free(x);
}
END_TEST

/* The query: RFC 1995 section 3, as dig ixfr=N writes it. */
START_TEST(test_ixfr_query)
{
	uint8_t buf[512], want[512];
	struct zs_wr wr = zs_wr_init(buf, sizeof(buf));
	uint8_t z[ZS_DNAME_MAXLEN];
	size_t zl = wname("example.", z);
	size_t n = hexbytes("1234 0000 0001 0000 0001 0000"
	    " 07 6578616d706c65 00 00fb 0001"
	    " 07 6578616d706c65 00 0006 0001 00000000 0016 00 00"
	    " 00000064 00000000 00000000 00000000 00000000", want,
	    sizeof(want));

	ck_assert_int_eq(zs_xfr_ixfr_query(&wr, 0x1234, z, zl, 1, OURS), 0);
	ck_assert_uint_eq(wr.pos, n);
	ck_assert_mem_eq(buf, want, n);
	wr = zs_wr_init(buf, n - 1);
	ck_assert_int_eq(zs_xfr_ixfr_query(&wr, 0x1234, z, zl, 1, OURS),
	    ZS_ESPACE);
}
END_TEST

/* Hand-written IXFR answers: truncation and framing. */
#define IX_HDR(an)	"4242 8400 0001 " an " 0000 0000"
#define IX_Q		"07 6578616d706c65 00 00fb 0001"
#define IX_SOA(ser)	"c00c 0006 0001 00000e10 0016 00 00 " ser \
			" 00000e10 00000258 00093a80 0000012c"

static const struct {
	const char *hex;
	int err;
} ixraw_cases[] = {
	/* 0 good: 102, 100, 102, 102 */
	{ IX_HDR("0004") IX_Q IX_SOA("00000066") IX_SOA("00000064")
	    IX_SOA("00000066") IX_SOA("00000066"), ZS_XFR_DONE },
	/* 1 truncated in the delta's new SOA */
	{ IX_HDR("0004") IX_Q IX_SOA("00000066") IX_SOA("00000064")
	    "c00c 0006 0001 00000e10 0016 00", ZS_ETRUNC },
	/* 2 ancount one more than there is */
	{ IX_HDR("0005") IX_Q IX_SOA("00000066") IX_SOA("00000064")
	    IX_SOA("00000066") IX_SOA("00000066"), ZS_ETRUNC },
	/* 3 a deletion whose RDATA is not its type's (A of 3 octets) */
	{ IX_HDR("0004") IX_Q IX_SOA("00000066") IX_SOA("00000064")
	    "c00c 0001 0001 00000e10 0003 010203" IX_SOA("00000066"),
	    ZS_EBADRDATA },
	/* 4 a deletion's NS name with a forward pointer */
	{ IX_HDR("0004") IX_Q IX_SOA("00000066") IX_SOA("00000064")
	    "c00c 0002 0001 00000e10 0002 c0ff" IX_SOA("00000066"),
	    ZS_EBADRDATA },
	/* 5 trailing garbage */
	{ IX_HDR("0001") IX_Q IX_SOA("00000064") "00", ZS_XFR_DONE },
	/* 6 an up-to-date answer: one SOA at our serial */
	{ IX_HDR("0001") IX_Q IX_SOA("00000064"), ZS_XFR_DONE },
};

START_TEST(test_ixfr_raw)
{
	uint8_t msg[1024];
	size_t n = hexbytes(ixraw_cases[_i].hex, msg, sizeof(msg));
	struct evs e = { 0 };
	struct zs_xfr *x = ixnew(NULL);
	int ret = zs_xfr_feed_ev(x, msg, n, evcb, &e);

	ck_assert_msg(ret == ixraw_cases[_i].err, "case %d: got %d want %d",
	    _i, ret, ixraw_cases[_i].err);
	zs_xfr_free(x);
}
END_TEST

static Suite *
xfr_suite(void)
{
	Suite *s = suite_create("xfr");
	TCase *tg = tcase_create("good");
	TCase *tb = tcase_create("bad");
	TCase *ti = tcase_create("ixfr");

	tcase_add_test(tg, test_single_message);
	tcase_add_test(tg, test_soa_only_zone);
	tcase_add_test(tg, test_multi_message);
	tcase_add_test(tg, test_mixed_case_apex);
	tcase_add_test(tg, test_other_class);
	tcase_add_test(tg, test_additional_tolerated);
	suite_add_tcase(s, tg);

	tcase_add_loop_test(tb, test_header, 0,
	    (int)(sizeof(hdr_cases) / sizeof(hdr_cases[0])));
	tcase_add_test(tb, test_header_later_message);
	tcase_add_test(tb, test_two_questions);
	tcase_add_test(tb, test_first_not_soa);
	tcase_add_test(tb, test_empty_first);
	tcase_add_test(tb, test_out_of_zone);
	tcase_add_test(tb, test_wrong_class);
	tcase_add_test(tb, test_closing_serial);
	tcase_add_test(tb, test_after_end);
	tcase_add_test(tb, test_max_records);
	tcase_add_test(tb, test_max_bytes);
	tcase_add_test(tb, test_callback_error);
	tcase_add_loop_test(tb, test_raw, 0,
	    (int)(sizeof(raw_cases) / sizeof(raw_cases[0])));
	suite_add_tcase(s, tb);

	tcase_add_test(ti, test_ixfr_incremental);
	tcase_add_test(ti, test_ixfr_one_rr_per_message);
	tcase_add_test(ti, test_ixfr_uptodate);
	tcase_add_test(ti, test_ixfr_axfr_style);
	tcase_add_test(ti, test_ixfr_broken_chain);
	tcase_add_test(ti, test_ixfr_not_apex);
	tcase_add_test(ti, test_ixfr_refused_records);
	tcase_add_test(ti, test_ixfr_limits);
	tcase_add_test(ti, test_ixfr_query);
	tcase_add_loop_test(ti, test_ixfr_raw, 0,
	    (int)(sizeof(ixraw_cases) / sizeof(ixraw_cases[0])));
	suite_add_tcase(s, ti);
	return s;
}

ZS_CHECK_MAIN(xfr_suite)
