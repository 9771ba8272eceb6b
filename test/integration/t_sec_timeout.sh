#!/usr/bin/env bash
# Transfer time limits against hostile fake primaries (fakeserver.py byzone):
#   stall.f.test  max-transfer-idle-in: one message, then silence forever
#   drip.f.test   max-transfer-time-in: a record every 0.3 s, forever
# The daemon gives up in time, logs which limit, keeps the good file, no
# temp file, state retrying; `zonesyncd xfr -t 3` gives up on drip too.
# Seconds ("2s") are used when the config accepts them; BIND's minimum is
# one minute, and if the agent enforces it the test uses 1m (slower).
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_sec_timeout

ZSD_REFRESH=2 ZSD_RETRY=1
zsd_zone stall.f.test 5 "$T/stall.zone"
zsd_zone drip.f.test 5 "$T/drip.zone"
zs_named_start stall.f.test "$T/stall.zone" drip.f.test "$T/drip.zone"
for z in stall.f.test drip.f.test; do
	zs_xfr -p "$NAMED_PORT" -o "$AD/$z.zone" "$z" @127.0.0.1
	[ "$XFR_RC" = 0 ] || die "cannot seed $z: $(cat "$XFR_ERR")"
	cp "$AD/$z.zone" "$T/$z.good"
done
zsd_primary_stop

FAKE_LIFETIME=150 python3 "$ZS_IT/fakeserver.py" byzone "$T/fake.port" \
    >"$T/fake.log" 2>&1 &
zs_track $!
wait_until 5 test -s "$T/fake.port" || die "fake primary did not start"
FAKE=$(cat "$T/fake.port")

# CLI: -t 3 bounds a transfer that never ends.
zs_xfr -p "$FAKE" -t 3 -o "$AD/drip.f.test.zone" drip.f.test @127.0.0.1
expect_xfr_fail "xfr -t 3, dripping primary" drip.f.test 127.0.0.1
if awk -v s="$XFR_SECS" 'BEGIN { exit !(s >= 2.5 && s <= 5) }'; then
	ok "xfr -t 3: gave up after ${XFR_SECS}s"
else
	bad "xfr -t 3: gave up after ${XFR_SECS}s, want about 3 s"
fi
check "xfr -t 3: file untouched" cmp -s "$T/drip.f.test.good" "$AD/drip.f.test.zone"
check "xfr -t 3: no temp file" test -z "$(leftover_tmp "$AD" drip.f.test.zone)"

# Daemon: no local named needed (nothing will be installed).
LOCAL_DIR="$T/local" LOCAL_PORT=$(zs_free_port)
ZSD_CONF="$T/agent.conf"
conf() {	# conf IDLE TIME
	zsd_conf "$ZSD_CONF" "max-retry-time 2;" -- \
	    "zone \"stall.f.test\" { primaries { 127.0.0.1 port $FAKE; }; max-transfer-idle-in $1; };" \
	    "zone \"drip.f.test\" { primaries { 127.0.0.1 port $FAKE; }; max-transfer-time-in $2; max-transfer-idle-in 10m; };"
}
IDLE=2s TIME=3s LIMIT=2 TLIMIT=3
conf "$IDLE" "$TIME"
if ! "$ZONESYNCD" -n -c "$ZSD_CONF" >"$T/n.out" 2>&1; then
	note "max-transfer-idle-in 2s / max-transfer-time-in 3s refused: $(head -n 1 "$T/n.out")"
	note "falling back to 1m (BIND's minimum): this test takes over a minute"
	IDLE=1m TIME=1m LIMIT=60 TLIMIT=60
	conf "$IDLE" "$TIME"
	"$ZONESYNCD" -n -c "$ZSD_CONF" >"$T/n.out" 2>&1 || die "config refused: $(cat "$T/n.out")"
else
	ok "max-transfer-idle-in 2s and max-transfer-time-in 3s accepted"
fi
t0=$(now_f)
zsd_start || die "cannot start the daemon"
# Wait for the first failure of each zone in the log; last_error then
# names the limit.  (The state flips between retrying and transferring: a
# retry is due 1 s after each failure.)
for zl in "stall.f.test max-transfer-idle-in $LIMIT" "drip.f.test max-transfer-time-in $TLIMIT"; do
	set -- $zl
	logged() { [ "$(log_count "$1: transfer from .*$2")" -ge 1 ]; }
	if wait_until $(($3 + 15)) logged "$1" "$2"; then
		ok "$1: transfer abandoned, log names $2 (after $(elapsed "$t0") s)"
	else
		bad "$1: no log line naming $2 after $(elapsed "$t0") s"
		show "$ZSD_LOG"
	fi
	zsd_status_json "$T/st.json"
	e=$(jq_py "$T/st.json" "z('$1')['last_error']")
	st=$(jq_py "$T/st.json" "z('$1')['state']")
	check "$1: last_error names $2 ($e)" grep -q -- "$2" <<<"$e"
	case $st in
	retrying | transferring | refreshing) ok "$1: state $st" ;;
	*) bad "$1: state '$st', want retrying (or a retry in progress)" ;;
	esac
done
# When did the first failure come, relative to the start? (log times)
first_fail() {
	zsd_run_log | grep -m1 -E "$1: transfer from .*$2" | awk '{ print $2 }'
}
start_t=$(zsd_run_log | grep -m1 'starting' | awk '{ print $2 }')
for zl in "stall.f.test max-transfer-idle-in $LIMIT" "drip.f.test max-transfer-time-in $TLIMIT"; do
	set -- $zl
	ft=$(first_fail "$1" "$2")
	d=$(python3 -c 'import sys
def s(t): h, m, x = t.split(":"); return int(h) * 3600 + int(m) * 60 + float(x)
print("%.1f" % (s(sys.argv[2]) - s(sys.argv[1])))' "$start_t" "$ft" 2>/dev/null)
	if [ -n "$d" ] && awk -v d="$d" -v l="$3" 'BEGIN { exit !(d >= l - 0.5 && d <= l + 4) }'; then
		ok "$1: first $2 failure ${d}s after start (limit ${3}s)"
	else
		bad "$1: first $2 failure at '${d}'s after start, want about ${3}s"
	fi
done
check "daemon alive" kill -0 "$ZSD_PID"
# A retry is in progress now, with its temp file; SIGTERM abandons it.
zsd_stop
check "clean stop (exit $ZSD_RC)" test "$ZSD_RC" = 0
for z in stall.f.test drip.f.test; do
	check "$z: file byte-identical" cmp -s "$T/$z.good" "$AD/$z.zone"
	check "$z: no temp file left after stop" test -z "$(leftover_tmp "$AD" "$z.zone")"
done
zs_done
