#!/usr/bin/env python3
"""fakeserver.py MODE PORTFILE [HOST] - a misbehaving TCP "DNS server" on
loopback for t_xfr_errors.sh.  Binds an ephemeral port, writes it to
PORTFILE, serves until killed (and exits by itself after 60 s).
  silent   accept, read, never answer
  close    accept, then close at once
  garbage  answer every query with a short junk length-prefixed message
  trunc    answer with a length prefix promising 512 bytes, send 10, close
  wrongid  answer with a well-formed REFUSED... under another message ID
  noend    a valid first AXFR message (SOA, A) and then EOF: no final SOA
  mismatch SOA serial 1 ... SOA serial 2: opening and closing SOA differ
  oldaxfr  a well-formed AXFR of serial 3 (while SOA answers say 1000)
  badrdata a well-formed AXFR with an A record of 3 octets
  notsoa   an AXFR answer that starts with an A record instead of the SOA
  ptrloop  an RR whose owner is a compression pointer to itself
  badrdlen an RR whose RDLENGTH runs past the end of the message
  wrongq   a well-formed AXFR, but for another question name
  outzone  a well-formed AXFR with one owner outside the zone
  refused / notauth / servfail
           answer the AXFR with that RCODE and no records
  longname an RR whose owner name is longer than 255 octets
  endless  SOA, then A records in 100-record messages, forever
  drip     a valid AXFR dripped slowly: one A record every 0.3 s, forever
           (never idle, never finished)
  stall    a valid first message (SOA, A), then silence, connection open
  unsigned answer every query unsigned (for signed queries: missing TSIG)
  badtsig  a well-formed AXFR carrying a TSIG RR with a garbage MAC
  byzone   the mode is the first label of the query name (for daemon tests:
           zone "trunc.f.test" gets mode trunc); SOA queries over TCP get
           a normal SOA answer
IXFR modes (with byzone; the zone's first label starts with "ix"): the
zone at serial N is SOA N, NS ns, A 192.0.2.(N % 250), ns A 192.0.2.1.  It serves serial
10 until its first AXFR, then 11, over UDP SOA too.  AXFR queries get a
correct AXFR (ixbad: truncated, after the first); IXFR queries get:
  ixgood     a correct one-delta IXFR from the query's serial
  ixdiff     a delta deleting a record that is not there
  ixchain    two deltas whose serials do not chain
  ixapex     an SOA below the apex among the additions
  ixnotimp / ixrefused / ixservfail / ixformerr   that RCODE
  ixtrunc    the first message of a good IXFR, then EOF
  ixendless  the first message of a good IXFR, then silence
  ixbad      REFUSED (and the fallback AXFR is truncated)
Every mode also answers SOA queries over UDP on the same port with a valid
SOA (serial $FAKE_SERIAL, default 1000; refresh 2, retry 1), so a daemon
sees a newer serial and starts a transfer.  $FAKE_LIFETIME (default 60)
bounds the process's life in seconds.
"""
import os, socket, sys, threading, time

mode, portfile = sys.argv[1], sys.argv[2]
host = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"
fam = socket.AF_INET6 if ":" in host else socket.AF_INET
SERIAL = int(os.environ.get("FAKE_SERIAL", "1000"))
for _ in range(50):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, 0))
    u = socket.socket(fam, socket.SOCK_DGRAM)
    try:
        u.bind((host, s.getsockname()[1]))
    except OSError:
        s.close()
        u.close()
        continue
    break
s.listen(16)
tmp = portfile + ".tmp"
with open(tmp, "w") as f:
    f.write("%d\n" % s.getsockname()[1])
os.rename(tmp, portfile)
threading.Timer(float(os.environ.get("FAKE_LIFETIME", "60")),
                lambda: os._exit(0)).start()
held = []
axfrs = {}          # IXFR modes: AXFRs served per zone label

def zserial(label):
    """The serial of an IXFR-mode zone (10, then 11 after an AXFR)."""
    return 11 if axfrs.get(label, 0) > 0 else 10

def rr(rtype, rdata):
    # Owner: compression pointer to the question name at offset 12.
    return (b"\xc0\x0c" + rtype.to_bytes(2, "big") + b"\x00\x01" +
            (300).to_bytes(4, "big") + len(rdata).to_bytes(2, "big") + rdata)

