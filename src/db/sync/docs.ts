/**
 * Records as sync documents, and documents back as records, checked.
 *
 * Ids (the only plaintext besides `_rev` and the envelope): `p:<person id>`, `t:<template id>`,
 * `l:<log entry id>`, `s:site`. Record ids are random UUIDs; a log entry's id never conflicts, so
 * the log is an append-only stream (its time stays inside the ciphertext, unlike `l:<device>:<time>`).
 * Bodies are the backup file's JSON form of each record (../backup-format.ts), read back with the
 * backup's own valibot schemas (../backup-schema.ts): whatever a server sends passes the same
 * checks as a backup file, then the checks of its id, or is refused ('sync-refused').
 */
import * as v from 'valibot';
import { encodeBlob, encodeEmbedding, tracked } from '../backup-format';
import { MAX_CODE_LENGTH } from '../backup-limits';
import { id as idSchema, image, logEntry, person, template, time } from '../backup-schema';
import type { LogRecord, PersonRecord, TemplateRecord, ThumbnailRecord } from '../schema';
import { SyncError } from './errors';
import type { Doc } from './pouch';

export const SITE_DOC_ID = 's:site';

/** The settings that are the site's (the same on every device): threshold, liveness, retention. */
export const SITE_SETTING_KEYS = [
  'autoThreshold',
  'threshold',
  'thresholdModelId',
  'livenessKiosk',
  'livenessEnroll',
  'livenessLive',
  'livenessVertical',
  'logRetentionDays',
  'logRetentionUnknownDays',
] as const;
export type SiteSettingKey = (typeof SITE_SETTING_KEYS)[number];

const days = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3650));
const siteValues = v.object({
  autoThreshold: v.optional(v.boolean()),
  threshold: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  thresholdModelId: v.optional(v.pipe(v.string(), v.maxLength(MAX_CODE_LENGTH))),
  livenessKiosk: v.optional(v.boolean()),
  livenessEnroll: v.optional(v.boolean()),
  livenessLive: v.optional(v.boolean()),
  livenessVertical: v.optional(v.boolean()),
  logRetentionDays: v.optional(days),
  logRetentionUnknownDays: v.optional(days),
});
export type SiteValues = v.InferOutput<typeof siteValues>;

/** The site-wide settings and when they last changed. */
export interface SiteSettings {
  values: SiteValues;
  updatedAt: number;
}

export type ParsedDoc =
  | { kind: 'person'; id: string; record: PersonRecord }
  | { kind: 'template'; id: string; record: TemplateRecord; thumbnail?: ThumbnailRecord }
  | { kind: 'log'; id: string; record: LogRecord; device: string }
  | { kind: 'site'; id: string; site: SiteSettings };

const PREFIX = { person: 'p:', template: 't:', log: 'l:' } as const;
export const personDocId = (id: string) => PREFIX.person + id;
export const templateDocId = (id: string) => PREFIX.template + id;
export const logDocId = (id: string) => PREFIX.log + id;

/** The document's body: everything but PouchDB's `_` fields. */
export function bodyOf(doc: Doc): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('_')));
}

/** PouchDB's `_` fields of a document (`_conflicts` left out: it is never stored). */
export function metaOf(doc: Doc): Doc {
  const meta = Object.fromEntries(Object.entries(doc).filter(([k]) => k.startsWith('_') && k !== '_conflicts'));
  return meta as Doc;
}

// ---- Records → bodies ----

export const personBody = (p: PersonRecord) => ({
  ...tracked(p),
  name: p.deleted ? '' : p.name,
  ...(p.consent && !p.deleted ? { consent: { who: p.consent.who, when: p.consent.when, how: p.consent.how } } : {}),
});

/** A template's body without its thumbnail (which `templateDoc` adds). */
export function templateBody(t: TemplateRecord) {
  const base = { ...tracked(t), personId: t.personId, modelId: t.modelId, quality: t.quality };
  return t.deleted ? base : { ...base, embedding: encodeEmbedding(t.embedding) };
}

export const personDoc = (p: PersonRecord): Doc => ({ _id: personDocId(p.id), ...personBody(p) });

