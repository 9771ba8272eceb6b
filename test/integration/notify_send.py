#!/usr/bin/env python3
"""notify_send.py - send DNS NOTIFY messages (RFC 1996) for the tests.

  notify_send.py one SERVER PORT ZONE [--src ADDR] [--tcp] [--id N]
                 [--serial N] [--timeout S]
      one NOTIFY; prints one line describing the answer:
      "id=N qr=1 aa=1 opcode=4 rcode=NOERROR qd=1 qname=zone. qtype=6 ..."
      or "noanswer"; exit 0 when an answer came.
  notify_send.py flood SERVER PORT ZONE COUNT [--src ADDR] [--window N]
      COUNT NOTIFYs over UDP as fast as possible (at most WINDOW
      unanswered at once, default COUNT = a plain burst); waits up to 3 s
      for the answers; prints "sent=N answered=N noerror=N badid=N secs=S".
"""
import argparse
import random
import select
import socket
import struct
import sys
import time

RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN",
          4: "NOTIMP", 5: "REFUSED", 9: "NOTAUTH", 10: "NOTZONE"}


def qname_wire(zone):
    out = b""
    for label in zone.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\x00"


def build(qid, zone, serial=None):
    flags = (4 << 11) | 0x0400  # opcode NOTIFY, AA (as BIND sends it)
    an = 1 if serial is not None else 0
    msg = struct.pack("!HHHHHH", qid, flags, 1, an, 0, 0)
    msg += qname_wire(zone) + struct.pack("!HH", 6, 1)
    if serial is not None:
        rdata = b"\x00\x00" + struct.pack("!IIIII", serial, 3600, 600,
                                          86400, 60)
        msg += b"\xc0\x0c" + struct.pack("!HHIH", 6, 1, 0, len(rdata))
        msg += rdata
    return msg


def read_name(buf, pos):
    labels = []
    jumped = False
    end = pos
    for _ in range(128):
        n = buf[pos]
        if n & 0xC0 == 0xC0:
            if not jumped:
                end = pos + 2
            pos = ((n & 0x3F) << 8) | buf[pos + 1]
            jumped = True
            continue
        if n == 0:
            if not jumped:
                end = pos + 1
            break
        labels.append(buf[pos + 1:pos + 1 + n].decode("latin-1"))
        pos += 1 + n
    return ".".join(labels) + ".", end


def describe(ans):
    if len(ans) < 12:
        return "short=%d" % len(ans)
    qid, flags, qd, an, ns, ar = struct.unpack("!HHHHHH", ans[:12])
    s = "id=%d qr=%d aa=%d opcode=%d rcode=%s qd=%d an=%d ns=%d ar=%d" % (
        qid, flags >> 15, (flags >> 10) & 1, (flags >> 11) & 15,
        RCODES.get(flags & 15, str(flags & 15)), qd, an, ns, ar)
    if qd >= 1:
        try:
            name, pos = read_name(ans, 12)
            qtype, qclass = struct.unpack("!HH", ans[pos:pos + 4])
            s += " qname=%s qtype=%d qclass=%d" % (name, qtype, qclass)
        except (IndexError, struct.error):
            s += " qname=<bad>"
    return s


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def one(a):
    qid = a.id if a.id is not None else random.randint(1, 65535)
    msg = build(qid, a.zone, a.serial)
    fam = family(a.server)
    if a.tcp:
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.settimeout(a.timeout)
        if a.src:
            s.bind((a.src, 0))
        try:
            s.connect((a.server, a.port))
            s.sendall(struct.pack("!H", len(msg)) + msg)
            hdr = b""
            while len(hdr) < 2:
                c = s.recv(2 - len(hdr))
                if not c:
                    raise OSError("closed")
                hdr += c
            n = struct.unpack("!H", hdr)[0]
            ans = b""
            while len(ans) < n:
                c = s.recv(n - len(ans))
                if not c:
                    raise OSError("closed")
                ans += c
        except OSError:
            print("noanswer")
            return 1
    else:
        s = socket.socket(fam, socket.SOCK_DGRAM)
        s.settimeout(a.timeout)
        if a.src:
            s.bind((a.src, 0))
        s.sendto(msg, (a.server, a.port))
        try:
            ans, _ = s.recvfrom(65535)
        except OSError:
            print("noanswer")
            return 1
    print(describe(ans) + " sent_id=%d" % qid)
    return 0


def flood(a):
    fam = family(a.server)
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    if a.src:
        s.bind((a.src, 0))
    s.setblocking(False)
    window = a.window or a.count
    ids = random.sample(range(1, 65536), a.count)
    want = set(ids)
    sent = answered = noerror = badid = 0
    t0 = time.time()
    deadline = None

    def drain(wait):
        nonlocal answered, noerror, badid
        r, _, _ = select.select([s], [], [], wait)
        if not r:
            return False
        while True:
            try:
                ans, _ = s.recvfrom(65535)
            except BlockingIOError:
                return True
            qid = struct.unpack("!H", ans[:2])[0]
            if qid in want:
                want.discard(qid)
                answered += 1
                if len(ans) >= 4 and ans[3] & 15 == 0:
                    noerror += 1
            else:
                badid += 1

    while sent < a.count:
        if sent - answered >= window:
            if not drain(1.0):
                break
            continue
        try:
            s.sendto(build(ids[sent], a.zone), (a.server, a.port))
            sent += 1
        except BlockingIOError:
            drain(0.01)
    deadline = time.time() + 3.0
    while answered < sent and time.time() < deadline:
        drain(max(0.0, deadline - time.time()))
    print("sent=%d answered=%d noerror=%d badid=%d secs=%.3f" % (
        sent, answered, noerror, badid, time.time() - t0))
    return 0 if answered == sent else 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["one", "flood"])
    p.add_argument("server")
    p.add_argument("port", type=int)
    p.add_argument("zone")
    p.add_argument("count", type=int, nargs="?", default=1)
    p.add_argument("--src")
    p.add_argument("--tcp", action="store_true")
    p.add_argument("--id", type=int)
    p.add_argument("--serial", type=int)
    p.add_argument("--timeout", type=float, default=2.0)
    p.add_argument("--window", type=int, default=0)
    a = p.parse_args()
    sys.exit(one(a) if a.mode == "one" else flood(a))


main()
