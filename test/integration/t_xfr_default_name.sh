#!/usr/bin/env bash
# Without -o the file is ZONE.zone in the current directory, named as
# agent.conf names a zone's file; the root zone writes root.zone.
. "$(dirname "$0")/lib.sh"
zs_init t_xfr_default_name

Z="$ZS_IT/zones"
umask 022
# RFC 2317 classless delegation: a "/" in the zone name.
CL='0/25.2.0.192.in-addr.arpa'
printf '%s\n' '$TTL 300' \
    '@ IN SOA ns.example. hostmaster.example. 3 3600 900 604800 60' \
    '@ IN NS ns.example.' '1 IN PTR host1.example.' >"$T/classless.db"
zs_named_start case.test "$Z/case.db" . "$Z/root.db" svcb "$Z/svcb.db" \
    "$CL" "$T/classless.db"
mkdir -p "$T/cwd"
cd "$T/cwd" || die "cd"

for spec in case.test:case.test.zone:case .:root.zone:root svcb.:svcb.zone:svcb; do
	IFS=: read -r zone file src <<<"$spec"
	zs_xfr -p "$NAMED_PORT" "$zone" @127.0.0.1
	expect_xfr_ok "$zone" "$(serial_of "$zone")" \
	    "$(count_rrs "$zone" "$Z/$src.db")" "$T/cwd/$file" || continue
	assert_same_zone "$zone" "$Z/$src.db" "$T/cwd/$file"
done
# Files are created with the umask (0644 under 022), so named running as
# another user can read them.
for f in case.test.zone root.zone svcb.zone; do
	m=$(stat -c %a "$f" 2>/dev/null)
	if [ "$m" = 644 ]; then ok "$f mode 644 (umask 022)"; else bad "$f mode $m, want 644 under umask 022"; fi
done
# A trailing dot on the zone names the same file.
zs_xfr -p "$NAMED_PORT" case.test. @127.0.0.1
expect_xfr_ok case.test. 7 9 "$T/cwd/case.test.zone"
# So does any spelling of it: the name is the one agent.conf would give
# the zone (lower case, %XX for other bytes; lib/dname zs_dname_filename).
zs_xfr -p "$NAMED_PORT" CASE.Test @127.0.0.1
expect_xfr_ok CASE.Test 7 9 "$T/cwd/case.test.zone"

# Bytes outside [a-z0-9-_] become %XX: no "/" can leave the directory.
zs_xfr -p "$NAMED_PORT" "$CL" @127.0.0.1
expect_xfr_ok "$CL" 3 3 "$T/cwd/0%2F25.2.0.192.in-addr.arpa.zone" &&
    assert_same_zone "$CL" "$T/classless.db" \
    "$T/cwd/0%2F25.2.0.192.in-addr.arpa.zone"

# Nothing else appears in the directory (no stray temp files, no '..zone').
n=$(find . -mindepth 1 | wc -l)
if [ "$n" -eq 4 ]; then
	ok "cwd holds exactly the 4 zone files"
else
	bad "cwd holds $n entries, want 4: $(find . -mindepth 1 | tr '\n' ' ')"
fi
zs_done