def soa(serial):
    return rr(6, b"\xc0\x0c\xc0\x0c" + serial.to_bytes(4, "big") +
              b"\x00\x00\x0e\x10" * 4)

def a(i):
    return rr(1, bytes([192, 0, 2, i & 0xff]))

def soa_timers(serial, refresh=2, retry=1, expire=3600, minimum=60):
    return rr(6, b"\xc0\x0c\xc0\x0c" + b"".join(
        v.to_bytes(4, "big") for v in (serial, refresh, retry, expire,
                                       minimum)))

def qinfo(query):
    """(first label lower-cased, qtype) of a DNS message."""
    end = 12
    while end < len(query) and query[end] != 0:
        end += 1 + query[end]
    first = b""
    if len(query) > 13 and query[12] > 0:
        first = query[13:13 + query[12]]
    qtype = int.from_bytes(query[end + 1:end + 3], "big")
    return first.decode("ascii", "replace").lower(), qtype

def rcode_answer(query, rcode):
    end = 12
    while query[end] != 0:
        end += 1 + query[end]
    question = query[12:end + 5]
    msg = (query[0:2] + bytes([0x84, rcode]) + b"\x00\x01" +
           b"\x00\x00" * 3 + question)
    return len(msg).to_bytes(2, "big") + msg

def udp_soa():
    while True:
        try:
            q, peer = u.recvfrom(4096)
            if len(q) < 17:
                continue
            # Plain SOA answer, whatever the question (ID, question kept).
            label = qinfo(q)[0]
            ser = zserial(label) if label.startswith("ix") else SERIAL
            m = answer(q, [soa_timers(ser)])[2:]
            u.sendto(m, peer)
        except Exception:
            pass

threading.Thread(target=udp_soa, daemon=True).start()

def answer(query, rrs):
    """query is the DNS message without the TCP length prefix."""
    end = 12
    while query[end] != 0:
        end += 1 + query[end]
    question = query[12:end + 5]
    msg = (query[0:2] + b"\x84\x00\x00\x01" + len(rrs).to_bytes(2, "big") +
           b"\x00\x00\x00\x00" + question + b"".join(rrs))
    return len(msg).to_bytes(2, "big") + msg

def serve(c):
    global mode
    try:
        return serve_mode(c, mode)
    except OSError:
        pass

def recv_msg(c):
    """One length-prefixed message with its prefix (b"" on EOF)."""
    data = b""
    while len(data) < 2 or len(data) < 2 + int.from_bytes(data[:2], "big"):
        chunk = c.recv(65537)
        if not chunk:
            return data
        data += chunk
    return data

def serve_byzone(c):
    data = recv_msg(c)
    if len(data) < 17:
        c.close()
        return
    zmode, qtype = qinfo(data[2:])
    if zmode.startswith("ix"):
        return serve_ixfr(c, zmode, qtype, data[2:])
    if qtype == 6:
        c.sendall(answer(data[2:], [soa_timers(SERIAL)]))
        time.sleep(0.5)
        c.close()
        return
    serve_mode(c, zmode, data)

def ixzone(n):
    """The records of an IXFR-mode zone at serial n, opening SOA first."""
    ns = b"\x02ns\xc0\x0c"
    return [soa_timers(n), rr(2, ns), a(n % 250),
            ns + b"\x00\x01\x00\x01" + (300).to_bytes(4, "big") +
            b"\x00\x04\xc0\x00\x02\x01"]

def query_serial(q):
    """The serial of the SOA in an IXFR query's authority section."""
    end = 12
    while q[end] != 0:
        end += 1 + q[end]
    p = end + 5
    while q[p] != 0 and q[p] < 0xc0:      # the SOA's owner
        p += 1 + q[p]
    p += 2 if q[p] >= 0xc0 else 1
    p += 10                               # type class ttl rdlength
    for _ in range(2):                    # MNAME RNAME
        while q[p] != 0 and q[p] < 0xc0:
            p += 1 + q[p]
        p += 2 if q[p] >= 0xc0 else 1
    return int.from_bytes(q[p:p + 4], "big")

