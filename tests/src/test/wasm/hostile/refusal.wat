;; A reducer that inserts a row, then refuses (status 1) with a message of 15 MiB of "x": the
;; caller must get it cut to interstice.module.limits.max-message-length with a marker, and the
;; row must be rolled back. Module "refusal", written by hand: table items(id i64), reducer 0
;; attack(). The message lies at 64 KiB; memory grows to 256 pages (the default limit) to hold it,
;; once per instance.
(module
 (import "interstice" "table_insert" (func $insert (param i32 i32 i32 i32) (result i32)))
 (memory (export "memory") 1)
 ;; The schema in the SchemaCodec encoding, 47 bytes at 1024; the row (1), 8 bytes at 1536.
 (data (i32.const 1024) "\49\53\43\48\01\00\07\72\65\66\75\73\61\6c\01\00\01\05\69\74\65\6d\73\01\02\69\64\03\00\01\00\00\00\00\01\06\61\74\74\61\63\6b\00\00\00\00\00")
 (data (i32.const 1536) "\01\00\00\00\00\00\00\00")
 (global $out_len (mut i32) (i32.const 0))
 (func (export "interstice_abi_version") (result i32) i32.const 1)
 (func (export "interstice_alloc") (param i32) (result i32) i32.const 8192)
 (func (export "interstice_free") (param i32 i32))
 (func (export "interstice_describe") (result i64) i64.const 4398046511151) ;; 1024 << 32 | 47
 (func (export "interstice_call_reducer") (param i32 i32 i32) (result i32)
  (drop (call $insert (i32.const 0) (i32.const 1536) (i32.const 8) (i32.const 2048)))
  (if (i32.lt_u (memory.size) (i32.const 256))
   (then
    (if (i32.eq (memory.grow (i32.sub (i32.const 256) (memory.size))) (i32.const -1))
     (then unreachable))))
  (global.set $out_len (i32.const 15728640))
  (memory.fill (i32.const 65536) (i32.const 0x78) (global.get $out_len))
  i32.const 1)
 (func (export "interstice_call_query") (param i32 i32 i32) (result i32) i32.const 0)
 (func (export "interstice_output") (result i64) ;; 65536 << 32 | the message's length
  (i64.or (i64.const 281474976710656) (i64.extend_i32_u (global.get $out_len))))
)
