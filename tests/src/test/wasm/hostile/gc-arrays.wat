;; A reducer that inserts a row, then allocates arrays of the GC proposal in a loop, 1 MiB each:
;; GC objects live on the JVM heap, outside the memory limit. Refused at deploy. Module
;; "gc_arrays", written by hand: table items(id i64), reducer 0 attack().
(module
 (import "interstice" "table_insert" (func $insert (param i32 i32 i32 i32) (result i32)))
 ;; Type 0, (func), stands for the GC type (array (mut i8)) and "nop nop i32.eqz" for
 ;; array.new_default 0, which wat2wasm cannot write: build.sh patches both in.
 (type $bytes (func))
 (memory (export "memory") 1)
 ;; The schema in the SchemaCodec encoding, 49 bytes at 1024; the row (1), 8 bytes at 1536.
 (data (i32.const 1024) "\49\53\43\48\01\00\09\67\63\5f\61\72\72\61\79\73\01\00\01\05\69\74\65\6d\73\01\02\69\64\03\00\01\00\00\00\00\01\06\61\74\74\61\63\6b\00\00\00\00\00")
 (data (i32.const 1536) "\01\00\00\00\00\00\00\00")
 (func (export "interstice_abi_version") (result i32) i32.const 1)
 (func (export "interstice_alloc") (param i32) (result i32) i32.const 8192)
 (func (export "interstice_free") (param i32 i32))
 (func (export "interstice_describe") (result i64) i64.const 4398046511153) ;; 1024 << 32 | 49
 (func (export "interstice_call_reducer") (param i32 i32 i32) (result i32)
  (drop (call $insert (i32.const 0) (i32.const 1536) (i32.const 8) (i32.const 2048)))
  (loop $again
   i32.const 1048576
   nop nop i32.eqz
   drop
   br $again)
  i32.const 0)
 (func (export "interstice_call_query") (param i32 i32 i32) (result i32) i32.const 0)
 (func (export "interstice_output") (result i64) i64.const 0)
)
