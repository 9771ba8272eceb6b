#!/usr/bin/env bash
# IXFR from real primaries, against a fresh AXFR after every step:
#   ix.test    named with ixfr-from-differences (IXFR from its journal):
#              add, delete and change records; two deltas between checks
#   sig.test   the same zone DNSSEC-signed, re-signed after a change
#   full.test  named without ixfr-from-differences: answers IXFR with the
#              whole zone (AXFR-style); the file is right, the kind "axfr"
#   kn.test    Knot (knotd) serving IXFR from its journal (skipped without
#              knotd)
# The SOA refresh is an hour: only `zonesyncd refresh` starts a check, so
# two bumps in a row arrive as two deltas of one IXFR.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_ixfr_named

export ZSD_REFRESH=3600
FILLER=$(for i in $(seq 1 150); do
	printf 'h%d\tIN A\t10.0.%d.%d\n' "$i" $((i / 250)) $((i % 250))
done)

# zone_v ZONE SERIAL FILE VARIANT: the test zone at a step (VARIANT
# selects the records that come and go).
zone_v() {
	local zone=$1 serial=$2 file=$3 v=$4 extra
	extra="$FILLER"
	case "$v" in
	1) extra="$extra
gone	IN A	192.0.2.9
chg	IN A	192.0.2.10" ;;
	2) extra="$extra
new	IN AAAA	2001:db8::2
chg	IN A	192.0.2.11
mx	IN MX	10 mail.$zone." ;;
	3) extra="$extra
new	IN AAAA	2001:db8::2
chg	IN A	192.0.2.12
chg	IN TXT	\"now two types\"" ;;
	4) extra="$extra
chg	IN A	192.0.2.12
chg	IN TXT	\"now two types\"
late	IN CNAME	www" ;;
	esac
	zsd_zone "$zone" "$serial" "$file" "$extra"
}

# sign ZONE UNSIGNED OUT: dnssec-signzone with the keys in $T/keys.
sign() {
	dnssec-signzone -q -S -K "$T/keys" -d "$T/keys" -o "$1" -f "$3" "$2" \
	    >"$T/sign.log" 2>&1 || { show "$T/sign.log"; die "cannot sign $1"; }
}

mkdir -p "$T/keys" "$T/p"
zone_v ix.test 100 "$T/p/ix.zone" 1
zone_v full.test 100 "$T/p/full.zone" 1
zone_v sig.test 100 "$T/p/sig.unsigned" 1
dnssec-keygen -q -K "$T/keys" -a ECDSAP256SHA256 -f KSK sig.test >/dev/null &&
    dnssec-keygen -q -K "$T/keys" -a ECDSAP256SHA256 sig.test >/dev/null ||
    die "dnssec-keygen failed"
sign sig.test "$T/p/sig.unsigned" "$T/p/sig.zone"
NAMED_ZONE_OPTS[ix.test]="ixfr-from-differences yes;"
# A full re-signing changes every RRSIG: more than the zone, which named
# (max-ixfr-ratio 100% by default) would send as an AXFR instead.
NAMED_ZONE_OPTS[sig.test]="ixfr-from-differences yes; max-ixfr-ratio unlimited;
	max-journal-size unlimited;"
zs_named_start ix.test "$T/p/ix.zone" full.test "$T/p/full.zone" \
    sig.test "$T/p/sig.zone"
ZONES="ix.test full.test sig.test"

HAVE_KNOT=0
if command -v knotd >/dev/null 2>&1; then
	HAVE_KNOT=1
	zone_v kn.test 100 "$T/p/kn.zone" 1
	zs_knot_start kn.test "$T/p/kn.zone"
	ZONES="$ZONES kn.test"
else
	note "knotd not installed: the Knot cases are skipped"
fi

# shellcheck disable=SC2086
zsd_local_start $ZONES
stmts=""
for z in ix.test full.test sig.test; do
	stmts="$stmts $(zone_stmt "$z" "$NAMED_PORT")"
done
[ "$HAVE_KNOT" = 1 ] && stmts="$stmts $(zone_stmt kn.test "$KNOT_PORT")"
ZSD_CONF="$T/agent.conf"
# shellcheck disable=SC2086
zsd_conf "$ZSD_CONF" -- $stmts
zsd_start || die "cannot start the agent"

port_of() {
	if [ "$1" = kn.test ]; then echo "$KNOT_PORT"; else echo "$NAMED_PORT"; fi
}

# bump SERIAL VARIANT ZONE...: the primaries serve the zones at SERIAL
# (one reload of named for all of them).
bump() {
	local serial=$1 v=$2 zone base hup=0
	shift 2
	for zone in "$@"; do
		base=${zone%%.*}
		if [ "$zone" = sig.test ]; then
			zone_v "$zone" "$serial" "$T/p/sig.unsigned" "$v"
			sign sig.test "$T/p/sig.unsigned" "$T/p/sig.zone"
		else
			zone_v "$zone" "$serial" "$T/p/$base.zone" "$v"
		fi
		if [ "$zone" = kn.test ]; then
			zs_knot_reload kn.test
		else
			touch -d "@$(($(date +%s) + 1))" "$T/p/$base.zone"
			hup=1
		fi
	done
	[ "$hup" = 1 ] && zs_named_reload
	for zone in "$@"; do
		wait_until 10 serial_is 127.0.0.1 "$(port_of "$zone")" \
		    "$zone" "$serial" ||
		    bad "$zone: the primary does not serve $serial"
	done
}

