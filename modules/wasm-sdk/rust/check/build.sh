#!/bin/sh
# Rebuilds check.wasm from check.rs and the Rust SDK (../interstice/)
# (needs rustc for wasm32: apt-get install rustc libstd-rust-dev-wasm32).
set -e
cd "$(dirname "$0")"
../build-module.sh check.wasm check.rs
