#!/usr/bin/env bash
# Type=notify: with NOTIFY_SOCKET set, zonesyncd -f sends READY=1 once its
# sockets exist, STATUS= summaries, RELOADING=1/READY=1 on SIGHUP and
# STOPPING=1 on SIGTERM.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_sdnotify

Z=alpha.test
zsd_zone "$Z" 1 "$T/a.zone"
zs_named_start "$Z" "$T/a.zone"
zsd_local_start "$Z"
ZSD_CONF="$T/agent.conf"
zsd_conf "$ZSD_CONF" -- "$(zone_stmt "$Z" "$NAMED_PORT")"

# listen ADDR OUT: start the stand-in systemd, wait for its socket.
listen() {
	python3 "$ZS_ROOT/test/integration/sdnotify_listen.py" "$1" \
	    "$AD/ctl.sock" "$2" &
	zs_track $!
	wait_until 10 test -e "$2" || die "notify listener did not start"
}
# got ERE [OUT]: a message matching ERE has arrived.
got() {
	grep -Eq "$1" "${2:-$T/notify.out}"
}

listen "$T/notify.sock" "$T/notify.out"
export NOTIFY_SOCKET="$T/notify.sock"
zsd_start || die "cannot start the daemon"
unset NOTIFY_SOCKET
if wait_until 10 got "READY=1"; then
	ok "READY=1 received"
else
	bad "no READY=1 in 10 s"
	show "$T/notify.out"
fi
check "READY=1 came after the control socket existed" \
    test "$(grep -m1 "READY=1" "$T/notify.out" | cut -c1)" = 1
check "READY=1 carries STATUS= with the zone count" \
    got "READY=1\|STATUS=1 zones"
if wait_until 10 zone_state_is "$Z" ok &&
    wait_until 10 got "STATUS=1 zones: 1 ok$"; then
	ok "STATUS= follows the zone to ok (${WAITED}s)"
else
	bad "no STATUS=1 zones: 1 ok"
	show "$T/notify.out"
fi
check "STATUS= not repeated while nothing changes" \
    test "$(grep -c "STATUS=1 zones: 1 ok$" "$T/notify.out")" = 1

# ---- SIGHUP: RELOADING=1 (with MONOTONIC_USEC) then READY=1
n=$(wc -l <"$T/notify.out")
kill -HUP "$ZSD_PID"
if wait_until 10 eval "tail -n +$((n + 1)) '$T/notify.out' | grep -q READY=1"
then
	tail -n +$((n + 1)) "$T/notify.out" >"$T/hup.out"
	check "SIGHUP: RELOADING=1 with MONOTONIC_USEC" \
	    got "RELOADING=1\|MONOTONIC_USEC=[0-9]+$" "$T/hup.out"
	check "SIGHUP: RELOADING=1 before READY=1" test \
	    "$(grep -nE "RELOADING|READY" "$T/hup.out" | cut -d: -f2 |
	    cut -c3-9 | tr '\n' ' ')" = "RELOADI READY=1 "
else
	bad "SIGHUP: no READY=1 after it"
	show "$T/notify.out"
fi

# ---- a refused config: still READY=1 (the old one runs)
cp "$ZSD_CONF" "$T/good.conf"
echo "zone {" >>"$ZSD_CONF"
n=$(wc -l <"$T/notify.out")
kill -HUP "$ZSD_PID"
if wait_until 10 eval "tail -n +$((n + 1)) '$T/notify.out' | grep -q READY=1"
then
	ok "refused config: RELOADING=1 then READY=1 (old config runs)"
else
	bad "refused config: no READY=1"
	show "$T/notify.out"
fi
cp "$T/good.conf" "$ZSD_CONF"

# ---- SIGTERM: STOPPING=1
zsd_stop
check "SIGTERM: clean exit" test "$ZSD_RC" = 0
check "SIGTERM: STOPPING=1" got "STOPPING=1"

# ---- an abstract socket ('@' prefix)
listen "@zonesync-t-sdnotify-$$" "$T/abstract.out"
export NOTIFY_SOCKET="@zonesync-t-sdnotify-$$"
zsd_start || die "cannot start the daemon again"
unset NOTIFY_SOCKET
if wait_until 10 got "READY=1" "$T/abstract.out"; then
	ok "abstract NOTIFY_SOCKET: READY=1 received"
else
	bad "abstract NOTIFY_SOCKET: no READY=1"
	show "$ZSD_LOG" 10
fi
zsd_stop
check "no NOTIFY_SOCKET warning in the log" \
    test "$(log_count "NOTIFY_SOCKET")" -eq 0
zs_done
