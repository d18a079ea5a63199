# Shared by the scripts: paths, PATH, and a way to say what is happening.
# shellcheck shell=bash

ROOT=$(pwd)
TOOLS="$ROOT/.tools"
export PATH="$TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
