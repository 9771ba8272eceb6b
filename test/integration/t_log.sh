#!/usr/bin/env bash
# Log lines carry their severity: "[level]" on a terminal's stderr, "<N>"
# syslog priorities when stderr is journald's stream (JOURNAL_STREAM names
# its device and inode); a failure repeated at every retry is logged once,
# and its end once ("recovered after N failures").
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_log

Z=log.test
zsd_zone "$Z" 3 "$T/primary.zone"
zs_named_start "$Z" "$T/primary.zone"
zsd_local_start "$Z"
ZSD_CONF="$T/agent.conf"
zsd_conf "$ZSD_CONF" "max-retry-time 1;" -- "$(zone_stmt "$Z" "$NAMED_PORT")"

# ---- a terminal: [level]
zsd_start || die "cannot start the daemon"
wait_until 15 zone_state_is "$Z" ok || bad "not ok at first"
zsd_primary_stop
wait_until 15 zone_state_is "$Z" retrying || bad "not retrying with the primary down"
sleep 4			# several retries, one second apart
check "an info line says [info]" \
    grep -qE "^[^ ]+ [^ ]+ \[info\] zonesyncd: $Z: transferred serial 3" "$ZSD_LOG"
check "a failure says [warning]" \
    grep -qE "^[^ ]+ [^ ]+ \[warning\] zonesyncd: $Z: SOA query to .* failed" "$ZSD_LOG"
n=$(grep -c "$Z: SOA query to .* failed" "$ZSD_LOG")
f=$(zone_field "$Z" failures)
if [ "$n" -eq 1 ] && [ "$f" -ge 3 ]; then
	ok "$f failed rounds, one log line"
else
	bad "$f failed rounds, $n log lines (want 1)"
fi
zsd_primary_restart
wait_until 15 zone_state_is "$Z" ok || bad "not ok after the primary came back"
check "the end of the failure is logged once" \
    test "$(grep -c "$Z: recovered after [0-9]* failures over" "$ZSD_LOG")" -eq 1
zsd_stop

# ---- journald: <N> prefixes when JOURNAL_STREAM names our stderr
J="$T/journal.log"
: >"$J"
dev_ino=$(stat -c '%d:%i' "$J")
JOURNAL_STREAM=$dev_ino "$ZONESYNCD" -f -c "$ZSD_CONF" >>"$J" 2>&1 &
JPID=$!
zs_track "$JPID"
wait_until 10 grep -q "zonesyncd: starting" "$J" || bad "no start line"
zsd_primary_stop
wait_until 15 grep -q "SOA query to" "$J" || bad "no failure line"
stop_pid "$JPID"
check "journald: info lines start <6>" grep -q "^<6>zonesyncd: starting" "$J"
check "journald: failures start <4>" grep -qE "^<4>zonesyncd: $Z: SOA query to" "$J"
check "journald: no timestamps (journald has its own)" \
    test "$(grep -c '^<[0-9]>' "$J")" -eq "$(grep -c '' "$J")"
zs_done
