#!/bin/bash
# run.sh - build and run the standalone agent tests (t_soa, t_spawn,
# t_webhook).
#
#   test/agent/run.sh            normal build (-O2 -Werror)
#   ASAN=1 test/agent/run.sh     with -fsanitize=address,undefined
#   NBULK=2000                   zones served to the bulk SOA test
#
# Builds with cc directly (no make), into a temp dir.  t_soa gets a real
# named on 127.0.0.1 at a random high port; named is stopped by its PID
# from the EXIT trap.  Prints "N passed, M failed" last.
set -u
export LC_ALL=C

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
NBULK=${NBULK:-2000}
NAMED=${NAMED:-/usr/sbin/named}
T=$(mktemp -d /tmp/zs-agent-test.XXXXXX)
NAMED_PID=""

cleanup() {
	if [ -n "$NAMED_PID" ] && kill -0 "$NAMED_PID" 2>/dev/null; then
		kill "$NAMED_PID" 2>/dev/null
		for _ in $(seq 50); do
			kill -0 "$NAMED_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$NAMED_PID" 2>/dev/null
	fi
	[ -n "${ZS_KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra
 -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wcast-qual
 -Wpointer-arith -Wvla -Werror -g -O2 -Ilib -iquote agent"
if [ -n "${ASAN:-}" ]; then
	CFLAGS="$CFLAGS -fsanitize=address,undefined -fno-sanitize-recover=all"
fi
LIBSRC="lib/msg.c lib/soamsg.c lib/dname.c lib/addr.c lib/err.c lib/strbuf.c lib/timerq.c lib/tsig.c"
CARES=$(pkg-config --cflags --libs libcares libcrypto)

PASS=0
FAIL=0
count() {	# count FILE: add its ok / not ok lines
	local p f
	p=$(grep -c '^ok ' "$1")
	f=$(grep -c '^not ok ' "$1")
	PASS=$((PASS + p))
	FAIL=$((FAIL + f))
}

# shellcheck disable=SC2086
if ! cc $CFLAGS -o "$T/t_soa" test/agent/t_soa.c agent/soa.c agent/loop.c \
    agent/log.c $LIBSRC $CARES; then
	echo "not ok - build t_soa"
	FAIL=$((FAIL + 1))
fi
# shellcheck disable=SC2086
if ! cc $CFLAGS -o "$T/t_spawn" test/agent/t_spawn.c agent/proc.c \
    agent/reload.c agent/rndcc.c lib/rndc.c lib/confkey.c agent/loop.c \
    agent/log.c $LIBSRC \
    $(pkg-config --libs libcrypto); then
	echo "not ok - build t_spawn"
	FAIL=$((FAIL + 1))
fi

# shellcheck disable=SC2086
if ! cc $CFLAGS -o "$T/t_webhook" test/agent/t_webhook.c agent/webhook.c \
    agent/loop.c agent/log.c lib/event.c lib/timerq.c lib/err.c \
    $(pkg-config --cflags --libs libcurl jansson); then
	echo "not ok - build t_webhook"
	FAIL=$((FAIL + 1))
fi

# ---------------------------------------------------------------- named
start_named() {
	local d=$T/named i port
	mkdir -p "$d"
	cat >"$d/good.test.zone" <<-'EOF'
	$TTL 300
	@	SOA	ns hostmaster 2026112101 3600 600 86400 300
	@	NS	ns
	ns	A	127.0.0.1
	www	A	127.0.0.1
	EOF
	cat >"$d/tiny.zone" <<-'EOF'
	$TTL 300
	@	SOA	ns hostmaster 7 3600 600 86400 300
	@	NS	ns
	ns	A	127.0.0.1
	EOF
	for _ in 1 2 3 4 5; do
		port=$((20000 + RANDOM % 40000))
		{
			cat <<-EOF
			options {
				directory "$d";
				pid-file "$d/named.pid";
				session-keyfile "$d/session.key";
				managed-keys-directory "$d";
				listen-on port $port { 127.0.0.1; };
				listen-on-v6 { none; };
				recursion no;
				notify no;
				dnssec-validation no;
			};
			controls { };
			zone "good.test" { type primary; file "good.test.zone"; };
			EOF
			for ((i = 0; i < NBULK; i++)); do
				echo "zone \"z$i.bulk.test\" { type primary; file \"tiny.zone\"; };"
			done
		} >"$d/named.conf"
		"$NAMED" -g -c "$d/named.conf" -u root >"$d/named.log" 2>&1 &
		NAMED_PID=$!
		for _ in $(seq 150); do
			if dig +short +norec +time=1 +tries=1 -p "$port" \
			    @127.0.0.1 "z$((NBULK - 1)).bulk.test" SOA 2>/dev/null |
			    grep -q hostmaster; then
				NAMED_PORT=$port
				return 0
			fi
			kill -0 "$NAMED_PID" 2>/dev/null || break
			sleep 0.2
		done
		kill "$NAMED_PID" 2>/dev/null
		wait "$NAMED_PID" 2>/dev/null
		NAMED_PID=""
	done
	tail -n 20 "$d/named.log"
	return 1
}

if [ -x "$T/t_soa" ]; then
	if start_named; then
		echo "# named pid $NAMED_PID on 127.0.0.1#$NAMED_PORT, $NBULK bulk zones"
		timeout 180 "$T/t_soa" "$NAMED_PORT" "$NBULK" 2>&1 | tee "$T/t_soa.out"
		rc=${PIPESTATUS[0]}
		count "$T/t_soa.out"
		if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$T/t_soa.out"; then
			echo "not ok - t_soa exited $rc"
			FAIL=$((FAIL + 1))
		fi
	else
		echo "not ok - named did not start"
		FAIL=$((FAIL + 1))
	fi
fi

if [ -x "$T/t_spawn" ]; then
	timeout 120 "$T/t_spawn" "$T" 2>&1 | tee "$T/t_spawn.out"
	rc=${PIPESTATUS[0]}
	count "$T/t_spawn.out"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$T/t_spawn.out"; then
		echo "not ok - t_spawn exited $rc"
		FAIL=$((FAIL + 1))
	fi
fi

# t_webhook starts its own python3 http.server on 127.0.0.1 (random
# port) and stops it by PID; about 25 s (the retries wait 1+4+16 s).
if [ -x "$T/t_webhook" ]; then
	timeout 60 "$T/t_webhook" "$T" 2>&1 | tee "$T/t_webhook.out"
	rc=${PIPESTATUS[0]}
	count "$T/t_webhook.out"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$T/t_webhook.out"; then
		echo "not ok - t_webhook exited $rc"
		FAIL=$((FAIL + 1))
	fi
fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
