#!/usr/bin/env bash
# metrics-file: written after a sync, well-formed text exposition (HELP
# and TYPE before samples, every sample line parses), never seen partial
# while rewritten during a burst of changes (read in a tight loop), values
# that match reality (serial served, state ok, transfers, last success,
# SOA queries), state retrying after a failed round, and a final write on
# SIGTERM.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_metrics

Z=metrics.test
PT="$ZS_IT/promtext.py"
zsd_zone "$Z" 100 "$T/primary.zone"
zs_named_start "$Z" "$T/primary.zone"
zsd_local_start "$Z"
ZSD_CONF="$T/agent.conf"
zsd_conf "$ZSD_CONF" 'metrics-file "metrics.prom";' -- \
    "$(zone_stmt "$Z" "$NAMED_PORT")"
M="$AD/metrics.prom"
note "primary :$NAMED_PORT, local named :$LOCAL_PORT, metrics $M"

# metric NAME [LABEL=VALUE ...]: the value in the metrics file now.
metric() {
	python3 "$PT" get "$M" "$@" 2>/dev/null | head -n 1
}
metric_is() {	# metric_is WANT NAME [LABELS]: for wait_until
	local want=$1
	shift
	[ "$(metric "$@")" = "$want" ]
}

zsd_start || die "cannot start the daemon"
if wait_until 15 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 100; then
	ok "$Z: serial 100 served locally (${WAITED}s)"
else
	bad "$Z: serial 100 not served after 15 s"
	show "$ZSD_LOG"
fi
wait_until 10 zone_state_is "$Z" ok
# Written within a second of every change.
if wait_until 3 metric_is 1 zonesync_zone_state zone="$Z" state=ok; then
	ok "metrics file shows $Z state ok (${WAITED}s after the status said ok)"
else
	bad "metrics file does not show state ok within 3 s"
	cat "$M" 2>/dev/null | head -40 | sed 's/^/    | /'
fi
check "metrics file $M exists" test -s "$M"

# ---- format and values after the first sync
if v=$(python3 "$PT" validate "$M"); then
	ok "metrics file is valid text exposition ($v)"
else
	bad "metrics file is not valid text exposition: $v"
fi
if grep -v '^#' "$M" | grep -vqE '^[a-z_]+(\{[^}]*\})? [0-9.e+-]+$'; then
	bad "sample lines not matching ^[a-z_]+({...})? VALUE\$:"
	grep -v '^#' "$M" | grep -vE '^[a-z_]+(\{[^}]*\})? [0-9.e+-]+$' |
	    head -5 | sed 's/^/    | /'
else
	ok "every sample line matches ^[a-z_]+({...})? VALUE\$"
fi
served=$(local_serial "$Z")
got=$(metric zonesync_zone_serial zone="$Z")
check "zonesync_zone_serial{zone=\"$Z\"} $got == served serial $served" \
    test "$got" = "$served"
check "zonesync_zone_primary_serial{zone=\"$Z\"} == 100" \
    test "$(metric zonesync_zone_primary_serial zone="$Z")" = 100
n=$(grep -c "^zonesync_zone_state{zone=\"$Z\"" "$M")
check "one zonesync_zone_state line for $Z ($n)" test "$n" = 1
x=$(metric zonesync_zone_transfers_total zone="$Z")
check "zonesync_zone_transfers_total{zone=\"$Z\"} $x >= 1" test "${x:-0}" -ge 1
ls_=$(metric zonesync_zone_last_success_timestamp_seconds zone="$Z")
now=$(date +%s)
if [ -n "$ls_" ] && [ $((now - ${ls_%.*})) -le 60 ] && [ $((now - ${ls_%.*})) -ge -2 ]; then
	ok "last_success_timestamp_seconds $ls_ within 60 s of now ($now)"
else
	bad "last_success_timestamp_seconds '$ls_' not within 60 s of now ($now)"
fi
q=$(metric zonesync_soa_queries_total)
check "zonesync_soa_queries_total $q > 0" test "${q:-0}" -gt 0
for fam in zonesync_zone_serial zonesync_zone_state \
    zonesync_zone_transfers_total \
    zonesync_zone_last_success_timestamp_seconds zonesync_soa_queries_total; do
	check "# HELP and # TYPE lines for $fam" \
	    bash -c 'grep -q "^# HELP $1 ." "$2" && grep -qE "^# TYPE $1 (gauge|counter)\$" "$2"' _ "$fam" "$M"
