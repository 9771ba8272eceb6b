#!/usr/bin/env bash
# The logging statement: a file channel rotated by size keeps `versions`
# old files; a category routed to null is silent; severity warning drops
# info lines; print-category/print-severity prefix the lines; SIGHUP
# reopens a file that was moved away.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_logging

Z=log.test
zsd_zone "$Z" 3 "$T/primary.zone"
zs_named_start "$Z" "$T/primary.zone"
zsd_local_start "$Z"
ZSD_CONF="$T/agent.conf"
zsd_conf "$ZSD_CONF" "max-retry-time 1;" -- "$(zone_stmt "$Z" "$NAMED_PORT")" \
    'logging {
	channel xfer { file "xfer.log" versions 2 size 300;
	    print-category yes; print-severity yes; };
	channel all { file "all.log"; print-category yes; print-severity yes; };
	channel warn { file "warn.log"; severity warning; print-time yes; };
	category xfer-in { xfer; all; };
	category config { null; };
	category general { all; warn; };
	category default { all; };
};'

zsd_start || die "cannot start the daemon"
wait_until 15 zone_state_is "$Z" ok || bad "not ok at first"
wait_until 5 grep -q "transferred serial 3" "$AD/all.log" ||
    bad "no transfer line in all.log"

# ---- formats
check "print-category + print-severity: general: info:" \
    grep -q "^general: info: starting: 1 zones from" "$AD/all.log"
check "xfer-in lines carry their category" \
    grep -q "^xfer-in: info: $Z: transferred serial 3 from" "$AD/all.log"

# ---- rotation: size 300, versions 2: at most xfer.log, .0, .1
for s in 4 5 6 7 8; do
	zsd_primary_bump "$Z" "$T/primary.zone" "$s"
	wait_until 15 grep -q "transferred serial $s " "$AD/all.log" ||
	    bad "serial $s not transferred"
done
check "rotated: xfer.log.0 exists" test -f "$AD/xfer.log.0"
check "rotated: xfer.log.1 exists" test -f "$AD/xfer.log.1"
check "versions 2: no xfer.log.2" test ! -e "$AD/xfer.log.2"
n=$(find "$AD" -maxdepth 1 -name 'xfer.log*' | wc -l)
if [ "$n" -eq 3 ]; then
	ok "3 xfer files (the live one and 2 versions)"
else
	bad "$n xfer files, want 3"
	ls -l "$AD"
fi
big=$(find "$AD" -maxdepth 1 -name 'xfer.log.*' -size +1k | wc -l)
check "rotated files stay near the size" test "$big" -eq 0
# The line that fills a file rotates it at once (as named does): the
# newest line is in the live file, or in .0 when the live one is new.
if grep -q "transferred serial 8 " "$AD/xfer.log"; then
	ok "the newest line is in xfer.log"
elif [ ! -s "$AD/xfer.log" ] &&
    grep -q "transferred serial 8 " "$AD/xfer.log.0"; then
	ok "the newest line is in xfer.log.0, xfer.log just rotated"
else
	bad "the newest line is in neither xfer.log nor a just-rotated .0"
fi
check "only xfer-in lines in xfer.log" \
    test "$(cat "$AD"/xfer.log* | grep -vc '^xfer-in: ')" -eq 0

# ---- severity warning: no info lines; a failure is there
zsd_primary_stop
wait_until 15 grep -q "SOA query to .* failed" "$AD/warn.log" ||
    bad "no failure in warn.log"
check "severity warning drops info lines" \
    test "$(grep -c 'starting:' "$AD/warn.log")" -eq 0
check "print-time without print-severity" \
    grep -qE "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ $Z: SOA query to" \
    "$AD/warn.log"
zsd_primary_restart
wait_until 15 zone_state_is "$Z" ok || bad "not ok after the primary came back"

# ---- SIGHUP reopens; category config (to null) stays silent
mv "$AD/all.log" "$AD/all.log.moved"
kill -HUP "$ZSD_PID"
wait_until 10 test -f "$AD/all.log" || bad "SIGHUP did not reopen all.log"
zsd_primary_bump "$Z" "$T/primary.zone" 9
wait_until 15 grep -q "transferred serial 9 " "$AD/all.log" ||
    bad "the reopened all.log gets no lines"
check "the moved file got nothing after the HUP" \
    test "$(grep -c 'serial 9' "$AD/all.log.moved")" -eq 0
check "config to null: no reload line anywhere" \
    test "$(cat "$AD"/*.log* "$ZSD_LOG" | grep -c 'configuration reloaded')" -eq 0
check "config to null: no SIGHUP line anywhere" \
    test "$(cat "$AD"/*.log* "$ZSD_LOG" | grep -c 'SIGHUP')" -eq 0
check "stderr stays quiet once started" \
    test "$(zsd_run_log | grep -c 'transferred serial')" -eq 0
zsd_stop
check "stopped cleanly" test "$ZSD_RC" -eq 0
zs_done
