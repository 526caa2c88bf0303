# repdesk — build, test, run, bench, fuzz, install.
#
#   make              build build/repdesk
#   make run          build, then open the workbench on the demo book (build/demo.db)
#   make check        build and run every test (SANITIZE=1: under ASan + UBSan)
#   make bench        benchmarks (tests/bench/; BENCH_TEAM_BUNDLES=N, BENCH_SERVER_REPS=N
#                     for a smaller team)
#   make fuzz         libFuzzer runs of the CSV reader, the import, bundle merge,
#                     config, calendar, money and dates (FUZZ_SECONDS each, default 30)
#   make install      PREFIX=/usr/local DESTDIR=

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/repdesk
MANDIR    ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale

CC        ?= cc
PKG_CONFIG ?= pkg-config

# Debian packages the build, the tests and the benchmarks need.
DEB_PKGS  := gcc make pkg-config gettext libncurses-dev libsqlite3-dev libcsv-dev check tmux sqlite3 strace locales libsodium-dev libxxhash-dev libxlsxwriter-dev unzip libpq-dev postgresql pgbouncer
# ... and what `make fuzz` needs besides (clang's libFuzzer and sanitizer runtimes).
FUZZ_PKGS := clang libclang-rt-14-dev

ifeq ($(SANITIZE),1)
BUILD     ?= build/san
export LSAN_OPTIONS := suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
SANFLAGS  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT       ?= -O1 -g
else
BUILD     ?= build
SANFLAGS  :=
OPT       ?= -O2 -g
endif

WARN      := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wformat=2 -Wcast-qual -Wwrite-strings -Wundef -Werror
CPPFLAGS  += -Iinclude -D_XOPEN_SOURCE=700 -D_XOPEN_SOURCE_EXTENDED -D_DEFAULT_SOURCE \
             -DREPDESK_VERSION='"$(VERSION)"' -DREPDESK_DATADIR='"$(DATADIR)"' \
             -DREPDESK_LOCALEDIR='"$(LOCALEDIR)"'
CFLAGS    += -std=c11 $(OPT) $(WARN) $(SANFLAGS) -pthread -MMD -MP
LDFLAGS   += $(SANFLAGS) -pthread

SQLITE_CFLAGS = $(shell $(PKG_CONFIG) --cflags sqlite3 2>/dev/null)
SQLITE_LIBS   = $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null || echo -lsqlite3)
CHECK_CFLAGS  = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS    = $(shell $(PKG_CONFIG) --libs check 2>/dev/null || echo -lcheck)
CURSES_CFLAGS = $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null))
CURSES_LIBS   = $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw)
SODIUM_CFLAGS = $(shell $(PKG_CONFIG) --cflags libsodium 2>/dev/null)
SODIUM_LIBS   = $(shell $(PKG_CONFIG) --libs libsodium 2>/dev/null || echo -lsodium)
XXHASH_CFLAGS = $(shell $(PKG_CONFIG) --cflags libxxhash 2>/dev/null)
XXHASH_LIBS   = $(shell $(PKG_CONFIG) --libs libxxhash 2>/dev/null || echo -lxxhash)
XLSX_CFLAGS   = $(shell $(PKG_CONFIG) --cflags xlsxwriter 2>/dev/null)
XLSX_LIBS     = $(shell $(PKG_CONFIG) --libs xlsxwriter 2>/dev/null || echo -lxlsxwriter -lz)
PQ_CFLAGS     = $(shell $(PKG_CONFIG) --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql)
PQ_LIBS       = $(shell $(PKG_CONFIG) --libs libpq 2>/dev/null || echo -lpq)

