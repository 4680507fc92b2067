/**
 * What the kiosk says, from each frame's judged faces (pure, no DOM): greet the named people in
 * view; otherwise a neutral "Not recognized" (an unknown face, or one the liveness check refused),
 * "Checking…", or idle. A greeting stays `greetHoldMs` after the people left, a neutral message
 * `neutralHoldMs`, so that a missed frame does not flicker; anyone new in view replaces it at once.
 */
import type { JudgedFace } from '../live/judged';

export type KioskDisplay =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'unknown' }
  /** `since`: when these people were first greeted (ms); the same people keep it (spoken once). */
  | { kind: 'greeting'; names: string[]; personIds: string[]; since: number };

export const GREET_HOLD_MS = 5000;
export const NEUTRAL_HOLD_MS = 1500;

export class Presence {
  display: KioskDisplay = { kind: 'idle' };
  private lastSeen = -Infinity;

  constructor(
    private readonly greetHoldMs = GREET_HOLD_MS,
    private readonly neutralHoldMs = NEUTRAL_HOLD_MS,
  ) {}

  /** A frame's faces at time `now` (ms); an empty list also when no frame came for a while. Returns the display. */
  update(faces: readonly JudgedFace[], now: number): KioskDisplay {
    const named = new Map<string, string>();
    for (const f of faces) if (f.state === 'named' && f.personId && f.name !== null) named.set(f.personId, f.name);
    if (named.size) {
      const personIds = [...named.keys()];
      const prev = this.display;
      const same = prev.kind === 'greeting' && prev.personIds.length === personIds.length && personIds.every((id) => prev.personIds.includes(id));
      this.display = { kind: 'greeting', names: [...named.values()], personIds, since: same ? prev.since : now };
      this.lastSeen = now;
    } else if (faces.some((f) => f.state === 'unknown' || f.state === 'refused')) {
      this.show({ kind: 'unknown' }, now);
    } else if (faces.some((f) => f.state === 'checking')) {
      this.show({ kind: 'checking' }, now);
    } else {
      const hold = this.display.kind === 'greeting' ? this.greetHoldMs : this.neutralHoldMs;
      if (this.display.kind !== 'idle' && now - this.lastSeen >= hold) this.display = { kind: 'idle' };
    }
    return this.display;
  }

  private show(display: KioskDisplay, now: number): void {
    if (display.kind !== this.display.kind) this.display = display;
    this.lastSeen = now;
  }
}
