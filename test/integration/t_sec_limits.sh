#!/usr/bin/env bash
# Transfer limits in the daemon, each on its own zone in one agent:
#   rec.test     max-records 50, primary grows to 200 records
#   size.test    max-transfer-size 2k, primary grows past it
#   shrink.test  max-shrink-percent 20, 100 records -> 10 records
#   back.test    the primary's serial goes backwards (RFC 1982 older):
#                not installed, reported; `zonesyncd retransfer` takes it
# (max-transfer-idle-in / -time-in: t_sec_timeout.sh.)
# For every refused zone: the earlier good file is kept byte for byte, no
# temp file is left, and the local named keeps serving the old serial.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_sec_limits

hosts() {	# hosts N: N extra A records
	local i
	for i in $(seq "$1"); do echo "h$i IN A 10.0.$((i / 256)).$((i % 256))"; done
}
ZSD_REFRESH=2 ZSD_RETRY=1
zsd_zone rec.test 1 "$T/rec.zone" "$(hosts 10)"
zsd_zone size.test 1 "$T/size.zone" "$(hosts 5)"
zsd_zone shrink.test 1 "$T/shrink.zone" "$(hosts 93)"
SHRINK_RRS=$ZONE_RRS
zsd_zone back.test 100 "$T/back.zone"
zs_named_start rec.test "$T/rec.zone" size.test "$T/size.zone" \
    shrink.test "$T/shrink.zone" back.test "$T/back.zone"
note "shrink.test starts with $SHRINK_RRS RRs"

zsd_local_start rec.test size.test shrink.test back.test
ZSD_CONF="$T/agent.conf"
zsd_conf "$ZSD_CONF" "max-retry-time 2;" -- \
    "zone \"rec.test\" { primaries { 127.0.0.1 port $NAMED_PORT; }; max-records 50; };" \
    "zone \"size.test\" { primaries { 127.0.0.1 port $NAMED_PORT; }; max-transfer-size 2k; };" \
    "zone \"shrink.test\" { primaries { 127.0.0.1 port $NAMED_PORT; }; max-shrink-percent 20; };" \
    "$(zone_stmt back.test "$NAMED_PORT")"

# ---- first fill: every zone from the real primary
zsd_start || die "cannot start the daemon"
for z in rec.test:1 size.test:1 shrink.test:1 back.test:100; do
	if wait_until 25 serial_is 127.0.0.1 "$LOCAL_PORT" "${z%:*}" "${z#*:}"; then
		ok "${z%:*}: first fill, serial ${z#*:} served locally"
	else
		bad "${z%:*}: serial ${z#*:} not served locally after 25 s"
		show "$ZSD_LOG" 20
	fi
done
for z in rec.test size.test shrink.test back.test; do
	cp "$AD/$z.zone" "$T/$z.good" 2>/dev/null || bad "$z: no file after the first fill"
done

# ---- the primary changes
t0=$(now_f)
zsd_zone rec.test 2 "$T/rec.zone" "$(hosts 200)"
note "rec.test serial 2: $ZONE_RRS RRs (limit 50)"
zsd_zone size.test 2 "$T/size.zone" "$(hosts 150)"
note "size.test serial 2: $ZONE_RRS RRs (> 2k on the wire)"
zsd_zone shrink.test 2 "$T/shrink.zone" "$(hosts 3)"
note "shrink.test serial 2: $ZONE_RRS RRs (was $SHRINK_RRS, limit 20%)"
zsd_zone back.test 50 "$T/back.zone"
touch -d "@$(($(date +%s) + 1))" "$T"/rec.zone "$T"/size.zone "$T"/shrink.zone "$T"/back.zone
zs_named_reload
wait_until 10 serial_is 127.0.0.1 "$NAMED_PORT" back.test 50 ||
    bad "primary does not serve back.test 50"

# wait_err ZONE STATE REGEX: state and last_error match (<= 20 s)
wait_err() {
	local z=$1 st=$2 re=$3
	err_is() {
		zsd_status_json "$T/st.json" || return 1
		[ "$(jq_py "$T/st.json" "z('$z')['state']")" = "$st" ] &&
		    jq_py "$T/st.json" "z('$z')['last_error']" | grep -qiE -- "$re"
	}
	if wait_until 20 err_is; then
		ok "$z: state $st, last_error /$re/ (${WAITED}s)"
	else
		bad "$z: state '$(jq_py "$T/st.json" "z('$z')['state']")' last_error '$(jq_py "$T/st.json" "z('$z')['last_error']")'; want $st and /$re/"
	fi
	note "$z last_error: $(jq_py "$T/st.json" "z('$z')['last_error']")"
}
kept() {	# kept ZONE SERIAL
	local z=$1
	check "$z: file byte-identical to the earlier good one" cmp -s "$T/$z.good" "$AD/$z.zone"
	check "$z: no temp file left" test -z "$(stale_tmp "$AD" "$z.zone" "$ZSD_PID")"
	check "$z: local named still serves serial $2" test "$(local_serial "$z")" = "$2"
}
wait_err rec.test retrying "record count limit"
wait_err size.test retrying "size limit"
wait_err shrink.test error "max-shrink-percent"
wait_err back.test error "not newer"
sleep 1
kept rec.test 1
kept size.test 1
kept shrink.test 1
kept back.test 100

check "daemon alive" kill -0 "$ZSD_PID"

# ---- serial went backwards: retransfer takes the primary's version
timeout -k 2 15 "$ZONESYNCD" retransfer -c "$ZSD_CONF" back.test >"$T/rt.out" 2>&1
rc=$?
check "zonesyncd retransfer back.test: exit 0 (got $rc: $(head -c 200 "$T/rt.out"))" test "$rc" = 0
if wait_until 20 serial_is 127.0.0.1 "$LOCAL_PORT" back.test 50; then
	ok "back.test: after retransfer the local named serves 50 (${WAITED}s)"
else
	bad "back.test: after retransfer local named serves '$(local_serial back.test)', want 50"
	show "$ZSD_LOG" 15
fi
assert_same_zone back.test "$T/back.zone" "$AD/back.test.zone"
if wait_until 10 zone_state_is back.test ok; then
	ok "back.test: state ok after retransfer"
else
	bad "back.test: state '$(zone_field back.test state)' after retransfer, want ok"
fi
# ---- the shrink gate: the refusal says how; retransfer --force installs
check "shrink.test: the refusal names retransfer --force" \
    grep -q "zonesyncd retransfer --force shrink.test" "$T/st.json"
timeout -k 2 15 "$ZONESYNCD" retransfer -c "$ZSD_CONF" shrink.test >"$T/rt2.out" 2>&1
sleep 2
kept shrink.test 1
timeout -k 2 15 "$ZONESYNCD" retransfer --force -c "$ZSD_CONF" shrink.test >"$T/rt3.out" 2>&1
rc=$?
check "retransfer --force shrink.test: exit 0 (got $rc)" test "$rc" = 0
if wait_until 20 serial_is 127.0.0.1 "$LOCAL_PORT" shrink.test 2; then
	ok "shrink.test: --force installed serial 2 (${WAITED}s)"
else
	bad "shrink.test: after --force the local named serves '$(local_serial shrink.test)'"
fi
check "shrink.test: logged as forced" \
    test "$(log_count "shrink.test: installing serial 2 although it shrinks")" -eq 1
wait_until 10 zone_state_is shrink.test ok || bad "shrink.test: not ok after --force"
zsd_stop
check "clean stop (exit $ZSD_RC)" test "$ZSD_RC" = 0
note "run time $(elapsed "$t0") s after the primary changed"
zs_done
