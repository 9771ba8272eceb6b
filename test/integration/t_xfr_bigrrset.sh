#!/usr/bin/env bash
# Large RRsets: 3,000 A and 1,000 AAAA at one name, and a ~61 KB TXT RRset
# that BIND splits across AXFR messages, and one TXT record of 65,024
# octets of rdata.  (The primary runs with
# max-records-per-type 0; see DESIGN.md traps.)
. "$(dirname "$0")/lib.sh"
zs_init t_xfr_bigrrset

"$ZS_IT/gen_zone.sh" bigrrset rrset.test 77 >"$T/rrset.db"
zs_named_start rrset.test "$T/rrset.db"
serial=$(serial_of rrset.test)
count=$(count_rrs rrset.test "$T/rrset.db")

zs_xfr -p "$NAMED_PORT" -o "$T/out.zone" rrset.test @127.0.0.1
if expect_xfr_ok rrset.test "$serial" "$count" "$T/out.zone"; then
	assert_checkzone rrset.test "$T/out.zone"
	assert_same_zone rrset.test "$T/rrset.db" "$T/out.zone"
	n=$(grep -c '10\.1\.' "$T/out.zone")
	if [ "$n" -eq 3000 ]; then ok "3000 A records at big"; else bad "$n A records at big, want 3000"; fi
	# owners after the first of an RRset are blank: count full names
	n=$(canon rrset.test "$T/out.zone" | grep -cE '^bigtxt\.rrset\.test\.[[:space:]].*[[:space:]]TXT[[:space:]]')
	if [ "$n" -eq 240 ]; then ok "240 TXT records at bigtxt"; else bad "$n TXT records at bigtxt, want 240"; fi
	n=$(grep '^hugetxt' "$T/out.zone" | grep -o '"0*"' | grep -c '')
	if [ "$n" -eq 254 ]; then ok "hugetxt: one record of 254 strings"; else bad "hugetxt: $n strings, want 254"; fi
fi
zs_done
