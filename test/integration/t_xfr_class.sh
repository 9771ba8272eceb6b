#!/usr/bin/env bash
# A zone of class CHAOS (`zonesyncd xfr -c CH`), served by a real named from
# a CH view.  BIND knows A (in its CHAOS form) and SRV, AAAA and the other
# IN-only types in class CH only in the RFC 3597 generic form; the written
# file must load in named-compilezone -c CH with the very same records.
. "$(dirname "$0")/lib.sh"
zs_init t_xfr_class

ZONE=ch.test
SRC="$T/ch.db"
cat >"$SRC" <<'Z'
$ORIGIN ch.test.
$TTL 300
@	CH	SOA	ns.ch.test. host.ch.test. 42 3600 600 86400 60
	NS	ns
ns	A	ns.ch.test. 1
x	A	x.ch.test. 0177
	TXT	"version" "one two"
	SRV	\# 7 00010002000300
	AAAA	\# 16 20010db8000000000000000000000001
	PTR	x.ch.test.
y	CNAME	x
Z
named-compilezone -q -c CH -o /dev/null "$ZONE" "$SRC" ||
    die "the CH source zone does not load"

D="$T/named"
mkdir -p "$D"
NAMED_LOG="$D/named.log"
for tries in 1 2 3; do
	NAMED_PORT=$(zs_free_port) || die "no free port"
	cat >"$D/named.conf" <<C
options {
	directory "$D";
	pid-file "$D/named.pid";
	session-keyfile "$D/session.key";
	listen-on port $NAMED_PORT { 127.0.0.1; };
	listen-on-v6 { none; };
	allow-transfer { any; };
	recursion no;
	notify no;
	dnssec-validation no;
};
controls { };
logging { channel out { stderr; severity info; print-time yes; };
	category default { out; }; };
view "chaos" CH {
	match-clients { any; };
	zone "$ZONE" CH { type primary; file "$SRC"; };
};
C
	: >"$NAMED_LOG"
	"$NAMED" -g -c "$D/named.conf" >>"$NAMED_LOG" 2>&1 &
	NAMED_PID=$!
	zs_track "$NAMED_PID"
	up=0
	for _ in $(seq 50); do
		kill -0 "$NAMED_PID" 2>/dev/null || break
		if dig +short +norec +time=1 +tries=1 -c CH -t SOA -p "$NAMED_PORT" \
		    @127.0.0.1 "$ZONE" 2>/dev/null | grep -qw 42; then
			up=1
			break
		fi
		sleep 0.2
	done
	[ "$up" = 1 ] && break
	stop_pid "$NAMED_PID"
	grep -q 'address in use' "$NAMED_LOG" || { show "$NAMED_LOG" 30; die "named did not come up"; }
done
[ "$up" = 1 ] || die "named did not come up after 3 ports"

OUT="$T/ch.out"
zs_xfr -p "$NAMED_PORT" -c CH -o "$OUT" "$ZONE" @127.0.0.1
expect_xfr_ok "$ZONE" 42 9 "$OUT"
check "the class is named on the SOA line" grep -qP '^@\t300\tCH\tSOA\t' "$OUT"
check "CHAOS A in the generic form" grep -qP '^x\t300\tA\t\\# ' "$OUT"
check "SRV in the generic form" grep -qP '^\t300\tSRV\t\\# 7 00010002000300$' "$OUT"
check "TXT keeps its text" grep -qP '^\t300\tTXT\t"version" "one two"$' "$OUT"

# The same records as the source, canonically (class CH).
ccanon() {	# ccanon FILE
	named-compilezone -q -c CH -k ignore -i none -s full -f text -F text \
	    -o - "$ZONE" "$1" 2>&1 | grep -v '^;' | sort
}
ccanon "$SRC" >"$T/a.canon"
if ccanon "$OUT" >"$T/b.canon" && grep -q SOA "$T/b.canon" &&
    cmp -s "$T/a.canon" "$T/b.canon"; then
	ok "named-compilezone -c CH: same $(grep -c '' "$T/a.canon") records as the source"
else
	bad "the written file differs from the source, or does not load (- source, + written)"
	diff -u "$T/a.canon" "$T/b.canon" | sed -n '3,30p' | sed 's/^/    /'
	show "$OUT"
fi
zs_done
