/**
 * The bridge's RecordStore over the app's IndexedDB database (the source of truth). Writes go
 * through tx.ts (one transaction, the packed gallery dropped with any change of people or
 * templates) and are announced by events.ts, so the live recognizer and the views reload.
 *
 * Site settings: the app keeps all its settings in one record, `app.settings`, whose `updatedAt`
 * moves with any change (a camera choice too). So that a device-local change does not pass for a
 * newer site setting, the site's part last synced is kept beside it (`sync.site`): the device's
 * site version is that one while the site's values are unchanged, and the app record's time once
 * the user changed one of them.
 */
import { notifyChange } from '../events';
import type { SettingRecord, ThumbnailRecord } from '../schema';
import { read, write } from '../tx';
import type { VisageDb } from '../db';
import { SITE_SETTING_KEYS, siteValuesOf, type SiteSettings, type SiteValues } from './docs';
import type { RecordSnapshot, RecordWrites } from './merge';
import { EXPORT_ALL_KEY } from './marks';
import type { ChangedRecords, RecordQuery, RecordStore } from './record-store';

/** The app's settings record (src/app/services.ts). */
export const APP_SETTINGS_KEY = 'app.settings';
/** The site settings as last synced. */
export const SYNCED_SITE_KEY = 'sync.site';

const sameValues = (a: SiteValues, b: SiteValues) => SITE_SETTING_KEYS.every((k) => a[k] === b[k]);

function siteOf(app: SettingRecord | undefined, synced: SettingRecord | undefined): SiteSettings | undefined {
  const values = siteValuesOf(app?.value);
  const last = synced?.value as SiteSettings | undefined;
  if (last && typeof last === 'object' && typeof last.updatedAt === 'number' && sameValues(values, siteValuesOf(last.values))) return last;
  if (!app || !Object.keys(values).length) return undefined;
  return { values, updatedAt: app.updatedAt };
}

const SYNC_STORES: ['people', 'templates', 'thumbnails', 'log', 'settings'] = ['people', 'templates', 'thumbnails', 'log', 'settings'];

export class IdbRecordStore implements RecordStore {
  constructor(private readonly db: VisageDb) {}

  changed(since: number | null): Promise<ChangedRecords> {
    return read(this.db.idb, SYNC_STORES, async (tx) => {
      const settings = tx.objectStore('settings');
      const [app, synced, mark] = await Promise.all([settings.get(APP_SETTINGS_KEY), settings.get(SYNCED_SITE_KEY), settings.get(EXPORT_ALL_KEY)]);
      const full = since === null || mark !== undefined;
      const range = full ? undefined : IDBKeyRange.lowerBound(since);
      const [people, templates, log] = await Promise.all([
        range ? tx.objectStore('people').index('updatedAt').getAll(range) : tx.objectStore('people').getAll(),
        range ? tx.objectStore('templates').index('updatedAt').getAll(range) : tx.objectStore('templates').getAll(),
        range ? tx.objectStore('log').index('at').getAll(range) : tx.objectStore('log').getAll(),
      ]);
      const site = siteOf(app, synced);
      const markValue = typeof mark?.value === 'string' ? mark.value : undefined;
      return { full, ...(markValue ? { mark: markValue } : {}), people, templates, thumbnailIds: [], log, ...(site ? { site } : {}) };
    });
  }

  countChanged(after: number): Promise<number> {
    return read(this.db.idb, ['people', 'templates', 'log'], async (tx) => {
      const range = IDBKeyRange.lowerBound(after, true);
      const counts = await Promise.all([tx.objectStore('people').index('updatedAt').count(range), tx.objectStore('templates').index('updatedAt').count(range), tx.objectStore('log').index('at').count(range)]);
      return counts.reduce((a, b) => a + b, 0);
    });
  }

  async exported(mark: string): Promise<void> {
    await write(this.db.idb, ['settings'], async (tx) => {
      const now = await tx.objectStore('settings').get(EXPORT_ALL_KEY);
      if (now?.value === mark) await tx.objectStore('settings').delete(EXPORT_ALL_KEY);
    });
  }

  related(q: RecordQuery): Promise<RecordSnapshot> {
    return read(this.db.idb, SYNC_STORES, async (tx) => {
      const some = <T>(found: Array<T | undefined>) => found.filter((x): x is T => x !== undefined);
      const people = some(await Promise.all([...new Set(q.people)].map((id) => tx.objectStore('people').get(id))));
      const templates = new Map(some(await Promise.all(q.templates.map((id) => tx.objectStore('templates').get(id)))).map((t) => [t.id, t]));
      for (const list of await Promise.all(q.ofPeople.map((id) => tx.objectStore('templates').index('personId').getAll(id)))) for (const t of list) templates.set(t.id, t);
      const log = new Map(some(await Promise.all(q.log.map((id) => tx.objectStore('log').get(id)))).map((e) => [e.id, e]));
      for (const list of await Promise.all(q.ofPeople.map((id) => tx.objectStore('log').index('personId').getAll(id)))) for (const e of list) log.set(e.id, e);
      const keys = await Promise.all([...templates.keys()].map((id) => tx.objectStore('thumbnails').getKey(id)));
      const settings = tx.objectStore('settings');
      const site = siteOf(await settings.get(APP_SETTINGS_KEY), await settings.get(SYNCED_SITE_KEY));
      return { people, templates: [...templates.values()], thumbnailIds: some(keys), log: [...log.values()], ...(site ? { site } : {}) };
    });
  }

  thumbnails(ids: readonly string[]): Promise<ThumbnailRecord[]> {
    return read(this.db.idb, ['thumbnails'], async (tx) => {
      const found = await Promise.all(ids.map((id) => tx.objectStore('thumbnails').get(id)));
      return found.filter((th): th is ThumbnailRecord => th !== undefined);
    });
  }

  async apply(w: RecordWrites): Promise<void> {
    await write(this.db.idb, SYNC_STORES, async (tx) => {
      const requests: Array<Promise<unknown>> = [];
      for (const p of w.people) requests.push(tx.objectStore('people').put(p));
      for (const t of w.templates) requests.push(tx.objectStore('templates').put(t));
      for (const id of w.deleteThumbnails) requests.push(tx.objectStore('thumbnails').delete(id));
      for (const th of w.thumbnails) requests.push(tx.objectStore('thumbnails').put(th));
      for (const id of w.deleteLog) requests.push(tx.objectStore('log').delete(id));
      for (const e of w.log) requests.push(tx.objectStore('log').put(e));
      await Promise.all(requests);
      if (w.site) {
        const settings = tx.objectStore('settings');
        const app = await settings.get(APP_SETTINGS_KEY);
        const value = { ...(app?.value && typeof app.value === 'object' ? app.value : {}), ...w.site.values };
        await settings.put({ key: APP_SETTINGS_KEY, value, updatedAt: Math.max(app?.updatedAt ?? 0, w.site.updatedAt) });
        await settings.put({ key: SYNCED_SITE_KEY, value: w.site, updatedAt: w.site.updatedAt });
      }
    });
    if (w.people.length || w.templates.length || w.thumbnails.length || w.deleteThumbnails.length) notifyChange('people', this.db.name);
    if (w.log.length || w.deleteLog.length) notifyChange('log', this.db.name);
    if (w.site) notifyChange('settings', this.db.name);
  }
}
