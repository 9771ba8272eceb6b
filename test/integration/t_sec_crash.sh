#!/usr/bin/env bash
# Fault injection with strace on the commit path, for `zonesyncd xfr` and
# for the daemon (`-f --once`), with a ~100k-record zone and an older good
# file in place:
#   SIGKILL at a body write, the pwrite of the header, the file fsync, the
#   close, the rename, the directory open and the directory fsync: the
#   target is then the old file byte for byte or the complete new zone
#   (canonical compare with the primary's zone, header record count), never
#   partial.  Temp files left by SIGKILL are reported, not failed.
#   ENOSPC on a body write, EIO on the file fsync: clean failure naming the
#   error, exit 1, old file untouched, no temp file left.
# The syscall ordinals are measured first (strace -o) so each kill lands.
. "$(dirname "$0")/lib.sh"
# LeakSanitizer cannot run under ptrace; the sanitizer build's other
# checks still apply to the traced runs.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
zs_init t_sec_crash

STRACE=${STRACE:-/usr/bin/strace}
[ -x "$STRACE" ] || die "strace not installed (contrib/setup-deps.sh installs it)"
Z=crash.test
N=${ZS_CRASH_RECORDS:-100000}
"$ZS_IT/gen_zone.sh" big "$Z" 2000 1 >"$T/old.db"
"$ZS_IT/gen_zone.sh" big "$Z" "$N" 2 >"$T/new.db"
cp "$T/old.db" "$T/primary.db"
zs_named_start "$Z" "$T/primary.db"
# The old file as the agent writes it (header, serial 1), then the
# primary moves on to serial 2.
zs_xfr -p "$NAMED_PORT" -o "$T/old.zone" "$Z" @127.0.0.1
[ "$XFR_RC" = 0 ] || die "cannot fetch the old zone: $(cat "$XFR_ERR")"
cp "$T/new.db" "$T/primary.db"
touch -d "@$(($(date +%s) + 1))" "$T/primary.db"
for i in $(seq 20); do
	zs_named_reload
	sleep 0.5
	[ "$(serial_of "$Z")" = 2 ] && break
done
[ "$(serial_of "$Z")" = 2 ] || die "primary does not serve serial 2"
canon "$Z" "$T/new.db" >"$T/new.canon" || die "new zone does not load"
COUNT=$(grep -c '' "$T/new.canon")
note "primary serves $Z serial 2, $COUNT RRs; old file serial 1"

TRACE=write,pwrite64,fsync,fdatasync,close,rename,renameat,renameat2,openat

# verdict WHAT FILE: old, complete new, or partial (a failure).
verdict() {
	local what=$1 f=$2 cnt
	if cmp -s "$T/old.zone" "$f"; then
		ok "$what: old file intact"
		V=old
	elif canon "$Z" "$f" >"$T/got.canon" 2>/dev/null &&
	    cmp -s "$T/new.canon" "$T/got.canon"; then
		cnt=$(sed -n 's/^; records: *\([0-9]*\).*/\1/p' "$f" | head -n 1)
		if [ "$cnt" = "$COUNT" ]; then
			ok "$what: complete new file (header records $cnt)"
		else
			bad "$what: new content but header records '$cnt', want $COUNT"
		fi
		V=new
	else
		bad "$what: PARTIAL file: neither old nor the complete new zone ($(wc -c <"$f") bytes, header: $(grep -m1 '^; records' "$f"))"
		V=partial
	fi
}

# leftovers WHAT DIR BASE: report temp files, then remove them so the
# next case starts clean (they were already reported).
LEFT_TOTAL=0 SEEN=" "
leftovers() {
	local what=$1 left f
	left=$(leftover_tmp "$2" "$3")
	if [ -n "$left" ]; then
		for f in $left; do
			case $SEEN in *" $f "*) continue ;; esac
			SEEN="$SEEN$f "
			note "$what: temp file left: $(basename "$f") ($(wc -c <"$f") bytes)"
			LEFT_TOTAL=$((LEFT_TOTAL + 1))
		done
		[ "${KEEP_LEFT:-0}" = 1 ] || rm -f $left
	fi
}

