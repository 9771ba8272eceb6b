#!/usr/bin/env bash
# Privilege drop: started as root with `user "nobody"`, the agent opens
# its pid file and control socket as root, hands them to nobody, then runs
# as nobody (real, effective and saved IDs, supplementary groups) and
# still syncs, reloads and answers the control socket.  Needs root; CI
# runs as root.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_daemon_user

if [ "$(id -u)" != 0 ]; then
	note "not root: the privilege drop cannot be exercised here (CI runs as root)"
	zs_done
fi
NOBODY_UID=$(id -u nobody) || die "no user nobody"
NOBODY_GID=$(id -g nobody)

Z=user.test
zsd_zone "$Z" 20 "$T/user.zone"
zs_named_start "$Z" "$T/user.zone"
zsd_local_start "$Z"
# nobody must reach its directory and read the rndc configuration.
chmod 755 "$T" "$LOCAL_DIR"
chmod 644 "$LOCAL_DIR/rndc.key" "$LOCAL_DIR/rndc.conf"
chown nobody "$AD"
zsd_conf "$T/agent.conf" 'user "nobody";' -- "$(zone_stmt "$Z" "$NAMED_PORT")"
ZSD_CONF="$T/agent.conf"

zsd_start || die "cannot start the daemon"
ids() { awk -v k="$1:" '$1 == k { print $2, $3, $4, $5 }' "/proc/$ZSD_PID/status"; }
check "real, effective, saved and fs uid are nobody's ($(ids Uid))" \
    test "$(ids Uid)" = "$NOBODY_UID $NOBODY_UID $NOBODY_UID $NOBODY_UID"
check "all gids are nobody's group ($(ids Gid))" \
    test "$(ids Gid)" = "$NOBODY_GID $NOBODY_GID $NOBODY_GID $NOBODY_GID"
groups=$(awk '$1 == "Groups:" { $1 = ""; print }' "/proc/$ZSD_PID/status" | xargs)
check "supplementary groups reduced to nobody's ($groups)" \
    test "$groups" = "$NOBODY_GID"
check "control socket handed to nobody" \
    test "$(stat -c %u "$AD/ctl.sock")" = "$NOBODY_UID"
check "pid file handed to nobody" \
    test "$(stat -c %u "$AD/zonesyncd.pid")" = "$NOBODY_UID"

if wait_until 20 zone_state_is "$Z" ok; then
	ok "zone synced, reloaded and verified as nobody (${WAITED}s)"
else
	bad "zone state '$(zone_field "$Z" state)': $(zone_field "$Z" last_error)"
	show "$ZSD_LOG"
fi
check "zone file written by nobody" \
    test "$(stat -c %u "$AD/$Z.zone")" = "$NOBODY_UID"
check "local named serves the serial" serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" "$(dig_serial 127.0.0.1 "$NAMED_PORT" "$Z")"
# root may use the control socket of a daemon running as nobody.
if "$ZONESYNCD" refresh -c "$ZSD_CONF" "$Z" >"$T/r.out" 2>&1; then
	ok "root's refresh accepted: $(cat "$T/r.out")"
else
	bad "root's refresh refused: $(cat "$T/r.out")"
fi
# Another unprivileged user may not.
if su -s /bin/sh daemon -c "'$ZONESYNCD' refresh -c '$ZSD_CONF' '$Z'" >"$T/d.out" 2>&1; then
	bad "user daemon's refresh accepted: $(cat "$T/d.out")"
else
	ok "user daemon refused: $(head -n 1 "$T/d.out")"
fi
zsd_stop
check "clean stop as nobody (exit $ZSD_RC)" test "$ZSD_RC" = 0
zs_done
