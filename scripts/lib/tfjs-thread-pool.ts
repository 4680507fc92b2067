/**
 * A build step for TFJS's threaded wasm backend (`@tensorflow/tfjs-backend-wasm`, its
 * `tfjs-backend-wasm-threaded-simd.js`): that build starts 8 thread workers as it loads, whatever
 * it will use, but its XNNPACK pool takes half the logical cores, at most 8 (its backend.cc), and
 * the calling thread is one of them: on a 2-core machine the pool is that thread alone. Each worker
 * compiles the backend's script and instantiates its module (~0.1 s of CPU each here) while the
 * app's models load. The pool is made as large as the threads the backend uses and one more (at
 * most the 8 of before; with a pool of one the start was less steady here); a thread beyond the
 * pool is still started when asked for (the build's own fallback).
 * Measured on the 2-core machine: README, "Time to the first name".
 */
import type { Plugin } from 'vite';

const FILE = /tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
const FIXED = 'pthreadPoolSize=8;';
/** The backend's threads (half the logical cores, 1 to 8) and one more, at most 8. */
const SIZED = 'pthreadPoolSize=Math.min(8,Math.max(1,Math.floor((navigator.hardwareConcurrency||2)/2))+1);';

/** `code` with the pool sized to the backend's threads; throws when the build no longer has the fixed pool. */
export function sizeThreadPool(code: string): string {
  if (!code.includes(FIXED)) throw new Error(`tfjs-backend-wasm's thread pool ("${FIXED}") was not found: check scripts/lib/tfjs-thread-pool.ts against the new version`);
  return code.replace(FIXED, SIZED);
}

export function tfjsThreadPool(): Plugin {
  return {
    name: 'visage-tfjs-thread-pool',
    transform(code, id) {
      return FILE.test(id.split('?')[0]!) ? { code: sizeThreadPool(code), map: null } : null;
    },
  };
}
