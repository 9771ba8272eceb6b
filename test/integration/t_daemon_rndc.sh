#!/usr/bin/env bash
# rndc-server: zonesyncd reloads the local named over named's own control
# channel, with no rndc process: first fill, a serial bump ("reload ZONE"
# in named's log), a zone's own reload-command still wins, HMAC-MD5 and
# HMAC-SHA512 keys besides rndc-confgen's SHA-256, and the failures: a
# wrong secret, nothing listening, a forged reply, an oversized reply.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_daemon_rndc

A=a.test
B=b.test
C=c.test	# has its own reload-command
for z in $A $B $C; do
	zsd_zone "$z" 10 "$T/$z.primary"
done
zs_named_start $A "$T/$A.primary" $B "$T/$B.primary" $C "$T/$C.primary"
zsd_local_start $A $B $C
note "primary :$NAMED_PORT, local named :$LOCAL_PORT (controls :$LOCAL_CTL)"

# An rndc in PATH that records the calls made by zonesyncd (ZS_RNDC_LOG
# is set for zonesyncd only), then runs the real one.
REAL_RNDC=$(command -v rndc) || die "no rndc"
mkdir -p "$T/bin"
cat >"$T/bin/rndc" <<EOF
#!/bin/sh
[ -n "\${ZS_RNDC_LOG:-}" ] && echo "\$*" >>"\$ZS_RNDC_LOG"
exec "$REAL_RNDC" "\$@"
EOF
chmod +x "$T/bin/rndc"
export PATH="$T/bin:$PATH"
export ZS_RNDC_LOG="$T/rndc.calls"
: >"$ZS_RNDC_LOG"

ZSD_CONF="$T/agent.conf"
ZSD_RNDC=1 zsd_conf "$ZSD_CONF" -- \
    "$(zone_stmt $A "$NAMED_PORT")" "$(zone_stmt $B "$NAMED_PORT")" \
    "zone \"$C\" { primaries { 127.0.0.1 port $NAMED_PORT; };
	reload-command \"rndc -c $LOCAL_DIR/rndc.conf reload %z\"; };"

# ---- 1. the config reads back with rndc-server
if "$ZONESYNCD" -nv -c "$ZSD_CONF" >"$T/nv.out" 2>&1; then
	ok "-nv accepts rndc-server"
else
	bad "-nv refuses the config"
	show "$T/nv.out"
fi
check "-nv prints rndc-server with its key" \
    grep -q "rndc-server 127.0.0.1 port $LOCAL_CTL key \"rndc-key\";" "$T/nv.out"
check "-nv: reloads go to rndc-server" \
    grep -q "// reload-command not set: reloads go to rndc-server;" "$T/nv.out"

# ---- 2. --once into an empty directory: every zone served, no rndc for A, B
t0=$(now_f)
timeout -k 5 40 "$ZONESYNCD" -c "$ZSD_CONF" --once >"$T/once.log" 2>&1
rc=$?
check "--once with rndc-server: exit $rc == 0 ($(elapsed "$t0")s)" test "$rc" = 0
for z in $A $B $C; do
	check "$z: local named serves 10 after --once" \
	    test "$(local_serial "$z")" = 10
done
check "named's log: control channel reloads from zonesyncd" \
    grep -q "received control channel command 'reload" "$LOCAL_LOG"
check "no rndc run for $A or $B" \
    test "$(grep -cE "reload ($A|$B)" "$ZS_RNDC_LOG")" = 0
[ "$rc" = 0 ] || show "$T/once.log"

# ---- 3. the daemon: a bump of A goes through the control channel
zsd_start || die "cannot start the daemon"
wait_until 15 zone_state_is $A ok || bad "$A not ok after start"
: >"$ZS_RNDC_LOG"
zsd_primary_bump $A "$T/$A.primary" 11
if wait_until 20 serial_is 127.0.0.1 "$LOCAL_PORT" $A 11; then
	ok "$A serial 11 reached the local named (${WAITED}s)"
else
	bad "$A serial 11 did not reach the local named"
	show "$ZSD_LOG"
fi
wait_until 10 grep -q "$A: named serves serial 11" "$ZSD_LOG"
check "the replaced file's extra link is gone once named serves 11" \
    test -z "$(leftover_tmp "$AD" "$A.zone")"
check "named's log: 'reload $A' on the control channel" \
    grep -q "received control channel command 'reload $A'" "$LOCAL_LOG"
check "no rndc process for $A" test ! -s "$ZS_RNDC_LOG"
line=$(grep "$A: named serves serial 11" "$ZSD_LOG" | tail -1)
note "$line"
check "log: verify saw serial 11 after the reload started" \
    grep -Eq "$A: named serves serial 11 \(seen [0-9]+\.[0-9]{3} s after the reload started\)" "$ZSD_LOG"

# ---- 4. C keeps its own reload-command
zsd_primary_bump $C "$T/$C.primary" 11
if wait_until 20 serial_is 127.0.0.1 "$LOCAL_PORT" $C 11; then
	ok "$C serial 11 reached the local named (${WAITED}s)"
