/*
 * check_wire.c - bounds-checked read and write cursors (lib/wire.h).
 */
#include "check_util.h"
#include "wire.h"

START_TEST(test_reads)
{
	uint8_t b[32];
	size_t n = hexbytes("01 0203 04050607 08090a0b0c0d ff", b, sizeof(b));
	struct zs_rd rd = zs_rd_init(b, n);

	ck_assert_uint_eq(zs_rd_left(&rd), 14);
	ck_assert_uint_eq(zs_rd_u8(&rd), 0x01);
	ck_assert_uint_eq(zs_rd_u16(&rd), 0x0203);
	ck_assert_uint_eq(zs_rd_u32(&rd), 0x04050607);
	ck_assert_uint_eq(zs_rd_u48(&rd), UINT64_C(0x08090a0b0c0d));
	ck_assert_ptr_eq(zs_rd_peek(&rd), b + 13);
	ck_assert_uint_eq(zs_rd_u8(&rd), 0xff);
	ck_assert_int_eq(rd.err, 0);
	ck_assert_uint_eq(zs_rd_left(&rd), 0);
	ck_assert_ptr_null(zs_rd_peek(&rd));
	/* at the end: zero-length take still works */
	ck_assert_ptr_eq(zs_rd_bytes(&rd, 0), b + 14);
	ck_assert_int_eq(rd.err, 0);
	/* one past: ETRUNC, value 0 */
	ck_assert_uint_eq(zs_rd_u8(&rd), 0);
	ck_assert_int_eq(rd.err, ZS_ETRUNC);
}
END_TEST

/* Each read on a cursor one byte short fails with ETRUNC and reads 0. */
static const struct {
	const char *hex;
	int what;		/* 1 u8, 2 u16, 4 u32, 6 u48, 9 bytes(5) */
} short_cases[] = {
	{ "", 1 }, { "ff", 2 }, { "ffffff", 4 }, { "ffffffffff", 6 },
	{ "ffffffff", 9 }, { "", 2 }, { "", 4 },
	/* u48 with the u16 half present must still read 0 (was a bug) */
	{ "ffff", 6 }, { "ffffff", 6 },
};

START_TEST(test_short)
{
	uint8_t b[16];
	size_t n = hexbytes(short_cases[_i].hex, b, sizeof(b));
	struct zs_rd rd = zs_rd_init(b, n);
	uint64_t v = 1;

	switch (short_cases[_i].what) {
	case 1: v = zs_rd_u8(&rd); break;
	case 2: v = zs_rd_u16(&rd); break;
	case 4: v = zs_rd_u32(&rd); break;
	case 6: v = zs_rd_u48(&rd); break;
	default:
		ck_assert_ptr_null(zs_rd_bytes(&rd, 5));
		v = 0;
		break;
	}
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(rd.err, ZS_ETRUNC);
	ck_assert_uint_eq(zs_rd_left(&rd), 0);
}
END_TEST

START_TEST(test_sticky)
{
	uint8_t b[8];
	size_t n = hexbytes("0102030405060708", b, sizeof(b));
	struct zs_rd rd = zs_rd_init(b, n);

	ck_assert_ptr_null(zs_rd_bytes(&rd, 9));
	ck_assert_int_eq(rd.err, ZS_ETRUNC);
	/* data is still there, but every later read returns zero */
	ck_assert_uint_eq(zs_rd_u8(&rd), 0);
	ck_assert_uint_eq(zs_rd_u16(&rd), 0);
	ck_assert_uint_eq(zs_rd_u32(&rd), 0);
	ck_assert_ptr_null(zs_rd_bytes(&rd, 0));
	ck_assert_ptr_null(zs_rd_peek(&rd));
	/* the first error is kept */
	zs_rd_fail(&rd, ZS_EMALFORMED);
	ck_assert_int_eq(rd.err, ZS_ETRUNC);
	ck_assert_uint_eq(rd.pos, 0);
}
END_TEST

START_TEST(test_sub)
{
	uint8_t b[16];
	size_t n = hexbytes("0003 aabbcc 0004 11223344", b, sizeof(b));
	struct zs_rd rd = zs_rd_init(b, n), sub;

	sub = zs_rd_sub(&rd, zs_rd_u16(&rd));
	ck_assert_int_eq(rd.err, 0);
	ck_assert_uint_eq(rd.pos, 5);
	ck_assert_ptr_eq(sub.msg, b);
	ck_assert_uint_eq(sub.msglen, n);
	ck_assert_uint_eq(zs_rd_left(&sub), 3);
	ck_assert_uint_eq(zs_rd_u16(&sub), 0xaabb);
	/* the child cannot read past its window */
	ck_assert_uint_eq(zs_rd_u16(&sub), 0);
	ck_assert_int_eq(sub.err, ZS_ETRUNC);
	/* and the parent is not affected */
	ck_assert_int_eq(rd.err, 0);
	ck_assert_uint_eq(zs_rd_u16(&rd), 4);
	sub = zs_rd_sub(&rd, 4);
	ck_assert_uint_eq(zs_rd_u32(&sub), 0x11223344);
	ck_assert_int_eq(sub.err, 0);
	ck_assert_uint_eq(zs_rd_left(&rd), 0);
	/* zero-length child at the end */
	sub = zs_rd_sub(&rd, 0);
	ck_assert_int_eq(sub.err, 0);
	ck_assert_uint_eq(zs_rd_left(&sub), 0);
	/* overrun: both fail, child window empty */
	sub = zs_rd_sub(&rd, 1);
	ck_assert_int_eq(rd.err, ZS_ETRUNC);
	ck_assert_int_eq(sub.err, ZS_ETRUNC);
	ck_assert_uint_eq(zs_rd_left(&sub), 0);
	ck_assert_uint_eq(zs_rd_u8(&sub), 0);
}
END_TEST

