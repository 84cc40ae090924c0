#!/bin/sh
# Rebuilds the hostile guests of HostileGuestSuiteTest with wat2wasm (apt-get install wabt) and
# python3. The built .wasm files are committed next to their sources.
set -e
cd "$(dirname "$0")"
for guest in table-grow huge-tables spin refusal gc-arrays; do
  wat2wasm "$guest.wat" -o "$guest.wasm"
done
wat2wasm --enable-multi-memory memories.wat -o memories.wasm
# wat2wasm writes no GC types or instructions: type 0, (func), becomes (array (mut i8)), and
# nop nop i32.eqz becomes array.new_default 0.
python3 - <<'PY'
path = "gc-arrays.wasm"
data = bytearray(open(path, "rb").read())
# header, type section id, its size (one byte here), the count, then type 0: 0x60 0 0
assert data[8] == 0x01 and data[11:14] == bytes([0x60, 0x00, 0x00]), "type 0 is not (func)"
data[11:14] = bytes([0x5E, 0x78, 0x01])
placeholder = bytes([0x01, 0x01, 0x45])
assert data.count(placeholder) == 1, "expected one nop nop i32.eqz to patch"
open(path, "wb").write(bytes(data).replace(placeholder, bytes([0xFB, 0x07, 0x00])))
PY
