#!/usr/bin/env bash
# Webhooks against a python3 HTTP receiver: zone-updated after a serial
# bump (valid JSON, every documented field, the configured Authorization
# header), transfer-failed (max-records below the zone size),
# check-failed (a check-command that exits 1), an events { } filter; then
# receivers that are down or slow (5 s, webhook timeout 1) do not delay
# syncing and the agent keeps answering `zonesyncd status`.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_webhook

Z=hook.test		# syncs normally
F=fail.test		# max-records 3: every transfer fails
C=chk.test		# check-command exits 1
RECV="$ZS_IT/httprecv.py"

# recv_start NAME [DELAY]: a receiver; sets RECV_PORT, log in $T/NAME.log
recv_start() {
	local name=$1 delay=${2:-} pid
	python3 "$RECV" "$T/$name.port" "$T/$name.log" $delay \
	    >"$T/$name.out" 2>&1 &
	pid=$!
	zs_track "$pid"
	have_port() { [ -s "$T/$name.port" ]; }
	wait_until 10 have_port || die "receiver $name did not start"
	RECV_PORT=$(cat "$T/$name.port")
}

recv_start hooks
HP=$RECV_PORT
zsd_zone "$Z" 100 "$T/z.zone"
zsd_zone "$F" 100 "$T/f.zone"
zsd_zone "$C" 100 "$T/c.zone"
NRR=$ZONE_RRS
zs_named_start "$Z" "$T/z.zone" "$F" "$T/f.zone" "$C" "$T/c.zone"
zsd_local_start "$Z" "$F" "$C"
FALSE=$(command -v false)
ZSD_CONF="$T/agent.conf"
zsd_conf "$ZSD_CONF" -- \
    "webhook \"http://127.0.0.1:$HP/hook\" { header \"Authorization: Bearer t0ken\"; };" \
    "webhook \"http://127.0.0.1:$HP/only-updated\" { events { zone-updated; }; };" \
    "$(zone_stmt "$Z" "$NAMED_PORT")" \
    "zone \"$F\" { primaries { 127.0.0.1 port $NAMED_PORT; }; max-records 3; };" \
    "zone \"$C\" { primaries { 127.0.0.1 port $NAMED_PORT; }; check-command \"$FALSE %f\"; };"
note "primary :$NAMED_PORT, local named :$LOCAL_PORT, receiver :$HP; zones have $NRR RRs"

zsd_start || die "cannot start the daemon"
if wait_until 15 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 100; then
	ok "$Z: serial 100 served locally (${WAITED}s)"
else
	bad "$Z: serial 100 not served after 15 s"
	show "$ZSD_LOG"
fi
wait_until 10 zone_state_is "$Z" ok
zsd_primary_bump "$Z" "$T/z.zone" 101
if wait_until 10 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 101; then
	ok "$Z: serial 101 served locally (${WAITED}s)"
else
	bad "$Z: serial 101 not served after 10 s"
	show "$ZSD_LOG"
fi

# have_event PATH EVENT ZONE [SERIAL_AFTER]: for wait_until.
have_event() {
	python3 - "$T/hooks.log" "$@" <<'PY'
import json, sys
log, path, ev, zone = sys.argv[1:5]
after = int(sys.argv[5]) if len(sys.argv) > 5 else None
for line in open(log):
    r = json.loads(line)
    if r["path"] != path:
        continue
    try:
        b = json.loads(r["body"])
    except ValueError:
        continue
    if b.get("event") == ev and b.get("zone", "").rstrip(".") == zone and \
            (after is None or b.get("serial_after") == after):
        sys.exit(0)
sys.exit(1)
PY
}
for e in "zone-updated $Z 101" "transfer-failed $F" "check-failed $C"; do
	# shellcheck disable=SC2086
	if wait_until 15 have_event /hook $e; then
		ok "/hook received ${e% *} (${WAITED}s)"
	else
		bad "/hook did not receive $e within 15 s"
		show "$ZSD_LOG"
		show "$T/hooks.log" 5
	fi
done
sleep 1	# let the filtered hook catch up with the same events

