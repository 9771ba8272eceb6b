#!/usr/bin/env python3
"""httprecv.py - a webhook receiver for the tests.

  httprecv.py PORTFILE LOGFILE [DELAY]

Listens on 127.0.0.1, a port chosen by the kernel, written to PORTFILE
once it listens.  Each request (any method) is appended to LOGFILE as
one JSON line: {"time", "method", "path", "headers": {...}, "body"}.
With DELAY, every answer is held that many seconds (a slow receiver).
Answers 200 "ok".  Stops on SIGTERM.
"""
import http.server
import json
import os
import signal
import sys
import threading
import time

portfile, logfile = sys.argv[1], sys.argv[2]
delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
lock = threading.Lock()


class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n > 0 else b""
        rec = {"time": time.time(), "method": self.command,
               "path": self.path,
               "headers": {k: v for k, v in self.headers.items()},
               "body": body.decode("utf-8", "replace")}
        with lock:
            with open(logfile, "a") as f:
                f.write(json.dumps(rec) + "\n")
        if delay > 0:
            time.sleep(delay)
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "3")
            self.end_headers()
            self.wfile.write(b"ok\n")
        except OSError:
            pass

    do_POST = do_GET = do_PUT = handle_any

    def log_message(self, fmt, *args):
        pass


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
srv.daemon_threads = True
signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
open(logfile, "a").close()
tmp = portfile + ".tmp"
with open(tmp, "w") as f:
    f.write("%d\n" % srv.server_address[1])
os.rename(tmp, portfile)
srv.serve_forever()
