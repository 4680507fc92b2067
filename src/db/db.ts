/** The Visage database (opened by open.ts): people with their templates and thumbnails, the log, settings. */
import { DbError } from './errors';
import { notifyChange } from './events';
import { checkConsent } from './consent';
import { type AddLogOptions, type LogQuery, type LogRetention, type NewLogEntry, addLogEntry, clearLog, countLog, pruneLog, queryLog } from './log';
import {
  type Consent,
  DEFAULT_MODEL_ID,
  type PersonRecord,
  type TemplateRecord,
  type VisageIdb,
  personTombstone,
  templateTombstone,
} from './schema';
import { galleryMeans, galleryOf, packedTemplates } from './gallery-pack';
import { type WriteTx, read, write } from './tx';
import { type Sample, validateModelId, validateName, validateSample } from './validate';

export interface PersonSummary {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** Live templates. */
  sampleCount: number;
  /** The earliest live template's thumbnail, if any. */
  thumbnail: Blob | null;
  consent?: Consent;
}

/** One template of the in-memory gallery. */
export interface GalleryTemplate {
  id: string;
  personId: string;
  embedding: Float32Array;
  modelId: string;
}

const live = <T extends { deleted?: boolean }>(r: T | undefined): r is T => r !== undefined && !r.deleted;

export class VisageDb {
  constructor(
    /** The idb handle, for sync/backup code and tests; everything else should use the methods. */
    readonly idb: VisageIdb,
    readonly name: string,
  ) {}

  /** The schema version of the open database. */
  get version(): number {
    return this.idb.version;
  }

  close(): void {
    this.idb.close();
  }

  /**
   * Creates a person with one template (and thumbnail) per sample, all in one transaction: if
   * any sample is malformed or the storage is full, nothing is written.
   */
  async enrollPerson(name: string, samples: readonly Sample[], modelId = DEFAULT_MODEL_ID): Promise<PersonRecord> {
    const clean = validateName(name);
    validateModelId(modelId);
    if (!Array.isArray(samples) || samples.length === 0) throw new DbError('invalid-sample', 'Enrolment needs at least one sample.');
    const now = Date.now();
    const person: PersonRecord = { id: crypto.randomUUID(), name: clean, createdAt: now, updatedAt: now };
    await write(this.idb, ['people', 'templates', 'thumbnails'], async (tx) => {
      await tx.objectStore('people').add(person);
      await putSamples(tx, person.id, samples, modelId, now);
    });
    notifyChange('people', this.name);
    return person;
  }

  /** Adds templates to a live person, in one transaction; returns the new template ids. */
  async addSamples(personId: string, samples: readonly Sample[], modelId = DEFAULT_MODEL_ID): Promise<string[]> {
    validateModelId(modelId);
    if (!Array.isArray(samples) || samples.length === 0) throw new DbError('invalid-sample', 'No samples to add.');
    const now = Date.now();
    const ids = await write(this.idb, ['people', 'templates', 'thumbnails'], async (tx) => {
      const person = await tx.objectStore('people').get(personId);
      if (!live(person)) throw new DbError('not-found', `No person with id ${personId}.`);
      const added = await putSamples(tx, personId, samples, modelId, now);
      await tx.objectStore('people').put({ ...person, updatedAt: now });
      return added;
    });
    notifyChange('people', this.name);
    return ids;
  }

  async renamePerson(id: string, name: string): Promise<PersonRecord> {
    const clean = validateName(name);
    const updated = await write(this.idb, ['people'], async (tx) => {
      const person = await tx.objectStore('people').get(id);
      if (!live(person)) throw new DbError('not-found', `No person with id ${id}.`);
      const next: PersonRecord = { ...person, name: clean, updatedAt: Date.now() };
      await tx.objectStore('people').put(next);
      return next;
    });
    notifyChange('people', this.name);
    return updated;
  }

