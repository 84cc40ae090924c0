;; A module that is NOT deterministic, for the determinism checker's tests: it keeps a counter in a
;; mutable global, which outlives calls on a reused instance (the ABI forbids relying on it), and
;; counts every call, refused ones too. A call is refused when the transaction's first random bit
;; is 1; otherwise it inserts a row whose id is the counter. Live, a refused call advances the
;; counter; replay re-runs only the committed calls, so after the first refusal the ids differ.
;; Module "drifter", written by hand: table items(id i64, primary key), reducer 0 record().
(module
 (import "interstice" "table_insert" (func $insert (param i32 i32 i32 i32) (result i32)))
 (import "interstice" "random_u64" (func $random (result i64)))
 (memory (export "memory") 1)
 ;; The schema in the SchemaCodec encoding, 47 bytes at 1024; the message "unlucky" at 1600.
 (data (i32.const 1024) "\49\53\43\48\01\00\07\64\72\69\66\74\65\72\01\00\01\05\69\74\65\6d\73\01\02\69\64\03\00\01\00\00\00\00\01\06\72\65\63\6f\72\64\00\00\00\00\00")
 (data (i32.const 1600) "unlucky")
 (global $count (mut i64) (i64.const 0))
 (func (export "interstice_abi_version") (result i32) i32.const 1)
 (func (export "interstice_alloc") (param i32) (result i32) i32.const 8192)
 (func (export "interstice_free") (param i32 i32))
 (func (export "interstice_describe") (result i64) i64.const 4398046511151) ;; 1024 << 32 | 47
 (func (export "interstice_call_reducer") (param i32 i32 i32) (result i32)
  (global.set $count (i64.add (global.get $count) (i64.const 1)))
  (if (i64.ne (i64.and (call $random) (i64.const 1)) (i64.const 0))
   (then (return (i32.const 1))))
  (i64.store (i32.const 1536) (global.get $count))
  (if (call $insert (i32.const 0) (i32.const 1536) (i32.const 8) (i32.const 2048))
   (then (return (i32.const 1))))
  i32.const 0)
 (func (export "interstice_call_query") (param i32 i32 i32) (result i32) i32.const 0)
 (func (export "interstice_output") (result i64) i64.const 6871947673607) ;; 1600 << 32 | 7
)
