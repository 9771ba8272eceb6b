#!/usr/bin/env bash
# NOTIFY: a real named primary notifies the agent (notify explicit,
# also-notify, notify-delay 0) and the new serial reaches the local named
# within 2 s although the SOA refresh is 3600 (so only the NOTIFY explains
# it); sources that are not primaries get REFUSED, unknown zones NOTAUTH;
# a zone with allow-notify { key "nk"; } takes TSIG-signed NOTIFYs (signed
# answer), refuses unsigned ones, NOTAUTH for a bad MAC; the answer's
# shape (ID, QR, AA, opcode, question) over UDP and TCP (and ::1); a
# flood of 500 NOTIFYs gives at most a few SOA checks, every one answered.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_notify

Z=notify.test		# notified by the primary itself
S=signed.test		# allow-notify { key "nk"; }
FZ=flood.test		# first primary a black hole: every check takes 4 s
ZSD_REFRESH=3600	# SOA refresh of every zone below
SEND="$ZS_IT/notify_send.py"
SECRET=$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
BADSECRET=$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
if have_v6; then V6=1; else V6=0; fi
NPORT=$(zs_free_port) || die "no free port"

zsd_zone "$Z" 100 "$T/primary.zone"
zsd_zone "$S" 100 "$T/signed.zone"
zsd_zone "$FZ" 100 "$T/flood.zone"
NAMED_ZONE_OPTS[$Z]="also-notify { 127.0.0.1 port $NPORT; }; notify-delay 0; notify-source 127.0.0.1;"
zs_named_start "$Z" "$T/primary.zone" "$S" "$T/signed.zone" \
    "$FZ" "$T/flood.zone"
# lib.sh writes `notify no;` in every zone: turn it into `notify explicit`
# for $Z, log queries (to count the agent's SOA checks), restart on the
# same port.
zsd_primary_stop
sed -i -e "/^zone \"$Z\" {/,/^};/ s/^\tnotify no;\$/\tnotify explicit;/" \
    -e 's/^\trecursion no;$/\trecursion no;\n\tquerylog yes;/' \
    "$NAMED_DIR/named.conf"
named-checkconf "$NAMED_DIR/named.conf" >"$T/checkconf.out" 2>&1 ||
    { cat "$T/checkconf.out"; die "primary named.conf with notify rejected"; }
zsd_primary_restart
check "primary config: notify explicit + also-notify port $NPORT + notify-delay 0" \
    grep -q "notify-delay 0" "$NAMED_DIR/named.conf"
zsd_local_start "$Z" "$S" "$FZ"

# A black hole on UDP: reads SOA queries, never answers (so an SOA check
# of $FZ waits SOA_TIMEOUT, 4 s, there before asking the real primary).
python3 - "$T/bh.port" "$T/bh.log" >/dev/null 2>&1 <<'PY' &
import os, socket, sys
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 0))
open(sys.argv[1] + ".tmp", "w").write("%d\n" % u.getsockname()[1])
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    u.recv(65535)
    with open(sys.argv[2], "a") as f:
        f.write("q\n")
PY
zs_track $!
have_bh() { [ -s "$T/bh.port" ]; }
wait_until 10 have_bh || die "black hole did not start"
BH=$(cat "$T/bh.port")

ZSD_CONF="$T/agent.conf"
listen=("notify-listen 127.0.0.1 port $NPORT;")
prim="127.0.0.1 port $NAMED_PORT;"
if [ "$V6" = 1 ]; then
	listen+=("notify-listen ::1 port $NPORT;")
	prim="$prim ::1 port $NAMED_PORT;"
fi
zsd_conf "$ZSD_CONF" "${listen[@]}" -- \
    "key \"nk\" { algorithm hmac-sha256; secret \"$SECRET\"; };" \
    "zone \"$Z\" { primaries { $prim }; min-refresh-time 3600; };" \
    "zone \"$FZ\" { primaries { 127.0.0.1 port $BH; 127.0.0.1 port $NAMED_PORT; }; min-refresh-time 3600; };" \
    "zone \"$S\" { primaries { 127.0.0.1 port $NAMED_PORT; }; min-refresh-time 3600; allow-notify { key \"nk\"; }; };"
