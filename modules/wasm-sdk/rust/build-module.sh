#!/bin/sh
# Builds a Rust module against this SDK: build-module.sh OUT.wasm SOURCE.rs
# The source includes the SDK with #[path = ".../interstice/mod.rs"] mod interstice;
# (rustc reads the SDK's other files from the directory of mod.rs).
# Needs rustc with the wasm32 standard library (Debian: apt-get install rustc libstd-rust-dev-wasm32);
# set RUSTC to use another rustc than Debian's.
set -e
OUT=$1
SOURCE=$2
"${RUSTC:-/usr/bin/rustc}" --edition 2021 --target wasm32-unknown-unknown --crate-type cdylib \
  -O -C panic=abort -C codegen-units=1 -C lto -C strip=symbols -C link-arg=-zstack-size=65536 \
  -D warnings -o "$OUT" "$SOURCE"
