import { expect, it, vi } from 'vitest';
import { hasHardwareGpu } from './gpu';

it('asks for the GPU once per realm: the page asks as it opens, the vision service reuses the answer', async () => {
  let asked = 0;
  const requestAdapter = async () => {
    asked++;
    return { isFallbackAdapter: false, info: { vendor: 'nvidia', architecture: 'hopper', description: '' } };
  };
  vi.stubGlobal('navigator', { gpu: { requestAdapter } });
  try {
    const first = hasHardwareGpu();
    expect(hasHardwareGpu()).toBe(first);
    await expect(first).resolves.toBe(true);
    await expect(hasHardwareGpu()).resolves.toBe(true);
    expect(asked).toBe(1);
  } finally {
    vi.unstubAllGlobals();
  }
});
