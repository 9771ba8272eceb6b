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
  notsoa   an AXFR answer that starts with an A record instead of the SOA
  ptrloop  an RR whose owner is a compression pointer to itself
  badrdlen an RR whose RDLENGTH runs past the end of the message
  wrongq   a well-formed AXFR, but for another question name
  outzone  a well-formed AXFR with one owner outside the zone
"""
import os, socket, sys, threading, time

mode, portfile = sys.argv[1], sys.argv[2]
host = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"
fam = socket.AF_INET6 if ":" in host else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((host, 0))
s.listen(16)
tmp = portfile + ".tmp"
with open(tmp, "w") as f:
    f.write("%d\n" % s.getsockname()[1])
os.rename(tmp, portfile)
threading.Timer(60, lambda: os._exit(0)).start()
held = []

def rr(rtype, rdata):
    # Owner: compression pointer to the question name at offset 12.
    return (b"\xc0\x0c" + rtype.to_bytes(2, "big") + b"\x00\x01" +
            (300).to_bytes(4, "big") + len(rdata).to_bytes(2, "big") + rdata)

def soa(serial):
    return rr(6, b"\xc0\x0c\xc0\x0c" + serial.to_bytes(4, "big") +
              b"\x00\x00\x0e\x10" * 4)

def a(i):
    return rr(1, bytes([192, 0, 2, i]))

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
    try:
        if mode == "close":
            c.close()
            return
        if mode == "silent":
            held.append(c)
            while c.recv(4096):
                pass
            return
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
    except OSError:
        pass

while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
