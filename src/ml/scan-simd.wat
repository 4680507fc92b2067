;; The 1:N search's first pass (search-simd.ts): int8 templates against an int16 query, WebAssembly
;; SIMD. Compiled to src/ml/generated/scan-simd.ts by scripts/wasm.ts (at install and build).
;;
;; scan(rows, blocks, dim, query, out)
;;   rows:  `blocks` blocks of 4 templates of `dim` int8 values (dim a multiple of 16), interleaved
;;          in 16-byte chunks: chunk 0 of templates 0, 1, 2, 3, then chunk 1 of each, and so on,
;;          so that the scan reads memory in one forward stream (measured: twice as fast as four
;;          rows read side by side).
;;   query: dim int16 values.
;;   out:   4 · blocks int32 dot products, in template order.
;; The caller keeps every sum within int32 (search-simd.ts, QUERY_MAX).
(module
  (memory (export "memory") 1)
  (func (export "scan") (param $rows i32) (param $blocks i32) (param $dim i32) (param $query i32) (param $out i32)
    (local $p i32) (local $end i32) (local $blockEnd i32) (local $q i32)
    (local $lo v128) (local $hi v128)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $p (local.get $rows))
    (local.set $end (i32.add (local.get $rows) (i32.mul (local.get $blocks) (i32.shl (local.get $dim) (i32.const 2)))))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $blockEnd (i32.add (local.get $p) (i32.shl (local.get $dim) (i32.const 2))))
        (local.set $q (local.get $query))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (loop $chunk
          ;; 16 query values as two int16x8, and 16 values of each template widened to match.
          (local.set $lo (v128.load (local.get $q)))
          (local.set $hi (v128.load offset=16 (local.get $q)))
          (local.set $v0 (v128.load (local.get $p)))
          (local.set $v1 (v128.load offset=16 (local.get $p)))
          (local.set $v2 (v128.load offset=32 (local.get $p)))
          (local.set $v3 (v128.load offset=48 (local.get $p)))
          (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v0)) (local.get $lo))))
          (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v0)) (local.get $hi))))
          (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v1)) (local.get $lo))))
          (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v1)) (local.get $hi))))
          (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v2)) (local.get $lo))))
          (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v2)) (local.get $hi))))
          (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v3)) (local.get $lo))))
          (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $v3)) (local.get $hi))))
          (local.set $q (i32.add (local.get $q) (i32.const 32)))
          (local.set $p (i32.add (local.get $p) (i32.const 64)))
          (br_if $chunk (i32.lt_u (local.get $p) (local.get $blockEnd))))
        ;; Each template's four partial sums, added.
        (i32.store offset=0 (local.get $out) (call $sum (local.get $a0)))
        (i32.store offset=4 (local.get $out) (call $sum (local.get $a1)))
        (i32.store offset=8 (local.get $out) (call $sum (local.get $a2)))
        (i32.store offset=12 (local.get $out) (call $sum (local.get $a3)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $block))))
  (func $sum (param $a v128) (result i32)
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $a)) (i32x4.extract_lane 1 (local.get $a)))
      (i32.add (i32x4.extract_lane 2 (local.get $a)) (i32x4.extract_lane 3 (local.get $a))))))
