/**
 * The keys and ciphers of sync, on WebCrypto (browsers, Node ≥ 20), with the AES-GCM and PBKDF2
 * helpers of backups (../backup-crypto.ts).
 *
 * - The site key: random AES-GCM 256, made once on the first device. Every document body that goes
 *   to the server is encrypted with it under a fresh 96-bit IV, the document id as associated data
 *   (a ciphertext moved to another id does not decrypt).
 * - The wrapped key: the site key's raw bytes encrypted with a key derived from the site passphrase
 *   (PBKDF2-SHA-256, random salt, at least MIN_WRAP_ITERATIONS). It travels as a pairing code, and
 *   optionally as the server's `_local/visage-site-key` document: either way, only wrapped.
 * - The key check: a known text encrypted with the site key, kept on the server, so that a device
 *   holding another key is told so (`sync-key`) before it replicates anything.
 */
import { aes, deriveKey, KDF_ITERATIONS, randomBytes, type Bytes } from '../backup-crypto';
import { bytesToBase64 } from '../backup-format';
import { MIN_PASSPHRASE_LENGTH } from '../backup-limits';
import { fromBase64 } from '../backup-schema';
import { SyncError } from './errors';

/** The envelope's format version (`v`); a reader refuses any other. */
export const SYNC_FORMAT = 1;
/** The fewest PBKDF2 iterations a wrapped key may ask for (OWASP's floor for PBKDF2-HMAC-SHA-256). */
export const MIN_WRAP_ITERATIONS = 310_000;
const MAX_WRAP_ITERATIONS = 10_000_000;
const IV_BYTES = 12;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const TAG_BYTES = 16;
const PAIRING_PREFIX = 'visage-pair1.';

const utf8 = (s: string): Bytes => new TextEncoder().encode(s);
const bytes = (b64: unknown, length?: number): Bytes | null => {
  const b = typeof b64 === 'string' ? fromBase64(b64) : null;
  return b && (length === undefined || b.length === length) ? b : null;
};

/** An encrypted body: `{ iv, ct }`, base64. */
export interface Sealed {
  iv: string;
  ct: string;
}

export interface WrappedKey extends Sealed {
  v: typeof SYNC_FORMAT;
  kdf: 'PBKDF2-SHA-256';
  iterations: number;
  salt: string;
}

/** A new site key (extractable: the first device wraps it for the others). */
export function makeSiteKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
}

const importSiteKey = (raw: Bytes) => crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, true, ['encrypt', 'decrypt']);

async function seal(key: CryptoKey, plaintext: Bytes, associated: string): Promise<Sealed> {
  const iv = randomBytes(IV_BYTES);
  const ct = await aes('encrypt', key, iv, plaintext, utf8(associated));
  return { iv: bytesToBase64(iv), ct: bytesToBase64(ct) };
}

/** The plaintext, or null when the tag fails (wrong key, changed bytes, another id) or the shape is wrong. */
async function open(key: CryptoKey, sealed: { iv?: unknown; ct?: unknown }, associated: string): Promise<Bytes | null> {
  const iv = bytes(sealed.iv, IV_BYTES);
  const ct = bytes(sealed.ct);
  if (!iv || !ct || ct.length < TAG_BYTES) return null;
  return aes('decrypt', key, iv, ct, utf8(associated)).catch(() => null);
}

const WRAP_AD = 'visage-sync/site-key/1';

