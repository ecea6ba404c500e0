# The two commands of the README. Both work on a fresh Debian 12 machine:
# they install what is missing, configure into build/, build, then run.
DEBIAN_PACKAGES := cmake ninja-build g++ make clang-19 llvm-19-dev libclang-19-dev libclang-cpp19-dev \
                   nlohmann-json3-dev libgtest-dev libgmock-dev catch2 doctest-dev libboost-test-dev check python3 python3-jsonschema procps
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
EXAMPLE := examples/registry-review

.PHONY: all deps configure build demo test clean

all: build

deps:
	@missing=""; \
	for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make: installing missing Debian packages:$$missing"; \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi

configure: deps
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

clean:
	rm -rf $(BUILD_DIR)
