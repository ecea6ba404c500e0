# The two commands of the README. Both work on a fresh Debian 12 machine:
# they install what is missing, configure into build/, build, then run.
DEBIAN_PACKAGES := cmake ninja-build g++ make clang-19 llvm-19-dev libclang-19-dev libclang-cpp19-dev \
                   nlohmann-json3-dev libgtest-dev libgmock-dev catch2 doctest-dev libboost-test-dev check python3 python3-jsonschema procps \
                   git pre-commit dpkg-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
EXAMPLE := examples/registry-review
, := ,

.PHONY: all deps configure build demo test clean sanitizer-deps asan-build asan tsan fuzz bazel-test

all: build

# $(call install-missing,packages): apt-get installs those not installed yet.
define install-missing
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make: installing missing Debian packages:$$missing"; \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install-missing,$(DEBIAN_PACKAGES))

# The CMake file-API query tells parready which sources make up which test
# program of its own build (e2e.dogfood); CMake answers it while configuring.
configure: deps
	mkdir -p $(BUILD_DIR)/.cmake/api/v1/query/client-parready
	touch $(BUILD_DIR)/.cmake/api/v1/query/client-parready/codemodel-v2
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Configuring the example writes its compile_commands.json; parready needs
# nothing else (the racy example itself is never built or run here).
demo: build
	cmake -S $(EXAMPLE) -B $(BUILD_DIR)/$(EXAMPLE) -G Ninja > /dev/null
	cd $(EXAMPLE) && ../../$(BUILD_DIR)/tool/parready -p ../../$(BUILD_DIR)/$(EXAMPLE) --fail-on=never \
	    --format text --format markdown=../../$(BUILD_DIR)/demo-report.md \
	    --format sarif=../../$(BUILD_DIR)/demo-report.sarif --format ctest=../../$(BUILD_DIR)/demo-parready.cmake
	@echo "make demo: also wrote $(BUILD_DIR)/demo-report.md (readiness report), $(BUILD_DIR)/demo-report.sarif"
	@echo "           and $(BUILD_DIR)/demo-parready.cmake (CTest locks; see docs/reports.md)"
	@echo "make demo: to watch these races happen, run $(EXAMPLE)/race.sh (builds and runs the suite)"

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Sanitizer and fuzzing builds (docs/testing.md), outside `make test`, with
# clang and its runtime libraries. ASan+UBSan and libFuzzer share one build
# (libFuzzer runs with ASan anyway); TSan has its own. -O1 with line tables:
# fast enough to run the suite, symbolized reports, far cheaper to compile
# than -O2 -g on the Clang-heavy sources.
SANITIZER_PACKAGES := libclang-rt-19-dev
SANITIZER_CMAKE := -G Ninja -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_BUILD_TYPE=Sanitize \
                   "-DCMAKE_CXX_FLAGS_SANITIZE=-O1 -gline-tables-only"
ASAN_DIR := build-asan
TSAN_DIR := build-tsan
FUZZ_SECONDS ?= 60
# Below the build's jobs: an instrumented build of the 2-core CI machine
# should not starve the machine it runs on.
NICE := nice -n 10

sanitizer-deps: deps
	$(call install-missing,$(SANITIZER_PACKAGES))

asan-build: sanitizer-deps
	cmake -S . -B $(ASAN_DIR) $(SANITIZER_CMAKE) -DPARREADY_SANITIZE=address$(,)undefined -DPARREADY_FUZZ=ON
	$(NICE) cmake --build $(ASAN_DIR) -j $(JOBS)

# ASan + UBSan: any report fails the test that triggered it.
asan: asan-build
	cd $(ASAN_DIR) && ASAN_OPTIONS=abort_on_error=1:detect_stack_use_after_return=1 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp:print_suppressions=0 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $(NICE) ctest --output-on-failure -j $(JOBS) --timeout 3000

# TSan: the extraction thread pool (--jobs) and everything it shares.
tsan: sanitizer-deps
	cmake -S . -B $(TSAN_DIR) $(SANITIZER_CMAKE) -DPARREADY_SANITIZE=thread
	$(NICE) cmake --build $(TSAN_DIR) -j $(JOBS)
	cd $(TSAN_DIR) && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/tests/sanitizers/tsan.supp \
	    $(NICE) ctest --output-on-failure \
	    -j $(JOBS) --timeout 3000

# Each libFuzzer target for FUZZ_SECONDS, from its seed corpus; new inputs
# and crashes stay in the build directory (a crash becomes a regression test
# by copying it into tests/fuzz/corpus/<target>/).
fuzz: asan-build
	python3 tests/fuzz/run_fuzzers.py --build-dir $(ASAN_DIR) --corpus tests/fuzz/corpus --seconds $(FUZZ_SECONDS)

# The Bazel aspect (tools/bazel/README.md) end to end on the example suite,
# outside `make test`: Debian's Bazel 4 is a big install and a slow start. The
# test builds offline, with its own Bazel output root in a temporary directory.
BAZEL_PACKAGES := bazel-bootstrap

bazel-test: build
	$(call install-missing,$(BAZEL_PACKAGES))
	python3 tests/bazel/test_bazel.py $(BUILD_DIR)/tool/parready

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(TSAN_DIR)
