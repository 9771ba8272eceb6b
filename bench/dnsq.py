#!/usr/bin/env python3
"""dnsq.py - small DNS helpers for bench/run.sh (standard library only).

    dnsq.py bump FILE SERIAL
        Rewrite the first SOA serial in FILE in place (same width: the bench
        serials all have 10 digits), then set the file's mtime to now + 1 s
        so named's reload sees a changed file.

    dnsq.py change FILE SERIAL
        A one-record change: the SOA serial as bump does, and the address
        of the first host-N A record set to 198.51.100.(SERIAL % 250 + 1)
        (a range genzone.py never uses, different at every serial).  The
        file is rewritten through a temporary beside it and renamed; mtime
        now + 1 s.  An IXFR of it is one delta: SOA, the old A, SOA, the
        new A.

    dnsq.py poll ZONE SERIAL T0 TIMEOUT NAME=PORT [NAME=PORT ...]
        Ask each 127.0.0.1:PORT for ZONE SOA every 20 ms; print
        "NAME SECONDS" (seconds since the epoch time T0) when it first
        serves a serial >= SERIAL (RFC 1982), "NAME timeout" otherwise.
        With BENCH_POLL_READY=FILE, FILE is created once the first round is
        sent: a caller that waits for it before making the change cannot
        lose the start of the race to the poller's own start-up (0.1 s for
        python3, 0.8 s through a pyenv shim).

    dnsq.py fill PORT ZONELIST T0 TIMEOUT [INTERVAL]
        Until every zone in ZONELIST answers SOA (NOERROR, AA, one SOA) at
        127.0.0.1:PORT, or TIMEOUT seconds after T0: each round asks a
        sample of <= 300 zones not yet served and, when the whole sample is
        served, all the rest (at most 100 queries in flight, silent ones re-asked).
        Prints "served N of M at SECONDS" lines and a final "done ..." line.

    dnsq.py count PORT ZONELIST
        One full pass: print how many zones answer SOA.
"""
import os
import random
import re
import select
import socket
import struct
import sys
import time

# Poll interval of `poll`, seconds: the resolution of the end-to-end times.
POLL_INTERVAL = float(os.environ.get("BENCH_POLL_MS", "5")) / 1000.0


def qname_wire(name):
    out = b""
    for lab in name.rstrip(".").split("."):
        if lab:
            out += bytes([len(lab)]) + lab.encode()
    return out + b"\0"


def query(qid, name):
    return (struct.pack("!HHHHHH", qid, 0, 1, 0, 0, 0) + qname_wire(name)
            + struct.pack("!HH", 6, 1))


def skip_name(m, o):
    while True:
        n = m[o]
        if n == 0:
            return o + 1
        if n & 0xC0 == 0xC0:
            return o + 2
        o += 1 + n


def soa_serial(m):
    """Serial of the SOA in the answer section, or None."""
    if len(m) < 12:
        return None
    qid, fl, qd, an, _, _ = struct.unpack("!HHHHHH", m[:12])
    if fl & 0x000F or not fl & 0x0400 or an < 1:
        return None
    try:
        o = 12
        for _ in range(qd):
            o = skip_name(m, o) + 4
        for _ in range(an):
            o = skip_name(m, o)
            typ, _, _, rdlen = struct.unpack("!HHIH", m[o:o + 10])
            o += 10
            if typ == 6:
                p = skip_name(m, o)
                p = skip_name(m, p)
                return struct.unpack("!I", m[p:p + 4])[0]
            o += rdlen
    except (IndexError, struct.error):
        return None
    return None


def newer_or_same(a, b):
    """RFC 1982: a >= b."""
    return a == b or ((a - b) & 0xFFFFFFFF) < 0x80000000


def cmd_bump(path, serial):
    with open(path, "r+b") as f:
        head = f.read(65536)
        m = re.search(rb"\bSOA\s+\S+\s+\S+\s+(?:\(\s*)?(\d+)", head)
        if not m:
            sys.exit("bump: no SOA in the first 64 KB of %s" % path)
        old = m.group(1)
        new = str(serial).encode()
        if len(new) != len(old):
            sys.exit("bump: serial width differs (%s -> %s)" % (old, new))
        f.seek(m.start(1))
        f.write(new)
    t = time.time() + 1
    os.utime(path, (t, t))


def cmd_change(path, serial):
    with open(path, "rb") as f:
        data = f.read()
    m = re.search(rb"\bSOA\s+\S+\s+\S+\s+(?:\(\s*)?(\d+)", data[:65536])
    if not m:
        sys.exit("change: no SOA in the first 64 KB of %s" % path)
    a = re.compile(rb"^(host-\d+\s+(?:\d+\s+)?(?:IN\s+)?A\s+)(\S+)$",
                   re.M).search(data, m.end(), m.end() + (1 << 20))
    if not a:
        sys.exit("change: no host-N A record in the first MB of %s" % path)
    new = b"198.51.100.%d" % (serial % 250 + 1)
    if a.group(2) == new:
        sys.exit("change: the address is already %s" % new.decode())
    out = (data[:m.start(1)] + str(serial).encode() + data[m.end(1):a.start(2)]
           + new + data[a.end(2):])
    tmp = "%s.change.%d" % (path, os.getpid())
    with open(tmp, "wb") as f:
        f.write(out)
    t = time.time() + 1
    os.utime(tmp, (t, t))
    os.rename(tmp, path)


