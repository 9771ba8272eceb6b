#!/usr/bin/env bash
# `zonesyncd -n`: silent success, -v prints the normalised config, errors
# as FILE:LINE:COL, and agent.conf.example passes.
. "$(dirname "$0")/lib_daemon.sh"
zsd_init t_daemon_conf

cat >"$T/good.conf" <<EOF
// a good configuration
options {
	directory "$T/agent";
	pid-file "zonesyncd.pid";
	min-refresh-time 1;
	min-retry-time 1;
};
primaries "up" port 5301 { 127.0.0.1; };
zone "Example.COM." {
	primaries { up; 127.0.0.2 port 5302; };
};
EOF

# ---- -n: exit 0, nothing printed
timeout 10 "$ZONESYNCD" -n -c "$T/good.conf" >"$T/n.out" 2>"$T/n.err"
rc=$?
check "-n good.conf: exit $rc == 0" test "$rc" = 0
check "-n good.conf: stdout empty" test ! -s "$T/n.out"
check "-n good.conf: stderr empty" test ! -s "$T/n.err"
[ -s "$T/n.err" ] && show "$T/n.err"
check "-n did not start anything (no pid file)" \
    test ! -e "$T/agent/zonesyncd.pid"

# ---- -n -v: the normalised config
timeout 10 "$ZONESYNCD" -n -v -c "$T/good.conf" >"$T/nv.out" 2>"$T/nv.err"
rc=$?
check "-n -v good.conf: exit $rc == 0" test "$rc" = 0
if grep -q 'zone "example.com"' "$T/nv.out"; then
	ok "-n -v: prints zone \"example.com\" (lower case, no final dot)"
else
	bad "-n -v: no zone \"example.com\" in the output"
	show "$T/nv.out" 40
fi
if grep -Eq '127\.0\.0\.1 port 5301' "$T/nv.out"; then
	ok "-n -v: primary list \"up\" resolved to 127.0.0.1 port 5301"
else
	bad "-n -v: resolved primary 127.0.0.1 port 5301 not printed"
	show "$T/nv.out" 40
fi
check "-n -v: second primary 127.0.0.2 port 5302" \
    grep -Eq '127\.0\.0\.2 port 5302' "$T/nv.out"
# Paths may print absolute or relative to the printed directory.
if grep -qF "pid-file \"$T/agent/zonesyncd.pid\"" "$T/nv.out" ||
    { grep -qF "directory \"$T/agent\"" "$T/nv.out" &&
    grep -qF 'pid-file "zonesyncd.pid"' "$T/nv.out"; }; then
	ok "-n -v: pid-file under directory"
else
	bad "-n -v: pid-file not printed as $T/agent/zonesyncd.pid"
	grep -E 'directory|pid-file' "$T/nv.out" | sed 's/^/    | /'
fi
if grep -qF "file \"$T/agent/example.com.zone\"" "$T/nv.out" ||
    grep -qF 'file "example.com.zone"' "$T/nv.out"; then
	ok "-n -v: default zone file example.com.zone (under directory)"
else
	bad "-n -v: default zone file example.com.zone not printed"
fi
check "-n -v: effective min-refresh-time 1" \
    grep -Eq 'min-refresh-time 1;' "$T/nv.out"
# The printed config is itself a valid config.
cp "$T/nv.out" "$T/printed.conf"
timeout 10 "$ZONESYNCD" -n -c "$T/printed.conf" >"$T/np.out" 2>&1
rc=$?
if [ "$rc" = 0 ]; then
	ok "-n -v output parses back (-n exit 0)"
else
	bad "-n -v output does not parse back: $(head -n 1 "$T/np.out")"
fi

# ---- -n on a broken config: FILE:LINE:COL
cat >"$T/bad.conf" <<EOF
options {
	directory "$T/agent";
};
zone "example.com" {
	primaries { 127.0.0.1 port 99999; };
};
EOF
timeout 10 "$ZONESYNCD" -n -c "$T/bad.conf" >"$T/b.out" 2>"$T/b.err"
rc=$?
msg=$(cat "$T/b.out" "$T/b.err" | head -n 1)
check "-n bad.conf (port 99999): exit $rc != 0" test "$rc" -ne 0
if grep -Eq "$T/bad.conf:5:[0-9]+: " <<<"$msg"; then
	ok "-n bad.conf: '$msg'"
else
	bad "-n bad.conf: want '$T/bad.conf:5:COL: ...', got '$msg'"
fi

cat >"$T/bad2.conf" <<EOF
options {
	directory "$T/agent";
	min-refresh-time 1
};
EOF
timeout 10 "$ZONESYNCD" -n -c "$T/bad2.conf" >"$T/b2.out" 2>"$T/b2.err"
rc=$?
msg=$(cat "$T/b2.out" "$T/b2.err" | head -n 1)
check "-n bad2.conf (missing ;): exit $rc != 0" test "$rc" -ne 0
if grep -Eq "$T/bad2.conf:[34]:[0-9]+: " <<<"$msg"; then
	ok "-n bad2.conf: '$msg'"
else
	bad "-n bad2.conf: want '$T/bad2.conf:3or4:COL: ...', got '$msg'"
fi

# An error inside an included file names that file.
printf 'key "k" {\n\talgorithm hmac-sha256;\n\tsecret "%s"\n};\n' \
    "+6vRL50nKoZ8kOxeh+pAvzR08gj+IhuLbf3IMoYDgrc=" >"$T/inc.key"
