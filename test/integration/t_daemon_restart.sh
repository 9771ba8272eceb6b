#!/usr/bin/env bash
# A restart must not transfer a zone that is already current: the serial
# comes from the file on disk.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_daemon_restart

Z=restart.test
zsd_zone "$Z" 2026112101 "$T/primary.zone"
zs_named_start "$Z" "$T/primary.zone"
zsd_local_start "$Z"
ZSD_CONF="$T/agent.conf"
zsd_conf "$ZSD_CONF" -- "$(zone_stmt "$Z" "$NAMED_PORT")"
FILE="$AD/$Z.zone"

# ---- run 1: first sync
zsd_start || die "cannot start the daemon"
if wait_until 15 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 2026112101; then
	ok "run 1: serial 2026112101 served locally (${WAITED}s)"
else
	bad "run 1: local named serves '$(local_serial "$Z")'"
	show "$ZSD_LOG"
fi
wait_until 10 zone_state_is "$Z" ok
check "run 1: one 'transferred' line" \
    test "$(log_count "$Z: transferred serial")" -eq 1
zsd_stop
check "run 1: clean stop (exit $ZSD_RC)" test "$ZSD_RC" = 0
cp -p "$FILE" "$T/file.run1"
ls -li --time-style=full-iso "$FILE" >"$T/stat.run1"

# ---- run 2: same serial at the primary: no transfer
# A temporary file as a SIGKILL mid-transfer leaves it, and a look-alike
# that is not ours: the daemon removes the first when the zone starts.
STALE="$(dirname "$FILE")/.$(basename "$FILE").Ab12Cd"
NOTOURS="$(dirname "$FILE")/.$(basename "$FILE").keep.me"
echo partial >"$STALE"
echo keep >"$NOTOURS"
zsd_start -v || die "cannot start the daemon again"
if wait_until 15 zone_state_is "$Z" ok; then
	ok "run 2: state ok (${WAITED}s)"
else
	bad "run 2: state '$(zone_field "$Z" state)' after 15 s"
	show "$ZSD_LOG"
fi
check "run 2: temporary file of an interrupted transfer removed at start" \
    test ! -e "$STALE"
check "run 2: the removal is logged" \
    test "$(log_count "removed 1 temporary file left by interrupted")" -eq 1
check "run 2: a file that only looks similar is kept" test -e "$NOTOURS"
rm -f "$NOTOURS"
# Give a second refresh round (SOA refresh 2) the chance to misbehave too.
sleep 2.5
zsd_status_json "$T/st2.json" || bad "run 2: status failed"
n=$(log_count "$Z: transferred")
if [ "$n" -eq 0 ]; then
	ok "run 2: no 'transferred' log line"
else
	bad "run 2: $n 'transferred' log line(s) for a current zone"
	zsd_run_log | grep "$Z: transferred" | sed 's/^/    | /'
fi
check "run 2: transfers_ok == 0" \
    test "$(jq_py "$T/st2.json" "z('$Z')['transfers_ok']")" = 0
check "run 2: last_transfer null" \
    test "$(jq_py "$T/st2.json" "z('$Z')['last_transfer']")" = null
check "run 2: local_serial 2026112101 (read from the file)" \
    test "$(jq_py "$T/st2.json" "z('$Z')['local_serial']")" = 2026112101
check "run 2: primary_serial 2026112101" \
    test "$(jq_py "$T/st2.json" "z('$Z')['primary_serial']")" = 2026112101
check "run 2: state ok" \
    test "$(jq_py "$T/st2.json" "z('$Z')['state']")" = ok
if [ "$(log_count "$Z: have serial 2026112101")" -ge 1 ]; then
	ok "run 2: debug log shows the serial read from the file"
else
	note "run 2: no 'have serial' debug line (wording may differ)"
fi
ls -li --time-style=full-iso "$FILE" >"$T/stat.run2"
if cmp -s "$T/file.run1" "$FILE" && cmp -s "$T/stat.run1" "$T/stat.run2"; then
	ok "run 2: file not rewritten (same bytes, inode and mtime)"
else
	bad "run 2: file rewritten"
	cat "$T/stat.run1" "$T/stat.run2" | sed 's/^/    | /'
