#!/usr/bin/env python3
"""free-ports.py N [PORT...]: print N distinct ports that are free for TCP
and UDP on 127.0.0.1, and on ::1 where the host has it: the PORTs given
first, in order, then random ones (20000-60000, never 53) to make up N.
Exit 1 if a given PORT is not a free port number (saying which), or if
200 tries do not find the rest.  Used by the demo, the bench and the
integration tests to pick the ports their servers listen on."""
import random
import socket
import sys


def free(port):
    for fam, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        for typ in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            try:
                s = socket.socket(fam, typ)
            except OSError:
                continue        # no IPv6 at all
            try:
                s.bind((host, port))
            except OSError as e:
                if fam == socket.AF_INET6 and e.errno == 99:
                    continue    # no ::1 here
                return False
            finally:
                s.close()
    return True


n = int(sys.argv[1]) if len(sys.argv) > 1 else 1
r = random.SystemRandom()
got = []
for a in sys.argv[2:]:
    if not a.isdigit() or not 0 < int(a) < 65536 or int(a) == 53:
        sys.exit("free-ports.py: bad port %r" % a)
    if int(a) in got:
        sys.exit("free-ports.py: port %s given twice" % a)
    if len(got) == n:
        sys.exit("free-ports.py: more than %d ports given" % n)
    if not free(int(a)):
        sys.exit("free-ports.py: port %s is in use on loopback" % a)
    got.append(int(a))
for _ in range(200 + 20 * n):
    if len(got) == n:
        break
    p = r.randint(20000, 60000)
    if p not in got and free(p):
        got.append(p)
if len(got) < n:
    sys.exit(1)
print(*got)
