/**
 * Is the GPU real? Headless and GPU-less machines emulate WebGL/WebGPU in software
 * (SwiftShader, llvmpipe), which measured 10× slower than the CPU paths here (README, Backends).
 */
export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Renderer string of WebGL 2, or '' when WebGL 2 is unavailable. */
export function webglRenderer(): string {
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = canvas.getContext('webgl2');
    if (!gl) return '';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } catch {
    return '';
  }
}

/** True when WebGL runs on real graphics hardware. */
export function hasHardwareWebgl(): boolean {
  const renderer = webglRenderer();
  return renderer !== '' && !SOFTWARE_RENDERER.test(renderer);
}
