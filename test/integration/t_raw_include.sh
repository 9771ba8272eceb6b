#!/usr/bin/env bash
# masterfile-format raw with named-include: the agent writes named's zone
# statements itself, so a raw zone's statement must say
# `masterfile-format raw;` for named to load the file.  The local named
# has no zone statement of its own, only the include.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_raw_include

R=raw.test
X=text.test
zsd_zone "$R" 5 "$T/$R.primary"
zsd_zone "$X" 6 "$T/$X.primary"
zs_named_start "$R" "$T/$R.primary" "$X" "$T/$X.primary"
INC="$AD/named.zones.conf"
: >"$INC"
ZSD_LOCAL_INCLUDE="$INC" zsd_local_start
ZSD_CONF="$T/agent.conf"
export ZSD_RNDC=1
zsd_conf "$ZSD_CONF" "named-include \"named.zones.conf\";" -- \
    "zone \"$R\" { primaries { 127.0.0.1 port $NAMED_PORT; }; masterfile-format raw; };" \
    "$(zone_stmt "$X" "$NAMED_PORT")"
zsd_start || die "cannot start the agent"
for z in $R $X; do
	if wait_until 15 zone_state_is "$z" ok; then
		ok "$z ok (${WAITED}s)"
	else
		bad "$z not ok: $(zone_field "$z" last_error)"
		show "$ZSD_LOG"
	fi
done
check "$R: the local named serves 5 from the raw file" \
    serial_is 127.0.0.1 "$LOCAL_PORT" "$R" 5
check "$X: the local named serves 6 from the text file" \
    serial_is 127.0.0.1 "$LOCAL_PORT" "$X" 6
# The statements: raw for $R only.
stmt() {
	awk -v z="zone \"$1\" {" '$0 == z { on = 1 } on { print } on && /^};/ { exit }' "$INC"
}
check "$R: its statement says masterfile-format raw" \
    test "$(stmt "$R" | grep -c 'masterfile-format raw;')" = 1
check "$X: its statement names no format (text, named's default)" \
    test "$(stmt "$X" | grep -c 'masterfile-format')" = 0
check "$R: the file is BIND raw" \
    test "$(head -c 8 "$AD/$R.zone" | od -An -tx1 | tr -d ' \n')" = 0000000200000001
zsd_stop
check "clean stop (exit $ZSD_RC)" test "$ZSD_RC" = 0
zs_done
