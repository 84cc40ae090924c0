#!/bin/sh
# Rebuilds hello.wasm from hello.c and the C SDK (needs clang and lld: apt-get install clang lld).
set -e
cd "$(dirname "$0")"
../../wasm-sdk/c/build-module.sh hello.wasm hello.c
