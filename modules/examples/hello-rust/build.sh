#!/bin/sh
# Rebuilds hello.wasm from hello.rs and the Rust SDK (../../wasm-sdk/rust/interstice/)
# (needs rustc for wasm32: apt-get install rustc libstd-rust-dev-wasm32).
set -e
cd "$(dirname "$0")"
../../wasm-sdk/rust/build-module.sh hello.wasm hello.rs