note "primary :$NAMED_PORT, local named :$LOCAL_PORT, agent NOTIFY :$NPORT (v6 $V6)"

zsd_start || die "cannot start the daemon"
for zz in "$Z" "$S" "$FZ"; do
	if wait_until 15 serial_is 127.0.0.1 "$LOCAL_PORT" "$zz" 100; then
		ok "$zz: first fill, serial 100 served locally (${WAITED}s)"
	else
		bad "$zz: serial 100 not served locally after 15 s"
		show "$ZSD_LOG"
		zs_done
	fi
done
wait_until 10 zone_state_is "$Z" ok
wait_until 10 zone_state_is "$S" ok

# ---- 1. the primary's own NOTIFY brings a bump here within 2 s
for serial in 101 102; do
	t0=$(now_f)
	zsd_primary_bump "$Z" "$T/primary.zone" "$serial"
	tp=$(elapsed "$t0")
	if wait_until 10 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" "$serial"; then
		lat=$(elapsed "$t0")
		echo "    NOTIFY latency (HUP of the primary -> served locally): ${lat}s (primary served it after ${tp}s)"
		if awk -v l="$lat" 'BEGIN { exit !(l <= 2.0) }'; then
			ok "serial $serial served locally ${lat}s after the primary's reload (<= 2 s, SOA refresh 3600)"
		else
			bad "serial $serial served locally only ${lat}s after the primary's reload (> 2 s)"
			show "$ZSD_LOG"
		fi
	else
		bad "serial $serial not served locally 10 s after the bump (SOA refresh 3600: NOTIFY not acted on?)"
		show "$ZSD_LOG"
		show "$NAMED_LOG"
	fi
	check "log: NOTIFY from the primary for $Z serial $serial" \
	    test "$(log_count "$Z: NOTIFY from 127\.0\.0\.1#[0-9]+, serial $serial\$")" -ge 1
	check "log: $Z transferred serial $serial" \
	    test "$(log_count "$Z: transferred serial $serial ")" -ge 1
done

soa_q() {	# soa_q ZONE: SOA queries the primary logged so far (all are
		# the agent's: nothing else asks the primary during the floods)
	grep -cE "query: $1 IN SOA" "$NAMED_LOG"
}
udp_drops() {	# the kernel's UDP receive-buffer drops (whole host)
	awk '/^Udp:/ && $2 ~ /^[0-9]+$/ { print $6 }' /proc/net/snmp 2>/dev/null
}
# The slow flood ($FZ, section 7) starts now: its two 4 s checks run
# while sections 2-6 do their work.
wait_until 10 zone_state_is "$FZ" ok || bad "$FZ: state not ok before its flood"
sleep 0.3
fq0=$(soa_q "$FZ")
fn0=$(log_count "$FZ: NOTIFY from 127\.0\.0\.1#")
python3 "$SEND" flood 127.0.0.1 "$NPORT" "$FZ" 500 --window 50 \
    >"$T/flood.slow" 2>&1 &
FLPID=$!
zs_track "$FLPID"

# ---- 2. the answer's shape, UDP and TCP (python, to see every bit)
for proto in udp tcp; do
	opt=""
	[ "$proto" = tcp ] && opt=--tcp
	a=$(python3 "$SEND" one 127.0.0.1 "$NPORT" "$Z" --id 4242 $opt)
	echo "    $proto answer: $a"
	for w in "id=4242 " "qr=1 " "aa=1 " "opcode=4 " "rcode=NOERROR " "qd=1 " \
	    "qname=$Z. " "qtype=6 " "qclass=1"; do
		check "$proto NOTIFY answer has '${w% }'" grep -qF -- "$w" <<<"$a"
	done
done
a=$(python3 "$SEND" one 127.0.0.1 "$NPORT" NoTiFy.TeSt --id 777 --serial 102)
check "mixed-case zone name, serial in the NOTIFY: NOERROR ($a)" \
    grep -q "id=777 .*rcode=NOERROR .*qname=NoTiFy.TeSt\. " <<<"$a"

