/**
 * The lab page's liveness hook (`window.visage.liveness`, for `npm run eval:liveness`): runs a
 * recorded sequence through the real pipeline (detection in VIDEO mode as the live view runs it,
 * face mesh and embedding) and a LivenessChallenge, frame by frame at the sequence's own timing.
 */
import { LivenessChallenge, type LivenessFace, type LivenessStatus, type LivenessTrace, type Move } from '../ml/liveness';
import type { FacePipeline } from '../ml/pipeline';

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
  // MediaPipe wants increasing timestamps across runs: this run's frames start after the last one's.
  const start = (lastTimestamp += 1000);
  let frames = 0;
  try {
    for (const [i, url] of urls.entries()) {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      const bitmap = await createImageBitmap(await res.blob());
      try {
        const timeMs = (1000 * i) / o.fps;
        lastTimestamp = start + timeMs;
        const detected = video.detect(bitmap, lastTimestamp);
        // Only a lone face is embedded: with several the challenge fails anyway.
        const faces: LivenessFace[] = detected.length === 1 ? await video.describe(bitmap, detected) : detected;
        frames++;
        const status = challenge.feed({ timeMs, faces });
        if (status.state !== 'running') break;
      } finally {
        bitmap.close();
      }
    }
  } finally {
    if (video !== pipeline) video.dispose();
  }
  return { status: challenge.finish(), trace: challenge.trace, frames };
}
