#!/usr/bin/env bash
# make install honours PREFIX and DESTDIR, and what it installs works.
. "$(dirname "$0")/lib.sh"
zs_init t_install

D="$T/dest"
if make -s -C "$ZS_ROOT" install DESTDIR="$D" PREFIX=/opt/zs \
    >"$T/install.log" 2>&1; then
	ok "make install DESTDIR=... PREFIX=/opt/zs"
else
	show "$T/install.log"
	die "make install failed"
fi
for f in sbin/zonesyncd share/man/man8/zonesyncd.8 \
    share/man/man5/agent.conf.5 share/doc/zonesync/agent.conf.example \
    share/doc/zonesync/zonesyncd.service share/doc/zonesync/README.md; do
	check "installed /opt/zs/$f" test -f "$D/opt/zs/$f"
done
check "nothing installed outside DESTDIR/PREFIX" \
    test "$(find "$D" -mindepth 1 -maxdepth 1)" = "$D/opt"
check "installed binary runs" "$D/opt/zs/sbin/zonesyncd" -V
check "installed example config passes -n" \
    "$D/opt/zs/sbin/zonesyncd" -n -c "$D/opt/zs/share/doc/zonesync/agent.conf.example"
if command -v groff >/dev/null; then
	for m in man8/zonesyncd.8 man5/agent.conf.5; do
		groff -man -Tutf8 -ww "$D/opt/zs/share/man/$m" >/dev/null \
		    2>"$T/groff.err"
		check "$m renders without groff warnings" \
		    test ! -s "$T/groff.err"
	done
else
	note "groff not installed: man pages not rendered"
fi
zs_done
