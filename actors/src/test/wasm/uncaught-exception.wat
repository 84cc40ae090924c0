;; A guest whose reducer throws a WebAssembly exception that nothing catches: the caller must get
;; a clear trap, not the engine's class name.
;; The module "quirk" (the schema of hello-wasm under another name: table greetings, reducers
;; init and hello(name)), written by hand: every export of the ABI, no imports. Reducer 0 (init)
;; does nothing; reducer 1 (hello) does what this file is about.
(module
 (memory (export "memory") 2)
 ;; The schema in the SchemaCodec encoding, 80 bytes at 1024.
 (data (i32.const 1024) "\49\53\43\48\01\00\05\71\75\69\72\6b\01\00\01\09\67\72\65\65\74\69\6e\67\73\03\02\69\64\03\00\04\6e\61\6d\65\06\00\08\67\72\65\65\74\69\6e\67\06\00\01\01\00\00\00\02\04\69\6e\69\74\00\01\01\05\68\65\6c\6c\6f\01\04\6e\61\6d\65\06\00\00\00\00")
 (func (export "interstice_abi_version") (result i32) i32.const 1)
 (func (export "interstice_alloc") (param i32) (result i32) i32.const 8192)
 (func (export "interstice_free") (param i32 i32))
 (func (export "interstice_describe") (result i64) i64.const 4398046511184) ;; 1024 << 32 | 80
 (func (export "interstice_call_reducer") (param i32 i32 i32) (result i32)
  (if (i32.eqz (local.get 0)) (then (return (i32.const 0))))
  (call $thrower)
  i32.const 0)
 (func (export "interstice_call_query") (param i32 i32 i32) (result i32) i32.const 0)
 (func (export "interstice_output") (result i64) i64.const 0)
 (tag $oops)
 (func $thrower throw $oops)
)
