import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The settings store, in memory: admin-pin.ts reaches the database only through getDb().
const settings = new Map<string, unknown>();
vi.mock('../../app/services', () => ({
  getDb: async () => ({
    getSetting: async (key: string, fallback?: unknown) => (settings.has(key) ? structuredClone(settings.get(key)) : fallback),
    setSetting: async (key: string, value: unknown) => void settings.set(key, structuredClone(value)),
  }),
}));

const pin = await import('./admin-pin');
const { FIRST_DELAY_MS, MAX_DELAY_MS, PIN_ITERATIONS, retryDelayMs, nextAttemptAt, isValidPin, equalBytes, setPin, verifyPin, hasPin, pinLockedUntil } = pin;

describe('PIN format', () => {
  it('takes 4 to 12 digits and nothing else', () => {
    for (const ok of ['1234', '000000', '123456789012', ' 4821 ', '１２３４']) expect(isValidPin(ok), ok).toBe(true);
    for (const bad of ['', '123', '1234567890123', '12a4', '12 34', '-1234', '12.34', '١٢٣٤']) expect(isValidPin(bad), bad).toBe(false);
  });
});

describe('retry delay', () => {
  it('is none before a failure, then doubles from the first delay up to the cap', () => {
    expect(retryDelayMs(0)).toBe(0);
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([FIRST_DELAY_MS, 2 * FIRST_DELAY_MS, 4 * FIRST_DELAY_MS, 8 * FIRST_DELAY_MS]);
    expect(retryDelayMs(9)).toBe(MAX_DELAY_MS);
    expect(retryDelayMs(10_000)).toBe(MAX_DELAY_MS);
    for (let n = 1; n < 40; n++) expect(retryDelayMs(n + 1)).toBeGreaterThanOrEqual(retryDelayMs(n));
  });

  it('counts from the last failure, or from now when the clock was set back', () => {
    expect(nextAttemptAt({ failures: 0, lastFailureAt: 0 }, 5_000)).toBe(0);
    expect(nextAttemptAt({ failures: 2, lastFailureAt: 10_000 }, 11_000)).toBe(10_000 + 2 * FIRST_DELAY_MS);
    expect(nextAttemptAt({ failures: 1, lastFailureAt: 1e12 }, 5_000)).toBe(5_000 + FIRST_DELAY_MS);
  });
});

