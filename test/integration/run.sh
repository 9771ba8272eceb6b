#!/usr/bin/env bash
# run.sh - run every test/integration/t_*.sh (or those named as arguments),
# print PASS/FAIL per test and a final "N passed, M failed" line; exit
# non-zero on any failure.  Each test is bounded by ZS_TEST_TIMEOUT (120 s);
# ZS_JOBS (2) run at a time, ZS_JOBS=1 one after the other.
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
# ZS_JOBS tests at a time (default 2): most of a test's time is waiting
# on timers and servers, not CPU.  Each test has its own directory, ports
# and processes, so they do not meet.  Results print in the tests' order.
jobs_max=${ZS_JOBS:-2}
names=()
for t in "${tests[@]}"; do
	t=${t##*/}
	names+=("${t%.sh}")
done
next=0
report() {	# report NAME: print one finished test's result
	local name=$1 rc dt
	read -r rc dt <"$log_dir/$name.res"
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
}
flush() {	# print the finished tests at the head of the order
	while [ "$next" -lt "${#names[@]}" ] &&
	    [ -f "$log_dir/${names[next]}.res" ]; do
		report "${names[next]}"
		next=$((next + 1))
	done
}
for name in "${names[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do
		wait -n
		flush
	done
	(
		t0=$SECONDS
		timeout -k 10 "$limit" bash "./$name.sh" >"$log_dir/$name.log" 2>&1
		rc=$?
		echo "$rc $((SECONDS - t0))" >"$log_dir/$name.res.tmp"
		mv "$log_dir/$name.res.tmp" "$log_dir/$name.res"
	) &
done
wait
flush
if [ "$failed" -eq 0 ] && [ "${ZS_KEEP:-0}" != 1 ]; then
	rm -rf "$log_dir"
	echo "integration: $((SECONDS - t_start))s"
else
	echo "integration: $((SECONDS - t_start))s; logs in test/tmp/${log_dir##*/}"
fi
[ "$failed" -eq 0 ] || echo "failed:$failed_names"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
