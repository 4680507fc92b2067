/**
 * The recognition pipeline: detect → refine landmarks → align → embed, as a ModelSpec says
 * (model-spec.ts): the app's by default; `refine` and `flip` make another spec, with its own id.
 * Framework-free: the app, the lab page (eval, tests) and later a worker all drive this.
 */
import { alignmentTransform, warpFace } from './align';
import { Detector, sourceSize, type Box, type DetectedFace, type FrameSource } from './detector';
import { Embedder } from './embedder';
import { toModelError } from './errors';
import { MeshRefiner, type MeshResult } from './landmarks';
import { MeshSlot } from './mesh-slot';
import { modelId, specWith, type ModelSpec } from './model-spec';
import type { FaceDescription, PipelineOptions, SceneDetection, StageTimes } from './pipeline-types';
import { CONFIRM_MESH_SCORE, FOLLOW_SCORE, type SceneScan } from './scene';
import { initTf, type BackendChoice } from './tf-backend';

export type { FrameSource };
export type { FaceDescription, PipelineOptions, PipelineUrls, SceneDetection, StageTimes } from './pipeline-types';

/** Video frames searched whole before the parts detector is made (its set-up would delay the first names). */
const PARTS_AFTER = 10;

/** Below this mesh score the face mesh is not trusted and BlazeFace's keypoints are used. */
const MIN_MESH_CONFIDENCE = 0.5;

/** `meshLater`: video frames searched before the face mesh loads though no face was named yet. */
const MESH_AFTER = 3;

export class FacePipeline {
  /** Accumulated time per stage and how many faces/images went through, for reports. */
  readonly times: StageTimes & { images: number; faces: number } = { detectMs: 0, refineMs: 0, embedMs: 0, images: 0, faces: 0 };

  private constructor(
    readonly detector: Detector,
    readonly embedder: Embedder,
    private readonly meshSlot: MeshSlot<MeshRefiner>,
    readonly backend: BackendChoice,
    /** What makes this pipeline's embeddings (`modelId` names it). */
    readonly spec: Readonly<ModelSpec>,
    private readonly options: PipelineOptions,
    /** False for a pipeline made by withMode(): the models belong to the one it came from. */
    private readonly ownsModels: boolean,
    /**
     * VIDEO mode: makes a still-image detector for parts of frames (detectScene), in the background
     * once PARTS_AFTER frames were searched whole, so that it does not slow the first names; it
     * then searches the whole frames too, in place of the full-range network.
     */
    private readonly makeParts: (() => Promise<Detector>) | null = null,
  ) {}

  private parts: Detector | null = null;
  private partsMade: Promise<boolean> | null = null;
  private scenes = 0;
  private disposed = false;

  /** Whether faces are aligned as the spec says now (false while a face mesh the spec uses is not loaded). */
  get meshSettled(): boolean {
    return this.meshSlot.settled;
  }

  /** Waits for the face mesh where the spec uses one (loading it now if it was to come later); rejects with its load's error. */
  async meshReady(): Promise<void> {
    await this.meshSlot.ready();
  }

  /** The id of the model and preprocessing that make this pipeline's embeddings: store it with them. */
  get modelId(): string {
    return modelId(this.spec);
  }

  private static detectorFor(options: PipelineOptions, mode: 'IMAGE' | 'VIDEO', minConfidence?: number): Promise<Detector> {
    return Detector.create({
      modelUrl: options.urls.detectorModel,
      fullRangeUrl: options.urls.fullRangeModel,
      wasmBase: options.urls.mediapipeWasm,
      delegate: options.delegate ?? 'auto',
      mode,
      ...(minConfidence === undefined ? {} : { minConfidence }),
    });
  }

