#!/usr/bin/env bash
# demo.sh - a two-minute tour of `zonesyncd xfr` (run by `make demo`).
# Starts a throwaway primary named on a random loopback port, transfers a
# small zone, changes it on the primary, transfers again.  Cleans up after
# itself; touches nothing outside a temp directory.
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ZSD=${ZONESYNCD:-$ROOT/agent/zonesyncd}
NAMED=${NAMED:-/usr/sbin/named}
ZONE=example.test

bold() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
[ -t 1 ] || bold() { printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

for p in "$ZSD" "$NAMED"; do
	[ -x "$p" ] || { echo "demo: $p not found (make; contrib/setup-deps.sh)" >&2; exit 1; }
done
command -v dig >/dev/null || { echo "demo: dig not found (contrib/setup-deps.sh)" >&2; exit 1; }

DIR=$(mktemp -d "${TMPDIR:-/tmp}/zonesync-demo.XXXXXX")
NAMED_PID=""
cleanup() {
	if [ -n "$NAMED_PID" ] && kill -0 "$NAMED_PID" 2>/dev/null; then
		kill "$NAMED_PID" 2>/dev/null || true
		for _ in $(seq 50); do
			kill -0 "$NAMED_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$NAMED_PID" 2>/dev/null || true
		wait "$NAMED_PID" 2>/dev/null || true
	fi
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free loopback port (TCP and UDP), never 53.
PORT=$(python3 -c '
import random, socket
for _ in range(200):
    p = random.randint(20000, 60000)
    try:
        for t in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            s = socket.socket(socket.AF_INET, t); s.bind(("127.0.0.1", p)); s.close()
    except OSError:
        continue
    print(p); break')

write_zone() {
	cat >"$DIR/primary/$ZONE.db" <<ZONE
\$ORIGIN $ZONE.
\$TTL 3600
@	IN SOA	ns1 hostmaster ( $1 7200 3600 1209600 300 )
@	IN NS	ns1
@	IN MX	10 mail
@	IN TXT	"v=spf1 mx -all"
ns1	IN A	192.0.2.1
mail	IN A	192.0.2.25
www	IN A	192.0.2.80
www	IN AAAA	2001:db8::80
$2
ZONE
}

mkdir -p "$DIR/primary" "$DIR/secondary"
write_zone 2024010101 ""
cat >"$DIR/primary/named.conf" <<CONF
options {
	directory "$DIR/primary";
	pid-file "$DIR/primary/named.pid";
	session-keyfile "$DIR/primary/session.key";
	managed-keys-directory "$DIR/primary";
	listen-on port $PORT { 127.0.0.1; };
	listen-on-v6 { none; };
	allow-transfer { 127.0.0.1; };
	recursion no;
	notify no;
	dnssec-validation no;
};
controls { };
zone "$ZONE" { type primary; file "$ZONE.db"; };
CONF

bold "1. A throwaway primary: named on 127.0.0.1 port $PORT serving $ZONE"
"$NAMED" -g -c "$DIR/primary/named.conf" >"$DIR/named.log" 2>&1 &
NAMED_PID=$!
serial_at_primary() {
	dig +short +norec +time=1 +tries=1 -p "$PORT" @127.0.0.1 "$ZONE" SOA |
	    awk '{ print $3 }'
}
wait_serial() {
	for _ in $(seq 100); do
		[ "$(serial_at_primary)" = "$1" ] && return 0
		kill -0 "$NAMED_PID" 2>/dev/null || break
		sleep 0.2
	done
	echo "demo: named did not serve serial $1; its log:" >&2
	tail -n 20 "$DIR/named.log" >&2
	exit 1
}
wait_serial 2024010101
echo "primary is up, SOA serial $(serial_at_primary)"

cd "$DIR/secondary"
bold "2. One-shot transfer with zonesyncd xfr"
run "$ZSD" xfr -p "$PORT" -t 10 "$ZONE" @127.0.0.1
bold "   The file it wrote ($DIR/secondary/$ZONE.zone), atomically:"
head -n 20 "$ZONE.zone"

bold "3. Change the zone on the primary (new serial, one more record) and reload it"
write_zone 2024010102 "new	IN A	192.0.2.99"
# named reloads a file only if its mtime moved past the last load.
touch -d "@$(( $(date +%s) + 2 ))" "$DIR/primary/$ZONE.db"
run kill -HUP "$NAMED_PID"
wait_serial 2024010102
echo "primary now serves serial $(serial_at_primary)"

bold "4. Transfer again"
run "$ZSD" xfr -p "$PORT" -t 10 "$ZONE" @127.0.0.1
echo
grep -i 'serial' "$ZONE.zone" | head -n 2
grep '^new' "$ZONE.zone" || true
if command -v named-checkzone >/dev/null; then
	bold "5. named-checkzone agrees the file is a good zone"
	run named-checkzone -k ignore "$ZONE" "$ZONE.zone"
fi
bold "Done. The primary is stopped and $DIR removed on exit."
