#!/usr/bin/env python3
"""promtext.py - a small checker of the Prometheus text exposition format.

  promtext.py validate FILE
      exit 0 when FILE is a complete, well-formed exposition; else print
      the first problem and exit 1.
  promtext.py get FILE NAME [LABEL=VALUE ...]
      print the value of every sample NAME whose labels include the given
      ones (one a line); exit 1 when there is none.
  promtext.py hammer FILE SECONDS [MUST-HAVE-NAME]
      read FILE in a tight loop for SECONDS, validating every read (and
      that MUST-HAVE-NAME, the last family, is there: no truncated file);
      print "reads=N distinct=N bad=N absent=N"; the first bad content
      goes to FILE.bad.  Exit 0 when no read was bad.
"""
import hashlib
import re
import sys
import time

SAMPLE = re.compile(r"^([a-z_]+)(\{[^}]*\})? ([0-9.e+-]+)$")
LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)')
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


def parse_labels(s):
    out = {}
    pos = 0
    while pos < len(s):
        m = LABEL.match(s, pos)
        if not m:
            raise ValueError("bad label syntax at %r" % s[pos:])
        if m.group(1) in out:
            raise ValueError("label %s twice" % m.group(1))
        out[m.group(1)] = m.group(2)
        pos = m.end()
    return out


def parse(text, must=None):
    """Return {(name, frozenset(labels.items())): value}; raise ValueError."""
    if text == "":
        raise ValueError("empty file")
    if not text.endswith("\n"):
        raise ValueError("no final newline (truncated?)")
    help_, type_, done, samples = {}, {}, set(), {}
    current = None
    for n, line in enumerate(text[:-1].split("\n"), 1):
        if line.startswith("#"):
            f = line.split(None, 3)
            if len(f) >= 3 and f[1] in ("HELP", "TYPE"):
                name = f[2]
                if name in done:
                    raise ValueError("line %d: %s after its samples" % (
                        n, f[1]))
                if any(k[0] == name for k in samples):
                    raise ValueError("line %d: %s %s after samples of it"
                                     % (n, f[1], name))
                d = help_ if f[1] == "HELP" else type_
                if name in d:
                    raise ValueError("line %d: second %s for %s" % (
                        n, f[1], name))
                if f[1] == "TYPE" and (len(f) < 4 or f[3] not in TYPES):
                    raise ValueError("line %d: bad TYPE %r" % (n, line))
                if f[1] == "HELP" and (len(f) < 4 or not f[3].strip()):
                    raise ValueError("line %d: empty HELP" % n)
                d[name] = f[3]
            continue
        if line.strip() == "":
            raise ValueError("line %d: blank line" % n)
        m = SAMPLE.match(line)
        if not m:
            raise ValueError("line %d: not a sample: %r" % (n, line))
        name = m.group(1)
        if name not in help_ or name not in type_:
            raise ValueError("line %d: sample of %s before its HELP/TYPE"
                             % (n, name))
        if current != name:
            if name in done:
                raise ValueError("line %d: samples of %s not grouped" % (
                    n, name))
            if current is not None:
                done.add(current)
            current = name
        labels = parse_labels(m.group(2)[1:-1]) if m.group(2) else {}
        v = float(m.group(3))
        if type_[name] == "counter" and v < 0:
            raise ValueError("line %d: negative counter" % n)
        key = (name, frozenset(labels.items()))
        if key in samples:
            raise ValueError("line %d: duplicate series %r" % (n, line))
        samples[key] = v
    if must is not None and not any(k[0] == must for k in samples):
        raise ValueError("no sample of %s (truncated?)" % must)
    return samples


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "validate":
        try:
            s = parse(open(path).read(), "zonesync_soa_queries_total")
        except (OSError, ValueError) as e:
            print(e)
            sys.exit(1)
        print("%d samples" % len(s))
        return
    if mode == "get":
        s = parse(open(path).read())
        want = dict(a.split("=", 1) for a in sys.argv[4:])
        hit = [v for (name, labels), v in s.items()
               if name == sys.argv[3] and want.items() <= dict(labels).items()]
        for v in hit:
            print(int(v) if v == int(v) else v)
        sys.exit(0 if hit else 1)
    if mode == "hammer":
        secs = float(sys.argv[3])
        must = sys.argv[4] if len(sys.argv) > 4 else None
        end = time.time() + secs
        reads = bad = absent = 0
        seen = set()
        while time.time() < end:
            try:
                with open(path) as f:
                    text = f.read()
            except FileNotFoundError:
                absent += 1
                continue
            reads += 1
            h = hashlib.sha1(text.encode()).digest()
            if h in seen:
                continue
            seen.add(h)
            try:
                parse(text, must)
            except ValueError as e:
                if bad == 0:
                    with open(path + ".bad", "w") as f:
                        f.write("# %s\n%s" % (e, text))
                bad += 1
        print("reads=%d distinct=%d bad=%d absent=%d" % (
            reads, len(seen), bad, absent))
        sys.exit(1 if bad or absent else 0)
    sys.exit(2)


main()
