/**
 * The one schema of a backup file (valibot): its header and its payload, every record and every
 * field, with the bounds of backup-limits.ts. Nothing of a file reaches the database without
 * passing it. What a failure is, is told by the issue's message, which is the DbError code it
 * stands for (optionally `code|detail`): 'backup-too-many', 'backup-time', 'backup-too-long',
 * 'backup-image', 'backup-name', 'backup-model'; any other issue is 'backup-corrupt'.
 */
import * as v from 'valibot';
import { checkConsent } from './consent';
import { MAX_CLOCK_SKEW_MS, MAX_CODE_LENGTH, MAX_ID_LENGTH, MAX_IMAGE_BYTES, MAX_LOG_ENTRIES, MAX_PEOPLE, MAX_TEMPLATES, MIN_TIME } from './backup-limits';
import { DbError, type DbErrorCode } from './errors';
import { KNOWN_MODEL_DIMS, MAX_CONSENT_LENGTH, MAX_DEVICE_NAME_LENGTH, MAX_NAME_LENGTH, readLogMarks, type LogRecord, type PersonRecord, type TemplateRecord, type ThumbnailRecord } from './schema';
import { validateName } from './validate';

export const BACKUP_FORMAT = 'visage-backup';
const NOTHING_CHANGED = 'Nothing was changed.';

/** The bytes of base64 text, or null when it is not base64. */
export function fromBase64(b64: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** An image's bytes as a Blob when they are a JPEG or PNG of the declared type; else the code that says why not. */
export function checkImage(type: unknown, data: string): Blob | 'backup-image' | 'backup-corrupt' {
  const bytes = fromBase64(data);
  if (!bytes) return 'backup-corrupt';
  const kind = startsWith(bytes, JPEG) ? 'image/jpeg' : startsWith(bytes, PNG) ? 'image/png' : null;
  return kind && kind === type ? new Blob([bytes], { type: kind }) : 'backup-image';
}

const codePoints = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

// ---- Fields ----

const text = (max: number) => v.pipe(v.string(), v.maxLength(max, 'backup-too-long'));
export const id = v.pipe(text(MAX_ID_LENGTH), v.minLength(1, 'backup-corrupt|an id is empty'));
const finite = v.pipe(v.number(), v.finite());
/** Epoch ms: finite, not before 2020, not in the future beyond the clock skew. */
export const time = v.pipe(
  v.number(),
  v.finite('backup-time'),
  v.minValue(MIN_TIME, 'backup-time'),
  v.check((t) => t <= Date.now() + MAX_CLOCK_SKEW_MS, 'backup-time'),
);
/** The app's model or an earlier one its upgrade makes templates again from (schema.ts, KNOWN_MODEL_DIMS). */
const modelId = v.pipe(text(MAX_CODE_LENGTH), v.check((m) => KNOWN_MODEL_DIMS.has(m), 'backup-model'));
const MAX_DIM = Math.max(...KNOWN_MODEL_DIMS.values());
/** A name by validateName's rule (Cf stripped, NFC, trimmed, 1 to 100 code points, no controls); '' passes here (a tombstone's). */
const name = v.pipe(
  v.string('backup-name'),
  v.maxLength(MAX_NAME_LENGTH * 10, 'backup-name'),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    if (dataset.value === '') return '';
    try {
      return validateName(dataset.value);
    } catch (err) {
      addIssue({ message: `backup-name|${err instanceof Error ? err.message : String(err)}` });
      return NEVER;
    }
  }),
);
const consentText = v.pipe(text(MAX_CONSENT_LENGTH * 2), v.check((s) => codePoints(s) <= MAX_CONSENT_LENGTH, 'backup-too-long'));
/** A consent note by the people view's rule (checkConsent: dates from 1900, none in the future). */
const consent = v.pipe(
  v.object({ who: consentText, when: finite, how: consentText }),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const checked = checkConsent(dataset.value, Date.now() + MAX_CLOCK_SKEW_MS);
    if ('consent' in checked) return checked.consent;
    const code = checked.problem.endsWith('-long') ? 'backup-too-long' : checked.problem.endsWith('date') ? 'backup-time' : 'backup-corrupt';
    addIssue({ message: `${code}|the consent note: ${checked.problem}` });
    return NEVER;
  }),
);
/** Base64 of one image: at most MAX_IMAGE_BYTES once decoded. */
const imageData = text(Math.ceil(MAX_IMAGE_BYTES / 3) * 4);
export const image = v.pipe(
  v.object({ type: text(MAX_CODE_LENGTH), data: imageData }),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const blob = checkImage(dataset.value.type, dataset.value.data);
    if (blob instanceof Blob) return blob;
    addIssue({ message: blob });
    return NEVER;
  }),
);
/** Little-endian float32s, as many as some known model's embedding has (the template's model is checked with it). */
const embedding = v.pipe(
  text(Math.ceil((MAX_DIM * 4 * 4) / 3) * 4),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const bytes = fromBase64(dataset.value);
    if (!bytes || bytes.length % 4 !== 0) return (addIssue({ message: 'backup-corrupt|an embedding is malformed' }), NEVER);
    const dim = bytes.length / 4;
    if (![...KNOWN_MODEL_DIMS.values()].includes(dim)) return (addIssue({ message: `backup-model|an embedding of ${dim} values` }), NEVER);
    const view = new DataView(bytes.buffer);
    const e = Float32Array.from({ length: dim }, (_, i) => view.getFloat32(i * 4, true));
    if (!e.every(Number.isFinite)) return (addIssue({ message: 'backup-corrupt|an embedding holds a non-finite value' }), NEVER);
    return e;
  }),
);
const count = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max, 'backup-too-many'));
/** At most `max` items, counted before any item is read (100,000 fake records are refused at once). */
const list = <S extends v.GenericSchema>(max: number, item: S) => v.pipe(v.array(v.unknown()), v.maxLength(max, 'backup-too-many'), v.array(item));

