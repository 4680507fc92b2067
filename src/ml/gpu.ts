/**
 * Is the GPU real? Headless and GPU-less machines emulate WebGL/WebGPU in software
 * (SwiftShader, llvmpipe), which measured 10× slower than the CPU paths here (README, Backends).
 */
export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

let renderer: string | undefined;

/** Renderer string of WebGL 2, or '' when WebGL 2 is unavailable (asked once per realm: each ask makes a context). */
export function webglRenderer(): string {
  renderer ??= (() => {
    try {
      const canvas = new OffscreenCanvas(1, 1);
      const gl = canvas.getContext('webgl2');
      if (!gl) return '';
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    } catch {
      return '';
    }
  })();
  return renderer;
}

/** True when WebGL runs on real graphics hardware. */
export function hasHardwareWebgl(): boolean {
  const renderer = webglRenderer();
  return renderer !== '' && !SOFTWARE_RENDERER.test(renderer);
}

let gpuAnswer: Promise<boolean> | undefined;

/**
 * Whether this realm has a hardware GPU, without blocking it: WebGPU's adapter where the browser
 * has WebGPU (asked asynchronously), else the WebGL probe (which holds the thread for its context:
 * 66 ms measured on the first ask, in headless Chromium). Asked once per realm: the page asks as it
 * opens (vision-worker.ts), and the vision service's start, which waits for the answer, reuses it
 * (the adapter took 80–90 ms to come in the bench's first-name phase).
 */
export function hasHardwareGpu(): Promise<boolean> {
  gpuAnswer ??= askGpu();
  return gpuAnswer;
}

async function askGpu(): Promise<boolean> {
  // globalThis: a realm without `navigator` (Node, the unit tests) has no GPU to ask either.
  const gpu = (globalThis.navigator as (Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }) | undefined)?.gpu;
  if (!gpu) return hasHardwareWebgl();
  const adapter = (await gpu.requestAdapter().catch(() => null)) as { isFallbackAdapter?: boolean; info?: { vendor?: string; architecture?: string; description?: string } } | null;
  if (!adapter) return false;
  const info = adapter.info ?? {};
  return !adapter.isFallbackAdapter && !SOFTWARE_RENDERER.test(`${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`);
}
