/**
 * The liveness check of the live view: a LivenessFlow fed with the recognizer's results, whose
 * outcomes are written to the log (marked passed or failed, with a thumbnail of the face) — the
 * recognizer leaves known faces' entries to it in liveness mode.
 */
import type { Box } from '../../ml/detector';
import type { LiveResult } from '../../ml/live-engine';
import { seededRandom } from '../../ml/random';
import { livenessSeed } from '../../app/config';
import type { LivenessSessionOptions } from '../../ml/liveness-session';
import { LivenessFlow, type FlowOutcome, type FlowView } from '../../ml/liveness-flow';
import { currentSettings, writeLog, type Settings } from '../../app/services';

/** The challenge as the settings (and, in tests only, the page's seed) ask for it. */
export function livenessOptions(settings: Settings = currentSettings()): LivenessSessionOptions {
  const seed = livenessSeed();
  return { vertical: settings.livenessVertical, ...(seed !== null ? { random: seededRandom(seed) } : {}) };
}

export type { FlowView } from '../../ml/liveness-flow';

export class LiveLivenessCheck {
  private readonly flow: LivenessFlow;

  constructor(
    private readonly video: () => HTMLVideoElement | null,
    private readonly onError: (error: unknown) => void,
  ) {
    this.flow = new LivenessFlow(livenessOptions(), (o) => void this.log(o));
  }

  update(result: LiveResult): FlowView {
    return this.flow.update(result);
  }

  private async log(o: FlowOutcome): Promise<void> {
    try {
      const video = this.video();
      const thumbnail = o.face && video ? await faceThumbnail(video, o.face.box) : undefined;
      await writeLog(
        { personId: o.personId, name: o.name, similarity: o.similarity, liveness: o.passed ? 'passed' : 'failed', ...(o.reason ? { livenessReason: o.reason } : {}), ...(thumbnail ? { thumbnail } : {}) },
        // Every pass is its own entry; repeated failures of one kind are kept apart by the log interval.
        o.passed ? 'keep' : 'dedupe',
      );
    } catch (error) {
      this.onError(error);
    }
  }
}

/** A square JPEG of the face (its box and a margin) from the video's current frame. */
export async function faceThumbnail(video: HTMLVideoElement, box: Box, size = 112): Promise<Blob | undefined> {
  const side = Math.max(box.width, box.height) * 1.3;
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d');
  if (!ctx || video.videoWidth === 0) return undefined;
  ctx.drawImage(video, box.x + box.width / 2 - side / 2, box.y + box.height / 2 - side / 2, side, side, 0, 0, size, size);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
}
