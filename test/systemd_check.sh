#!/bin/sh
# systemd_check.sh - `make systemd-check`: the unit generated for the build
# tree passes `systemd-analyze verify`, and its exposure score is <= 3.0.
# Usage: systemd_check.sh TEMPLATE AGENT-DIR OUT-DIR
set -u
tmpl=$1 sbindir=$2 out=$3
max=3.0

if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "systemd-check: SKIP: systemd-analyze not installed (apt-get" \
	    "install systemd)"
	exit 0
fi
mkdir -p "$out" || exit 1
unit="$out/zonesyncd.service"
sed -e "s|@SBINDIR@|$sbindir|g" -e "s|@SYSCONFDIR@|/etc|g" "$tmpl" \
    >"$unit" || exit 1
fail=0

# verify: ExecStart= binaries must exist, hence the build-tree paths.
# It needs no running systemd; if it cannot work at all here (a known
# good unit fails too), say so and go on to the score.
good="$out/zs-known-good.service"
printf '[Service]\nExecStart=/bin/true\n' >"$good"
if ! systemd-analyze verify --man=no "$good" >"$out/verify.out" 2>&1; then
	echo "systemd-check: SKIP verify: systemd-analyze verify fails even" \
	    "on a trivial unit here:"
	sed 's/^/    | /' "$out/verify.out"
elif systemd-analyze verify --man=no "$unit" >"$out/verify.out" 2>&1 &&
    [ ! -s "$out/verify.out" ]; then
	echo "systemd-check: systemd-analyze verify: ok"
else
	echo "systemd-check: FAIL: systemd-analyze verify $unit:"
	sed 's/^/    | /' "$out/verify.out"
	fail=1
fi
rm -f "$good"

# The score, offline: no running systemd needed.
systemd-analyze security --offline=true --no-pager "$unit" \
    >"$out/security.out" 2>&1
score=$(sed -n 's/.*Overall exposure level for zonesyncd.service: \([0-9.]*\).*/\1/p' \
    "$out/security.out")
if [ -z "$score" ]; then
	echo "systemd-check: FAIL: no exposure level from systemd-analyze" \
	    "security:"
	sed 's/^/    | /' "$out/security.out"
	fail=1
elif awk -v s="$score" -v m="$max" 'BEGIN { exit !(s + 0 <= m + 0) }'; then
	echo "systemd-check: exposure level $score (at most $max): ok"
else
	echo "systemd-check: FAIL: exposure level $score, above $max:"
	grep '✗' "$out/security.out" | sed 's/^/    | /'
	fail=1
fi
exit $fail
