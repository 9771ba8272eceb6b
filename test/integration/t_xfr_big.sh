#!/usr/bin/env bash
# 100,000 records (deterministic generator): transfer, check, compare.
. "$(dirname "$0")/lib.sh"
zs_init t_xfr_big

"$ZS_IT/gen_zone.sh" big big.test 100100 2024050501 >"$T/big.db"
zs_named_start big.test "$T/big.db"
serial=$(serial_of big.test)
count=$(count_rrs big.test "$T/big.db")
note "big.test: $count RRs, $(wc -c <"$T/big.db") bytes of source"

zs_xfr -p "$NAMED_PORT" -t 60 -o "$T/out.zone" big.test @127.0.0.1
if expect_xfr_ok big.test "$serial" "$count" "$T/out.zone"; then
	note "big.test: $(wc -c <"$T/out.zone") bytes written in ${XFR_SECS}s"
	assert_header "$T/out.zone" big.test "$serial" "$count"
	assert_checkzone big.test "$T/out.zone"
	assert_same_zone big.test "$T/big.db" "$T/out.zone"
fi
left=$(leftover_tmp "$T" out.zone)
if [ -z "$left" ]; then ok "no temp files left"; else bad "temp files left: $left"; fi
zs_done
