#!/bin/sh
# Rebuilds the test guests from their C sources and the C SDK (needs clang and lld:
# apt-get install clang lld). The built .wasm files are committed next to their sources.
set -e
cd "$(dirname "$0")"
for guest in hostile relay; do
  ../../../../modules/wasm-sdk/c/build-module.sh "$guest.wasm" "$guest.c"
done
