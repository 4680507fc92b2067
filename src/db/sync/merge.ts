/**
 * The conflict rule of sync, pure, so that every device reaches the same result from the same
 * revisions (whichever it saw first):
 *
 * 1. A deletion beats a live version, whatever their times: a person (or sample) deleted on one
 *    device stays deleted, even if another device renamed them later while offline. Erasure of
 *    biometric data is never undone by a late edit (a person who comes back is enrolled again, under
 *    a new id).
 * 2. Otherwise the last writer wins, by `updatedAt`.
 * 3. At the same `updatedAt`, the body's canonical JSON decides (the greater wins): an arbitrary but
 *    deterministic order, so two devices never pick different winners.
 *
 * Backups' merge (../backup-merge.ts) shares rule 2 and the tie going to a deletion, but there a
 * later rename revives a person deleted earlier; sync's rule 1 is stricter on purpose.
 * After the people are settled, whoever ends deleted keeps no live sample, no face image and no
 * log entry, on every device; a live sample of another face model than the device's is refused.
 */
import type { LogRecord, PersonRecord, TemplateRecord, ThumbnailRecord } from '../schema';
import { personBody, templateBody, type ParsedDoc, type SiteSettings } from './docs';

/** What decides between two versions of one record. */
export interface Version {
  deleted: boolean;
  updatedAt: number;
  /** The body's canonical JSON (without a face image). */
  tie: string;
}

/** > 0 when `a` wins over `b`, < 0 when `b` wins, 0 when they are the same version. */
export function compareVersions(a: Version, b: Version): number {
  if (a.deleted !== b.deleted) return a.deleted ? 1 : -1;
  if (a.updatedAt !== b.updatedAt) return a.updatedAt - b.updatedAt;
  return a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0;
}

export const personVersion = (p: PersonRecord): Version => ({ deleted: !!p.deleted, updatedAt: p.updatedAt, tie: JSON.stringify(personBody(p)) });
export const templateVersion = (t: TemplateRecord): Version => ({ deleted: !!t.deleted, updatedAt: t.updatedAt, tie: JSON.stringify(templateBody(t)) });

/** A parsed document's version (log entries never change: their time and id). */
export function docVersion(d: ParsedDoc): Version {
  switch (d.kind) {
    case 'person':
      return personVersion(d.record);
    case 'template':
      return templateVersion(d.record);
    case 'log':
      return { deleted: false, updatedAt: d.record.at, tie: d.record.id };
    case 'site':
      return { deleted: false, updatedAt: d.site.updatedAt, tie: JSON.stringify(d.site.values) };
  }
}

/** The winner among the revisions of one document (at least one). */
export function pickWinner<T extends ParsedDoc>(revisions: readonly T[]): T {
  return revisions.reduce((best, d) => (compareVersions(docVersion(d), docVersion(best)) > 0 ? d : best));
}

/** The device's records, as the bridge reads them. */
export interface RecordSnapshot {
  people: PersonRecord[];
  templates: TemplateRecord[];
  /** Ids of the templates that have a thumbnail. */
  thumbnailIds: string[];
  log: LogRecord[];
  /** The site's settings as this device has them (absent: never set). */
  site?: SiteSettings;
}

/** The writes that bring documents into the device, all in one transaction. */
export interface RecordWrites {
  people: PersonRecord[];
  templates: TemplateRecord[];
  thumbnails: ThumbnailRecord[];
  deleteThumbnails: string[];
  log: LogRecord[];
  deleteLog: string[];
  site?: SiteSettings;
}

export interface ApplyCounts {
  /** Documents that changed a record of this device. */
  applied: number;
  /** Live samples of another face model, not written. */
  otherModel: number;
}

const DAY_MS = 86_400_000;

/** Whether a log entry is past the site's retention (entries of known people, of unknown faces); 0 or unset: kept. */
export function expired(e: Pick<LogRecord, 'at' | 'personId'>, site: SiteSettings | undefined, now: number): boolean {
  const days = e.personId === null ? site?.values.logRetentionUnknownDays : site?.values.logRetentionDays;
  return !!days && e.at < now - days * DAY_MS;
}

