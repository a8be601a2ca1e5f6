# SPDX-License-Identifier: GPL-2.0-or-later
# A thin front over CMake.  Every target installs the Debian packages it
# needs first (scripts/install-deps.sh), so each works on a fresh Debian 12.

BUILD ?= build
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)

.PHONY: all deps build test test-gui test-matrix test-asan fuzz profile-zips demo install install-user bench deb clean

all: build

deps:
	@scripts/install-deps.sh build run

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The test packages before the build: CMake builds the io_uring tests only
# where it finds liburing (liburing-dev is a test package).
test:
	@scripts/install-deps.sh build run test gui
	@$(MAKE) --no-print-directory build
	@scripts/fetch-kubectl.sh $(BUILD)/tools
	@cd $(BUILD) && ctest --output-on-failure $(CTEST_FLAGS)

# Only the test of Wireshark's GUI under Xvfb (part of make test too).
test-gui: build
	@scripts/install-deps.sh test gui
	@cd $(BUILD) && ctest --output-on-failure -L gui

# A zip of each profile, for Wireshark's Configuration Profiles > Import > from zip file.
profile-zips: build
	@scripts/make-profile-zips.sh $(BUILD)/profiles

# Builds and runs the unprivileged tests against Wireshark 4.0 (this host), 4.4 and 4.6
# (Debian trixie and forky root filesystems); root; see docs/TEST-MATRIX.md.
test-matrix: deps
	@scripts/test-matrix.sh

demo: install-user
	@scripts/demo.sh $(BUILD)

# Wireshark's global folders (the only plugin folder a root tshark reads).
install: build
	@DESTDIR=$(DESTDIR) cmake --install $(BUILD)

# The invoking user's personal folders (under sudo, the user who ran sudo).
install-user: build
	@scripts/install-user.sh $(BUILD)

# libFuzzer on the record decoder and renderer, then tshark over mutated captures.
fuzz: build
	@scripts/install-deps.sh test
	@BUILD=$(BUILD) scripts/fuzz.sh $(FUZZ_SECONDS)

# The test suite built with AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: deps
	@scripts/install-deps.sh test
	@scripts/test-asan.sh $(BUILD)-asan

# A Debian package, podshark_<version>_<arch>.deb in $(BUILD)-deb (deploy/RBAC.md):
# `apt install ./podshark_*.deb`; the postinst sets the extcap's file capabilities.
deb: deps
	@scripts/install-deps.sh deb
	@cmake -S . -B $(BUILD)-deb -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
		-DPODSHARK_INSTALL_FILE_CAPS=OFF $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)-deb -j $(JOBS)
	@cd $(BUILD)-deb && cpack -G DEB

bench: build
	@scripts/install-deps.sh test bench
	@bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD)