fi
check "run 2: local named still serves 2026112101" \
    test "$(local_serial "$Z")" = 2026112101

# ---- a second instance on the same configuration must not take over
# (it would steal the pid file and control socket and write the same files)
"$ZONESYNCD" -f -c "$ZSD_CONF" >"$T/second.log" 2>&1 &
p2=$!
zs_track "$p2"
second_gone() { ! kill -0 "$p2" 2>/dev/null; }
if wait_until 5 second_gone; then
	wait "$p2"
	rc2=$?
	if [ "$rc2" -ne 0 ]; then
		ok "second instance refused to start (exit $rc2: $(head -n 1 "$T/second.log" | cut -c25-120))"
	else
		bad "second instance exited 0 while the first runs"
	fi
else
	bad "second instance with the same config keeps running next to pid $ZSD_PID (no single-instance guard)"
	show "$T/second.log" 5
	stop_pid "$p2"
fi
check "first instance still owns the pid file" \
    test "$(cat "$AD/zonesyncd.pid" 2>/dev/null)" = "$ZSD_PID"
if timeout 10 "$ZONESYNCD" refresh -c "$ZSD_CONF" "$Z" >/dev/null 2>"$T/r2.err"
then
	ok "first instance still reachable through the control socket"
else
	bad "first instance unreachable after the second start: $(cat "$T/r2.err")"
	# Give the first instance its socket back for the rest of the test.
	zsd_stop
	zsd_start || die "cannot restart the daemon"
fi

# ---- run 2 still follows the primary afterwards
zsd_primary_bump "$Z" "$T/primary.zone" 2026112102
if wait_until 15 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 2026112102; then
	ok "run 2: next serial 2026112102 synced (${WAITED}s)"
else
	bad "run 2: serial 2026112102 not served locally after 15 s"
	show "$ZSD_LOG"
fi
zsd_stop
check "run 2: clean stop (exit $ZSD_RC)" test "$ZSD_RC" = 0

# ---- run 3: --once with a current zone: exit 0, no transfer
timeout -k 5 30 "$ZONESYNCD" -c "$ZSD_CONF" --once >"$T/once.log" 2>&1
rc=$?
check "run 3 (--once, current): exit $rc == 0" test "$rc" = 0
check "run 3 (--once, current): no transfer" \
    test "$(grep -c "$Z: transferred" "$T/once.log")" = 0

# ---- kill -9 leaves a stale pid file and socket: the clients say so, and
# the next start takes over cleanly without a transfer.
zsd_start || die "cannot start run 4"
wait_until 10 zone_state_is "$Z" ok
kill -9 "$ZSD_PID"
wait "$ZSD_PID" 2>/dev/null
ZSD_PID=""
timeout 10 "$ZONESYNCD" refresh -c "$ZSD_CONF" "$Z" >/dev/null 2>"$T/k.err"
rc=$?
if [ "$rc" -ne 0 ] && grep -q "running" "$T/k.err"; then
	ok "after kill -9: refresh exit $rc, '$(head -n 1 "$T/k.err")'"
else
	bad "after kill -9: refresh exit $rc, '$(cat "$T/k.err")'"
fi
timeout 15 "$ZONESYNCD" status -c "$ZSD_CONF" >/dev/null 2>"$T/k2.err"
rc=$?
if [ "$rc" -ne 0 ] && grep -q "running" "$T/k2.err"; then
	ok "after kill -9: status exit $rc, '$(head -n 1 "$T/k2.err")'"
else
	bad "after kill -9: status exit $rc, '$(cat "$T/k2.err")'"
fi
zsd_start || die "cannot start after kill -9 (stale pid file / socket)"
ok "started again over the stale pid file and socket"
if wait_until 15 zone_state_is "$Z" ok; then
	ok "run 5: state ok (${WAITED}s)"
else
	bad "run 5: state '$(zone_field "$Z" state)'"
fi
check "run 5: no transfer" test "$(log_count "$Z: transferred")" -eq 0
zsd_stop
check "run 5: clean stop (exit $ZSD_RC)" test "$ZSD_RC" = 0
zs_done
