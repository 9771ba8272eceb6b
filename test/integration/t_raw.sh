#!/usr/bin/env bash
# masterfile-format raw with the daemon: a real primary, a local named
# that loads the agent's zones through the agent's named-include, where a
# raw zone's statement says `masterfile-format raw;`.  The first fill and
# an update are served by the local named from the agent's raw file; a
# restarted agent reads the serial from the raw file (no transfer); a
# zone switched from text to raw on SIGHUP (the include rewritten, named
# reconfigured) is transferred again at once and written raw; --once
# writes raw as the daemon does.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_raw

R=raw.test
S=sw.test
EXTRA='big	IN TXT	"one"
big	IN TXT	"two"
big	IN TXT	"three"
mx	IN MX	10 mail.example.
Mixed.Case	IN A	192.0.2.9'
zsd_zone "$R" 1 "$T/r.zone" "$EXTRA"
zsd_zone "$S" 1 "$T/s.zone"
zs_named_start "$R" "$T/r.zone" "$S" "$T/s.zone"
INC="$AD/named.zones.conf"
: >"$INC"
ZSD_LOCAL_INCLUDE="$INC" zsd_local_start
export ZSD_RNDC=1
is_raw() {
	[ "$(head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = \
	    0000000200000001 ]
}
# stmt ZONE: its statement in the include.
stmt() {
	awk -v z="zone \"$1\" {" '$0 == z { on = 1 } on { print } on && /^};/ { exit }' "$INC"
}

ZSD_CONF="$T/agent.conf"
write_conf() {
	zsd_conf "$ZSD_CONF" "named-include \"named.zones.conf\";" -- \
	    "zone \"$R\" { primaries { 127.0.0.1 port $NAMED_PORT; }; masterfile-format raw; };" \
	    "zone \"$S\" { primaries { 127.0.0.1 port $NAMED_PORT; }; $1 };"
}
write_conf ""
check "zonesyncd -nv prints masterfile-format raw for $R" \
    test "$("$ZONESYNCD" -n -v -c "$ZSD_CONF" | grep -c 'masterfile-format raw;')" -eq 1

# ---- run 1: first fill, then an update
zsd_start || die "cannot start the daemon"
if wait_until 15 serial_is 127.0.0.1 "$LOCAL_PORT" "$R" 1; then
	ok "$R: serial 1 served by the local named from the raw file (${WAITED}s)"
else
	bad "$R: local named serves '$(local_serial "$R")'"
	show "$ZSD_LOG"
	show "$LOCAL_LOG"
fi
check "$R: the file is BIND raw" is_raw "$AD/$R.zone"
check "$R: its statement in the include says masterfile-format raw" \
    test "$(stmt "$R" | grep -c 'masterfile-format raw;')" = 1
check "$S: its statement names no format (text)" \
    test "$(stmt "$S" | grep -c 'masterfile-format')" = 0
assert_same_zone "$R" "$T/r.zone" "$AD/$R.zone"
wait_until 10 zone_state_is "$R" ok || bad "$R: state '$(zone_field "$R" state)'"
check "$S: text file (the default)" test "$(head -c 10 "$AD/$S.zone")" = "; zonesync"
wait_until 10 serial_is 127.0.0.1 "$LOCAL_PORT" "$S" 1 ||
    bad "$S: not served"

zsd_primary_bump "$R" "$T/r.zone" 2 "$EXTRA
added	IN A	192.0.2.10"
if wait_until 15 serial_is 127.0.0.1 "$LOCAL_PORT" "$R" 2; then
	ok "$R: update to serial 2 served locally (${WAITED}s)"
else
	bad "$R: serial 2 not served locally: '$(local_serial "$R")'"
	show "$ZSD_LOG"
fi
assert_same_zone "$R" "$T/r.zone" "$AD/$R.zone"
ans=$(dig +short +norec -p "$LOCAL_PORT" @127.0.0.1 added."$R" A)
check "$R: the new record answered by the local named ($ans)" \
    test "$ans" = 192.0.2.10
wait_until 10 zone_state_is "$R" ok
zsd_stop
check "run 1: clean stop (exit $ZSD_RC)" test "$ZSD_RC" = 0
ls -li --time-style=full-iso "$AD/$R.zone" >"$T/stat.run1"

# ---- run 2: the serial comes from the raw file: no transfer
zsd_start -v || die "cannot start the daemon again"
if wait_until 15 zone_state_is "$R" ok; then
	ok "run 2: $R state ok (${WAITED}s)"
else
	bad "run 2: $R state '$(zone_field "$R" state)'"
	show "$ZSD_LOG"
fi
zsd_status_json "$T/st2.json" || bad "run 2: status failed"
check "run 2: local_serial 2 read from the raw file" \
    test "$(jq_py "$T/st2.json" "z('$R')['local_serial']")" = 2
check "run 2: $R transfers_ok == 0" \
    test "$(jq_py "$T/st2.json" "z('$R')['transfers_ok']")" = 0
check "run 2: no 'transferred' line for $R" \
    test "$(log_count "$R: transferred")" -eq 0
check "run 2: debug log: serial read from the raw file" \
    test "$(log_count "$R: have serial 2 in")" -eq 1
ls -li --time-style=full-iso "$AD/$R.zone" >"$T/stat.run2"
check "run 2: raw file not rewritten (inode, mtime)" \
    cmp -s "$T/stat.run1" "$T/stat.run2"

# ---- switch $S from text to raw: agent.conf + SIGHUP, which rewrites the
# include (named reconfigured) and the file, at once though the serial
# did not move.
write_conf "masterfile-format raw;"
mark=$(wc -l <"$LOCAL_LOG")
kill -HUP "$ZSD_PID"
if wait_until 15 is_raw "$AD/$S.zone"; then
	ok "$S: rewritten raw after SIGHUP (${WAITED}s)"
else
	bad "$S: still text 15 s after SIGHUP"
	show "$ZSD_LOG"
fi
check "$S: log says why it transferred the same serial again" \
    test "$(log_count "$S: .* is in text format, masterfile-format is raw: transferring serial 1 again")" -eq 1
if wait_until 15 zone_state_is "$S" ok; then
	ok "$S: state ok after the switch (${WAITED}s)"
else
	bad "$S: state '$(zone_field "$S" state)' after the switch"
	show "$ZSD_LOG"
	show "$LOCAL_LOG"
fi
# The rewrite at the same serial is a whole zone: an IXFR from the
# snapshot would only hear "up to date".
zsd_status_json "$T/sw.json"
kind=$(jq_py "$T/sw.json" "(z('$S')['last_transfer'] or {}).get('kind')")
check "$S: the switch was an AXFR (kind $kind)" test "$kind" = axfr
# named keeps a zone it has across a reconfig: the agent's reload must
# come after the include's reconfig, so that named reads the new file as
# raw (not as text: a syntax error, the old zone kept in memory).
since_mark() {
	tail -n "+$((mark + 1))" "$LOCAL_LOG"
}
loaded_after_mark() {
	since_mark | grep -q "zone $S/IN: loaded serial 1"
}
if wait_until 10 loaded_after_mark; then
	ok "$S: the local named loaded the raw file after the switch"
else
	bad "$S: the local named did not load the raw file after the switch"
	since_mark | grep "$S" | sed 's/^/    | /'
fi
check "$S: no failed load after the switch" \
    test "$(since_mark | grep -c "$S.*\(failed\|syntax error\|mismatch\)")" = 0
check "$S: the include says masterfile-format raw now" \
    test "$(stmt "$S" | grep -c 'masterfile-format raw;')" = 1
check "$S: local named serves serial 1 from the raw file" \
    serial_is 127.0.0.1 "$LOCAL_PORT" "$S" 1
assert_same_zone "$S" "$T/s.zone" "$AD/$S.zone"
check "$S: no leftover temporary file" \
    test -z "$(find "$AD" -name ".$S.zone.*")"
zsd_stop
check "run 2: clean stop (exit $ZSD_RC)" test "$ZSD_RC" = 0

# ---- run 3: --once writes raw too (the file removed first)
rm -f "$AD/$R.zone"
timeout -k 5 30 "$ZONESYNCD" -c "$ZSD_CONF" --once >"$T/once.log" 2>&1
rc=$?
check "run 3 (--once): exit $rc == 0" test "$rc" = 0
check "run 3 (--once): $R transferred" \
    test "$(grep -c "$R: transferred serial 2" "$T/once.log")" = 1
check "run 3 (--once): the new file is raw" is_raw "$AD/$R.zone"
check "run 3 (--once): local named serves serial 2" \
    serial_is 127.0.0.1 "$LOCAL_PORT" "$R" 2
zs_done
