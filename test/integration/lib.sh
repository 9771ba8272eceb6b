# lib.sh - helpers for zonesync integration tests.  Source it from bash:
#
#   . "$(dirname "$0")/lib.sh"
#   zs_init t_name                  temp dir $T, EXIT trap, logs
#   zs_named_start ZONE FILE ...    real named primary on loopback:$NAMED_PORT
#   zs_xfr ARGS...                  agent/zonesyncd xfr ARGS (bounded in time);
#                                   sets XFR_RC, XFR_OUT, XFR_ERR, XFR_SECS
#   canon ZONE FILE                 canonical, sortable dump of a zone file
#   assert_same_zone ZONE A B       canonical(A) == canonical(B), diff if not
#   ok / bad / note / zs_done       reporting; zs_done exits 0 or 1
#
# Rules kept here: servers only on 127.0.0.1 / ::1 on random high ports;
# every process we start is stopped by PID from the EXIT trap; nothing
# else is ever killed.  Environment:
#   ZONESYNCD=path      binary under test (default: agent/zonesyncd)
#   ZS_STANDIN=dig      use a dig-based stand-in for `zonesyncd xfr` (to
#                       prove the harness before the agent exists)
#   ZS_KEEP=1           keep the temp dir even when the test passes

ZS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ZS_IT="$ZS_ROOT/test/integration"
ZONESYNCD=${ZONESYNCD:-$ZS_ROOT/agent/zonesyncd}
NAMED=${NAMED:-/usr/sbin/named}
export LC_ALL=C

ZS_PIDS=""		# every background process we started
declare -A NAMED_ZONE_OPTS	# zone -> extra zone-statement options
ZS_FAILS=0
ZS_OKS=0
ZS_NAME=""
T=""

# ---------------------------------------------------------------- reporting

ok() {
	ZS_OKS=$((ZS_OKS + 1))
	echo "  ok:   $*"
}

bad() {
	ZS_FAILS=$((ZS_FAILS + 1))
	echo "  FAIL: $*"
}

note() {
	echo "  note: $*"
}

# check DESCRIPTION CMD...: run CMD, ok/bad by its exit status.
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}

# Show the tail of a file, indented (for failure diagnostics).
show() {
	local f=$1 n=${2:-15}
	[ -s "$f" ] || return 0
	echo "    --- $f (last $n lines)"
	tail -n "$n" "$f" | cut -c1-200 | sed 's/^/    | /'
}

die() {
	bad "$*"
	zs_done
}

zs_done() {
	if [ "$ZS_FAILS" -eq 0 ]; then
		echo "$ZS_NAME: $ZS_OKS checks ok"
		exit 0
	fi
	echo "$ZS_NAME: $ZS_FAILS of $((ZS_OKS + ZS_FAILS)) checks FAILED"
	exit 1
}

# ---------------------------------------------------------------- lifecycle

zs_init() {
	ZS_NAME=$1
	mkdir -p "$ZS_ROOT/test/tmp"
	T=$(mktemp -d "$ZS_ROOT/test/tmp/$ZS_NAME.XXXXXX")
	trap zs_cleanup EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
	echo "$ZS_NAME: tmp $T"
	if [ "${ZS_STANDIN:-}" = dig ]; then
		note "STAND-IN MODE: dig replaces zonesyncd xfr"
	elif [ ! -x "$ZONESYNCD" ]; then
		die "$ZONESYNCD not built (run make, or ZS_STANDIN=dig)"
	fi
}

# stop_pid PID: TERM, wait up to 5 s, then KILL.  Only for our own PIDs.
stop_pid() {
	local pid=$1 i
	kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
	kill "$pid" 2>/dev/null
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "  note: pid $pid ignored SIGTERM, sending SIGKILL"
		kill -9 "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	return 0
}

zs_track() {
	ZS_PIDS="$ZS_PIDS $1"
}

zs_cleanup() {
	local rc=$? pid
	trap - EXIT
	for pid in $ZS_PIDS; do
		stop_pid "$pid"
	done
	ZS_PIDS=""
	if [ -n "$T" ] && [ -d "$T" ]; then
		if [ "$rc" -eq 0 ] && [ "${ZS_KEEP:-0}" != 1 ]; then
			rm -rf "$T"
		else
			echo "$ZS_NAME: kept $T"
		fi
	fi
	exit "$rc"
}

# ---------------------------------------------------------------- ports

have_v6() {
	[ "${ZS_NO_V6:-0}" = 1 ] && return 1
	python3 - <<'PY' 2>/dev/null
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.bind(("::1", 0))
PY
}