// ---- Records ----

const tracked = { id, createdAt: time, updatedAt: time, deleted: v.optional(v.boolean()), deletedAt: v.optional(time) };

/** The tracked fields as stored: `deleted` and `deletedAt` only on a tombstone, and then both. */
function trackedOf(r: { id: string; createdAt: number; updatedAt: number; deleted?: boolean | undefined; deletedAt?: number | undefined }) {
  if (!r.deleted) return { id: r.id, createdAt: r.createdAt, updatedAt: r.updatedAt };
  if (r.deletedAt === undefined) return null;
  return { id: r.id, createdAt: r.createdAt, updatedAt: r.updatedAt, deleted: true as const, deletedAt: r.deletedAt };
}

export const person = v.pipe(
  v.object({ ...tracked, name: v.optional(name), consent: v.optional(consent) }),
  v.rawTransform(({ dataset: { value: p }, addIssue, NEVER }): PersonRecord => {
    const t = trackedOf(p);
    if (!t) return (addIssue({ message: 'backup-corrupt|a deleted person has no deletedAt' }), NEVER);
    if (!t.deleted && !p.name) return (addIssue({ message: 'backup-name|a person has no name' }), NEVER);
    // A tombstone keeps no name and no consent: whatever an older backup holds there is dropped.
    if (t.deleted) return { ...t, name: '' };
    return { ...t, name: p.name ?? '', ...(p.consent ? { consent: p.consent } : {}) };
  }),
);