# dig's view: opcode NOTIFY, flags qr aa, status NOERROR, question echoed.
dig_notify() {	# dig_notify OUT ARGS...: dig +opcode=notify to the agent
	local out=$1
	shift
	dig +opcode=notify +norec +time=2 +tries=1 -p "$NPORT" "$@" \
	    >"$out" 2>&1
}
for proto in udp tcp; do
	opt=+notcp
	[ "$proto" = tcp ] && opt=+tcp
	dig_notify "$T/dig.$proto" $opt @127.0.0.1 "$Z" SOA
	check "dig $proto: opcode NOTIFY, status NOERROR" \
	    grep -q "opcode: NOTIFY, status: NOERROR" "$T/dig.$proto"
	check "dig $proto: flags qr aa" grep -q "flags: qr aa;" "$T/dig.$proto"
	check "dig $proto: question echoed" \
	    grep -qE "^;$Z\.[[:space:]]+IN[[:space:]]+SOA" "$T/dig.$proto"
	if grep -qiE "warning|mismatch|unexpected" "$T/dig.$proto"; then
		bad "dig $proto complains about the answer"
		show "$T/dig.$proto"
	fi
done

# ---- 3. IPv6 listener
if [ "$V6" = 1 ]; then
	a=$(python3 "$SEND" one ::1 "$NPORT" "$Z" --src ::1)
	check "NOTIFY over ::1 (a primary address): NOERROR ($a)" \
	    grep -q "qr=1 aa=1 opcode=4 rcode=NOERROR" <<<"$a"
	a=$(python3 "$SEND" one ::1 "$NPORT" "$Z" --src ::1 --tcp)
	check "NOTIFY over ::1 TCP: NOERROR ($a)" \
	    grep -q "rcode=NOERROR" <<<"$a"
else
	note "no ::1 here: IPv6 listener not tested"
fi

