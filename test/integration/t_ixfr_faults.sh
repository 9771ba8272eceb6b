#!/usr/bin/env bash
# IXFR from a misbehaving primary (fakeserver.py byzone, IXFR modes: each
# zone fills by AXFR at serial 10, then the primary has 11 and answers
# the IXFR badly).  Every bad IXFR falls back to an AXFR from the same
# primary in the same round, one log line says why, the status says
# "ixfr→axfr" with the reason, and the file is the primary's zone; when
# the AXFR is bad too (ixbad) the file stays byte for byte.  No temporary
# file is left anywhere.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_ixfr_faults

# mode:regex the fallback reason must match
CASES="ixdiff:does not apply
ixchain:do not chain
ixapex:not at the zone apex|apex
ixnotimp:NOTIMP
ixrefused:REFUSED
ixservfail:SERVFAIL
ixformerr:FORMERR
ixtrunc:closed the connection
ixendless:max-transfer-idle-in"
MODES="$(cut -d: -f1 <<<"$CASES") ixgood ixbad"

FAKE_LIFETIME=100 python3 "$ZS_IT/fakeserver.py" byzone "$T/fake.port" \
    >"$T/fake.log" 2>&1 &
zs_track $!
wait_until 5 test -s "$T/fake.port" || die "fake primary did not start"
FAKE=$(cat "$T/fake.port")
note "fake primary :$FAKE"

zones=()
stmts=()
for m in $MODES; do
	zones+=("$m.f.test")
	extra=""
	[ "$m" = ixendless ] && extra=" max-transfer-idle-in 2s;"
	stmts+=("zone \"$m.f.test\" { primaries { 127.0.0.1 port $FAKE; };$extra };")
done
ZSD_LOCAL_ZONE_OPTS="check-names ignore;" zsd_local_start "${zones[@]}"
ZSD_CONF="$T/agent.conf"
zsd_conf "$ZSD_CONF" "max-retry-time 2;" -- "${stmts[@]}"
# A snapshot temporary left by a killed predecessor goes at start-up.
echo junk >"$AD/.snap+ixgood.f.test.zone.snap.AbC123"
t0=$(now_f)
zsd_start || die "cannot start the daemon"
check "a stale snapshot temporary is removed at start" \
    test ! -e "$AD/.snap+ixgood.f.test.zone.snap.AbC123"

# The zone at serial N, as the fake serves it.
expected() {	# expected ZONE N FILE
	cat >"$3" <<EOF
\$ORIGIN $1.
@	300 IN SOA @ @ $2 2 1 3600 60
@	300 IN NS ns
@	300 IN A 192.0.2.$(($2 % 250))
ns	300 IN A 192.0.2.1
EOF
}

# same_as_11 ZONE: the file holds the zone at serial 11, canonically (one
# named-compilezone per zone: the expected text is made once).
expected x.f.test 11 "$T/x.want"
canon x.f.test "$T/x.want" >"$T/x.canon" || die "expected zone does not load"
same_as_11() {
	# Column widths follow the name's length: spaces squeezed.
	if canon "$1" "$AD/$1.zone" 2>/dev/null | tr -s ' \t' ' ' | sort \
	    >"$T/got.canon" &&
	    sed "s/x\.f\.test\./$1./g" "$T/x.canon" | tr -s ' \t' ' ' | sort |
	    cmp -s - "$T/got.canon"
	then
		ok "$1: the zone at serial 11, canonically"
	else
		bad "$1: the file is not the zone at serial 11"
		diff <(sed "s/x\.f\.test\./$1./g" "$T/x.canon" |
		    tr -s ' \t' ' ' | sort) \
		    "$T/got.canon" | head
	fi
}

# Everything settles: 11 everywhere but ixbad, which keeps 10.
settled() {
	local m
	for m in $MODES; do
		if [ "$m" = ixbad ]; then
			[ "$(local_serial "$m.f.test")" = 10 ] || return 1
			[ "$(zsd_run_log | grep -c "ixbad.f.test: transfer from")" -ge 1 ] ||
			    return 1
		else
			[ "$(local_serial "$m.f.test")" = 11 ] || return 1
		fi
	done
}
if wait_until 25 settled; then
	ok "every zone settled (${WAITED}s)"