def cmd_poll(zone, serial, t0, timeout, targets):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setblocking(False)
    pending = {}
    for t in targets:
        name, port = t.split("=")
        pending[int(port)] = name
    done = {}
    qid = random.randrange(65536)
    deadline = t0 + timeout
    ready = os.environ.get("BENCH_POLL_READY")
    while pending and time.time() < deadline:
        for port in list(pending):
            qid = (qid + 1) & 0xFFFF
            try:
                s.sendto(query(qid, zone), ("127.0.0.1", port))
            except OSError:
                pass
        if ready:
            open(ready, "w").close()
            ready = None
        end = time.time() + POLL_INTERVAL
        while pending:
            w = end - time.time()
            if w <= 0:
                break
            r, _, _ = select.select([s], [], [], w)
            if not r:
                break
            try:
                m, addr = s.recvfrom(65535)
            except OSError:
                continue
            now = time.time()
            port = addr[1]
            if port in pending:
                got = soa_serial(m)
                if got is not None and newer_or_same(got, serial):
                    done[pending.pop(port)] = now - t0
        w = end - time.time()
        if w > 0:
            time.sleep(w)
    for t in targets:
        name = t.split("=")[0]
        if name in done:
            print("%s %.3f" % (name, done[name]))
        else:
            print("%s timeout" % name)
    sys.stdout.flush()


def served_set(port, zones, tries=3):
    """Ask every zone (re-asking the silent ones up to TRIES times in all);
    return the set of zones that answered SOA."""
    ok = set()
    todo = list(zones)
    for _ in range(tries):
        ok |= served_pass(port, todo)
        todo = [z for z in todo if z not in ok]
        if not todo:
            break
    return ok


def served_pass(port, zones, window=100, wait=0.3):
    """Ask every zone once (at most WINDOW in flight: loopback and named
    drop beyond a few hundred); return the zones that answered SOA."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    s.setblocking(False)
    base = random.randrange(65536)
    inflight = {}
    ok = set()
    i = 0
    last = time.time()
    while i < len(zones) or inflight:
        while i < len(zones) and len(inflight) < window:
            qid = (base + i) & 0xFFFF
            inflight[qid] = zones[i]
            try:
                s.sendto(query(qid, zones[i]), ("127.0.0.1", port))
            except OSError:
                pass
            i += 1
        r, _, _ = select.select([s], [], [], 0.05)
        if r:
            while True:
                try:
                    m = s.recv(65535)
                except OSError:
                    break
                last = time.time()
                if len(m) < 2:
                    continue
                qid = struct.unpack("!H", m[:2])[0]
                z = inflight.pop(qid, None)
                if z is not None and soa_serial(m) is not None:
                    ok.add(z)
        elif time.time() - last > wait:
            inflight.clear()	# lost or unanswered: not served this round
            last = time.time()
    s.close()
    return ok


def cmd_fill(port, zlist, t0, timeout, interval):
    zones = [z.strip() for z in open(zlist) if z.strip()]
    total = len(zones)
    remaining = set(zones)
    deadline = t0 + timeout
    rng = random.Random(7)
    while remaining:
        now = time.time()
        if now >= deadline:
            break
        rem = sorted(remaining)
        sample = rem if len(rem) <= 300 else rng.sample(rem, 300)
        got = served_set(port, sample)
        remaining -= got
        if len(got) == len(sample) and remaining:
            remaining -= served_set(port, sorted(remaining))
        el = time.time() - t0
        print("served %d of %d at %.2f" % (total - len(remaining), total, el))
        sys.stdout.flush()
        if remaining:
            time.sleep(interval)
    el = time.time() - t0
    print("done %d %d %.3f" % (total - len(remaining), total, el))


def main():
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__)
    if a[0] == "bump":
        cmd_bump(a[1], int(a[2]))
    elif a[0] == "change":
        cmd_change(a[1], int(a[2]))
    elif a[0] == "poll":
        cmd_poll(a[1], int(a[2]), float(a[3]), float(a[4]), a[5:])
    elif a[0] == "fill":
        cmd_fill(int(a[1]), a[2], float(a[3]), float(a[4]),
                 float(a[5]) if len(a) > 5 else 0.25)
    elif a[0] == "count":
        zones = [z.strip() for z in open(a[2]) if z.strip()]
        print(len(served_set(int(a[1]), zones)))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