  /**
   * Loads the models at once (the still-image detector's runtime compiles while TFJS starts and
   * the networks load; video frames' first detector is one of those networks: README, "The first
   * frames' detector"). `onProgress` names the first step not done yet,
   * in the order backend, detector, embedder, landmarks, each time one is done. With `meshLater`,
   * the pipeline is ready without the face mesh (no 'landmarks' step): it loads later (describe()).
   */
  static async create(options: PipelineOptions, onProgress?: (step: string) => void): Promise<FacePipeline> {
    const { urls } = options;
    const spec = specWith(options);
    const later = options.meshLater === true;
    const steps = later ? ['backend', 'detector', 'embedder'] : ['backend', 'detector', 'embedder', 'landmarks'];
    const done = new Set<string>();
    const step = <T>(name: string, work: Promise<T>): Promise<T> =>
      work.then((value) => {
        done.add(name);
        const next = steps.find((s) => !done.has(s));
        if (next) onProgress?.(next);
        return value;
      });
    onProgress?.('backend');
    const backend = step('backend', initTf({ wasmPath: urls.tfjsWasm, prefer: options.backend ?? 'auto' }));
    // Video frames' detector is a TFJS network (blazeface-full.ts): it needs the backend.
    const mode = options.mode ?? 'IMAGE';
    const detector = step('detector', mode === 'VIDEO' ? backend.then(() => FacePipeline.detectorFor(options, mode)) : FacePipeline.detectorFor(options, mode));
    const embedder = step('embedder', backend.then(() => Embedder.load(urls.embedderModel, spec)));
    // A failure to load it later is a ModelError too, for the page's describeError().
    const loadMesh = () =>
      backend.then(() => MeshRefiner.load(urls.meshModel)).catch((err: unknown) => {
        throw toModelError(err);
      });
    const slot = new MeshSlot(spec.alignment === 'mesh' ? loadMesh : null);
    const mesh = later ? Promise.resolve(null) : step('landmarks', slot.ready());
    // Every load settles first, so that a failed one leaves nothing half-made behind.
    const failed = (await Promise.allSettled([backend, detector, embedder, mesh])).find((r) => r.status === 'rejected');
    const parts = mode === 'VIDEO' ? () => FacePipeline.detectorFor(options, 'IMAGE', FOLLOW_SCORE) : null;
    if (!failed) return new FacePipeline(await detector, await embedder, slot, await backend, spec, options, true, parts);
    slot.dispose();
    for (const model of [detector, embedder]) void model.then((m) => (m instanceof Detector ? m.close() : m.dispose()), () => undefined);
    throw failed.reason;
  }

  /**
   * The same pipeline for another running mode (a detector per mode: blazeface-full.ts for video),
   * sharing this one's embedder and face mesh instead of loading them again.
   */
  async withMode(mode: 'IMAGE' | 'VIDEO'): Promise<FacePipeline> {
    if (mode === this.detector.mode) return this;
    const detector = await FacePipeline.detectorFor(this.options, mode);
    const parts = mode === 'VIDEO' ? () => FacePipeline.detectorFor(this.options, 'IMAGE', FOLLOW_SCORE) : null;
    return new FacePipeline(detector, this.embedder, this.meshSlot, this.backend, this.spec, { ...this.options, mode }, false, parts);
  }

  detect(source: FrameSource): DetectedFace[] {
    const t0 = performance.now();
    const faces = this.detector.mode === 'IMAGE' ? this.detector.detectTiled(source) : this.detector.detect(source);
    this.times.detectMs += performance.now() - t0;
    this.times.images++;
    return faces;
  }

  /**
   * VIDEO mode: makes the parts detector now if it is not made yet (detectScene makes it once
   * PARTS_AFTER frames were searched whole) and resolves once it is there: false without one
   * (IMAGE mode, or it failed; frames are then searched whole). For measuring the steady state.
   */
  partsReady(): Promise<boolean> {
    this.partsMade ??= this.makeParts
      ? this.makeParts().then(
          (d) => {
            if (this.disposed) {
              d.close();
              return false;
            }
            this.parts = d;
            this.detector.handOver(d);
            return true;
          },
          () => false,
        )
      : Promise.resolve(false);
    return this.partsMade;
  }

  /**
   * Every face of a video frame (scene.ts): the whole frame, then the parts `scan` looks at
   * (the `followed` faces missed whole, and tiles in turn unless `tiles` is false). A face only a tile found counts when
   * the face mesh sees a face there too (its mesh is returned, for describe()): a second opinion
   * from another model against faces in wallpaper and buildings. Without a parts detector: the
   * whole frame.
   */
  async detectScene(source: FrameSource, timestampMs: number, scan: SceneScan, followed: readonly Box[], tiles = true): Promise<SceneDetection> {
    const t0 = performance.now();
    const whole = this.detector.detect(source);
    // Without it (not made yet, or failed), frames are searched whole.
    // Once made, the parts detector takes the whole frames over too (Detector.handOver).
    if (++this.scenes === MESH_AFTER) this.meshSlot.start();
    if (this.scenes === PARTS_AFTER) void this.partsReady();
    const { parts } = this;
    const { width, height } = sourceSize(source);
    const { faces, fresh, held } = parts
      ? scan.faces(timestampMs, width, height, whole, followed, (region) => parts.detectIn(source, region), tiles)
      : { faces: whole, fresh: [], held: [] };
    this.times.detectMs += performance.now() - t0;
    this.times.images++;
    const meshes = new Map<DetectedFace, MeshResult>();
    const rejected = new Set<DetectedFace>();
    for (const face of fresh) {
      const mesh = await this.meshOf(source, face);
      if (mesh && mesh.confidence < CONFIRM_MESH_SCORE) rejected.add(face);
      else if (mesh) meshes.set(face, mesh);
    }
    return { faces: rejected.size ? faces.filter((f) => !rejected.has(f)) : faces, meshes, held: new Set(held) };
  }

