import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_SPEC, modelId } from './model-spec';

describe('modelId', () => {
  it("keeps the app's id, which stored templates and backups carry", () => {
    expect(modelId(DEFAULT_MODEL_SPEC)).toBe('mobilefacenet-192/mesh-align/flip');
  });

  it('names every part of the spec that changes an embedding', () => {
    const ids = [
      modelId(DEFAULT_MODEL_SPEC),
      modelId({ ...DEFAULT_MODEL_SPEC, flip: false }),
      modelId({ ...DEFAULT_MODEL_SPEC, alignment: 'detector' }),
      modelId({ ...DEFAULT_MODEL_SPEC, alignment: 'detector', flip: false }),
      modelId({ ...DEFAULT_MODEL_SPEC, dim: 128 }),
      modelId({ ...DEFAULT_MODEL_SPEC, network: 'arcface' }),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[3]).toBe('mobilefacenet-192/detector-align/no-flip');
  });
});