def serve_ixfr(c, zmode, qtype, q):
    cur = zserial(zmode)
    if qtype == 6:
        c.sendall(answer(q, [soa_timers(cur)]))
    elif qtype == 252:
        n = axfrs.get(zmode, 0)
        axfrs[zmode] = n + 1
        m = answer(q, ixzone(cur) + [soa_timers(cur)])
        if zmode == "ixbad" and n > 0:
            m = m[:len(m) - 30]
        c.sendall(m)
    elif qtype == 251:
        old = query_serial(q)
        delta = [soa_timers(old), a(old % 250), soa_timers(cur), a(cur % 250)]
        rcodes = {"ixnotimp": 4, "ixrefused": 5, "ixservfail": 2,
                  "ixformerr": 1, "ixbad": 5}
        if zmode in rcodes:
            c.sendall(rcode_answer(q, rcodes[zmode]))
        elif zmode == "ixgood":
            c.sendall(answer(q, [soa_timers(cur)] + delta +
                             [soa_timers(cur)]))
        elif zmode == "ixdiff":
            c.sendall(answer(q, [soa_timers(cur), soa_timers(old),
                                 a(251), soa_timers(cur), a(cur % 250),
                                 soa_timers(cur)]))
        elif zmode == "ixchain":
            c.sendall(answer(q, [soa_timers(cur), soa_timers(old),
                                 soa_timers(old + 1), soa_timers(old + 5),
                                 soa_timers(cur), soa_timers(cur)]))
        elif zmode == "ixapex":
            sub = (b"\x03sub\xc0\x0c" + (6).to_bytes(2, "big") +
                   b"\x00\x01" + (300).to_bytes(4, "big"))
            rd = b"\xc0\x0c\xc0\x0c" + cur.to_bytes(4, "big") + b"\x00" * 16
            c.sendall(answer(q, [soa_timers(cur)] + delta[:3] +
                             [sub + len(rd).to_bytes(2, "big") + rd,
                              soa_timers(cur)]))
        elif zmode in ("ixtrunc", "ixendless"):
            c.sendall(answer(q, [soa_timers(cur), soa_timers(old)]))
            if zmode == "ixendless":
                held.append(c)
                while c.recv(4096):
                    pass
                return
        time.sleep(0.5)
    c.close()

