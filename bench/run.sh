#!/usr/bin/env bash
# bench/run.sh - `make bench`: zonesyncd against dig, kdig and named itself.
#
# Everything runs on 127.0.0.1 on random high ports (never 53); every
# process this script starts is stopped by PID from the EXIT trap; all data
# is generated under bench/out/ (gitignored).  Results: bench/RESULTS.md,
# raw numbers in bench/out/results/.
#
# Sections (see bench/RESULTS.md "Method"):
#   a  AXFR to a file: zonesyncd xfr vs dig vs kdig, per zone size
#   b  SOA sweep: zonesyncd --once over N current zones vs kdig / dig -f
#   c  first fill of N tiny zones: zonesyncd --once (rndc, verify) vs named
#      as a secondary (BIND defaults, capped; and tuned)
#   d  end to end after a serial bump (NOTIFY): agent vs named secondary,
#      and the local named's own `rndc reload ZONE` time
#   e  idle daemon with N current zones: CPU and RSS
#   f  profile of `zonesyncd xfr` (perf, else callgrind)
#   g  masterfile-format raw: named's load of the agent's raw file vs its
#      text file; end to end after a serial bump with the agent writing
#      raw, beside named's own secondary in the same named
#   h  catalog zone: first fill of N members, and a member added to the
#      catalog served after the catalog's NOTIFY
#   i  IXFR end to end: a one-record change in the big zones, by IXFR
#      (bytes, the agent's CPU and peak RSS for the update), beside the
#      agent's AXFR path and named's own secondary, from their own primary
#      (ixfr-from-differences) and a dedicated agent
#
# Environment (defaults in brackets):
#   BENCH_QUICK=1            ~1-minute smoke run (small sizes, 1000 zones)
#   BENCH_SIZES              zone sizes in records ["10000 100000 1000000"]
#   BENCH_REPS               AXFR repetitions per tool and size [9]
#   BENCH_TINY               number of tiny zones [10000]
#   BENCH_SWEEP_REPS         SOA sweep repetitions [5]
#   BENCH_FILL_REPS          first-fill repetitions (agent, tuned named) [3]
#   BENCH_FILL_CAP           cap for named with BIND defaults, seconds [120]
#   BENCH_FILL_TUNED_CAP     cap for tuned named, seconds [300]
#   BENCH_E2E_SIZES          end-to-end sizes [BENCH_SIZES]
#   BENCH_E2E_REPS           serial bumps per size and kind [7; 3 for 1M]
#   BENCH_IDLE_SECS          idle measurement, seconds [60]
#   BENCH_PROFILE=0          skip the profile
#   BENCH_SECTIONS           which sections to run ["a b c d e f g h i"];
#                            `make bench BENCH_SECTIONS=i` runs one.  The
#                            shared primary (all sizes, tiny zones) is
#                            started only for a..g; h and i have their own
#   BENCH_RAW_SIZES          section g sizes [the sizes >= 100000]
#   BENCH_RAW_REPS           loads and bumps per format and size [5; 3 at 1M]
#   BENCH_REPORT             where report.py writes [bench/RESULTS.md]
#   BENCH_CAT_MEMBERS        section h: catalog members [1000]
#   BENCH_CAT_REPS           section h: fills and member additions [3]
#   BENCH_IXFR_SIZES         section i sizes [the sizes >= 100000]
#   BENCH_IXFR_REPS          section i changes per path and size [5; 3 at 1M]
#                            (the poller starts before each change and says
#                            when it is asking: BENCH_POLL_READY in dnsq.py)
#   ZONESYNCD, NAMED         binaries [agent/zonesyncd, /usr/sbin/named]
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -uo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B="$ROOT/bench"
OUT="$B/out"
R="$OUT/results"
ZSD=${ZONESYNCD:-$ROOT/agent/zonesyncd}
NAMED=${NAMED:-/usr/sbin/named}
DNSQ="python3 $B/dnsq.py"
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then
	SIZES=${BENCH_SIZES:-"10000 100000"}
	REPS=${BENCH_REPS:-3}
	TINY=${BENCH_TINY:-1000}
	SWEEP_REPS=${BENCH_SWEEP_REPS:-3}
	FILL_REPS=${BENCH_FILL_REPS:-1}
	FILL_CAP=${BENCH_FILL_CAP:-10}
	FILL_TUNED_CAP=${BENCH_FILL_TUNED_CAP:-30}
	E2E_SIZES=${BENCH_E2E_SIZES:-"10000"}
	E2E_REPS=${BENCH_E2E_REPS:-1}
	IDLE=${BENCH_IDLE_SECS:-5}
	PROFILE=${BENCH_PROFILE:-0}
else
	SIZES=${BENCH_SIZES:-"10000 100000 1000000"}
	REPS=${BENCH_REPS:-9}
	TINY=${BENCH_TINY:-10000}
	SWEEP_REPS=${BENCH_SWEEP_REPS:-5}
	FILL_REPS=${BENCH_FILL_REPS:-3}
	FILL_CAP=${BENCH_FILL_CAP:-120}
	FILL_TUNED_CAP=${BENCH_FILL_TUNED_CAP:-300}
	E2E_SIZES=${BENCH_E2E_SIZES:-$SIZES}
	E2E_REPS=${BENCH_E2E_REPS:-7}
	IDLE=${BENCH_IDLE_SECS:-60}
	PROFILE=${BENCH_PROFILE:-1}
fi
SECTIONS=${BENCH_SECTIONS:-"a b c d e f g h i"}
RAW_SIZES=${BENCH_RAW_SIZES:-$(for n in $SIZES; do [ "$n" -ge 100000 ] && echo "$n"; done)}
[ -n "$RAW_SIZES" ] || RAW_SIZES=$(echo $SIZES | awk '{ print $NF }')
RAW_REPS=${BENCH_RAW_REPS:-5}
CAT_N=${BENCH_CAT_MEMBERS:-1000}
CAT_REPS=${BENCH_CAT_REPS:-3}
IXFR_SIZES=${BENCH_IXFR_SIZES:-$RAW_SIZES}
IXFR_REPS=${BENCH_IXFR_REPS:-$([ "$QUICK" = 1 ] && echo 2 || echo 5)}
IXFR_REPS_1M=${BENCH_IXFR_REPS:-$([ "$QUICK" = 1 ] && echo 1 || echo 3)}
SERIAL0=2026010100

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "FATAL: $*"; exit 1; }
want() { case " $SECTIONS " in *" $1 "*) return 0 ;; esac; return 1; }
# need_main: a section that uses the shared primary (and its big zones)
need_main() { local x; for x in a b c d e f g; do want "$x" && return 0; done; return 1; }
now() { date +%s.%N; }
label() {	# 10000 -> 10k
	case $1 in
	*000000) echo "${1%000000}m" ;;
	*000) echo "${1%000}k" ;;
	*) echo "$1" ;;
	esac
}

# ------------------------------------------------------------ processes