# ---- 4. a source that is no primary of the zone: REFUSED, logged
if python3 -c 'import socket; socket.socket().bind(("127.0.0.2", 0))' 2>/dev/null; then
	sleep 1.1	# a fresh second for the refusal log limit
	dig_notify "$T/dig.refused" -b 127.0.0.2 @127.0.0.1 "$Z" SOA
	check "NOTIFY from 127.0.0.2 (not a primary): REFUSED" \
	    grep -q "opcode: NOTIFY, status: REFUSED" "$T/dig.refused"
	a=$(python3 "$SEND" one 127.0.0.1 "$NPORT" "$Z" --src 127.0.0.2 --tcp --id 99)
	check "NOTIFY from 127.0.0.2 over TCP: REFUSED, question echoed ($a)" \
	    grep -q "id=99 qr=1 aa=1 opcode=4 rcode=REFUSED qd=1 .*qname=$Z\." <<<"$a"
	logged() { [ "$(log_count "$Z: NOTIFY from 127\.0\.0\.2#[0-9]+ refused")" -ge 1 ]; }
	if wait_until 2 logged; then
		ok "log: refusal of 127.0.0.2 logged"
	else
		bad "log: no 'NOTIFY from 127.0.0.2 ... refused' line"
		show "$ZSD_LOG" 5
	fi
	# The signed zone allows only the key: an unsigned NOTIFY from its
	# very primary is refused too.
	dig_notify "$T/dig.s.unsigned" @127.0.0.1 "$S" SOA
	check "$S: unsigned NOTIFY from its primary: REFUSED (allow-notify is key-only)" \
	    grep -q "opcode: NOTIFY, status: REFUSED" "$T/dig.s.unsigned"
else
	note "127.0.0.2 not usable here: non-primary source not tested"
fi

# ---- 5. unknown zone: NOTAUTH, logged
sleep 1.1
dig_notify "$T/dig.unknown" @127.0.0.1 nosuch.test SOA
check "NOTIFY for an unknown zone: NOTAUTH" \
    grep -q "opcode: NOTIFY, status: NOTAUTH" "$T/dig.unknown"
a=$(python3 "$SEND" one 127.0.0.1 "$NPORT" nosuch.test --tcp --id 5)
check "unknown zone over TCP: NOTAUTH ($a)" \
    grep -q "id=5 qr=1 aa=1 opcode=4 rcode=NOTAUTH" <<<"$a"
logged() { [ "$(log_count "NOTIFY from 127\.0\.0\.1#[0-9]+ for nosuch\.test: not a zone")" -ge 1 ]; }
if wait_until 2 logged; then
	ok "log: unknown zone logged"
else
	bad "log: no 'not a zone of ours' line for nosuch.test"
fi

# ---- 6. TSIG: signed NOTIFY for $S (the primary does not notify $S; the
# bump can only arrive through our signed NOTIFY)
zsd_primary_bump "$S" "$T/signed.zone" 101
sleep 1
check "$S: serial 101 not fetched without a NOTIFY (SOA refresh 3600)" \
    test "$(local_serial "$S")" = 100
for bad_how in "wrong secret" "unknown key"; do
	case "$bad_how" in
	"wrong secret") y="hmac-sha256:nk:$BADSECRET" ;;
	*) y="hmac-sha256:zz:$SECRET" ;;
	esac
	dig_notify "$T/dig.s.bad" -y "$y" @127.0.0.1 "$S" SOA
	if grep -q "opcode: NOTIFY, status: NOTAUTH" "$T/dig.s.bad"; then
		ok "$S: NOTIFY signed with $bad_how: NOTAUTH"
	else
		bad "$S: NOTIFY signed with $bad_how: want NOTAUTH, got '$(grep -m1 -E 'status:|timed out|error' "$T/dig.s.bad")'"
	fi
done
sleep 0.5
check "$S: bad signatures started no transfer" test "$(local_serial "$S")" = 100
t0=$(now_f)
dig_notify "$T/dig.s.signed" -y "hmac-sha256:nk:$SECRET" @127.0.0.1 "$S" SOA
check "$S: signed NOTIFY: NOERROR, qr aa" \
    grep -q "opcode: NOTIFY, status: NOERROR" "$T/dig.s.signed"
check "$S: the answer carries a TSIG" grep -q "TSIG PSEUDOSECTION" "$T/dig.s.signed"
warn=$(grep -iE "couldn't verify|expected a tsig|tsig (verify|error)|bad(sig|key|time)|warning" "$T/dig.s.signed")
if [ -z "$warn" ]; then
	ok "$S: dig verifies the signed answer (no TSIG warning)"
else
	bad "$S: dig does not accept the answer's TSIG: $warn"
fi
if wait_until 5 serial_is 127.0.0.1 "$LOCAL_PORT" "$S" 101; then
	ok "$S: signed NOTIFY brought serial 101 in $(elapsed "$t0")s"
else
	bad "$S: serial 101 not served 5 s after the signed NOTIFY"
	show "$ZSD_LOG"
fi
dig_notify "$T/dig.s.tcp" +tcp -y "hmac-sha256:nk:$SECRET" @127.0.0.1 "$S" SOA
check "$S: signed NOTIFY over TCP: NOERROR, signed answer" \
    bash -c 'grep -q "opcode: NOTIFY, status: NOERROR" "$1" && grep -q "TSIG PSEUDOSECTION" "$1" && ! grep -qiE "couldn.t verify|warning" "$1"' _ "$T/dig.s.tcp"
dig_notify "$T/dig.s.tcpbad" +tcp -y "hmac-sha256:nk:$BADSECRET" @127.0.0.1 "$S" SOA
check "$S: badly signed NOTIFY over TCP: NOTAUTH" \
    grep -q "opcode: NOTIFY, status: NOTAUTH" "$T/dig.s.tcpbad"

# ---- 7. floods of 500 NOTIFYs.
#  burst:  $Z, as fast as the sender can: more than a default socket
#          buffer holds, so the kernel may drop some before the agent sees
#          them; every one the agent received must be answered.
#  window: $Z, at most 50 unanswered at once: nothing lost, all answered.
#  slow:   (sent after section 1) $FZ, whose SOA check takes 4 s (black hole first): the whole
#          flood lands inside one check, so one check in flight plus one
#          queued = exactly 2 SOA queries at the real primary.
wait_until 10 zone_state_is "$Z" ok
sleep 0.5
x0=$(log_count ": transferred")
for how in burst window slow; do
	zz=$Z opt="--window 50"
	[ "$how" = burst ] && opt=""
	[ "$how" = slow ] && zz=$FZ
	q0=$(soa_q "$zz")
	n0=$(log_count "$zz: NOTIFY from 127\.0\.0\.1#")
	d0=$(udp_drops)
	if [ "$how" = slow ]; then
		wait "$FLPID"
		fl=$(cat "$T/flood.slow")
		q0=$fq0 n0=$fn0 d0=$(udp_drops)
	else
		fl=$(python3 "$SEND" flood 127.0.0.1 "$NPORT" "$zz" 500 $opt)
	fi
	if [ "$how" = slow ]; then
		# Two rounds of >= 4 s each, the first begun by the flood.
		two_rounds() { [ $(( $(soa_q "$zz") - q0 )) -ge 2 ]; }
		wait_until 12 two_rounds
		sleep 1
	else
		sleep 2
	fi
	nq=$(( $(soa_q "$zz") - q0 ))
	got=$(( $(log_count "$zz: NOTIFY from 127\.0\.0\.1#") - n0 ))
	drops=$(( $(udp_drops) - d0 ))
	sent=$(sed -n 's/.*sent=\([0-9]*\).*/\1/p' <<<"$fl")
	ans=$(sed -n 's/.*answered=\([0-9]*\).*/\1/p' <<<"$fl")
	noe=$(sed -n 's/.*noerror=\([0-9]*\).*/\1/p' <<<"$fl")
	echo "    flood ($how, $zz): $fl; agent logged $got; kernel UDP rcvbuf drops $drops; SOA checks at the primary: $nq"
	check "flood ($how): all 500 sent" test "${sent:-0}" = 500
	check "flood ($how): every NOTIFY the agent received was answered ($ans answered, $got received)" \
	    test "${ans:-0}" = "$got"
	check "flood ($how): every answer NOERROR ($noe of $ans)" \
	    test "${noe:-0}" = "${ans:-0}"
	case $how in
	burst)
		[ "${ans:-0}" -lt 500 ] &&
		    note "flood (burst): $((500 - ${ans:-0})) NOTIFYs never reached the agent (kernel receive buffer; host-wide drop counter +$drops)"
		check "flood (burst): at most one SOA check per 64-NOTIFY read batch, plus one (1..9): $nq" \
		    test "$nq" -ge 1 -a "$nq" -le 9
		;;
	window)
		check "flood (window): all 500 answered ($ans)" \
		    test "${ans:-0}" = 500
		# Checks run back to back while NOTIFYs keep arriving (each
		# takes ~1-3 ms, the flood ~10-20 ms): a few, never one per
		# NOTIFY.
		check "flood (window): SOA checks bounded, not one per NOTIFY (1..25): $nq" \
		    test "$nq" -ge 1 -a "$nq" -le 25
		;;
	slow)
		check "flood (slow): all 500 answered ($ans)" \
		    test "${ans:-0}" = 500
		if [ "$nq" -ge 1 ] && [ "$nq" -le 2 ]; then
			ok "flood (slow): $nq SOA checks for 500 NOTIFYs during one 4 s check (one in flight + one queued)"
		else
			bad "flood (slow): $nq SOA checks for 500 NOTIFYs arriving during one check (want <= 2: one in flight, one queued)"
		fi
		;;
	esac