  /**
   * Deletes a person in one transaction: the person becomes a tombstone (id and dates only), its
   * templates tombstones without embeddings; its thumbnails and every log entry about it are
   * removed. With `everything`, the templates' tombstones are removed too: nothing about the
   * person stays but the person's tombstone, which keeps a backup from bringing them back.
   */
  async deletePerson(id: string, { everything = false } = {}): Promise<void> {
    await write(this.idb, ['people', 'templates', 'thumbnails', 'log'], async (tx) => {
      const now = Date.now();
      const person = await tx.objectStore('people').get(id);
      if (!live(person)) throw new DbError('not-found', `No person with id ${id}.`);
      await tx.objectStore('people').put(personTombstone(person, now));
      for (const t of await tx.objectStore('templates').index('personId').getAll(id)) {
        if (everything) await tx.objectStore('templates').delete(t.id);
        else if (live(t)) await tx.objectStore('templates').put(templateTombstone(t, now));
      }
      for (const key of await tx.objectStore('thumbnails').index('personId').getAllKeys(id)) await tx.objectStore('thumbnails').delete(key);
      for (const key of await tx.objectStore('log').index('personId').getAllKeys(id)) await tx.objectStore('log').delete(key);
    });
    notifyChange('people', this.name);
    notifyChange('log', this.name);
  }

  /** Sets (or, with null, clears) a live person's consent note, checked by checkConsent. */
  async setConsent(id: string, input: { who: unknown; when: unknown; how: unknown } | null): Promise<PersonRecord> {
    const checked = input === null ? null : checkConsent(input);
    if (checked && 'problem' in checked) throw new DbError('invalid-argument', `The consent note is malformed (${checked.problem}).`);
    const updated = await write(this.idb, ['people'], async (tx) => {
      const person = await tx.objectStore('people').get(id);
      if (!live(person)) throw new DbError('not-found', `No person with id ${id}.`);
      const { consent: _old, ...rest } = person;
      const next: PersonRecord = checked ? { ...rest, consent: checked.consent, updatedAt: Date.now() } : { ...rest, updatedAt: Date.now() };
      await tx.objectStore('people').put(next);
      return next;
    });
    notifyChange('people', this.name);
    return updated;
  }

  /** Deletes one template (tombstone) and its thumbnail. */
  async deleteTemplate(templateId: string): Promise<void> {
    await write(this.idb, ['templates', 'thumbnails'], async (tx) => {
      const t = await tx.objectStore('templates').get(templateId);
      if (!live(t)) throw new DbError('not-found', `No template with id ${templateId}.`);
      await tx.objectStore('templates').put(templateTombstone(t, Date.now()));
      await tx.objectStore('thumbnails').delete(templateId);
    });
    notifyChange('people', this.name);
  }

  /** A live person, or undefined. */
  async getPerson(id: string): Promise<PersonRecord | undefined> {
    const p = await read(this.idb, ['people'], (tx) => tx.objectStore('people').get(id));
    return live(p) ? p : undefined;
  }

  /** Live people (or, with includeDeleted, tombstones too), by name, with sample counts and a thumbnail. */
  async listPeople({ includeDeleted = false } = {}): Promise<Array<PersonSummary & { deleted?: boolean }>> {
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    return read(this.idb, ['people', 'templates', 'thumbnails'], async (tx) => {
      const people = (await tx.objectStore('people').getAll()).filter((p) => includeDeleted || live(p));
      const templates = (await tx.objectStore('templates').getAll()).filter(live).sort((a, b) => a.createdAt - b.createdAt);
      const firstTemplates = new Map<string, string[]>();
      for (const t of templates) firstTemplates.set(t.personId, [...(firstTemplates.get(t.personId) ?? []), t.id]);
      const out: Array<PersonSummary & { deleted?: boolean }> = [];
      for (const p of people) {
        const ids = firstTemplates.get(p.id) ?? [];
        let thumbnail: Blob | null = null;
        for (const tid of ids) {
          const thumb = await tx.objectStore('thumbnails').get(tid);
          if (thumb) {
            thumbnail = thumb.blob;
            break;
          }
        }
        const summary: PersonSummary & { deleted?: boolean } = {
          id: p.id, name: p.name, createdAt: p.createdAt, updatedAt: p.updatedAt, sampleCount: ids.length, thumbnail,
        };
        if (p.deleted) summary.deleted = true;
        if (p.consent) summary.consent = p.consent;
        out.push(summary);
      }
      return out.sort((a, b) => collator.compare(a.name, b.name) || a.createdAt - b.createdAt);
    });
  }

