;; A reducer that inserts a row, then grows a table by 1,000 elements at a time until it cannot:
;; each element lives on the JVM heap, outside the memory limit. It must trap at
;; interstice.wasm.max-table-elements, leaving no row. Module "table_grow", written by hand: table
;; items(id i64), reducer 0 attack(); a funcref table of 1 element, without a maximum.
(module
 (import "interstice" "table_insert" (func $insert (param i32 i32 i32 i32) (result i32)))
 (memory (export "memory") 1)
 (table $refs 1 funcref)
 ;; The schema in the SchemaCodec encoding, 50 bytes at 1024; the row (1), 8 bytes at 1536.
 (data (i32.const 1024) "\49\53\43\48\01\00\0a\74\61\62\6c\65\5f\67\72\6f\77\01\00\01\05\69\74\65\6d\73\01\02\69\64\03\00\01\00\00\00\00\01\06\61\74\74\61\63\6b\00\00\00\00\00")
 (data (i32.const 1536) "\01\00\00\00\00\00\00\00")
 (func (export "interstice_abi_version") (result i32) i32.const 1)
 (func (export "interstice_alloc") (param i32) (result i32) i32.const 8192)
 (func (export "interstice_free") (param i32 i32))
 (func (export "interstice_describe") (result i64) i64.const 4398046511154) ;; 1024 << 32 | 50
 (func (export "interstice_call_reducer") (param i32 i32 i32) (result i32)
  (drop (call $insert (i32.const 0) (i32.const 1536) (i32.const 8) (i32.const 2048)))
  (loop $again
   (br_if $again
    (i32.ne (table.grow $refs (ref.null func) (i32.const 1000)) (i32.const -1))))
  i32.const 0)
 (func (export "interstice_call_query") (param i32 i32 i32) (result i32) i32.const 0)
 (func (export "interstice_output") (result i64) i64.const 0)
)
