#!/usr/bin/env bash
# One record of every common type (test/data/alltypes.zone when present,
# else zones/types.db): transfer, check, compare.  Also once over IPv6.
. "$(dirname "$0")/lib.sh"
zs_init t_xfr_types

if [ -s "$ZS_ROOT/test/data/alltypes.zone" ]; then
	src="$ZS_ROOT/test/data/alltypes.zone"
	zone=$(awk '$1 == "$ORIGIN" { sub(/\.$/, "", $2); print $2; exit }' "$src")
	[ -n "$zone" ] || zone=alltypes.test
else
	src="$ZS_IT/zones/types.db"
	zone=types.test
fi
note "source $src (zone $zone)"
cp "$src" "$T/src.db"
if [ "$zone" = types.test ]; then
	zs_named_start "$zone" "$T/src.db"
else
	zs_named_start "$zone" "$T/src.db" types.test "$ZS_IT/zones/types.db"
fi
serial=$(serial_of "$zone")
count=$(count_rrs "$zone" "$T/src.db")

zs_xfr -p "$NAMED_PORT" -o "$T/out.zone" "$zone" @127.0.0.1
if expect_xfr_ok "$zone" "$serial" "$count" "$T/out.zone"; then
	assert_header "$T/out.zone" "$zone" "$serial" "$count"
	assert_checkzone "$zone" "$T/out.zone"
	assert_same_zone "$zone" "$T/src.db" "$T/out.zone"
fi

# types.db as well when alltypes.zone was the main source.
if [ "$zone" != types.test ]; then
	zs_xfr -p "$NAMED_PORT" -o "$T/types.zone" types.test @127.0.0.1
	if expect_xfr_ok types.test "$(serial_of types.test)" \
	    "$(count_rrs types.test "$ZS_IT/zones/types.db")" "$T/types.zone"; then
		assert_checkzone types.test "$T/types.zone"
		assert_same_zone types.test "$ZS_IT/zones/types.db" "$T/types.zone"
	fi
fi

# The same transfer over IPv6.
if have_v6; then
	zs_xfr -p "$NAMED_PORT" -o "$T/out6.zone" types.test @::1
	if expect_xfr_ok types.test "$(serial_of types.test)" \
	    "$(count_rrs types.test "$ZS_IT/zones/types.db")" "$T/out6.zone"; then
		assert_same_zone types.test "$ZS_IT/zones/types.db" "$T/out6.zone"
	fi
else
	note "no ::1 here, IPv6 transfer skipped"
fi
zs_done
