/**
 * The backup file (README, "Backups"): one header line of JSON, a line feed, then the body.
 *
 *   {"format":"visage-backup","version":2,"createdAt":…,"bodyBytes":…,"sha256":"…","summary":{…}}\n
 *   {"summary":{…},"people":[…],"templates":[…],"thumbnails":[…],"log":[…]}
 *
 * The header is small and read alone, so a file is recognised, dated and counted without reading
 * its body. Unencrypted, the body is the payload's UTF-8 JSON and the header carries its SHA-256
 * and a copy of its summary; encrypted, the body is the AES-GCM ciphertext of that JSON, with the
 * header's bytes as associated data (version 2; version 1 files, made without, are still read),
 * and the header carries the key derivation's parameters instead (and no counts: they stay secret
 * too). `bodyBytes` tells a file that ends early from one whose bytes were changed.
 *
 * Every check of what a file holds is backup-schema.ts's. Pure TypeScript over Blob and
 * WebCrypto: no IndexedDB here, so it runs under the unit tests in Node too.
 */
import { sealer, TAG_BYTES, unseal, validSealParams, type Bytes, type SealParams } from './backup-crypto';
import { MAX_BACKUP_BYTES, MIN_PASSPHRASE_LENGTH } from './backup-limits';
import { countRecords, corrupt, NOTHING_CHANGED, truncated, type BackupContent, type BackupSummary } from './backup-records';
import { BACKUP_FORMAT, fromBase64, parseBackupPart, payloadSchema, plainHeaderSchema, sealedHeaderSchema } from './backup-schema';
import { DbError } from './errors';
import { DEFAULT_MODEL_ID, EMBEDDING_DIM, type Tracked } from './schema';

/** The format version this app writes, and the newest it reads (it reads 1 too). */
export const BACKUP_VERSION = 2;
/** Every backup starts with these bytes: the header's first member, always written first. */
const MAGIC = `{"format":"${BACKUP_FORMAT}"`;
/** The header is a few hundred bytes; a first line longer than this is not a header of ours. */
const MAX_HEADER_BYTES = 4096;

/** What `inspectBackup` tells from the header alone. */
export interface BackupInfo {
  encrypted: boolean;
  /** When the backup was made (epoch ms). */
  createdAt: number;
  /** Unencrypted backups only. */
  summary?: BackupSummary;
}

export interface EncodeOptions {
  /** Encrypts the file; at least MIN_PASSPHRASE_LENGTH characters. */
  passphrase?: string;
  signal?: AbortSignal;
  /** Records encoded so far, of all. */
  onProgress?: (done: number, total: number) => void;
}

type Encryption = { cipher: 'AES-GCM'; kdf: 'PBKDF2-SHA-256'; iterations: number; salt: string; iv: string; checkIv: string; check: string };

interface Header {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: number;
  bodyBytes: number;
  sha256?: string;
  summary?: BackupSummary;
  encryption?: Encryption;
}

