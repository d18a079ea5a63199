#!/usr/bin/env bash
# Installs and builds examples/npm-vite (npm install, then vite build) in a
# temporary copy, so that no node_modules/ or dist/ ever lands in the repo, from
# the npm package that ./scripts/build writes into pkg/. Then checks that the
# bundle carries the module's .wasm and that the built app starts in headless
# Chromium. Needs the npm registry (for vite) and nothing else.
#
#   tests/smoke/vite_example.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

passed=0 failed=0
check() { # check TITLE COMMAND...: runs COMMAND, prints ok or FAIL, returns its status
  local title=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok   npm-vite: $title"
  else
    failed=$((failed + 1))
    echo "FAIL npm-vite: $title"
    return 1
  fi
}
finish() {
  echo "vite_example: $passed passed, $failed failed"
  [ "$failed" = 0 ]
  exit
}

check "pkg/ is built (./scripts/build)" test -f pkg/icta_consent_bg.wasm || finish

work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server"; rm -rf "$work"' EXIT

# The copy keeps the layout, so the example's "file:../../pkg" resolves to a
# copy of the package; whatever an earlier run in the repo left is not copied.
mkdir -p "$work/examples"
cp -r examples/npm-vite "$work/examples/"
rm -rf "$work/examples/npm-vite/"{node_modules,dist,package-lock.json}
cp -r pkg "$work/pkg"
app="$work/examples/npm-vite"

build() { (cd "$app" && npm install --prefer-offline --no-audit --no-fund --loglevel=error && npx vite build --logLevel warn); }
check "npm install and vite build succeed" build || finish

# Vite emits the module as a hashed asset, byte for byte, and the bundle
# fetches it by that name.
wasm=$(find "$app/dist/assets" -name 'icta_consent_bg-*.wasm')
check "the bundle holds the .wasm, unchanged" cmp -s "$wasm" "$work/pkg/icta_consent_bg.wasm"
check "the bundle's JavaScript loads that .wasm" grep -qF "$(basename "$wasm")" "$app"/dist/assets/index-*.js

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# starts_at URL: whether the app at URL, once something listens there, starts
# the module in Chromium: main.js marks the page ready when init() has started
# it, and the module adds the banner's host element.
starts_at() {
  for _ in $(seq 100); do curl -so /dev/null "$1" && break; sleep 0.1; done
  chromium "${BROWSER_FLAGS[@]}" --user-data-dir="$(mktemp -d -p "$work")" --virtual-time-budget=10000 \
    --dump-dom "$1" >"$work/dom.html" 2>/dev/null
  grep -q 'id="consent-status" data-state="ready">not chosen yet<' "$work/dom.html" &&
    grep -q '<div id="icta-consent">' "$work/dom.html"
}
stop_server() { kill "$server" && wait "$server" 2>/dev/null; server=; }

port=$(free_port)
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$app/dist" >/dev/null 2>&1 &
server=$!
check "the built app starts the module in Chromium (status ready, banner added)" starts_at "http://127.0.0.1:$port/"
stop_server

# The dev server too: it needs the example's vite.config.js (see its comments).
port=$(free_port)
(cd "$app" && exec ./node_modules/.bin/vite --host 127.0.0.1 --port "$port" --strictPort >/dev/null 2>&1) &
server=$!
check "under vite's dev server too" starts_at "http://127.0.0.1:$port/"
stop_server
finish