/** A template's document; a live one carries its thumbnail (a tombstone never does). */
export async function templateDoc(t: TemplateRecord, thumbnail: ThumbnailRecord | undefined): Promise<Doc> {
  const doc: Doc = { _id: templateDocId(t.id), ...templateBody(t) };
  if (!t.deleted && thumbnail) doc.thumbnail = { ...(await encodeBlob(thumbnail.blob)), createdAt: thumbnail.createdAt };
  return doc;
}

/** A log entry's document: its device is the one that wrote it, else (an entry of before schema 3) `device`, the one sending it. */
export async function logDoc(e: LogRecord, device: string): Promise<Doc> {
  const { thumbnail, ...fields } = e;
  return { _id: logDocId(e.id), ...fields, device: e.device ?? device, ...(thumbnail ? { thumbnail: await encodeBlob(thumbnail) } : {}) };
}

export const siteDoc = (s: SiteSettings): Doc => ({ _id: SITE_DOC_ID, values: s.values, updatedAt: s.updatedAt });

/** Only the site's keys of a settings value (the app's `app.settings` record holds device-local ones too). */
export function siteValuesOf(settings: unknown): SiteValues {
  const out: Record<string, unknown> = {};
  if (settings && typeof settings === 'object') for (const k of SITE_SETTING_KEYS) if (k in settings) out[k] = (settings as Record<string, unknown>)[k];
  const parsed = v.safeParse(siteValues, out);
  return parsed.success ? parsed.output : {};
}

// ---- Bodies → records ----

const thumbnailField = v.object({ type: v.string(), data: v.string(), createdAt: time });
const logExtra = v.object({ device: idSchema });
const siteBody = v.object({ values: siteValues, updatedAt: time });

function parse<S extends v.GenericSchema>(schema: S, body: unknown, docId: string): v.InferOutput<S> {
  const result = v.safeParse(schema, body, { abortEarly: true });
  if (result.success) return result.output;
  const issue = result.issues[0];
  const where = (issue.path ?? []).map((p) => String(p.key)).join('.');
  throw new SyncError('sync-refused', `The server sent a document that is not a valid record (${docId}${where ? `, ${where}` : ''}: ${issue.message}); it was refused.`);
}

/** A document's body read back as its record, by the id's kind; SyncError 'sync-refused' when anything is wrong. */
export function parseBody(docId: string, body: unknown): ParsedDoc {
  const own = (recordId: string, prefix: string) => {
    if (prefix + recordId !== docId) throw new SyncError('sync-refused', `The server sent a document whose body belongs to another id (${docId}); it was refused.`);
  };
  if (docId === SITE_DOC_ID) return { kind: 'site', id: docId, site: parse(siteBody, body, docId) };
  if (docId.startsWith(PREFIX.person)) {
    const record = parse(person, body, docId);
    own(record.id, PREFIX.person);
    return { kind: 'person', id: docId, record };
  }
  if (docId.startsWith(PREFIX.template)) {
    const record = parse(template, body, docId);
    own(record.id, PREFIX.template);
    const th = (body as { thumbnail?: unknown }).thumbnail;
    if (th === undefined) return { kind: 'template', id: docId, record };
    if (record.deleted) throw new SyncError('sync-refused', `The server sent a deleted sample with a face image (${docId}); it was refused.`);
    const fields = parse(thumbnailField, th, docId);
    const blob = parse(image, { type: fields.type, data: fields.data }, docId);
    return { kind: 'template', id: docId, record, thumbnail: { id: record.id, personId: record.personId, blob, createdAt: fields.createdAt } };
  }
  if (docId.startsWith(PREFIX.log)) {
    const record = parse(logEntry, body, docId);
    own(record.id, PREFIX.log);
    const { device } = parse(logExtra, body, docId);
    return { kind: 'log', id: docId, record: { ...record, device }, device };
  }
  throw new SyncError('sync-refused', `The server sent a document of an unknown kind (${docId.slice(0, 80)}); it was refused.`);
}

/** A stored document (plaintext, `_` fields included) as its record. */
export const parseDoc = (doc: Doc): ParsedDoc => parseBody(doc._id, bodyOf(doc));
