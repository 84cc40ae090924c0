#!/bin/sh
# Rebuilds the test guests: the C ones from their sources and the C SDK (needs clang and lld:
# apt-get install clang lld), the hand-written WAT ones with wat2wasm (apt-get install wabt) and
# python3. The built .wasm files are committed next to their sources.
set -e
cd "$(dirname "$0")"
for guest in hostile relay; do
  ../../../../modules/wasm-sdk/c/build-module.sh "$guest.wasm" "$guest.c"
done
for guard in guard-globals guard-no-globals; do
  wat2wasm "$guard.wat" -o "$guard.wasm"
done
wat2wasm --enable-tail-call tail-call.wat -o tail-call.wasm
wat2wasm --enable-threads atomics.wat -o atomics.wasm
wat2wasm fat-frames.wat -o fat-frames.wasm
wat2wasm flood.wat -o flood.wasm
wat2wasm mute.wat -o mute.wasm
wat2wasm --enable-exceptions caught-exception.wat -o caught-exception.wasm
wat2wasm --enable-exceptions uncaught-exception.wat -o uncaught-exception.wasm
# block (empty type) nop nop nop  ->  try_table (empty type) 1 catch: catch_all to label 0
python3 - <<'PY'
path = "caught-exception.wasm"
data = open(path, "rb").read()
block = bytes([0x02, 0x40, 0x01, 0x01, 0x01])
assert data.count(block) == 1, "expected one inner block to patch"
open(path, "wb").write(data.replace(block, bytes([0x1F, 0x40, 0x01, 0x02, 0x00])))
PY
