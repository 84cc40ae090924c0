#!/bin/sh
# Rebuilds bank.wasm from bank.c and the C SDK (needs clang and lld: apt-get install clang lld).
set -e
cd "$(dirname "$0")"
../../wasm-sdk/c/build-module.sh bank.wasm bank.c