PIDS=""
track() { PIDS="$1 $PIDS"; }
stop_pid() {
	local pid=$1 i
	[ -n "$pid" ] || return 0
	if kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null
		for i in $(seq 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	PIDS=$(echo " $PIDS " | sed "s/ $pid / /")
	return 0
}
cleanup() {
	local pid
	trap - EXIT
	for pid in $PIDS; do
		stop_pid "$pid"
	done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# free_ports N: N distinct ports free for TCP and UDP on 127.0.0.1.
free_ports() {
	python3 "$ROOT/contrib/free-ports.py" "$1"
}

# named_start NAME DIR: start named -g -c DIR/named.conf in the background;
# sets NPID.  The config is written by the caller.
named_start() {
	local name=$1 dir=$2
	"$NAMED" -g -c "$dir/named.conf" >"$dir/named.log" 2>&1 &
	NPID=$!
	track "$NPID"
	log "$name named pid $NPID"
}

# rndc_ok RNDCCONF: the control channel answers.
rndc_wait() {
	local conf=$1 secs=$2 pid=$3 i
	for i in $(seq $((secs * 5))); do
		kill -0 "$pid" 2>/dev/null || return 1
		rndc -c "$conf" status >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	return 1
}

# named_up NAME DIR WRITER RNDCFILE CTLVAR [DNSVAR]: run WRITER (writes
# DIR/named.conf from the current port variables), start named, wait for
# its control channel.  Other processes share this machine: when named
# says "address in use" (control or DNS port), pick new ports for CTLVAR
# (and DNSVAR when given) and try again, 3 times at most.  Sets NPID and
# NAMED_T0 (when the successful named was started).
named_up() {
	local name=$1 dir=$2 writer=$3 rc=$4 cv=$5 pv=${6:-} try p c
	for try in 1 2 3; do
		"$writer"
		rndc_conf "$rc" "${!cv}"
		NAMED_T0=$(now)
		named_start "$name" "$dir"
		if rndc_wait "$rc" 120 "$NPID" && ! grep -q 'address in use' "$dir/named.log"; then
			return 0
		fi
		if grep -q 'address in use' "$dir/named.log"; then
			if grep 'address in use' "$dir/named.log" | grep -qv 'command channel' && [ -z "$pv" ]; then
				grep 'address in use' "$dir/named.log" | head -2
				return 1
			fi
			log "$name: a port is in use by another process; new ports"
			stop_pid "$NPID"
			read -r p c < <(free_ports 2)
			printf -v "$cv" %s "$c"
			[ -n "$pv" ] && printf -v "$pv" %s "$p"
			continue
		fi
		return 1
	done
	return 1
}

# The local named loads the agent's files as `type primary`; these are the
# zone options contrib/named.conf.snippet recommends there, so that it
# applies the checks BIND applies to a secondary's transferred zone (none
# of the primary-only integrity checks).  The primary keeps the defaults.
LOCAL_CHECKS='	check-integrity no; check-mx ignore; check-mx-cname ignore;
	check-srv-cname ignore; check-dup-records ignore; check-spf ignore;
	check-wildcard no; check-sibling no;'

# settle: before a timed section, flush what the previous one left dirty
# (dig and kdig write 64 MB files without fsync; the kernel would write
# them back during the next section's timings) and let named go idle.
settle() {
	sync
	sleep 2
}

rndc_conf() {	# FILE PORT
	cat >"$1" <<EOF
include "$OUT/rndc.key";
options { default-key "bench-rndc"; default-server 127.0.0.1; default-port $2; };
EOF
}

named_opts() {	# DIR PORT CTLPORT: the common options + controls
	cat <<EOF
include "$OUT/rndc.key";
controls { inet 127.0.0.1 port $3 allow { 127.0.0.1; } keys { "bench-rndc"; }; };
options {
	directory "$1";
	pid-file "$1/named.pid";
	session-keyfile "$1/session.key";
	managed-keys-directory "$1";
	listen-on port $2 { 127.0.0.1; };
	listen-on-v6 { none; };
	allow-query { any; };
	recursion no;
	dnssec-validation no;
	check-names primary ignore;
	check-names secondary ignore;
	max-records-per-type 0;
	max-types-per-name 0;
	notify-source 127.0.0.1;
	transfer-source 127.0.0.1;
EOF
}

# timed FILE CMD...: run CMD under /usr/bin/time (bounded), append
# "wall user sys maxrss_kb" to FILE's line; prints nothing.  Exit = CMD's.
# W is set to the wall time measured here (ns clock; /usr/bin/time's %e has
# only 10 ms resolution); UR is "user<TAB>sys<TAB>maxrss_kb" from time.
timed() {
	local tf=$1 t0 t1 rc
	shift
	t0=$(now)
	timeout -k 5 "${TIMED_LIMIT:-600}" /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@"
	rc=$?
	t1=$(now)
	W=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
	UR=$(tail -1 "$tf" | awk '{ printf "%s\t%s\t%s", $2, $3, $4 }')
	return $rc
}

# ------------------------------------------------------------ set-up

[ -x "$ZSD" ] || die "$ZSD not built (make agent/zonesyncd)"
[ -x "$NAMED" ] || die "$NAMED not found"
for c in dig rndc rndc-confgen python3 /usr/bin/time timeout; do
	command -v "$c" >/dev/null || die "$c not found"
done
HAVE_KDIG=1
if ! command -v kdig >/dev/null; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		log "kdig missing: apt-get install knot-dnsutils"
		timeout 300 apt-get install -y -q knot-dnsutils >/dev/null 2>&1 ||
		    { timeout 300 apt-get update -q >/dev/null 2>&1 &&
		      timeout 300 apt-get install -y -q knot-dnsutils >/dev/null 2>&1; }
	fi
	command -v kdig >/dev/null || { HAVE_KDIG=0; log "note: no kdig, kdig columns skipped"; }
fi

T_START=$(now)
mkdir -p "$OUT"
rm -rf "$R" "$OUT/axfr" "$OUT/sweep" "$OUT/fill" "$OUT/e2e" "$OUT/primary" "$OUT/idle" \
    "$OUT/raw"
mkdir -p "$R" "$OUT/zones" "$OUT/axfr" "$OUT/primary"

{
	echo "date	$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "nproc	$(nproc)"
	echo "cpu	$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
	echo "mem	$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "kernel	$(uname -sr)"
	echo "os	$(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-?}")"
	echo "named	$("$NAMED" -v 2>&1 | head -1)"
	echo "dig	$(dig -v 2>&1 | head -1)"
	echo "kdig	$( [ "$HAVE_KDIG" = 1 ] && kdig -V 2>&1 | head -1 || echo none)"
	echo "zonesyncd	$(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo '?')"
	echo "python	$(python3 -V 2>&1)"
	echo "quick	$QUICK"
	echo "sizes	$SIZES"
	echo "reps	$REPS"
	echo "tiny	$TINY"
	echo "sweep_reps	$SWEEP_REPS"
	echo "fill_reps	$FILL_REPS"
	echo "fill_cap	$FILL_CAP"
	echo "fill_tuned_cap	$FILL_TUNED_CAP"
	echo "e2e_sizes	$E2E_SIZES"
	echo "e2e_reps	$E2E_REPS"
	echo "idle_secs	$IDLE"
	echo "raw_sizes	$(echo $RAW_SIZES)"
	echo "raw_reps	$RAW_REPS"
	echo "sections	$SECTIONS"
	echo "ixfr_sizes	$(echo $IXFR_SIZES)"
	echo "ixfr_reps	$IXFR_REPS"
	echo "ixfr_reps_1m	$IXFR_REPS_1M"
	echo "loadavg_start	$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$R/env.tsv"

# Zones: generated once per (size, seed); reused while bench/out stays.
gen_zone() {	# SIZE
	local f="$OUT/zones/gen-$1.db"
	[ -s "$f" ] || python3 "$B/genzone.py" zone -n "$1" -s 1 -o "$f" ||
	    die "genzone $1"
}
if need_main; then
	log "generating zones (sizes: $SIZES; $TINY tiny zones)"
	for n in $SIZES; do gen_zone "$n"; done
fi
if [ ! -s "$OUT/zones/tiny-$TINY/zones.txt" ]; then
	rm -rf "$OUT/zones/tiny-$TINY"
	python3 "$B/genzone.py" tiny -c "$TINY" -s 1 -d "$OUT/zones/tiny-$TINY" ||
	    die "genzone tiny"
fi
TZ_DIR="$OUT/zones/tiny-$TINY"
ZLIST="$TZ_DIR/zones.txt"

rm -f "$OUT/rndc.key"
rndc-confgen -a -A hmac-sha256 -c "$OUT/rndc.key" -k bench-rndc >/dev/null 2>&1 ||
    die "rndc-confgen"

read -r PP PC NP LP LC FP FC < <(free_ports 7)
# PP/PC primary (dns/control), NP agent NOTIFY, LP/LC local named (e2e),
# FP/FC the fill named (local for the agent, or the secondary)
log "ports: primary $PP ctl $PC, notify $NP, local $LP ctl $LC, fill $FP ctl $FC"
rndc_conf "$OUT/primary.rndc" "$PC"
rndc_conf "$OUT/local.rndc" "$LC"
rndc_conf "$OUT/fill.rndc" "$FC"

# Primary: every big zone twice (the agent's zone and the twin a named
# secondary follows), and the tiny zones.
PD="$OUT/primary"
if need_main; then
	for n in $SIZES; do
		l=$(label "$n")
		cp "$OUT/zones/gen-$n.db" "$PD/s$l.db"
		cp "$OUT/zones/gen-$n.db" "$PD/s$l-twin.db"
		cp "$OUT/zones/gen-$n.db" "$PD/s$l-script.db"
	done
fi
write_primary_conf() {
{
	named_opts "$PD" "$PP" "$PC"
	cat <<EOF
	allow-transfer { any; };
	notify no;
	transfers-out 200;
	tcp-clients 2000;
	max-transfer-time-out 60;
};
logging { channel out { stderr; severity notice; print-time yes; };
	category default { out; }; };
EOF
	for n in $SIZES; do
		l=$(label "$n")
		cat <<EOF
zone "s$l.bench" { type primary; file "$PD/s$l.db"; notify explicit;
	also-notify { 127.0.0.1 port $NP; }; notify-delay 0; };
zone "s$l-twin.bench" { type primary; file "$PD/s$l-twin.db"; notify explicit;
	also-notify { 127.0.0.1 port $LP; }; notify-delay 0; };
zone "s$l-script.bench" { type primary; file "$PD/s$l-script.db"; notify no; };
EOF
	done
	cat "$TZ_DIR/primary.conf"
} >"$PD/named.conf"
}
for n in $SIZES; do
	for v in "" -twin -script; do echo "s$(label "$n")$v.bench"; done
done >"$OUT/primary-big.txt"

if need_main; then
	log "starting the primary (loads $(echo $SIZES | wc -w) zone sizes three times + $TINY zones)"
	named_up primary "$PD" write_primary_conf "$OUT/primary.rndc" PC PP ||
	    { tail "$PD/named.log"; die "primary did not start"; }
	t0=$NAMED_T0
	PRIMARY_PID=$NPID
	log "ports: primary $PP ctl $PC"
	cat "$OUT/primary-big.txt" "$ZLIST" >"$OUT/primary-all.txt"
	all=$(wc -l <"$OUT/primary-all.txt")
	res=$($DNSQ fill "$PP" "$OUT/primary-all.txt" "$t0" 300 0.5 | tail -1)
	set -- $res
	[ "$2" = "$all" ] || { tail "$PD/named.log"; die "primary serves $2 of $all zones"; }
	log "primary serves all $all zones after $4 s"
	echo "primary_load_s	$4" >>"$R/env.tsv"
fi

# ------------------------------------------------------------ a: AXFR

if want a; then
	log "a: AXFR to file, $REPS interleaved runs per tool"
	printf 'size\ttool\trep\twall\tuser\tsys\trss_kb\tbytes\trecords\trc\n' >"$R/axfr.tsv"
	tools="zonesyncd dig"
	[ "$HAVE_KDIG" = 1 ] && tools="$tools kdig"
	axfr_run() {	# SIZE TOOL REP
		local n=$1 tool=$2 rep=$3 l z f tf rc recs bytes
		l=$(label "$n")
		z="s$l.bench"
		f="$OUT/axfr/$tool.$l.zone"
		tf="$OUT/axfr/time"
		rm -f "$f"
		case $tool in
		zonesyncd) timed "$tf" "$ZSD" xfr -p "$PP" -o "$f" "$z" @127.0.0.1 \
		    >"$OUT/axfr/zs.out" 2>"$OUT/axfr/zs.err" ;;
		dig) timed "$tf" dig @127.0.0.1 -p "$PP" "$z" AXFR +onesoa >"$f" 2>/dev/null ;;
		kdig) timed "$tf" kdig @127.0.0.1 -p "$PP" "$z" AXFR >"$f" 2>/dev/null ;;
		esac
		rc=$?
		bytes=$(stat -c %s "$f" 2>/dev/null || echo 0)
		# records: lines that are neither comments, directives nor empty
		recs=$(grep -cv -e '^;' -e '^\$' -e '^[[:space:]]*$' "$f" 2>/dev/null)
		[ "$rep" = warm ] && return 0
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$rep" \
		    "$W" "$UR" "$bytes" "$recs" "$rc" >>"$R/axfr.tsv"
	}
	for n in $SIZES; do
		TIMED_LIMIT=600
		for tool in $tools; do axfr_run "$n" "$tool" warm; done
		for rep in $(seq "$REPS"); do
			for tool in $tools; do axfr_run "$n" "$tool" "$rep"; done
		done
		log "  $(label "$n"): $(awk -F'\t' -v n="$n" '$1 == n { printf "%s=%ss ", $2, $4 }' "$R/axfr.tsv")"
		if ! grep -q . "$OUT/axfr/zs.out"; then
			log "  zonesyncd xfr said nothing on stdout: $(head -c 300 "$OUT/axfr/zs.err")"
		fi
		cp "$OUT/axfr/zs.out" "$R/xfr-summary-$(label "$n").txt"
	done
