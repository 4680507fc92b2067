/**
 * The lab page's liveness hook (`window.visage.liveness`, for `npm run eval:liveness`): runs a
 * recorded sequence through live recognition's own engine in liveness mode (detection in VIDEO
 * mode, tracking, the lone face embedded every LIVENESS_EMBED_MS, as in the kiosk) and a
 * LivenessChallenge fed from its results as the kiosk's check is, frame by frame at the
 * sequence's own timing. The sequence starts where the challenge starts (no waiting for a still,
 * straight face), and the first embedding is the reference.
 */
import { LiveEngine, type EngineEvent } from '../../src/ml/live-engine';
import { LivenessChallenge, type LivenessStatus, type LivenessTrace, type Move } from '../../src/ml/liveness';
import type { FacePipeline } from '../../src/ml/pipeline';

export interface LivenessRun {
  status: LivenessStatus;
  /** Per-frame measurements (faces seen, yaw, pitch, depth, similarity to the first frame). */
  trace: LivenessTrace[];
  /** How many frames were read before the challenge ended. */
  frames: number;
}

/** The last timestamp given to a VIDEO-mode detector (MediaPipe wants them increasing). */
let lastTimestamp = 0;

/**
 * `urls`: the frames in order; `fps`: their rate (frame i is at i / fps seconds). The challenge
 * asks exactly `moves`; when the frames run out first, the move under way fails.
 */
export async function runLiveness(pipeline: FacePipeline, urls: readonly string[], o: { moves: Move[]; fps: number }): Promise<LivenessRun> {
  const video = await pipeline.withMode('VIDEO');
  const challenge = new LivenessChallenge({ moves: o.moves });
  const errors: unknown[] = [];
  const onEvent = (e: EngineEvent) => {
    if (e.type === 'error') errors.push(e.error);
    if (e.type !== 'result' || challenge.current.state !== 'running') return;
    const { faces, frameAt } = e.result;
    challenge.feed({ timeMs: frameAt - start, faces: faces.map((f) => (f.sample ? { keypoints: f.keypoints, embedding: f.sample.embedding } : { keypoints: f.keypoints })) });
  };
  const engine = new LiveEngine(video, { mode: 'recognize', threshold: 'auto', recheckMs: 1000, liveness: true }, onEvent);
  // No one enrolled: the samples are what the check needs.
  engine.setGallery({ embeddings: new Float32Array(0), personIds: [], names: {} });
  // MediaPipe wants increasing timestamps across runs: this run's frames start after the last one's.
  const start = (lastTimestamp += 1000);
  let frames = 0;
  try {
    for (const [i, url] of urls.entries()) {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      const bitmap = await createImageBitmap(await res.blob());
      try {
        lastTimestamp = start + (1000 * i) / o.fps;
        await engine.frame(bitmap, lastTimestamp);
        if (errors.length) throw errors[0];
        frames++;
        if (challenge.current.state !== 'running') break;
      } finally {
        bitmap.close();
      }
    }
  } finally {
    engine.stop();
    if (video !== pipeline) video.dispose();
  }
  return { status: challenge.finish(), trace: challenge.trace, frames };
}
