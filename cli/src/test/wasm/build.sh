#!/bin/sh
# Rebuilds counter-v1.wasm, counter-v2.wasm and counter-v3.wasm from counter.c and the C SDK
# (needs clang and lld: apt-get install clang lld).
set -e
cd "$(dirname "$0")"
for v in 1 2 3; do
  ../../../../modules/wasm-sdk/c/build-module.sh "counter-v$v.wasm" -DVERSION=$v counter.c
done
