#!/bin/sh
# Rebuilds the guests of ReplayCheckTest with wat2wasm (apt-get install wabt). The built .wasm
# files are committed next to their sources.
set -e
cd "$(dirname "$0")"
wat2wasm drifter.wat -o drifter.wasm
