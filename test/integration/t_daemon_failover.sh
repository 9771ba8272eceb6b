#!/usr/bin/env bash
# Primaries in order, failover to the next one, a primary that goes away
# (state retrying, file untouched) and comes back (state ok again).
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_daemon_failover

Z=fail.test
zsd_zone "$Z" 10 "$T/primary.zone"
zs_named_start "$Z" "$T/primary.zone"
DEAD=$(zs_free_port) || die "no free port"
zsd_local_start "$Z"
ZSD_CONF="$T/agent.conf"
# First primary: a port where nothing listens; second: the real one.
zsd_conf "$ZSD_CONF" -- "$(zone_stmt "$Z" "$DEAD" "$NAMED_PORT")"
FILE="$AD/$Z.zone"
note "dead primary :$DEAD, real primary :$NAMED_PORT, local :$LOCAL_PORT"

# ---- 1. failover: the zone syncs from the second primary
zsd_start || die "cannot start the daemon"
if wait_until 25 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 10; then
	ok "synced serial 10 through the second primary (${WAITED}s)"
else
	bad "serial 10 not served locally after 25 s"
	show "$ZSD_LOG"
fi
wait_until 10 zone_state_is "$Z" ok
zsd_status_json "$T/st1.json"
check "state ok" test "$(jq_py "$T/st1.json" "z('$Z')['state']")" = ok
p=$(jq_py "$T/st1.json" "z('$Z')['primary']")
if grep -q "$NAMED_PORT" <<<"$p"; then
	ok "status primary is the working one ($p)"
else
	bad "status primary is '$p', want 127.0.0.1 port $NAMED_PORT"
fi
check "log names the dead primary's failure" \
    test "$(log_count "$Z: SOA query to .*$DEAD.* failed")" -ge 1
check "file written" test -s "$FILE"
cp "$FILE" "$T/file.before"

# ---- 2. the primary goes away: retrying, failures counting, file kept
zsd_primary_stop
t0=$(now_f)
retrying_with_errors() {
	zsd_status_json "$T/st2.json" || return 1
	[ "$(jq_py "$T/st2.json" "z('$Z')['state']")" = retrying ] &&
	    [ "$(jq_py "$T/st2.json" "z('$Z')['failures']")" -ge 2 ]
}
if wait_until 30 retrying_with_errors; then
	ok "primary down: state retrying, failures >= 2 (${WAITED}s)"
else
	bad "primary down: after 30 s state '$(jq_py "$T/st2.json" "z('$Z')['state']")' failures '$(jq_py "$T/st2.json" "z('$Z')['failures']")', want retrying and >= 2"
	show "$ZSD_LOG"
fi
err=$(jq_py "$T/st2.json" "z('$Z')['last_error']")
if [ -n "$err" ] && [ "$err" != null ]; then
	ok "last_error set: $err"
else
	bad "last_error is '$err' while retrying"
fi
f1=$(jq_py "$T/st2.json" "z('$Z')['failures']")
sleep 3
zsd_status_json "$T/st3.json"
f2=$(jq_py "$T/st3.json" "z('$Z')['failures']")
if [ "$f2" -gt "$f1" ] 2>/dev/null; then
	ok "consecutive failures keep counting ($f1 -> $f2 in 3 s)"
else
	bad "failures did not grow in 3 s ($f1 -> $f2)"
fi
check "local_serial still 10 while retrying" \
    test "$(jq_py "$T/st3.json" "z('$Z')['local_serial']")" = 10
if cmp -s "$T/file.before" "$FILE"; then
	ok "zone file untouched while the primary is down"
else
	bad "zone file changed while the primary is down"
fi
check "no temp file left" test -z "$(stale_tmp "$AD" "$Z.zone" "$ZSD_PID")"
check "local named still serves 10" test "$(local_serial "$Z")" = 10

# ---- 3. the primary comes back with a higher serial: ok again
zsd_zone "$Z" 11 "$T/primary.zone"
zsd_primary_restart
t0=$(now_f)
if wait_until 30 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 11; then
	ok "primary back: serial 11 served locally after ${WAITED}s"
else
	bad "primary back: local named serves '$(local_serial "$Z")' after 30 s, want 11"
	show "$ZSD_LOG"
fi
if wait_until 10 zone_state_is "$Z" ok; then
	ok "state ok again"
else
	bad "state '$(zone_field "$Z" state)' after recovery, want ok"
fi
zsd_status_json "$T/st4.json"
check "failures reset to 0" \
    test "$(jq_py "$T/st4.json" "z('$Z')['failures']")" = 0
check "local_serial 11" \
    test "$(jq_py "$T/st4.json" "z('$Z')['local_serial']")" = 11
check "last_error cleared" \
    test "$(jq_py "$T/st4.json" "z('$Z')['last_error']")" = null
assert_same_zone "$Z" "$T/primary.zone" "$FILE"

# ---- 4. SOA expire: with expire 3 s and the primary down, the zone
# becomes "expired", the file is kept and named keeps serving it; when the
# primary answers again the zone is ok again.
ZSD_EXPIRE=3 zsd_primary_bump "$Z" "$T/primary.zone" 12
wait_until 15 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 12 ||
    bad "serial 12 (expire 3) not synced"
wait_until 10 zone_state_is "$Z" ok
cp "$FILE" "$T/file.12"
zsd_primary_stop
if wait_until 25 zone_state_is "$Z" expired; then
	ok "primary down past SOA expire (3 s): state expired (${WAITED}s)"
else
	bad "state '$(zone_field "$Z" state)' 25 s after the primary went away (SOA expire 3), want expired"
	show "$ZSD_LOG"
fi
check "log: expired" test "$(log_count "$Z: expired")" -ge 1
check "expired: file untouched" cmp -s "$T/file.12" "$FILE"
check "expired: local named keeps serving 12" \
    test "$(local_serial "$Z")" = 12
ZSD_EXPIRE=3 zsd_zone "$Z" 13 "$T/primary.zone"
zsd_primary_restart
if wait_until 30 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 13; then
	ok "after expiry, primary back: serial 13 served (${WAITED}s)"
else
	bad "after expiry, primary back: local serves '$(local_serial "$Z")' after 30 s, want 13"
fi
if wait_until 10 zone_state_is "$Z" ok; then
	ok "after expiry: state ok again"
else
	bad "after expiry: state '$(zone_field "$Z" state)', want ok"
fi

zsd_stop
check "clean stop (exit $ZSD_RC)" test "$ZSD_RC" = 0
zs_done