# The library holds everything below the user interface and links without curses.
LIB_SRC   := $(wildcard src/core/*.c src/store/*.c src/io/*.c src/app/*.c)
CLI_SRC   := $(wildcard src/cli/*.c src/ui/*.c)
UNIT_SRC  := $(wildcard tests/unit/*.c)
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_OBJ  := $(UNIT_SRC:%.c=$(BUILD)/obj/%.o)
LIB       := $(BUILD)/librepdesk.a
BIN       := $(BUILD)/repdesk
UNIT      := $(BUILD)/unit-tests

.PHONY: all deps fuzz-deps run check test unit cli-tests i18n-tests ui-tests term-tests server-tests bench fuzz install uninstall clean

# Translations: the template is made from the sources, each catalogue is
# compiled beside the binary (build/locale), where build/repdesk finds it.
PO        := $(wildcard assets/po/*.po)
MO        := $(PO:assets/po/%.po=$(BUILD)/locale/%/LC_MESSAGES/repdesk.mo)
POT       := $(BUILD)/repdesk.pot

all: $(BIN) $(MO) $(POT)

$(BUILD)/locale/%/LC_MESSAGES/repdesk.mo: assets/po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

$(POT): $(LIB_SRC) $(CLI_SRC) $(wildcard include/repdesk/*.h include/repdesk/db/*.h)
	@mkdir -p $(dir $@)
	xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kngettext:1,2 --add-comments=TRANSLATORS \
	  --package-name=repdesk --package-version=$(VERSION) --no-location --sort-output -o $@ $(sort $^)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(SQLITE_CFLAGS) $(SODIUM_CFLAGS) $(XXHASH_CFLAGS) $(XLSX_CFLAGS) $(PQ_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/src/ui/%.o: src/ui/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CURSES_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CHECK_CFLAGS) $(SODIUM_CFLAGS) $(XXHASH_CFLAGS) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(SQLITE_LIBS) $(SODIUM_LIBS) $(XXHASH_LIBS) $(XLSX_LIBS) $(PQ_LIBS) -lcsv $(CURSES_LIBS) -lm

$(UNIT): $(UNIT_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(LIB) $(SQLITE_LIBS) $(SODIUM_LIBS) $(XXHASH_LIBS) $(XLSX_LIBS) $(PQ_LIBS) -lcsv $(CHECK_LIBS) -lm

# Install what is missing (as root), or say exactly what to run.
define install_missing
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "repdesk: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "repdesk: missing Debian packages:$$missing"; \
	    echo "repdesk: install them with: sudo apt-get install -y $(1)"; \
	    exit 1; \
	  fi; \
	fi
endef

deps:
	$(call install_missing,$(DEB_PKGS))

fuzz-deps: deps
	$(call install_missing,$(FUZZ_PKGS))

# The demo book lives in its own database and never touches the user's.
run: deps
	@$(MAKE) --no-print-directory all
	@test -f $(BUILD)/demo.db || $(BIN) --db $(BUILD)/demo.db init --demo --rep 张三 --group 一组
	$(BIN) --db $(BUILD)/demo.db

check: deps
	@$(MAKE) --no-print-directory test

# Unit tests, then CLI tests: one after the other, so the output reads in order.
test: $(BIN) $(UNIT) $(MO) $(POT)
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory cli-tests
	@$(MAKE) --no-print-directory i18n-tests
	@$(MAKE) --no-print-directory ui-tests
	@$(MAKE) --no-print-directory term-tests
	@$(MAKE) --no-print-directory server-tests

unit: $(UNIT)
	CK_DEFAULT_TIMEOUT=60 $(UNIT)

# The allocation-failure shim cannot sit under the sanitizers' allocator.
ifeq ($(SANITIZE),1)
FAILMALLOC_SO :=
else
FAILMALLOC_SO := $(BUILD)/failmalloc.so
endif

$(BUILD)/failmalloc.so: tests/cli/failmalloc.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -fPIC -shared -o $@ $< -ldl

$(BUILD)/gen_customers: tests/bench/gen_customers.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -Wall -Wextra -o $@ $<

$(BUILD)/stopwatch: tests/bench/stopwatch.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -Wall -Wextra -Wpedantic -Werror -o $@ $<

# Signs a hand-edited bundle again with a book's key (tests/tools).
$(BUILD)/bundle-sign: tests/tools/bundle_sign.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(SODIUM_CFLAGS) $(XXHASH_CFLAGS) $(CFLAGS) -o $@ $< $(LDFLAGS) $(LIB) $(SQLITE_LIBS) \
	  $(SODIUM_LIBS) $(XXHASH_LIBS) -lcsv -lm

# A book of the previous schema, for the migration tests.
$(BUILD)/oldbook: tests/cli/oldbook.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(SQLITE_CFLAGS) $(CFLAGS) -o $@ $< $(LDFLAGS) $(LIB) $(SQLITE_LIBS) \
	  $(SODIUM_LIBS) $(XXHASH_LIBS) -lcsv -lm

# SQL on a book past the store's checks, to plant what an older repdesk let in.
$(BUILD)/booksql: tests/cli/booksql.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(SQLITE_CFLAGS) $(CFLAGS) -o $@ $< $(LDFLAGS) $(LIB) $(SQLITE_LIBS) \
	  $(SODIUM_LIBS) $(XXHASH_LIBS) -lcsv -lm

cli-tests: $(BIN) $(BUILD)/gen_customers $(BUILD)/bundle-sign $(BUILD)/oldbook $(BUILD)/booksql \
           $(FAILMALLOC_SO)
	REPDESK_BIN=$(BIN) REPDESK_GEN=$(BUILD)/gen_customers REPDESK_FAILMALLOC=$(FAILMALLOC_SO) \
	  REPDESK_SIGN=$(BUILD)/bundle-sign REPDESK_OLDBOOK=$(BUILD)/oldbook \
	  REPDESK_BOOKSQL=$(BUILD)/booksql sh tests/cli/run.sh

# The team server: a throwaway PostgreSQL cluster per script (tests/server/pg.sh).
server-tests: $(BIN) $(BUILD)/booksql $(BUILD)/bundle-sign $(BUILD)/gen_customers
	REPDESK_BIN=$(BIN) REPDESK_BOOKSQL=$(BUILD)/booksql REPDESK_SIGN=$(BUILD)/bundle-sign \
	  REPDESK_GEN=$(BUILD)/gen_customers \
	  sh tests/server/run.sh

# The Chinese catalogue is complete; messages in Chinese, CSV never.
i18n-tests: $(BIN) $(MO) $(POT)
	REPDESK_BIN=$(BIN) REPDESK_POT=$(POT) sh tests/i18n/run.sh

# Screen dumps of the workbench (script mode), diffed against tests/ui/expected.
ui-tests: $(BIN)
	REPDESK_BIN=$(BIN) sh tests/ui/run.sh

# The workbench in a real terminal (tmux): keys, resizing, faults.
term-tests: $(BIN) $(BUILD)/booksql
	REPDESK_BIN=$(BIN) REPDESK_BOOKSQL=$(BUILD)/booksql sh tests/term/run.sh

bench: deps
	@$(MAKE) --no-print-directory all $(BUILD)/gen_customers $(BUILD)/bundle-sign $(BUILD)/stopwatch
	REPDESK_BIN=$(BIN) REPDESK_GEN=$(BUILD)/gen_customers sh tests/bench/run.sh
	REPDESK_BIN=$(BIN) REPDESK_GEN=$(BUILD)/gen_customers sh tests/bench/plan.sh
	REPDESK_BIN=$(BIN) REPDESK_GEN=$(BUILD)/gen_customers sh tests/bench/levers.sh
	REPDESK_BIN=$(BIN) REPDESK_GEN=$(BUILD)/gen_customers sh tests/bench/yearplan.sh
	REPDESK_BIN=$(BIN) REPDESK_GEN=$(BUILD)/gen_customers sh tests/bench/today.sh
	REPDESK_BIN=$(BIN) REPDESK_GEN=$(BUILD)/gen_customers sh tests/bench/ui.sh
	REPDESK_BIN=$(BIN) REPDESK_GEN=$(BUILD)/gen_customers sh tests/bench/segments.sh
	REPDESK_BIN=$(BIN) REPDESK_GEN=$(BUILD)/gen_customers sh tests/bench/pipeline.sh
	REPDESK_BIN=$(BIN) REPDESK_GEN=$(BUILD)/gen_customers REPDESK_SIGN=$(BUILD)/bundle-sign \
	  sh tests/bench/team.sh
	REPDESK_BIN=$(BIN) REPDESK_GEN=$(BUILD)/gen_customers REPDESK_STOPWATCH=$(BUILD)/stopwatch \
	  sh tests/bench/server.sh

# Not part of check: each harness runs FUZZ_SECONDS (FUZZ_ONLY="csv import"
# for a subset); any crash, leak or sanitizer report fails.
fuzz: fuzz-deps
	FUZZ_CPPFLAGS="$(filter-out -DREPDESK_%,$(CPPFLAGS)) $(SQLITE_CFLAGS) $(SODIUM_CFLAGS) $(XXHASH_CFLAGS)" FUZZ_CURSES_CFLAGS="$(CURSES_CFLAGS)" \
	  FUZZ_LIBS="$(SQLITE_LIBS) $(SODIUM_LIBS) $(XXHASH_LIBS) -lcsv -lm" FUZZ_CURSES_LIBS="$(CURSES_LIBS)" sh tests/fuzz/run.sh

install: $(BIN) $(MO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/repdesk
	for mo in $(MO); do \
	  lang=$$(basename $$(dirname $$(dirname $$mo))); \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES; \
	  install -m 644 $$mo $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/repdesk.mo; \
	done
	install -m 644 docs/repdesk.1 $(DESTDIR)$(MANDIR)/man1/repdesk.1
	cp -R assets/. $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/repdesk $(DESTDIR)$(MANDIR)/man1/repdesk.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)