else
	bad "$C serial 11 did not reach the local named"
	show "$ZSD_LOG"
fi
check "$C's own reload-command ran (rndc ... reload $C)" \
    grep -q "reload $C\$" "$ZS_RNDC_LOG"

zsd_stop
check "daemon stopped cleanly (exit $ZSD_RC)" test "$ZSD_RC" = 0

# ---- 5. SIGHUP from reload commands to rndc-server (the reload
# settings are re-read, not only the zones')
cp "$ZSD_CONF" "$T/native.conf"
zsd_conf "$T/cmds.conf" -- "$(zone_stmt $A "$NAMED_PORT")" \
    "$(zone_stmt $B "$NAMED_PORT")" "$(zone_stmt $C "$NAMED_PORT")"
cp "$T/cmds.conf" "$ZSD_CONF"
zsd_start || die "cannot start the daemon"
wait_until 15 zone_state_is $A ok || bad "$A not ok after start"
serial=11
for mode in cmds native; do
	if [ "$mode" = native ]; then
		n=$(grep -c "configuration reloaded" "$ZSD_LOG")
		cp "$T/native.conf" "$ZSD_CONF"
		kill -HUP "$ZSD_PID"
		wait_until 10 test "$(grep -c "configuration reloaded" "$ZSD_LOG")" -gt "$n" ||
		    bad "no 'configuration reloaded' after SIGHUP"
	fi
	: >"$ZS_RNDC_LOG"
	serial=$((serial + 1))
	zsd_primary_bump $A "$T/$A.primary" $serial
	wait_until 20 serial_is 127.0.0.1 "$LOCAL_PORT" $A $serial ||
	    bad "$A serial $serial did not reach the local named ($mode)"
	if [ "$mode" = cmds ]; then
		check "started with reload-command: rndc ran for $A" \
		    grep -q "reload $A\$" "$ZS_RNDC_LOG"
	else
		check "after SIGHUP to rndc-server: no rndc process at all" \
		    test ! -s "$ZS_RNDC_LOG"
	fi
done
zsd_stop
check "daemon stopped cleanly (exit $ZSD_RC)" test "$ZSD_RC" = 0
cp "$T/native.conf" "$ZSD_CONF"

# ---- 6. HMAC-MD5 and HMAC-SHA512 keys (named allows them on controls)
tsig-keygen -a hmac-md5 kmd5 >"$T/kmd5.key" || die "tsig-keygen"
tsig-keygen -a hmac-sha512 k512 >"$T/k512.key" || die "tsig-keygen"
sed -i -e "1i include \"$T/kmd5.key\"; include \"$T/k512.key\";" \
    -e 's/keys { "rndc-key"; }/keys { "rndc-key"; "kmd5"; "k512"; }/' \
    "$LOCAL_DIR/named.conf"
"$REAL_RNDC" -c "$LOCAL_DIR/rndc.conf" reconfig >/dev/null 2>&1 ||
    die "rndc reconfig failed"
for k in kmd5 k512; do
	serial=$((serial + 1))
	sed -e "s#include \"$LOCAL_DIR/rndc.key\";#include \"$T/$k.key\";#" \
	    -e "s/key \"rndc-key\";/key \"$k\";/" "$ZSD_CONF" >"$T/$k.conf"
	zsd_primary_bump $A "$T/$A.primary" $serial
	timeout -k 5 40 "$ZONESYNCD" -c "$T/$k.conf" --once >"$T/$k.log" 2>&1
	rc=$?
	check "$k ($(awk '/algorithm/ { sub(";", "", $2); print $2 }' "$T/$k.key")): --once exit $rc == 0" \
	    test "$rc" = 0
	check "$k: local named serves $serial" \
	    test "$(local_serial $A)" = "$serial"
	[ "$rc" = 0 ] || show "$T/$k.log"
done

# ---- 7. failures: each leaves the zone not served, exit 1, a clear log
# fail_case NAME CONF ERE: bump A, run --once, expect exit 1 and ERE.
fail_case() {
	local name=$1 conf=$2 ere=$3 before
	serial=$((serial + 1))
	zsd_primary_bump $A "$T/$A.primary" $serial
	before=$(local_serial $A)
	timeout -k 5 60 "$ZONESYNCD" -c "$conf" --once >"$T/$name.log" 2>&1
	rc=$?
	check "$name: --once exit $rc == 1" test "$rc" = 1
	if grep -Eq -- "$ere" "$T/$name.log"; then
		ok "$name: log says /$ere/"
	else
		bad "$name: log lacks /$ere/"
		show "$T/$name.log"
	fi
	check "$name: local named still serves $before" \
	    test "$(local_serial $A)" = "$before"
}

# wrong secret under the right name: named drops the connection
tsig-keygen -a hmac-sha256 rndc-key >"$T/wrong.key"
sed -e "s#include \"$LOCAL_DIR/rndc.key\";#include \"$T/wrong.key\";#" \
    "$ZSD_CONF" >"$T/wrong.conf"
