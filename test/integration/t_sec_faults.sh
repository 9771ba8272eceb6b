#!/usr/bin/env bash
# Hostile primaries against the DAEMON: one fake primary (fakeserver.py
# byzone: the mode is the zone's first label; SOA over UDP says serial 1000,
# retry 1) serves one zone per misbehaviour, each with a good file already
# in place (serial 5, from a real named).  For every zone: the log names the
# problem, the file stays byte for byte, the daemon keeps running and
# answering `zonesyncd status`, retries come on schedule (>= 2 attempts in
# a bounded time) and memory stays flat over the retries.  Then the same
# hostile answers to signed queries (`zonesyncd xfr -y`).
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_sec_faults

# mode:regex the error must match
CASES="trunc:truncat|closed|malformed
noend:closed the connection before the closing SOA
mismatch:closing SOA differs
badrdata:RDATA malformed for its type: badrdata.f.test. A \\(3 octets\\)
oldaxfr:carries serial 3, not newer than ours \\(5, RFC 1982\\)
notsoa:does not start with the zone's SOA
ptrloop:compression pointer
badrdlen:truncated|malformed|rdata|length
longname:too long
endless:record count limit
wrongid:ID does not match
garbage:malformed|truncated|ID
close:closed
refused:REFUSED
notauth:NOTAUTH
servfail:SERVFAIL
wrongq:question does not match
silent:max-transfer-idle-in"
MODES=$(cut -d: -f1 <<<"$CASES")

ZSD_REFRESH=2 ZSD_RETRY=1
args=()
for m in $MODES unsigned; do
	zsd_zone "$m.f.test" 5 "$T/$m.zone"
	args+=("$m.f.test" "$T/$m.zone")
done
zs_named_start "${args[@]}"
for m in $MODES unsigned; do
	zs_xfr -p "$NAMED_PORT" -o "$AD/$m.f.test.zone" "$m.f.test" @127.0.0.1
	[ "$XFR_RC" = 0 ] || die "cannot seed $m.f.test: $(cat "$XFR_ERR")"
	cp "$AD/$m.f.test.zone" "$T/$m.good"
done
zsd_primary_stop

FAKE_LIFETIME=100 python3 "$ZS_IT/fakeserver.py" byzone "$T/fake.port" \
    >"$T/fake.log" 2>&1 &
zs_track $!
wait_until 5 test -s "$T/fake.port" || die "fake primary did not start"
FAKE=$(cat "$T/fake.port")
note "fake primary :$FAKE"

# ---- the daemon: no local named (nothing may be installed)
LOCAL_DIR="$T/local" LOCAL_PORT=$(zs_free_port)
tsig-keygen -a hmac-sha256 xfr >"$T/xfr.key" || die "tsig-keygen failed"
ZSD_CONF="$T/agent.conf"
stmts=("include \"$T/xfr.key\";")
for m in $MODES; do
	extra=""
	[ "$m" = endless ] && extra=" max-records 1000;"
	[ "$m" = silent ] && extra=" max-transfer-idle-in 2s;"
	stmts+=("zone \"$m.f.test\" { primaries { 127.0.0.1 port $FAKE; };$extra };")
done
# Signed SOA polls answered unsigned: the "missing TSIG" case.
stmts+=("zone \"unsigned.f.test\" { primaries { 127.0.0.1 port $FAKE key \"xfr\"; }; };")
zsd_conf "$ZSD_CONF" "max-retry-time 2;" -- "${stmts[@]}"
t0=$(now_f)
zsd_start || die "cannot start the daemon"

# A repeated failure is logged once (when it starts), so attempts are
# counted from the status: consecutive failed rounds.
fails() {	# fails ZONE: failed rounds in the last status read
	jq_py "$T/fst.json" "z('$1')['failures']"
}
all_failed() {	# all_failed N: every zone has >= N failed rounds
	local m
	zsd_status_json "$T/fst.json" || return 1
	for m in $MODES unsigned; do
		[ "$(fails "$m.f.test")" -ge "$1" ] || return 1
	done
}
if wait_until 20 all_failed 1; then
	ok "every zone failed at least once (${WAITED}s)"
else
	bad "not every zone failed within 20 s: $(for m in $MODES unsigned; do printf '%s=%s ' "$m" "$(fails "$m.f.test")"; done)"
	cat "$T"/status*.err 2>/dev/null | tail -n 3 | sed 's/^/    | /'
fi
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$ZSD_PID/status"; }
rss1=$(rss)
n1=$(zsd_run_log | grep -c 'failed')
# Retries on schedule: with retry 1 and max-retry-time 2, at least 4 more
# attempts per zone within 20 s (silent: 2 s idle limit + retry each).
if wait_until 20 all_failed 5; then
	ok "every zone retried: >= 5 failures each (${WAITED}s more)"