fi

# ------------------------------------------------------------ agent conf

SOAD="$OUT/sweep/agent"
mkdir -p "$SOAD"
zone_stmts() {	# ZONELIST: agent zone statements at the primary
	awk -v p="$PP" '{ printf "zone \"%s\" { primaries { 127.0.0.1 port %s; }; };\n", $1, p }' "$1"
}
{
	cat <<EOF
options {
	directory "$SOAD";
	pid-file "$SOAD/zonesyncd.pid";
	control-socket "$SOAD/ctl.sock";
	status-file "$SOAD/status.json";
	reload-command "true";
	reload-all-command "true";
};
EOF
	zone_stmts "$ZLIST"
} >"$OUT/sweep/agent.conf"

prefill() {
	[ -n "${PREFILLED:-}" ] && return 0
	log "prefill: zonesyncd --once over $TINY empty zones (reload: true; not measured)"
	local t0 rc
	t0=$(now)
	timeout -k 5 900 "$ZSD" --once -c "$OUT/sweep/agent.conf" >"$OUT/sweep/prefill.log" 2>&1
	rc=$?
	local nf
	nf=$(find "$SOAD" -name '*.zone' | wc -l)
	log "prefill: exit $rc, $nf zone files, $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s"
	echo "prefill	$rc	$nf	$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')" >"$R/prefill.tsv"
	[ "$rc" = 0 ] || tail -5 "$OUT/sweep/prefill.log"
	PREFILLED=1
}

# ------------------------------------------------------------ b: SOA sweep

if want b; then
	prefill
	settle
	log "b: SOA sweep over $TINY current zones, $SWEEP_REPS interleaved runs"
	printf 'tool\trep\twall\tuser\tsys\trss_kb\tanswered\trc\n' >"$R/sweep.tsv"
	# dig batch file; kdig takes every name on one command line
	awk '{ print $1 " SOA" }' "$ZLIST" >"$OUT/sweep/dig.batch"
	mapfile -t KARGS < <(awk '{ print $1; print "SOA" }' "$ZLIST")
	for rep in $(seq "$SWEEP_REPS"); do
		tf="$OUT/sweep/time"
		timed "$tf" "$ZSD" --once -c "$OUT/sweep/agent.conf" >"$OUT/sweep/once.log" 2>&1
		rc=$?
		# answered: a current zone logs nothing per zone; exit 0 means all
		# zones were checked and current.
		ans=$([ "$rc" = 0 ] && echo "$TINY" || echo "?")
		printf 'zonesyncd\t%s\t%s\t%s\t%s\n' "$rep" "$W	$UR" "$ans" "$rc" >>"$R/sweep.tsv"
		if [ "$HAVE_KDIG" = 1 ]; then
			timed "$tf" kdig @127.0.0.1 -p "$PP" +norec +noall +answer "${KARGS[@]}" \
			    >"$OUT/sweep/kdig.out" 2>/dev/null
			rc=$?
			ans=$(awk '$4 == "SOA"' "$OUT/sweep/kdig.out" | wc -l)
			printf 'kdig\t%s\t%s\t%s\t%s\n' "$rep" "$W	$UR" "$ans" "$rc" >>"$R/sweep.tsv"
		fi
		timed "$tf" dig @127.0.0.1 -p "$PP" +norec +noall +answer -f "$OUT/sweep/dig.batch" \
		    >"$OUT/sweep/dig.out" 2>/dev/null
		rc=$?
		ans=$(awk '$4 == "SOA"' "$OUT/sweep/dig.out" | wc -l)
		printf 'dig-f\t%s\t%s\t%s\t%s\n' "$rep" "$W	$UR" "$ans" "$rc" >>"$R/sweep.tsv"
	done
	cp "$OUT/sweep/once.log" "$R/sweep-once-last.log"
	log "  $(awk -F'\t' 'NR > 1 { printf "%s=%ss(%s) ", $1, $3, $7 }' "$R/sweep.tsv")"
fi

# ------------------------------------------------------------ c: first fill

FD="$OUT/fill"
fill_local_conf() {	# the local named the agent feeds: zones from $FD/agent
	{
		named_opts "$FD/local" "$FP" "$FC"
		cat <<EOF
	notify no;
$LOCAL_CHECKS
};
logging { channel out { stderr; severity notice; print-time yes; };
	category default { out; }; };
EOF
		awk -v d="$FD/agent" '{ printf "zone \"%s\" { type primary; file \"%s/%s.zone\"; notify no; };\n", $1, d, $1 }' "$ZLIST"
	} >"$FD/local/named.conf"
}
fill_sec_conf() {	# DIR EXTRA-OPTIONS: named as a secondary of the tiny zones
	{
		named_opts "$1" "$FP" "$FC"
		printf '\tnotify no;\n%s\n};\n' "$2"
		cat <<EOF
logging { channel out { stderr; severity notice; print-time yes; };
	category default { out; }; };
EOF
		awk -v p="$PP" '{ printf "zone \"%s\" { type secondary; primaries { 127.0.0.1 port %s; }; file \"sec/%s.db\"; };\n", $1, p, $1 }' "$ZLIST"
	} >"$1/named.conf"
	mkdir -p "$1/sec"
}

fill_sec_conf_cur() { fill_sec_conf "$SEC_DIR" "$SEC_OPTS"; }

fill_agent() {	# REP
	local rep=$1 tf rc t0 served wall
	rm -rf "$FD/local" "$FD/agent"
	mkdir -p "$FD/local" "$FD/agent"
	fill_local_conf
	{
		cat <<EOF
include "$OUT/rndc.key";
options {
	directory "$FD/agent";
	pid-file "$FD/agent/zonesyncd.pid";
	control-socket "$FD/agent/ctl.sock";
	status-file "$FD/agent/status.json";
	rndc-server 127.0.0.1 port $FC key "bench-rndc";
	verify-server 127.0.0.1 port $FP;
};
EOF
		zone_stmts "$ZLIST"
	} >"$FD/agent.conf"
	named_up fill-local "$FD/local" fill_local_conf "$OUT/fill.rndc" FC FP ||
	    { tail "$FD/local/named.log"; die "fill local named did not start"; }
	local lpid=$NPID
	# the agent's config names the local named's ports: write it again
	sed -i -e "s#port [0-9]*;\$#port $FP;#" \
	    -e "s#rndc-server 127.0.0.1 port [0-9]*#rndc-server 127.0.0.1 port $FC#" \
	    "$FD/agent.conf"
	tf="$FD/time"
	TIMED_LIMIT=600 timed "$tf" "$ZSD" --once -c "$FD/agent.conf" >"$FD/agent-$rep.log" 2>&1
	rc=$?
	wall=$W
	served=$($DNSQ count "$FP" "$ZLIST")
	printf 'zonesyncd\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$wall" "$served" "$TINY" "$rc" \
	    "$UR" >>"$R/fill.tsv"
	log "  fill zonesyncd rep $rep: exit $rc, ${wall}s, $served/$TINY served"
	stop_pid "$lpid"
}

fill_named() {	# VARIANT REP CAP OPTIONS
	local v=$1 rep=$2 cap=$3 opts=$4 d t0 res
	d="$FD/sec-$v"
	rm -rf "$d"
	mkdir -p "$d"
	SEC_DIR=$d SEC_OPTS=$opts
	named_up "fill-$v" "$d" fill_sec_conf_cur "$OUT/fill.rndc" FC FP ||
	    { tail "$d/named.log"; die "fill-$v named did not start"; }
	t0=$NAMED_T0
	local spid=$NPID
	res=$($DNSQ fill "$FP" "$ZLIST" "$t0" "$cap" 0.5 | tail -1)
	set -- $res
	printf 'named-%s\t%s\t%s\t%s\t%s\t%s\n' "$v" "$rep" "$4" "$2" "$3" \
	    "$([ "$2" = "$3" ] && echo done || echo capped)" >>"$R/fill.tsv"
	log "  fill named-$v rep $rep: $2/$3 served after $4 s"
	stop_pid "$spid"
}

if want c; then
	settle
	log "c: first fill of $TINY zones"
	printf 'variant\trep\tseconds\tserved\ttotal\tstatus\tuser\tsys\trss_kb\n' >"$R/fill.tsv"
	TUNED="	serial-query-rate 1000;
	transfers-in 100;
	transfers-per-ns 100;"
	for rep in $(seq "$FILL_REPS"); do
		fill_agent "$rep"
		fill_named tuned "$rep" "$FILL_TUNED_CAP" "$TUNED"
	done
	fill_named defaults 1 "$FILL_CAP" ""
fi

# ------------------------------------------------------------ d: end to end

