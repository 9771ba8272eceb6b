#!/usr/bin/env bash
# t_catalog.sh - catalog zones (RFC 9432) with real servers: a primary
# named serves two catalogs and their members; the agent follows them and
# writes the named-include a local named reads.  Members added, removed,
# reset, moved by coo, regrouped; a wrong version; a member also in
# agent.conf; an update removing most members (held, then --force); a
# restart that transfers no current member; SIGHUP.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_catalog
T0=$(now_f)
# step WHAT: say where the test is, and when (its budget is 45 s).
step() {
	note "$(elapsed "$T0") s: $*"
}

P="$T/primary"
mkdir -p "$P"
ZSD_REFRESH=3600 ZSD_RETRY=3600

# cat_zone NAME SERIAL VERSION LINES...: a catalog zone file.
cat_zone() {
	local name=$1 serial=$2 version=$3 l
	shift 3
	{
		printf '$ORIGIN %s.\n$TTL 0\n' "$name"
		printf '@ IN SOA invalid. invalid. ( %s 3600 3600 86400 0 )\n' \
		    "$serial"
		printf '@ IN NS invalid.\n'
		printf 'version IN TXT "%s"\n' "$version"
		for l in "$@"; do
			printf '%s\n' "$l"
		done
	} >"$P/$name.zone"
}

# publish NAME: the primary serves the new file, the agent checks it now.
# Each file's mtime moves on by a second at least (named compares them at
# one-second resolution).
MT=0
publish() {
	local name=$1 serial
	serial=$(awk '/SOA/ { print $7; exit }' "$P/$name.zone")
	MT=$(( $(date +%s) + 1 > MT + 1 ? $(date +%s) + 1 : MT + 1 ))
	touch -d "@$MT" "$P/$name.zone"
	for i in 1 2 3 4 5; do
		zs_named_reload
		wait_until 2 serial_is 127.0.0.1 "$NAMED_PORT" "$name" \
		    "$serial" && break
	done
	"$ZONESYNCD" refresh -c "$ZSD_CONF" "$name" >/dev/null 2>&1
}

served() {
	[ -n "$(local_serial "$1")" ]
}
not_served() {
	[ -z "$(local_serial "$1")" ]
}
# more_than N ERE: the run's log has more than N matching lines.
more_than() {
	[ "$(log_count "$2")" -gt "$1" ]
}
# in_catalog ZONE CAT: the status says the zone came from CAT.
in_catalog() {
	[ "$(zone_field "$1" catalog)" = "$2" ]
}

for z in m1 m2 m3 m4 m5 static; do
	zsd_zone "$z.example" 1 "$P/$z.example.zone"
done
cat_zone cat.example 1 2 \
    'a1.zones PTR m1.example.' 'a2.zones PTR m2.example.' \
    'a3.zones PTR m3.example.' 'a4.zones PTR m4.example.' \
    'st.zones PTR static.example.' 'dup.zones PTR m1.example.'
cat_zone cat2.example 1 2
args=()
for z in cat cat2; do args+=("$z.example" "$P/$z.example.zone"); done
for z in m1 m2 m3 m4 m5 static; do
	args+=("$z.example" "$P/$z.example.zone")
done
# The catalog changes by IXFR (the agent applies the deltas to its
# snapshot and its reader sees the whole new zone); cat2 by AXFR.
NAMED_ZONE_OPTS[cat.example]="ixfr-from-differences yes;"
zs_named_start "${args[@]}"

# The local named: no zones of its own, the agent's include.
zsd_local_start
: >"$AD/named.inc"
echo "include \"$AD/named.inc\";" >>"$LOCAL_DIR/named.conf"
rndc -c "$LOCAL_DIR/rndc.conf" reconfig >/dev/null 2>&1 ||
    die "rndc reconfig failed"

