/**
 * The log retention schedule of services.ts (startLogRetention), with the database replaced by a
 * stand-in and the clock by fake timers: not before the saved settings are read, with the saved
 * periods; then once a day and when a period changes; nothing after stop. The pruning itself runs
 * on real IndexedDB in e2e/privacy.spec.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const calls: Array<{ knownDays: number; unknownDays: number }> = [];
let saved: Record<string, unknown> = {};
let releaseSettings: () => void = () => {};

vi.mock('../db', () => ({
  onDbChange: () => () => {},
  sharedConnection: () => () =>
    Promise.resolve({
      getSetting: (_key: string, fallback: unknown) => new Promise((resolve) => (releaseSettings = () => resolve({ ...(fallback as object), ...saved }))),
      setSetting: () => Promise.resolve(),
      pruneLog: (r: { knownDays: number; unknownDays: number }) => {
        calls.push(r);
        return Promise.resolve(0);
      },
    }),
}));

const DAY = 86_400_000;
const flush = () => vi.advanceTimersByTimeAsync(0);

describe('startLogRetention', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    calls.length = 0;
    saved = { logRetentionDays: 90, logRetentionUnknownDays: 2 };
  });
  afterEach(() => vi.useRealTimers());

  it('prunes with the saved periods once read, daily, on a change, and never after stop', async () => {
    const { startLogRetention, updateSettings } = await import('./services');
    const stop = startLogRetention();
    await flush();
    expect(calls).toEqual([]);
    releaseSettings();
    await flush();
    expect(calls).toEqual([{ knownDays: 90, unknownDays: 2 }]);

    await vi.advanceTimersByTimeAsync(DAY - 1000);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(2);

    await updateSettings({ warnSound: true });
    await flush();
    expect(calls).toHaveLength(2);
    await updateSettings({ logRetentionUnknownDays: 1 });
    await flush();
    expect(calls.at(-1)).toEqual({ knownDays: 90, unknownDays: 1 });
    expect(calls).toHaveLength(3);

    stop();
    expect(vi.getTimerCount()).toBe(0);
    await updateSettings({ logRetentionDays: 5 });
    await vi.advanceTimersByTimeAsync(3 * DAY);
    expect(calls).toHaveLength(3);
  });
});
