import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { sizeThreadPool } from './tfjs-thread-pool';

const require = createRequire(import.meta.url);
const installed = readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'), 'utf8');

/** The pool size the patched statement gives for a machine's logical cores. */
function poolFor(code: string, cores: number | undefined): number {
  const statement = /pthreadPoolSize=[^;]*;/.exec(code)![0];
  return new Function('navigator', `var pthreadPoolSize;${statement}return pthreadPoolSize;`)({ hardwareConcurrency: cores }) as number;
}

describe('tfjs-backend-wasm thread pool', () => {
  it('the installed build starts a fixed 8 workers, and the patch sizes the pool to the backend threads (half the cores, 1 to 8) and one more, at most 8', () => {
    expect(poolFor(installed, 2)).toBe(8);
    const patched = sizeThreadPool(installed);
    expect(patched.length).toBeGreaterThan(installed.length);
    expect(patched.match(/pthreadPoolSize=/g)).toHaveLength(installed.match(/pthreadPoolSize=/g)!.length);
    expect([1, 2, 4, 6, 16, 64, undefined].map((cores) => poolFor(patched, cores))).toEqual([2, 2, 3, 4, 8, 8, 2]);
  });

  it('a build without the fixed pool is refused, not left as it is', () => {
    expect(() => sizeThreadPool('var pthreadPoolSize=4;')).toThrow(/thread pool/);
  });
});