else
	for m in $MODES unsigned; do
		[ "$(fails "$m.f.test")" -ge 5 ] || bad "$m.f.test: only $(fails "$m.f.test") failed rounds after $(elapsed "$t0") s"
	done
fi
sleep 4
rss2=$(rss)
n2=$(zsd_run_log | grep -c 'failed')
growth=$((rss2 - rss1))
if [ -n "${ASAN:-}" ]; then
	# ASan holds freed memory in quarantine: RSS says nothing here;
	# its leak checker at exit is the memory check of this build.
	note "sanitizer build: VmRSS ${rss1} kB -> ${rss2} kB not judged"
elif [ "$growth" -lt 512 ]; then
	ok "memory flat: VmRSS ${rss1} kB -> ${rss2} kB over $((n2 - n1)) more failure log lines"
else
	bad "memory grows: VmRSS ${rss1} kB -> ${rss2} kB (+${growth} kB) over $((n2 - n1)) more failure log lines"
fi

# Per zone: the problem named, file kept, one line per attempt.
dupz="" dup=""
while IFS=: read -r m re; do
	z=$m.f.test
	line=$(zsd_run_log | grep -m1 -E "zonesyncd: $z: transfer from .*failed")
	if [ -n "$line" ]; then
		echo "    $m: ${line#* zonesyncd: }" | cut -c1-200
	else
		bad "$z: no 'transfer from ... failed' line"
		zsd_run_log | grep -F "$z" | head -n 3 | sed 's/^/    | /'
		continue
	fi
	if grep -qE -- "$re" <<<"$line"; then
		ok "$z: error names the problem (/$re/)"
	else
		bad "$z: error does not match /$re/"
	fi
	check "$z: error names the primary" grep -qF "127.0.0.1#$FAKE" <<<"$line"
	check "$z: file byte-identical" cmp -s "$T/$m.good" "$AD/$z.zone"
	# Identical lines logged back to back = the same failure told twice.
	d=$(zsd_run_log | grep -F "zonesyncd: $z: " | sed 's/^[^ ]* [^ ]* //' |
	    uniq -d | head -n 1)
	[ -z "$d" ] || { dupz="$dupz $m"; dup=$d; }
done <<<"$CASES"
if [ -n "$dupz" ]; then
	bad "a failure is logged again at a retry (same line back to back) for:$dupz; e.g. ${dup:0:160}"
else
	ok "a repeated failure is logged once, not at every retry"
fi
z=unsigned.f.test
line=$(zsd_run_log | grep -m1 -E "zonesyncd: $z: .*failed")
echo "    unsigned (signed SOA poll): ${line#* zonesyncd: }" | cut -c1-200
check "$z: error mentions TSIG / not signed" grep -qiE "TSIG|not signed" <<<"$line"
check "$z: file byte-identical" cmp -s "$T/unsigned.good" "$AD/$z.zone"

check "daemon alive" kill -0 "$ZSD_PID"
if zsd_status_json "$T/st.json"; then
	ok "zonesyncd status answers"
	bad_states=$(jq_py "$T/st.json" "[x['zone'] + '=' + x['state'] for x in d['zones'] if x['state'] == 'ok']")
	check "no hostile zone reported ok ($bad_states)" test "$bad_states" = "[]"
	le=$(jq_py "$T/st.json" "[x['zone'] for x in d['zones'] if not x.get('last_error')]")
	check "every zone has a last_error ($le)" test "$le" = "[]"
else
	bad "zonesyncd status does not answer"
fi
zsd_stop
check "clean stop (exit $ZSD_RC)" test "$ZSD_RC" = 0
for m in $MODES unsigned; do
	l=$(leftover_tmp "$AD" "$m.f.test.zone")
	[ -z "$l" ] || bad "$m.f.test: temp file left after stop: $l"
done
ok "checked temp files after stop"

# ---- the one-shot CLI with a key: unsigned and bad-MAC answers
SECRET=$(sed -n 's/.*secret "\(.*\)";.*/\1/p' "$T/xfr.key")
OUT="$T/cli.zone"
cp "$T/unsigned.good" "$OUT"
for c in "unsigned:not signed|TSIG" "badtsig:TSIG"; do
	m=${c%%:*} re=${c#*:}
	zs_xfr -p "$FAKE" -t 5 -y "hmac-sha256:xfr:$SECRET" -o "$OUT" "$m.f.test" @127.0.0.1
	expect_xfr_fail "xfr -y, $m answer" "$m.f.test" 127.0.0.1
	check "xfr -y, $m answer: error /$re/" grep -qiE -- "$re" "$XFR_ERR"
	check "xfr -y, $m answer: file untouched" cmp -s "$T/unsigned.good" "$OUT"
	check "xfr -y, $m answer: no temp file" test -z "$(leftover_tmp "$T" cli.zone)"
done
note "run time $(elapsed "$t0") s from daemon start"
zs_done