START_TEST(test_sub_overrun_length)
{
	/* an rdlength of 0xffff with 2 bytes left */
	uint8_t b[8];
	size_t n = hexbytes("ffff 0102", b, sizeof(b));
	struct zs_rd rd = zs_rd_init(b, n), sub;

	sub = zs_rd_sub(&rd, zs_rd_u16(&rd));
	ck_assert_int_eq(rd.err, ZS_ETRUNC);
	ck_assert_int_eq(sub.err, ZS_ETRUNC);
	ck_assert_ptr_null(zs_rd_bytes(&sub, 1));
}
END_TEST

START_TEST(test_writes)
{
	uint8_t buf[32], want[32];
	size_t n = hexbytes("7f 1234 deadbeef 0102030405ff 616263 beef",
	    want, sizeof(want));
	struct zs_wr wr = zs_wr_init(buf, sizeof(buf));

	zs_wr_u8(&wr, 0x7f);
	zs_wr_u16(&wr, 0x1234);
	zs_wr_u32(&wr, 0xdeadbeef);
	zs_wr_u48(&wr, UINT64_C(0x0102030405ff));
	zs_wr_bytes(&wr, "abc", 3);
	zs_wr_u16(&wr, 0);
	zs_wr_put_u16_at(&wr, 16, 0xbeef);
	ck_assert_int_eq(wr.err, 0);
	ck_assert_uint_eq(wr.pos, n);
	ck_assert_int_eq(memcmp(buf, want, n), 0);
	/* patching beyond what was written is a range error */
	zs_wr_put_u16_at(&wr, 17, 1);
	ck_assert_int_eq(wr.err, ZS_ERANGE);
	zs_wr_u8(&wr, 1);
	ck_assert_uint_eq(wr.pos, n);
}
END_TEST

START_TEST(test_write_space)
{
	uint8_t buf[5];
	struct zs_wr wr = zs_wr_init(buf, sizeof(buf));

	memset(buf, 0xee, sizeof(buf));
	zs_wr_u32(&wr, 0x01020304);
	zs_wr_u16(&wr, 0x0506);	/* does not fit: nothing written */
	ck_assert_int_eq(wr.err, ZS_ESPACE);
	ck_assert_uint_eq(wr.pos, 4);
	ck_assert_uint_eq(buf[4], 0xee);
	/* sticky: even a fitting write is ignored */
	zs_wr_u8(&wr, 0x09);
	ck_assert_uint_eq(wr.pos, 4);
	ck_assert_uint_eq(buf[4], 0xee);
	zs_wr_put_u16_at(&wr, 0, 0);
	ck_assert_uint_eq(buf[0], 0x01);

	wr = zs_wr_init(buf, 0);
	zs_wr_bytes(&wr, "", 0);
	ck_assert_int_eq(wr.err, 0);
	zs_wr_u8(&wr, 1);
	ck_assert_int_eq(wr.err, ZS_ESPACE);
}
END_TEST

START_TEST(test_be)
{
	uint8_t b[4];

	hexbytes("fedcba98", b, sizeof(b));
	ck_assert_uint_eq(zs_be16(b), 0xfedc);
	ck_assert_uint_eq(zs_be32(b), 0xfedcba98);
}
END_TEST

static Suite *
wire_suite(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("read");
	TCase *tw = tcase_create("write");

	tcase_add_test(tc, test_reads);
	tcase_add_loop_test(tc, test_short, 0,
	    (int)(sizeof(short_cases) / sizeof(short_cases[0])));
	tcase_add_test(tc, test_sticky);
	tcase_add_test(tc, test_sub);
	tcase_add_test(tc, test_sub_overrun_length);
	tcase_add_test(tc, test_be);
	suite_add_tcase(s, tc);
	tcase_add_test(tw, test_writes);
	tcase_add_test(tw, test_write_space);
	suite_add_tcase(s, tw);
	return s;
}

ZS_CHECK_MAIN(wire_suite)