  /**
   * The face mesh of one face (the liveness check's head pose; trustedMesh() says whether the mesh
   * model saw a face there), or null without a mesh model. Given to describe() in the same frame,
   * it is not run again.
   */
  async meshOf(source: FrameSource, face: DetectedFace): Promise<MeshResult | null> {
    const model = await this.meshSlot.ready();
    if (!model) return null;
    const t0 = performance.now();
    const refined = await model.refine(source, face.box, face.keypoints);
    this.times.refineMs += performance.now() - t0;
    return refined;
  }

  /**
   * Landmarks, aligned crop and embedding for each given face. `meshes`: the face meshes already
   * run on some of these faces in this frame (meshOf), not run again. `early`: while the face mesh
   * is not loaded (`meshLater`), faces are aligned on the detector's keypoints and marked
   * `provisional` instead of waiting, and the mesh starts loading once they are embedded (the live
   * view's first names; never for embeddings that are stored).
   */
  async describe(
    source: FrameSource,
    faces: DetectedFace[],
    options: { variants?: boolean; meshes?: ReadonlyMap<DetectedFace, MeshResult>; early?: boolean } = {},
  ): Promise<FaceDescription[]> {
    if (faces.length === 0) return [];
    const slot = this.meshSlot;
    if (slot.error) throw slot.error;
    const provisional = options.early === true && !slot.settled;
    const model = provisional ? null : await slot.ready();
    const t0 = performance.now();
    const aligned: Array<Omit<FaceDescription, 'embedding' | 'variants'>> = [];
    for (const face of faces) {
      let landmarks = face.keypoints.slice(0, 4);
      let landmarkSource: FaceDescription['landmarkSource'] = 'detector';
      let meshConfidence: number | null = null;
      let mesh: Float32Array | null = null;
      if (model) {
        const refined = options.meshes?.get(face) ?? (await model.refine(source, face.box, face.keypoints));
        meshConfidence = refined.confidence;
        if (refined.confidence >= MIN_MESH_CONFIDENCE || landmarks.length < 4) {
          landmarks = refined.points5;
          landmarkSource = 'mesh';
          mesh = refined.mesh;
        }
      }
      if (landmarks.length < 4) throw new Error('No landmarks to align the face on');
      const size = this.spec.inputSize;
      const crop = warpFace(source, alignmentTransform(landmarks, size), size);
      aligned.push({ ...face, landmarks, landmarkSource, meshConfidence, mesh, crop });
    }
    const t1 = performance.now();
    const crops = aligned.map((a) => a.crop);
    const variants = options.variants ? await this.embedder.embedVariants(crops) : null;
    const embeddings = variants
      ? variants.map((v) => (this.spec.flip ? v.flip : v.plain))
      : await this.embedder.embed(crops, { flip: this.spec.flip });
    const t2 = performance.now();
    this.times.refineMs += t1 - t0;
    this.times.embedMs += t2 - t1;
    this.times.faces += faces.length;
    if (provisional) slot.start();
    return aligned.map((a, i) => ({
      ...a,
      embedding: embeddings[i]!,
      ...(variants ? { variants: variants[i]! } : {}),
      ...(provisional ? { provisional: true as const } : {}),
    }));
  }

  async process(source: FrameSource, options: { variants?: boolean } = {}): Promise<FaceDescription[]> {
    return this.describe(source, this.detect(source), options);
  }

  dispose(): void {
    this.detector.close();
    this.parts?.close();
    this.disposed = true;
    if (!this.ownsModels) return;
    this.embedder.dispose();
    this.meshSlot.dispose();
  }
}

/** A mesh's 468 points when the mesh model saw a face (the score alignment trusts), else null. */
export function trustedMesh(result: MeshResult | null | undefined): Float32Array | null {
  return result && result.confidence >= MIN_MESH_CONFIDENCE ? result.mesh : null;
}
