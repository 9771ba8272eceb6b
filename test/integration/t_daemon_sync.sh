#!/usr/bin/env bash
# The daemon end to end: --once into an empty directory, the status JSON,
# a serial bump reaching the local named, `refresh`, `retransfer`, errors
# of the control client, and a clean SIGTERM.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_daemon_sync

Z=example.com
zsd_zone "$Z" 100 "$T/primary.zone"
zs_named_start "$Z" "$T/primary.zone"
zsd_local_start "$Z"
ZSD_CONF="$T/agent.conf"
zsd_conf "$ZSD_CONF" -- "$(zone_stmt "$Z" "$NAMED_PORT")"
FILE="$AD/$Z.zone"
note "primary :$NAMED_PORT, local named :$LOCAL_PORT (rndc :$LOCAL_CTL)"

# ---- 1. --once against an empty directory
t0=$(now_f)
timeout -k 5 40 "$ZONESYNCD" -c "$ZSD_CONF" --once >"$T/once.log" 2>&1
rc=$?
if [ "$rc" -eq 0 ]; then
	ok "--once into an empty directory: exit 0 ($(elapsed "$t0")s)"
else
	bad "--once into an empty directory: exit $rc ($(elapsed "$t0")s)"
	show "$T/once.log"
fi
check "--once wrote $FILE" test -s "$FILE"
if [ -s "$FILE" ]; then
	assert_same_zone "$Z" "$T/primary.zone" "$FILE"
fi
s=$(local_serial "$Z")
if [ "$s" = 100 ]; then
	ok "local named serves serial 100 after --once"
else
	bad "local named serves serial '$s' after --once, want 100"
	show "$T/once.log"
	show "$LOCAL_LOG"
fi
check "--once left no pid file" test ! -e "$AD/zonesyncd.pid"
check "--once left no control socket" test ! -e "$AD/ctl.sock"
left=$(leftover_tmp "$AD" "$Z.zone")
check "--once left no temp file ($left)" test -z "$left"

# ---- 2. the daemon in the background; status on SIGUSR1
zsd_start || die "cannot start the daemon"
if wait_until 15 zone_state_is "$Z" ok; then
	ok "daemon: $Z state ok (${WAITED}s)"
else
	bad "daemon: $Z not ok after 15 s: state '$(zone_field "$Z" state)'"
	show "$ZSD_LOG"
fi
check "daemon start did not transfer again (serial already here)" \
    test "$(log_count "$Z: transferred")" -eq 0

# ---- 3. a serial bump reaches the local named by itself
zsd_primary_bump "$Z" "$T/primary.zone" 101
t0=$(now_f)
if wait_until 20 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 101; then
	lat=$(elapsed "$t0")
	ok "serial 101 reached the local named in ${lat}s (SOA refresh 2)"
	echo "    latency primary -> local named: ${lat}s"
	if awk -v l="$lat" 'BEGIN { exit !(l <= 8) }'; then
		ok "latency ${lat}s <= 8 s"
	else
		bad "latency ${lat}s > 8 s with SOA refresh 2, min-refresh-time 1"
	fi
else
	bad "serial 101 did not reach the local named within 20 s (serves '$(local_serial "$Z")')"
	show "$ZSD_LOG"
fi
check "log: transferred serial 101" \
    test "$(log_count "$Z: transferred serial 101 ")" -ge 1
check "log: verify-server saw named serve serial 101, with the delay" \
    grep -Eq "$Z: named serves serial 101 \(seen [0-9]+\.[0-9]{3} s after the reload started\)" "$ZSD_LOG"

