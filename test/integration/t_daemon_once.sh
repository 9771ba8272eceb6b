#!/usr/bin/env bash
# `zonesyncd --once` exit codes: 0 when every zone is current; 1
# when a primary is unreachable (refused port, or silent), or REFUSES the
# zone; bounded in time (SOA: 2 s x 3 tries per primary).
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_daemon_once

G=good.test
R=refused.test		# not served by the primary: it answers REFUSED
zsd_zone "$G" 5 "$T/good.zone"
zs_named_start "$G" "$T/good.zone"
zsd_local_start "$G" "$R"
DEAD=$(zs_free_port) || die "no free port"

# A silent primary: a UDP socket that never answers (no ICMP refusal), so
# the agent has to time out.
SILENT=$(zs_free_port) || die "no free port"
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("127.0.0.1", int(sys.argv[1])))
t.listen(5)
time.sleep(300)
' "$SILENT" &
zs_track $!
note "primary :$NAMED_PORT, dead :$DEAD, silent :$SILENT, local :$LOCAL_PORT"

# once CONF LIMIT: run --once with a hard limit; sets RC, SECS, OUT.
ONCE_N=0
once() {
	local t0
	ONCE_N=$((ONCE_N + 1))
	OUT="$T/once$ONCE_N.log"
	t0=$(now_f)
	timeout -k 5 "$2" "$ZONESYNCD" -c "$1" --once >"$OUT" 2>&1
	RC=$?
	SECS=$(elapsed "$t0")
}

# ---- all zones current -> 0
zsd_conf "$T/good.conf" -- "$(zone_stmt "$G" "$NAMED_PORT")"
once "$T/good.conf" 30
check "first --once (transfer): exit $RC == 0 (${SECS}s)" test "$RC" = 0
check "first --once: local named serves 5" test "$(local_serial "$G")" = 5
once "$T/good.conf" 30
check "second --once (already current): exit $RC == 0 (${SECS}s)" test "$RC" = 0
check "second --once: no transfer" \
    test "$(grep -c "$G: transferred" "$OUT")" = 0
check "--once, all current: summary line" \
    grep -q "once: 1 zones, all current" "$OUT"

# ---- the primary moved on: --once transfers and still exits 0
zsd_primary_bump "$G" "$T/good.zone" 6
once "$T/good.conf" 30
check "--once after a bump: exit $RC == 0 (${SECS}s)" test "$RC" = 0
check "--once after a bump: local named serves 6" \
    test "$(local_serial "$G")" = 6

# ---- unreachable primary (nothing listens: ICMP refused)
zsd_conf "$T/dead.conf" -- "$(zone_stmt "$G" "$NAMED_PORT")" \
    'zone "dead.test" { primaries { 127.0.0.1 port '"$DEAD"'; }; };'
once "$T/dead.conf" 25
if [ "$RC" = 1 ]; then
	ok "--once, one zone's primary unreachable: exit $RC (${SECS}s)"
else
	bad "--once, one zone's primary unreachable: exit $RC (${SECS}s), want 1 (README: '1 otherwise')"
	show "$OUT"
fi
check "--once, unreachable: log names dead.test" grep -q "dead.test" "$OUT"
# The last line sums up: which zones are not current, and why.
if grep -qE "once: 2 zones, 1 current; not current: dead.test \((retrying|error|expired): .+\)$" "$OUT"; then
	ok "--once, unreachable: summary names dead.test ($(grep -o 'once: .*' "$OUT" | cut -c1-120))"
else
	bad "--once, unreachable: no summary line naming dead.test and why"
	show "$OUT"
fi
check "--once, unreachable: no file for dead.test" \
    test ! -e "$AD/dead.test.zone"
check "--once, unreachable: the good zone is still current" \
    test "$(local_serial "$G")" = 6

# ---- silent primary (timeouts): non-zero within the SOA budget
zsd_conf "$T/silent.conf" -- \
    'zone "silent.test" { primaries { 127.0.0.1 port '"$SILENT"'; }; };'
once "$T/silent.conf" 25
if [ "$RC" = 1 ]; then
	ok "--once, silent primary: exit $RC (${SECS}s)"
else
	bad "--once, silent primary: exit $RC (${SECS}s), want 1 (README: '1 otherwise') within 25 s"
	show "$OUT"
fi
if awk -v s="$SECS" 'BEGIN { exit !(s <= 15) }'; then
	ok "--once, silent primary: gave up in ${SECS}s (<= 15 s)"
else
	bad "--once, silent primary: took ${SECS}s (want <= 15 s)"
fi
check "--once, silent primary: log says silent.test timed out" \
    grep -q "silent.test: .*timed out" "$OUT"

# ---- the primary REFUSES the zone
zsd_conf "$T/refused.conf" -- "$(zone_stmt "$R" "$NAMED_PORT")"
if dig +norec +time=1 +tries=1 -p "$NAMED_PORT" @127.0.0.1 "$R" SOA |
    grep -q 'status: REFUSED'; then
	ok "premise: the primary answers REFUSED for $R"
else
	bad "premise: the primary does not answer REFUSED for $R"
fi
once "$T/refused.conf" 25
if [ "$RC" = 1 ]; then
	ok "--once, zone REFUSED: exit $RC (${SECS}s)"
else
	bad "--once, zone REFUSED: exit $RC (${SECS}s), want 1 (README: '1 otherwise')"
	show "$OUT"
fi
if grep -q "$R: .*REFUSED" "$OUT"; then
	ok "--once, zone REFUSED: log says so ($(grep -m1 "$R: .*REFUSED" "$OUT" | cut -c25-140))"
else
	bad "--once, zone REFUSED: log does not say REFUSED"
	show "$OUT"
fi
check "--once, zone REFUSED: no file for $R" test ! -e "$AD/$R.zone"
check "--once, zone REFUSED: summary says REFUSED" \
    grep -qE "once: 1 zones, 0 current; not current: $R \(.*REFUSED.*\)$" "$OUT"

check "--once left no pid file or socket" \
    test ! -e "$AD/zonesyncd.pid" -a ! -e "$AD/ctl.sock"
zs_done