ZSD_CONF="$T/agent.conf"
write_conf() {
	zsd_conf "$ZSD_CONF" \
	    "named-include \"$AD/named.inc\";" \
	    "reconfig-command \"rndc -c $LOCAL_DIR/rndc.conf reconfig\";" \
	    "catalog-zones {
		zone \"cat.example\" zone-directory \"members\"
		    group \"slow\" { min-refresh-time 30; named-zone-options \"type primary; file \\\"%f\\\"; notify no; check-names ignore; allow-query { 127.0.0.1; };\"; }
		    $1;
		zone \"cat2.example\" zone-directory \"members\";
	};" -- \
	    "$(zone_stmt cat.example "$NAMED_PORT")" \
	    "$(zone_stmt cat2.example "$NAMED_PORT")" \
	    "$(zone_stmt static.example "$NAMED_PORT")"
}
mkdir -p "$AD/members"
write_conf "max-removal-percent 50"
"$ZONESYNCD" -n -c "$ZSD_CONF" >"$T/n.out" 2>&1 ||
    { show "$T/n.out"; die "config refused"; }

zsd_start || zs_done
# 1. Every member served by the local named, through the include.
step "1"
if wait_until 15 served m4.example && served m1.example &&
    served m2.example && served m3.example; then
	ok "catalog members served by the local named"
else
	show "$ZSD_LOG" 30
	bad "catalog members not served"
fi
wait_until 5 served static.example
check "static zone served" served static.example
f="$T/s1.json"
zsd_status_json "$f"
check "member's status names its catalog" \
    test "$(jq_py "$f" "z('m1.example')['catalog']")" = cat.example
check "static zone: no catalog" \
    test "$(jq_py "$f" "z('static.example')['catalog']")" = null
check "member also in agent.conf reported" \
    grep -q "also in agent.conf" <(jq_py "$f" "d['catalogs'][0]['not_served']")
check "duplicate member noted" \
    test "$(log_count 'listed twice')" -ge 1
check "member files in zone-directory" test -s "$AD/members/m1.example.zone"
check "catalog side file" test -s "$AD/cat.example.zone.catalog"

# 2. Added.
step "2"
cat_zone cat.example 2 2 \
    'a1.zones PTR m1.example.' 'a2.zones PTR m2.example.' \
    'a3.zones PTR m3.example.' 'a4.zones PTR m4.example.' \
    'a5.zones PTR m5.example.' 'st.zones PTR static.example.'
t0=$(now_f)
publish cat.example
if wait_until 10 served m5.example; then
	ok "added member served ($(elapsed "$t0") s)"
else
	bad "added member not served"
fi
check "zone-added logged" test "$(log_count 'm5.example: added by catalog')" -ge 1
check "catalog update came by IXFR" test "$(log_count 'cat.example: .*IXFR')" -ge 1

# 3. Removed: out of named, then its file goes.
step "3"
cat_zone cat.example 3 2 \
    'a1.zones PTR m1.example.' 'a2.zones PTR m2.example.' \
    'a3.zones PTR m3.example.' 'a5.zones PTR m5.example.' \
    'st.zones PTR static.example.'
publish cat.example
if wait_until 10 not_served m4.example; then
	ok "removed member no longer served"
else
	bad "removed member still served"
fi
wait_until 5 test ! -e "$AD/members/m4.example.zone"
check "removed member's file deleted" test ! -e "$AD/members/m4.example.zone"
check "removed member's IXFR snapshot deleted" \
    test ! -e "$AD/members/m4.example.zone.snap"

# 4. Reset (new unique id) and 5. group change.
step "4"
n0=$(log_count 'm1.example: transferred serial')
cat_zone cat.example 4 2 \
    'b1.zones PTR m1.example.' 'a2.zones PTR m2.example.' \
    'group.a2.zones TXT "slow"' \
    'a3.zones PTR m3.example.' 'a5.zones PTR m5.example.' \
    'st.zones PTR static.example.'
publish cat.example
if wait_until 10 more_than "$n0" 'm1.example: transferred serial'; then
	ok "reset member transferred again"
else
	bad "reset member not transferred again"
fi
wait_until 10 grep -q 'allow-query { 127.0.0.1; }' "$AD/named.inc"
check "group's named-zone-options in the include" \
    grep -q 'allow-query { 127.0.0.1; }' "$AD/named.inc"
