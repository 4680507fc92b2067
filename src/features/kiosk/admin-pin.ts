/**
 * The admin PIN that guards kiosk mode. Only a PBKDF2-SHA-256 hash of it is stored (WebCrypto,
 * 16 random salt bytes, 310,000 iterations) in the settings store as 'admin.pin'; never the PIN.
 *
 * Wrong PINs are rate-limited: each failure doubles the wait before the next attempt (2 s, 4 s,
 * 8 s, … at most 5 minutes), and the count lives in the database ('admin.pinAttempts'), so a
 * reload does not reset it. While the wait runs, even the right PIN is refused, without hashing.
 * A right PIN resets the count.
 *
 * Checks run one at a time across every tab of the app, not only within this one: each check
 * (read the count, hash, write the count) holds the Web Lock 'visage.admin-pin' (navigator.locks),
 * so two tabs guessing together get no more guesses than one. Where the browser has no Web Locks,
 * checks are still serialised within the page.
 */
import { getDb } from '../../app/services';

export const PIN_MIN_DIGITS = 4;
export const PIN_MAX_DIGITS = 12;
/** OWASP's figure for PBKDF2-HMAC-SHA256; about 0.1–0.5 s on a phone, once per attempt. */
export const PIN_ITERATIONS = 310_000;
export const FIRST_DELAY_MS = 2_000;
export const MAX_DELAY_MS = 5 * 60_000;

const PIN_KEY = 'admin.pin';
const ATTEMPTS_KEY = 'admin.pinAttempts';
const SALT_BYTES = 16;
const HASH_BITS = 256;

/** What 'admin.pin' holds. */
export interface PinRecord {
  algorithm: 'PBKDF2-SHA-256';
  iterations: number;
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
}

/** What 'admin.pinAttempts' holds: wrong PINs since the last right one. */
export interface PinAttempts {
  failures: number;
  /** Date.now() of the last failure. */
  lastFailureAt: number;
}

/** A refused PIN: 'wrong' was checked and did not match, 'locked' was not checked at all. */
export interface PinRefused {
  ok: false;
  reason: 'wrong' | 'locked';
  /** How long until the next attempt is heard. */
  retryAfterMs: number;
}
export type PinCheck = { ok: true } | PinRefused;

const NO_FAILURES: PinAttempts = { failures: 0, lastFailureAt: 0 };

/** Full-width digits (typed through a Chinese or Japanese input method) count as digits. */
export function normalizePin(pin: string): string {
  return pin.normalize('NFKC').trim();
}

export function isValidPin(pin: string): boolean {
  return new RegExp(`^[0-9]{${PIN_MIN_DIGITS},${PIN_MAX_DIGITS}}$`).test(normalizePin(pin));
}

/** The wait after `failures` wrong PINs in a row. */
export function retryDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  // The exponent is capped first so that a huge count cannot overflow to Infinity.
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(failures - 1, 30));
}

/** When the next attempt is heard (at or before `now`: at once). */
export function nextAttemptAt(attempts: PinAttempts, now: number): number {
  if (attempts.failures <= 0) return 0;
  // A clock set back (a corrected tablet) must not lock the admin out until it catches up:
  // a failure "in the future" counts from now.
  return Math.min(attempts.lastFailureAt, now) + retryDelayMs(attempts.failures);
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, HASH_BITS));
}

/** The record to store for `pin`, with a fresh random salt. */
async function hashPin(pin: string): Promise<PinRecord> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(normalizePin(pin), salt, PIN_ITERATIONS);
  return { algorithm: 'PBKDF2-SHA-256', iterations: PIN_ITERATIONS, salt: toBase64(salt), hash: toBase64(hash) };
}

/** Whether `pin` hashes to `record` (the record's own iterations, so older records still verify). */
async function pinMatches(pin: string, record: PinRecord): Promise<boolean> {
  return equalBytes(await derive(normalizePin(pin), fromBase64(record.salt), record.iterations), fromBase64(record.hash));
}

