#!/usr/bin/env bash
# TSIG against a real named primary: the zone is transferable (and, for the
# daemon part, even queryable) only with key "xfr" (hmac-sha256).
#  (a) `zonesyncd xfr -k FILE` and `-y hmac-sha256:xfr:SECRET` succeed;
#  (b) wrong secret, unknown key name, right name with another algorithm,
#      another key the server knows but does not allow, and no key: exit 1,
#      one error line naming zone, server and what is wrong, the existing
#      file byte-identical, no temp file;
#  (c) the daemon with `primaries { ... key "xfr"; }` and the key included
#      from tsig-keygen's file syncs (SOA polls signed too: the zone has
#      allow-query { key "xfr"; }); with a wrong secret the zone goes to
#      "retrying", last_error mentions TSIG, the file is untouched.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_sec_tsig

Z=tsig.test
ZSD_REFRESH=2 ZSD_RETRY=1
zsd_zone "$Z" 100 "$T/primary.zone" "$(for i in $(seq 20); do echo "h$i IN A 192.0.2.$i"; done)"
NRR=$ZONE_RRS
zsd_zone open.test 1 "$T/open.zone"
zs_named_start "$Z" "$T/primary.zone" open.test "$T/open.zone"

tsig-keygen -a hmac-sha256 xfr >"$T/xfr.key" || die "tsig-keygen failed"
tsig-keygen -a hmac-sha512 other >"$T/other.key" || die "tsig-keygen failed"
SECRET=$(sed -n 's/.*secret "\(.*\)";.*/\1/p' "$T/xfr.key")
[ -n "$SECRET" ] || die "no secret in $T/xfr.key"
# A wrong secret of the same length, same name and algorithm.
WRONG=$(python3 -c 'import base64,os;print(base64.b64encode(os.urandom(32)).decode())')
sed "s|$SECRET|$WRONG|" "$T/xfr.key" >"$T/xfr-wrong.key"
# Same name and secret, another algorithm.
sed 's/hmac-sha256/hmac-sha512/' "$T/xfr.key" >"$T/xfr-alg.key"
# Another name, same secret.
sed 's/key "xfr"/key "nosuchkey"/' "$T/xfr.key" >"$T/xfr-name.key"

# Restart the primary with the keys and the TSIG-only zone.
zsd_primary_stop
python3 - "$NAMED_DIR/named.conf" "$T/xfr.key" "$T/other.key" "$Z" <<'PY'
import sys
conf, k1, k2, z = sys.argv[1:]
s = open(conf).read()
s = 'include "%s";\ninclude "%s";\n' % (k1, k2) + s
head = 'zone "%s" {' % z
i = s.index(head) + len(head)
s = (s[:i] + '\n\tallow-transfer { key "xfr"; };\n'
     '\tallow-query { key "xfr"; };\n' + s[i:])
open(conf, "w").write(s)
PY
NAMED_ZONES=open.test
zsd_primary_restart
note "primary :$NAMED_PORT ($Z needs key xfr for AXFR and queries)"

# --- verify the claim about allow-query with a key before relying on it
sig=$(dig +short +norec +time=2 +tries=1 -k "$T/xfr.key" -p "$NAMED_PORT" @127.0.0.1 "$Z" SOA | awk '{print $3}')
uns=$(dig +norec +time=2 +tries=1 -p "$NAMED_PORT" @127.0.0.1 "$Z" SOA 2>&1)
if [ "$sig" = 100 ]; then
	ok "signed SOA query answered (serial $sig)"
else
	bad "signed SOA query: got '$sig', want 100"
	show "$NAMED_LOG"
fi
if grep -q 'status: REFUSED' <<<"$uns"; then
	ok "unsigned SOA query REFUSED (allow-query { key \"xfr\"; } works)"
else
	bad "unsigned SOA query not refused: $(grep status: <<<"$uns")"
fi
ax=$(dig +norec +time=2 +tries=1 -p "$NAMED_PORT" @127.0.0.1 "$Z" AXFR 2>&1)
if grep -qi 'Transfer failed' <<<"$ax"; then
	ok "unsigned AXFR refused by the primary (dig: Transfer failed)"
else
	bad "unsigned AXFR not refused by the primary"
fi

OUT="$T/out.zone"

# ---- (a) good keys
zs_xfr -p "$NAMED_PORT" -k "$T/xfr.key" -o "$OUT" "$Z" @127.0.0.1
expect_xfr_ok "$Z" 100 "$NRR" "$OUT" &&
    assert_same_zone "$Z" "$T/primary.zone" "$OUT"
rm -f "$OUT"
zs_xfr -p "$NAMED_PORT" -y "hmac-sha256:xfr:$SECRET" -o "$OUT" "$Z" @127.0.0.1
expect_xfr_ok "$Z" 100 "$NRR" "$OUT" &&
    assert_same_zone "$Z" "$T/primary.zone" "$OUT"
# -y without an algorithm means hmac-sha256 (tsig-keygen's default), not
# dig's legacy hmac-md5 (doc/zonesyncd.8).
zs_xfr -p "$NAMED_PORT" -y "xfr:$SECRET" -o "$OUT" "$Z" @127.0.0.1
expect_xfr_ok "$Z" 100 "$NRR" "$OUT"

