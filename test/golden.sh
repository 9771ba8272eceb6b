#!/bin/sh
# golden.sh - the command line against the config golden files:
#   zonesyncd -n -v -c X.conf   must print X.ok exactly and exit 0
#   zonesyncd -n -c X.conf      must print X.err exactly and exit 1
# (test/check_conf.c checks the same files through the library; this
# proves the installed command says the same thing.)
set -u
cd "$(dirname "$0")/.." || exit 2
Z=${ZONESYNCD:-agent/zonesyncd}
D=test/data/conf
pass=0
fail=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for conf in "$D"/*.conf; do
	base=${conf%.conf}
	if [ -f "$base.ok" ]; then
		"$Z" -n -v -c "$conf" >"$out" 2>&1
		rc=$?
		if [ "$rc" -eq 0 ] && cmp -s "$out" "$base.ok"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL: $Z -n -v -c $conf (exit $rc)"
			diff "$base.ok" "$out" | head -20
		fi
	elif [ -f "$base.err" ]; then
		"$Z" -n -c "$conf" >"$out" 2>&1
		rc=$?
		if [ "$rc" -eq 1 ] && cmp -s "$out" "$base.err"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL: $Z -n -c $conf (exit $rc)"
			diff "$base.err" "$out" | head -20
		fi
	fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