else
	for m in $MODES; do
		note "$m: local named serves '$(local_serial "$m.f.test")'"
	done
	show "$ZSD_LOG" 30
fi
zsd_status_json "$T/st.json" || bad "no status"
# zone|kind|why|state|failures, one python for all (it starts slowly on a
# busy machine)
python3 - "$T/st.json" >"$T/kinds" <<'PY'
import json, sys
for z in json.load(open(sys.argv[1]))["zones"]:
    x = z.get("last_transfer") or {}
    print("%s|%s|%s|%s|%s" % (z["zone"], x.get("kind"), x.get("why") or "",
          z["state"], z["failures"]))
PY
field() {	# field ZONE N
	awk -F'|' -v z="$1" -v n="$2" '$1 == z { print $n }' "$T/kinds"
}

while IFS=: read -r m re; do
	z=$m.f.test
	line=$(zsd_run_log | grep -m1 -E "zonesyncd: $z: IXFR from .* failed")
	if [ -z "$line" ]; then
		bad "$z: no 'IXFR from ... failed' line"
		zsd_run_log | grep -F "$z" | head -n 4 | sed 's/^/    | /'
		continue
	fi
	echo "    $m: ${line#* zonesyncd: }" | cut -c1-200
	if grep -qE -- "$re.*falling back to AXFR" <<<"$line"; then
		ok "$z: one line names the problem (/$re/) and the fallback"
	else
		bad "$z: line does not match /$re/"
	fi
	check "$z: said once" test "$(zsd_run_log | grep -c "$z: IXFR from")" = 1
	kind=$(field "$z" 2)
	why=$(field "$z" 3)
	if [ "$kind" = "ixfr→axfr" ] && grep -qE -- "$re" <<<"$why"; then
		ok "$z: status kind $kind, why: ${why:0:60}"
	else
		bad "$z: status kind '$kind', why '$why'"
	fi
	same_as_11 "$z"
done <<<"$CASES"

# A good IXFR from the fake: deltas applied, nothing to fall back from.
z=ixgood.f.test
check "$z: status kind ixfr" test "$(field "$z" 2)" = ixfr
same_as_11 "$z"

# Both bad: the fallback AXFR fails too; the file stays as filled.
z=ixbad.f.test
expected "$z" 10 "$T/ixbad.want"
assert_same_zone "$z" "$T/ixbad.want" "$AD/$z.zone"
check "$z: IXFR failed, then the AXFR" \
    test "$(zsd_run_log | grep -c "$z: IXFR from .*REFUSED.*falling back")" = 1
check "$z: state is not ok ($(field "$z" 4))" test "$(field "$z" 4)" != ok
# Byte for byte across the retries that follow (AXFR only, for the hour).
cp "$AD/$z.zone" "$T/ixbad.before"
n0=$(field "$z" 5)
more_failures() { [ "$(zone_field "$z" failures)" -gt "$n0" ]; }
wait_until 10 more_failures || bad "$z: no retry within 10 s"
check "$z: file byte-identical after a retry" cmp -s "$T/ixbad.before" \
    "$AD/$z.zone"
check "$z: the retry asked AXFR (no second IXFR line)" \
    test "$(zsd_run_log | grep -c "$z: IXFR from")" = 1
check "$z: the snapshot still holds serial 10 beside the file" \
    test -s "$AD/$z.zone.snap"

check "daemon alive" kill -0 "$ZSD_PID"
zsd_stop
check "clean stop (exit $ZSD_RC)" test "$ZSD_RC" = 0
left=$(find "$AD" -maxdepth 1 -name '.*' ! -name . 2>/dev/null)
check "no temporary files left ($left)" test -z "$left"
note "run time $(elapsed "$t0") s from daemon start"
zs_done
