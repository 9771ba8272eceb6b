#!/usr/bin/env bash
# The status is the truth about what the local named serves, at every
# moment, across restarts of the agent and of named (continuous
# verification).  A real local named that refuses a load (an RRset over
# its max-records-per-type), lacks a zone, or is down:
#   1. refused load -> error with the hint; agent restart -> still error;
#      the primary fixes the zone -> ok
#   2. named restarted with options that refuse a loaded file -> error by
#      itself; restarted as before -> ok again, "recovered", zone-recovered
#   3. a zone missing from named.conf -> error "add a zone statement"
#   4. reload while named is down -> error; named back -> ok within a minute
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_trust_served

R=refused.test G=good.test M=missing.test
BIG="big	IN A	192.0.2.11
big	IN A	192.0.2.12
big	IN A	192.0.2.13"
zsd_zone "$R" 1 "$T/$R.db" "$BIG"
zsd_zone "$G" 1 "$T/$G.db"
zsd_zone "$M" 1 "$T/$M.db"
zs_named_start "$R" "$T/$R.db" "$G" "$T/$G.db" "$M" "$T/$M.db"
# The local named refuses RRsets of more than 2 records (BIND >= 9.18.28
# defaults to 100), and has no zone statement for missing.test.
ZSD_LOCAL_ZONE_OPTS="check-names ignore; max-records-per-type 2;" \
    zsd_local_start "$R" "$G"
ZSD_CONF="$T/agent.conf"
zsd_conf "$ZSD_CONF" "verify-interval 2;" -- \
    "$(zone_stmt "$R" "$NAMED_PORT")" "$(zone_stmt "$G" "$NAMED_PORT")" \
    "$(zone_stmt "$M" "$NAMED_PORT")"

err_has() {	# err_has ZONE TEXT: last_error contains TEXT
	zone_field "$1" last_error | grep -qF -- "$2"
}

# ---- 1. a refused load: error, across an agent restart, until fixed
zsd_start || die "cannot start the daemon"
wait_until 15 zone_state_is "$G" ok || bad "$G not ok: $(zone_field "$G" last_error)"
# Reloaded together with the other zones (one `rndc reload`, which hides
# each zone's load error), then alone: error in seconds, not at the 60 s
# verify-timeout.
if wait_until 15 err_has "$R" "named-checkzone -i local $R"; then
	ok "refused load: error with the named-checkzone hint (${WAITED}s)"
else
	bad "refused load: state '$(zone_field "$R" state)', error '$(zone_field "$R" last_error)'"
	show "$LOCAL_LOG" 10
fi
check "refused load: state error" zone_state_is "$R" error
check "refused load: local named really does not serve it" \
    test "$(local_serial "$R")" != 1
zsd_stop
zsd_start || die "cannot restart the daemon"
sleep 1
if wait_until 10 err_has "$R" "named-checkzone -i local $R"; then
	ok "agent restarted: still error, not ok (${WAITED}s)"
else
	bad "agent restarted: state '$(zone_field "$R" state)', error '$(zone_field "$R" last_error)'"
fi
check "agent restarted: state error" zone_state_is "$R" error
zsd_primary_bump "$R" "$T/$R.db" 2
if wait_until 20 zone_state_is "$R" ok; then
	ok "primary fixed the zone: ok (${WAITED}s)"
else
	bad "fixed zone: state '$(zone_field "$R" state)', error '$(zone_field "$R" last_error)'"
fi
check "fixed zone: served serial 2" test "$(local_serial "$R")" = 2

# ---- 3. a zone named.conf does not have
if wait_until 20 err_has "$M" "add a zone statement"; then
	ok "zone missing from named.conf: error says to add a zone statement (${WAITED}s)"
else
	bad "missing zone: state '$(zone_field "$M" state)', error '$(zone_field "$M" last_error)'"
fi
check "missing zone: state error" zone_state_is "$M" error

# ---- 2. named restarted with stricter options refuses a loaded file
zsd_primary_bump "$G" "$T/$G.db" 2 "$BIG"
ZSD_LOCAL_ZONE_OPTS="check-names ignore;"
sed -i 's/max-records-per-type 2;//' "$LOCAL_DIR/named.conf"
rndc -c "$LOCAL_DIR/rndc.conf" reconfig >/dev/null 2>&1
# named's reconfig does not reload a zone; the agent's reload retry does
# (backing off to a minute), or at once when asked to look again.
timeout 10 "$ZONESYNCD" refresh -c "$ZSD_CONF" "$G" >/dev/null 2>&1 ||
    bad "zonesyncd refresh $G failed"
wait_until 20 serial_is 127.0.0.1 "$LOCAL_PORT" "$G" 2 ||
    bad "$G: serial 2 not served after relaxing the local named"
wait_until 10 zone_state_is "$G" ok || bad "$G: not ok at serial 2"
restart_local() {	# restart_local: same conf, same ports
	stop_pid "$LOCAL_PID"
	: >"$LOCAL_LOG"
	"$NAMED" -g -c "$LOCAL_DIR/named.conf" >>"$LOCAL_LOG" 2>&1 &
	LOCAL_PID=$!
	zs_track "$LOCAL_PID"
	wait_until 30 zsd_local_ready || die "local named did not come back"
}
sed -i 's/check-names ignore;/check-names ignore; max-records-per-type 2;/' \
    "$LOCAL_DIR/named.conf"
restart_local
if wait_until 15 err_has "$G" "SERVFAIL"; then
	ok "named restarted and refused the file: error by itself (${WAITED}s)"
else
	bad "named restarted: state '$(zone_field "$G" state)', error '$(zone_field "$G" last_error)'"
fi
sed -i 's/ max-records-per-type 2;//' "$LOCAL_DIR/named.conf"
restart_local
if wait_until 15 zone_state_is "$G" ok; then
	ok "named restarted as before: ok again (${WAITED}s)"
else
	bad "named fixed: state '$(zone_field "$G" state)', error '$(zone_field "$G" last_error)'"
fi
check "recovery logged" test "$(log_count "$G: named serves serial 2 again; recovered")" -ge 1
# verify-interval 2 (rounds every 2 s may push a check back a second)
chk=$(zone_field "$G" served_checked)
age=$(( $(date -u +%s) - $(date -u -d "$chk" +%s 2>/dev/null || echo 0) ))
check "status: served_checked is recent ($chk, ${age}s ago)" test "$age" -le 10

# ---- 4. a reload while named is down; named comes back
stop_pid "$LOCAL_PID"
zsd_primary_bump "$G" "$T/$G.db" 3
if wait_until 20 zone_state_is "$G" error; then
	ok "named down: reload error (${WAITED}s): $(zone_field "$G" last_error | cut -c1-80)"
else
	bad "named down: state '$(zone_field "$G" state)'"
fi
t0=$(now_f)
: >"$LOCAL_LOG"
"$NAMED" -g -c "$LOCAL_DIR/named.conf" >>"$LOCAL_LOG" 2>&1 &
LOCAL_PID=$!
zs_track "$LOCAL_PID"
if wait_until 70 zone_state_is "$G" ok; then
	ok "named back: ok $(elapsed "$t0") s after it was started"
else
	bad "named back: state '$(zone_field "$G" state)' 70 s later"
fi
check "named back: serves serial 3" test "$(local_serial "$G")" = 3

zsd_stop
check "clean stop" test "$ZSD_RC" = 0
zs_done
