# zonesync - plain Makefile.  `make` builds agent/zonesyncd, `make check`
# runs every test (unit, fuzz corpus replay, golden files, integration with
# real named).

CC	?= cc
PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/sbin
MANDIR	?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
DESTDIR	?=
# Where systemd looks for units: systemd.pc says, else Debian's place.
SYSTEMDUNITDIR ?= $(or $(shell pkg-config --variable=systemdsystemunitdir \
	  systemd 2>/dev/null),/lib/systemd/system)

CFLAGS	?= -g -O2
WARN	= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	  -Wformat=2 -Wcast-qual -Wpointer-arith -Wvla
ZS_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
	  -Ilib -MMD -MP
ifdef CI
ZS_CFLAGS += -Werror
endif

# libcurl is compiled against but loaded with dlopen() when a webhook is
# configured (agent/webhook.c says why).
PKGS	= libcares jansson libcrypto
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) libcurl 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -ldl
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)

LIB_SRCS   = $(wildcard lib/*.c)
LIB_OBJS   = $(LIB_SRCS:.c=.o)
AGENT_SRCS = $(wildcard agent/*.c)
AGENT_OBJS = $(AGENT_SRCS:.c=.o)
TEST_SRCS  = $(wildcard test/check_*.c)
TEST_BINS  = $(TEST_SRCS:.c=)
FUZZ_SRCS  = $(wildcard test/fuzz/fuzz_*.c)
FUZZ_REPLAY = $(FUZZ_SRCS:.c=.replay)
FUZZ_BINS  = $(FUZZ_SRCS:.c=.fuzz)

LIB	= lib/libzonesync.a
AGENT	= agent/zonesyncd
UNIT	= contrib/zonesyncd.service

.PHONY: all check check-core unit agent-unit fuzz-replay golden fidelity integration asan fuzz bench bench-ixfr \
	demo install uninstall clean headers-check format-check systemd-check \
	FORCE

all: $(AGENT) $(UNIT)

# The unit with this build's paths.  Rewritten only when PREFIX or
# SYSCONFDIR changed the text, so it is always current yet not rebuilt.
UNIT_SED = sed -e 's|@SBINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g'
$(UNIT): contrib/zonesyncd.service.in FORCE
	@$(UNIT_SED) contrib/zonesyncd.service.in >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

FORCE:

lib/%.o: lib/%.c
	$(CC) $(ZS_CFLAGS) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

agent/%.o: agent/%.c
	$(CC) $(ZS_CFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $(LIB_OBJS)

$(AGENT): $(AGENT_OBJS) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(AGENT_OBJS) $(LIB) $(PKG_LIBS)

test/check_%: test/check_%.c $(LIB) test/check_util.h test/check_conf_util.h
	$(CC) $(ZS_CFLAGS) $(CHECK_CFLAGS) $(CFLAGS) -o $@ $< $(LIB) \
	    $(CHECK_LIBS) $(PKG_LIBS)

# The scheduler's test drives the agent/ files of the refresh core (the
# state machine in sched*.c and the registry in zones.c, with log.c)
# through fakes of everything else.
SCHED_OBJS = agent/sched.o agent/sched_verify.o agent/sched_err.o \
	    agent/zones.o agent/log.o
test/check_sched: test/check_sched.c $(SCHED_OBJS) $(LIB) test/check_util.h
	$(CC) $(ZS_CFLAGS) -Iagent $(CHECK_CFLAGS) $(CFLAGS) -o $@ $< \
	    $(SCHED_OBJS) $(LIB) $(CHECK_LIBS) $(PKG_LIBS)

# Each fuzz target also builds with a plain main() that replays its corpus.
test/fuzz/%.replay: test/fuzz/%.c test/fuzz/replay.c $(LIB)
	$(CC) $(ZS_CFLAGS) $(CFLAGS) -o $@ $< test/fuzz/replay.c $(LIB) \
	    $(PKG_LIBS)

# make check: the whole suite, then the whole suite again built with
# AddressSanitizer and UndefinedBehaviorSanitizer (make asan).
check: check-core asan

check-core: all systemd-check unit agent-unit fuzz-replay golden fidelity \
	integration

unit: $(TEST_BINS)
	@set -e; for t in $(TEST_BINS); do \
	    CK_TZ=UTC ./$$t || exit 1; done

fuzz-replay: $(FUZZ_REPLAY)
	@set -e; for t in $(FUZZ_REPLAY); do \
	    n=$$(basename $$t .replay); \
	    ./$$t test/fuzz/corpus/$${n#fuzz_}; done

# Every typed rdata renderer must load in BIND to the octets it came from.
test/rdata_rawdump: test/rdata_rawdump.c $(LIB)
	$(CC) $(ZS_CFLAGS) $(CFLAGS) -o $@ $< $(LIB)

fidelity: test/check_rdata test/rdata_rawdump
	@sh test/rdata_fidelity.sh test/check_rdata test/rdata_rawdump

golden: $(AGENT)
	@sh test/golden.sh

# agent/ modules against real named and real children (c-ares, spawn).
agent-unit:
	@bash test/agent/run.sh

integration: $(AGENT)
	@sh test/integration/run.sh

# The unit, with ExecStart= pointing at the built agent: systemd-analyze
# verify, and an exposure level of 3.0 at most (skipped without systemd).
systemd-check: $(AGENT)
	@sh test/systemd_check.sh contrib/zonesyncd.service.in \
	    "$(CURDIR)/agent" build/systemd

# Sanitizer build of everything, then the whole suite against it, in a
# copy of the tree under build/asan so the normal build stays as it is.
ASAN_FLAGS = -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	  -fno-omit-frame-pointer
asan:
	rm -rf build/asan
	mkdir -p build/asan
	cp -R Makefile README.md lib agent test contrib doc agent.conf.example \
	    build/asan/
	$(MAKE) -C build/asan clean
	ASAN_OPTIONS=abort_on_error=0:detect_leaks=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    $(MAKE) -C build/asan check-core CFLAGS="$(ASAN_FLAGS)" \
	    ASAN=1

# libFuzzer builds (clang + libclang-rt-14-dev); run one with
#   ./test/fuzz/fuzz_msg.fuzz test/fuzz/corpus/msg
fuzz:
	$(MAKE) clean
	$(MAKE) CC=clang CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address,undefined" $(LIB)
	set -e; for f in $(FUZZ_SRCS); do \
	    clang $(ZS_CFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined \
	        -o $${f%.c}.fuzz $$f $(LIB) $(PKG_LIBS); done

bench: $(AGENT)
	@sh bench/run.sh

# Applying a one-record IXFR to a 1M-record zone: CPU, wall, peak RSS.
bench/ixfr_bench: bench/ixfr_bench.c $(LIB)
	$(CC) $(ZS_CFLAGS) $(CFLAGS) -o $@ $< $(LIB)

bench-ixfr: bench/ixfr_bench
	./bench/ixfr_bench -n $(or $(IXFR_RECORDS),1000000)
	./bench/ixfr_bench $(or $(IXFR_RECORDS),1000000)

demo: $(AGENT)
	@sh contrib/demo.sh

headers-check:
	@set -e; for h in lib/*.h; do \
	    echo "#include \"$$h\"" | $(CC) $(ZS_CFLAGS) -x c -fsyntax-only -; \
	done; echo "headers ok"

format-check:
	clang-format --dry-run --Werror lib/*.c lib/*.h agent/*.c agent/*.h

DOCDIR	?= $(PREFIX)/share/doc/zonesync
DOCS	= README.md agent.conf.example contrib/named.conf.snippet

# The unit is written for this PREFIX and SYSCONFDIR as it is installed;
# an agent.conf already there is never replaced.  zonesyncd.conf(5) is
# the man page of agent.conf.
install: $(AGENT)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DOCDIR) \
	    $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(SYSCONFDIR)/zonesync
	install -m 0755 $(AGENT) $(DESTDIR)$(BINDIR)/zonesyncd
	install -m 0644 $(DOCS) $(DESTDIR)$(DOCDIR)/
	install -m 0644 doc/zonesyncd.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 doc/zonesyncd.conf.5 $(DESTDIR)$(MANDIR)/man5/
	$(UNIT_SED) contrib/zonesyncd.service.in >$(DESTDIR)$(SYSTEMDUNITDIR)/zonesyncd.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/zonesyncd.service
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/zonesync/agent.conf ]; then \
	    echo "kept $(DESTDIR)$(SYSCONFDIR)/zonesync/agent.conf"; \
	else \
	    echo "install -m 0644 agent.conf.example $(DESTDIR)$(SYSCONFDIR)/zonesync/agent.conf"; \
	    install -m 0644 agent.conf.example \
	        $(DESTDIR)$(SYSCONFDIR)/zonesync/agent.conf; \
	fi

# Everything install wrote except agent.conf, which is the user's.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/zonesyncd \
	    $(DESTDIR)$(MANDIR)/man8/zonesyncd.8 \
	    $(DESTDIR)$(MANDIR)/man5/zonesyncd.conf.5 \
	    $(DESTDIR)$(SYSTEMDUNITDIR)/zonesyncd.service \
	    $(addprefix $(DESTDIR)$(DOCDIR)/,$(notdir $(DOCS)))
	-rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null || true

clean:
	rm -f lib/*.o lib/*.d agent/*.o agent/*.d $(LIB) $(AGENT) $(UNIT) \
	    $(TEST_BINS) test/rdata_rawdump bench/ixfr_bench bench/*.d test/*.d test/fuzz/*.replay test/fuzz/*.fuzz \
	    test/fuzz/*.d

-include $(LIB_OBJS:.o=.d) $(AGENT_OBJS:.o=.d)