# ---- 4. the status JSON and its documented fields
wait_until 10 zone_state_is "$Z" ok
if zsd_status_json "$T/st1.json"; then
	ok "zonesyncd status --json: exit 0, valid JSON"
	n=$(count_rrs "$Z" "$T/primary.zone")
	for e in \
	    "d['zones'][0]['zone']|$Z" \
	    "d['zones'][0]['state']|ok" \
	    "d['zones'][0]['local_serial']|101" \
	    "d['zones'][0]['primary_serial']|101" \
	    "d['zones'][0]['served_serial']|101" \
	    "d['zones'][0]['file']|$FILE" \
	    "d['zones'][0]['last_transfer']['serial']|101" \
	    "d['zones'][0]['last_transfer']['records']|$n" \
	    "d['zones'][0]['failures']|0" \
	    "d['zones'][0]['last_error']|null" \
	    "d['zones'][0]['transfers_ok']|1" \
	    "d['pid']|$ZSD_PID"; do
		expr=${e%%|*} want=${e#*|}
		got=$(jq_py "$T/st1.json" "$expr")
		if [ "$got" = "$want" ]; then
			ok "status: $expr == $want"
		else
			bad "status: $expr is '$got', want '$want'"
		fi
	done
	for k in primary last_check last_success next_check transfers_failed; do
		check "status: zone has field $k" \
		    test "$(jq_py "$T/st1.json" "'$k' in d['zones'][0]")" = true
	done
	# The status comes over the control socket; SIGUSR1 writes the file.
	check "status: no status-file written by a status request" \
	    test ! -e "$AD/status.json"
	check "status: a status request is not logged" \
	    test "$(log_count "status:")" -eq 0
	if zsd_usr1_status "$T/usr1.json"; then
		ok "SIGUSR1: status-file $AD/status.json written"
		check "SIGUSR1: same zone state as the status command" test \
		    "$(jq_py "$T/usr1.json" "d['zones'][0]['state']")" = \
		    "$(jq_py "$T/st1.json" "d['zones'][0]['state']")"
	else
		bad "SIGUSR1: no status-file written"
	fi
else
	bad "zonesyncd status --json failed"
	cat "$T/status$ZSD_ST_N.err" 2>/dev/null | sed 's/^/    | /'
fi
if timeout 15 "$ZONESYNCD" status -c "$ZSD_CONF" >"$T/table.out" 2>&1 &&
    grep -q "^$Z .* ok .*101" "$T/table.out"; then
	ok "zonesyncd status (table) lists $Z ok 101"
else
	bad "zonesyncd status (table) output unexpected"
	show "$T/table.out"
fi

# The documented kill -USR1 path: a fresh status file and a summary line.
if zsd_usr1_status "$T/usr1.json"; then
	ok "kill -USR1: fresh status file, valid JSON"
else
	bad "kill -USR1: no fresh status file in 10 s"
fi
check "kill -USR1: summary line in the log" \
    test "$(log_count "status: 1 zones: 1 ok")" -ge 1

# ---- 5. `zonesyncd refresh ZONE`: an immediate check.  First give the
# zone a long SOA refresh (300 s) so the timer cannot be what finds the
# next serial; then bump and ask for a refresh.
ZSD_REFRESH=300 zsd_primary_bump "$Z" "$T/primary.zone" 102
if wait_until 10 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 102; then
	ok "serial 102 (SOA refresh 300) synced in ${WAITED}s"
else
	bad "serial 102 not synced in 10 s (serves '$(local_serial "$Z")')"
fi
wait_until 10 zone_state_is "$Z" ok
ZSD_REFRESH=300 zsd_primary_bump "$Z" "$T/primary.zone" 103
sleep 1
check "with SOA refresh 300 the timer did not fetch 103 by itself" \
    test "$(local_serial "$Z")" = 102
if timeout 10 "$ZONESYNCD" refresh -c "$ZSD_CONF" "$Z" >"$T/refresh.out" \
    2>&1; then
	ok "zonesyncd refresh $Z: exit 0 ($(cat "$T/refresh.out"))"
else
	bad "zonesyncd refresh $Z failed: $(cat "$T/refresh.out")"
fi
if wait_until 10 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 103; then
	ok "after refresh: local named serves 103 in ${WAITED}s"
else
	bad "after refresh: local named serves '$(local_serial "$Z")', want 103"
	show "$ZSD_LOG"
fi
check "log: refresh requested through the control socket" \
    test "$(log_count "$Z: refresh requested")" -ge 1
check "refresh with a final dot and upper case is accepted" \
    timeout 10 "$ZONESYNCD" refresh -c "$ZSD_CONF" EXAMPLE.COM. \
    >/dev/null 2>&1

# ---- 6. `zonesyncd retransfer ZONE`: transfers although the serial is equal
wait_until 10 zone_state_is "$Z" ok
zsd_status_json "$T/st2.json"
before=$(jq_py "$T/st2.json" "z('$Z')['transfers_ok']")
lines_before=$(log_count "$Z: transferred serial 103 ")
if timeout 10 "$ZONESYNCD" retransfer -c "$ZSD_CONF" "$Z" >"$T/retr.out" \
    2>&1; then
	ok "zonesyncd retransfer $Z: exit 0 ($(cat "$T/retr.out"))"
else
	bad "zonesyncd retransfer $Z failed: $(cat "$T/retr.out")"
fi
retransferred() {
	[ "$(log_count "$Z: transferred serial 103 ")" -gt "$lines_before" ]
}
if wait_until 10 retransferred; then
	ok "retransfer: log shows a new transfer of serial 103 (${WAITED}s)"
else
	bad "retransfer: no new 'transferred serial 103' log line in 10 s"
	show "$ZSD_LOG"
fi
wait_until 10 zone_state_is "$Z" ok
zsd_status_json "$T/st3.json"
after=$(jq_py "$T/st3.json" "z('$Z')['transfers_ok']")
check "retransfer: transfers_ok $before -> $after (+1)" \
    test "$after" = "$((before + 1))"
check "retransfer: still serial 103 here and served" \
    test "$(local_serial "$Z")" = 103
assert_same_zone "$Z" "$T/primary.zone" "$FILE"

# ---- 7. control client errors
timeout 10 "$ZONESYNCD" refresh -c "$ZSD_CONF" nosuch.zone >"$T/nz.out" \
    2>"$T/nz.err"
rc=$?
if [ "$rc" -ne 0 ] && grep -q "unknown zone" "$T/nz.err"; then
	ok "refresh nosuch.zone: exit $rc, '$(head -n 1 "$T/nz.err")'"
else
	bad "refresh nosuch.zone: exit $rc, stderr '$(cat "$T/nz.err")', stdout '$(cat "$T/nz.out")'"
fi
timeout 10 "$ZONESYNCD" retransfer -c "$ZSD_CONF" >"$T/nz2.out" 2>&1
rc=$?
check "retransfer without a zone: exit $rc != 0" test "$rc" -ne 0
check "daemon still alive after the client errors" kill -0 "$ZSD_PID"

# ---- 8. SIGTERM: clean stop
pid=$ZSD_PID
zsd_stop
if [ "$ZSD_RC" = 0 ]; then
	ok "SIGTERM: exit 0"
else
	bad "SIGTERM: exit '$ZSD_RC', want 0"
	show "$ZSD_LOG"
fi
check "SIGTERM: pid file removed" test ! -e "$AD/zonesyncd.pid"
check "SIGTERM: control socket removed" test ! -e "$AD/ctl.sock"
check "SIGTERM: log says stopped" \
    test "$(log_count "zonesyncd: stopped")" -ge 1
check "SIGTERM: zone file kept" test -s "$FILE"

# ---- 9. control client with the daemon stopped
timeout 10 "$ZONESYNCD" refresh -c "$ZSD_CONF" "$Z" >"$T/down.out" \
    2>"$T/down.err"
rc=$?
if [ "$rc" -ne 0 ] && grep -qi "running" "$T/down.err"; then
	ok "refresh with the daemon stopped: exit $rc, '$(head -n 1 "$T/down.err")'"
else
	bad "refresh with the daemon stopped: exit $rc, stderr '$(cat "$T/down.err")'"
fi
timeout 15 "$ZONESYNCD" status -c "$ZSD_CONF" >"$T/sdown.out" 2>"$T/sdown.err"
rc=$?
if [ "$rc" -ne 0 ] && [ -s "$T/sdown.err" ]; then
	ok "status with the daemon stopped: exit $rc, '$(head -n 1 "$T/sdown.err")'"
else
	bad "status with the daemon stopped: exit $rc, stderr '$(cat "$T/sdown.err")'"
fi

# ---- 10. without -f: daemonizes, pid file names the daemon, -P overrides
timeout 10 "$ZONESYNCD" -c "$ZSD_CONF" -P "$T/other.pid" >"$T/bg.out" 2>&1
rc=$?
check "daemonizing start returns exit $rc == 0" test "$rc" = 0
bgpid=""
have_pidfile() { [ -s "$T/other.pid" ]; }
if wait_until 5 have_pidfile; then
	bgpid=$(cat "$T/other.pid")
	zs_track "$bgpid"
	if kill -0 "$bgpid" 2>/dev/null; then
		ok "-P $T/other.pid names a live daemon ($bgpid)"
	else
		bad "-P pid file names pid $bgpid, not running"
	fi
else
	bad "-P $T/other.pid not written within 5 s"
fi
check "-P: the configured pid-file is not written" \
    test ! -e "$AD/zonesyncd.pid"
check "daemonized agent wrote nothing to the terminal" test ! -s "$T/bg.out"
if [ -n "$bgpid" ]; then
	if timeout 10 "$ZONESYNCD" refresh -c "$ZSD_CONF" "$Z" >/dev/null 2>&1
	then
		ok "daemonized agent answers on the control socket"
	else
		bad "daemonized agent does not answer on the control socket"
	fi
	kill -TERM "$bgpid"
	bg_gone() { ! kill -0 "$bgpid" 2>/dev/null; }
	if wait_until 10 bg_gone; then
		ok "daemonized agent stopped on SIGTERM (${WAITED}s)"
	else
		bad "daemonized agent still running 10 s after SIGTERM"
	fi
	check "daemonized agent removed its -P pid file" test ! -e "$T/other.pid"
	check "daemonized agent removed its control socket" \
	    test ! -e "$AD/ctl.sock"
fi
zs_done
