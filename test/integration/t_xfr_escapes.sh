#!/usr/bin/env bash
# Presentation-format traps: TXT escapes, odd owner bytes, owner case under
# a lower-case origin, a zone named like a type mnemonic (svcb.) and the
# root zone.  Each must come back with the very same octets, and no record
# may inject a directive into the written file.
. "$(dirname "$0")/lib.sh"
zs_init t_xfr_escapes

Z="$ZS_IT/zones"
zs_named_start esc.test "$Z/escapes.db" case.test "$Z/case.db" \
    svcb "$Z/svcb.db" . "$Z/root.db"

for spec in esc.test:escapes case.test:case svcb.:svcb .:root; do
	zone=${spec%%:*} src="$Z/${spec#*:}.db" out="$T/${spec#*:}.out"
	echo " zone $zone"
	serial=$(serial_of "$zone")
	count=$(count_rrs "$zone" "$src")
	zs_xfr -p "$NAMED_PORT" -o "$out" "$zone" @127.0.0.1
	expect_xfr_ok "$zone" "$serial" "$count" "$out" || continue
	assert_header "$out" "$zone" "$serial" "$count"
	assert_checkzone "$zone" "$out"
	assert_same_zone "$zone" "$src" "$out"
	# Only $ORIGIN (and $TTL) directives, and $ORIGIN only for the zone.
	origin="${zone%.}."
	[ "$zone" = . ] && origin=.
	inj=$(grep '^\$' "$out" | grep -v "^\\\$ORIGIN ${origin//./\\.}\$" |
	    grep -v '^\$TTL [0-9][0-9]*$' || true)
	if [ -z "$inj" ]; then
		ok "$zone: no directive other than \$ORIGIN $origin / \$TTL"
	else
		bad "$zone: unexpected directive lines: $(head -n 3 <<<"$inj")"
	fi
done

# Owner case survives relative owners under a lower-case origin (the
# compare above already checks it; this names the classic failure).
if grep -q 'CnAmE' "$T/case.out" 2>/dev/null; then
	ok "case.test: CnAmE.Case.TEST case kept"
else
	bad "case.test: CnAmE.Case.TEST lost its case"
fi
zs_done