ED="$OUT/e2e"
if want d; then
	settle
	log "d: end to end (sizes: $E2E_SIZES; $E2E_REPS bumps per kind)"
	rm -rf "$ED"
	mkdir -p "$ED/local" "$ED/agent" "$ED/script"
	printf 'size\tkind\trep\tfrom_rndc\tprimary_at\tfrom_primary\n' >"$R/e2e.tsv"
	printf 'size\trep\tdetect_s\txfr_s\trndc_s\tfrom_xfr_start\n' >"$R/e2e-script.tsv"
	printf 'size\trep\tcheck_s\n' >"$R/e2e-checkzone.tsv"
	write_e2e_local_conf() {
	{
		named_opts "$ED/local" "$LP" "$LC"
		cat <<EOF
	notify no;
	allow-notify { 127.0.0.1; };
$LOCAL_CHECKS
};
logging { channel out { stderr; severity notice; print-time yes; };
	category default { out; }; };
EOF
		for n in $E2E_SIZES; do
			l=$(label "$n")
			cat <<EOF
zone "s$l.bench" { type primary; file "$ED/agent/s$l.bench.zone"; notify no; };
zone "s$l-twin.bench" { type secondary; primaries { 127.0.0.1 port $PP; };
	file "twin-s$l.db"; };
zone "s$l-script.bench" { type primary; file "$ED/script/s$l-script.bench.zone";
	notify no; };
EOF
		done
	} >"$ED/local/named.conf"
	}
	{
		cat <<EOF
include "$OUT/rndc.key";
options {
	directory "$ED/agent";
	pid-file "$ED/agent/zonesyncd.pid";
	control-socket "$ED/agent/ctl.sock";
	status-file "$ED/agent/status.json";
	rndc-server 127.0.0.1 port $LC key "bench-rndc";
	verify-server 127.0.0.1 port $LP;
	notify-listen 127.0.0.1 port $NP;
};
EOF
		for n in $E2E_SIZES; do
			echo "zone \"s$(label "$n").bench\" { primaries { 127.0.0.1 port $PP; }; };"
		done
	} >"$ED/agent.conf"
	# The script path's zones start from one transfer each.
	for n in $E2E_SIZES; do
		l=$(label "$n")
		"$ZSD" xfr -p "$PP" -o "$ED/script/s$l-script.bench.zone" \
		    "s$l-script.bench" @127.0.0.1 >/dev/null || die "e2e: script xfr s$l"
	done
	named_up e2e-local "$ED/local" write_e2e_local_conf "$OUT/local.rndc" LC ||
	    { tail "$ED/local/named.log"; die "e2e local named did not start"; }
	# named_up may have moved the control port: the agent's config follows
	sed -i -e "s#rndc-server 127.0.0.1 port [0-9]*#rndc-server 127.0.0.1 port $LC#" \
	    "$ED/agent.conf"
	E2E_LOCAL_PID=$NPID
	"$ZSD" -f -c "$ED/agent.conf" >"$ED/agent.log" 2>&1 &
	E2E_ZSD_PID=$!
	track "$E2E_ZSD_PID"
	for n in $E2E_SIZES; do
		l=$(label "$n")
		echo "s$l.bench"
		echo "s$l-twin.bench"
		echo "s$l-script.bench"
	done >"$ED/zones.txt"
	res=$($DNSQ fill "$LP" "$ED/zones.txt" "$(now)" 600 1 | tail -1)
	set -- $res
	[ "$2" = "$3" ] || { tail "$ED/agent.log" "$ED/local/named.log"; die "e2e: local serves $2 of $3 zones"; }
	log "  e2e: initial sync done ($4 s)"
	declare -A SER
	for n in $E2E_SIZES; do
		l=$(label "$n")
		SER[s$l.bench]=$(dig +short +norec -p "$PP" @127.0.0.1 "s$l.bench" SOA | awk '{ print $3 }')
		SER[s$l-twin.bench]=$(dig +short +norec -p "$PP" @127.0.0.1 "s$l-twin.bench" SOA | awk '{ print $3 }')
		SER[s$l-script.bench]=$(dig +short +norec -p "$PP" @127.0.0.1 "s$l-script.bench" SOA | awk '{ print $3 }')
	done
	# Bumps per size: BENCH_E2E_REPS, at most 3 for 1M records (a 1M
	# bump takes about 15 s per kind).
	e2e_reps() { if [ "$1" -ge 1000000 ] && [ "$E2E_REPS" -gt 3 ]; then echo 3; else echo "$E2E_REPS"; fi; }
	bump() {	# SIZE KIND REP ZONE PRIMARYFILE
		local n=$1 kind=$2 rep=$3 z=$4 f=$5 s t0 res a b
		s=$((SER[$z] + 1))
		SER[$z]=$s
		$DNSQ bump "$f" "$s" || die "bump $f"
		t0=$(now)
		rndc -c "$OUT/primary.rndc" reload "$z" >/dev/null 2>&1
		res=$($DNSQ poll "$z" "$s" "$t0" 300 primary="$PP" local="$LP")
		a=$(awk '$1 == "primary" { print $2 }' <<<"$res")
		b=$(awk '$1 == "local" { print $2 }' <<<"$res")
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$kind" "$rep" "$b" "$a" \
		    "$(awk -v a="$a" -v b="$b" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/) printf "%.3f", b - a; else print "timeout" }')" \
		    >>"$R/e2e.tsv"
	}
	# The same two steps as a script would run them, in the same
	# conditions (right after the primary's own reload): wait until the
	# primary serves the new serial, `zonesyncd xfr` into the file, then
	# `rndc reload`.  from_xfr_start = transfer + reload, measured in situ.
	bump_script() {	# SIZE REP
		local n=$1 rep=$2 l z s t0 t1 t2 t3 res a b
		l=$(label "$n")
		z="s$l-script.bench"
		s=$((SER[$z] + 1))
		SER[$z]=$s
		$DNSQ bump "$PD/s$l-script.db" "$s" || die "bump $z"
		t0=$(now)
		rndc -c "$OUT/primary.rndc" reload "$z" >/dev/null 2>&1
		res=$($DNSQ poll "$z" "$s" "$t0" 300 primary="$PP")
		a=$(awk '$1 == "primary" { print $2 }' <<<"$res")
		t1=$(now)
		"$ZSD" xfr -p "$PP" -o "$ED/script/$z.zone" "$z" @127.0.0.1 \
		    >/dev/null 2>&1 || die "e2e: script xfr $z"
		t2=$(now)
		rndc -c "$OUT/local.rndc" reload "$z" >/dev/null 2>&1
		t3=$(now)
		res=$($DNSQ poll "$z" "$s" "$t0" 300 local="$LP")
		b=$(awk '$1 == "local" { print $2 }' <<<"$res")
		awk -v n="$n" -v r="$rep" -v a="$a" -v b="$b" -v t0="$t0" \
		    -v t1="$t1" -v t2="$t2" -v t3="$t3" 'BEGIN {
			if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/) {
				printf "%s\tscript\t%s\ttimeout\t%s\ttimeout\n", n, r, a
				exit
			}
			printf "%s\tscript\t%s\t%s\t%s\t%.3f\n", n, r, b, a, b - a
			printf "%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\n", n, r,
			    t1 - t0 - a, t2 - t1, t3 - t2, b - (t1 - t0) > "/dev/stderr"
		}' >>"$R/e2e.tsv" 2>>"$R/e2e-script.tsv"
	}
	for n in $E2E_SIZES; do
		l=$(label "$n")
		for rep in $(seq "$(e2e_reps "$n")"); do
			bump "$n" agent "$rep" "s$l.bench" "$PD/s$l.db"
			sleep 1
			bump "$n" secondary "$rep" "s$l-twin.bench" "$PD/s$l-twin.db"
			sleep 1
			bump_script "$n" "$rep"
			sleep 1
		done
		log "  $l: $(awk -F'\t' -v n="$n" '$1 == n { printf "%s=%s/%s ", $2, $4, $6 }' "$R/e2e.tsv")"
	done
	# What check-command costs: the same agent bumps with
	# `check-command "named-checkzone -q -i local %z %f"` (SIGHUP to take it).
	sed -i 's|^options {$|options {\n\tcheck-command "named-checkzone -q -i local %z %f";|' "$ED/agent.conf"
	grep -q 'check-command' "$ED/agent.conf" || die "e2e: check-command not in agent.conf"
	kill -HUP "$E2E_ZSD_PID"
	sleep 2
	grep -q 'SIGHUP' "$ED/agent.log" || die "e2e: agent did not re-read its config"
	for n in $E2E_SIZES; do
		l=$(label "$n")
		for rep in $(seq "$(e2e_reps "$n")"); do
			bump "$n" agent-check "$rep" "s$l.bench" "$PD/s$l.db"
			sleep 1
		done
		log "  $l with check-command: $(awk -F'\t' -v n="$n" '$1 == n && $2 == "agent-check" { printf "%s ", $6 }' "$R/e2e.tsv")"
	done
	cp "$ED/agent.log" "$R/e2e-agent.log"
	# The local named's own reload time, agent stopped: bump the serial in
	# the agent's file, `rndc reload ZONE`, poll until served.
	E2E_ZSD_RSS=$(awk '/VmHWM/ { print $2 }' "/proc/$E2E_ZSD_PID/status" 2>/dev/null)
	echo "e2e_agent_hwm_kb	${E2E_ZSD_RSS:-?}" >>"$R/env.tsv"
	stop_pid "$E2E_ZSD_PID"
	for n in $E2E_SIZES; do
		l=$(label "$n")
		z="s$l.bench"
		f="$ED/agent/$z.zone"
		s=$(dig +short +norec -p "$LP" @127.0.0.1 "$z" SOA | awk '{ print $3 }')
		for rep in $(seq "$(e2e_reps "$n")"); do
			s=$((s + 1))
			$DNSQ bump "$f" "$s" || die "bump $f"
			t0=$(now)
			rndc -c "$OUT/local.rndc" reload "$z" >/dev/null 2>&1
			res=$($DNSQ poll "$z" "$s" "$t0" 300 local="$LP")
			b=$(awk '$1 == "local" { print $2 }' <<<"$res")
			printf '%s\treload\t%s\t%s\t0\t%s\n' "$n" "$rep" "$b" "$b" >>"$R/e2e.tsv"
			sleep 1
		done
		# named-checkzone on the same file, as check-command runs it.
		for rep in $(seq "$(e2e_reps "$n")"); do
			t0=$(now)
			named-checkzone -q -i local "$z" "$f" || die "named-checkzone $f"
			printf '%s\t%s\t%s\n' "$n" "$rep" \
			    "$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')" \
			    >>"$R/e2e-checkzone.tsv"
		done
	done
	# named's own account of each load: the request, then "loaded serial"
	grep -E "received control channel command 'reload |: loaded serial " \
	    "$ED/local/named.log" >"$R/e2e-local-loads.log"
	stop_pid "$E2E_LOCAL_PID"
fi

# ------------------------------------------------------------ g: raw

