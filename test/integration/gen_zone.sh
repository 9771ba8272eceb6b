#!/usr/bin/env bash
# gen_zone.sh - deterministic zone generators for the integration tests.
#   gen_zone.sh big ZONE N SERIAL      ~N records: A/AAAA majority, TXT, MX,
#                                      CNAME, SRV; one 2,000-record A RRset
#                                      and a ~60 KB TXT RRset
#   gen_zone.sh bigrrset ZONE SERIAL   3,000 A + 1,000 AAAA at one name and
#                                      a 128 KB TXT RRset (spans messages)
# Output on stdout.  Uses its own Park-Miller generator (not awk's rand(),
# which differs between mawk and gawk) so the output is the same anywhere.
set -eu
kind=$1
case $kind in
big)
	zone=$2 n=$3 serial=$4
	awk -v zone="$zone" -v n="$n" -v serial="$serial" '
	function rnd() { seed = (seed * 16807) % 2147483647; return seed }
	BEGIN {
		seed = 20240101
		printf "$ORIGIN %s.\n$TTL 3600\n", zone
		printf "@ IN SOA ns1.%s. hostmaster.%s. %s 3600 600 1209600 300\n",
		    zone, zone, serial
		printf "@ IN NS ns1.%s.\n@ IN NS ns2.%s.\n", zone, zone
		printf "ns1 IN A 192.0.2.1\nns2 IN A 192.0.2.2\n"
		printf "@ IN MX 10 mx.%s.\nmx IN A 192.0.2.25\n", zone
		# One RRset of 2,000 records.
		for (i = 0; i < 2000; i++)
			printf "rrset2k IN A 10.%d.%d.%d\n", int(i / 65536) % 256,
			    int(i / 256) % 256, i % 256
		# ~60 KB TXT RRset: BIND splits it across AXFR messages.
		for (i = 0; i < 300; i++) {
			s = ""
			for (j = 0; j < 4; j++)
				s = s sprintf("%08x%08x%08x%08x%08x%08x", rnd(), rnd(),
				    rnd(), rnd(), rnd(), rnd())
			printf "bigtxt IN TXT \"%03d %s\"\n", i, substr(s, 1, 190)
		}
		m = n - 2309
		for (i = 1; i <= m; i++) {
			r = rnd() % 100
			name = sprintf("h%d.s%d", i, rnd() % 97)
			if (r < 60)
				printf "%s IN A %d.%d.%d.%d\n", name, 1 + rnd() % 223,
				    rnd() % 256, rnd() % 256, 1 + rnd() % 254
			else if (r < 80)
				printf "%s IN AAAA 2001:db8:%x:%x::%x\n", name,
				    rnd() % 65536, rnd() % 65536, 1 + rnd() % 65535
			else if (r < 88)
				printf "%s 300 IN TXT \"v=%d\" \"k=%08x%08x\"\n", name,
				    rnd() % 1000, rnd(), rnd()
			else if (r < 93)
				printf "%s IN MX %d mx%d.example.net.\n", name,
				    rnd() % 100, rnd() % 10
			else if (r < 97)
				printf "%s IN CNAME h%d.s%d.%s.\n", name, 1 + rnd() % m,
				    rnd() % 97, zone
			else
				printf "_sip._tcp.%s IN SRV %d %d %d sip.%s.\n", name,
				    rnd() % 10, rnd() % 100, 1024 + rnd() % 60000, zone
		}
	}'
	;;
bigrrset)
	zone=$2 serial=$3
	awk -v zone="$zone" -v serial="$serial" '
	BEGIN {
		printf "$ORIGIN %s.\n$TTL 300\n", zone
		printf "@ IN SOA ns.%s. hostmaster.%s. %s 3600 600 1209600 300\n",
		    zone, zone, serial
		printf "@ IN NS ns.%s.\nns IN A 192.0.2.1\n", zone
		for (i = 0; i < 3000; i++)
			printf "big IN A 10.1.%d.%d\n", int(i / 256), i % 256
		for (i = 0; i < 1000; i++)
			printf "big IN AAAA 2001:db8::%x\n", i + 1
		pad = sprintf("%0250d", 0)
		for (i = 0; i < 240; i++)
			printf "bigtxt IN TXT \"%04d%s\"\n", i, pad
		# One record close to 64 KB: 254 strings of 255 octets = 65,024
		# octets of rdata, alone in its AXFR message.
		s = sprintf("%0255d", 0)
		printf "hugetxt IN TXT ("
		for (i = 0; i < 254; i++)
			printf " \"%s\"", s
		printf " )\n"
		printf "after IN A 192.0.2.99\n"
	}'
	;;
*)
	echo "usage: gen_zone.sh big ZONE N SERIAL | bigrrset ZONE SERIAL" >&2
	exit 2
	;;
esac