def serve_mode(c, mode, data=None):
    if mode == "byzone":
        return serve_byzone(c)
    if True:
        if mode == "close":
            c.close()
            return
        if mode == "silent":
            held.append(c)
            while c.recv(4096):
                pass
            return
        if data is None:
            data = c.recv(4096)
        if len(data) < 4:
            c.close()
            return
        qid = data[2:4]
        if mode == "noend":
            c.sendall(answer(data[2:], [soa(5), a(1), a(2)]))
            time.sleep(0.2)
            c.close()
            return
        if mode == "badrdata":
            # A well-formed AXFR whose A record has 3 octets of RDATA.
            c.sendall(answer(data[2:], [soa(SERIAL), a(1),
                                        rr(1, b"\xc0\x00\x02"),
                                        soa(SERIAL)]))
            time.sleep(1)
            c.close()
            return
        if mode == "oldaxfr":
            # A complete, well-formed AXFR of serial 3, while the SOA
            # answer (UDP) says $FAKE_SERIAL: older than the secondary's.
            c.sendall(answer(data[2:], [soa(3), a(1), soa(3)]))
            time.sleep(1)
            c.close()
            return
        if mode == "mismatch":
            c.sendall(answer(data[2:], [soa(1), a(1)]))
            c.sendall(answer(data[2:], [a(2), soa(2)]))
            time.sleep(1)
            c.close()
            return
        if mode == "ptrloop":
            m = answer(data[2:], [soa(3)])
            off = len(m) - 2        # offset in the DNS message of next RR
            loop = (0xc000 | off).to_bytes(2, "big")
            m2 = m[2:] + loop + b"\x00\x01\x00\x01" + b"\x00" * 4 + b"\x00\x04" + b"\x01\x02\x03\x04"
            m2 = m2[:6] + (2).to_bytes(2, "big") + m2[8:]
            c.sendall(len(m2).to_bytes(2, "big") + m2)
            time.sleep(1)
            c.close()
            return
        if mode == "badrdlen":
            m = answer(data[2:], [soa(3), a(1)])[2:]
            m = m[:-6] + b"\x10\x00" + m[-4:]       # A rdlength 4096
            c.sendall(len(m).to_bytes(2, "big") + m)
            time.sleep(1)
            c.close()
            return
        if mode in ("wrongq", "outzone"):
            q = bytearray(data[2:])
            if mode == "wrongq":
                q[13] = ord("z") if q[13] != ord("z") else ord("y")
                c.sendall(answer(bytes(q), [soa(3), a(1), soa(3)]))
            else:
                m = answer(bytes(q), [soa(3), a(1)])[2:]
                # "\x04evil\x07example\x00" as an owner, then the closing SOA.
                m += (b"\x04evil\x07example\x00\x00\x01\x00\x01" +
                      b"\x00\x00\x01\x2c\x00\x04\xc0\x00\x02\x63")
                m += soa(3)
                m = m[:6] + (4).to_bytes(2, "big") + m[8:]
                c.sendall(len(m).to_bytes(2, "big") + m)
            time.sleep(1)
            c.close()
            return
        if mode == "notsoa":
            c.sendall(answer(data[2:], [a(1), soa(3), a(2), soa(3)]))
            time.sleep(1)
            c.close()
            return
        q = data[2:]
        if mode in ("refused", "notauth", "servfail"):
            c.sendall(rcode_answer(q, {"refused": 5, "notauth": 9,
                                       "servfail": 2}[mode]))
            time.sleep(1)
            c.close()
            return
        if mode == "longname":
            m = answer(q, [soa(3)])[2:]
            owner = b"\x3f" + b"x" * 63
            owner = owner * 5 + b"\x00"          # 321 octets
            m += owner + b"\x00\x01\x00\x01\x00\x00\x01\x2c\x00\x04\x01\x02\x03\x04"
            m += soa(3)
            m = m[:6] + (3).to_bytes(2, "big") + m[8:]
            c.sendall(len(m).to_bytes(2, "big") + m)
            time.sleep(1)
            c.close()
            return
        if mode == "endless":
            c.sendall(answer(q, [soa(3)]))
            i = 0
            while True:
                c.sendall(answer(q, [a(i + k) for k in range(100)]))
                i += 100
        if mode == "drip":
            c.sendall(answer(q, [soa(3)]))
            i = 0
            while True:
                time.sleep(0.3)
                c.sendall(answer(q, [a(i)]))
                i += 1
        if mode == "stall":
            held.append(c)
            c.sendall(answer(q, [soa(3), a(1)]))
            while c.recv(4096):
                pass
            return
        if mode == "unsigned":
            c.sendall(answer(q, [soa(3), a(1), soa(3)]))
            time.sleep(1)
            c.close()
            return
        if mode == "badtsig":
            m = answer(q, [soa(3), a(1), soa(3)])[2:]
            # TSIG RR: owner "xfr.", class ANY, alg hmac-sha256., garbage MAC
            alg = b"\x0bhmac-sha256\x00"
            rd = (alg + int(time.time()).to_bytes(6, "big") +
                  (300).to_bytes(2, "big") + (32).to_bytes(2, "big") +
                  b"\x5a" * 32 + q[0:2] + b"\x00\x00" + b"\x00\x00")
            m += (b"\x03xfr\x00" + (250).to_bytes(2, "big") +
                  (255).to_bytes(2, "big") + b"\x00" * 4 +
                  len(rd).to_bytes(2, "big") + rd)
            m = m[:10] + (1).to_bytes(2, "big") + m[12:]
            c.sendall(len(m).to_bytes(2, "big") + m)
            time.sleep(1)
            c.close()
            return
        if mode == "garbage":
            c.sendall(b"\x00\x05" + qid + b"\xff\xff\xff")
            time.sleep(1)
        elif mode == "trunc":
            c.sendall(b"\x02\x00" + qid + b"\x84\x00" + b"\x00" * 6)
        elif mode == "wrongid":
            bad = bytes([qid[0] ^ 0xff, qid[1]])
            c.sendall((12).to_bytes(2, "big") + bad +
                      b"\x84\x05\x00\x00\x00\x00\x00\x00\x00\x00")
            time.sleep(1)
        c.close()

while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
