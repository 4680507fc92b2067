/**
 * The records of a backup file (backup-format.ts) as they are read back: what a backup holds, its
 * summary and counts, the checks of every record (ids, times, tombstones, names, links between
 * people, samples and thumbnails, the log), and the model checks: a backup made with another face
 * model than the app's (src/ml/model-spec.ts) is refused, as its faces cannot be compared.
 */
import type { Bytes } from './backup-crypto';
import { DbError } from './errors';
import { DEFAULT_MODEL_ID, EMBEDDING_DIM, readLogMarks, type LogRecord, type PersonRecord, type TemplateRecord, type ThumbnailRecord, type Tracked } from './schema';
import { validateName } from './validate';

/** What a backup holds, as records of the database. */
export interface BackupContent {
  people: PersonRecord[];
  templates: TemplateRecord[];
  thumbnails: ThumbnailRecord[];
  /** Absent when the backup was made without the log. */
  log?: LogRecord[];
}

export interface BackupCounts {
  /** Live people and templates (samples). */
  people: number;
  templates: number;
  /** Deleted people and templates. */
  tombstones: number;
  thumbnails: number;
  log: number;
}

export interface BackupSummary {
  modelId: string;
  embeddingDim: number;
  includesLog: boolean;
  counts: BackupCounts;
}

type Json = Record<string, unknown>;

export const NOTHING_CHANGED = 'Nothing was changed.';
export const corrupt = (detail: string) => new DbError('backup-corrupt', `The backup file is damaged (${detail}). ${NOTHING_CHANGED}`);
export const truncated = () =>
  new DbError('backup-truncated', `The backup file is incomplete: it ends early (an interrupted download or copy?). ${NOTHING_CHANGED}`);
const wrongModel = (what: string) =>
  new DbError('backup-model', `The backup was made with another face model (${what}; this app uses ${DEFAULT_MODEL_ID} with ${EMBEDDING_DIM} values): its faces cannot be compared with this app's. ${NOTHING_CHANGED}`);

export function base64ToBytes(b64: unknown, where: string): Bytes {
  if (typeof b64 !== 'string') throw corrupt(`${where} is missing`);
  let s: string;
  try {
    s = atob(b64);
  } catch {
    throw corrupt(`${where} is not base64`);
  }
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Live and deleted records and the rest, counted the same way on export and on import. */
export function countRecords(c: BackupContent): BackupCounts {
  const deletedPeople = c.people.filter((p) => p.deleted).length;
  const deletedTemplates = c.templates.filter((t) => t.deleted).length;
  return {
    people: c.people.length - deletedPeople,
    templates: c.templates.length - deletedTemplates,
    tombstones: deletedPeople + deletedTemplates,
    thumbnails: c.thumbnails.length,
    log: c.log?.length ?? 0,
  };
}

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

export function str(o: Json, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || !v) throw corrupt(`${where}: "${key}" is missing`);
  return v;
}

export function num(o: Json, key: string, where: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw corrupt(`${where}: "${key}" is not a number`);
  return v;
}

export function readSummary(v: unknown, where: string): BackupSummary {
  if (!isObject(v) || !isObject(v['counts'])) throw corrupt(`${where}: the summary is missing`);
  const c = v['counts'];
  const counts = { people: c['people'], templates: c['templates'], tombstones: c['tombstones'], thumbnails: c['thumbnails'], log: c['log'] };
  if (!Object.values(counts).every(isCount) || typeof v['includesLog'] !== 'boolean') throw corrupt(`${where}: the summary is malformed`);
  return { modelId: str(v, 'modelId', where), embeddingDim: num(v, 'embeddingDim', where), includesLog: v['includesLog'], counts: counts as BackupCounts };
}

export function checkModel(s: BackupSummary): void {
  if (s.modelId !== DEFAULT_MODEL_ID || s.embeddingDim !== EMBEDDING_DIM) throw wrongModel(`${s.modelId} with ${s.embeddingDim} values`);
}

function list(json: Json, key: string): unknown[] {
  const v = json[key];
  if (!Array.isArray(v)) throw corrupt(`"${key}" is missing`);
  return v;
}

function readTracked(o: Json, where: string): Tracked {
  const t: Tracked = { id: str(o, 'id', where), createdAt: num(o, 'createdAt', where), updatedAt: num(o, 'updatedAt', where) };
  if (o['deleted'] === true) {
    t.deleted = true;
    t.deletedAt = num(o, 'deletedAt', where);
  } else if (o['deleted'] !== undefined && o['deleted'] !== false) {
    throw corrupt(`${where}: "deleted" is malformed`);
  }
  return t;
}