  /** The live people's names by id (the live view's gallery: no samples or faces read). */
  async personNames(): Promise<Record<string, string>> {
    const people = await read(this.idb, ['people'], (tx) => tx.objectStore('people').getAll());
    return Object.fromEntries(people.filter(live).map((p) => [p.id, p.name]));
  }

  /** Number of live people. */
  async countPeople(): Promise<number> {
    return (await read(this.idb, ['people'], (tx) => tx.objectStore('people').getAll())).filter((p) => live(p)).length;
  }

  /** A person's template records, oldest first (tombstones only with includeDeleted). */
  async getTemplates(personId: string, { includeDeleted = false } = {}): Promise<TemplateRecord[]> {
    const rows = await read(this.idb, ['templates'], (tx) => tx.objectStore('templates').index('personId').getAll(personId));
    return rows.filter((t) => includeDeleted || live(t)).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** The thumbnail of a template, if stored. */
  async getThumbnail(templateId: string): Promise<Blob | undefined> {
    return (await read(this.idb, ['thumbnails'], (tx) => tx.objectStore('thumbnails').get(templateId)))?.blob;
  }

  /**
   * Every live template of every live person (optionally of one model), for the in-memory gallery.
   * With a model id, a large gallery comes from its packed copy (gallery-pack.ts).
   */
  async allTemplates(modelId?: string): Promise<GalleryTemplate[]> {
    if (modelId !== undefined) return packedTemplates(this.idb, modelId, (people, templates) => galleryOf(people, templates, modelId));
    return read(this.idb, ['people', 'templates'], async (tx) => galleryOf(await tx.objectStore('people').getAll(), await tx.objectStore('templates').getAll()));
  }

  /** One template per live person of `modelId`, as the live view searches them (gallery-pack.ts, galleryMeans). */
  galleryMeans(modelId: string, prepare = false): Promise<GalleryTemplate[]> {
    return galleryMeans(this.idb, modelId, prepare);
  }

  addLogEntry(entry: NewLogEntry, options?: AddLogOptions) {
    return addLogEntry(this.idb, this.name, entry, options);
  }

  queryLog(query?: LogQuery) {
    return queryLog(this.idb, query);
  }

  countLog() {
    return countLog(this.idb);
  }

  clearLog() {
    return clearLog(this.idb, this.name);
  }

  pruneLog(retention: LogRetention, now?: number) {
    return pruneLog(this.idb, this.name, retention, now);
  }

  async getSetting<T>(key: string): Promise<T | undefined>;
  async getSetting<T>(key: string, fallback: T): Promise<T>;
  async getSetting<T>(key: string, fallback?: T): Promise<T | undefined> {
    const row = await read(this.idb, ['settings'], (tx) => tx.objectStore('settings').get(key));
    return row ? (row.value as T) : fallback;
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    if (typeof key !== 'string' || !key) throw new DbError('invalid-argument', 'A setting needs a non-empty key.');
    await write(this.idb, ['settings'], (tx) => tx.objectStore('settings').put({ key, value, updatedAt: Date.now() }));
    notifyChange('settings', this.name);
  }
}

/** Writes the samples' templates and thumbnails; each sample is checked as it is written. */
async function putSamples(
  tx: WriteTx<['people', 'templates', 'thumbnails']>,
  personId: string,
  samples: readonly Sample[],
  modelId: string,
  now: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, raw] of samples.entries()) {
    const s = validateSample(raw, i);
    const id = crypto.randomUUID();
    await tx.objectStore('templates').add({ id, personId, embedding: s.embedding, modelId, quality: s.quality, createdAt: now, updatedAt: now });
    if (s.thumbnail) await tx.objectStore('thumbnails').add({ id, personId, blob: s.thumbnail, createdAt: now });
    ids.push(id);
  }
  return ids;
}