fail_case wrong-secret "$T/wrong.conf" \
    "reload failed \(exit 1\).*named closed the connection without answering"

# nothing listening
DEAD=$(zs_free_port) || die "no free port"
sed -e "s/port $LOCAL_CTL key/port $DEAD key/" "$ZSD_CONF" >"$T/dead.conf"
fail_case refused "$T/dead.conf" \
    "rndc-server 127.0.0.1#$DEAD: connect: Connection refused"

# A hostile control server: forged (wrongly signed) replies, or a length
# prefix of 2 GB.  It records every message it gets: after a bad reply
# zonesyncd must not send the command.
fake_ctl() {	# fake_ctl MODE PORT
	python3 - "$1" "$2" "$T/fake-$1.msgs" <<'EOF' &
import socket, struct, sys, time
mode, port, rec = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def tv(k, t, v):
    return bytes([len(k)]) + k.encode() + bytes([t]) + struct.pack(">I", len(v)) + v
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(8)
s.settimeout(1)
end = time.time() + 60
first = True
while time.time() < end:
    try:
        c, _ = s.accept()
    except socket.timeout:
        continue
    c.settimeout(5)
    try:
        while True:
            h = c.recv(4, socket.MSG_WAITALL)
            if len(h) < 4:
                break
            n = struct.unpack(">I", h)[0]
            body = c.recv(n, socket.MSG_WAITALL)
            with open(rec, "a") as f:
                f.write("message %d octets\n" % n)
            if mode == "huge":
                c.sendall(struct.pack(">I", 0x7fffffff) + b"\0" * 64)
                continue
            if mode == "slow":
                # the first request waits 3 s for an answer that never
                # comes; later ones are dropped at once
                if first:
                    time.sleep(3)
                first = False
                break
            auth = tv("hsha", 1, bytes([163]) + b"A" * 88)
            msg = struct.pack(">I", 1) + tv("_auth", 2, auth) + \
                tv("_ctrl", 2, tv("_nonce", 1, b"42")) + \
                tv("_data", 2, tv("result", 1, b"0"))
            c.sendall(struct.pack(">I", len(msg)) + msg)
    except OSError:
        pass
    c.close()
EOF
	zs_track $!
}
for mode in forged huge; do
	FP=$(zs_free_port) || die "no free port"
	fake_ctl "$mode" "$FP"
	sleep 0.5
	sed -e "s/port $LOCAL_CTL key/port $FP key/" "$ZSD_CONF" >"$T/$mode.conf"
	case $mode in
	forged) ere="rndc-server 127.0.0.1#$FP: reply failed authentication \(key \"rndc-key\"\)" ;;
	huge) ere="rndc-server 127.0.0.1#$FP: reply of 2147483647 octets is too long" ;;
	esac
	fail_case "$mode" "$T/$mode.conf" "$ere"
	n=$(grep -c . "$T/fake-$mode.msgs" 2>/dev/null || echo 0)
	check "$mode: only the nonce requests reached the server ($n, one per try)" \
	    test "$n" -ge 1 -a "$n" -le 3
done

# ---- 8. the replaced file's blocks are released at the end of the round,
# not before the request: freeing them takes milliseconds on a big zone.
# A control server that holds its answer 3 s shows the replaced file's
# extra link (.A.zone.XXXXXX, its old serial) alive while the request is
# in flight, and gone when --once has ended.
FP=$(zs_free_port) || die "no free port"
fake_ctl slow "$FP"
sleep 0.5
sed -e "s/port $LOCAL_CTL key/port $FP key/" "$ZSD_CONF" >"$T/slow.conf"
serial=$((serial + 1))
old_serial=$(awk '$4 == "SOA" { print $7; exit }' "$AD/$A.zone")
zsd_primary_bump $A "$T/$A.primary" $serial
timeout -k 5 60 "$ZONESYNCD" -c "$T/slow.conf" --once >"$T/slow.log" 2>&1 &
once_pid=$!
zs_track $once_pid
if wait_until 15 test -s "$T/fake-slow.msgs"; then
	held=$(leftover_tmp "$AD" "$A.zone")
	check "slow: one extra link to the replaced file while the reload is in flight ($held)" \
	    test "$(printf '%s' "$held" | grep -c .)" = 1
	check "slow: it holds the replaced serial $old_serial" \
	    test "$(awk '$4 == "SOA" { print $7; exit }' "$held" 2>/dev/null)" = "$old_serial"
	check "slow: $A.zone already holds serial $serial" \
	    test "$(awk '$4 == "SOA" { print $7; exit }' "$AD/$A.zone")" = "$serial"
else
	bad "slow: the fake control server got no request in 15 s"
	show "$T/slow.log"
fi
wait "$once_pid"
rc=$?
check "slow: --once exit $rc == 1 (no answer from named)" test "$rc" = 1
check "slow: no extra link left ($(leftover_tmp "$AD" "$A.zone"))" \
    test -z "$(leftover_tmp "$AD" "$A.zone")"

zs_done