/** Compares in time that depends only on the length, not on where the first difference is. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function isPinRecord(v: unknown): v is PinRecord {
  const r = v as Partial<PinRecord> | null | undefined;
  return r?.algorithm === 'PBKDF2-SHA-256' && typeof r.iterations === 'number' && typeof r.salt === 'string' && typeof r.hash === 'string';
}

async function readPin(): Promise<PinRecord | undefined> {
  const v = await (await getDb()).getSetting<unknown>(PIN_KEY);
  return isPinRecord(v) ? v : undefined;
}

async function readAttempts(): Promise<PinAttempts> {
  const v = await (await getDb()).getSetting<Partial<PinAttempts>>(ATTEMPTS_KEY, NO_FAILURES);
  return { failures: Number(v.failures) || 0, lastFailureAt: Number(v.lastFailureAt) || 0 };
}

/** The Web Lock every tab's check holds. */
const PIN_LOCK = 'visage.admin-pin';

/** `fn` under the PIN lock: the Web Lock shared by all tabs of the origin, where there is one. */
async function underLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : (navigator.locks as LockManager | undefined);
  return locks ? await locks.request(PIN_LOCK, { mode: 'exclusive' }, fn) : await fn();
}

// Checks run one at a time: two submissions at once (a double tap, a script, another tab) must
// not both be measured against the same failure count, which would give two guesses per wait.
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const locked = () => underLock(fn);
  const run = queue.then(locked, locked);
  queue = run.catch(() => undefined);
  return run;
}

export async function hasPin(): Promise<boolean> {
  return (await readPin()) !== undefined;
}

/** When the next attempt is heard (Date.now() scale), or 0 when it is heard at once. */
export async function pinLockedUntil(): Promise<number> {
  const until = nextAttemptAt(await readAttempts(), Date.now());
  return until > Date.now() ? until : 0;
}

async function check(pin: string): Promise<PinCheck> {
  const record = await readPin();
  if (!record) throw new Error('No admin PIN is set.');
  const db = await getDb();
  const attempts = await readAttempts();
  const now = Date.now();
  const until = nextAttemptAt(attempts, now);
  if (until > now) {
    // Store a failure from the future as now, so the wait ends (see nextAttemptAt).
    if (attempts.lastFailureAt > now) await db.setSetting(ATTEMPTS_KEY, { ...attempts, lastFailureAt: now });
    return { ok: false, reason: 'locked', retryAfterMs: until - now };
  }
  if (await pinMatches(pin, record)) {
    if (attempts.failures > 0) await db.setSetting(ATTEMPTS_KEY, NO_FAILURES);
    return { ok: true };
  }
  // The wait starts when the answer is given, after the hashing.
  const failed: PinAttempts = { failures: attempts.failures + 1, lastFailureAt: Date.now() };
  await db.setSetting(ATTEMPTS_KEY, failed);
  return { ok: false, reason: 'wrong', retryAfterMs: retryDelayMs(failed.failures) };
}

/** Checks `pin` against the stored hash, within the rate limit. Throws when no PIN is set. */
export function verifyPin(pin: string): Promise<PinCheck> {
  return oneAtATime(() => check(pin));
}

/**
 * Sets the PIN (4–12 digits; throws a RangeError otherwise). Changing it needs the current PIN,
 * checked like any other attempt (rate limit included); a refusal is returned, nothing changes.
 */
export function setPin(pin: string, currentPin?: string): Promise<PinCheck> {
  if (!isValidPin(pin)) return Promise.reject(new RangeError(`The PIN must be ${PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits.`));
  return oneAtATime(async () => {
    if (await readPin()) {
      if (currentPin === undefined) throw new Error('Changing the admin PIN needs the current PIN.');
      const current = await check(currentPin);
      if (!current.ok) return current;
    }
    await (await getDb()).setSetting(PIN_KEY, await hashPin(pin));
    return { ok: true };
  });
}