# measure TRACEFILE: per-syscall ordinals (in the process that wrote the
# temp file) of the commit steps.  Prints shell assignments.
measure() {
	python3 - "$1" <<'PY'
import re, sys, collections
lines = open(sys.argv[1], errors="replace").read().splitlines()
pat = re.compile(r'^(\d+)\s+(\w+)\((.*)\)\s+=\s+(-?\d+)')
# find the process and fd of the temp file
tmppid = tmpfd = None
for l in lines:
    m = pat.match(l)
    if m and m.group(2) == "openat" and re.search(r'/\.[^/"]*\.zone\.[A-Za-z0-9]{6}"', m.group(3)):
        tmppid, tmpfd = m.group(1), m.group(4)
        break
if tmppid is None:
    print("MEASURE_ERR='no temp file open found'")
    sys.exit(0)
cnt = collections.Counter()
out = {}
body = []
renamed = False
dirfd = None
for l in lines:
    m = pat.match(l)
    if not m or m.group(1) != tmppid:
        continue
    sc, args, rv = m.group(2), m.group(3), m.group(4)
    cnt[sc] += 1
    n = cnt[sc]
    first = args.split(",")[0].strip()
    if sc == "write" and first == tmpfd and not renamed:
        body.append(n)
    elif sc == "pwrite64" and first == tmpfd and "PWRITE" not in out:
        out["PWRITE"] = ("pwrite64", n)
    elif sc in ("fsync", "fdatasync") and first == tmpfd and "FSYNC" not in out:
        out["FSYNC"] = (sc, n)
    elif sc == "close" and first == tmpfd and "FSYNC" in out and "CLOSE" not in out:
        out["CLOSE"] = ("close", n)
    elif sc.startswith("rename") and "RENAME" not in out:
        out["RENAME"] = (sc, n)
        renamed = True
    elif sc == "openat" and renamed and "O_DIRECTORY" in args and "DIROPEN" not in out:
        out["DIROPEN"] = ("openat", n)
        dirfd = rv
    elif sc in ("fsync", "fdatasync") and dirfd is not None and first == dirfd and "DIRFSYNC" not in out:
        out["DIRFSYNC"] = (sc, n)
if body:
    out["WRITE"] = ("write", body[len(body) // 2])
    out["ENOSPC"] = ("write", body[min(len(body) - 1, max(1, len(body) // 3))])
print("BODY_WRITES=%d" % len(body))
for k, (sc, n) in out.items():
    print("%s_SC=%s %s_N=%d" % (k, sc, k, n))
PY
}

# ------------------------------------------------------------ the CLI
OUT="$T/out.zone"
cp "$T/old.zone" "$OUT"
"$STRACE" -f -o "$T/xfr.trace" -e trace=$TRACE \
    "$ZONESYNCD" xfr -p "$NAMED_PORT" -o "$OUT" "$Z" @127.0.0.1 >"$T/m.out" 2>&1 ||
    { show "$T/m.out"; die "traced xfr failed"; }
verdict "measurement run (no fault)" "$OUT"
eval "$(measure "$T/xfr.trace")"
[ -z "${MEASURE_ERR:-}" ] || die "xfr: $MEASURE_ERR"
note "xfr: $BODY_WRITES body writes; kill points: write#$WRITE_N ${PWRITE_SC:-?}#${PWRITE_N:-?} $FSYNC_SC#$FSYNC_N close#${CLOSE_N:-?} $RENAME_SC#$RENAME_N openat#${DIROPEN_N:-?} fsync#${DIRFSYNC_N:-?}"
[ -n "${DIROPEN_N:-}" ] || bad "xfr: no directory open after the rename (is the directory fsynced?)"
[ -n "${DIRFSYNC_N:-}" ] || bad "xfr: no fsync of the directory after the rename"

# kill_case WHAT SYSCALL N CMD...: SIGKILL at the Nth SYSCALL of CMD.
kill_case() {
	local what=$1 sc=$2 n=$3 rc
	shift 3
	# (a subshell, so bash's "Killed" notice goes to /dev/null)
	( timeout -k 5 60 "$STRACE" -f -o /dev/null -e trace=$TRACE \
	    -e inject="$sc:signal=KILL:when=$n" "$@" >"$T/k.out" 2>&1 ) 2>/dev/null
	rc=$?
	if grep -q 'killed by SIGKILL' "$T/k.out" || [ "$rc" = 137 ]; then
		:
	else
		bad "$what: the kill did not land ($sc#$n; exit $rc)"
		show "$T/k.out" 5
	fi
}

for step in WRITE PWRITE FSYNC CLOSE RENAME DIROPEN DIRFSYNC; do
	sc_var=${step}_SC n_var=${step}_N
	sc=${!sc_var:-} n=${!n_var:-}
	[ -n "$sc" ] || { note "xfr: no $step step found, skipped"; continue; }
	cp "$T/old.zone" "$OUT"
	kill_case "xfr kill at $sc#$n ($step)" "$sc" "$n" \
	    "$ZONESYNCD" xfr -p "$NAMED_PORT" -o "$OUT" "$Z" @127.0.0.1
	verdict "xfr kill at $sc#$n ($step)" "$OUT"
	case $step:$V in
	WRITE:old | PWRITE:old | FSYNC:old | CLOSE:old | RENAME:old) ;;
	DIROPEN:new | DIRFSYNC:new) ;;
	*:partial) ;;
	*) note "xfr kill at $step: file is '$V' (unexpected but not partial)" ;;
	esac
	leftovers "xfr kill at $step" "$T" out.zone
done

# Disk full / I/O error.
io_case() {	# io_case WHAT INJECT REGEX CMD...
	local what=$1 inj=$2 re=$3 rc
	shift 3
	cp "$T/old.zone" "$OUT"
	timeout -k 5 60 "$STRACE" -f -o /dev/null -e trace=$TRACE \
	    -e inject="$inj" "$@" >"$T/io.out" 2>"$T/io.err"
	rc=$?
	check "$what: exit 1 (got $rc)" test "$rc" = 1
	echo "    stderr: $(head -n 1 "$T/io.err" | cut -c1-200)"
	check "$what: error says /$re/" grep -qE -- "$re" "$T/io.err"
	check "$what: one error line" test "$(grep -c '' "$T/io.err")" = 1
	check "$what: old file untouched" cmp -s "$T/old.zone" "$OUT"
	left=$(leftover_tmp "$T" out.zone)
	if [ -n "$left" ]; then
		bad "$what: temp file left after a clean failure: $left"
		rm -f $left
	else
		ok "$what: no temp file left"
	fi
}
io_case "xfr ENOSPC at write#$ENOSPC_N" "write:error=ENOSPC:when=$ENOSPC_N" \
    "No space left on device" \
    "$ZONESYNCD" xfr -p "$NAMED_PORT" -o "$OUT" "$Z" @127.0.0.1
io_case "xfr EIO at $FSYNC_SC#$FSYNC_N" "$FSYNC_SC:error=EIO:when=$FSYNC_N" \
    "Input/output error" \
    "$ZONESYNCD" xfr -p "$NAMED_PORT" -o "$OUT" "$Z" @127.0.0.1
if [ -n "${PWRITE_N:-}" ]; then
	io_case "xfr ENOSPC at pwrite64#$PWRITE_N (header)" "pwrite64:error=ENOSPC:when=$PWRITE_N" \
	    "No space left on device" \
	    "$ZONESYNCD" xfr -p "$NAMED_PORT" -o "$OUT" "$Z" @127.0.0.1
fi

# ------------------------------------------------------------ the daemon
AD="$T/agent"
mkdir -p "$AD"
FILE="$AD/$Z.zone"
CONF="$T/agent.conf"
cat >"$CONF" <<EOF
options {
	directory "$AD";
	pid-file "$AD/zonesyncd.pid";
	control-socket "$AD/ctl.sock";
	status-file "$AD/status.json";
	reload-command "true";
	reload-all-command "true";
};
zone "$Z" { primaries { 127.0.0.1 port $NAMED_PORT; }; };
EOF
DCMD=("$ZONESYNCD" -f --once -c "$CONF")
cp "$T/old.zone" "$FILE"
"$STRACE" -f -o "$T/d.trace" -e trace=$TRACE "${DCMD[@]}" >"$T/dm.out" 2>&1
rc=$?
check "daemon --once measurement run: exit 0 (got $rc)" test "$rc" = 0
verdict "daemon measurement run (no fault)" "$FILE"
unset WRITE_N PWRITE_N FSYNC_N CLOSE_N RENAME_N DIROPEN_N DIRFSYNC_N ENOSPC_N
unset WRITE_SC PWRITE_SC FSYNC_SC CLOSE_SC RENAME_SC DIROPEN_SC DIRFSYNC_SC ENOSPC_SC
eval "$(measure "$T/d.trace")"
[ -z "${MEASURE_ERR:-}" ] || die "daemon: $MEASURE_ERR"
note "daemon: $BODY_WRITES body writes; kill points: write#$WRITE_N ${PWRITE_SC:-?}#${PWRITE_N:-?} $FSYNC_SC#$FSYNC_N close#${CLOSE_N:-?} $RENAME_SC#$RENAME_N openat#${DIROPEN_N:-?} fsync#${DIRFSYNC_N:-?}"
[ -n "${DIROPEN_N:-}" ] || bad "daemon: no directory open after the rename"
[ -n "${DIRFSYNC_N:-}" ] || bad "daemon: no fsync of the directory after the rename"

for step in WRITE PWRITE FSYNC CLOSE RENAME DIROPEN DIRFSYNC; do
	sc_var=${step}_SC n_var=${step}_N
	sc=${!sc_var:-} n=${!n_var:-}
	[ -n "$sc" ] || { note "daemon: no $step step found, skipped"; continue; }
	cp "$T/old.zone" "$FILE"
	rm -f "$AD/zonesyncd.pid" "$AD/ctl.sock"
	kill_case "daemon kill at $sc#$n ($step)" "$sc" "$n" "${DCMD[@]}"
	verdict "daemon kill at $sc#$n ($step)" "$FILE"
	KEEP_LEFT=1 leftovers "daemon kill at $step" "$AD" "$Z.zone"
done

# The leftovers of the kills are still there: a normal run must install
# the real zone, never one of them.
nleft=$(leftover_tmp "$AD" "$Z.zone" | grep -c '')
cp "$T/old.zone" "$FILE"
rm -f "$AD/zonesyncd.pid" "$AD/ctl.sock"
timeout -k 5 60 "${DCMD[@]}" >"$T/dn.out" 2>&1
rc=$?
check "daemon --once after the kills: exit 0 (got $rc)" test "$rc" = 0
verdict "daemon normal run with $nleft leftover temp file(s) beside the zone" "$FILE"
nleft2=$(leftover_tmp "$AD" "$Z.zone" | grep -c '')
note "temp files beside the zone: $nleft before the normal run, $nleft2 after (not cleaned up)"
rm -f $(leftover_tmp "$AD" "$Z.zone")

dio_case() {	# dio_case WHAT INJECT REGEX
	local what=$1 inj=$2 re=$3 rc
	cp "$T/old.zone" "$FILE"
	rm -f "$AD/zonesyncd.pid" "$AD/ctl.sock" "$AD/status.json"
	timeout -k 5 60 "$STRACE" -f -o /dev/null -e trace=$TRACE \
	    -e inject="$inj" "${DCMD[@]}" >"$T/dio.out" 2>&1
	rc=$?
	check "$what: exit 1 (got $rc)" test "$rc" = 1
	line=$(grep -m1 -E "$Z: .*(failed|cannot)" "$T/dio.out")
	echo "    log: ${line#* zonesyncd: }" | cut -c1-200
	check "$what: log says /$re/" grep -qE -- "$re" <<<"$line"
	if [ -s "$AD/status.json" ]; then
		st=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["zones"][0]["state"])' "$AD/status.json" 2>/dev/null)
		case $st in
		retrying | error) ok "$what: status state $st" ;;
		*) bad "$what: status state '$st', want retrying" ;;
		esac
	else
		note "$what: no status file after --once (exit status is the verdict)"
	fi
	check "$what: old file untouched" cmp -s "$T/old.zone" "$FILE"
	left=$(leftover_tmp "$AD" "$Z.zone")
	if [ -n "$left" ]; then
		bad "$what: temp file left after a clean failure: $left"
		rm -f $left
	else
		ok "$what: no temp file left"
	fi
}
dio_case "daemon ENOSPC at write#$ENOSPC_N" "write:error=ENOSPC:when=$ENOSPC_N" "No space left on device"
dio_case "daemon EIO at $FSYNC_SC#$FSYNC_N" "$FSYNC_SC:error=EIO:when=$FSYNC_N" "Input/output error"
note "temp files left by SIGKILL in all: $LEFT_TOTAL"
zs_done
