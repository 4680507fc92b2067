/**
 * The liveness check in live recognition (the kiosk, and the live view when asked): a face counts
 * — named, logged, warned about — only once it passed. Framework-free; the live session
 * (live-session.ts) feeds it every result of the engine in liveness mode and sends on each face
 * only as `shownFace()` lets it: until its track passed, no name, person or similarity.
 *
 * Whom it checks: the lone face once judged, enrolled or not (a check asked only of enrolled faces
 * would tell who is enrolled). The challenge's reference is an embedding taken while they held
 * still whose own match is the track's identity (LiveFace.sample), so a face swapped in after the
 * recognition cannot answer in someone's name; during the challenge every sample must stay that
 * face (liveness.ts). A track that passed is named while it stays the identity that passed (or
 * reads unknown); another identity on it ends the pass. A failure shows why, then a new challenge;
 * failures count across faces and tracks (AttemptLimit): MAX_FAILED_ATTEMPTS in a row pause every
 * check for LOCKOUT_MS, so a new track cannot reset the count.
 */
import type { LiveFace, LiveResult } from './live-engine';
import type { FailReason } from './liveness';
import { AttemptLimit, LivenessSession, type LivenessSessionOptions, type SessionState } from './liveness-session';

export type FlowView =
  /** Nobody to check: no face, or the one who passed. */
  | { phase: 'idle' }
  /** Several faces: the check needs one alone. */
  | { phase: 'crowd' }
  /** A lone face is checked. `name`: only once it passed, and only for an enrolled person. */
  | { phase: 'checking'; state: SessionState; name: string | null };

export type FlowOutcome =
  /** The face passed, as the identity it was checked as (null: a stranger). */
  | { kind: 'passed'; personId: string | null; name: string | null; similarity: number; face: LiveFace | null }
  /** An attempt failed: no identity (a face that failed is unknown). */
  | { kind: 'failed'; reason: FailReason; face: LiveFace | null }
  /** That failure was one too many: every check pauses. */
  | { kind: 'locked'; face: LiveFace | null };

/** With no face this long, a check that is not under way ends (the person left). */
const LEFT_AFTER_MS = 1500;

interface Checking {
  /** Who the track was when the check began (null: nobody enrolled); never shown before a pass. */
  personId: string | null;
  name: string | null;
  trackId: number;
  /** The similarity of the reference sample to the person's templates. */
  similarity: number;
  session: LivenessSession;
  /** The attempt whose outcome was reported. */
  reported: number;
  lastFaceAt: number;
}

interface Passed {
  trackId: number;
  personId: string | null;
}

export class LivenessFlow {
  private checking: Checking | null = null;
  /** The track that passed last, as the identity it passed as. */
  private passed: Passed | null = null;
  private view: FlowView = { phase: 'idle' };
  private readonly options: LivenessSessionOptions;

  constructor(
    options: LivenessSessionOptions,
    private readonly onOutcome: (outcome: FlowOutcome) => void,
  ) {
    this.options = { ...options, limit: options.limit ?? new AttemptLimit() };
  }

  get current(): FlowView {
    return this.view;
  }

  /** Whether `face` may be shown as judged: its track passed and is still who passed (or unknown). */
  revealed(face: LiveFace): boolean {
    const p = this.passed;
    return p !== null && face.trackId === p.trackId && face.state !== 'detected' && (face.personId === null || face.personId === p.personId);
  }

  update(result: LiveResult): FlowView {
    const { faces, frameAt: t } = result;
    const lone = faces.length === 1 ? faces[0]! : null;
    const p = this.passed;
    // The track that passed is gone, or reads as somebody else now: its pass ends.
    if (p && faces.length > 0 && !faces.some((f) => f.trackId === p.trackId && (f.state === 'detected' || this.revealed(f)))) this.passed = null;
    let c = this.checking;
    if (c && this.abandoned(c, faces, t)) c = this.checking = null;
    if (!c) {
      if (lone && lone.state !== 'detected' && lone.trackId !== this.passed?.trackId) {
        c = this.checking = { personId: lone.personId, name: lone.name, trackId: lone.trackId, similarity: lone.similarity ?? 0, session: new LivenessSession(this.options), reported: 0, lastFaceAt: t };
      } else {
        return (this.view = faces.length > 1 && faces.some((f) => f.state !== 'detected') ? { phase: 'crowd' } : { phase: 'idle' });
      }
    }
    if (faces.length > 0) c.lastFaceAt = t;
    const waiting = c.session.state.phase !== 'challenge';
    const state = c.session.feed({
      timeMs: t,
      width: result.width,
      faces: faces.map((f) => {
        // Before the challenge, only a sample that is this very identity may become its reference.
        const usable = f.sample && (!waiting || f.sample.personId === c.personId);
        if (usable && waiting) c.similarity = f.sample!.similarity;
        return { mesh: f.mesh ?? null, ...(usable ? { embedding: f.sample!.embedding } : {}) };
      }),
    });
    const reason = state.phase === 'failed' || state.phase === 'locked' ? state.reason : undefined;
    if ((state.phase === 'passed' || reason) && c.reported !== state.attempt) {
      c.reported = state.attempt;
      if (state.phase === 'passed') {
        this.passed = { trackId: lone?.trackId ?? c.trackId, personId: c.personId };
        this.onOutcome({ kind: 'passed', personId: c.personId, name: c.name, similarity: c.similarity, face: lone });
      } else if (reason) {
        this.onOutcome({ kind: 'failed', reason, face: lone });
        if (state.phase === 'locked') this.onOutcome({ kind: 'locked', face: lone });
      }
    }
    return (this.view = { phase: 'checking', state, name: state.phase === 'passed' ? c.name : null });
  }

  /**
   * Whether the check ends without an outcome: the person left, the one who passed is no longer
   * alone, or (before the challenge) the lone face reads as another identity now. A challenge
   * under way is never abandoned: it fails by itself (face lost, face changed, several faces).
   */
  private abandoned(c: Checking, faces: readonly LiveFace[], t: number): boolean {
    const phase = c.session.state.phase;
    if (phase === 'challenge') return false;
    if (faces.length === 0) return t - c.lastFaceAt > LEFT_AFTER_MS;
    if (phase === 'passed') return faces.length !== 1 || faces[0]!.trackId !== this.passed?.trackId;
    const lone = faces.length === 1 ? faces[0]! : null;
    return lone !== null && lone.state !== 'detected' && lone.personId !== c.personId;
  }
}

/**
 * A face as the live session sends it while the check is on: as judged once its track passed,
 * otherwise 'checking' with no name, person or similarity (also in recognition's first frames,
 * before a judgement); a face of detect mode as it is. Never the liveness sample or mesh.
 */
export function shownFace(face: LiveFace, flow: LivenessFlow, recognize: boolean): LiveFace {
  const shown: LiveFace = { ...face };
  delete shown.sample;
  delete shown.mesh;
  if (!recognize || flow.revealed(face)) return shown;
  return { ...shown, name: null, personId: null, similarity: null, state: 'checking' };
}