cat >"$T/bad3.conf" <<EOF
include "inc.key";
options { directory "$T/agent"; };
zone "example.com" { primaries { 127.0.0.1 key "k"; }; };
EOF
timeout 10 "$ZONESYNCD" -n -c "$T/bad3.conf" >"$T/b3.out" 2>"$T/b3.err"
rc=$?
msg=$(cat "$T/b3.out" "$T/b3.err" | head -n 1)
check "-n bad3.conf (error in include): exit $rc != 0" test "$rc" -ne 0
if grep -Eq "$T/inc.key:[34]:[0-9]+: " <<<"$msg"; then
	ok "-n bad3.conf: error names the included file: '$msg'"
else
	bad "-n bad3.conf: want '$T/inc.key:LINE:COL: ...', got '$msg'"
fi

# A zone without primaries.
cat >"$T/bad4.conf" <<EOF
zone "example.com" { };
EOF
timeout 10 "$ZONESYNCD" -n -c "$T/bad4.conf" >"$T/b4.out" 2>"$T/b4.err"
rc=$?
msg=$(cat "$T/b4.out" "$T/b4.err" | head -n 1)
if [ "$rc" -ne 0 ] && grep -Eq "$T/bad4.conf:1:[0-9]+: " <<<"$msg"; then
	ok "-n zone without primaries: exit $rc, '$msg'"
else
	bad "-n zone without primaries: exit $rc, '$msg'"
fi

# A file that does not exist.
timeout 10 "$ZONESYNCD" -n -c "$T/nosuch.conf" >"$T/m.out" 2>"$T/m.err"
rc=$?
msg=$(cat "$T/m.out" "$T/m.err" | head -n 1)
if [ "$rc" -ne 0 ] && grep -q "$T/nosuch.conf" <<<"$msg"; then
	ok "-n missing file: exit $rc, '$msg'"
else
	bad "-n missing file: exit $rc, '$msg'"
fi

# The daemon refuses to start on a broken config (no pid file, exit != 0).
timeout 10 "$ZONESYNCD" -f -c "$T/bad2.conf" >"$T/start.out" 2>&1
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -lt 124 ] && grep -q "bad2.conf:" "$T/start.out"; then
	ok "zonesyncd -f on a broken config: exit $rc with the error"
else
	bad "zonesyncd -f on a broken config: exit $rc, '$(head -n 1 "$T/start.out")'"
fi

# ---- relative paths are taken from directory at run time, whatever the
# working directory (a daemon with no zones is enough).
mkdir -p "$T/agent"
cat >"$T/rel.conf" <<EOF
options {
	directory "$T/agent";
	pid-file "zonesyncd.pid";
	control-socket "ctl.sock";
	status-file "status.json";
};
EOF
ZSD_CONF="$T/rel.conf"
AD="$T/agent"
(cd / && exec "$ZONESYNCD" -f -c "$T/rel.conf") >"$T/rel.log" 2>&1 &
ZSD_PID=$!
zs_track "$ZSD_PID"
if wait_until 10 zsd_up; then
	ok "relative pid-file and control-socket created under directory (cwd /)"
	if zsd_status_json "$T/rel.json" &&
	    [ "$(jq_py "$T/rel.json" "len(d['zones'])")" = 0 ]; then
		ok "relative status-file: status works, 0 zones"
	else
		bad "status with relative status-file failed: $(cat "$T/status$ZSD_ST_N.err")"
	fi
else
	bad "no $T/agent/zonesyncd.pid + ctl.sock with relative paths"
	show "$T/rel.log"
	ls -la "$T/agent" | sed 's/^/    | /'
fi
zsd_stop
check "no-zone daemon: clean stop (exit $ZSD_RC)" test "$ZSD_RC" = 0
check "nothing written in / (pid file)" test ! -e /zonesyncd.pid

# ---- agent.conf.example passes -n
timeout 10 "$ZONESYNCD" -n -c "$ZS_ROOT/agent.conf.example" >"$T/ex.out" 2>&1
rc=$?
if [ "$rc" = 0 ] && [ ! -s "$T/ex.out" ]; then
	ok "agent.conf.example: -n exit 0, silent"
else
	bad "agent.conf.example: -n exit $rc: $(head -n 3 "$T/ex.out")"
fi
timeout 10 "$ZONESYNCD" -n -v -c "$ZS_ROOT/agent.conf.example" \
    >"$T/exv.out" 2>&1
rc=$?
check "agent.conf.example: -n -v exit $rc == 0" test "$rc" = 0
check "agent.conf.example: -n -v redacts the secret" \
    bash -c '! grep -q "+6vRL50nKoZ8kOxeh" "$1"' _ "$T/exv.out"
check "agent.conf.example: -n -v lists example.net" \
    grep -q 'zone "example.net"' "$T/exv.out"

# -h (and --help, help) lists every option of every subcommand.
"$ZONESYNCD" -h >"$T/help.out" 2>&1
check "-h: exit 0" test $? -eq 0
for o in -c -f -n -v -P --once -V -S --json --force -p -t -o -y -k @SERVER; do
	check "-h lists $o" grep -qE -- "(^|[ [])$o([] ,]|\$)" "$T/help.out"
done
for h in --help help; do
	"$ZONESYNCD" $h >"$T/help2.out" 2>&1
	check "$h: same text as -h" cmp -s "$T/help.out" "$T/help2.out"
done
"$ZONESYNCD" xfr -h >"$T/xhelp.out" 2>&1
for o in -p -t -c -o -y -k; do
	check "xfr -h lists $o" grep -qE -- "^  $o " "$T/xhelp.out"
done
zs_done
