import { describe, expect, it } from 'vitest';
import { attackType, formatReport, summarize, type SequenceResult } from './liveness-report';

const seq = (name: string, label: SequenceResult['label'], accepted: boolean, passedAtSec: number | null = null): SequenceResult => ({
  name,
  label,
  accepted,
  reason: accepted ? null : 'wrong-way',
  hint: null,
  heldSec: 1,
  challengeAtSec: 0,
  passedAtSec,
});

describe('liveness report', () => {
  it('reads the attack type from the name', () => {
    expect(attackType('flat-obama')).toBe('flat');
    expect(attackType('attacks-55/bent-man-webcam-r110')).toBe('bent');
    expect(attackType('replay-woman-wall')).toBe('replay');
    expect(attackType('swap-man-to-woman')).toBe('swap');
    expect(attackType('mask-x')).toBe('other');
  });

  it('counts APCER per type, BPCER with the held-out people apart, and the time to pass', () => {
    const results = [seq('flat-a', 'attack', false), seq('flat-b', 'attack', true), seq('swap-a', 'attack', false), seq('p1', 'bonafide', true, 2), seq('p2', 'bonafide', true, 4), seq('extra/p3', 'bonafide', false), seq('p4', 'bonafide', true, 9)];
    const s = summarize(results, ['p3', 'p4']);
    expect(s.apcer.flat).toEqual({ errors: 1, tried: 2, rate: 0.5 });
    expect(s.apcer.swap).toEqual({ errors: 0, tried: 1, rate: 0 });
    expect(s.apcer.bent.rate).toBeNull();
    expect(s.apcerAll).toEqual({ errors: 1, tried: 3, rate: 0.3333 });
    expect(s.bpcer).toMatchObject({ errors: 0, tried: 2, people: ['p1', 'p2'], passTimes: { median: 3, worst: 4, medianWithHold: 4, worstWithHold: 5 } });
    expect(s.bpcerHoldout).toMatchObject({ errors: 1, tried: 2, rate: 0.5, passTimes: { median: 9, worst: 9 } });
    expect(s.bpcerAll).toMatchObject({ errors: 1, tried: 4, rate: 0.25, passTimes: { median: 4, worst: 9 } });
    const text = formatReport(results, s, ['p3', 'p4']);
    expect(text).toContain('| flat | 1 / 2 | 50% | wrong-way |');
    expect(text).toContain('| extra/p3 (held out) | refused: wrong-way |');
  });
});
