/**
 * Each processed frame's judged faces, as the views show them (pure: no DOM, no Lit). The live
 * view dispatches them as a typed `live-faces` event (bubbling, composed) on every frame, so a host
 * such as the kiosk can greet without reading the recognizer's internals.
 */
import type { Box, FlowView, LiveFace, LiveResult } from './recognizer';

/**
 * - 'checking': not judged yet, or the liveness check has not passed (never named);
 * - 'named': an enrolled person (after the liveness check, when it runs);
 * - 'unknown': nobody enrolled;
 * - 'refused': the liveness check refused this face: too many failed attempts, checks paused
 *   (shown as neutrally as unknown). A single failed attempt, retried, is still 'checking'.
 */
export type JudgedState = 'checking' | 'named' | 'unknown' | 'refused';

export interface JudgedFace {
  trackId: number;
  /** In video pixels (not mirrored). */
  box: Box;
  state: JudgedState;
  /** Only for 'named'. */
  name: string | null;
  personId: string | null;
  /** 0–1, only for 'named' and 'unknown' (the best match's similarity; null before any). */
  similarity: number | null;
}

export interface LiveFacesDetail {
  faces: JudgedFace[];
  /** The frame's size in video pixels. */
  width: number;
  height: number;
}

export const LIVE_FACES_EVENT = 'live-faces';

function judge(f: LiveFace, liveness: FlowView | null): JudgedState | null {
  if (f.state === 'detected') return null;
  if (f.state === 'known') return f.name !== null ? 'named' : 'unknown';
  if (f.state === 'unknown') return 'unknown';
  if (liveness?.phase === 'checking' && liveness.state.phase === 'locked') return 'refused';
  return 'checking';
}

/** The judged faces of one frame (faces only detected, e.g. in detect mode, are left out). */
export function judgeFaces(result: Readonly<LiveResult>, liveness: FlowView | null): JudgedFace[] {
  const out: JudgedFace[] = [];
  for (const f of result.faces) {
    const state = judge(f, liveness);
    if (!state) continue;
    const named = state === 'named';
    out.push({
      trackId: f.trackId,
      box: f.box,
      state,
      name: named ? f.name : null,
      personId: named ? f.personId : null,
      similarity: named || state === 'unknown' ? f.similarity : null,
    });
  }
  return out;
}

declare global {
  interface HTMLElementEventMap {
    'live-faces': CustomEvent<LiveFacesDetail>;
  }
}
