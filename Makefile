# make install PREFIX=~/.local    — the executable, man page and shell completions
# make package                    — a release archive with SHA-256 checksums, in dist/
# make test                       — the whole test suite (scripts/test)
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: install package test
install:
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" scripts/install

package:
	scripts/package

test:
	scripts/test