done
check "zonesync_zone_transfers_total is a counter" \
    grep -q '^# TYPE zonesync_zone_transfers_total counter$' "$M"
check "metrics file mode is world-readable (textfile collector)" \
    test "$(stat -c %a "$M")" = 644
if command -v promtool >/dev/null 2>&1; then
	if promtool check metrics <"$M" >"$T/promtool.out" 2>&1; then
		ok "promtool check metrics accepts the file"
	else
		bad "promtool check metrics complains"
		show "$T/promtool.out"
	fi
fi

# ---- a burst of changes while a reader reads the file in a tight loop
ZSD_REFRESH=1
python3 "$PT" hammer "$M" 7 zonesync_webhook_dropped_total \
    >"$T/hammer.out" 2>&1 &
HPID=$!
zs_track "$HPID"
for serial in 101 102 103 104; do
	zsd_primary_bump "$Z" "$T/primary.zone" "$serial"
	timeout 10 "$ZONESYNCD" refresh -c "$ZSD_CONF" "$Z" >/dev/null 2>&1
	wait_until 5 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" "$serial" ||
	    bad "serial $serial not served within 5 s during the burst"
	kill -USR1 "$ZSD_PID"
done
wait "$HPID"
hrc=$?
h=$(cat "$T/hammer.out")
echo "    reader: $h"
if [ "$hrc" -eq 0 ]; then
	ok "every read during the burst was a complete, valid file ($h)"
else
	bad "a read during the burst saw an invalid or missing file ($h)"
	[ -s "$M.bad" ] && head -3 "$M.bad" | sed 's/^/    | /'
fi
d=$(sed -n 's/.*distinct=\([0-9]*\).*/\1/p' <<<"$h")
check "the file was rewritten during the reads ($d distinct versions >= 3)" \
    test "${d:-0}" -ge 3
if wait_until 3 metric_is 104 zonesync_zone_serial zone="$Z"; then
	ok "zonesync_zone_serial follows to 104 (${WAITED}s)"
else
	bad "zonesync_zone_serial is '$(metric zonesync_zone_serial zone="$Z")' 3 s after 104 was served"
fi
check "zonesync_zone_served_serial 104" \
    wait_until 3 metric_is 104 zonesync_zone_served_serial zone="$Z"
x2=$(metric zonesync_zone_transfers_total zone="$Z")
check "zonesync_zone_transfers_total grew by 4: $x -> $x2" \
    test "${x2:-0}" -eq $((x + 4))
left=$(find "$AD" -maxdepth 1 -name 'metrics.prom?*')
check "no temporary metrics files left ($left)" test -z "$left"

# ---- a failed round: state retrying
zsd_primary_stop
t0=$(now_f)
if wait_until 10 metric_is 1 zonesync_zone_state zone="$Z" state=retrying; then
	ok "primary down: metrics state retrying ($(elapsed "$t0")s)"
else
	bad "primary down: no state=\"retrying\" line within 10 s: $(grep "^zonesync_zone_state{zone=\"$Z\"" "$M")"
	show "$ZSD_LOG" 5
fi
check "primary down: no other state line for $Z" \
    test "$(grep -c "^zonesync_zone_state{zone=\"$Z\"" "$M")" = 1
f=$(metric zonesync_zone_consecutive_failures zone="$Z")
check "consecutive_failures $f >= 1" test "${f:-0}" -ge 1
e=$(( $(metric zonesync_soa_errors_total) + $(metric zonesync_soa_timeouts_total) ))
check "SOA errors + timeouts $e > 0" test "$e" -gt 0
if v=$(python3 "$PT" validate "$M"); then
	ok "still valid after failures ($v)"
else
	bad "invalid after failures: $v"
fi

zsd_stop
check "SIGTERM: exit 0" test "$ZSD_RC" = 0
check "metrics file kept and valid after SIGTERM" \
    bash -c 'python3 "$1" validate "$2" >/dev/null' _ "$PT" "$M"
zs_done
