#!/usr/bin/env bash
# BIND raw files (masterfile-format raw) written by `zonesyncd xfr -F raw`
# from a real named primary, for every zone the text path is tested with:
# test/data/alltypes.zone (every type the renderer knows), the zones/
# set (types, owner case, escapes, svcb., the root), large RRsets (one
# record of 65,024 octets, a TXT set split across messages), and DNSSEC
# zones signed here (NSEC, NSEC3 opt-out, RRSIG times past 2038).
# For each: named-compilezone -f raw -F text of the written file equals
# the primary's zone canonically, and named-checkzone -f raw accepts it.
. "$(dirname "$0")/lib.sh"
zs_init t_raw_fidelity

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
sign nsec.test "$T/nsec.test.src"
sign nsec3.test "$T/nsec3.test.src" -3 AABBCCDD -H 3 -A
sign y2038.test "$T/y2038.test.src" -P -s 20390101000000 -e 20400101000000

cp "$ZS_ROOT/test/data/alltypes.zone" "$T/alltypes.test.src"
cp "$ZS_IT/zones/types.db" "$T/types.test.src"
cp "$ZS_IT/zones/case.db" "$T/case.test.src"
cp "$ZS_IT/zones/escapes.db" "$T/esc.test.src"
cp "$ZS_IT/zones/svcb.db" "$T/svcb.src"
cp "$ZS_IT/zones/root.db" "$T/root.src"
"$ZS_IT/gen_zone.sh" bigrrset rrset.test 77 >"$T/rrset.test.src"

zones="alltypes.test types.test case.test esc.test svcb . rrset.test
nsec.test nsec3.test y2038.test"
args=()
for z in $zones; do
	f=$z
	[ "$z" = . ] && f=root
	args+=("$z" "$T/$f.src")
done
zs_named_start "${args[@]}"

for z in $zones; do
	f=$z
	[ "$z" = . ] && f=root
	src="$T/$f.src" out="$T/$f.raw"
	serial=$(serial_of "$z")
	count=$(count_rrs "$z" "$src")
	zs_xfr -p "$NAMED_PORT" -F raw -o "$out" "$z" @127.0.0.1
	expect_xfr_ok "$z" "$serial" "$count" "$out" || continue
	if [ "$(head -c 8 "$out" | od -An -tx1 | tr -d ' \n')" = \
	    0000000200000001 ]; then
		ok "$z: raw format version 1 header"
	else
		bad "$z: not a raw file"
		continue
	fi
	assert_same_zone "$z" "$src" "$out"
	if named-checkzone -q -f raw -k ignore -i local "$z" "$out" \
	    >"$T/check.log" 2>&1; then
		ok "$z: named-checkzone -f raw accepts it"
	else
		bad "$z: named-checkzone -f raw refuses it"
		show "$T/check.log"
	fi
done

# RRSIGs are grouped by the type they cover (the block's covers field):
# the signed zone reads back with every RRSIG over its own RRset, which
# dnssec-verify checks through the signatures.
for z in nsec.test nsec3.test; do
	if named-compilezone -q -f raw -F text -o "$T/$z.txt" "$z" \
	    "$T/$z.raw" >/dev/null 2>&1 &&
	    dnssec-verify -q -o "$z" "$T/$z.txt" >"$T/verify.log" 2>&1; then
		ok "$z: dnssec-verify accepts the raw file's records"
	else
		bad "$z: dnssec-verify refuses the raw file's records"
		show "$T/verify.log"
	fi
done
zs_done
