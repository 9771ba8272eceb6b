#!/usr/bin/env bash
# named-include: the local named's named.conf has no zone statement, only
# `include` of the file the agent writes.  Named first (an empty include),
# two zones at start, SIGHUP adding one and removing one (served / no
# longer served, file gone), a failed reconfig (named down) reported and
# recovered, with a removal held until named is back; reconfig through
# the built-in client (rndc-server) and through reconfig-command; then
# agent first (`--once` writes files and include, named starts on them).
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_include

A=a.test
B=b.test
C=c.test
D=d.test
for z in $A $B $C $D; do
	zsd_zone "$z" 10 "$T/$z.primary"
done
zs_named_start $A "$T/$A.primary" $B "$T/$B.primary" $C "$T/$C.primary" \
    $D "$T/$D.primary"

INC="$AD/named.zones.conf"

# ---- named first: an empty include, as the README says
: >"$INC"
ZSD_LOCAL_INCLUDE="$INC" zsd_local_start
note "primary :$NAMED_PORT, local named :$LOCAL_PORT (controls :$LOCAL_CTL)"
check "the local named.conf has no zone statement" \
    test "$(grep -c '^zone' "$LOCAL_DIR/named.conf")" = 0

# rcode_of ZONE: the local named's rcode for ZONE's SOA.
rcode_of() {
	dig +norec +time=1 +tries=1 -p "$LOCAL_PORT" @127.0.0.1 "$1" SOA \
	    2>/dev/null | sed -n 's/.*status: \([A-Z]*\),.*/\1/p'
}
not_served() {
	case "$(rcode_of "$1")" in
	REFUSED | NOTAUTH) return 0 ;;
	esac
	return 1
}
inc_has() {
	grep -q "^zone \"$1\"" "$INC"
}
inc_state() {
	local f="$T/inc.json"
	zsd_status_json "$f" || return 1
	jq_py "$f" "(d.get('named_include') or {}).get('$1')"
}
inc_state_is() {
	[ "$(inc_state state)" = "$1" ]
}
# snap: one status document for several checks; sf EXPR: a value of it.
snap() {
	zsd_status_json "$T/snap.json"
}
sf() {
	jq_py "$T/snap.json" "$1"
}

# agent_conf ZONE...: named-include at $INC, rndc-server (ZSD_RNDC=1) or
# rndc commands with reconfig-command $RECONFIG.
agent_conf() {
	local stmts=() z
	for z in "$@"; do
		stmts+=("$(zone_stmt "$z" "$NAMED_PORT")")
	done
	if [ "${ZSD_RNDC:-0}" = 1 ]; then
		zsd_conf "$ZSD_CONF" "named-include \"named.zones.conf\";" \
		    -- "${stmts[@]}"
	else
		zsd_conf "$ZSD_CONF" "named-include \"named.zones.conf\";" \
		    "reconfig-command \"$RECONFIG\";" -- "${stmts[@]}"
	fi
}

ZSD_CONF="$T/agent.conf"
export ZSD_RNDC=1
agent_conf $A $B
"$ZONESYNCD" -nv -c "$ZSD_CONF" >"$T/nv.out" 2>&1 || show "$T/nv.out"
check "-nv prints named-include" \
    grep -q 'named-include "named.zones.conf";' "$T/nv.out"
check "-nv: reconfig goes to rndc-server" \
    grep -q '// reconfig-command not set: "reconfig" goes to rndc-server;' \
    "$T/nv.out"

# ---- 1. two zones at start: both served, from statements the agent wrote
zsd_start || die "cannot start the agent"
for z in $A $B; do
	if wait_until 15 zone_state_is $z ok; then
		ok "$z ok (${WAITED}s)"
	else
		bad "$z not ok: $(zone_field $z last_error)"
	fi
	check "$z: the local named serves 10" test "$(local_serial $z)" = 10
	check "$z: in the include" inc_has $z
done
snap
check "status: named_include ok" \
    test "$(sf "d['named_include']['state']")" = ok
check "status: named_include lists 2 zones" \
    test "$(sf "d['named_include']['zones']")" = 2
check "status: $A origin agent.conf, in named" \
    test "$(sf "z('$A')['origin']") $(sf "z('$A')['in_named']")" = \
    "agent.conf true"
"$ZONESYNCD" status -c "$ZSD_CONF" >"$T/table.out" 2>&1
check "zonesyncd status: the named-include line" \
    grep -q "^named-include $INC: ok, 2 zones\$" "$T/table.out"
check "named's log: reconfig over the control channel" \
    grep -q "received control channel command 'reconfig'" "$LOCAL_LOG"
check "the include checks with named-checkconf" \
    named-checkconf "$LOCAL_DIR/named.conf"
check "the include carries the default body (max-records-per-type 0)" \
    grep -q 'max-records-per-type 0;' "$INC"