# named's load of one zone, text then raw, in the same named and under the
# same zone name (sN-script.bench, from `zonesyncd xfr` and `xfr -F raw`):
# `rndc reload ZONE` after moving the file's mtime forward (named skips a
# file it thinks it has), timed by named's own log (ms) from the control
# command to "loaded serial".  Then the e2e bump of section d with the
# agent writing raw (sN.bench, masterfile-format raw in both configs),
# beside named's own secondary of the twin in the same named.
GD="$OUT/raw"
if want g; then
	settle
	log "g: raw vs text load (sizes: $RAW_SIZES), e2e with raw"
	rm -rf "$GD"
	mkdir -p "$GD/local" "$GD/agent" "$GD/text" "$GD/raw"
	printf 'size\tformat\trep\tload_s\tfile_bytes\n' >"$R/rawload.tsv"
	for n in $RAW_SIZES; do
		l=$(label "$n")
		z="s$l-script.bench"
		"$ZSD" xfr -p "$PP" -o "$GD/text/$z.zone" "$z" @127.0.0.1 \
		    >/dev/null || die "g: xfr text $z"
		"$ZSD" xfr -p "$PP" -F raw -o "$GD/raw/$z.zone" "$z" @127.0.0.1 \
		    >/dev/null || die "g: xfr raw $z"
	done
	G_FMT=text
	write_g_local_conf() {
	{
		named_opts "$GD/local" "$LP" "$LC"
		cat <<EOF
	notify no;
	allow-notify { 127.0.0.1; };
$LOCAL_CHECKS
};
logging { channel out { stderr; severity notice; print-time yes; };
	category default { out; }; };
EOF
		for n in $RAW_SIZES; do
			l=$(label "$n")
			cat <<EOF
zone "s$l-script.bench" { type primary; file "$GD/$G_FMT/s$l-script.bench.zone";
	masterfile-format $G_FMT; notify no; };
zone "s$l.bench" { type primary; file "$GD/agent/s$l.bench.zone";
	masterfile-format raw; notify no; };
zone "s$l-twin.bench" { type secondary; primaries { 127.0.0.1 port $PP; };
	file "twin-s$l.db"; };
EOF
		done
	} >"$GD/local/named.conf"
	}
	named_up g-local "$GD/local" write_g_local_conf "$OUT/local.rndc" LC ||
	    { tail "$GD/local/named.log"; die "g: local named did not start"; }
	G_LOCAL_PID=$NPID
	# lines_after N PATTERN: named log lines after line N matching PATTERN.
	lines_after() {
		tail -n "+$(( $1 + 1 ))" "$GD/local/named.log" | grep -c -- "$2"
	}
	# load_once SIZE FORMAT REP: one timed reload of sN-script.bench.
	load_once() {
		local n=$1 fmt=$2 rep=$3 l z f mark t ms
		l=$(label "$n")
		z="s$l-script.bench"
		f="$GD/$fmt/$z.zone"
		touch -d "@$(( $(date +%s) + 2 ))" "$f"
		mark=$(wc -l <"$GD/local/named.log")
		rndc -c "$OUT/local.rndc" reload "$z" >/dev/null 2>&1
		for t in $(seq 1200); do
			[ "$(lines_after "$mark" "zone $z/IN: loaded serial")" -gt 0 ] && break
			sleep 0.1
		done
		# named's log after the mark: "DD-Mon-YYYY HH:MM:SS.mmm
		# received control channel command 'reload ZONE'", then
		# "zone ZONE/IN: loaded serial N".
		ms=$(tail -n "+$(( mark + 1 ))" "$GD/local/named.log" |
		    awk -v z="$z" -v q="'" '
		    function t(s) { split(s, a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }
		    index($0, "command " q "reload " z q) && t0 == "" { t0 = t($2) }
		    index($0, "zone " z "/IN: loaded serial") && t0 != "" && d == "" { d = t($2) - t0 }
		    END { if (d == "") print "timeout"; else printf "%.3f", d }')
		printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$fmt" "$rep" "$ms" \
		    "$(stat -c %s "$f")" >>"$R/rawload.tsv"
	}
	raw_reps() { if [ "$1" -ge 1000000 ] && [ "$RAW_REPS" -gt 3 ]; then echo 3; else echo "$RAW_REPS"; fi; }
	# Text and raw in turn, one format switch per round: named.conf
	# rewritten, `rndc reconfig`, which makes named load each changed
	# zone; the timed loads start once those are done, one zone at a
	# time.  The first round is an untimed warm-up.
	maxreps=0
	for n in $RAW_SIZES; do
		[ "$(raw_reps "$n")" -gt "$maxreps" ] && maxreps=$(raw_reps "$n")
	done
	nsizes=$(echo $RAW_SIZES | wc -w)
	for rep in warm $(seq "$maxreps"); do
		for G_FMT in text raw; do
			write_g_local_conf
			mark=$(wc -l <"$GD/local/named.log")
			rndc -c "$OUT/local.rndc" reconfig >/dev/null 2>&1 ||
			    die "g: rndc reconfig"
			for t in $(seq 1200); do
				[ "$(lines_after "$mark" "-script.bench/IN: loaded serial")" -ge "$nsizes" ] && break
				sleep 0.1
			done
			sync
			sleep 1
			for n in $RAW_SIZES; do
				[ "$rep" != warm ] && [ "$rep" -gt "$(raw_reps "$n")" ] && continue
				load_once "$n" "$G_FMT" "$rep"
				sleep 1
			done
		done
	done
	sed -i '/\twarm\t/d' "$R/rawload.tsv"
	for n in $RAW_SIZES; do
		log "  $(label "$n"): $(awk -F'\t' -v n="$n" '$1 == n { printf "%s=%s ", $2, $4 }' "$R/rawload.tsv")"
	done
	# End to end with the agent writing raw.
	{
		cat <<EOF
include "$OUT/rndc.key";
options {
	directory "$GD/agent";
	pid-file "$GD/agent/zonesyncd.pid";
	control-socket "$GD/agent/ctl.sock";
	status-file "$GD/agent/status.json";
	rndc-server 127.0.0.1 port $LC key "bench-rndc";
	verify-server 127.0.0.1 port $LP;
	notify-listen 127.0.0.1 port $NP;
	masterfile-format raw;
};
EOF
		for n in $RAW_SIZES; do
			echo "zone \"s$(label "$n").bench\" { primaries { 127.0.0.1 port $PP; }; };"
		done
	} >"$GD/agent.conf"
	"$ZSD" -f -c "$GD/agent.conf" >"$GD/agent.log" 2>&1 &
	G_ZSD_PID=$!
	track "$G_ZSD_PID"
	for n in $RAW_SIZES; do
		echo "s$(label "$n").bench"
		echo "s$(label "$n")-twin.bench"
	done >"$GD/zones.txt"
	res=$($DNSQ fill "$LP" "$GD/zones.txt" "$(now)" 600 1 | tail -1)
	set -- $res
	[ "$2" = "$3" ] || { tail "$GD/agent.log" "$GD/local/named.log"; die "g: local serves $2 of $3 zones"; }
	printf 'size\tkind\trep\tfrom_rndc\tprimary_at\tfrom_primary\n' >"$R/e2e-raw.tsv"
	declare -A GSER
	g_bump() {	# SIZE KIND REP ZONE PRIMARYFILE
		local n=$1 kind=$2 rep=$3 z=$4 f=$5 s t0 res a b
		[ -n "${GSER[$z]:-}" ] ||
		    GSER[$z]=$(dig +short +norec -p "$PP" @127.0.0.1 "$z" SOA | awk '{ print $3 }')
		s=$((GSER[$z] + 1))
		GSER[$z]=$s
		$DNSQ bump "$f" "$s" || die "bump $f"
		t0=$(now)
		rndc -c "$OUT/primary.rndc" reload "$z" >/dev/null 2>&1
		res=$($DNSQ poll "$z" "$s" "$t0" 300 primary="$PP" local="$LP")
		a=$(awk '$1 == "primary" { print $2 }' <<<"$res")
		b=$(awk '$1 == "local" { print $2 }' <<<"$res")
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$kind" "$rep" "$b" "$a" \
		    "$(awk -v a="$a" -v b="$b" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/) printf "%.3f", b - a; else print "timeout" }')" \
		    >>"$R/e2e-raw.tsv"
	}
	for n in $RAW_SIZES; do
		l=$(label "$n")
		for rep in $(seq "$(raw_reps "$n")"); do
			g_bump "$n" agent-raw "$rep" "s$l.bench" "$PD/s$l.db"
			sleep 1
			g_bump "$n" secondary "$rep" "s$l-twin.bench" "$PD/s$l-twin.db"
			sleep 1
		done
		log "  e2e $l: $(awk -F'\t' -v n="$n" '$1 == n { printf "%s=%s ", $2, $6 }' "$R/e2e-raw.tsv")"
	done
	cp "$GD/agent.log" "$R/e2e-raw-agent.log"
	grep -E "received control channel command '(reload|reconfig)|: loaded serial " \
	    "$GD/local/named.log" >"$R/rawload-local-loads.log"
	stop_pid "$G_ZSD_PID"
	stop_pid "$G_LOCAL_PID"
fi

# ------------------------------------------------------------ e: idle

if want e; then
	prefill
	settle
	log "e: idle daemon with $TINY current zones for $IDLE s"
	ID="$OUT/idle"
	mkdir -p "$ID"
	"$ZSD" -f -c "$OUT/sweep/agent.conf" >"$ID/agent.log" 2>&1 &
	IPID=$!
	track "$IPID"
	ticks() { local s; s=$(cat "/proc/$1/stat") || return 1; set -- ${s##*) }; echo $(( ${12} + ${13} )); }
	HZ=$(getconf CLK_TCK)
	t0=$(now)
	c0=0
	# Start-up (reading the files, one SOA check of every zone): wait
	# until the agent used <= 2 ticks (20 ms) of CPU in each of 3 seconds
	# in a row, at most BENCH_IDLE_SETTLE_MAX seconds.
	prev=$(ticks "$IPID") || die "idle: agent died: $(tail -3 "$ID/agent.log")"
	quiet=0
	settled=0
	while :; do
		sleep 1
		cur=$(ticks "$IPID") || die "idle: agent died: $(tail -3 "$ID/agent.log")"
		if [ $((cur - prev)) -le 2 ]; then quiet=$((quiet + 1)); else quiet=0; fi
		prev=$cur
		if [ "$quiet" -ge 3 ]; then settled=1; break; fi
		awk -v a="$t0" -v b="$(now)" -v m="${BENCH_IDLE_SETTLE_MAX:-240}" \
		    'BEGIN { exit !(b - a >= m) }' && break
	done
	c1=$(ticks "$IPID") || die "idle: agent died: $(tail -3 "$ID/agent.log")"
	t1=$(now)
	sleep "$IDLE"
	c2=$(ticks "$IPID") || die "idle: agent died: $(tail -3 "$ID/agent.log")"
	t2=$(now)
	rss=$(awk '/VmRSS/ { print $2 }' "/proc/$IPID/status")
	hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$IPID/status")
	{
		printf 'key\tvalue\n'
		printf 'startup_cpu_s\t%s\n' "$(awk -v c="$((c1 - c0))" -v h="$HZ" 'BEGIN { printf "%.2f", c / h }')"
		printf 'startup_wall_s\t%s\n' "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
		printf 'startup_settled\t%s\n' "$settled"
		printf 'idle_secs\t%s\n' "$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.1f", b - a }')"
		printf 'idle_cpu_s\t%s\n' "$(awk -v c="$((c2 - c1))" -v h="$HZ" 'BEGIN { printf "%.2f", c / h }')"
		printf 'idle_cpu_pct\t%s\n' "$(awk -v c="$((c2 - c1))" -v h="$HZ" -v a="$t1" -v b="$t2" 'BEGIN { printf "%.3f", 100 * c / h / (b - a) }')"
		printf 'rss_kb\t%s\n' "$rss"
		printf 'hwm_kb\t%s\n' "$hwm"
		printf 'zones\t%s\n' "$TINY"
	} >"$R/idle.tsv"
	log "  idle: $(tr '\n' ' ' <"$R/idle.tsv")"
	stop_pid "$IPID"
fi

# ------------------------------------------------------------ f: profile

if want f && [ "$PROFILE" = 1 ]; then
	big=$(echo $SIZES | tr ' ' '\n' | sort -n | tail -1)
	l=$(label "$big")
	PF="$OUT/profile"
	rm -rf "$PF"
	mkdir -p "$PF"
	if perf record -e cpu-clock -o "$PF/probe.data" -- true >/dev/null 2>&1; then
		log "f: perf record of zonesyncd xfr $l"
		timeout 300 perf record -e cpu-clock -F 2000 -g -o "$PF/perf.data" -- \
		    "$ZSD" xfr -p "$PP" -o "$PF/zs.zone" "s$l.bench" @127.0.0.1 \
		    >"$PF/record.log" 2>&1
		{
			echo "tool	perf (cpu-clock, 2 kHz) zonesyncd xfr s$l.bench"
			perf report -i "$PF/perf.data" --stdio --no-children --sort symbol \
			    --percent-limit 0.7 -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -30
			echo "--- by shared object"
			perf report -i "$PF/perf.data" --stdio --no-children --sort dso \
			    -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -8
			echo "--- with callees (children)"
			perf report -i "$PF/perf.data" --stdio --children --sort symbol \
			    --percent-limit 4 -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -25
		} >"$R/profile.txt"
		# Where the many-zones paths spend their time: the SOA sweep
		# (--once over current zones), a fill into an empty directory
		# (reload-command "true", so only the agent's own work), and the
		# daemon's start-up with the current zones.
		if [ -n "${PREFILLED:-}" ]; then
			log "f: perf record of --once sweep, --once fill, daemon start-up ($TINY zones)"
			timeout -k 2 120 perf record -e cpu-clock -F 2000 -g -o "$PF/sweep.data" -- \
			    "$ZSD" --once -c "$OUT/sweep/agent.conf" >"$PF/sweep.log" 2>&1
			rm -rf "$PF/fill"
			mkdir -p "$PF/fill"
			sed "s#\"$SOAD#\"$PF/fill#" "$OUT/sweep/agent.conf" >"$PF/fill.conf"
			pt0=$(now)
			timeout -k 2 300 perf record -e cpu-clock -F 1000 -g -o "$PF/fill.data" -- \
			    "$ZSD" --once -c "$PF/fill.conf" >"$PF/fill.log" 2>&1
			echo "fill_under_perf_s	$(awk -v a="$pt0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')" >>"$R/env.tsv"
			"$ZSD" -f -c "$OUT/sweep/agent.conf" >"$PF/startup.log" 2>&1 &
			SPID=$!
			track "$SPID"
			sleep 2
			timeout -k 2 30 perf record -e cpu-clock -F 1000 -g -o "$PF/startup.data" \
			    -p "$SPID" -- sleep 10 >/dev/null 2>&1
			stop_pid "$SPID"
			for w in sweep fill startup; do
				{
					echo "--- $w: self time by symbol (comm, dso, symbol)"
					timeout 120 perf report -i "$PF/$w.data" --stdio --no-children \
					    --sort comm,dso,symbol --percent-limit 1.5 -g none 2>/dev/null |
					    grep -v '^#' | grep -v '^$' | head -14
				} >>"$R/profile.txt"
			done
		fi
	elif command -v valgrind >/dev/null; then
		log "f: callgrind of zonesyncd xfr s100k"
		timeout 600 valgrind --tool=callgrind --callgrind-out-file="$PF/cg.out" \
		    "$ZSD" xfr -p "$PP" -o "$PF/zs.zone" s100k.bench @127.0.0.1 >"$PF/record.log" 2>&1
		{
			echo "tool	callgrind zonesyncd xfr s100k.bench"
			callgrind_annotate "$PF/cg.out" 2>/dev/null | sed -n '/Ir/,$p' | head -30
		} >"$R/profile.txt"
	fi
fi

# ------------------------------------------------------------ h: catalog

# Its own primary (the members, all from one small file, and the catalog,
# which NOTIFYs the agent at once) and its own local named (reading the
# agent's named-include), so the section stands alone.
CD="$OUT/catalog"
cat_zone_file() {	# SERIAL N: the catalog with members m1..mN
	{
		printf '$TTL 0\n@ SOA invalid. invalid. %s 3600 600 86400 0\n' "$1"
		printf '@ NS invalid.\nversion TXT "2"\n'
		seq 1 "$2" | awk '{ printf "m%d.zones PTR m%d.cat.bench.\n", $1, $1 }'
	} >"$CD/primary/cat.db.tmp"
	mv "$CD/primary/cat.db.tmp" "$CD/primary/cat.db"
	touch -d "@$(( $(date +%s) + $1 ))" "$CD/primary/cat.db"
}
write_cat_primary_conf() {
	{
		named_opts "$CD/primary" "$GP" "$GC"
		cat <<EOF
	allow-transfer { any; };
	transfers-out 200;
	tcp-clients 400;
	notify no;
};
logging { channel out { stderr; severity notice; print-time yes; };
	category default { out; }; };
zone "cat.bench" { type primary; file "$CD/primary/cat.db";
	notify explicit; also-notify { 127.0.0.1 port $GN; }; notify-delay 0; };
EOF
		seq 1 $((CAT_N + CAT_REPS)) | awk -v d="$CD/primary" \
		    '{ printf "zone \"m%d.cat.bench\" { type primary; file \"%s/member.db\"; };\n", $1, d }'
	} >"$CD/primary/named.conf"
}
write_cat_local_conf() {
	{
		named_opts "$CD/local" "$GL" "$GLC"
		cat <<EOF
	notify no;
};
logging { channel out { stderr; severity notice; print-time yes; };
	category default { out; }; };
include "$CD/agent/named.inc";
EOF
	} >"$CD/local/named.conf"
}
write_cat_agent_conf() {
	cat >"$CD/agent.conf" <<EOF
include "$OUT/rndc.key";
options {
	directory "$CD/agent";
	pid-file "$CD/agent/zonesyncd.pid";
	control-socket "$CD/agent/ctl.sock";
	status-file "$CD/agent/status.json";
	rndc-server 127.0.0.1 port $GLC key "bench-rndc";
	verify-server 127.0.0.1 port $GL;
	notify-listen 127.0.0.1 port $GN;
	named-include "named.inc";
	catalog-zones { zone "cat.bench" zone-directory "members"; };
};
zone "cat.bench" { primaries { 127.0.0.1 port $GP; }; };
EOF
}
if want h; then
	settle
	log "h: catalog with $CAT_N members ($CAT_REPS fills, $CAT_REPS additions)"
	printf 'kind\trep\tseconds\tserved\ttotal\tfrom_reload\n' >"$R/catalog.tsv"
	rm -rf "$CD"
	mkdir -p "$CD/primary" "$CD/local" "$CD/agent/members"
	printf '$TTL 300\n@ SOA ns1 hostmaster 1 3600 600 86400 60\n@ NS ns1\nns1 A 192.0.2.1\nwww A 192.0.2.80\n' \
	    >"$CD/primary/member.db"
	seq 1 "$CAT_N" | awk '{ printf "m%d.cat.bench\n", $1 }' >"$CD/members.txt"
	CSER=1
	cat_zone_file "$CSER" "$CAT_N"
	read -r GP GC GN GL GLC < <(free_ports 5)
	named_up cat-primary "$CD/primary" write_cat_primary_conf "$OUT/cat-primary.rndc" GC GP ||
	    { tail "$CD/primary/named.log"; die "catalog primary did not start"; }
	CAT_PPID=$NPID
	: >"$CD/agent/named.inc"
	named_up cat-local "$CD/local" write_cat_local_conf "$OUT/cat-local.rndc" GLC GL ||
	    { tail "$CD/local/named.log"; die "catalog local named did not start"; }
	CAT_LPID=$NPID
	res=$($DNSQ fill "$GP" "$CD/members.txt" "$(now)" 120 0.5 | tail -1)
	log "  catalog primary: $res"
	for rep in $(seq "$CAT_REPS"); do
		# From nothing: no member files, named without the include's zones.
		find "$CD/agent" -mindepth 1 -maxdepth 1 ! -name members -exec rm -rf {} +
		rm -f "$CD/agent/members/"*
		: >"$CD/agent/named.inc"
		rndc -c "$OUT/cat-local.rndc" reconfig >/dev/null 2>&1
		write_cat_agent_conf
		t0=$(now)
		"$ZSD" -f -c "$CD/agent.conf" >"$CD/agent-$rep.log" 2>&1 &
		CAT_ZPID=$!
		track "$CAT_ZPID"
		res=$($DNSQ fill "$GL" "$CD/members.txt" "$t0" 60 0.05 | tail -1)
		set -- $res
		printf 'fill\t%s\t%s\t%s\t%s\t-\n' "$rep" "$4" "$2" "$3" >>"$R/catalog.tsv"
		log "  catalog fill rep $rep: $2/$3 members served after $4 s"
		[ "$rep" = "$CAT_REPS" ] || stop_pid "$CAT_ZPID"
	done
	# A member added to the catalog: from its NOTIFY (notify-delay 0:
	# sent once the primary has loaded the new catalog) to the local
	# named serving the member.
	n=$CAT_N
	for rep in $(seq "$CAT_REPS"); do
		sleep 1
		n=$((n + 1))
		CSER=$((CSER + 1))
		cat_zone_file "$CSER" "$n"
		t0=$(now)
		$DNSQ poll "m$n.cat.bench" 1 "$t0" 30 local="$GL" >"$CD/add-$rep.l" &
		lp=$!
		rndc -c "$OUT/cat-primary.rndc" reload cat.bench >/dev/null 2>&1
		wait "$lp"
		b=$(awk '{ print $2 }' "$CD/add-$rep.l")
		# The NOTIFY's arrival and the agent's own SOA query seeing the
		# local named serve the member, from the agent's log (UTC, ms);
		# the primary's reload of the catalog before the NOTIFY is not
		# ours.  from_reload: the poller's view, from `rndc reload`.
		sleep 0.5
		nt=$(grep "cat.bench: NOTIFY from .*serial $CSER\$" "$CD/agent-$CAT_REPS.log" |
		    head -1 | awk '{ print $1 " " $2 }')
		st=$(grep "m$n.cat.bench: named serves serial 1 " "$CD/agent-$CAT_REPS.log" |
		    head -1 | awk '{ print $1 " " $2 }')
		nt=$(date -u -d "$nt" +%s.%N 2>/dev/null || echo x)
		st=$(date -u -d "$st" +%s.%N 2>/dev/null || echo x)
		d=$(awk -v s="$st" -v n="$nt" 'BEGIN { if (s ~ /^[0-9.]+$/ && n ~ /^[0-9.]+$/) printf "%.3f", s - n; else print "timeout" }')
		printf 'add\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$d" "$([ "$d" = timeout ] && echo 0 || echo 1)" 1 "$b" >>"$R/catalog.tsv"
		log "  catalog member added rep $rep: served ${d} s after the catalog's NOTIFY reached the agent (poller: ${b} s after the reload on the primary)"
	done
	stop_pid "$CAT_ZPID"
	stop_pid "$CAT_LPID"
	stop_pid "$CAT_PPID"
