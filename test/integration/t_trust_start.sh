#!/usr/bin/env bash
# Starting and restarting tell the truth:
#   - without -f, a start that cannot finish (a second instance, a NOTIFY
#     port in use) exits non-zero with the reason and leaves no pid file
#     or control socket of its own; one that can exits 0 once it runs
#   - --once refuses to run beside a daemon (it takes the lock too)
#   - status/refresh work while the config on disk does not parse
#   - SOA expire counts from the last good refresh across a restart
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_trust_start

Z=start.test
ZSD_EXPIRE=4
zsd_zone "$Z" 7 "$T/primary.zone"
zs_named_start "$Z" "$T/primary.zone"
zsd_local_start "$Z"
NPORT=$(zs_free_port) || die "no free port"
ZSD_CONF="$T/agent.conf"
zsd_conf "$ZSD_CONF" "notify-listen 127.0.0.1 port $NPORT;" -- \
    "$(zone_stmt "$Z" "$NAMED_PORT")"
PIDF="$AD/zonesyncd.pid" SOCK="$AD/ctl.sock"

# ---- a background start that works: exit 0 once it runs
"$ZONESYNCD" -c "$ZSD_CONF" >"$T/bg1.out" 2>&1
rc=$?
check "background start: exit $rc == 0" test "$rc" = 0
BGPID=$(cat "$PIDF" 2>/dev/null)
[ -n "$BGPID" ] && zs_track "$BGPID"
check "background start: pid file names a live process" kill -0 "${BGPID:-0}"
check "background start: control socket there at exit 0" test -S "$SOCK"
if wait_until 15 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 7; then
	ok "background daemon syncs (${WAITED}s)"
else
	bad "background daemon: local named serves '$(local_serial "$Z")'"
fi

# ---- a second instance: exit non-zero, the first one's files untouched
cp "$PIDF" "$T/pid.before"
"$ZONESYNCD" -c "$ZSD_CONF" >"$T/bg2.out" 2>&1
rc=$?
if [ "$rc" -ne 0 ] && grep -q "another zonesyncd" "$T/bg2.out"; then
	ok "second background instance: exit $rc, '$(head -n 1 "$T/bg2.out" | cut -c1-100)'"
else
	bad "second background instance: exit $rc, '$(cat "$T/bg2.out")'"
fi
check "second instance: the first's pid file untouched" cmp -s "$PIDF" "$T/pid.before"
timeout 10 "$ZONESYNCD" status -c "$ZSD_CONF" >"$T/st.out" 2>&1
check "second instance: the first's socket still answers" grep -q "^$Z " "$T/st.out"
timeout 30 "$ZONESYNCD" -c "$ZSD_CONF" --once >"$T/once.out" 2>&1
rc=$?
if [ "$rc" -ne 0 ] && grep -q "another zonesyncd" "$T/once.out"; then
	ok "--once beside a running daemon: refused, exit $rc"
else
	bad "--once beside a running daemon: exit $rc, '$(cat "$T/once.out")'"
fi

# ---- the CLI while the config does not parse
cp "$ZSD_CONF" "$T/agent.conf.good"
echo 'options { this is half an edit' >>"$ZSD_CONF"
timeout 10 "$ZONESYNCD" status -c "$ZSD_CONF" -S "$SOCK" >"$T/cli1.out" 2>&1
rc=$?
check "broken config: status -S works (exit $rc)" test "$rc" = 0
check "broken config: status -S prints the zone" grep -q "^$Z " "$T/cli1.out"
timeout 10 "$ZONESYNCD" refresh -c "$ZSD_CONF" -S "$SOCK" "$Z" >"$T/cli2.out" 2>&1
rc=$?
check "broken config: refresh -S works (exit $rc)" test "$rc" = 0
timeout 10 "$ZONESYNCD" status -c "$ZSD_CONF" >"$T/cli3.out" 2>&1
if grep -q "does not parse; trying the control socket at" "$T/cli3.out"; then
	ok "broken config, no -S: warns and tries the default socket"
else
	bad "broken config, no -S: '$(cat "$T/cli3.out")'"
fi
cp "$T/agent.conf.good" "$ZSD_CONF"
stop_pid "$BGPID"
check "stopped: pid file removed" test ! -e "$PIDF"
check "stopped: control socket removed" test ! -e "$SOCK"

# ---- a NOTIFY port in use: exit non-zero, nothing left behind
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
open(sys.argv[2], "w").write("bound\n")
time.sleep(30)
' "$NPORT" "$T/busy.ok" &
BUSY=$!
zs_track "$BUSY"
wait_until 5 test -s "$T/busy.ok" || die "cannot occupy port $NPORT"
"$ZONESYNCD" -c "$ZSD_CONF" >"$T/bg3.out" 2>&1
rc=$?
if [ "$rc" -ne 0 ] && grep -q "notify-listen" "$T/bg3.out"; then
	ok "NOTIFY port in use: exit $rc, '$(grep -m1 notify-listen "$T/bg3.out" | cut -c1-90)'"
else
	bad "NOTIFY port in use: exit $rc, '$(cat "$T/bg3.out")'"
	p=$(cat "$PIDF" 2>/dev/null) && [ -n "$p" ] && stop_pid "$p"
fi
check "NOTIFY port in use: no pid file left" test ! -e "$PIDF"
check "NOTIFY port in use: no control socket left" test ! -e "$SOCK"
stop_pid "$BUSY"

# ---- expiry counts from the last good refresh, across a restart
zsd_start || die "cannot start the daemon"
wait_until 15 zone_state_is "$Z" ok || bad "not ok before the expiry test"
zsd_primary_stop
zsd_stop
check "state file records the zone" grep -q "^$Z [0-9]" "$AD/zonesyncd.state"
last=$(awk -v z="$Z" '$1 == z { print $2 }' "$AD/zonesyncd.state")
sleep 5		# past SOA expire (4 s) since the last good refresh
zsd_start || die "cannot restart the daemon"
if wait_until 2 zone_state_is "$Z" expired; then
	ok "restarted past SOA expire: expired at once (${WAITED}s)"
else
	bad "restarted past SOA expire: state '$(zone_field "$Z" state)' (expiry restarted with the agent)"
fi
check "restarted: last_success kept from before the restart" test \
    "$(zone_field "$Z" last_success)" = \
    "$(date -u -d "@$last" +%Y-%m-%dT%H:%M:%SZ)"
check "restarted: expiry logged" test "$(log_count "$Z: expired")" -ge 1
zsd_stop
check "clean stop" test "$ZSD_RC" = 0
zs_done
