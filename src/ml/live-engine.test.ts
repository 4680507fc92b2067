import { describe, expect, it } from 'vitest';
import type { DetectedFace, FrameSource } from './detector';
import { LiveEngine, type EngineEvent, type LiveResult } from './live-engine';
import { PROVISIONAL_MARGIN, thresholdForGallery } from './matcher';
import { DEFAULT_MODEL_SPEC } from './model-spec';
import type { FaceDescription, FacePipeline } from './pipeline';

const DIM = DEFAULT_MODEL_SPEC.dim;

/** A unit vector along axis `k` (people and faces: orthogonal unless the same axis). */
function axis(k: number): Float32Array {
  const v = new Float32Array(DIM);
  v[k] = 1;
  return v;
}

const FACE: DetectedFace = {
  box: { x: 100, y: 100, width: 120, height: 120 },
  score: 0.95,
  keypoints: [
    { x: 130, y: 140 },
    { x: 190, y: 140 },
    { x: 160, y: 170 },
    { x: 160, y: 195 },
  ],
};

/**
 * Stands in for the models (the engine's rules are what is tested here; the browser tests run
 * the real pipeline): one face in every frame, whose embedding is `embedding`, aligned on the
 * detector's keypoints (`provisional`) until `settled` says the face mesh is there.
 */
class Models {
  settled = false;
  embedding = axis(0);
  described: Array<{ early: boolean; provisional: boolean }> = [];
  readonly times = { detectMs: 0, refineMs: 0, embedMs: 0, images: 0, faces: 0 };

  get meshSettled(): boolean {
    return this.settled;
  }

  async detectScene() {
    return { faces: [{ ...FACE }], meshes: new Map(), held: new Set<DetectedFace>() };
  }

  async meshOf() {
    return null;
  }

  async describe(_source: FrameSource, faces: DetectedFace[], options: { early?: boolean } = {}): Promise<FaceDescription[]> {
    const provisional = !this.settled && options.early === true;
    this.described.push({ early: options.early ?? false, provisional });
    const crop = { convertToBlob: async () => new Blob([]) } as unknown as OffscreenCanvas;
    return faces.map((f) => ({
      ...f,
      landmarks: f.keypoints,
      landmarkSource: provisional ? 'detector' : 'mesh',
      meshConfidence: null,
      mesh: null,
      crop,
      embedding: this.embedding,
      ...(provisional ? { provisional: true as const } : {}),
    }));
  }
}

function engineWith(models: Models) {
  const events: EngineEvent[] = [];
  const engine = new LiveEngine(models as unknown as FacePipeline, { mode: 'recognize', threshold: 'auto', recheckMs: 60_000 }, (e) => events.push(e));
  engine.setGallery({ embeddings: axis(0), personIds: ['sam'], names: { sam: 'Sam' } });
  const source = { width: 640, height: 480 } as unknown as FrameSource;
  let at = 1000;
  const frame = async () => {
    const before = events.length;
    await engine.frame(source, (at += 40));
    const results = events.slice(before).filter((e): e is { type: 'result'; result: LiveResult } => e.type === 'result');
    return results.at(-1)!.result.faces[0]!;
  };
  return { events, frame };
}

describe('LiveEngine before the face mesh is loaded', () => {
  it('names a face from the detector keypoints, then judges it again once the mesh is there', async () => {
    const models = new Models();
    const { frame } = engineWith(models);
    expect(await frame()).toMatchObject({ name: 'Sam', state: 'known' });
    expect(models.described).toEqual([{ early: true, provisional: true }]);
    // Named, so not embedded again while the mesh still loads (re-checks are a minute apart here).
    await frame();
    expect(models.described).toHaveLength(1);
    models.settled = true;
    expect(await frame()).toMatchObject({ name: 'Sam', state: 'known' });
    expect(models.described.at(-1)).toEqual({ early: true, provisional: false });
    // Judged with the mesh: back to the usual re-checks.
    await frame();
    expect(models.described).toHaveLength(2);
  });

  it('never judges a face unknown from the detector keypoints: it waits for the mesh', async () => {
    const models = new Models();
    models.embedding = axis(1);
    const { events, frame } = engineWith(models);
    expect(await frame()).toMatchObject({ name: null, state: 'detected' });
    expect(await frame()).toMatchObject({ name: null, state: 'detected' });
    expect(models.described.every((d) => d.provisional)).toBe(true);
    expect(events.some((e) => e.type === 'unknown-face' || e.type === 'log')).toBe(false);
    models.settled = true;
    expect(await frame()).toMatchObject({ name: null, state: 'unknown' });
    await expect.poll(() => events.filter((e) => e.type === 'log').length).toBe(1);
    expect(events.filter((e) => e.type === 'unknown-face')).toHaveLength(1);
  });

  it('a name from the keypoints that the mesh does not confirm becomes unknown, with the warning', async () => {
    const models = new Models();
    const { events, frame } = engineWith(models);
    expect(await frame()).toMatchObject({ name: 'Sam', state: 'known' });
    models.settled = true;
    models.embedding = axis(1);
    expect(await frame()).toMatchObject({ name: null, state: 'unknown' });
    expect(events.filter((e) => e.type === 'unknown-face')).toHaveLength(1);
  });

  it('names a face from the keypoints only with a margin above the threshold', async () => {
    const models = new Models();
    // Sam's similarity just above the threshold (one person), under it plus the margin.
    const similarity = thresholdForGallery(1) + PROVISIONAL_MARGIN / 2;
    models.embedding = axis(0).map((v, i) => (i === 0 ? similarity : i === 1 ? Math.sqrt(1 - similarity ** 2) : v));
    const { frame } = engineWith(models);
    expect(await frame()).toMatchObject({ name: null, state: 'detected' });
    models.settled = true;
    expect(await frame()).toMatchObject({ name: 'Sam', state: 'known' });
  });

  it('with the liveness check, waits for the mesh (no early alignment)', async () => {
    const models = new Models();
    models.settled = true;
    const events: EngineEvent[] = [];
    const engine = new LiveEngine(models as unknown as FacePipeline, { mode: 'recognize', threshold: 'auto', recheckMs: 60_000, liveness: true }, (e) => events.push(e));
    engine.setGallery({ embeddings: axis(0), personIds: ['sam'], names: { sam: 'Sam' } });
    await engine.frame({ width: 640, height: 480 } as unknown as FrameSource, 1000);
    expect(models.described[0]).toMatchObject({ early: false });
  });
});
