#!/usr/bin/env python3
"""genzone.py - deterministic zone generator for `make bench`.

    genzone.py zone  -n RECORDS [-s SEED] [--serial N] -o FILE
        One zone of exactly RECORDS resource records (SOA counted once),
        with a realistic mix: A/AAAA majority, CNAME, MX, SRV, CAA, short
        TXT, DKIM-style TXT of several 255-byte strings, delegations (NS +
        glue A/AAAA + DS), multi-record A pools, varied TTLs.  The file has
        no $ORIGIN and only relative names, so the same file serves under
        any zone name (the bench uses that for twin zones).  The SOA is the
        first record and its serial is always 10 digits, so bump.py can
        rewrite it in place.

    genzone.py tiny  -c COUNT [-s SEED] [--serial N] -d DIR
            [--suffix tiny] [--refresh 3600]
        COUNT small zones (t00001.tiny ... ; SOA, NS, glue A, www A/AAAA,
        MX: 6 records) written as DIR/NAME.db, the zone list as DIR/zones.txt
        and primary zone statements as DIR/primary.conf.

Only the Python 3 standard library; the same arguments give the same bytes.
"""
import argparse
import os
import random
import string
import sys

TTLS = (60, 300, 300, 600, 900, 3600, 3600, 3600, 14400, 86400)
B64 = string.ascii_letters + string.digits + "+/"
SERIAL0 = 2026010100


def soa_line(serial, refresh, retry, expire, minimum, ttl=3600):
    if not 1000000000 <= serial <= 4294967295:
        sys.exit("genzone: serial must have 10 digits")
    return ("@\t%d\tIN\tSOA\tns1 hostmaster %d %d %d %d %d\n"
            % (ttl, serial, refresh, retry, expire, minimum))


def v4(r):
    return "10.%d.%d.%d" % (r.randrange(256), r.randrange(256),
                            r.randrange(1, 255))


def v6(r):
    return "2001:db8:%x:%x::%x" % (r.getrandbits(16), r.getrandbits(16),
                                   r.getrandbits(16) or 1)


def b64(r, n):
    return "".join(r.choice(B64) for _ in range(n))


def hexs(r, nbytes):
    return "%0*X" % (nbytes * 2, r.getrandbits(nbytes * 8))


# Each generator appends lines for item i and returns the records added.
def g_a(r, i, out):
    out.append("host-%d\t%d\tIN\tA\t%s\n" % (i, r.choice(TTLS), v4(r)))
    return 1


def g_dual(r, i, out):
    t = r.choice(TTLS)
    out.append("www%d\t%d\tIN\tA\t%s\n" % (i, t, v4(r)))
    out.append("www%d\t%d\tIN\tAAAA\t%s\n" % (i, t, v6(r)))
    return 2


def g_aaaa(r, i, out):
    out.append("v6-%d\t%d\tIN\tAAAA\t%s\n" % (i, r.choice(TTLS), v6(r)))
    return 1


def g_pool(r, i, out):
    t = r.choice(TTLS)
    n = r.randrange(3, 6)
    for _ in range(n):
        out.append("pool%d\t%d\tIN\tA\t%s\n" % (i, t, v4(r)))
    return n


def g_cname(r, i, out):
    if r.random() < 0.6 and i > 10:
        tgt = "host-%d" % r.randrange(i)
    else:
        tgt = "edge%d.cdn.example.net." % r.randrange(1000)
    out.append("alias%d\t%d\tIN\tCNAME\t%s\n" % (i, r.choice(TTLS), tgt))
    return 1


def g_mx(r, i, out):
    t = r.choice(TTLS)
    out.append("dept%d\t%d\tIN\tMX\t10 mx1.dept%d\n" % (i, t, i))
    out.append("dept%d\t%d\tIN\tMX\t20 mx2.example.net.\n" % (i, t))
    out.append("mx1.dept%d\t%d\tIN\tA\t%s\n" % (i, t, v4(r)))
    return 3


def g_txt(r, i, out):
    k = r.randrange(3)
    if k == 0:
        txt = '"v=spf1 ip4:%s/24 include:_spf.example.net ~all"' % v4(r)
    elif k == 1:
        txt = '"google-site-verification=%s"' % b64(r, 43)
    else:
        txt = '"owner=team%d" "cost-center=%d"' % (r.randrange(50),
                                                   r.randrange(9999))
    out.append("info%d\t%d\tIN\tTXT\t%s\n" % (i, r.choice(TTLS), txt))
    return 1


def g_dkim(r, i, out):
    key = "v=DKIM1; k=rsa; p=" + b64(r, r.choice((392, 600, 736)))
    parts = [key[j:j + 255] for j in range(0, len(key), 255)]
    out.append("sel%d._domainkey\t%d\tIN\tTXT\t%s\n"
               % (i, r.choice(TTLS), " ".join('"%s"' % p for p in parts)))
    return 1


def g_srv(r, i, out):
    t = r.choice(TTLS)
    svc = r.choice(("_sip._tcp", "_xmpp-server._tcp", "_ldap._tcp",
                    "_imaps._tcp"))
    out.append("%s.svc%d\t%d\tIN\tSRV\t10 60 %d host-%d\n"
               % (svc, i, t, r.randrange(1, 65536), max(0, i - 1)))
    out.append("%s.svc%d\t%d\tIN\tSRV\t20 40 %d backup.example.net.\n"
               % (svc, i, t, r.randrange(1, 65536)))
    return 2


