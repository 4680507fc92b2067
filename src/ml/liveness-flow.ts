/**
 * The liveness check in live recognition (the kiosk, and the live view when asked): when one
 * enrolled person stands alone before the camera, check that they are alive before their
 * recognition counts. Framework-free; the live view feeds it every result of a recognizer in
 * liveness mode (LiveSettings.liveness) and writes the outcomes to the log.
 *
 * Whom it checks: the lone face's track when it is known. The challenge's reference is an
 * embedding taken while they held still that matched that person by itself (LiveFace.sample), so
 * a face swapped in after the recognition cannot answer in their name; during the challenge every
 * sample must stay that face (liveness.ts). A person who passed is not asked again while their
 * track lasts; one who failed sees why, then a new challenge.
 */
import type { LiveFace, LiveResult } from './live-engine';
import type { FailReason } from './liveness';
import { LivenessSession, type LivenessSessionOptions, type SessionState } from './liveness-session';

export type FlowView =
  /** Nobody to check: no face, or no enrolled one. */
  | { phase: 'idle' }
  /** Several faces with an enrolled one among them: the check needs one alone. */
  | { phase: 'crowd' }
  | { phase: 'checking'; personId: string; name: string; state: SessionState };

export interface FlowOutcome {
  personId: string;
  name: string;
  /** The similarity of the reference sample to the person's templates. */
  similarity: number;
  passed: boolean;
  reason?: FailReason;
  /** The face when the check ended (for a thumbnail). */
  face: LiveFace | null;
}

/** With no face this long, a check that is not under way ends (the person left). */
const LEFT_AFTER_MS = 1500;

interface Checking {
  personId: string;
  name: string;
  trackId: number;
  similarity: number;
  session: LivenessSession;
  /** The phase whose outcome was reported (once per passed or failed attempt). */
  reported: number;
  lastFaceAt: number;
}

export class LivenessFlow {
  private checking: Checking | null = null;
  /** The track that passed last: not asked again while it lasts. */
  private passedTrack: number | null = null;
  private view: FlowView = { phase: 'idle' };

  constructor(
    private readonly options: LivenessSessionOptions,
    private readonly onOutcome: (outcome: FlowOutcome) => void,
  ) {}

  get current(): FlowView {
    return this.view;
  }

  update(result: LiveResult): FlowView {
    const { faces, frameAt: t } = result;
    const lone = faces.length === 1 ? faces[0]! : null;
    if (lone?.trackId !== this.passedTrack && faces.length > 0) this.passedTrack = null;
    let c = this.checking;
    if (c && this.abandoned(c, faces, t)) c = this.checking = null;
    if (!c) {
      if (lone && lone.state === 'known' && lone.personId && lone.trackId !== this.passedTrack) {
        c = this.checking = { personId: lone.personId, name: lone.name ?? '', trackId: lone.trackId, similarity: lone.similarity ?? 0, session: new LivenessSession(this.options), reported: 0, lastFaceAt: t };
      } else {
        return (this.view = faces.length > 1 && faces.some((f) => f.state === 'known') ? { phase: 'crowd' } : { phase: 'idle' });
      }
    }
    if (faces.length > 0) c.lastFaceAt = t;
    const waiting = c.session.state.phase !== 'challenge';
    const state = c.session.feed({
      timeMs: t,
      faces: faces.map((f) => {
        // Before the challenge, only a sample of this very person may become its reference.
        const usable = f.sample && (!waiting || f.sample.personId === c.personId);
        if (usable && waiting) c.similarity = f.sample!.similarity;
        return usable ? { keypoints: f.keypoints, embedding: f.sample!.embedding } : { keypoints: f.keypoints };
      }),
    });
    if ((state.phase === 'passed' || state.phase === 'failed') && c.reported !== state.attempt) {
      c.reported = state.attempt;
      if (state.phase === 'passed') this.passedTrack = lone?.trackId ?? c.trackId;
      this.onOutcome({ personId: c.personId, name: c.name, similarity: c.similarity, passed: state.phase === 'passed', ...(state.phase === 'failed' ? { reason: state.reason } : {}), face: lone });
    }
    return (this.view = { phase: 'checking', personId: c.personId, name: c.name, state });
  }

  /**
   * Whether the check ends without an outcome: the person left, or (before the challenge) another
   * person or a stranger stands there now. A challenge under way is never abandoned: it fails
   * by itself (face lost, face changed, several faces).
   */
  private abandoned(c: Checking, faces: readonly LiveFace[], t: number): boolean {
    const phase = c.session.state.phase;
    if (phase === 'challenge') return false;
    if (faces.length === 0) return t - c.lastFaceAt > LEFT_AFTER_MS;
    if (phase === 'passed') return faces.length !== 1 || faces[0]!.trackId !== this.passedTrack;
    const lone = faces.length === 1 ? faces[0]! : null;
    return lone !== null && lone.state !== 'detected' && lone.personId !== c.personId && lone.trackId !== c.trackId;
  }
}
