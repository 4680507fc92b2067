import { describe, expect, it, vi } from 'vitest';
import type { JudgedFace } from '../live/judged';

// i18n.ts reads the saved language and sets <html lang> as it loads: give it what a page has.
vi.stubGlobal('document', { documentElement: { lang: '' } });
vi.stubGlobal('localStorage', { getItem: () => 'en', setItem: () => undefined });

const { setLocale } = await import('../../app/i18n');
const { clockTime, greetingLine, partOfDay } = await import('./greeting');
const { Presence } = await import('./presence');

const at = (hour: number, minute = 0) => new Date(2026, 11, 3, hour, minute);

describe('the greeting by local time and language', () => {
  it('morning from 05:00, afternoon from 12:00, evening from 18:00 until 04:59', () => {
    const parts = Array.from({ length: 24 }, (_, h) => partOfDay(h));
    expect(parts.slice(0, 5)).toEqual(Array(5).fill('evening'));
    expect(parts.slice(5, 12)).toEqual(Array(7).fill('morning'));
    expect(parts.slice(12, 18)).toEqual(Array(6).fill('afternoon'));
    expect(parts.slice(18)).toEqual(Array(6).fill('evening'));
  });

  it('English: "Good morning, Sam", names joined as a list', () => {
    setLocale('en');
    expect(greetingLine(['Sam'], at(8, 30))).toBe('Good morning, Sam');
    expect(greetingLine(['Sam'], at(12))).toBe('Good afternoon, Sam');
    expect(greetingLine(['Sam', 'Alex'], at(19))).toBe('Good evening, Sam and Alex');
    expect(greetingLine(['Sam'], at(4, 59))).toBe('Good evening, Sam');
    expect(clockTime(at(9, 5))).toMatch(/^9:05\sAM$/);
  });

  it('Chinese: 早上好，Sam; 下午好; 晚上好; the time as 24 hours', () => {
    setLocale('zh-Hans');
    expect(greetingLine(['Sam'], at(6))).toBe('早上好，Sam');
    expect(greetingLine(['王芳'], at(15))).toBe('下午好，王芳');
    expect(greetingLine(['Sam', '王芳'], at(22))).toBe('晚上好，Sam和王芳');
    expect(clockTime(at(21, 7))).toBe('21:07');
    setLocale('en');
  });
});

const face = (trackId: number, state: JudgedFace['state'], who?: { id: string; name: string }): JudgedFace => ({
  trackId,
  box: { x: 0, y: 0, width: 10, height: 10 },
  state,
  name: who?.name ?? null,
  personId: who?.id ?? null,
  similarity: who ? 0.6 : null,
});
const sam = { id: 'p1', name: 'Sam' };
const alex = { id: 'p2', name: 'Alex' };

describe('what the kiosk shows, frame by frame', () => {
  it('greets the named people; the same people keep their first greeting time; new ones start another', () => {
    const p = new Presence(5000, 1500);
    expect(p.update([], 0)).toEqual({ kind: 'idle' });
    expect(p.update([face(1, 'checking')], 100)).toEqual({ kind: 'checking' });
    expect(p.update([face(1, 'named', sam)], 200)).toEqual({ kind: 'greeting', names: ['Sam'], personIds: ['p1'], since: 200 });
    expect(p.update([face(1, 'named', sam)], 900)).toMatchObject({ since: 200 });
    expect(p.update([face(1, 'named', sam), face(2, 'named', alex)], 1000)).toEqual({ kind: 'greeting', names: ['Sam', 'Alex'], personIds: ['p1', 'p2'], since: 1000 });
  });

  it('a greeting stays 5 s after the person left, then idle; anyone new replaces it at once', () => {
    const p = new Presence(5000, 1500);
    p.update([face(1, 'named', sam)], 0);
    expect(p.update([], 4999)).toMatchObject({ kind: 'greeting', names: ['Sam'] });
    expect(p.update([], 5000)).toEqual({ kind: 'idle' });
    p.update([face(1, 'named', sam)], 6000);
    expect(p.update([face(2, 'unknown')], 6100)).toEqual({ kind: 'unknown' });
  });

  it('a stranger or a refused liveness check: the neutral message, never a name, even beside one being checked', () => {
    const p = new Presence(5000, 1500);
    expect(p.update([face(1, 'unknown')], 0)).toEqual({ kind: 'unknown' });
    expect(p.update([face(1, 'refused'), face(2, 'checking')], 100)).toEqual({ kind: 'unknown' });
    expect(p.update([], 1599)).toEqual({ kind: 'unknown' });
    expect(p.update([], 1600)).toEqual({ kind: 'idle' });
  });
});
