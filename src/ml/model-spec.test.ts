import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_SPEC, MOBILEFACENET_SPEC, modelId, NETWORKS, specWith } from './model-spec';

describe('modelId', () => {
  it("keeps the app's id and the earlier model's, which stored templates and backups carry", () => {
    expect(modelId(DEFAULT_MODEL_SPEC)).toBe('arcface-mobilefacenet-512/mesh-align/flip');
    expect(modelId(MOBILEFACENET_SPEC)).toBe('mobilefacenet-192/mesh-align/flip');
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
    expect(ids[3]).toBe('arcface-mobilefacenet-512/detector-align/no-flip');
  });

  it("gives a pipeline's other refine or flip options another id", () => {
    expect(modelId(specWith({}))).toBe(modelId(DEFAULT_MODEL_SPEC));
    expect(modelId(specWith({ refine: 'mesh', flip: true }))).toBe('arcface-mobilefacenet-512/mesh-align/flip');
    expect(modelId(specWith({ refine: 'none' }))).toBe('arcface-mobilefacenet-512/detector-align/flip');
    expect(modelId(specWith({ flip: false }))).toBe('arcface-mobilefacenet-512/mesh-align/no-flip');
    expect(DEFAULT_MODEL_SPEC).toMatchObject({ alignment: 'mesh', flip: true }); // unchanged by specWith
  });
});

describe('NETWORKS', () => {
  it('gives the earlier network its own spec and id; the app keeps its own', () => {
    const spec = specWith({ network: 'mobilefacenet' });
    expect(spec).toMatchObject({ network: 'mobilefacenet', dim: 192, channels: 'rgb', inputSize: 112 });
    expect(modelId(spec)).toBe('mobilefacenet-192/mesh-align/flip');
    expect(modelId(specWith({ network: 'mobilefacenet', flip: false }))).toBe('mobilefacenet-192/mesh-align/no-flip');
    expect(specWith({ network: 'arcface-mobilefacenet' })).toEqual(DEFAULT_MODEL_SPEC);
    expect(DEFAULT_MODEL_SPEC).toMatchObject({ network: 'arcface-mobilefacenet', dim: 512, channels: 'bgr', inputSize: 112 });
    expect(NETWORKS['arcface-mobilefacenet'].spec).toBe(DEFAULT_MODEL_SPEC);
  });
});