def g_caa(r, i, out):
    t = r.choice(TTLS)
    out.append('shop%d\t%d\tIN\tCAA\t0 issue "letsencrypt.org"\n' % (i, t))
    out.append('shop%d\t%d\tIN\tCAA\t0 iodef "mailto:sec@example.net"\n'
               % (i, t))
    return 2


def g_deleg(r, i, out):
    t = r.choice((3600, 86400, 172800))
    s = "sub%d" % i
    out.append("%s\t%d\tIN\tNS\tns1.%s\n" % (s, t, s))
    out.append("%s\t%d\tIN\tNS\tns2.%s\n" % (s, t, s))
    out.append("ns1.%s\t%d\tIN\tA\t%s\n" % (s, t, v4(r)))
    out.append("ns1.%s\t%d\tIN\tAAAA\t%s\n" % (s, t, v6(r)))
    out.append("ns2.%s\t%d\tIN\tA\t%s\n" % (s, t, v4(r)))
    n = 5
    if r.random() < 0.5:
        out.append("%s\t%d\tIN\tDS\t%d 13 2 %s\n"
                   % (s, t, r.randrange(65536), hexs(r, 32)))
        n += 1
    return n


# (generator, weight in items)
MIX = ((g_a, 38), (g_dual, 14), (g_aaaa, 6), (g_pool, 2), (g_cname, 9),
       (g_mx, 2), (g_txt, 5), (g_dkim, 2), (g_srv, 3), (g_caa, 1),
       (g_deleg, 4))


def gen_zone(n, seed, serial, out):
    r = random.Random(seed)
    gens = [g for g, _ in MIX]
    weights = [w for _, w in MIX]
    lines = ["; generated by bench/genzone.py: %d records, seed %d\n"
             % (n, seed), "$TTL 3600\n",
             soa_line(serial, 3600, 600, 1209600, 300),
             "@\t3600\tIN\tNS\tns1\n", "@\t3600\tIN\tNS\tns2\n",
             "ns1\t3600\tIN\tA\t192.0.2.1\n", "ns2\t3600\tIN\tA\t192.0.2.2\n",
             "@\t3600\tIN\tMX\t10 mail\n", "mail\t3600\tIN\tA\t192.0.2.25\n",
             '@\t3600\tIN\tTXT\t"v=spf1 mx -all"\n']
    count = 8
    i = 0
    buf = []
    while count < n:
        i += 1
        g = r.choices(gens, weights)[0]
        tmp = []
        k = g(r, i, tmp)
        if count + k > n:	# fill the tail with single A records
            tmp = []
            k = g_a(r, i, tmp)
        buf.extend(tmp)
        count += k
        if len(buf) > 20000:
            lines.extend(buf)
            out.write("".join(lines))
            lines, buf = [], []
    lines.extend(buf)
    out.write("".join(lines))
    return count


def gen_tiny(count, seed, serial, d, suffix, refresh):
    r = random.Random(seed)
    os.makedirs(d, exist_ok=True)
    names = []
    stmts = []
    for i in range(1, count + 1):
        name = "t%05d.%s" % (i, suffix)
        names.append(name)
        path = os.path.join(os.path.abspath(d), name + ".db")
        body = ("$TTL %d\n" % r.choice(TTLS)
                + soa_line(serial, refresh, 600, 1209600, 300)
                + "@\tIN\tNS\tns1\n"
                + "ns1\tIN\tA\t%s\n" % v4(r)
                + "www\tIN\tA\t%s\n" % v4(r)
                + "www\tIN\tAAAA\t%s\n" % v6(r)
                + "@\tIN\tMX\t10 www\n")
        with open(path, "w") as f:
            f.write(body)
        stmts.append('zone "%s" { type primary; file "%s"; notify no; };\n'
                     % (name, path))
    with open(os.path.join(d, "zones.txt"), "w") as f:
        f.write("".join(n + "\n" for n in names))
    with open(os.path.join(d, "primary.conf"), "w") as f:
        f.write("".join(stmts))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="mode", required=True)
    z = sub.add_parser("zone")
    z.add_argument("-n", "--records", type=int, required=True)
    z.add_argument("-s", "--seed", type=int, default=1)
    z.add_argument("--serial", type=int, default=SERIAL0)
    z.add_argument("-o", "--output", required=True)
    t = sub.add_parser("tiny")
    t.add_argument("-c", "--count", type=int, required=True)
    t.add_argument("-s", "--seed", type=int, default=1)
    t.add_argument("--serial", type=int, default=SERIAL0)
    t.add_argument("-d", "--dir", required=True)
    t.add_argument("--suffix", default="tiny")
    t.add_argument("--refresh", type=int, default=3600)
    a = ap.parse_args()
    if a.mode == "zone":
        if a.records < 10:
            sys.exit("genzone: at least 10 records")
        tmp = a.output + ".tmp"
        with open(tmp, "w") as f:
            got = gen_zone(a.records, a.seed, a.serial, f)
        os.rename(tmp, a.output)
        assert got == a.records, (got, a.records)
    else:
        gen_tiny(a.count, a.seed, a.serial, a.dir, a.suffix, a.refresh)


if __name__ == "__main__":
    main()
