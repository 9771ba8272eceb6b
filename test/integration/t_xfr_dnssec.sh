#!/usr/bin/env bash
# DNSSEC-signed zones made at test time: NSEC, NSEC3 (with opt-out and
# salt), and one whose RRSIG inception and expiration are both past 2038
# (times above 2^31).  The written file must equal the signed file.
. "$(dirname "$0")/lib.sh"
zs_init t_xfr_dnssec

K="$T/keys"
mkdir -p "$K"
# sign ZONE OUT SIGNZONE-ARGS...: escapes.db renamed to ZONE, then signed.
sign() {
	local zone=$1 out=$2
	shift 2
	sed "s/esc\.test\./$zone./g" "$ZS_IT/zones/escapes.db" >"$T/$zone.db"
	dnssec-keygen -q -K "$K" -a ECDSAP256SHA256 -f KSK "$zone" >/dev/null &&
	dnssec-keygen -q -K "$K" -a ECDSAP256SHA256 "$zone" >/dev/null &&
	dnssec-signzone -q -K "$K" -d "$K" -S -o "$zone" -f "$out" "$@" \
	    "$T/$zone.db" >"$T/$zone.sign.log" 2>&1 || {
		show "$T/$zone.sign.log"
		die "could not sign $zone"
	}
}
sign nsec.test "$T/nsec.signed"
sign nsec3.test "$T/nsec3.signed" -3 AABBCCDD -H 3 -A
sign y2038.test "$T/y2038.signed" -P -s 20390101000000 -e 20400101000000
grep -q 'RRSIG.*20400101000000 20390101000000' "$T/y2038.signed" ||
    sed -n '/RRSIG/{n;p;q}' "$T/y2038.signed" |
    grep -q '20400101000000 20390101000000' ||
    note "y2038.test: could not see the post-2038 times in the signed file"

zs_named_start nsec.test "$T/nsec.signed" nsec3.test "$T/nsec3.signed" \
    y2038.test "$T/y2038.signed"

for zone in nsec.test nsec3.test y2038.test; do
	echo " zone $zone"
	src="$T/${zone%.test}.signed" out="$T/$zone.out"
	serial=$(serial_of "$zone")
	count=$(count_rrs "$zone" "$src")
	zs_xfr -p "$NAMED_PORT" -o "$out" "$zone" @127.0.0.1
	expect_xfr_ok "$zone" "$serial" "$count" "$out" || continue
	assert_checkzone "$zone" "$out"
	assert_same_zone "$zone" "$src" "$out"
	n=$(grep -c 'RRSIG' "$out")
	if [ "$n" -gt 0 ]; then ok "$zone: $n RRSIG lines"; else bad "$zone: no RRSIG"; fi
done

# The post-2038 times, printed as YYYYMMDDHHmmSS, not as negative numbers
# or wrapped 1970s dates.
if grep -q '20400101000000' "$T/y2038.test.out" 2>/dev/null &&
    grep -q '20390101000000' "$T/y2038.test.out"; then
	ok "y2038.test: RRSIG times 2039/2040 kept"
else
	bad "y2038.test: RRSIG times past 2038 not found in the written file"
	grep -m 3 -A 1 'RRSIG' "$T/y2038.test.out" 2>/dev/null | sed 's/^/    /'
fi
# dnssec-verify the NSEC and NSEC3 outputs (signatures valid => octets same).
for zone in nsec.test nsec3.test; do
	if dnssec-verify -q -o "$zone" "$T/$zone.out" >"$T/verify.log" 2>&1; then
		ok "$zone: dnssec-verify accepts the written file"
	else
		bad "$zone: dnssec-verify rejects the written file"
		show "$T/verify.log"
	fi
done
zs_done
