# lib_daemon.sh - helpers for the zonesyncd daemon tests (t_daemon_*.sh).
# Source it instead of lib.sh (it sources lib.sh):
#
#   . "$(dirname "$0")/lib_daemon.sh"
#   zsd_init t_daemon_x                          zs_init + $AD, $ZSD_LOG
#   zsd_zone ZONE SERIAL FILE [EXTRA-RR-LINES]   write a small test zone
#                                                (SOA timers: ZSD_REFRESH,
#                                                ZSD_RETRY, ZSD_EXPIRE)
#   zs_named_start ZONE FILE ...                 primary (from lib.sh)
#   zsd_primary_bump ZONE FILE SERIAL [EXTRA]    rewrite + reload the primary
#   zsd_primary_stop / zsd_primary_restart       stop it / start it again on
#                                                the same port (same conf)
#   zsd_local_start ZONE ...                     the LOCAL named the agent
#                                                feeds (rndc controls, zones
#                                                type primary on $AD files;
#                                                ZSD_LOCAL_ZONE_OPTS;
#                                                ZSD_LOCAL_INCLUDE: a file
#                                                named.conf includes;
#                                                ZSD_LOCAL_DIR: not local/)
#   zsd_local_stop / zsd_local_restart           stop it / start it again
#                                                (same conf and ports)
#   local_serial ZONE                            serial the local named serves
#   zsd_conf FILE [OPTION-LINES] -- ZONE-STMTS   write an agent.conf
#   zone_stmt ZONE PORT [PORT...]                zone "Z" { primaries {...}; };
#   zsd_start [ARGS]                             zonesyncd -f in background
#   zsd_stop                                     SIGTERM it, ZSD_RC = exit
#   zsd_run_log / log_count ERE                  the current run's log
#   zsd_status_json OUT                          `zonesyncd status --json`
#   zsd_usr1_status OUT                          kill -USR1 + read status-file
#   jq_py FILE EXPR                              python3 expression on `d`
#   zone_field ZONE FIELD / zone_state_is Z S    from a fresh status
#   wait_until SECS CMD...                       poll CMD every 0.2 s
#   dig_serial SERVER PORT ZONE / serial_is ...  SOA serial served there
#
# Layout under $T: named/ (primary, from lib.sh), local/ (local named,
# rndc key and rndc.conf), agent/ ($AD: the agent's directory: zone files,
# pid file, control socket, status JSON), agent.log (the agent's stderr).
# Every process is tracked with zs_track and stopped by PID at exit.

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ZSD_PID=""
ZSD_LOG=""
ZSD_CONF=""
LOCAL_PID=""
LOCAL_PORT=""
LOCAL_CTL=""
LOCAL_DIR=""
ZSD_RC=""
AD=""

# zsd_init NAME: zs_init, then $AD (the agent's directory, empty).
zsd_init() {
	zs_init "$1"
	AD="$T/agent"
	mkdir -p "$AD"
	ZSD_LOG="$T/agent.log"
	: >"$ZSD_LOG"
}

# Seconds since the epoch with fractions.
now_f() {
	date +%s.%N
}

# elapsed T0: seconds since T0 (from now_f), 2 decimals.
elapsed() {
	awk -v a="$1" -v b="$(now_f)" 'BEGIN { printf "%.2f", b - a }'
}

# wait_until SECS CMD...: run CMD every 0.2 s until it succeeds (0) or
# SECS pass (1).  Sets WAITED to the seconds spent.
wait_until() {
	local secs=$1 t0
	shift
	t0=$(now_f)
	while :; do
		if "$@"; then
			WAITED=$(elapsed "$t0")
			return 0
		fi
		if awk -v a="$t0" -v b="$(now_f)" -v s="$secs" \
		    'BEGIN { exit !(b - a >= s) }'; then
			WAITED=$(elapsed "$t0")
			return 1
		fi
		sleep 0.2
	done
}

# dig_serial SERVER PORT ZONE: the serial served (empty when no answer).
dig_serial() {
	dig +short +norec +time=1 +tries=1 -p "$2" @"$1" "$3" SOA 2>/dev/null |
	    awk 'NF >= 7 && $3 ~ /^[0-9]+$/ { print $3; exit }'
}

# serial_is SERVER PORT ZONE SERIAL: for wait_until.
serial_is() {
	[ "$(dig_serial "$1" "$2" "$3")" = "$4" ]
}

# ---------------------------------------------------------------- zones