# ---- (b) bad keys: exit 1, one line naming what's wrong, file kept
printf '; an older good file\n$ORIGIN %s.\n@ 300 IN SOA a. b. 1 2 3 4 5\n' "$Z" >"$OUT"
cp "$OUT" "$T/before"
same_out() {
	if cmp -s "$T/before" "$OUT"; then
		ok "$1: existing file byte-identical"
	else
		bad "$1: existing file changed"
		cp "$T/before" "$OUT"
	fi
	local left
	left=$(leftover_tmp "$T" out.zone)
	if [ -n "$left" ]; then
		bad "$1: temp file(s) left: $left"
		rm -f $left
	else
		ok "$1: no temp file left"
	fi
}
bad_key() {
	local what=$1 want=$2 line
	shift 2
	zs_xfr -p "$NAMED_PORT" -t 10 "$@" -o "$OUT" "$Z" @127.0.0.1
	expect_xfr_fail "$what" "$Z" 127.0.0.1
	check "$what: exit status 1 (got $XFR_RC)" test "$XFR_RC" = 1
	line=$(head -n 1 "$XFR_ERR")
	if grep -qiE -- "$want" <<<"$line"; then
		ok "$what: error says /$want/"
	else
		bad "$what: error lacks /$want/: $line"
	fi
	same_out "$what"
}
bad_key "wrong secret (-k)" "wrong secret" -k "$T/xfr-wrong.key"
bad_key "wrong secret (-y)" "wrong secret" -y "hmac-sha256:xfr:$WRONG"
bad_key "-y names another algorithm" "does not know this key" -y "hmac-md5:xfr:$SECRET"
bad_key "unknown key name" "does not know this key" -k "$T/xfr-name.key"
bad_key "same name, other algorithm" "does not know this key" -k "$T/xfr-alg.key"
bad_key "known key, not allowed" "REFUSED" -k "$T/other.key"
bad_key "no key" "REFUSED" 

# ---- (c) the daemon
zsd_local_start "$Z"
ZSD_CONF="$T/agent.conf"
write_conf() {
	zsd_conf "$ZSD_CONF" -- "include \"$1\";" \
	    "zone \"$Z\" { primaries { 127.0.0.1 port $NAMED_PORT key \"xfr\"; }; };"
}
cp "$T/xfr.key" "$T/agent-xfr.key"
write_conf agent-xfr.key		# relative: from agent.conf's directory
FILE="$AD/$Z.zone"
zsd_start || die "cannot start the daemon"
if wait_until 25 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 100; then
	ok "daemon synced serial 100 with TSIG (${WAITED}s)"
else
	bad "daemon: local named serves '$(local_serial "$Z")' after 25 s, want 100"
	show "$ZSD_LOG" 20
fi
wait_until 10 zone_state_is "$Z" ok || bad "state '$(zone_field "$Z" state)', want ok"
[ -s "$FILE" ] && assert_same_zone "$Z" "$T/primary.zone" "$FILE"
# A new serial reaches the agent through signed SOA polls.
zsd_zone "$Z" 101 "$T/primary.zone" "$(for i in $(seq 21); do echo "h$i IN A 192.0.2.$i"; done)"
touch -d "@$(($(date +%s) + 1))" "$T/primary.zone"
zs_named_reload
if wait_until 25 serial_is 127.0.0.1 "$LOCAL_PORT" "$Z" 101; then
	ok "signed SOA poll saw serial 101, transferred (${WAITED}s)"
else
	bad "serial 101 not served locally after 25 s (local: '$(local_serial "$Z")')"
	show "$ZSD_LOG" 20
fi
if zsd_run_log | grep -v '^===' | grep -qE "REFUSED|TSIG|NOTAUTH"; then
	bad "daemon log mentions REFUSED/TSIG with the right key"
	zsd_run_log | grep -v '^===' | grep -E "REFUSED|TSIG|NOTAUTH" | head -n 3 | sed 's/^/    | /'
else
	ok "no REFUSED/TSIG/NOTAUTH in the daemon log with the right key"
fi
zsd_stop
check "clean stop (exit $ZSD_RC)" test "$ZSD_RC" = 0
cp "$FILE" "$T/file.good"

# Wrong secret in agent.conf; the primary has a newer serial meanwhile.
cp "$T/xfr-wrong.key" "$T/agent-xfr.key"
zsd_zone "$Z" 102 "$T/primary.zone" "$(for i in $(seq 22); do echo "h$i IN A 192.0.2.$i"; done)"
touch -d "@$(($(date +%s) + 2))" "$T/primary.zone"
zs_named_reload
sleep 1
zsd_start || die "cannot restart the daemon"
retrying_tsig() {
	zsd_status_json "$T/st.json" || return 1
	[ "$(jq_py "$T/st.json" "z('$Z')['state']")" = retrying ] &&
	    jq_py "$T/st.json" "z('$Z')['last_error']" | grep -qi tsig
}
if wait_until 25 retrying_tsig; then
	ok "wrong secret: state retrying, last_error mentions TSIG (${WAITED}s)"
else
	bad "wrong secret: state '$(jq_py "$T/st.json" "z('$Z')['state']")', last_error '$(jq_py "$T/st.json" "z('$Z')['last_error']")'; want retrying + TSIG"
	show "$ZSD_LOG" 20
fi
note "last_error: $(jq_py "$T/st.json" "z('$Z')['last_error']")"
check "wrong secret: zone file untouched" cmp -s "$T/file.good" "$FILE"
check "wrong secret: no temp file left" test -z "$(stale_tmp "$AD" "$Z.zone" "$ZSD_PID")"
check "wrong secret: local named still serves 101" test "$(local_serial "$Z")" = 101
check "wrong secret: daemon alive" kill -0 "$ZSD_PID"
zsd_stop
zs_done
