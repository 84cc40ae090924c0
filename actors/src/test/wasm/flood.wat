;; A guest that floods the host with its own text, schedules and calls, one reducer per attack, for
;; the host's output bounds (node-level tests in tests/.../hostile). Module "flood", written by
;; hand: table notes(id i64 auto-increment key, note string); reducers
;;   0 add(note)                    inserts a note: the healthy part, with query 0 count
;;   1 far(delay_micros)            schedules ring that far ahead
;;   2 ring() private               inserts "ok"
;;   3 every(interval_micros, size) schedules grumble(size) repeating at that interval
;;   4 grumble(size) private        refuses with size bytes of "x"
;;   5 refuse(size)                 the same, called directly
;;   6 shout(lines, size)           logs lines lines of size bytes of "x", then inserts "ok"
;;   7 call(module, reducer)        calls module.reducer with no arguments, then inserts "ok"
;;   8 call_long(size)              calls a module whose name is size bytes of "x"
;; Big text is written at 1 MiB (memory grows to fit it, up to the host's limit); everything else
;; comes from a bump allocator below that.
(module
 (import "interstice" "table_insert" (func $insert (param i32 i32 i32 i32) (result i32)))
 (import "interstice" "table_scan" (func $scan (param i32) (result i32)))
 (import "interstice" "iter_next" (func $next (param i32 i32) (result i32)))
 (import "interstice" "iter_close" (func $close (param i32)))
 (import "interstice" "log" (func $log (param i32 i32)))
 (import "interstice" "schedule" (func $schedule (param i32 i64 i64 i32 i32) (result i64)))
 (import "interstice" "call" (func $call (param i32 i32 i32 i32 i32 i32)))
 (memory (export "memory") 17)
 ;; The schema in the SchemaCodec encoding, 223 bytes at 1024.
 (data (i32.const 1024) "\49\53\43\48\01\00\05\66\6c\6f\6f\64\01\00\01\05\6e\6f\74\65\73\02\02\69\64\03\00\04\6e\6f\74\65\06\00\01\01\00\00\00\09\03\61\64\64\01\04\6e\6f\74\65\06\00\00\03\66\61\72\01\0c\64\65\6c\61\79\5f\6d\69\63\72\6f\73\03\00\00\04\72\69\6e\67\00\01\00\05\65\76\65\72\79\02\0f\69\6e\74\65\72\76\61\6c\5f\6d\69\63\72\6f\73\03\04\73\69\7a\65\03\00\00\07\67\72\75\6d\62\6c\65\01\04\73\69\7a\65\03\01\00\06\72\65\66\75\73\65\01\04\73\69\7a\65\03\00\00\05\73\68\6f\75\74\02\05\6c\69\6e\65\73\03\04\73\69\7a\65\03\00\00\04\63\61\6c\6c\02\06\6d\6f\64\75\6c\65\06\07\72\65\64\75\63\65\72\06\00\00\09\63\61\6c\6c\5f\6c\6f\6e\67\01\04\73\69\7a\65\03\00\00\01\05\63\6f\75\6e\74\00\03\00")
 ;; The row (0, "ok"): 11 bytes at 1536; "[]" at 1600; "go" at 1610.
 (data (i32.const 1536) "\00\00\00\00\00\00\00\00\02\6f\6b")
 (data (i32.const 1600) "[]")
 (data (i32.const 1610) "go")
 (global $top (mut i32) (i32.const 65536))
 (global $out_ptr (mut i32) (i32.const 0))
 (global $out_len (mut i32) (i32.const 0))
 (global $leb_end (mut i32) (i32.const 0))
 (func (export "interstice_abi_version") (result i32) i32.const 1)
 ;; Bump allocation between 64 KiB and 1 MiB, wrapping: a call never holds much at once.
 (func (export "interstice_alloc") (param $n i32) (result i32) (local $p i32)
  (if (i32.gt_u (i32.add (global.get $top) (local.get $n)) (i32.const 1048576))
   (then (global.set $top (i32.const 65536))))
  (local.set $p (global.get $top))
  (global.set $top (i32.add (global.get $top) (i32.add (local.get $n) (i32.const 8))))
  (local.get $p))
 (func (export "interstice_free") (param i32 i32))
 (func (export "interstice_describe") (result i64) i64.const 4398046511327) ;; 1024 << 32 | 223
 (func (export "interstice_output") (result i64)
  (i64.or (i64.shl (i64.extend_i32_u (global.get $out_ptr)) (i64.const 32))
          (i64.extend_i32_u (global.get $out_len))))
 ;; size bytes of "x" at 1 MiB, growing memory to fit; returns 1 MiB.
 (func $big (param $size i32) (result i32) (local $pages i32)
  (local.set $pages
   (i32.sub (i32.div_u (i32.add (i32.add (i32.const 1048576) (local.get $size)) (i32.const 65535))
                       (i32.const 65536))
            (memory.size)))
  (if (i32.gt_s (local.get $pages) (i32.const 0))
   (then (if (i32.eq (memory.grow (local.get $pages)) (i32.const -1)) (then unreachable))))
  (memory.fill (i32.const 1048576) (i32.const 0x78) (local.get $size))
  (i32.const 1048576))
 (func $ok
  (drop (call $insert (i32.const 0) (i32.const 1536) (i32.const 11) (i32.const 3000))))
 ;; An unsigned LEB128 at p; $leb_end is set to the byte after it.
 (func $leb (param $p i32) (result i32) (local $v i32) (local $shift i32) (local $b i32)
  (loop $more
   (local.set $b (i32.load8_u (local.get $p)))
   (local.set $v (i32.or (local.get $v)
                         (i32.shl (i32.and (local.get $b) (i32.const 0x7f)) (local.get $shift))))
   (local.set $shift (i32.add (local.get $shift) (i32.const 7)))
   (local.set $p (i32.add (local.get $p) (i32.const 1)))
   (br_if $more (i32.and (local.get $b) (i32.const 0x80))))
  (global.set $leb_end (local.get $p))
  (local.get $v))
 (func (export "interstice_call_reducer") (param $r i32) (param $args i32) (param $len i32)
  (result i32)
  (local $i i64) (local $text i32) (local $size i32) (local $m i32) (local $mlen i32)
  (local $red i32) (local $rlen i32)
  (block $default
   (block $call_long (block $call (block $shout (block $refuse (block $grumble
    (block $every (block $ring (block $far (block $add
     (br_table $add $far $ring $every $grumble $refuse $shout $call $call_long $default
      (local.get $r)))
    ;; add: the row is 8 zero bytes (id 0) and the note as it came
    (i64.store (i32.const 4096) (i64.const 0))
    (memory.copy (i32.const 4104) (local.get $args) (local.get $len))
    (drop (call $insert (i32.const 0) (i32.const 4096) (i32.add (local.get $len) (i32.const 8))
                (i32.const 3000)))
    (return (i32.const 0)))
   ;; far
   (drop (call $schedule (i32.const 2) (i64.load (local.get $args)) (i64.const 0)
               (i32.const 0) (i32.const 0)))
   (call $ok)
   (return (i32.const 0)))
   ;; ring
   (call $ok)
   (return (i32.const 0)))
   ;; every
   (drop (call $schedule (i32.const 4) (i64.load (local.get $args)) (i64.load (local.get $args))
               (i32.add (local.get $args) (i32.const 8)) (i32.const 8)))
   (call $ok)
   (return (i32.const 0)))
   ;; grumble: falls through to refuse
   )
   ;; refuse
   (local.set $size (i32.wrap_i64 (i64.load (local.get $args))))
   (global.set $out_ptr (call $big (local.get $size)))
   (global.set $out_len (local.get $size))
   (return (i32.const 1)))
   ;; shout
   (local.set $size (i32.wrap_i64 (i64.load offset=8 (local.get $args))))
   (local.set $text (call $big (local.get $size)))
   (local.set $i (i64.load (local.get $args)))
   (block $done
    (loop $again
     (br_if $done (i64.le_s (local.get $i) (i64.const 0)))
     (call $log (local.get $text) (local.get $size))
     (local.set $i (i64.sub (local.get $i) (i64.const 1)))
     (br $again)))
   (call $ok)
   (return (i32.const 0)))
   ;; call: two strings, each a LEB128 length and its bytes
   (local.set $mlen (call $leb (local.get $args)))
   (local.set $m (global.get $leb_end))
   (local.set $rlen (call $leb (i32.add (local.get $m) (local.get $mlen))))
   (local.set $red (global.get $leb_end))
   (call $call (local.get $m) (local.get $mlen) (local.get $red) (local.get $rlen)
         (i32.const 1600) (i32.const 2))
   (call $ok)
   (return (i32.const 0)))
   ;; call_long
   (local.set $size (i32.wrap_i64 (i64.load (local.get $args))))
   (call $call (call $big (local.get $size)) (local.get $size) (i32.const 1610) (i32.const 2)
         (i32.const 1600) (i32.const 2))
   (call $ok)
   (return (i32.const 0)))
  unreachable)
 ;; count: the rows of notes, as an i64
 (func (export "interstice_call_query") (param i32 i32 i32) (result i32) (local $it i32) (local $n i64)
  (local.set $it (call $scan (i32.const 0)))
  (block $done
   (loop $again
    (br_if $done (call $next (local.get $it) (i32.const 3000)))
    (local.set $n (i64.add (local.get $n) (i64.const 1)))
    (br $again)))
  (call $close (local.get $it))
  (i64.store (i32.const 3100) (local.get $n))
  (global.set $out_ptr (i32.const 3100))
  (global.set $out_len (i32.const 8))
  (i32.const 0))
)
