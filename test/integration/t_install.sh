#!/usr/bin/env bash
# make install honours PREFIX, DESTDIR, SYSCONFDIR and SYSTEMDUNITDIR, what
# it installs works, it never replaces an agent.conf, and make uninstall
# removes everything else.
. "$(dirname "$0")/lib.sh"
zs_init t_install

D="$T/dest"
P=/opt/zs
DIRS=(PREFIX=$P SYSCONFDIR=$P/etc SYSTEMDUNITDIR=$P/lib/systemd/system)
if make -s -C "$ZS_ROOT" install DESTDIR="$D" "${DIRS[@]}" \
    >"$T/install.log" 2>&1; then
	ok "make install DESTDIR=... PREFIX=$P SYSCONFDIR=... SYSTEMDUNITDIR=..."
else
	show "$T/install.log"
	die "make install failed"
fi
for f in sbin/zonesyncd share/man/man8/zonesyncd.8 \
    share/man/man5/zonesyncd.conf.5 share/doc/zonesync/agent.conf.example \
    share/doc/zonesync/README.md share/doc/zonesync/named.conf.snippet \
    lib/systemd/system/zonesyncd.service etc/zonesync/agent.conf; do
	check "installed $P/$f" test -f "$D$P/$f"
done
check "nothing installed outside DESTDIR/PREFIX" \
    test "$(find "$D" -mindepth 1 -maxdepth 1)" = "$D/opt"
check "installed binary runs" "$D$P/sbin/zonesyncd" -V
check "installed example config passes -n" \
    "$D$P/sbin/zonesyncd" -n -c "$D$P/share/doc/zonesync/agent.conf.example"

U="$D$P/lib/systemd/system/zonesyncd.service"
check "unit: ExecStart= follows PREFIX and SYSCONFDIR" grep -qx \
    "ExecStart=$P/sbin/zonesyncd -f -c $P/etc/zonesync/agent.conf" "$U"
check "unit: ExecReload= checks the config first" grep -qx \
    "ExecReload=$P/sbin/zonesyncd -n -c $P/etc/zonesync/agent.conf" "$U"
check "unit: no @PLACEHOLDER@ left" test "$(grep -c '@[A-Z]*@' "$U")" = 0
check "unit: Type=notify" grep -qx "Type=notify" "$U"

# The default unit directory and sysconfdir (DESTDIR only).
D2="$T/dest2"
if make -s -C "$ZS_ROOT" install DESTDIR="$D2" PREFIX=$P \
    >"$T/install2.log" 2>&1; then
	udir=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null)
	check "default SYSTEMDUNITDIR: ${udir:-/lib/systemd/system}" \
	    test -f "$D2${udir:-/lib/systemd/system}/zonesyncd.service"
	check "default SYSCONFDIR: /etc/zonesync/agent.conf" \
	    test -f "$D2/etc/zonesync/agent.conf"
	check "default unit reads /etc/zonesync/agent.conf" grep -qx \
	    "ExecStart=$P/sbin/zonesyncd -f -c /etc/zonesync/agent.conf" \
	    "$D2${udir:-/lib/systemd/system}/zonesyncd.service"
else
	bad "make install with the default directories failed"
	show "$T/install2.log"
fi

# An agent.conf already there is the user's: never replaced.
C="$D$P/etc/zonesync/agent.conf"
echo "// the operator's own" >"$C"
if make -s -C "$ZS_ROOT" install DESTDIR="$D" "${DIRS[@]}" \
    >"$T/install3.log" 2>&1; then
	check "second install keeps the existing agent.conf" \
	    test "$(cat "$C")" = "// the operator's own"
	check "second install says it kept it" grep -q "kept .*agent.conf" \
	    "$T/install3.log"
else
	bad "second make install failed"
	show "$T/install3.log"
fi

if command -v groff >/dev/null; then
	for m in man8/zonesyncd.8 man5/zonesyncd.conf.5; do
		groff -man -Tutf8 -ww "$D$P/share/man/$m" >/dev/null \
		    2>"$T/groff.err"
		check "$m renders without groff warnings" \
		    test ! -s "$T/groff.err"
	done
else
	note "groff not installed: man pages not rendered"
fi

# make uninstall: everything but agent.conf goes.
if make -s -C "$ZS_ROOT" uninstall DESTDIR="$D" "${DIRS[@]}" \
    >"$T/uninstall.log" 2>&1; then
	ok "make uninstall"
	left=$(cd "$D" && find . -type f | sort | tr '\n' ' ')
	check "uninstall leaves only agent.conf (left: $left)" \
	    test "$left" = "./opt/zs/etc/zonesync/agent.conf "
	check "uninstall keeps the agent.conf content" \
	    test "$(cat "$C")" = "// the operator's own"
else
	bad "make uninstall failed"
	show "$T/uninstall.log"
fi
zs_done