# sync_to SERIAL ZONE...: refresh each, wait until the local named serves
# SERIAL and the zone is ok; then each file against a fresh AXFR,
# canonically.  KIND_z, BYTES_z, DELTAS_z, WHY_z per zone (z: first label).
sync_to() {
	local serial=$1 zone b
	shift
	for zone in "$@"; do
		timeout 10 "$ZONESYNCD" refresh -c "$ZSD_CONF" "$zone" \
		    >/dev/null 2>&1
	done
	for zone in "$@"; do
		if ! wait_until 15 serial_is 127.0.0.1 "$LOCAL_PORT" "$zone" \
		    "$serial"; then
			bad "$zone: local named serves '$(local_serial "$zone")', want $serial"
			show "$ZSD_LOG" 15
		fi
	done
	# One status fetch and one python for all zones (python starts slowly
	# on a busy machine).
	wait_until 10 all_ok "$@" || bad "not all ok: $(cat "$T/kinds")"
	for zone in "$@"; do
		dig +onesoa +nocmd +nostats +time=3 +tries=1 \
		    -p "$(port_of "$zone")" @127.0.0.1 "$zone" AXFR \
		    >"$T/axfr.$zone.$serial" 2>&1
		assert_same_zone "$zone" "$T/axfr.$zone.$serial" "$AD/$zone.zone"
	done
	while IFS='|' read -r zone k b d w; do
		zone=${zone%%.*}
		printf -v "KIND_$zone" '%s' "$k"
		printf -v "BYTES_$zone" '%s' "$b"
		printf -v "DELTAS_$zone" '%s' "$d"
		printf -v "WHY_$zone" '%s' "$w"
	done <"$T/kinds"
}

# all_ok ZONE...: every zone ok in one status; $T/kinds gets, per zone,
# "zone|kind|bytes|deltas|why" of its last transfer.
all_ok() {
	zsd_status_json "$T/st.json" || return 1
	python3 - "$T/st.json" "$@" >"$T/kinds" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
zs = {z["zone"]: z for z in d["zones"]}
bad = 0
for name in sys.argv[2:]:
    z = zs.get(name, {})
    x = z.get("last_transfer") or {}
    if z.get("state") != "ok":
        bad = 1
    print("%s|%s|%s|%s|%s" % (name, x.get("kind"), x.get("bytes"),
          x.get("deltas"), x.get("why") or ""))
sys.exit(bad)
PY
}

expect_kind() {
	local zone=$1 want=$2 what=$3 b=${1%%.*} v
	v="KIND_$b"; KIND=${!v}
	v="BYTES_$b"; BYTES=${!v}
	v="DELTAS_$b"; DELTAS=${!v}
	v="WHY_$b"; WHY=${!v}
	if [ "$KIND" = "$want" ]; then
		ok "$zone: $what: $KIND, $BYTES bytes, $DELTAS deltas"
	else
		bad "$zone: $what: kind '$KIND' ($WHY), want $want"
		zsd_run_log | grep "$zone" | tail -5
	fi
}

# ---- the first fill: AXFR, and a snapshot beside each file
for z in $ZONES; do
	if wait_until 20 serial_is 127.0.0.1 "$LOCAL_PORT" "$z" 100; then
		ok "$z: first fill, serial 100"
	else
		bad "$z: not filled"
	fi
	check "$z: snapshot beside the zone file" test -s "$AD/$z.zone.snap"
done
zsd_status_json "$T/st0.json"
AXFR_BYTES=$(jq_py "$T/st0.json" "z('ix.test')['last_transfer']['bytes']")
note "AXFR of ix.test: $AXFR_BYTES bytes"

IXZ=${ZONES/full.test/}

note "set up in ${SECONDS}s"
# ---- one delta: records added, deleted and changed
# shellcheck disable=SC2086
bump 101 2 $ZONES
# shellcheck disable=SC2086
sync_to 101 $ZONES
for z in $IXZ; do
	expect_kind "$z" ixfr "add, delete, change"
	if [ "$z" != sig.test ]; then
		check "$z: IXFR of $BYTES bytes, AXFR $AXFR_BYTES" \
		    test "$BYTES" -lt 1500 -a "$BYTES" -lt "$AXFR_BYTES"
	fi
	check "$z: one delta ($DELTAS)" test "$DELTAS" = 1
done
expect_kind full.test axfr "no journal: an AXFR-style answer"
check "full.test: the status says why ($WHY)" grep -q "whole zone" <<<"$WHY"

note "one delta done at ${SECONDS}s"
# ---- two deltas between two checks (sig.test: re-signed each time)
# shellcheck disable=SC2086
bump 102 3 $IXZ
# shellcheck disable=SC2086
bump 103 4 $IXZ
# shellcheck disable=SC2086
sync_to 103 $IXZ
for z in $IXZ; do
	expect_kind "$z" ixfr "two bumps, one IXFR"
	check "$z: two deltas ($DELTAS)" test "$DELTAS" = 2
done

note "two deltas done at ${SECONDS}s"
check "log: IXFR lines" test "$(log_count ": transferred serial 10[13] .*IXFR, ")" -ge 2
left=$(find "$AD" -maxdepth 1 -name '.*' ! -name . 2>/dev/null)
check "no temporary files left ($left)" test -z "$left"
zsd_stop
check "agent exit 0 on SIGTERM" test "$ZSD_RC" = 0
zs_done