fi

# ------------------------------------------------------------ i: IXFR

# A one-record change in a big zone, arriving by IXFR.  Its own primary:
# every zone with `ixfr-from-differences yes`, so that `rndc reload ZONE`
# after the file is edited makes named compute the difference and serve it
# as IXFR (which makes that reload slower: times run from the moment the
# primary serves the new serial).  Per size, three copies of the zone:
#   sN-ixfr   the agent, request-ixfr yes (the default)
#   sN-axfr   the agent, request-ixfr no: its AXFR path for the same change
#   sN-itwin  the local named's own secondary (asks IXFR, as BIND does)
# One local named loads the agent's two files and is the twin's secondary;
# a dedicated agent follows only sN-ixfr and sN-axfr, so its CPU ticks
# (/proc/PID/stat) and its VmHWM (reset by clear_refs 5 just before each
# change) belong to that change alone.  The kind of transfer, its bytes
# and deltas come from the agent's own status (last_transfer).
XD="$OUT/ixfr"
write_x_primary_conf() {
	{
		named_opts "$XD/primary" "$XP" "$XC"
		cat <<EOF
	allow-transfer { any; };
	notify no;
	ixfr-from-differences yes;
	max-transfer-time-out 60;
};
logging { channel out { stderr; severity notice; print-time yes; };
	category default { out; }; };
EOF
		for n in $IXFR_SIZES; do
			l=$(label "$n")
			cat <<EOF
zone "s$l-ixfr.bench" { type primary; file "$XD/primary/s$l-ixfr.db";
	notify explicit; also-notify { 127.0.0.1 port $XN; }; notify-delay 0; };
zone "s$l-axfr.bench" { type primary; file "$XD/primary/s$l-axfr.db";
	notify explicit; also-notify { 127.0.0.1 port $XN; }; notify-delay 0; };
zone "s$l-itwin.bench" { type primary; file "$XD/primary/s$l-itwin.db";
	notify explicit; also-notify { 127.0.0.1 port $XL; }; notify-delay 0; };
EOF
		done
	} >"$XD/primary/named.conf"
}
write_x_local_conf() {
	{
		named_opts "$XD/local" "$XL" "$XLC"
		cat <<EOF
	notify no;
	allow-notify { 127.0.0.1; };
$LOCAL_CHECKS
};
logging { channel out { stderr; severity notice; print-time yes; };
	channel xin { stderr; severity info; print-time yes; };
	category default { out; }; category xfer-in { xin; }; };
EOF
		for n in $IXFR_SIZES; do
			l=$(label "$n")
			cat <<EOF
zone "s$l-ixfr.bench" { type primary; file "$XD/agent/s$l-ixfr.bench.zone"; notify no; };
zone "s$l-axfr.bench" { type primary; file "$XD/agent/s$l-axfr.bench.zone"; notify no; };
zone "s$l-itwin.bench" { type secondary; primaries { 127.0.0.1 port $XP; };
	file "twin-s$l.db"; };
EOF
		done
	} >"$XD/local/named.conf"
}
write_x_agent_conf() {
	{
		cat <<EOF
include "$OUT/rndc.key";
options {
	directory "$XD/agent";
	pid-file "$XD/agent/zonesyncd.pid";
	control-socket "$XD/agent/ctl.sock";
	status-file "$XD/agent/status.json";
	rndc-server 127.0.0.1 port $XLC key "bench-rndc";
	verify-server 127.0.0.1 port $XL;
	notify-listen 127.0.0.1 port $XN;
};
EOF
		for n in $IXFR_SIZES; do
			l=$(label "$n")
			echo "zone \"s$l-ixfr.bench\" { primaries { 127.0.0.1 port $XP; }; };"
			echo "zone \"s$l-axfr.bench\" { primaries { 127.0.0.1 port $XP; }; request-ixfr no; };"
		done
	} >"$XD/agent.conf"
}
# x_ticks PID: utime + stime, in clock ticks
x_ticks() { local s; s=$(cat "/proc/$1/stat") || return 1; set -- ${s##*) }; echo $(( ${12} + ${13} )); }
# x_t FILE MARK STRING: the time of day (s) of the first line after line
# MARK of FILE that holds STRING; named's log and the agent's both have
# it in field 2 (HH:MM:SS.mmm), on the same clock.
x_t() {
	tail -n "+$(( $2 + 1 ))" "$1" | grep -F -m1 -- "$3" |
	    awk '{ split($2, a, ":"); printf "%.3f", a[1] * 3600 + a[2] * 60 + a[3] }'
}
x_d() {	# A B: B - A in seconds (across midnight), or "-"
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/) { print "-"; exit }
		d = b - a; if (d < -43200) d += 86400; printf "%.3f", d }'
}
# x_tod EPOCH: the time of day (s) in local time, as the logs print it
X_TZOFF=$(date +%z | awk '{ s = substr($1, 1, 1) == "-" ? -1 : 1; print s * (substr($1, 2, 2) * 3600 + substr($1, 4, 2) * 60) }')
x_tod() { awk -v t="$1" -v o="$X_TZOFF" 'BEGIN { if (t !~ /^[0-9.]+$/) print "-"; else printf "%.3f", (t + o) % 86400 }'; }
x_reps() { if [ "$1" -ge 1000000 ]; then echo "$IXFR_REPS_1M"; else echo "$IXFR_REPS"; fi; }
if want i; then
	settle
	log "i: IXFR end to end (sizes: $(echo $IXFR_SIZES); agent-ixfr, agent-axfr, named-twin in turn)"
	rm -rf "$XD"
	mkdir -p "$XD/primary" "$XD/local" "$XD/agent"
	for n in $IXFR_SIZES; do
		gen_zone "$n"
		l=$(label "$n")
		for v in ixfr axfr itwin; do
			cp "$OUT/zones/gen-$n.db" "$XD/primary/s$l-$v.db"
		done
	done
	read -r XP XC XN XL XLC < <(free_ports 5)
	named_up ixfr-primary "$XD/primary" write_x_primary_conf "$OUT/ixfr-primary.rndc" XC XP ||
	    { tail "$XD/primary/named.log"; die "i: primary did not start"; }
	X_PPID=$NPID
	for n in $IXFR_SIZES; do
		for v in ixfr axfr itwin; do echo "s$(label "$n")-$v.bench"; done
	done >"$XD/zones.txt"
	res=$($DNSQ fill "$XP" "$XD/zones.txt" "$NAMED_T0" 300 0.5 | tail -1)
	set -- $res
	[ "$2" = "$3" ] || { tail "$XD/primary/named.log"; die "i: primary serves $2 of $3 zones"; }
	log "  i: primary serves its $3 zones after $4 s"
	named_up ixfr-local "$XD/local" write_x_local_conf "$OUT/ixfr-local.rndc" XLC ||
	    { tail "$XD/local/named.log"; die "i: local named did not start"; }
	X_LPID=$NPID
	write_x_agent_conf
	"$ZSD" -f -c "$XD/agent.conf" >"$XD/agent.log" 2>&1 &
	X_ZSD_PID=$!
	track "$X_ZSD_PID"
	res=$($DNSQ fill "$XL" "$XD/zones.txt" "$(now)" 600 1 | tail -1)
	set -- $res
	[ "$2" = "$3" ] || { tail "$XD/agent.log" "$XD/local/named.log"; die "i: local serves $2 of $3 zones"; }
	log "  i: initial sync done ($4 s)"
	declare -A XSER
	for z in $(cat "$XD/zones.txt"); do
		XSER[$z]=$(dig +short +norec -p "$XP" @127.0.0.1 "$z" SOA | awk '{ print $3 }')
	done
	HZ=$(getconf CLK_TCK)
	CLEAR_REFS=1
	echo 5 >"/proc/$X_ZSD_PID/clear_refs" 2>/dev/null || {
		CLEAR_REFS=0
		log "  i: /proc/PID/clear_refs not writable: peak RSS is VmHWM since the agent's start"
	}
	echo "ixfr_clear_refs	$CLEAR_REFS" >>"$R/env.tsv"
	printf 'size\tpath\trep\tfrom_rndc\tprimary_at\tfrom_primary\tkind\tbytes\tdeltas\trecords\txfer_s\tagent_cpu_s\trss0_kb\thwm_kb\tnamed_cpu_s\tfrom_notify\tagent_xfer_s\tnamed_load_s\tprimary_seen_after_notify\tstate\twhy\n' \
	    >"$R/ixfr.tsv"
	# x_bump SIZE PATH REP: one change of the path's zone, measured.
	x_bump() {
		local n=$1 path=$2 rep=$3 l z s t t0 lp res a b c0 c1 n0 n1 rss0 hwm st f mark amark ser
		local fn=- ax=- nl=- tn=- tx tr trl tl
		local kind=- bytes=- deltas=- recs=- xs=- cpu=- state=- why=-
		l=$(label "$n")
		case $path in
		agent-ixfr) z="s$l-ixfr.bench" ;;
		agent-axfr) z="s$l-axfr.bench" ;;
		named-twin) z="s$l-itwin.bench" ;;
		esac
		s=$((XSER[$z] + 1))
		XSER[$z]=$s
		$DNSQ change "$XD/primary/${z%.bench}.db" "$s" || die "i: change $z"
		mark=$(wc -l <"$XD/local/named.log")
		amark=$(wc -l <"$XD/agent.log")
		[ "$CLEAR_REFS" = 1 ] && echo 5 >"/proc/$X_ZSD_PID/clear_refs"
		rss0=$(awk '/VmRSS/ { print $2 }' "/proc/$X_ZSD_PID/status")
		c0=$(x_ticks "$X_ZSD_PID") || die "i: agent died: $(tail -3 "$XD/agent.log")"
		n0=$(x_ticks "$X_LPID") || die "i: local named died"
		# The poller is asking before `rndc reload` starts (it says so
		# by creating poll.ready): rndc returns only once named has
		# loaded the zone (here also computed and journaled the
		# difference), and python's start-up takes 0.1-0.8 s; by then
		# the primary, and after a small IXFR the local named too, may
		# already serve the new serial.
		rm -f "$XD/poll.ready"
		t0=$(now)
		BENCH_POLL_READY="$XD/poll.ready" $DNSQ poll "$z" "$s" "$t0" 300 primary="$XP" local="$XL" >"$XD/poll.out" &
		lp=$!
		for t in $(seq 100); do
			[ -e "$XD/poll.ready" ] && break
			sleep 0.05
		done
		[ -e "$XD/poll.ready" ] || die "i: the poller did not start"
		sleep 0.05
		tr=$(now)
		rndc -c "$OUT/ixfr-primary.rndc" reload "$z" >/dev/null 2>&1
		wait "$lp"
		res=$(cat "$XD/poll.out")
		# from the start of `rndc reload`
		a=$(awk -v d="$(awk -v a="$t0" -v b="$tr" 'BEGIN { print b - a }')" \
		    '$1 == "primary" { if ($2 ~ /^[0-9.]+$/) printf "%.3f", $2 - d; else print $2 }' <<<"$res")
		b=$(awk -v d="$(awk -v a="$t0" -v b="$tr" 'BEGIN { print b - a }')" \
		    '$1 == "local" { if ($2 ~ /^[0-9.]+$/) printf "%.3f", $2 - d; else print $2 }' <<<"$res")
		# The agent's verify query follows named's load at once; then it
		# is idle.  Its ticks and VmHWM first, then its status (asking
		# costs it a little CPU).
		sleep 0.5
		c1=$(x_ticks "$X_ZSD_PID") || die "i: agent died: $(tail -3 "$XD/agent.log")"
		n1=$(x_ticks "$X_LPID") || die "i: local named died"
		hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$X_ZSD_PID/status")
		if [ "$path" != named-twin ]; then
			cpu=$(awk -v c="$((c1 - c0))" -v h="$HZ" 'BEGIN { printf "%.2f", c / h }')
			f="$XD/status-$path-$l-$rep.json"
			timeout 10 "$ZSD" status --json -S "$XD/agent/ctl.sock" >"$f" 2>/dev/null ||
			    log "  i: status of the agent failed"
			st=$(jq -r --arg z "$z" '.zones[] | select(.zone == $z) |
			    [.last_transfer.kind // "-", .last_transfer.bytes // "-",
			     .last_transfer.deltas // "-", .last_transfer.records // "-",
			     .last_transfer.seconds // "-", .last_transfer.serial // "-",
			     .state // "-", (.last_transfer.why // "-" | gsub("[\t\n]"; " "))] |
			    @tsv' "$f" 2>/dev/null)
			IFS=$'\t' read -r kind bytes deltas recs xs ser state why <<<"$st"
			[ "${ser:-}" = "$s" ] || {
				log "  i: $z: the agent's last transfer is serial ${ser:-?}, not $s"
				kind="stale:${kind:-?}"
			}
			if [ "$path" = agent-ixfr ] && [ "$kind" != ixfr ]; then
				log "  i: $z rep $rep: NOT IXFR: kind $kind, why: $why"
			fi
			# From the logs (ms): the NOTIFY reaching the agent, its
			# "transferred" line (the files installed), named's
			# reload request and its "loaded serial".
			tn=$(x_t "$XD/agent.log" "$amark" "$z: NOTIFY from ")
			tx=$(x_t "$XD/agent.log" "$amark" "$z: transferred serial $s ")
			trl=$(x_t "$XD/local/named.log" "$mark" "received control channel command 'reload $z'")
			tl=$(x_t "$XD/local/named.log" "$mark" "zone $z/IN: loaded serial $s")
			fn=$(x_d "$tn" "$tl")
			ax=$(x_d "$tn" "$tx")
			nl=$(x_d "$trl" "$tl")
		else
			# named's own account of its transfer (xfer-in, info):
			# "Transfer completed: M messages, R records, B bytes, ..."
			# and "Transfer status: success".
			st=$(tail -n "+$((mark + 1))" "$XD/local/named.log" | grep -F "'$z/IN'")
			bytes=$(sed -n 's/.*Transfer completed: [0-9]* messages, [0-9]* records, \([0-9]*\) bytes.*/\1/p' <<<"$st" | tail -1)
			recs=$(sed -n 's/.*Transfer completed: [0-9]* messages, \([0-9]*\) records.*/\1/p' <<<"$st" | tail -1)
			xs=$(sed -n 's/.*bytes, \([0-9.]*\) secs.*/\1/p' <<<"$st" | tail -1)
			# named says "IXFR" only at debug levels: an answer of
			# fewer records than the zone holds was incremental.
			if [ -n "$recs" ] && [ "$recs" -lt "$n" ]; then kind=ixfr; else kind=axfr; fi
			[ -n "$bytes" ] || bytes=-
			# NOTIFY to "transferred serial": named serves it then
			tn=$(x_t "$XD/local/named.log" "$mark" "zone $z/IN: notify from ")
			tl=$(x_t "$XD/local/named.log" "$mark" "zone $z/IN: transferred serial $s")
			fn=$(x_d "$tn" "$tl")
			[ -n "$recs" ] || recs=-
			[ -n "$xs" ] || xs=-
		fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
		    "$n" "$path" "$rep" "$b" "$a" \
		    "$(awk -v a="$a" -v b="$b" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/) printf "%.3f", b - a; else print "timeout" }')" \
		    "${kind:--}" "${bytes:--}" "${deltas:--}" "${recs:--}" "${xs:--}" "$cpu" "$rss0" "$hwm" \
		    "$(awk -v c="$((n1 - n0))" -v h="$HZ" 'BEGIN { printf "%.2f", c / h }')" \
		    "$fn" "$ax" "$nl" "$(x_d "$tn" "$(x_tod "$(awk -v t="$tr" -v a="$a" 'BEGIN { if (a ~ /^[0-9.]+$/) printf "%.3f", t + a; else print "-" }')")")" \
		    "${state:--}" "${why:--}" >>"$R/ixfr.tsv"
	}
	for n in $IXFR_SIZES; do
		l=$(label "$n")
		for rep in $(seq "$(x_reps "$n")"); do
			for path in agent-ixfr agent-axfr named-twin; do
				x_bump "$n" "$path" "$rep"
				sleep 1
			done
		done
		log "  $l: $(awk -F'\t' -v n="$n" '$1 == n { printf "%s=%s/%s/%s/%sKiB ", $2, $6, $7, $12, int($14 / 1024) }' "$R/ixfr.tsv")"
	done
	cp "$XD/agent.log" "$R/ixfr-agent.log"
	grep -E "received control channel command 'reload |: loaded serial |Transfer (completed|status)|IXFR|incremental" \
	    "$XD/local/named.log" >"$R/ixfr-local.log"
	stop_pid "$X_ZSD_PID"
	stop_pid "$X_LPID"
	stop_pid "$X_PPID"
fi

echo "total_bench_s	$(awk -v a="$T_START" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }')" >>"$R/env.tsv"
echo "loadavg_end	$(cut -d' ' -f1-3 /proc/loadavg)" >>"$R/env.tsv"
log "writing bench/RESULTS.md"
python3 "$B/report.py" "$R" "${BENCH_REPORT:-$B/RESULTS.md}"
