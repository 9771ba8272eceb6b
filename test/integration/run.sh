#!/usr/bin/env bash
# run.sh - run every test/integration/t_*.sh (or those named as arguments),
# print PASS/FAIL per test and a final "N passed, M failed" line; exit
# non-zero on any failure.  Each test is bounded by ZS_TEST_TIMEOUT (120 s).
# Started by `make integration` (through sh, hence the re-exec).
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -u
cd "$(dirname "$0")" || exit 1
export LC_ALL=C

limit=${ZS_TEST_TIMEOUT:-120}
if [ $# -gt 0 ]; then
	tests=("$@")
else
	tests=(t_*.sh)
fi
mkdir -p ../tmp
log_dir=$(mktemp -d ../tmp/run.XXXXXX)
passed=0 failed=0 failed_names=""
t_start=$SECONDS
for t in "${tests[@]}"; do
	t=${t##*/}
	name=${t%.sh}
	t0=$SECONDS
	timeout -k 10 "$limit" bash "./$t" >"$log_dir/$name.log" 2>&1
	rc=$?
	dt=$((SECONDS - t0))
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		printf 'PASS %-24s %3ds\n' "$name" "$dt"
		[ "${ZS_VERBOSE:-0}" = 1 ] && sed 's/^/    /' "$log_dir/$name.log"
	else
		failed=$((failed + 1))
		failed_names="$failed_names $name"
		if [ "$rc" -ge 124 ] && [ "$rc" -le 137 ] && [ "$dt" -ge "$limit" ]; then
			printf 'FAIL %-24s %3ds (timed out after %ds)\n' "$name" "$dt" "$limit"
		else
			printf 'FAIL %-24s %3ds (exit %d)\n' "$name" "$dt" "$rc"
		fi
		grep -v '^  ok:' "$log_dir/$name.log" | head -n 60 | sed 's/^/    /'
	fi
done
if [ "$failed" -eq 0 ] && [ "${ZS_KEEP:-0}" != 1 ]; then
	rm -rf "$log_dir"
	echo "integration: $((SECONDS - t_start))s"
else
	echo "integration: $((SECONDS - t_start))s; logs in test/tmp/${log_dir##*/}"
fi
[ "$failed" -eq 0 ] || echo "failed:$failed_names"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
