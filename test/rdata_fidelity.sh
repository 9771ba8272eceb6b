#!/bin/sh
# rdata_fidelity.sh - prove that our RDATA text loads back, in BIND, to the
# very octets it was rendered from.
#
# usage: test/rdata_fidelity.sh CHECK_RDATA_BINARY [RAWDUMP_BINARY [ZONE]]
#
# Part 1, the unit-test table:
# The binary (test/check_rdata) prints, with ZS_RDATA_DUMP=1, one line per
# table case: "TYPE<TAB>our text<TAB>\# LEN HEX".  For every case written
# in typed form, two one-record zones are compiled with named-compilezone,
# one with our text and one with the RFC 3597 generic form of the same
# octets, which BIND turns into its own canonical text.  The two dumps must
# be identical.  When BIND refuses the octets themselves (the generic
# zone does not load: obsolete MD/MF, a DS digest of the wrong length, a
# KEY with the NOKEY flags and a key...), named refuses the whole zone
# whatever we write, so the case only counts as "refused"; our text must
# then be refused too, never load to something else.
#
# Part 2, when RAWDUMP_BINARY (test/rdata_rawdump) is given: ZONE
# (default test/data/alltypes.zone, apex alltypes.test.) is compiled to
# BIND's raw format, which holds BIND's own wire octets, written back as
# text by our renderer, and both texts must compile to identical dumps.
#
# Exit status 0 when every case matches, 77 when BIND is not installed.
# Needs named-compilezone (bind9-utils).
set -u

bin=${1:?usage: $0 check_rdata [rdata_rawdump [zone]]}
rawdump=${2:-}
zone=${3:-$(dirname "$0")/data/alltypes.zone}
command -v named-compilezone >/dev/null 2>&1 || {
	echo "rdata_fidelity: named-compilezone not found, skipped" >&2
	exit 77
}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

compile() {
	# -k ignore: check-names must not drop records; -i none: no
	# integrity checks (NSEC3 owners, glue) on these one-record zones.
	# The dump's "; resign=" comment of an RRSIG is the current time:
	# two runs a second apart differ there, not in the data.
	named-compilezone -q -D -k ignore -i none -o "$2" "${3:-test.}" \
	    "$1" >/dev/null 2>&1 || return
	sed -i '/^; resign=/d' "$2"
}

mkzone() {
	# $1 file, $2 type, $3 rdata text
	{
		printf '$TTL 300\n'
		if [ "$2" = SOA ]; then
			printf '@ SOA %s\n' "$3"
		else
			printf '@ SOA ns. host. 1 2 3 4 5\n'
			printf 'r %s %s\n' "$2" "$3"
		fi
		printf '@ NS ns.\n'
	} >"$1"
}

ZS_RDATA_DUMP=1 "$bin" >"$tmp/cases" || {
	echo "rdata_fidelity: $bin failed" >&2
	exit 1
}

n=0 typed=0 fail=0 refused=0
tab=$(printf '\t')
while IFS=$tab read -r type text generic; do
	n=$((n + 1))
	[ "$text" = "$generic" ] && continue
	typed=$((typed + 1))
	mkzone "$tmp/ours.zone" "$type" "$text"
	mkzone "$tmp/generic.zone" "$type" "$generic"
	if ! compile "$tmp/generic.zone" "$tmp/generic.out"; then
		if compile "$tmp/ours.zone" "$tmp/ours.out"; then
			echo "FAIL case $n: BIND refuses the octets but loads:"
			echo "  $type $text"
			fail=$((fail + 1))
		else
			refused=$((refused + 1))
		fi
		continue
	fi
	if ! compile "$tmp/ours.zone" "$tmp/ours.out"; then
		echo "FAIL case $n: our text does not load:"
		echo "  $type $text"
		fail=$((fail + 1))
		continue
	fi
	if ! cmp -s "$tmp/ours.out" "$tmp/generic.out"; then
		echo "FAIL case $n: our text loads to other octets:"
		echo "  ours:  $type $text"
		diff "$tmp/generic.out" "$tmp/ours.out" | sed 's/^/  /'
		fail=$((fail + 1))
	fi
done <"$tmp/cases"

echo "rdata_fidelity: $n cases, $typed typed," \
    "$refused refused by BIND in any form, $fail failed"

if [ -n "$rawdump" ]; then
	if ! named-compilezone -q -k ignore -i none -F raw -o "$tmp/z.raw" \
	    alltypes.test "$zone" >/dev/null 2>&1; then
		echo "FAIL: $zone does not load"
		fail=$((fail + 1))
	elif ! "$rawdump" "$tmp/z.raw" >"$tmp/z.ours" 2>"$tmp/z.err"; then
		echo "FAIL: $rawdump failed: $(cat "$tmp/z.err")"
		fail=$((fail + 1))
	elif ! compile "$zone" "$tmp/z.ref" alltypes.test ||
	    ! compile "$tmp/z.ours" "$tmp/z.out" alltypes.test; then
		echo "FAIL: our text of $zone does not load"
		fail=$((fail + 1))
	elif ! diff "$tmp/z.ref" "$tmp/z.out"; then
		echo "FAIL: our text of $zone loads to other records"
		fail=$((fail + 1))
	else
		echo "rdata_fidelity: $zone: $(wc -l <"$tmp/z.ours")" \
		    "records identical; $(cat "$tmp/z.err")"
	fi
fi
[ "$fail" -eq 0 ]