function readEmbedding(v: unknown, where: string): Float32Array {
  const bytes = base64ToBytes(v, `${where}'s embedding`);
  if (bytes.length % 4 !== 0) throw corrupt(`${where}'s embedding is malformed`);
  if (bytes.length / 4 !== EMBEDDING_DIM) throw wrongModel(`an embedding of ${bytes.length / 4} values`);
  const view = new DataView(bytes.buffer);
  const e = Float32Array.from({ length: EMBEDDING_DIM }, (_, i) => view.getFloat32(i * 4, true));
  if (!e.every(Number.isFinite)) throw corrupt(`${where}'s embedding holds a non-finite value`);
  return e;
}

function readBlob(v: unknown, where: string): Blob {
  if (!isObject(v) || typeof v['type'] !== 'string' || !v['type'].startsWith('image/')) throw corrupt(`${where}: the image is malformed`);
  return new Blob([base64ToBytes(v['data'], `${where}'s image`)], { type: v['type'] });
}

/** Each item of `key` read by `read`, which gets the item as an object and a name for messages; ids must be unique. */
function readAll<T extends { id: string }>(json: Json, key: string, label: string, read: (o: Json, where: string) => T): T[] {
  const seen = new Set<string>();
  return list(json, key).map((item, i) => {
    const where = `${label} ${i + 1}`;
    if (!isObject(item)) throw corrupt(`${where} is malformed`);
    const r = read(item, where);
    if (seen.has(r.id)) throw corrupt(`${where} repeats id ${r.id}`);
    seen.add(r.id);
    return r;
  });
}

/** The records of a backup's contents, each checked, or the DbError 'backup-corrupt' / 'backup-model' that says what is wrong. */
export function readContent(json: Json, includesLog: boolean): BackupContent {
  const people = readAll(json, 'people', 'person', (o, where): PersonRecord => {
    // A tombstone keeps no name: whatever an older backup holds there is dropped.
    if (o['deleted'] === true) return { ...readTracked(o, where), name: '' };
    let name: string;
    try {
      name = validateName(o['name']);
    } catch (err) {
      throw corrupt(`${where}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return { ...readTracked(o, where), name };
  });
  const personIds = new Set(people.map((p) => p.id));
  const templates = readAll(json, 'templates', 'template', (o, where): TemplateRecord => {
    const t = readTracked(o, where);
    const personId = str(o, 'personId', where);
    if (!personIds.has(personId)) throw corrupt(`${where} belongs to no person of the backup`);
    const modelId = str(o, 'modelId', where);
    if (modelId !== DEFAULT_MODEL_ID) throw wrongModel(`a template of ${modelId}`);
    const base = { id: t.id, personId, modelId, quality: num(o, 'quality', where), createdAt: t.createdAt, updatedAt: t.updatedAt };
    if (t.deleted) {
      if (o['embedding'] !== undefined) throw corrupt(`${where} is deleted but keeps its embedding`);
      return { ...base, deleted: true, deletedAt: t.deletedAt! };
    }
    return { ...base, embedding: readEmbedding(o['embedding'], where) };
  });
  const liveTemplates = new Map(templates.filter((t) => !t.deleted).map((t) => [t.id, t]));
  const thumbnails = readAll(json, 'thumbnails', 'thumbnail', (o, where): ThumbnailRecord => {
    const id = str(o, 'id', where);
    const personId = str(o, 'personId', where);
    if (liveTemplates.get(id)?.personId !== personId) throw corrupt(`${where} belongs to no sample of the backup`);
    return { id, personId, createdAt: num(o, 'createdAt', where), blob: readBlob(o, where) };
  });
  if (!includesLog) {
    if (json['log'] !== undefined) throw corrupt('it holds a log its summary does not mention');
    return { people, templates, thumbnails };
  }
  const log = readAll(json, 'log', 'log entry', (o, where): LogRecord => {
    const personId = o['personId'] === null ? null : str(o, 'personId', where);
    const name = o['name'] === null ? null : str(o, 'name', where);
    const marks = readLogMarks(o);
    if (typeof marks === 'string') throw corrupt(`${where}: ${marks}`);
    const entry: LogRecord = { id: str(o, 'id', where), at: num(o, 'at', where), personId, name, similarity: num(o, 'similarity', where), ...marks };
    if (o['thumbnail'] !== undefined) entry.thumbnail = readBlob(o['thumbnail'], where);
    return entry;
  });
  return { people, templates, thumbnails, log };
}
