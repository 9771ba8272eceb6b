#!/usr/bin/env python3
# sdnotify_listen.py - a stand-in for systemd's NOTIFY_SOCKET: prints each
# datagram as one line "CTL MSG" (CTL: 1 if the file argv[2] existed when
# it arrived; newlines in MSG shown as '|').
import os
import socket
import sys

addr, ctl, out = sys.argv[1], sys.argv[2], sys.argv[3]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\0" + addr[1:] if addr.startswith("@") else addr)
with open(out + ".tmp", "w"):
    pass
os.rename(out + ".tmp", out)
while True:
    msg = s.recv(4096).decode("utf-8", "replace")
    with open(out, "a") as f:
        f.write("%d %s\n" % (os.path.exists(ctl), msg.replace("\n", "|")))
