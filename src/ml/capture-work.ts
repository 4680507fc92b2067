/**
 * Camera enrolment inside the vision service, one frame at a time: first the liveness check (when
 * asked for), then the guidance checks and the samples (capture.ts) — each sample of the face
 * that passed the check. The page only takes frames and shows what each one gave.
 */
import { CaptureLiveness, CaptureSession, assessFrame } from './capture';
import { sourceSize, type DetectedFace, type FrameSource } from './detector';
import { livenessOptions } from './live-session';
import { DEFAULT_MATCH_THRESHOLD } from './matcher';
import type { MeshResult } from './landmarks';
import { trustedMesh, type FacePipeline } from './pipeline';
import type { CaptureStart, CaptureUpdate, FoundFace } from './vision-api';

export class CaptureWork {
  private capture: CaptureSession<FoundFace>;
  private readonly liveness: CaptureLiveness | null;

  constructor(
    private readonly pipeline: FacePipeline,
    private readonly options: CaptureStart,
  ) {
    this.capture = new CaptureSession<FoundFace>({ target: options.target });
    this.liveness = options.liveness ? new CaptureLiveness(livenessOptions(options.liveness)) : null;
  }

  async frame(source: FrameSource, timeMs: number): Promise<CaptureUpdate> {
    const faces = this.pipeline.detect(source);
    const liveness = this.liveness;
    if (liveness && !liveness.passed) return this.livenessFrame(liveness, source, faces, timeMs);
    const update: CaptureUpdate = { liveness: liveness?.state ?? null, checks: assessFrame(faces, sourceSize(source)), sample: null, faceChanged: false };
    if (update.checks!.length > 0) return update;
    const [described] = await this.pipeline.describe(source, faces);
    if (!described) return update;
    if (liveness && (liveness.similarity(described.embedding) ?? 1) < DEFAULT_MATCH_THRESHOLD) {
      // Not the face that passed: its samples are void, and the check starts again.
      liveness.restart();
      this.capture = new CaptureSession<FoundFace>({ target: this.options.target });
      return { liveness: liveness.state, checks: null, sample: null, faceChanged: true };
    }
    const sample: FoundFace = { box: described.box, embedding: described.embedding, thumbnail: new Blob(), quality: described.score };
    const verdict = this.capture.offer({ faces, frame: sourceSize(source), crop: described.crop, timeMs, value: sample });
    update.checks = verdict.checks;
    if (verdict.taken) {
      sample.quality = verdict.taken.quality;
      sample.thumbnail = await described.crop.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      update.sample = sample;
    }
    return update;
  }

  /** Before sampling: the liveness check, its lone face embedded every LIVENESS_EMBED_MS. */
  private async livenessFrame(check: CaptureLiveness, source: FrameSource, faces: DetectedFace[], timeMs: number): Promise<CaptureUpdate> {
    // The lone face's mesh in every frame (its pose), reused when it is embedded.
    const meshes = new Map<DetectedFace, MeshResult>();
    const lone = faces.length === 1 ? await this.pipeline.meshOf(source, faces[0]!) : null;
    if (lone) meshes.set(faces[0]!, lone);
    const described = check.wantsEmbedding(faces.length, timeMs) ? await this.pipeline.describe(source, faces, { meshes }) : [];
    const width = sourceSize(source).width;
    const state = check.feed({ timeMs, width, faces: faces.map((f, i) => ({ mesh: trustedMesh(meshes.get(f)), ...(described[i] ? { embedding: described[i].embedding } : {}) })) });
    return { liveness: state, checks: null, sample: null, faceChanged: false };
  }
}
