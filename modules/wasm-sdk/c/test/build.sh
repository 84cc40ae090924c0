#!/bin/sh
# Rebuilds types.wasm from types.c and the C SDK (needs clang and lld: apt-get install clang lld).
set -e
cd "$(dirname "$0")"
../build-module.sh types.wasm types.c
