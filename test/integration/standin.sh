# standin.sh - a dig-based stand-in for `zonesyncd xfr`, used only with
# ZS_STANDIN=dig to prove the harness before the agent exists.  Same CLI:
#   xfr_standin [-p PORT] [-t SECONDS] [-o FILE] ZONE @SERVER
xfr_standin() {
	local port=53 tmo=30 out="" zone server OPTIND=1 opt tmp t0 serial n
	while getopts p:t:o: opt; do
		case $opt in
		p) port=$OPTARG ;;
		t) tmo=$OPTARG ;;
		o) out=$OPTARG ;;
		*) echo "usage: xfr [-p PORT] [-t SECONDS] [-o FILE] ZONE @SERVER" >&2
		   return 2 ;;
		esac
	done
	shift $((OPTIND - 1))
	zone=$1 server=${2#@}
	if [ -z "$out" ]; then
		if [ "$zone" = . ]; then out=root.zone; else out=${zone%.}.zone; fi
	fi
	t0=$(date +%s.%N)
	tmp=$(mktemp "$(dirname "$out")/.$(basename "$out").XXXXXX") || return 1
	if ! dig +onesoa +nocomments +nostats +nocmd +time="$tmo" +tries=1 \
	    -p "$port" @"$server" "$zone" AXFR >"$tmp.raw" 2>&1 ||
	    grep -q '^; Transfer failed\|^;; communications error\|connection refused\|timed out\|^;; .*error' "$tmp.raw" ||
	    ! grep -q 'SOA' "$tmp.raw"; then
		echo "$zone: transfer from $server#$port failed: $(grep '^;' "$tmp.raw" | head -n 1)" >&2
		rm -f "$tmp" "$tmp.raw"
		return 1
	fi
	serial=$(awk '$4 == "SOA" { print $7; exit }' "$tmp.raw")
	n=$(grep -vc '^;\|^$' "$tmp.raw")
	{
		echo "; zone $zone"
		echo "; serial $serial"
		echo "; primary $server#$port"
		echo "; time $(date -u +%Y-%m-%dT%H:%M:%SZ)"
		echo "; records $n"
		if [ "$zone" = . ]; then echo '$ORIGIN .'; else echo "\$ORIGIN ${zone%.}."; fi
		grep -v '^;\|^$' "$tmp.raw"
	} >"$tmp"
	rm -f "$tmp.raw"
	sync "$tmp" 2>/dev/null
	mv -f "$tmp" "$out"
	echo "$zone serial $serial records $n bytes $(wc -c <"$out") seconds $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')"
}