/** Throws DbError 'aborted' once `signal` has aborted. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DbError('aborted', `Cancelled. ${NOTHING_CHANGED}`);
}

/** `visage-backup-2026-11-25.visage`, by the local date. */
export function backupFileName(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `visage-backup-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.visage`;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  // Chunks: String.fromCharCode(...all) would overflow the call stack on a large thumbnail.
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (bytes: Bytes) => hex(await crypto.subtle.digest('SHA-256', bytes));
const utf8 = (s: string): Bytes => new TextEncoder().encode(s);

const recordTotal = (c: BackupContent) => c.people.length + c.templates.length + c.thumbnails.length + (c.log?.length ?? 0);

export function encodeEmbedding(e: Float32Array): string {
  const bytes = new Uint8Array(e.length * 4);
  const view = new DataView(bytes.buffer);
  e.forEach((x, i) => view.setFloat32(i * 4, x, true));
  return bytesToBase64(bytes);
}

export const encodeBlob = async (blob: Blob) => ({ type: blob.type, data: bytesToBase64(new Uint8Array(await blob.arrayBuffer())) });

export const tracked = (r: Tracked) => ({ id: r.id, createdAt: r.createdAt, updatedAt: r.updatedAt, ...(r.deleted ? { deleted: true, deletedAt: r.deletedAt } : {}) });

/** Throws 'backup-passphrase-short' for a passphrase that is given but shorter than the minimum. */
export function checkNewPassphrase(passphrase: string | undefined): void {
  if (passphrase && [...passphrase.normalize('NFC')].length < MIN_PASSPHRASE_LENGTH) {
    throw new DbError('backup-passphrase-short', `The passphrase is too short: at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
}

/** Writes `content` as a backup file; encrypted when a non-empty passphrase is given. */
export async function encodeBackup(content: BackupContent, { passphrase, signal, onProgress }: EncodeOptions = {}): Promise<Blob> {
  checkNewPassphrase(passphrase);
  const total = recordTotal(content);
  let done = 0;
  // Called once per record: the thumbnails' bytes are read asynchronously, so a large gallery
  // shows its progress and can be cancelled in between.
  const step = () => {
    checkAborted(signal);
    onProgress?.(++done, total);
  };
  onProgress?.(0, total);
  const summary: BackupSummary = { modelId: DEFAULT_MODEL_ID, embeddingDim: EMBEDDING_DIM, includesLog: content.log !== undefined, counts: countRecords(content) };
  const people = content.people.map((p) => {
    step();
    return { ...tracked(p), name: p.name, ...(p.consent ? { consent: { who: p.consent.who, when: p.consent.when, how: p.consent.how } } : {}) };
  });
  const templates = content.templates.map((t) => {
    step();
    const base = { ...tracked(t), personId: t.personId, modelId: t.modelId, quality: t.quality };
    return t.deleted ? base : { ...base, embedding: encodeEmbedding(t.embedding) };
  });
  const thumbnails = [];
  for (const th of content.thumbnails) {
    thumbnails.push({ id: th.id, personId: th.personId, createdAt: th.createdAt, ...(await encodeBlob(th.blob)) });
    step();
  }
  let log;
  if (content.log) {
    log = [];
    for (const e of content.log) {
      const { thumbnail, ...fields } = e;
      log.push({ ...fields, ...(thumbnail ? { thumbnail: await encodeBlob(thumbnail) } : {}) });
      step();
    }
  }
  const payload = utf8(JSON.stringify({ summary, people, templates, thumbnails, ...(log ? { log } : {}) }));
  checkAborted(signal);

  const fields = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: Date.now() } as const;
  let headerLine: string;
  let body: Bytes;
  if (passphrase) {
    const s = await sealer(passphrase);
    headerLine = JSON.stringify({ ...fields, bodyBytes: payload.length + TAG_BYTES, encryption: encodeSealParams(s.params) } satisfies Header);
    // The header's exact bytes are authenticated with the payload: a changed header is refused.
    body = await s.seal(payload, utf8(headerLine));
  } else {
    body = payload;
    headerLine = JSON.stringify({ ...fields, bodyBytes: body.length, sha256: await sha256(body), summary } satisfies Header);
  }
  checkAborted(signal);
  return new Blob([headerLine, '\n', body], { type: 'application/octet-stream' });
}

function encodeSealParams(p: SealParams): Encryption {
  return {
    cipher: 'AES-GCM',
    kdf: 'PBKDF2-SHA-256',
    iterations: p.iterations,
    salt: bytesToBase64(p.salt),
    iv: bytesToBase64(p.iv),
    checkIv: bytesToBase64(p.checkIv),
    check: bytesToBase64(p.check),
  };
}

// ---- Reading ----

/**
 * Reads and checks the header; the checks that need only the header and the file's size
 * (what it is, its size, its version, whether it is whole, and for unencrypted files the model
 * and the counts). `line` is the header's bytes, the associated data of an encrypted body.
 */
async function readHeader(file: Blob): Promise<{ header: Header; line: Bytes; bodyStart: number }> {
  const head = new Uint8Array(await file.slice(0, MAX_HEADER_BYTES).arrayBuffer());
  const end = head.indexOf(0x0a);
  const line = head.slice(0, end < 0 ? head.length : end);
  const text = new TextDecoder().decode(line);
  // A file cut inside its header (even inside the magic) is ours but incomplete.
  const ours = text.startsWith(MAGIC) || (end < 0 && text.length > 0 && MAGIC.startsWith(text));
  if (!ours) throw new DbError('not-a-backup', 'This file is not a Visage backup.');
  if (file.size > MAX_BACKUP_BYTES) {
    throw new DbError('backup-too-large', `The file is too large (${file.size} bytes; a backup may have at most ${MAX_BACKUP_BYTES}). ${NOTHING_CHANGED}`);
  }
  if (end < 0) throw file.size < MAX_HEADER_BYTES ? truncated() : corrupt('the header has no end');
  let h: unknown;
  try {
    h = JSON.parse(text);
  } catch {
    throw corrupt('the header is not valid JSON');
  }
  if (typeof h !== 'object' || h === null || Array.isArray(h)) throw corrupt('the header is not an object');
  // The version first: a newer format may have a header this version cannot read.
  const version = (h as { version?: unknown }).version;
  if (typeof version === 'number' && Number.isInteger(version) && version > BACKUP_VERSION) {
    throw new DbError('backup-version', `This backup was made by a newer version of Visage (backup format ${version}; this app reads up to ${BACKUP_VERSION}). Update the app, then import it.`);
  }
  const header: Header = 'encryption' in h ? parseBackupPart(sealedHeaderSchema, h, 'header') : parseBackupPart(plainHeaderSchema, h, 'header');
  const bodyStart = end + 1;
  const bodyBytes = file.size - bodyStart;
  if (bodyBytes < header.bodyBytes) throw truncated();
  if (bodyBytes > header.bodyBytes) throw corrupt('it is longer than its header says');
  return { header, line, bodyStart };
}

/**
 * What the file is, from its header alone (cheap for any size): whether it is encrypted, its
 * date, and for an unencrypted one its counts. Throws the DbError an import would throw for a
 * file that is not a backup, is too large, is from a newer version, is incomplete or
 * (unencrypted) is from another model or counts too many records.
 */
export async function inspectBackup(file: Blob): Promise<BackupInfo> {
  const { header } = await readHeader(file);
  return { encrypted: !!header.encryption, createdAt: header.createdAt, ...(header.summary ? { summary: header.summary } : {}) };
}

/**
 * Reads a whole backup: every check (size, integrity, passphrase, header, model, each record
 * and field by backup-schema.ts) happens here, so whatever it returns can be written as it is.
 */
export async function decodeBackup(file: Blob, passphrase: string | undefined, signal?: AbortSignal): Promise<BackupContent> {
  const { header, line, bodyStart } = await readHeader(file);
  checkAborted(signal);
  const body = new Uint8Array(await file.slice(bodyStart).arrayBuffer());
  let payload: Bytes;
  if (header.encryption) {
    if (!passphrase) throw new DbError('backup-passphrase', 'This backup is encrypted: enter its passphrase.');
    const e = header.encryption;
    const bytes = (b64: string) => fromBase64(b64) ?? new Uint8Array(0);
    const params: SealParams = { iterations: e.iterations, salt: bytes(e.salt), iv: bytes(e.iv), checkIv: bytes(e.checkIv), check: bytes(e.check) };
    if (!validSealParams(params)) throw corrupt('the encryption parameters are malformed');
    payload = await unseal(body, params, passphrase, header.version >= 2 ? line : undefined);
  } else {
    if ((await sha256(body)) !== header.sha256) throw corrupt('its checksum does not match its contents');
    payload = body;
  }
  checkAborted(signal);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw corrupt('the contents are not valid JSON');
  }
  const { summary, people, templates, thumbnails, log } = parseBackupPart(payloadSchema, json, 'contents');
  if (header.summary && JSON.stringify(header.summary) !== JSON.stringify(summary)) throw corrupt('the header does not match the contents');
  return { people, templates, thumbnails, ...(log ? { log } : {}) };
}