# zs_free_port: print a port in 20000-60000 that is free for TCP and UDP
# on 127.0.0.1 (and ::1 when present).  There is a window between the probe
# and named's bind; zs_named_start checks named really listens.
zs_free_port() {
	python3 "$ZS_ROOT/contrib/free-ports.py" 1
}

# ---------------------------------------------------------------- named

# zs_named_start ZONE FILE [ZONE FILE ...]
# Starts named as a primary for the given zones on a random loopback port.
# Sets NAMED_PORT, NAMED_PID, NAMED_DIR, NAMED_LOG.  Waits (<= 30 s) until
# every zone answers SOA.  named runs as the current user; as root it keeps
# root (no -u), which is fine for a throwaway loopback server.
zs_named_start() {
	local tries zone file i v6 listen6
	local -a args=("$@")
	NAMED_DIR="$T/named"
	mkdir -p "$NAMED_DIR"
	NAMED_LOG="$NAMED_DIR/named.log"
	if have_v6; then
		v6=1
	else
		v6=0
	fi
	for tries in 1 2 3; do
		NAMED_PORT=$(zs_free_port) || die "no free port"
		if [ "$v6" = 1 ]; then
			listen6="listen-on-v6 port $NAMED_PORT { ::1; };"
		else
			listen6="listen-on-v6 { none; };"
		fi
		{
			cat <<EOF
options {
	directory "$NAMED_DIR";
	pid-file "$NAMED_DIR/named.pid";
	session-keyfile "$NAMED_DIR/session.key";
	managed-keys-directory "$NAMED_DIR";
	key-directory "$NAMED_DIR";
	listen-on port $NAMED_PORT { 127.0.0.1; };
	$listen6
	allow-transfer { any; };
	allow-query { any; };
	recursion no;
	notify no;
	dnssec-validation no;
	check-names primary ignore;
	max-records-per-type 0;
	max-types-per-name 0;
	max-transfer-time-out 10;
	transfers-out 50;
	tcp-clients 200;
};
controls { };
logging {
	channel out { stderr; severity info; print-time yes; };
	category default { out; };
	category xfer-out { out; };
};
EOF
			i=0
			while [ $((i + 1)) -lt ${#args[@]} ]; do
				zone=${args[i]} file=${args[i+1]}
				i=$((i + 2))
				case "$file" in
				/*) ;;
				*) file="$PWD/$file" ;;
				esac
				cat <<EOF
zone "$zone" {
	type primary;
	file "$file";
	check-names ignore;
	notify no;
	${NAMED_ZONE_OPTS[$zone]:-}
};
EOF
			done
		} >"$NAMED_DIR/named.conf"
		# Save the zone list for the readiness check.
		NAMED_ZONES=$(grep '^zone "' "$NAMED_DIR/named.conf" | \
		    sed 's/^zone "\(.*\)" {$/\1/')
		: >"$NAMED_LOG"
		"$NAMED" -g -c "$NAMED_DIR/named.conf" >>"$NAMED_LOG" 2>&1 &
		NAMED_PID=$!
		zs_track "$NAMED_PID"
		if zs_named_wait; then
			return 0
		fi
		if grep -q 'address in use' "$NAMED_LOG"; then
			note "port $NAMED_PORT taken, retrying"
			stop_pid "$NAMED_PID"
			continue
		fi
		show "$NAMED_LOG" 30
		die "named did not come up"
	done
	die "named did not come up after 3 ports"
}

# Wait until every configured zone answers SOA (or named dies).
zs_named_wait() {
	local deadline=$((SECONDS + 30)) zone ans
	while IFS= read -r zone; do
		[ -n "$zone" ] || continue
		while :; do
			if ! kill -0 "$NAMED_PID" 2>/dev/null; then
				return 1
			fi
			if grep -q 'address in use' "$NAMED_LOG"; then
				return 1
			fi
			ans=$(dig +short +norec +time=1 +tries=1 \
			    -p "$NAMED_PORT" @127.0.0.1 "$zone" SOA 2>/dev/null)
			[ -n "$ans" ] && case "$ans" in
				*"connection refused"* | *"timed out"*) ;;
				*) break ;;
			esac
			if [ "$SECONDS" -ge "$deadline" ]; then
				return 1
			fi
			sleep 0.2
		done
	done <<EOF
$NAMED_ZONES
EOF
	return 0
}

# ---------------------------------------------------------------- knot

# zs_knot_start ZONE FILE [ZONE FILE ...]: Knot DNS (knotd) as a second real
# primary on 127.0.0.1:$KNOT_PORT, serving AXFR and IXFR from its journal:
# `zonefile-load: difference` turns each edit of a zone file (serial bumped)
# into a journal entry on zs_knot_reload.  Sets KNOT_PID, KNOT_PORT,
# KNOT_DIR, KNOT_CONF, KNOT_LOG.  Zone files are read, never written back.
zs_knot_start() {
	local tries zone file i
	local -a args=("$@")
	command -v knotd >/dev/null 2>&1 ||
	    die "knotd not installed (contrib/setup-deps.sh installs knot)"
	KNOT_DIR="$T/knot"
	mkdir -p "$KNOT_DIR/db"
	KNOT_CONF="$KNOT_DIR/knot.conf"
	KNOT_LOG="$KNOT_DIR/knot.log"
	for tries in 1 2 3; do
		KNOT_PORT=$(zs_free_port) || die "no free port"
		{
			cat <<EOF
server:
    rundir: "$KNOT_DIR"
    listen: 127.0.0.1@$KNOT_PORT
control:
    listen: "$KNOT_DIR/knot.sock"
database:
    storage: "$KNOT_DIR/db"
log:
  - target: stderr
    any: info
acl:
  - id: xfr
    address: 127.0.0.0/8
    action: transfer
template:
  - id: default
    storage: "$KNOT_DIR"
    zonefile-sync: -1
    zonefile-load: difference
    journal-content: changes
    semantic-checks: off
    acl: xfr
zone:
EOF
			i=0
			while [ $((i + 1)) -lt ${#args[@]} ]; do
				zone=${args[i]} file=${args[i+1]}
				i=$((i + 2))
				case "$file" in
				/*) ;;
				*) file="$PWD/$file" ;;
				esac
				printf '  - domain: "%s."\n    file: "%s"\n' \
				    "${zone%.}" "$file"
			done
		} >"$KNOT_CONF"
		: >"$KNOT_LOG"
		knotd -c "$KNOT_CONF" >>"$KNOT_LOG" 2>&1 &
		KNOT_PID=$!
		zs_track "$KNOT_PID"
		i=0
		while [ "$i" -lt 50 ]; do
			kill -0 "$KNOT_PID" 2>/dev/null || break
			[ -n "$(dig +short +norec +time=1 +tries=1 \
			    -p "$KNOT_PORT" @127.0.0.1 "${args[0]}" SOA 2>/dev/null |
			    grep -v '^;')" ] && return 0
			sleep 0.2
			i=$((i + 1))
		done
		if grep -qi 'address.*in use' "$KNOT_LOG"; then
			note "port $KNOT_PORT taken, retrying"
			stop_pid "$KNOT_PID"
			continue
		fi
		show "$KNOT_LOG" 30
		die "knotd did not come up"
	done
	die "knotd did not come up after 3 ports"
}

# zs_knot_reload ZONE: Knot rereads ZONE's file (after an edit that bumped
# the serial) and journals the difference.  Knot skips a file whose mtime
# has not moved, so the file is dated a few seconds ahead first.
zs_knot_reload() {
	local file
	file=$(awk -v z="\"${1%.}.\"" '$2 == "domain:" && $3 == z { f = 1; next }
	    f && $1 == "file:" { gsub(/"/, "", $2); print $2; exit }' "$KNOT_CONF")
	[ -n "$file" ] && touch -d "@$(($(date +%s) + 2))" "$file"
	knotc -c "$KNOT_CONF" zone-reload "${1%.}." >/dev/null
}

# Reload the primary after editing its zone files (SIGHUP to our named).
zs_named_reload() {
	kill -HUP "$NAMED_PID"
}

# serial_of ZONE: the SOA serial our named serves now.
serial_of() {
	dig +short +norec +time=1 +tries=2 -p "$NAMED_PORT" @127.0.0.1 "$1" SOA |
	    awk '{ print $3 }'
}

# ---------------------------------------------------------------- xfr

# zs_xfr ARGS...: run `zonesyncd xfr ARGS` with a hard 120 s limit.
# Sets XFR_RC, XFR_OUT (stdout file), XFR_ERR (stderr file), XFR_SECS.
ZS_XFR_N=0
zs_xfr() {
	local t0 t1
	ZS_XFR_N=$((ZS_XFR_N + 1))
	XFR_OUT="$T/xfr$ZS_XFR_N.out"
	XFR_ERR="$T/xfr$ZS_XFR_N.err"
	t0=$(date +%s.%N)
	if [ "${ZS_STANDIN:-}" = dig ]; then
		timeout -k 5 120 bash -c '. "$0"; xfr_standin "$@"' \
		    "$ZS_IT/standin.sh" "$@" >"$XFR_OUT" 2>"$XFR_ERR"
	else
		timeout -k 5 120 "$ZONESYNCD" xfr "$@" >"$XFR_OUT" 2>"$XFR_ERR"
	fi
	XFR_RC=$?
	t1=$(date +%s.%N)
	XFR_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	return 0
}

# zs_xfr_cmd: set the array XFR_CMD to the command line of `zonesyncd xfr`
# (or its stand-in), for tests that run it in the background.
zs_xfr_cmd() {
	if [ "${ZS_STANDIN:-}" = dig ]; then
		XFR_CMD=(bash -c '. "$0"; exec 3>&-; xfr_standin "$@"' "$ZS_IT/standin.sh")
	else
		XFR_CMD=("$ZONESYNCD" xfr)
	fi
}

# expect_xfr_ok ZONE SERIAL COUNT OUTFILE: a successful run: exit 0, one
# stdout line naming zone, serial and record count, nothing fatal on stderr,
# output file present.
expect_xfr_ok() {
	local zone=$1 serial=$2 count=$3 out=$4 line nl
	if [ "$XFR_RC" -eq 0 ]; then
		ok "xfr $zone exit 0 (${XFR_SECS}s)"
	else
		bad "xfr $zone exit $XFR_RC (${XFR_SECS}s)"
		show "$XFR_ERR"
		show "$XFR_OUT"
		return 1
	fi
	nl=$(grep -c '' "$XFR_OUT")
	line=$(head -n 1 "$XFR_OUT")
	echo "    summary: $line"
	if [ "$nl" -eq 1 ]; then
		ok "one summary line"
	else
		bad "summary is $nl lines, want 1"
		show "$XFR_OUT"
	fi
	# Zone name as given or with trailing dot; root may be "." or "root".
	case "$zone" in
	.) check "summary names zone ." \
	    bash -c '[[ "$1" =~ (^|[^[:alnum:]])\.([^[:alnum:]]|$) ]]' _ "$line" ;;
	*) check "summary names zone $zone" \
	    grep -qiF -- "${zone%.}" <<<"$line" ;;
	esac
	check "summary has serial $serial" grep -qw -- "$serial" <<<"$line"
	if grep -qw -- "$count" <<<"$line"; then
		ok "summary has record count $count"
	elif grep -qw -- "$((count + 1))" <<<"$line"; then
		bad "summary record count $((count + 1)) counts the closing SOA (zone has $count RRs)"
	else
		bad "summary lacks record count $count"
	fi
	if [ -s "$XFR_ERR" ]; then
		note "stderr on success:"
		show "$XFR_ERR" 5
	fi
	check "output file $out exists" test -s "$out"
}

# expect_xfr_fail WHAT ZONE SERVER: non-zero exit, exactly one stderr line
# naming zone and server, nothing on stdout.
expect_xfr_fail() {
	local what=$1 zone=$2 server=$3 nl line
	if [ "$XFR_RC" -ne 0 ] && [ "$XFR_RC" -lt 124 ]; then
		ok "$what: exit $XFR_RC (${XFR_SECS}s)"
	elif [ "$XFR_RC" -ge 124 ]; then
		bad "$what: exit $XFR_RC (timeout/killed after ${XFR_SECS}s)"
	else
		bad "$what: exit 0, want failure"
		show "$XFR_OUT"
	fi
	nl=$(grep -c '' "$XFR_ERR")
	line=$(head -n 1 "$XFR_ERR")
	echo "    stderr: $line"
	if [ "$nl" -eq 1 ]; then
		ok "$what: one-line error"
	else
		bad "$what: stderr has $nl lines, want 1"
		show "$XFR_ERR"
	fi
	check "$what: error names zone $zone" grep -qiF -- "${zone%.}" <<<"$line"
	check "$what: error names server $server" grep -qF -- "$server" <<<"$line"
	if [ -s "$XFR_OUT" ]; then
		bad "$what: stdout not empty on failure"
		show "$XFR_OUT"
	else
		ok "$what: stdout empty"
	fi
}

# ---------------------------------------------------------------- zones

# canon ZONE FILE: named-compilezone's full-name dump, comments dropped,
# lines sorted bytewise (padding is deterministic), so two files holding the same
# RRs (same owner case, TTLs, rdata) give identical output whatever their
# order, relative names or $ORIGIN/$TTL use.  Fails if the file won't load.
canon() {
	local zone=$1 file=$2 tmp fmt=text
	tmp=$(mktemp "$T/canon.XXXXXX")
	# BIND raw files (masterfile-format raw) start with format 2, version 1.
	if [ "$(head -c 8 "$file" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = \
	    0000000200000001 ]; then
		fmt=raw
	fi
	if ! named-compilezone -q -k ignore -i none -n ignore -m ignore \
	    -M ignore -r ignore -S ignore -W ignore -s full \
	    -f "$fmt" -F text -o "$tmp" "$zone" "$file" >"$tmp.log" 2>&1; then
		cat "$tmp.log" >&2
		rm -f "$tmp" "$tmp.log"
		return 1
	fi
	grep -v "^;" "$tmp" | sort
	rm -f "$tmp" "$tmp.log"
}

# count_rrs ZONE FILE: number of RRs in the zone (SOA once).
count_rrs() {
	canon "$1" "$2" | grep -c ''
}

# assert_same_zone ZONE EXPECTED GOT
assert_same_zone() {
	local zone=$1 a=$2 b=$3 ca cb
	ca="$T/canon.a.$$.$RANDOM" cb="$T/canon.b.$$.$RANDOM"
	if ! canon "$zone" "$a" >"$ca"; then
		bad "$zone: expected file $a does not load"
		return 1
	fi
	if ! canon "$zone" "$b" >"$cb" 2>"$cb.err"; then
		bad "$zone: written file does not load in named-compilezone"
		show "$cb.err"
		return 1
	fi
	if cmp -s "$ca" "$cb"; then
		ok "$zone: same content as the source ($(grep -c '' "$ca") RRs)"
		rm -f "$ca" "$cb" "$cb.err"
		return 0
	fi
	bad "$zone: content differs from the source (- source, + written)"
	diff -u "$ca" "$cb" | sed -n '3,40p' | cut -c1-200 | sed 's/^/    /'
	return 1
}

# assert_checkzone ZONE FILE: named-checkzone accepts it.
assert_checkzone() {
	local zone=$1 file=$2
	if named-checkzone -q -k ignore -i none "$zone" "$file" \
	    >"$T/checkzone.log" 2>&1; then
		ok "named-checkzone accepts $(basename "$file")"
	else
		bad "named-checkzone rejects $(basename "$file")"
		named-checkzone -k ignore -i none "$zone" "$file" \
		    >"$T/checkzone.log" 2>&1
		show "$T/checkzone.log"
	fi
}

# assert_header FILE ZONE SERIAL [COUNT]: the written file's shape per the
# contract: leading ';' comment lines (naming serial and record count), then
# `$ORIGIN zone.`, then the SOA; every line ends in LF, no CR, final LF.
assert_header() {
	local file=$1 zone=$2 serial=$3 count=${4:-} origin first
	origin="${zone%.}."
	[ "$zone" = . ] && origin=.
	if head -n 1 "$file" | grep -q '^;'; then
		ok "file starts with ; comment header"
	else
		bad "file does not start with a ; comment header"
	fi
	check "header names serial $serial" \
	    bash -c 'sed -n "/^[^;]/q;p" "$1" | grep -qw "$2"' _ "$file" "$serial"
	[ -z "$count" ] || check "header names record count $count" \
	    bash -c 'sed -n "/^[^;]/q;p" "$1" | grep -qw "$2"' _ "$file" "$count"
	if grep -q $'\r' "$file"; then bad "file contains CR characters"; fi
	if [ -n "$(tail -c 1 "$file")" ]; then bad "file does not end with a newline"; fi
	first=$(grep -v '^;' "$file" | grep -v '^[[:space:]]*$' | head -n 1)
	if [ "$first" = "\$ORIGIN $origin" ]; then
		ok "first directive is \$ORIGIN $origin"
	else
		bad "first non-comment line is '$first', want '\$ORIGIN $origin'"
	fi
	first=$(grep -v '^;' "$file" | grep -v '^[[:space:]]*$' |
	    grep -v '^\$' | head -n 1)
	if awk '{ for (i = 1; i <= NF; i++) if ($i == "SOA") f = 1 }
	    END { exit !f }' <<<"$first"; then
		ok "first record is the SOA"
	else
		bad "first record is not the SOA: $first"
	fi
}

# leftover_tmp DIR NAME: list temp files the writer left (.NAME.*).
leftover_tmp() {
	find "$1" -maxdepth 1 -name ".$2.*" 2>/dev/null
}

# stale_tmp DIR NAME PID: the temp files in DIR that process PID does not
# hold open. A daemon that retries a transfer every second legitimately has
# one open at almost any moment; a file it no longer holds is a leftover.
stale_tmp() {
	local f open
	open=$(for fd in /proc/"$3"/fd/*; do readlink "$fd"; done 2>/dev/null)
	for f in $(leftover_tmp "$1" "$2"); do
		grep -qxF -- "$(readlink -f "$f")" <<<"$open" || echo "$f"
	done
}
