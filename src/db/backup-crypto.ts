/**
 * Passphrase encryption of a backup's payload with WebCrypto: a 256-bit AES-GCM key derived
 * by PBKDF2-SHA-256 from the passphrase and a random salt; the file's header is the payload's
 * associated data, so a changed header fails the tag as a changed payload does.
 *
 * Besides the payload, a short known text is encrypted with the same key under its own IV. It
 * lets the import tell a wrong passphrase (the check does not decrypt) from a damaged file (the
 * check decrypts, the payload does not): AES-GCM's tag alone cannot say which.
 */
import { DbError } from './errors';

/** OWASP's figure for PBKDF2-HMAC-SHA-256 (2023); about 0.1 s in Chromium on one core here. */
export const KDF_ITERATIONS = 600_000;
/**
 * What an imported file may ask for: fewer than we ever wrote would be a weakened file, and
 * a huge count would hang the import (the count comes from the file, before anything is
 * authenticated).
 */
const MIN_ITERATIONS = 200_000;
const MAX_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const CHECK_TEXT = new TextEncoder().encode('visage-backup passphrase check');

/** Bytes over a plain ArrayBuffer, as WebCrypto takes them. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** Everything besides the ciphertext that decryption needs; stored in the file's header. */
export interface SealParams {
  iterations: number;
  salt: Bytes;
  /** The payload's IV. */
  iv: Bytes;
  /** The check text's IV. */
  checkIv: Bytes;
  /** The check text encrypted (with its tag). */
  check: Bytes;
}

export const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

export async function deriveKey(passphrase: string, salt: Bytes, iterations: number): Promise<CryptoKey> {
  // NFC: the same passphrase typed on another device (another keyboard, another OS) must match.
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export const aes = async (op: 'encrypt' | 'decrypt', key: CryptoKey, iv: Bytes, data: Bytes, additionalData?: Bytes): Promise<Bytes> =>
  new Uint8Array(await crypto.subtle[op]({ name: 'AES-GCM', iv, ...(additionalData ? { additionalData } : {}) }, key, data));

/** AES-GCM's tag: the ciphertext is this many bytes longer than the plaintext. */
export const TAG_BYTES = 16;

/** A key made from a passphrase, with its parameters, ready to encrypt one payload. */
export interface Sealer {
  params: SealParams;
  /** Encrypts `plaintext`, authenticating `associatedData` with it (the file's header). */
  seal(plaintext: Bytes, associatedData: Bytes): Promise<Bytes>;
}

/** A key from `passphrase` (fresh salt and IVs every time), and the check text encrypted under it. */
export async function sealer(passphrase: string): Promise<Sealer> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const checkIv = randomBytes(IV_BYTES);
  const key = await deriveKey(passphrase, salt, KDF_ITERATIONS);
  const check = await aes('encrypt', key, checkIv, CHECK_TEXT);
  return { params: { iterations: KDF_ITERATIONS, salt, iv, checkIv, check }, seal: (plaintext, associatedData) => aes('encrypt', key, iv, plaintext, associatedData) };
}

/** Checks that sealing parameters read from a file are ones `seal` could have written. */
export function validSealParams(p: SealParams): boolean {
  return (
    Number.isInteger(p.iterations) &&
    p.iterations >= MIN_ITERATIONS &&
    p.iterations <= MAX_ITERATIONS &&
    p.salt.length === SALT_BYTES &&
    p.iv.length === IV_BYTES &&
    p.checkIv.length === IV_BYTES &&
    p.check.length === CHECK_TEXT.length + TAG_BYTES
  );
}

/**
 * Decrypts what a Sealer made. A wrong passphrase is 'backup-passphrase' (the check text carries
 * no associated data, so a changed header does not pass for a wrong passphrase); a right one
 * whose payload fails its tag (the payload or the associated data, the header, was changed) is
 * 'backup-corrupt'. Files of format version 1 were sealed without associated data.
 */
export async function unseal(ciphertext: Bytes, params: SealParams, passphrase: string, associatedData?: Bytes): Promise<Bytes> {
  const key = await deriveKey(passphrase, params.salt, params.iterations);
  const check = await aes('decrypt', key, params.checkIv, params.check).catch(() => null);
  if (!check || check.length !== CHECK_TEXT.length || !check.every((b, i) => b === CHECK_TEXT[i])) {
    throw new DbError('backup-passphrase', 'The passphrase is wrong: it does not open this backup. Nothing was changed.');
  }
  try {
    return await aes('decrypt', key, params.iv, ciphertext, associatedData);
  } catch (err) {
    throw new DbError('backup-corrupt', 'The backup file is damaged: the passphrase is right, but the encrypted data or the header was altered. Nothing was changed.', { cause: err });
  }
}
