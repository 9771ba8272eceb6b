#!/usr/bin/env bash
# SIGKILL (strace fault injection) at every commit step of an IXFR applied
# by the daemon (`-f --once`, named with ixfr-from-differences as the
# primary): the writes of the new zone file and of the new snapshot, every
# fsync, both renames (snapshot first, then the zone file) and the
# directory fsyncs.  After each kill the zone file is the old one byte for
# byte or the complete new zone, never partial; and the next normal run
# installs the new zone whatever pair of files the kill left (a snapshot
# whose serial is not the file's is not used: AXFR).
. "$(dirname "$0")/lib_daemon.sh"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
zsd_init t_ixfr_crash

STRACE=${STRACE:-/usr/bin/strace}
[ -x "$STRACE" ] || die "strace not installed"
Z=crash.test
"$ZS_IT/gen_zone.sh" big "$Z" 5000 1 >"$T/p.db"
NAMED_ZONE_OPTS[$Z]="ixfr-from-differences yes;"
zs_named_start "$Z" "$T/p.db"

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
timeout -k 5 60 "${DCMD[@]}" >"$T/fill.out" 2>&1 || {
	show "$T/fill.out"; die "first fill failed"; }
[ -s "$FILE.snap" ] || die "no snapshot after the fill"
cp "$FILE" "$T/old.zone"
cp "$FILE.snap" "$T/old.snap"

# Serial 2: a record changed, one added, one deleted.
sed -e 's/ 1 3600 600 1209600 300$/ 2 3600 600 1209600 300/' \
    -e 's/^mx IN A 192.0.2.25$/mx IN A 192.0.2.26/' \
    -e '/^rrset2k IN A 10.0.0.7$/d' "$T/p.db" >"$T/p2.db"
echo "added IN TXT \"serial 2\"" >>"$T/p2.db"
cp "$T/p2.db" "$T/p.db"
touch -d "@$(($(date +%s) + 1))" "$T/p.db"
zs_named_reload
wait_until 10 serial_is 127.0.0.1 "$NAMED_PORT" "$Z" 2 ||
    die "primary does not serve serial 2"
canon "$Z" "$T/p2.db" >"$T/new.canon" || die "new zone does not load"
COUNT=$(grep -c '' "$T/new.canon")

restore() {
	cp "$T/old.zone" "$FILE"
	cp "$T/old.snap" "$FILE.snap"
	rm -f "$AD/zonesyncd.pid" "$AD/ctl.sock" "$AD"/.??*
}

verdict() {	# verdict WHAT: V=old|new|partial
	if cmp -s "$T/old.zone" "$FILE"; then
		V=old
	elif canon "$Z" "$FILE" >"$T/got.canon" 2>/dev/null &&
	    cmp -s "$T/new.canon" "$T/got.canon" &&
	    grep -q "^; records: *$COUNT\$" "$FILE"; then
		V=new
	else
		V=partial
		bad "$1: PARTIAL zone file"
	fi
}

TRACE=write,fsync,fdatasync,rename,renameat,renameat2,openat
restore
"$STRACE" -f -o "$T/m.trace" -e trace=$TRACE "${DCMD[@]}" >"$T/m.out" 2>&1 ||
    { show "$T/m.out"; die "measurement run failed"; }
verdict "measurement run"
check "measurement run: the new zone ($V)" test "$V" = new
check "measurement run: by IXFR" grep -q "IXFR, 1 delta " "$T/m.out"

# Kill points, as (syscall, ordinal in the process that writes).
python3 - "$T/m.trace" >"$T/points" <<'PY'
import re, sys, collections
pat = re.compile(r'^(\d+)\s+(\w+)\((.*)\)\s+=\s+(-?\d+)')
cnt = collections.Counter()
fds = {}          # fd -> "zone" | "snap" temp
points = []
writes = collections.defaultdict(list)
for l in open(sys.argv[1], errors="replace"):
    m = pat.match(l)
    if not m:
        continue
    sc, args, rv = m.group(2), m.group(3), m.group(4)
    cnt[sc] += 1
    n = cnt[sc]
    first = args.split(",")[0].strip()
    if sc == "openat" and re.search(r'/\.snap\+[^/"]*\.snap\.\w{6}"', args):
        fds[rv] = "snap"
    elif sc == "openat" and re.search(r'/\.[^/"+]*\.zone\.\w{6}"', args):
        fds[rv] = "zone"
    elif sc == "write" and first in fds:
        writes[fds[first]].append(n)
    elif sc in ("fsync", "fdatasync") or sc.startswith("rename"):
        points.append("%s %d" % (sc, n))
for k, w in writes.items():
    if w:
        points.append("write %d %s" % (w[len(w) // 2], k))
print("\n".join(points))
PY
note "kill points: $(tr '\n' ',' <"$T/points")"
[ "$(grep -c rename "$T/points")" -ge 2 ] ||
    bad "fewer than two renames (snapshot and zone file) in the IXFR run"

n=0
while read -r sc num what; do
	restore
	( timeout -k 5 60 "$STRACE" -f -o /dev/null -e trace=$TRACE \
	    -e inject="$sc:signal=KILL:when=$num" "${DCMD[@]}" \
	    >"$T/k.out" 2>&1 ) 2>/dev/null
	verdict "kill at $sc#$num${what:+ ($what)}"
	[ "$V" = partial ] && continue
	# The next run, with whatever pair of files the kill left.
	rm -f "$AD/zonesyncd.pid" "$AD/ctl.sock"
	timeout -k 5 60 "${DCMD[@]}" >"$T/after.out" 2>&1
	v1=$V
	verdict "run after the kill at $sc#$num"
	if [ "$V" = new ]; then
		how=$(grep -o "IXFR, [0-9]* deltas\|IXFR, 1 delta\|AXFR[^,]*" "$T/after.out" | head -n 1)
		ok "kill at $sc#$num${what:+ ($what)}: $v1 file; next run: new zone (${how:-nothing to do})"
	else
		bad "kill at $sc#$num: the next run left the $V file"
		show "$T/after.out" 5
	fi
	n=$((n + 1))
done <"$T/points" 2>/dev/null	# bash reports each SIGKILL
check "kill cases run ($n)" test "$n" -ge 6
zs_done
