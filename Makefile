# Switchboard. `make run` and `make test` work on a fresh Debian 12 machine.
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
PORT ?= 8080
DATA_DIR ?= ./data
BENCH_CONTACTS ?= 1000000

.PHONY: deps build web run test test-asan test-browser bench fmt lint clean

deps:
	@scripts/install-deps

$(BUILD_DIR)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/build.ninja web
	cmake --build $(BUILD_DIR) -j$(JOBS)

# The dashboard: npm packages from the lock file, then Vite's build into web/dist, which
# `serve` reads. Rebuilt only when a source file changed.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.ts web/tsconfig.json
web/node_modules/.installed: web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web/dist/index.html: web/node_modules/.installed $(WEB_SOURCES)
	cd web && npm run --silent build

web: deps web/dist/index.html

run: build
	$(BUILD_DIR)/switchboard serve --port $(PORT) --data-dir $(DATA_DIR) --demo

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS)
	$(MAKE) test-browser
	$(MAKE) test-asan

# The dashboard in Debian's Chromium against the real server (web/tests/browser); saves
# screenshots of the main pages to docs/screenshots/.
test-browser: build
	cd web && npm run --silent lint && npm run --silent typecheck
	cd web && SWITCHBOARD_BINARY=$(abspath $(BUILD_DIR))/switchboard node --test --test-concurrency=2 tests/browser/

# The same tests once more under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: deps
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSWITCHBOARD_SANITIZE=ON
	cmake --build $(ASAN_DIR) -j$(JOBS)
	cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j$(JOBS)

bench: build
	bench/run.sh $(BUILD_DIR)/switchboard
	cmake --build $(BUILD_DIR) --target search_bench
	$(BUILD_DIR)/search_bench $(BENCH_CONTACTS)
	cmake --build $(BUILD_DIR) --target webhook_bench
	bench/webhook.sh
	BACKEND=postgres bench/webhook.sh
	cmake --build $(BUILD_DIR) --target inbox_bench
	$(BUILD_DIR)/inbox_bench

fmt:
	find src tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

lint: $(BUILD_DIR)/build.ninja
	git diff --name-only --diff-filter=AM HEAD -- '*.cpp' | xargs -r clang-tidy -p $(BUILD_DIR) --quiet

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)