# ---- 2. SIGHUP: C added, B removed
agent_conf $A $C
kill -HUP "$ZSD_PID"
if wait_until 15 zone_state_is $C ok; then
	ok "$C added by SIGHUP is ok (${WAITED}s)"
else
	bad "$C not ok: $(zone_field $C last_error)"
fi
check "$C: the local named serves 10" test "$(local_serial $C)" = 10
check "$C: in the include" inc_has $C
if wait_until 10 not_served $B; then
	ok "$B: the local named no longer serves it ($(rcode_of $B))"
else
	bad "$B: still answered ($(rcode_of $B))"
fi
check "$B: not in the include" eval '! inc_has $B'
wait_until 5 test ! -e "$AD/$B.zone"
check "$B: its file is gone after the reconfig" test ! -e "$AD/$B.zone"
check "$B: gone from the status" test "$(zone_field $B state)" = null

# ---- 3. a failed reconfig (named down): reported, then recovered; a
# removal waits for it with its file kept
zsd_local_stop
agent_conf $A $B
kill -HUP "$ZSD_PID"
if wait_until 15 inc_state_is error; then
	ok "status: named_include error while named is down (${WAITED}s)"
else
	bad "named_include state: $(inc_state state)"
fi
snap
check "status: named_include last_error says reconfig failed" \
    eval 'sf "d[\"named_include\"][\"last_error\"]" | grep -q "reconfig failed"'
check "$B: not ok, not in named while named cannot take it" \
    test "$(sf "z('$B')['state'] != 'ok'") $(sf "z('$B')['in_named']")" = \
    "true false"
check "$C: its file stays while named may still name it" \
    test -e "$AD/$C.zone"
check "$C: already out of the include" eval '! inc_has $C'
wait_until 10 grep -q "named-include $INC: reconfig failed" "$ZSD_LOG"
check "the log says the reconfig failed" \
    grep -q "named-include $INC: reconfig failed" "$ZSD_LOG"
zsd_local_restart
if wait_until 20 inc_state_is ok; then
	ok "status: named_include ok again after named is back (${WAITED}s)"
else
	bad "named_include state: $(inc_state state) $(inc_state last_error)"
fi
if wait_until 20 zone_state_is $B ok; then
	ok "$B ok after the recovery (${WAITED}s)"
else
	bad "$B not ok: $(zone_field $B last_error)"
fi
check "$B: served" test "$(local_serial $B)" = 10
wait_until 5 test ! -e "$AD/$C.zone"
check "$C: its file is removed once named was reconfigured" \
    test ! -e "$AD/$C.zone"
check "$C: not served" not_served $C
zsd_stop

# ---- 4. reconfig-command in place of the built-in client
mkdir -p "$T/bin"
cat >"$T/bin/reconfig" <<EOF
#!/bin/sh
echo reconfig >>"$T/reconfig.calls"
exec rndc -c "$LOCAL_DIR/rndc.conf" reconfig
EOF
chmod +x "$T/bin/reconfig"
RECONFIG="$T/bin/reconfig"
ZSD_RNDC=0 agent_conf $A $B $D
zsd_start || die "cannot start the agent again"
if wait_until 15 zone_state_is $D ok; then
	ok "$D added with reconfig-command is ok (${WAITED}s)"
else
	bad "$D not ok: $(zone_field $D last_error)"
fi
check "$D: served" test "$(local_serial $D)" = 10
check "reconfig-command ran" test -s "$T/reconfig.calls"
check "$A: still ok after the restart" zone_state_is $A ok
zsd_stop
zsd_local_stop

# ---- 5. agent first: --once writes files and include, then named starts
AD2="$T/agent2"
mkdir -p "$AD2"
cat >"$T/agent2.conf" <<EOF
options {
	directory "$AD2";
	pid-file "$AD2/zonesyncd.pid";
	named-include "named.zones.conf";
	reconfig-command "/bin/false";
	reload-command "/bin/false";
};
$(zone_stmt $A "$NAMED_PORT")
$(zone_stmt $C "$NAMED_PORT")
EOF
timeout -k 5 30 "$ZONESYNCD" -c "$T/agent2.conf" --once >"$T/once.log" 2>&1
note "--once before named: exit $? (named is not there to confirm)"
for z in $A $C; do
	check "$z: --once wrote the file" test -s "$AD2/$z.zone"
	check "$z: --once listed it in the include" \
	    grep -q "^zone \"$z\"" "$AD2/named.zones.conf"
done
ZSD_LOCAL_DIR="$T/local2" ZSD_LOCAL_INCLUDE="$AD2/named.zones.conf" \
    zsd_local_start
for z in $A $C; do
	check "$z: named started on the include serves 10" \
	    test "$(local_serial $z)" = 10
done

zs_done