# zsd_zone ZONE SERIAL FILE [EXTRA]: a small zone with fast SOA timers
# (refresh $ZSD_REFRESH (default 2), retry $ZSD_RETRY (default 1), expire
# $ZSD_EXPIRE (default 1h)), 2 NS, a few A records, plus EXTRA lines
# (zone-relative records).  Prints nothing; the RR count is in ZONE_RRS.
zsd_zone() {
	local zone=$1 serial=$2 file=$3 extra=${4:-}
	{
		cat <<EOF
\$ORIGIN $zone.
\$TTL 300
@	IN SOA	ns1.$zone. hostmaster.$zone. ( $serial ${ZSD_REFRESH:-2} ${ZSD_RETRY:-1} ${ZSD_EXPIRE:-3600} 60 )
@	IN NS	ns1.$zone.
@	IN NS	ns2.$zone.
ns1	IN A	192.0.2.1
ns2	IN A	192.0.2.2
www	IN A	192.0.2.80
www	IN AAAA	2001:db8::80
txt	IN TXT	"serial $serial"
EOF
		[ -n "$extra" ] && printf '%s\n' "$extra"
	} >"$file"
	ZONE_RRS=$(count_rrs "$zone" "$file")
}

# zsd_primary_bump ZONE FILE SERIAL [EXTRA]: rewrite the primary's zone
# with a new serial and HUP the primary until it serves it (<= 10 s).
zsd_primary_bump() {
	local zone=$1 file=$2 serial=$3 extra=${4:-} i
	zsd_zone "$zone" "$serial" "$file" "$extra"
	# named skips files whose mtime did not move; make sure it moves.
	touch -d "@$(($(date +%s) + 1))" "$file"
	for i in $(seq 10); do
		zs_named_reload
		if wait_until 1 serial_is 127.0.0.1 "$NAMED_PORT" "$zone" \
		    "$serial"; then
			return 0
		fi
	done
	bad "primary does not serve $zone serial $serial after 10 s"
	show "$NAMED_LOG"
	return 1
}

# zsd_primary_stop: stop the primary named (by PID) and wait.
zsd_primary_stop() {
	stop_pid "$NAMED_PID"
}

# zsd_primary_restart: start named again with its existing named.conf (so
# the same port and zones), wait until it answers for every zone.
zsd_primary_restart() {
	: >"$NAMED_LOG"
	"$NAMED" -g -c "$NAMED_DIR/named.conf" >>"$NAMED_LOG" 2>&1 &
	NAMED_PID=$!
	zs_track "$NAMED_PID"
	if ! zs_named_wait; then
		show "$NAMED_LOG" 30
		die "primary named did not come back on port $NAMED_PORT"
	fi
}

# ---------------------------------------------------------------- local named

# zsd_local_start ZONE ...: the local named the agent feeds, on a random
# port ($LOCAL_PORT) with an rndc control channel ($LOCAL_CTL), rndc.conf
# in $LOCAL_DIR/rndc.conf.  Each zone is `type primary` from $AD/ZONE.zone
# (the agent's default file name); a missing file just leaves the zone
# unloaded until the agent's first `rndc reload ZONE`.  Zone options:
# $ZSD_LOCAL_ZONE_OPTS (default "check-names ignore;").  With
# ZSD_LOCAL_INCLUDE=PATH named.conf also has `include "PATH";` (the
# agent's named-include: call with no ZONE for an include-only config).
# ZSD_LOCAL_DIR: its directory (default $T/local).
zsd_local_start() {
	local tries zone
	LOCAL_DIR="${ZSD_LOCAL_DIR:-$T/local}"
	mkdir -p "$LOCAL_DIR" "$AD"
	if [ ! -s "$LOCAL_DIR/rndc.key" ]; then
		rndc-confgen -a -A hmac-sha256 -c "$LOCAL_DIR/rndc.key" \
		    -k rndc-key >/dev/null 2>&1 || die "rndc-confgen failed"
	fi
	for tries in 1 2 3; do
		LOCAL_PORT=$(zs_free_port) || die "no free port"
		LOCAL_CTL=$(zs_free_port) || die "no free port"
		[ "$LOCAL_PORT" != "$LOCAL_CTL" ] || continue
		{
			cat <<EOF
include "$LOCAL_DIR/rndc.key";
options {
	directory "$LOCAL_DIR";
	pid-file "$LOCAL_DIR/named.pid";
	session-keyfile "$LOCAL_DIR/session.key";
	managed-keys-directory "$LOCAL_DIR";
	listen-on port $LOCAL_PORT { 127.0.0.1; };
	listen-on-v6 { none; };
	allow-query { any; };
	recursion no;
	notify no;
	dnssec-validation no;
};
controls {
	inet 127.0.0.1 port $LOCAL_CTL allow { 127.0.0.1; } keys { "rndc-key"; };
};
logging {
	channel out { stderr; severity info; print-time yes; };
	category default { out; };
};
EOF
			for zone in "$@"; do
				cat <<EOF
zone "$zone" {
	type primary;
	file "$AD/$zone.zone";
	notify no;
	${ZSD_LOCAL_ZONE_OPTS-check-names ignore;}
};
EOF
			done
			if [ -n "${ZSD_LOCAL_INCLUDE:-}" ]; then
				printf 'include "%s";\n' "$ZSD_LOCAL_INCLUDE"
			fi
		} >"$LOCAL_DIR/named.conf"
		cat >"$LOCAL_DIR/rndc.conf" <<EOF
include "$LOCAL_DIR/rndc.key";
options {
	default-key "rndc-key";
	default-server 127.0.0.1;
	default-port $LOCAL_CTL;
};
EOF
		LOCAL_LOG="$LOCAL_DIR/named.log"
		: >"$LOCAL_LOG"
		"$NAMED" -g -c "$LOCAL_DIR/named.conf" >>"$LOCAL_LOG" 2>&1 &
		LOCAL_PID=$!
		zs_track "$LOCAL_PID"
		if wait_until 30 zsd_local_ready; then
			return 0
		fi
		if grep -q 'address in use' "$LOCAL_LOG"; then
			note "local named: port taken, retrying"
			stop_pid "$LOCAL_PID"
			continue
		fi
		show "$LOCAL_LOG" 30
		die "local named did not come up"
	done
	die "local named did not come up after 3 tries"
}