export const noWrites = (w: RecordWrites) =>
  !w.people.length && !w.templates.length && !w.thumbnails.length && !w.deleteThumbnails.length && !w.log.length && !w.deleteLog.length && !w.site;

/**
 * What the winning documents change on this device, by the rule above. `erasedLog` names log
 * entries whose documents were deleted (an erasure elsewhere); `modelId` is the device's model.
 */
export function planApply(
  local: RecordSnapshot,
  docs: readonly ParsedDoc[],
  erasedLog: readonly string[],
  modelId: string,
  now = Date.now(),
): { writes: RecordWrites; counts: ApplyCounts } {
  const writes: RecordWrites = { people: [], templates: [], thumbnails: [], deleteThumbnails: [], log: [], deleteLog: [] };
  const counts: ApplyCounts = { applied: 0, otherModel: 0 };
  const people = new Map(local.people.map((p) => [p.id, p]));
  const templates = new Map(local.templates.map((t) => [t.id, t]));
  /** Templates with a stored thumbnail. */
  const thumbs = new Set(local.thumbnailIds);
  const logIds = new Set(local.log.map((e) => e.id));

  for (const d of docs) {
    if (d.kind !== 'person') continue;
    const mine = people.get(d.record.id);
    if (mine && compareVersions(personVersion(d.record), personVersion(mine)) <= 0) continue;
    people.set(d.record.id, d.record);
    writes.people.push(d.record);
    counts.applied++;
  }
  for (const d of docs) {
    if (d.kind !== 'template') continue;
    const t = d.record;
    if (!t.deleted && t.modelId !== modelId) {
      counts.otherModel++;
      continue;
    }
    const mine = templates.get(t.id);
    if (mine && compareVersions(templateVersion(t), templateVersion(mine)) <= 0) continue;
    templates.set(t.id, t);
    writes.templates.push(t);
    counts.applied++;
    if (!t.deleted && d.thumbnail) writes.thumbnails.push(d.thumbnail);
    else if (t.deleted && thumbs.delete(t.id)) writes.deleteThumbnails.push(t.id);
  }
  // Whoever is deleted keeps no live sample: tombstones dated by the person's deletion, alike on every device.
  for (const t of templates.values()) {
    const p = people.get(t.personId);
    if (t.deleted || !p?.deleted) continue;
    const at = p.deletedAt ?? p.updatedAt;
    const tomb: TemplateRecord = { id: t.id, personId: t.personId, modelId: t.modelId, quality: t.quality, createdAt: t.createdAt, updatedAt: Math.max(at, t.updatedAt), deleted: true, deletedAt: at };
    writes.templates = writes.templates.filter((w) => w.id !== t.id).concat(tomb);
    templates.set(t.id, tomb);
    writes.thumbnails = writes.thumbnails.filter((th) => th.id !== t.id);
    if (thumbs.delete(t.id)) writes.deleteThumbnails.push(t.id);
  }
  const erased = (personId: string | null) => personId !== null && people.get(personId)?.deleted === true;
  for (const d of docs) {
    if (d.kind !== 'log' || logIds.has(d.record.id) || erased(d.record.personId) || expired(d.record, local.site, now)) continue;
    writes.log.push(d.record);
    logIds.add(d.record.id);
    counts.applied++;
  }
  const erasedIds = new Set(erasedLog);
  for (const e of local.log) if ((erased(e.personId) || erasedIds.has(e.id)) && !writes.deleteLog.includes(e.id)) writes.deleteLog.push(e.id);
  const site = docs.find((d): d is Extract<ParsedDoc, { kind: 'site' }> => d.kind === 'site');
  if (site && (!local.site || compareVersions(docVersion(site), docVersion({ kind: 'site', id: site.id, site: local.site })) > 0)) {
    writes.site = site.site;
    counts.applied++;
  }
  return { writes, counts };
}