export const template = v.pipe(
  v.object({ ...tracked, personId: id, modelId, quality: finite, embedding: v.optional(embedding) }),
  v.rawTransform(({ dataset: { value: t }, addIssue, NEVER }): TemplateRecord => {
    const base = trackedOf(t);
    if (!base) return (addIssue({ message: 'backup-corrupt|a deleted template has no deletedAt' }), NEVER);
    const fields = { personId: t.personId, modelId: t.modelId, quality: t.quality };
    if (base.deleted) {
      if (t.embedding) return (addIssue({ message: 'backup-corrupt|a deleted template keeps its embedding' }), NEVER);
      return { ...base, ...fields };
    }
    if (!t.embedding) return (addIssue({ message: 'backup-corrupt|a template has no embedding' }), NEVER);
    if (t.embedding.length !== KNOWN_MODEL_DIMS.get(t.modelId)) return (addIssue({ message: `backup-model|an embedding of ${t.embedding.length} values for ${t.modelId}` }), NEVER);
    return { ...base, ...fields, embedding: t.embedding };
  }),
);

const thumbnail = v.pipe(
  v.object({ id, personId: id, createdAt: time, type: text(MAX_CODE_LENGTH), data: imageData }),
  v.rawTransform(({ dataset: { value: th }, addIssue, NEVER }): ThumbnailRecord => {
    const blob = checkImage(th.type, th.data);
    if (blob instanceof Blob) return { id: th.id, personId: th.personId, createdAt: th.createdAt, blob };
    return (addIssue({ message: blob }), NEVER);
  }),
);

/** A device's id (an id: a UUID, src/app/device.ts) and name (no control characters, at most MAX_DEVICE_NAME_LENGTH code points). */
const deviceName = v.pipe(text(MAX_DEVICE_NAME_LENGTH * 4), v.check((s) => codePoints(s) <= MAX_DEVICE_NAME_LENGTH, 'backup-too-long'), v.regex(/^\P{Cc}*$/u, 'backup-corrupt|a device name holds a control character'));

export const logEntry = v.pipe(
  v.object({
    id,
    at: time,
    personId: v.nullable(id),
    name: v.nullable(name),
    similarity: finite,
    thumbnail: v.optional(image),
    event: v.optional(v.unknown()),
    liveness: v.optional(v.unknown()),
    livenessReason: v.optional(text(MAX_CODE_LENGTH)),
    device: v.optional(v.nullable(id)),
    deviceName: v.optional(deviceName),
  }),
  v.rawTransform(({ dataset: { value: e }, addIssue, NEVER }): LogRecord => {
    const marks = readLogMarks(e);
    if (typeof marks === 'string') return (addIssue({ message: `backup-corrupt|${marks}` }), NEVER);
    if (e.name === '') return (addIssue({ message: 'backup-name|a log entry has an empty name' }), NEVER);
    // An entry of an older file (no device) is of an unknown device, as the schema 3 migration leaves it.
    const entry: LogRecord = { id: e.id, at: e.at, personId: e.personId, name: e.name, similarity: e.similarity, ...marks, device: e.device ?? null };
    if (e.deviceName) entry.deviceName = e.deviceName;
    if (e.thumbnail) entry.thumbnail = e.thumbnail;
    return entry;
  }),
);

// ---- The file ----

/**
 * The summary names the model of the app that wrote the file, and its embeddings' length; the
 * templates each carry their own (a gallery not yet brought to a new model holds some of the earlier).
 */
export const summarySchema = v.pipe(
  v.object({
    modelId,
    embeddingDim: v.number(),
    includesLog: v.boolean(),
    counts: v.object({
      people: count(MAX_PEOPLE),
      templates: count(MAX_TEMPLATES),
      tombstones: count(MAX_PEOPLE + MAX_TEMPLATES),
      thumbnails: count(MAX_TEMPLATES),
      log: count(MAX_LOG_ENTRIES),
    }),
  }),
  v.check((s) => KNOWN_MODEL_DIMS.get(s.modelId) === s.embeddingDim, 'backup-model'),
);

const headerFields = {
  format: v.literal(BACKUP_FORMAT),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  createdAt: time,
  bodyBytes: v.pipe(v.number(), v.integer(), v.minValue(0)),
};
const b64Param = text(64);

/** The header of an unencrypted file: the body's SHA-256 and a copy of its summary. */
export const plainHeaderSchema = v.object({ ...headerFields, sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)), summary: summarySchema });