# ---- every request, checked in python: prints "OK ..." / "BAD ..."
python3 - "$T/hooks.log" "$Z" "$F" "$C" "$NRR" >"$T/verdicts" 2>&1 <<'PY'
import calendar, json, re, sys, time
log, Z, F, C, nrr = sys.argv[1:6]
nrr = int(nrr)
reqs = [json.loads(l) for l in open(log)]
FIELDS = ["event", "zone", "serial_before", "serial_after", "primary",
          "records", "bytes", "seconds", "error", "time", "host"]
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
now = time.time()

def say(ok, msg):
    print(("OK " if ok else "BAD ") + msg)

def hdr(r, name):
    for k, v in r["headers"].items():
        if k.lower() == name.lower():
            return v
    return None

bodies = {"/hook": [], "/only-updated": []}
for r in reqs:
    if r["path"] not in bodies:
        say(False, "request to unexpected path %r" % r["path"])
        continue
    if r["method"] != "POST":
        say(False, "%s %s: method is not POST" % (r["method"], r["path"]))
    try:
        b = json.loads(r["body"])
    except ValueError as e:
        say(False, "%s: body is not JSON (%s): %r" % (r["path"], e,
                                                     r["body"][:200]))
        continue
    if not isinstance(b, dict):
        say(False, "%s: body is not a JSON object" % r["path"])
        continue
    bodies[r["path"]].append((r, b))

hook = bodies["/hook"]
say(len(hook) >= 3, "/hook got %d valid JSON POSTs" % len(hook))
bad_auth = [r for r, b in hook if hdr(r, "Authorization") != "Bearer t0ken"]
say(not bad_auth, "every /hook POST has 'Authorization: Bearer t0ken' "
    "(%d without)" % len(bad_auth))
ct = set((hdr(r, "Content-Type") or "").split(";")[0].strip() for r, b in hook)
say(ct == {"application/json"}, "/hook Content-Type %s" % sorted(ct))
missing = sorted(set(f for r, b in hook for f in FIELDS if f not in b))
say(not missing, "every /hook body has every documented field%s" % (
    " (missing: %s)" % missing if missing else ""))

def time_ok(b):
    t = b.get("time")
    if not isinstance(t, str) or not RFC3339.match(t):
        return False
    ts = calendar.timegm(time.strptime(t[:19], "%Y-%m-%dT%H:%M:%S"))
    return abs(ts - now) < 120

for r, b in hook:
    if not time_ok(b):
        say(False, "%s %s: time %r is not RFC 3339 UTC near now" % (
            b.get("event"), b.get("zone"), b.get("time")))
    if not isinstance(b.get("host"), str) or not b["host"]:
        say(False, "%s: host %r empty" % (b.get("event"), b.get("host")))
    if b.get("event") not in ("zone-updated", "transfer-failed",
                              "zone-expired", "check-failed",
                              "verify-failed"):
        say(False, "unknown event %r" % b.get("event"))

def find(ev, zone, after=None):
    for r, b in hook:
        if b.get("event") == ev and str(b.get("zone", "")).rstrip(".") == zone \
                and (after is None or b.get("serial_after") == after):
            return b
    return None

b = find("zone-updated", Z, 101)
if b is None:
    say(False, "no zone-updated for %s serial 101" % Z)
else:
    print("    zone-updated: " + json.dumps(b, sort_keys=True))
    say(b["zone"] == Z, "zone-updated: zone %r" % b["zone"])
    say(b["serial_before"] == 100, "zone-updated: serial_before %r == 100"
        % b["serial_before"])
    say(b["serial_after"] == 101, "zone-updated: serial_after 101")
    say(isinstance(b["records"], int) and b["records"] > 0,
        "zone-updated: records %r > 0" % b["records"])
    say(b["records"] == nrr, "zone-updated: records %r == %d RRs of the zone"
        % (b["records"], nrr))
    say(isinstance(b["bytes"], int) and b["bytes"] > 0,
        "zone-updated: bytes %r > 0" % b["bytes"])
    say(isinstance(b["seconds"], (int, float)) and b["seconds"] >= 0,
        "zone-updated: seconds %r is a number >= 0" % b["seconds"])
    say(isinstance(b["seconds"], (int, float)) and
        b["seconds"] == round(b["seconds"], 3),
        "zone-updated: seconds %r to the millisecond" % b["seconds"])
    say(isinstance(b["primary"], str) and "127.0.0.1" in b["primary"],
        "zone-updated: primary %r names 127.0.0.1" % b["primary"])
    say(b["error"] is None, "zone-updated: error is null (%r)" % b["error"])
    say(time_ok(b), "zone-updated: time %r RFC 3339 UTC, near now" % b["time"])
    say(isinstance(b["host"], str) and b["host"] != "",
        "zone-updated: host %r non-empty" % b["host"])

