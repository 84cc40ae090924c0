#!/bin/sh
# Builds a C module against this SDK: build-module.sh OUT.wasm SOURCE.c...
# Needs clang and lld (Debian: apt-get install clang lld).
set -e
SDK=$(dirname "$0")
OUT=$1
shift
clang --target=wasm32 -nostdlib -O2 -Wall -Wextra -Werror -I"$SDK" \
  -Wl,--no-entry -Wl,--export-dynamic -Wl,--strip-all \
  -o "$OUT" "$@" "$SDK/interstice.c"
