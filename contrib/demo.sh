#!/usr/bin/env bash
# demo.sh - zonesync in two minutes (run by `make demo`).
#
# Starts two throwaway named processes on random loopback ports: a
# primary, and the "local" named that zonesyncd keeps in sync.  Runs
# zonesyncd in the foreground on a demo config, changes the zone on the
# primary (which sends a NOTIFY), and shows the new serial reaching the
# local named.  Cleans up after itself; touches nothing outside a temp
# directory and stops only the processes it started.
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
for c in dig rndc rndc-confgen python3; do
	command -v "$c" >/dev/null ||
	    { echo "demo: $c not found (contrib/setup-deps.sh)" >&2; exit 1; }
done

DIR=$(mktemp -d "${TMPDIR:-/tmp}/zonesync-demo.XXXXXX")
PIDS=""
stop() {
	local pid=$1
	kill -0 "$pid" 2>/dev/null || return 0
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
cleanup() {
	local pid
	for pid in $PIDS; do stop "$pid"; done
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Free loopback ports (TCP and UDP), never 53: the primary, the local
# named, its rndc control channel and zonesyncd's NOTIFY listener.  Those
# in ZS_DEMO_PORTS ("5301 5302 5303 5304", all or only the first few)
# come first, for hosts where only some ports may be used.
# shellcheck disable=SC2086
PORTS=$(python3 "$ROOT/contrib/free-ports.py" 4 ${ZS_DEMO_PORTS:-}) ||
    { echo "demo: no free ports (ZS_DEMO_PORTS='${ZS_DEMO_PORTS:-}')" >&2; exit 1; }
read -r PPORT LPORT CPORT NPORT <<<"$PORTS"

mkdir -p "$DIR/primary" "$DIR/local" "$DIR/agent"
write_zone() {
	cat >"$DIR/primary/$ZONE.db" <<ZONE
\$ORIGIN $ZONE.
\$TTL 3600
@	IN SOA	ns1 hostmaster ( $1 3600 600 1209600 300 )
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
write_zone 2026010101 ""

cat >"$DIR/primary/named.conf" <<CONF
options {
	directory "$DIR/primary";
	pid-file none;
	listen-on port $PPORT { 127.0.0.1; };
	listen-on-v6 { none; };
	allow-transfer { 127.0.0.1; };
	recursion no;
	dnssec-validation no;
	notify explicit;
	notify-delay 0;
	also-notify { 127.0.0.1 port $NPORT; };
	notify-source 127.0.0.1;
};
controls { };
zone "$ZONE" { type primary; file "$ZONE.db"; ixfr-from-differences yes; };
CONF

rndc-confgen -a -c "$DIR/rndc.key" -k demo-rndc >/dev/null 2>&1
cat >"$DIR/rndc.conf" <<CONF
include "$DIR/rndc.key";
options { default-key "demo-rndc"; default-server 127.0.0.1; default-port $CPORT; };
CONF
cat >"$DIR/local/named.conf" <<CONF
include "$DIR/rndc.key";
controls { inet 127.0.0.1 port $CPORT allow { 127.0.0.1; } keys { "demo-rndc"; }; };
options {
	directory "$DIR/local";
	pid-file none;
	listen-on port $LPORT { 127.0.0.1; };
	listen-on-v6 { none; };
	recursion no;
	dnssec-validation no;
	notify no;
};
// The line an operator adds for each zone (contrib/named.conf.snippet):
zone "$ZONE" { type primary; file "$DIR/agent/$ZONE.zone"; notify no;
	check-names ignore; };
CONF

cat >"$DIR/agent/agent.conf" <<CONF
include "$DIR/rndc.key";
options {
	directory "$DIR/agent";
	pid-file "zonesyncd.pid";
	status-file "status.json";
	control-socket "control.sock";
	// reload over named's control channel, as rndc would (no rndc run)
	rndc-server 127.0.0.1 port $CPORT key "demo-rndc";
	check-command "named-checkzone -q -i local -k ignore %z %f";
	verify-server 127.0.0.1 port $LPORT;
	notify-listen 127.0.0.1 port $NPORT;
};
zone "$ZONE" { primaries { 127.0.0.1 port $PPORT; }; };
CONF

serial_at() {
	dig +short +norec +time=1 +tries=1 -p "$1" @127.0.0.1 "$ZONE" SOA |
	    awk '{ print $3 }'
}
wait_serial() {	# PORT SERIAL SECONDS
	local i
	for i in $(seq $(( $3 * 20 ))); do
		[ "$(serial_at "$1")" = "$2" ] && return 0
		sleep 0.05
	done
	return 1
}

bold "1. Two throwaway named: a primary on port $PPORT, the local server on $LPORT"
"$NAMED" -g -c "$DIR/primary/named.conf" >"$DIR/primary.log" 2>&1 &
PRIMARY_PID=$!
PIDS="$PIDS $PRIMARY_PID"
"$NAMED" -g -c "$DIR/local/named.conf" >"$DIR/local.log" 2>&1 &
PIDS="$PIDS $!"
wait_serial "$PPORT" 2026010101 20 ||
    { echo "demo: the primary did not start:"; tail "$DIR/primary.log"; exit 1; }
echo "primary serves $ZONE serial $(serial_at "$PPORT");" \
    "the local named has no data for it yet: '$(serial_at "$LPORT")'"

bold "2. The agent's config ($DIR/agent/agent.conf)"
cat "$DIR/agent/agent.conf"
run "$ZSD" -n -c "$DIR/agent/agent.conf" && echo "(zonesyncd -n: config is good)"

bold "3. zonesyncd in the foreground: first sync"
"$ZSD" -f -c "$DIR/agent/agent.conf" 2>&1 | sed -u 's/^/    agent | /' &
PIDS="$! $PIDS"		# the sed; the agent's own PID comes from its pid file
for _ in $(seq 100); do
	[ -s "$DIR/agent/zonesyncd.pid" ] && break
	sleep 0.05
done
AGENT_PID=$(cat "$DIR/agent/zonesyncd.pid" 2>/dev/null || true)
[ -n "$AGENT_PID" ] || { echo "demo: the agent did not start"; exit 1; }
PIDS="$AGENT_PID $PIDS"
wait_serial "$LPORT" 2026010101 20 ||
    { echo "demo: the local named never served the zone"; exit 1; }
echo "the local named now serves serial $(serial_at "$LPORT")"

bold "4. Change the zone on the primary: new serial, one more record"
write_zone 2026010102 "new	IN A	192.0.2.99"
touch -d "@$(( $(date +%s) + 2 ))" "$DIR/primary/$ZONE.db"
start=$(date +%s.%N)
run kill -HUP "$PRIMARY_PID"
if wait_serial "$LPORT" 2026010102 15; then
	end=$(date +%s.%N)
	printf 'the local named serves serial %s, %.2f s after the change (NOTIFY)\n' \
	    "$(serial_at "$LPORT")" "$(awk -v a="$end" -v b="$start" 'BEGIN { print a - b }')"
	run dig +short -p "$LPORT" @127.0.0.1 "new.$ZONE" A
else
	echo "demo: the change did not arrive"; exit 1
fi

bold "5. zonesyncd status"
run "$ZSD" status -c "$DIR/agent/agent.conf"

bold "6. The zone file the agent wrote (head)"
head -n 12 "$DIR/agent/$ZONE.zone"

bold "Done: the agent and both named are stopped and $DIR removed on exit."
