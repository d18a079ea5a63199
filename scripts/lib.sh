# Shared by the scripts: paths, PATH, and a way to say what is happening.
# shellcheck shell=bash

ROOT=$(pwd)
TOOLS="$ROOT/.tools"
export PATH="$TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Browsers here have no network but the package registries: keep them quiet.
BROWSER_FLAGS=(--headless --no-sandbox --disable-gpu --no-first-run
  --disable-background-networking --disable-component-update --disable-sync)

step() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