done
check "flood: no transfer (serial unchanged)" \
    test "$(log_count ": transferred")" = "$x0"
check "flood: agent alive" kill -0 "$ZSD_PID"
t0=$(now_f)
if zsd_status_json "$T/st.flood.json"; then
	ok "flood: zonesyncd status answers ($(elapsed "$t0")s)"
else
	bad "flood: zonesyncd status fails after the flood"
fi
check "flood: $Z still ok" test "$(jq_py "$T/st.flood.json" "z('$Z')['state']")" = ok
t0=$(now_f)
zsd_primary_bump "$Z" "$T/primary.zone" 103
if wait_until 5 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 103; then
	lat=$(elapsed "$t0")
	echo "    NOTIFY latency after the flood: ${lat}s"
	if awk -v l="$lat" 'BEGIN { exit !(l <= 2.0) }'; then
		ok "after the flood: serial 103 by NOTIFY in ${lat}s"
	else
		bad "after the flood: serial 103 took ${lat}s (> 2 s)"
	fi
else
	bad "after the flood: serial 103 not served in 5 s"
	show "$ZSD_LOG"
fi
check "no refusal or TSIG line spam: log has < 100 lines of refusals" \
    test "$(log_count "refused|not a zone|TSIG")" -lt 100

zsd_stop
check "SIGTERM: exit 0" test "$ZSD_RC" = 0
zs_done