/** The header of an encrypted file: how its key is derived (backup-crypto.ts checks the values). */
export const sealedHeaderSchema = v.object({
  ...headerFields,
  encryption: v.object({
    cipher: v.literal('AES-GCM'),
    kdf: v.literal('PBKDF2-SHA-256'),
    iterations: v.pipe(v.number(), v.integer()),
    salt: b64Param,
    iv: b64Param,
    checkIv: b64Param,
    check: b64Param,
  }),
});

const unique = (records: readonly { id: string }[]) => new Set(records.map((r) => r.id)).size === records.length;

/**
 * The payload: its summary, then every record; then what links records (unique ids, each
 * template's person and each thumbnail's live template in the file, the counts the summary gives).
 */
export const payloadSchema = v.pipe(
  v.object({
    summary: summarySchema,
    people: list(MAX_PEOPLE, person),
    templates: list(MAX_TEMPLATES, template),
    thumbnails: list(MAX_TEMPLATES, thumbnail),
    log: v.optional(list(MAX_LOG_ENTRIES, logEntry)),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { summary, people, templates, thumbnails, log } = dataset.value;
    const problem = (detail: string) => addIssue({ message: `backup-corrupt|${detail}` });
    if (!unique(people) || !unique(templates) || !unique(thumbnails) || (log && !unique(log))) return problem('an id is repeated');
    const personIds = new Set(people.map((p) => p.id));
    if (!templates.every((t) => personIds.has(t.personId))) return problem('a template belongs to no person of the backup');
    const live = new Map(templates.filter((t) => !t.deleted).map((t) => [t.id, t.personId]));
    if (!thumbnails.every((th) => live.get(th.id) === th.personId)) return problem('a thumbnail belongs to no sample of the backup');
    if (summary.includesLog !== (log !== undefined)) return problem('the log is not as the summary says');
    const deleted = (rs: readonly { deleted?: boolean }[]) => rs.filter((r) => r.deleted).length;
    const counts = {
      people: people.length - deleted(people),
      templates: templates.length - deleted(templates),
      tombstones: deleted(people) + deleted(templates),
      thumbnails: thumbnails.length,
      log: log?.length ?? 0,
    };
    if (JSON.stringify(counts) !== JSON.stringify(summary.counts)) problem('the counts do not match the records');
  }),
);

export type Payload = v.InferOutput<typeof payloadSchema>;

const MESSAGES: Partial<Record<DbErrorCode, string>> = {
  'backup-too-many': 'The backup holds too many records',
  'backup-time': 'The backup holds an impossible time (not finite, before 2020 or in the future)',
  'backup-too-long': 'The backup holds a text too long for its field',
  'backup-image': 'The backup holds a face image that is not a JPEG or PNG of its declared type',
  'backup-name': 'The backup holds a name that breaks the name rules',
  'backup-model': 'The backup was made with another face model: its faces cannot be compared with this app\'s',
  'backup-corrupt': 'The backup file is damaged',
};

/** `data` as `schema` reads it, or the DbError of its first problem (what, and where: `people.3.name`). */
export function parseBackupPart<S extends v.GenericSchema>(schema: S, data: unknown, part: 'header' | 'contents'): v.InferOutput<S> {
  const result = v.safeParse(schema, data, { abortEarly: true });
  if (result.success) return result.output;
  const issue = result.issues[0];
  const [given, detail] = issue.message.split('|', 2) as [string, string | undefined];
  const code = (Object.hasOwn(MESSAGES, given) ? given : 'backup-corrupt') as DbErrorCode;
  const where = [part, ...(issue.path ?? []).map((p) => String(p.key))].join('.');
  const why = detail ?? (code === 'backup-corrupt' ? issue.message : undefined);
  throw new DbError(code, `${MESSAGES[code]!} (${why ? `${where}: ${why}` : where}). ${NOTHING_CHANGED}`);
}