check "regrouped member still served" served m2.example

# 6. coo: cat hands m3 to cat2, cat2 lists it, cat drops it.
step "6"
cat_zone cat.example 5 2 \
    'b1.zones PTR m1.example.' 'a2.zones PTR m2.example.' \
    'group.a2.zones TXT "slow"' \
    'a3.zones PTR m3.example.' 'coo.a3.zones PTR cat2.example.' \
    'a5.zones PTR m5.example.' 'st.zones PTR static.example.'
publish cat.example
sleep 0.5
cat_zone cat2.example 2 2 'c3.zones PTR m3.example.' \
    'c2.zones PTR m2.example.'
publish cat2.example
wait_until 10 in_catalog m3.example cat2.example
check "coo moved the member to the new catalog" \
    in_catalog m3.example cat2.example
f="$T/s6.json"
zsd_status_json "$f"
check "member of two catalogs stays with the first" \
    test "$(jq_py "$f" "z('m2.example')['catalog']")" = cat.example
check "member of two catalogs reported by the second" \
    grep -q 'also listed by catalog cat.example' \
    <(jq_py "$f" "d['catalogs'][1]['not_served']")
cat_zone cat.example 6 2 \
    'b1.zones PTR m1.example.' 'a2.zones PTR m2.example.' \
    'group.a2.zones TXT "slow"' \
    'a5.zones PTR m5.example.' 'st.zones PTR static.example.'
publish cat.example
sleep 1
check "moved member stays when the old catalog drops it" served m3.example

# 7. Wrong version: status error, members unchanged.
step "7"
cat_zone cat.example 7 1 'b1.zones PTR m1.example.'
publish cat.example
f="$T/s7.json"
wait_until 10 eval 'zsd_status_json "$f" && test "$(jq_py "$f" "d[\"catalogs\"][0][\"state\"]")" = error'
check "wrong version: catalog state error" \
    test "$(jq_py "$f" "d['catalogs'][0]['state']")" = error
check "wrong version: error says why" \
    grep -q 'version' <(jq_py "$f" "d['catalogs'][0]['last_error']")
check "wrong version: members kept" served m5.example

# 8. An update removing most members is held, --force applies it.
step "8"
cat_zone cat.example 8 2 'b1.zones PTR m1.example.'
publish cat.example
f="$T/s8.json"
wait_until 10 eval 'zsd_status_json "$f" && test "$(jq_py "$f" "d[\"catalogs\"][0][\"state\"]")" = held'
check "mass removal held" \
    test "$(jq_py "$f" "d['catalogs'][0]['state']")" = held
check "held: members still served" served m5.example
"$ZONESYNCD" retransfer -c "$ZSD_CONF" --force cat.example >/dev/null 2>&1
if wait_until 10 not_served m5.example; then
	ok "retransfer --force applied the held update"
else
	bad "held update not applied by --force"
fi
check "forced: kept member served" served m1.example

# 9. Restart: members known from the side file, none transferred again.
step "9"
cat_zone cat.example 9 2 \
    'b1.zones PTR m1.example.' 'a2.zones PTR m2.example.' \
    'a5.zones PTR m5.example.'
publish cat.example
wait_until 10 served m5.example
zsd_stop
zsd_start || zs_done
sleep 2
check "restart: members served" served m2.example
check "restart: no member transferred again" \
    test "$(log_count 'm[0-9].example: transferred serial')" -eq 0
f="$T/s9.json"
zsd_status_json "$f"
check "restart: members in status with their catalog" \
    test "$(jq_py "$f" "z('m5.example')['catalog']")" = cat.example

# 10. SIGHUP: allow-members now leaves m5 out.
step "10"
write_conf 'allow-members { "m1.example"; "m2.example"; }'
kill -HUP "$ZSD_PID"
if wait_until 10 not_served m5.example; then
	ok "SIGHUP: allow-members applied"
else
	bad "SIGHUP: m5 still served"
fi
check "SIGHUP: allowed member served" served m2.example

zsd_stop
check "agent exited cleanly" test "$ZSD_RC" = 0
zs_done
