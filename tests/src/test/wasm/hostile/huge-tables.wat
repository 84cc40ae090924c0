;; A tiny binary declaring a table of 10,000,000 elements: instantiating it would take hundreds of
;; MiB of heap. Refused at deploy, before anything is allocated, naming
;; interstice.wasm.max-table-elements. Module "huge_tables", written by hand: table items(id i64),
;; reducer 0 attack() doing nothing.
(module
 (memory (export "memory") 1)
 (table 10000000 funcref)
 ;; The schema in the SchemaCodec encoding, 51 bytes at 1024.
 (data (i32.const 1024) "\49\53\43\48\01\00\0b\68\75\67\65\5f\74\61\62\6c\65\73\01\00\01\05\69\74\65\6d\73\01\02\69\64\03\00\01\00\00\00\00\01\06\61\74\74\61\63\6b\00\00\00\00\00")
 (func (export "interstice_abi_version") (result i32) i32.const 1)
 (func (export "interstice_alloc") (param i32) (result i32) i32.const 8192)
 (func (export "interstice_free") (param i32 i32))
 (func (export "interstice_describe") (result i64) i64.const 4398046511155) ;; 1024 << 32 | 51
 (func (export "interstice_call_reducer") (param i32 i32 i32) (result i32) i32.const 0)
 (func (export "interstice_call_query") (param i32 i32 i32) (result i32) i32.const 0)
 (func (export "interstice_output") (result i64) i64.const 0)
)
