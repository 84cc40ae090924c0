;; A target that goes silent: module "mute", reducer 0 go() doing nothing, no tables, written by
;; hand. Its 64 initial pages (4 MiB) are more than a node restarted with max-memory-pages = 32
;; accepts, so there it cannot load and never answers the calls sent to it; for the resend
;; backoff test in tests/.../hostile.
(module
 (memory (export "memory") 64)
 ;; The schema in the SchemaCodec encoding, 23 bytes at 1024.
 (data (i32.const 1024) "\49\53\43\48\01\00\04\6d\75\74\65\01\00\00\01\02\67\6f\00\00\00\00\00")
 (func (export "interstice_abi_version") (result i32) i32.const 1)
 (func (export "interstice_alloc") (param i32) (result i32) i32.const 65536)
 (func (export "interstice_free") (param i32 i32))
 (func (export "interstice_describe") (result i64) i64.const 4398046511127) ;; 1024 << 32 | 23
 (func (export "interstice_call_reducer") (param i32 i32 i32) (result i32) i32.const 0)
 (func (export "interstice_call_query") (param i32 i32 i32) (result i32) i32.const 0)
 (func (export "interstice_output") (result i64) i64.const 0)
)
