#!/usr/bin/env bash
# SIGHUP re-reads the configuration: zones added and removed; a broken file
# is refused with FILE:LINE:COL and the old configuration keeps running.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_daemon_sighup

A=alpha.test
B=beta.test
zsd_zone "$A" 1 "$T/a.zone"
zsd_zone "$B" 7 "$T/b.zone"
zs_named_start "$A" "$T/a.zone" "$B" "$T/b.zone"
zsd_local_start "$A" "$B"
ZSD_CONF="$T/agent.conf"
zsd_conf "$ZSD_CONF" -- "$(zone_stmt "$A" "$NAMED_PORT")"

zsd_start || die "cannot start the daemon"
if wait_until 15 serial_is 127.0.0.1 "$LOCAL_PORT" "$A" 1; then
	ok "$A synced (${WAITED}s)"
else
	bad "$A not synced after 15 s"
	show "$ZSD_LOG"
fi
wait_until 10 zone_state_is "$A" ok
check "$B not synced while not configured" test ! -e "$AD/$B.zone"

# ---- add B, remove A, HUP
zsd_conf "$ZSD_CONF" -- "$(zone_stmt "$B" "$NAMED_PORT")"
kill -HUP "$ZSD_PID"
if wait_until 15 serial_is 127.0.0.1 "$LOCAL_PORT" "$B" 7; then
	ok "after HUP: $B synced (${WAITED}s)"
else
	bad "after HUP: $B not served locally after 15 s"
	show "$ZSD_LOG"
fi
wait_until 10 zone_state_is "$B" ok
zsd_status_json "$T/st1.json"
check "status lists $B" test "$(jq_py "$T/st1.json" "z('$B') is not None")" = true
check "status no longer lists $A" \
    test "$(jq_py "$T/st1.json" "z('$A') is None")" = true
check "status lists exactly 1 zone" \
    test "$(jq_py "$T/st1.json" "len(d['zones'])")" = 1
check "log: $A removed" test "$(log_count "$A: removed")" -ge 1
check "log: $B added" test "$(log_count "$B: added")" -ge 1
check "log: configuration reloaded (1 added, 1 removed)" \
    test "$(log_count "configuration reloaded: 1 zones \(1 added, 0 kept, 1 removed\)")" -ge 1
# A is not polled any more: bump it at the primary, wait 3 refresh periods.
nA=$(log_count "zonesyncd: $A:")
zsd_primary_bump "$A" "$T/a.zone" 2
sleep 5
nA2=$(log_count "zonesyncd: $A:")
if [ "$nA2" -eq "$nA" ]; then
	ok "no log lines for $A after its removal (5 s, SOA refresh 2)"
else
	bad "$((nA2 - nA)) new log line(s) for removed zone $A"
	zsd_run_log | grep "zonesyncd: $A:" | tail -n 5 | sed 's/^/    | /'
fi
check "$A's file not updated after removal (local named still serves 1)" \
    test "$(local_serial "$A")" = 1
timeout 10 "$ZONESYNCD" refresh -c "$ZSD_CONF" "$A" >/dev/null 2>"$T/ra.err"
rc=$?
check "refresh $A after removal: unknown zone (exit $rc)" \
    grep -q "unknown zone" "$T/ra.err"

# ---- a broken configuration: refused, old one keeps running
cp "$ZSD_CONF" "$T/good.conf"
{
	cat "$T/good.conf"
	echo 'zone "gamma.test" {'
	echo '	primaries { 127.0.0.1 port 53 };'	# line N: missing ';'
	echo '};'
} >"$ZSD_CONF"
bad_line=$(grep -n 'port 53 }' "$ZSD_CONF" | cut -d: -f1)
before=$(log_count "SIGHUP")
kill -HUP "$ZSD_PID"
hup_logged() {
	[ "$(log_count "refused|still running the old")" -ge 1 ]
}
if wait_until 10 hup_logged; then
	ok "broken config: refusal logged (${WAITED}s)"
else
	bad "broken config: no refusal in the log after 10 s"
fi
line=$(zsd_run_log | grep -E "$ZSD_CONF:[0-9]+:[0-9]+:" | tail -n 1)
if [ -n "$line" ]; then
	ok "broken config: error with file:line:col: ${line#*zonesyncd: }"
	l=$(sed -E "s|.*$ZSD_CONF:([0-9]+):.*|\1|" <<<"$line")
	check "error points at line $bad_line (got $l)" test "$l" = "$bad_line"
else
	bad "broken config: no '$ZSD_CONF:LINE:COL:' error in the log"
	zsd_run_log | tail -n 5 | sed 's/^/    | /'
fi
check "daemon still running" kill -0 "$ZSD_PID"
# `zonesyncd status` reads the (now broken) config to find the daemon, so
# ask the daemon directly with SIGUSR1 and read its status-file.
check "SIGUSR1 writes a fresh status file" zsd_usr1_status "$T/st2.json"
check "status still lists $B" \
    test "$(jq_py "$T/st2.json" "z('$B') is not None")" = true
check "status does not list gamma.test" \
    test "$(jq_py "$T/st2.json" "z('gamma.test') is None")" = true
if zsd_status_json "$T/st2c.json"; then
	ok "zonesyncd status works while the config on disk is broken"
else
	note "zonesyncd status fails while the config file on disk is broken (the daemon runs the old one): $(head -n 1 "$T/status$ZSD_ST_N.err")"
fi
# The old configuration keeps working: B still follows its primary.
zsd_primary_bump "$B" "$T/b.zone" 8
if wait_until 15 serial_is 127.0.0.1 "$LOCAL_PORT" "$B" 8; then
	ok "old config still syncs $B (serial 8 in ${WAITED}s)"
else
	bad "after the refused config, $B serial 8 not served locally in 15 s"
	show "$ZSD_LOG"
fi
# Fix the file, HUP again: accepted.
cp "$T/good.conf" "$ZSD_CONF"
kill -HUP "$ZSD_PID"
reloaded_again() {
	[ "$(log_count "configuration reloaded: 1 zones \(0 added, 1 kept, 0 removed\)")" -ge 1 ]
}
check "fixed config accepted on HUP (1 kept)" wait_until 10 reloaded_again
zsd_stop
check "clean stop (exit $ZSD_RC)" test "$ZSD_RC" = 0
zs_done
