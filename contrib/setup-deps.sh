#!/bin/sh
# setup-deps.sh - install zonesync's build and test dependencies on
# Debian 12 / Ubuntu with apt-get.  Idempotent: when every package is
# already installed it runs no apt-get at all and returns in well under a
# second.  Works as root; otherwise uses sudo when it exists.
#
#   contrib/setup-deps.sh          install what is missing
#   contrib/setup-deps.sh -n       only list what is missing (exit 1 if any)
set -eu

PKGS="build-essential pkg-config libc-ares-dev libjansson-dev
libcurl4-openssl-dev libssl-dev check bind9 bind9-utils bind9-dnsutils
knot knot-dnsutils ldnsutils clang libclang-rt-14-dev time
python3 iproute2 strace"
# python3 and iproute2 (ss) are used by test/integration (free-port probe,
# a TCP listener that never answers); bind9 already pulls in iproute2.
# strace: fault injection (kill/ENOSPC/EIO at each commit step) in
# test/integration/t_sec_crash.sh.

dry=0
[ "${1:-}" = "-n" ] && dry=1

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = "installed" ] || missing="$missing $p"
done

if [ -z "$missing" ]; then
	echo "setup-deps: all dependencies present"
	exit 0
fi
echo "setup-deps: missing:$missing"
[ "$dry" -eq 1 ] && exit 1

if ! command -v apt-get >/dev/null 2>&1; then
	echo "setup-deps: apt-get not found; install by hand:$missing" >&2
	exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "setup-deps: not root and no sudo; install by hand:$missing" >&2
	exit 1
fi

# Installing bind9 would try to start a system named (port 53).  We never
# need it: keep maintainer scripts from starting any service with a
# temporary policy-rc.d (only if the host has none of its own).
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
	$SUDO sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 0755 $policy"
	own_policy=1
fi
cleanup() {
	if [ "$own_policy" -eq 1 ]; then
		$SUDO rm -f "$policy"
	fi
}
trap cleanup EXIT INT TERM

export DEBIAN_FRONTEND=noninteractive
APT_OPTS="-y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold"
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install $APT_OPTS \
	--no-install-recommends $missing
echo "setup-deps: installed:$missing"
