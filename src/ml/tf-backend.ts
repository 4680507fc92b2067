/**
 * TensorFlow.js backend selection: webgpu → webgl → wasm → cpu, skipping GPU backends that
 * are software-emulated (SwiftShader, llvmpipe, a WebGPU fallback adapter): measured here,
 * an emulated GPU is several times slower than the wasm backend (see README, "Backends").
 * Only TFJS's core, the graph-model loader (embedder.ts, landmarks.ts) and the wasm backend are
 * in the vision worker's bundle; the GPU backends are imported when a real GPU is there to try,
 * the CPU backend only when it is tried (README, "Time to the first name": the worker's script
 * was 3.5 MB).
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { SOFTWARE_RENDERER, webglRenderer } from './gpu';
import { ModelError } from './errors';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendChoice {
  backend: BackendName;
  /** Why the backends before it were passed over. */
  skipped: string[];
}

let chosen: Promise<BackendChoice> | null = null;

async function webgpuAdapter(): Promise<string | null> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return null;
  const adapter = (await gpu.requestAdapter().catch(() => null)) as
    | { isFallbackAdapter?: boolean; info?: { vendor?: string; architecture?: string; description?: string } }
    | null;
  if (!adapter) return null;
  const info = adapter.info ?? {};
  const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`.trim();
  return adapter.isFallbackAdapter || SOFTWARE_RENDERER.test(text) ? `software:${text}` : text || 'gpu';
}

/** Registers a backend other than wasm with TFJS (its code is loaded only now). */
async function register(name: BackendName): Promise<void> {
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (name === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
  if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
}

async function tryBackend(name: BackendName, skipped: string[]): Promise<boolean> {
  if (name === 'webgpu') {
    const adapter = await webgpuAdapter();
    if (adapter === null) return void skipped.push('webgpu: no adapter'), false;
    if (adapter.startsWith('software:')) return void skipped.push(`webgpu: emulated (${adapter.slice(9)})`), false;
  }
  if (name === 'webgl') {
    const renderer = webglRenderer();
    if (!renderer) return void skipped.push('webgl: unavailable'), false;
    if (SOFTWARE_RENDERER.test(renderer)) return void skipped.push(`webgl: emulated (${renderer})`), false;
  }
  try {
    await register(name);
    if (!(await tf.setBackend(name))) return void skipped.push(`${name}: failed to start`), false;
    await tf.ready();
    return true;
  } catch (err) {
    skipped.push(`${name}: ${String(err)}`);
    return false;
  }
}

/**
 * Starts TFJS once per realm. `prefer` forces one backend (still falling back in order when it
 * fails); `wasmPath` is the URL of the folder holding tfjs-backend-wasm's .wasm files.
 */
export function initTf(options: { wasmPath: string; prefer?: BackendName | 'auto' }): Promise<BackendChoice> {
  chosen ??= (async () => {
    setWasmPaths(options.wasmPath.endsWith('/') ? options.wasmPath : `${options.wasmPath}/`);
    const prefer = options.prefer ?? 'auto';
    const order = prefer === 'auto' ? BACKEND_ORDER : [prefer, ...BACKEND_ORDER.filter((b) => b !== prefer)];
    const skipped: string[] = [];
    for (const name of order) {
      // A forced GPU backend is tried even when emulated.
      if (name === prefer && (name === 'webgl' || name === 'webgpu')) {
        try {
          await register(name);
          if (await tf.setBackend(name)) return (await tf.ready(), { backend: name, skipped });
        } catch (err) {
          skipped.push(`${name}: ${String(err)}`);
        }
        continue;
      }
      if (await tryBackend(name, skipped)) return { backend: name, skipped };
    }
    throw new ModelError('no-backend', `No TensorFlow.js backend could start: ${skipped.join('; ')}`);
  })();
  return chosen;
}