# zsd_local_stop: stop the local named (by PID) and wait.
zsd_local_stop() {
	stop_pid "$LOCAL_PID"
}

# zsd_local_restart: start the local named again with its named.conf
# (same ports, same zones or include); wait until it answers.
zsd_local_restart() {
	"$NAMED" -g -c "$LOCAL_DIR/named.conf" >>"$LOCAL_LOG" 2>&1 &
	LOCAL_PID=$!
	zs_track "$LOCAL_PID"
	wait_until 30 zsd_local_ready || {
		show "$LOCAL_LOG" 30
		die "local named did not come back"
	}
}

zsd_local_ready() {
	kill -0 "$LOCAL_PID" 2>/dev/null || return 1
	rndc -c "$LOCAL_DIR/rndc.conf" status >/dev/null 2>&1 || return 1
	dig +norec +time=1 +tries=1 -p "$LOCAL_PORT" @127.0.0.1 . SOA \
	    >/dev/null 2>&1
}

# local_serial ZONE: the serial the local named serves now.
local_serial() {
	dig_serial 127.0.0.1 "$LOCAL_PORT" "$1"
}

# ---------------------------------------------------------------- agent

# zsd_conf FILE [OPTION-LINE ...] -- [ZONE-STATEMENT ...]: write agent.conf
# with the standard options (directory $AD, pid-file, control-socket,
# status-file, reload through rndc at the local named, verify-server at
# the local named, min-refresh-time 1, min-retry-time 1), the extra option
# lines, then the zone statements.  ZSD_RNDC=1: reload through the
# built-in client instead (include the rndc key, rndc-server at the local
# named's control channel, no reload commands).
zsd_conf() {
	local file=$1 in_opts=1 a reload
	shift
	if [ "${ZSD_RNDC:-0}" = 1 ]; then
		reload="	rndc-server 127.0.0.1 port $LOCAL_CTL key \"rndc-key\";"
	else
		reload="	reload-command \"rndc -c $LOCAL_DIR/rndc.conf reload %z\";
	reload-all-command \"rndc -c $LOCAL_DIR/rndc.conf reload\";"
	fi
	{
		[ "${ZSD_RNDC:-0}" = 1 ] && echo "include \"$LOCAL_DIR/rndc.key\";"
		cat <<EOF
// written by lib_daemon.sh
options {
	directory "$AD";
	pid-file "$AD/zonesyncd.pid";
	control-socket "$AD/ctl.sock";
	status-file "$AD/status.json";
$reload
	verify-server 127.0.0.1 port $LOCAL_PORT;
	min-refresh-time 1;
	min-retry-time 1;
EOF
		for a in "$@"; do
			if [ "$in_opts" = 1 ] && [ "$a" = -- ]; then
				in_opts=0
				echo "};"
				continue
			fi
			if [ "$in_opts" = 1 ]; then
				printf '\t%s\n' "$a"
			else
				printf '%s\n' "$a"
			fi
		done
		[ "$in_opts" = 1 ] && echo "};"
	} >"$file"
}

# zone_stmt ZONE PORT [PORT ...]: a zone statement with 127.0.0.1 primaries.
zone_stmt() {
	local zone=$1 p s=""
	shift
	for p in "$@"; do
		s="$s 127.0.0.1 port $p;"
	done
	printf 'zone "%s" { primaries {%s }; };' "$zone" "$s"
}

# zsd_start [ARGS...]: start `zonesyncd -f -c $ZSD_CONF ARGS` in the
# background, stderr+stdout to $ZSD_LOG (appended); wait (<= 10 s) for the
# pid file and the control socket.  Sets ZSD_PID.
ZSD_RUNS=0
zsd_start() {
	ZSD_RUNS=$((ZSD_RUNS + 1))
	ZSD_LOG=${ZSD_LOG:-$T/agent.log}
	echo "=== run $ZSD_RUNS: zonesyncd -f -c $ZSD_CONF $*" >>"$ZSD_LOG"
	"$ZONESYNCD" -f -c "$ZSD_CONF" "$@" >>"$ZSD_LOG" 2>&1 &
	ZSD_PID=$!
	zs_track "$ZSD_PID"
	if ! wait_until 10 zsd_up; then
		show "$ZSD_LOG" 20
		bad "zonesyncd did not start (pid file / control socket)"
		return 1
	fi
	return 0
}

zsd_up() {
	kill -0 "$ZSD_PID" 2>/dev/null || return 1
	[ -s "$AD/zonesyncd.pid" ] && [ -S "$AD/ctl.sock" ] &&
	    [ "$(cat "$AD/zonesyncd.pid")" = "$ZSD_PID" ]
}

# zsd_run_log: the log of the current (last) agent run only.
zsd_run_log() {
	awk -v n="=== run $ZSD_RUNS:" 'index($0, n) == 1 { on = 1 } on' \
	    "$ZSD_LOG"
}

# zsd_stop: SIGTERM the agent, wait <= 10 s, ZSD_RC = its exit status
# (or "timeout" after SIGKILL).
zsd_stop() {
	local i
	ZSD_RC=""
	[ -n "$ZSD_PID" ] || return 0
	kill -TERM "$ZSD_PID" 2>/dev/null
	for i in $(seq 100); do
		kill -0 "$ZSD_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$ZSD_PID" 2>/dev/null; then
		kill -9 "$ZSD_PID" 2>/dev/null
		wait "$ZSD_PID" 2>/dev/null
		ZSD_RC=timeout
	else
		wait "$ZSD_PID" 2>/dev/null
		ZSD_RC=$?
	fi
	ZSD_PID=""
}

# zsd_status_json OUT: `zonesyncd status -c $ZSD_CONF --json` into OUT
# (bounded: 15 s).  Returns its exit status; the JSON must parse.
ZSD_ST_N=0
zsd_status_json() {
	local out=$1 rc
	ZSD_ST_N=$((ZSD_ST_N + 1))
	timeout -k 2 15 "$ZONESYNCD" status -c "$ZSD_CONF" --json \
	    >"$out" 2>"$T/status$ZSD_ST_N.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		return "$rc"
	fi
	python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$out" \
	    2>/dev/null
}

# zsd_usr1_status OUT: the documented `kill -USR1` path without the client
# (which needs a readable config): signal the daemon, wait (<= 10 s) for a
# new $AD/status.json, copy it to OUT.
zsd_usr1_status() {
	local out=$1 old new i
	old=$(stat -c '%i %Y.%y' "$AD/status.json" 2>/dev/null)
	kill -USR1 "$ZSD_PID" 2>/dev/null || return 1
	for i in $(seq 100); do
		new=$(stat -c '%i %Y.%y' "$AD/status.json" 2>/dev/null)
		if [ -n "$new" ] && [ "$new" != "$old" ]; then
			cp "$AD/status.json" "$out"
			python3 -c 'import json, sys; json.load(open(sys.argv[1]))' \
			    "$out" 2>/dev/null
			return
		fi
		sleep 0.1
	done
	return 1
}

# jq_py FILE EXPR: evaluate a Python expression with d = the JSON document
# and z(NAME) = the zone object named NAME (None if absent); prints the
# value (JSON for lists/dicts/None, plain for strings and numbers).
jq_py() {
	python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def z(name):
    for x in d.get("zones", []):
        if x.get("zone", "").rstrip(".").lower() == name.rstrip(".").lower():
            return x
    return None
try:
    v = eval(sys.argv[2])
except Exception as e:
    print("<error: %s>" % e)
    sys.exit(1)
if isinstance(v, (dict, list)) or v is None or isinstance(v, bool):
    print(json.dumps(v))
else:
    print(v)
PY
}

# zone_field ZONE FIELD: the field of that zone in a fresh status JSON.
zone_field() {
	local f="$T/zf.json"
	zsd_status_json "$f" || return 1
	jq_py "$f" "(z('$1') or {}).get('$2')"
}

# zone_state_is ZONE STATE: for wait_until (asks the daemon each time).
zone_state_is() {
	[ "$(zone_field "$1" state)" = "$2" ]
}

# log_count PATTERN: lines of the current run's log matching (grep -E).
log_count() {
	zsd_run_log | grep -cE -- "$1"
}