/** The site key wrapped by `passphrase` (at least MIN_PASSPHRASE_LENGTH characters). */
export async function wrapSiteKey(key: CryptoKey, passphrase: string, iterations = KDF_ITERATIONS): Promise<WrappedKey> {
  if ([...passphrase.normalize('NFC')].length < MIN_PASSPHRASE_LENGTH) {
    throw new SyncError('sync-passphrase-short', `The site passphrase is too short: at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
  if (!Number.isInteger(iterations) || iterations < MIN_WRAP_ITERATIONS) throw new RangeError(`PBKDF2 needs at least ${MIN_WRAP_ITERATIONS} iterations`);
  const salt = randomBytes(SALT_BYTES);
  const kek = await deriveKey(passphrase, salt, iterations);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', key));
  return { v: SYNC_FORMAT, kdf: 'PBKDF2-SHA-256', iterations, salt: bytesToBase64(salt), ...(await seal(kek, raw, WRAP_AD)) };
}

/** Checks a wrapped key's shape (it comes from a typed code or from the server): 'sync-pairing' if wrong. */
export function checkWrappedKey(w: unknown): WrappedKey {
  const o = (w && typeof w === 'object' ? w : {}) as Partial<Record<keyof WrappedKey, unknown>>;
  const ok =
    o.v === SYNC_FORMAT &&
    o.kdf === 'PBKDF2-SHA-256' &&
    typeof o.iterations === 'number' &&
    Number.isInteger(o.iterations) &&
    o.iterations >= MIN_WRAP_ITERATIONS &&
    o.iterations <= MAX_WRAP_ITERATIONS &&
    bytes(o.salt, SALT_BYTES) !== null &&
    bytes(o.iv, IV_BYTES) !== null &&
    bytes(o.ct, KEY_BYTES + TAG_BYTES) !== null;
  if (!ok) throw new SyncError('sync-pairing', 'This is not a Visage pairing code (mistyped, cut short, or of another version).');
  return o as WrappedKey;
}

/** The site key inside a wrapped key: 'sync-pairing' for a malformed one, 'sync-passphrase' for a wrong passphrase. */
export async function unwrapSiteKey(wrapped: unknown, passphrase: string): Promise<CryptoKey> {
  const w = checkWrappedKey(wrapped);
  const kek = await deriveKey(passphrase, bytes(w.salt)!, w.iterations);
  const raw = await open(kek, w, WRAP_AD);
  if (!raw) throw new SyncError('sync-passphrase', 'Wrong passphrase: it does not open the site key. Nothing was changed.');
  return importSiteKey(raw);
}

const toBase64Url = (s: string) => bytesToBase64(utf8(s)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A wrapped key as one line of text to copy or show as a QR code ('visage-pair1.' + base64url JSON). */
export function pairingCode(wrapped: WrappedKey): string {
  return PAIRING_PREFIX + toBase64Url(JSON.stringify(wrapped));
}

/** The wrapped key in a pairing code ('sync-pairing' when it is not one). */
export function readPairingCode(code: string): WrappedKey {
  const text = code.trim();
  let parsed: unknown = null;
  if (text.startsWith(PAIRING_PREFIX)) {
    const b64 = text.slice(PAIRING_PREFIX.length).replace(/-/g, '+').replace(/_/g, '/');
    const raw = bytes(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    try {
      parsed = raw ? JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw)) : null;
    } catch {
      parsed = null;
    }
  }
  return checkWrappedKey(parsed);
}

const docAD = (id: string) => `visage-sync/doc/${SYNC_FORMAT}/${id}`;

/** A document body, encrypted for the document `id`. */
export function sealBody(key: CryptoKey, id: string, body: unknown): Promise<Sealed> {
  return seal(key, utf8(JSON.stringify(body)), docAD(id));
}

/** A body sealed for `id` as parsed JSON, or null when it does not decrypt or is not JSON. */
export async function openBody(key: CryptoKey, id: string, sealed: { iv?: unknown; ct?: unknown }): Promise<unknown> {
  const plain = await open(key, sealed, docAD(id));
  if (!plain) return null;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain)) as unknown;
  } catch {
    return null;
  }
}

const CHECK_AD = 'visage-sync/key-check/1';
const CHECK_TEXT = 'visage-sync key check';

/** A known text sealed with the site key: the server keeps it to tell a device with another key. */
export const makeKeyCheck = (key: CryptoKey): Promise<Sealed> => seal(key, utf8(CHECK_TEXT), CHECK_AD);

/** Whether `key` opens the key check. */
export async function keyOpensCheck(key: CryptoKey, check: unknown): Promise<boolean> {
  if (!check || typeof check !== 'object') return false;
  const plain = await open(key, check, CHECK_AD);
  return plain !== null && new TextDecoder().decode(plain) === CHECK_TEXT;
}