describe('equalBytes', () => {
  it('compares length and every byte', () => {
    expect(equalBytes(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(equalBytes(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false);
  });
});

describe('stored PIN and rate limit', () => {
  let now = Date.UTC(2026, 0, 1);
  const wait = (ms: number) => vi.setSystemTime((now += ms));

  beforeEach(() => {
    settings.clear();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
  });
  afterEach(() => vi.useRealTimers());

  it('stores only a salted PBKDF2 hash', async () => {
    expect(await hasPin()).toBe(false);
    await expect(verifyPin('4821')).rejects.toThrow(/No admin PIN/);
    await expect(setPin('12')).rejects.toThrow(RangeError);
    expect(await setPin('482916')).toEqual({ ok: true });
    expect(await hasPin()).toBe(true);
    const record = settings.get('admin.pin') as Record<string, unknown>;
    expect(Object.keys(record).sort()).toEqual(['algorithm', 'hash', 'iterations', 'salt']);
    expect(record['algorithm']).toBe('PBKDF2-SHA-256');
    expect(record['iterations']).toBe(PIN_ITERATIONS);
    expect(PIN_ITERATIONS).toBeGreaterThanOrEqual(100_000);
    expect(atob(record['salt'] as string)).toHaveLength(16);
    expect(atob(record['hash'] as string)).toHaveLength(32);
    expect(JSON.stringify([...settings])).not.toContain('482916');
    // The same PIN again gets another salt, so another hash.
    const first = record['hash'];
    expect(await setPin('482916', '482916')).toEqual({ ok: true });
    expect((settings.get('admin.pin') as Record<string, unknown>)['hash']).not.toBe(first);
  });

  it('refuses a wrong PIN, then refuses even the right one until the delay has passed', async () => {
    await setPin('482916');
    const deriveBits = vi.spyOn(crypto.subtle, 'deriveBits');
    expect(await verifyPin('000000')).toEqual({ ok: false, reason: 'wrong', retryAfterMs: FIRST_DELAY_MS });
    expect(settings.get('admin.pinAttempts')).toEqual({ failures: 1, lastFailureAt: now });
    expect(await pinLockedUntil()).toBe(now + FIRST_DELAY_MS);
    wait(FIRST_DELAY_MS - 1);
    expect(await verifyPin('482916')).toEqual({ ok: false, reason: 'locked', retryAfterMs: 1 });
    expect(deriveBits).toHaveBeenCalledTimes(1); // the locked attempt was not even hashed
    wait(1);
    expect(await pinLockedUntil()).toBe(0);
    expect(await verifyPin('000000')).toEqual({ ok: false, reason: 'wrong', retryAfterMs: 2 * FIRST_DELAY_MS });
    wait(2 * FIRST_DELAY_MS);
    expect(await verifyPin('482916')).toEqual({ ok: true });
    expect(settings.get('admin.pinAttempts')).toEqual({ failures: 0, lastFailureAt: 0 });
    expect(await verifyPin('482916')).toEqual({ ok: true });
    deriveBits.mockRestore();
  });

  it('keeps the count in the store, so a reload does not reset it', async () => {
    await setPin('482916');
    settings.set('admin.pinAttempts', { failures: 5, lastFailureAt: now - 1_000 });
    const left = 16 * FIRST_DELAY_MS - 1_000;
    expect(await pinLockedUntil()).toBe(now + left);
    expect(await verifyPin('482916')).toEqual({ ok: false, reason: 'locked', retryAfterMs: left });
    wait(left);
    expect(await verifyPin('1111')).toEqual({ ok: false, reason: 'wrong', retryAfterMs: 32 * FIRST_DELAY_MS });
  });

  it('answers one check at a time: two guesses at once get one hearing', async () => {
    await setPin('482916');
    const both = await Promise.all([verifyPin('1111'), verifyPin('2222')]);
    expect(both.map((r) => !r.ok && r.reason)).toEqual(['wrong', 'locked']);
  });

  it('answers one check at a time across tabs too: two tabs guessing at once get one hearing', async () => {
    await setPin('482916');
    // Two tabs: two copies of the module (each with its own in-page queue) over one settings
    // store, and the browser's Web Locks, shared by the tabs (here a minimal LockManager).
    vi.resetModules();
    const otherTab = await import('./admin-pin');
    expect(otherTab).not.toBe(pin);
    const requested: string[] = [];
    let held: Promise<unknown> = Promise.resolve();
    const locks = {
      request: (name: string, _options: unknown, fn: () => Promise<unknown>) => {
        requested.push(name);
        const run = held.then(fn, fn);
        held = run.catch(() => undefined);
        return run;
      },
    };
    vi.stubGlobal('navigator', { locks });
    try {
      const both = await Promise.all([verifyPin('1111'), otherTab.verifyPin('2222')]);
      expect(both.map((r) => !r.ok && r.reason).sort()).toEqual(['locked', 'wrong']);
      expect(settings.get('admin.pinAttempts')).toMatchObject({ failures: 1 });
      expect(requested).toEqual(['visage.admin-pin', 'visage.admin-pin']);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('changes the PIN only with the current one, within the same rate limit', async () => {
    await setPin('482916');
    await expect(setPin('1357')).rejects.toThrow(/current PIN/);
    expect(await setPin('1357', '000000')).toEqual({ ok: false, reason: 'wrong', retryAfterMs: FIRST_DELAY_MS });
    expect(await setPin('1357', '482916')).toMatchObject({ ok: false, reason: 'locked' });
    wait(FIRST_DELAY_MS);
    expect(await setPin('1357', '482916')).toEqual({ ok: true });
    expect(await verifyPin('1357')).toEqual({ ok: true });
    expect(await verifyPin('482916')).toMatchObject({ ok: false, reason: 'wrong' });
  });
});