b = find("transfer-failed", F)
if b is None:
    say(False, "no transfer-failed for %s" % F)
else:
    print("    transfer-failed: " + json.dumps(b, sort_keys=True))
    say(isinstance(b["error"], str) and b["error"] != "",
        "transfer-failed: error %r" % b["error"])
    say(b["serial_after"] is None or b["serial_after"] == 100,
        "transfer-failed: serial_after %r" % b["serial_after"])

b = find("check-failed", C)
if b is None:
    say(False, "no check-failed for %s" % C)
else:
    print("    check-failed: " + json.dumps(b, sort_keys=True))
    say(isinstance(b["error"], str) and "check-command" in b["error"],
        "check-failed: error names check-command: %r" % b["error"])
    say(b["serial_after"] == 100, "check-failed: serial_after %r == 100 "
        "(the refused serial)" % b["serial_after"])

only = bodies["/only-updated"]
evs = sorted(set(b.get("event") for r, b in only))
say(len(only) >= 2, "/only-updated got %d POSTs (want >= 2: %s 100, 101)"
    % (len(only), Z))
say(evs == ["zone-updated"], "/only-updated got only zone-updated: %s" % evs)
say(all(hdr(r, "Authorization") is None for r, b in only),
    "/only-updated POSTs carry no Authorization header (headers are "
    "per webhook)")
PY
while IFS= read -r line; do
	case "$line" in
	"OK "*) ok "${line#OK }" ;;
	"BAD "*) bad "${line#BAD }" ;;
	*) echo "$line" ;;
	esac
done <"$T/verdicts"
check "the receiver log parses as JSON lines" test -s "$T/hooks.log"

zsd_stop
check "SIGTERM with webhooks configured: exit 0" test "$ZSD_RC" = 0

# ---- receivers down (nothing listening) and slow (5 s, timeout 1)
recv_start slow 5
SP=$RECV_PORT
DP=$(zs_free_port) || die "no free port"
ZSD_CONF="$T/agent2.conf"
zsd_conf "$ZSD_CONF" -- \
    "webhook \"http://127.0.0.1:$DP/down\" { timeout 1; };" \
    "webhook \"http://127.0.0.1:$SP/slow\" { timeout 1; };" \
    "$(zone_stmt "$Z" "$NAMED_PORT")"
note "down receiver :$DP (nothing listens), slow receiver :$SP"
zsd_start || die "cannot restart the daemon"
ZSD_REFRESH=1
for serial in 102 103 104; do
	zsd_primary_bump "$Z" "$T/z.zone" "$serial"
	t0=$(now_f)
	if wait_until 3 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" "$serial"; then
		ok "webhooks down/slow: serial $serial served in $(elapsed "$t0")s (<= 3 s)"
	else
		bad "webhooks down/slow: serial $serial not served within 3 s (serves '$(local_serial "$Z")')"
		show "$ZSD_LOG"
	fi
	t0=$(now_f)
	if zsd_status_json "$T/st$serial.json"; then
		s=$(elapsed "$t0")
		if awk -v l="$s" 'BEGIN { exit !(l <= 3) }'; then
			ok "zonesyncd status answers in ${s}s while webhooks hang"
		else
			bad "zonesyncd status took ${s}s while webhooks hang"
		fi
	else
		bad "zonesyncd status fails while webhooks hang ($(cat "$T/status$ZSD_ST_N.err"))"
	fi
done
n=$(grep -c '"/slow"' "$T/slow.log")
check "the slow receiver was reached ($n requests)" test "$n" -ge 1
check "agent alive" kill -0 "$ZSD_PID"
t0=$(now_f)
zsd_stop
check "SIGTERM with webhooks in flight: exit 0 ($(elapsed "$t0")s)" \
    test "$ZSD_RC" = 0
zs_done
