/**
 * The app's shared services, started lazily and once: the database, the gallery snapshot for
 * live recognition, and the settings (the `$settings` store, which follows other tabs). (The
 * models are the vision service's: ./vision.ts.)
 */
import { atom, type ReadableAtom } from 'nanostores';
import { onDbChange, sharedConnection, type NewLogEntry, type VisageDb } from '../db';
import { DEFAULT_MODEL_ID } from '../db/schema';
import { loadDevice, logDeviceName } from './device';
import type { GallerySnapshot } from '../ml/live-engine';
import { DEFAULT_MATCH_THRESHOLD } from '../ml/matcher';
import { DEFAULT_MODEL_SPEC } from '../ml/model-spec';
import { DEFAULT_RECHECK } from '../ml/tracker';

/** The app's database (tests open others beside it, on the lab page). */
export const APP_DB = 'visage';

/** The app's database connection, opened on first use and again after another tab upgraded or deleted it. */
export const getDb: () => Promise<VisageDb> = sharedConnection(APP_DB);

/**
 * The gallery of the app's model as the live engine searches it, one mean template per enrolled
 * person (one Float32Array, transferable to the recognition worker), with their people's names;
 * read afresh each time, as the live recognizer does whenever people change. Templates of an
 * earlier model wait for the model upgrade, out of the gallery.
 */
export async function loadGallerySnapshot(): Promise<GallerySnapshot> {
  return gallerySnapshotOf(await getDb());
}

/** loadGallerySnapshot() from the database `db` (the benchmark's scratch one too). */
export async function gallerySnapshotOf(db: VisageDb): Promise<GallerySnapshot> {
  // Names only: the people list (listPeople) would also read every person's samples and first face.
  const [templates, names] = await Promise.all([db.galleryMeans(DEFAULT_MODEL_ID), db.personNames()]);
  const { dim } = DEFAULT_MODEL_SPEC;
  const embeddings = new Float32Array(templates.length * dim);
  templates.forEach((t, i) => embeddings.set(t.embedding, i * dim));
  return { embeddings, personIds: templates.map((t) => t.personId), names };
}
export { thresholdForGallery } from '../ml/matcher';

export interface Settings {
  /** Follow the gallery-size rule (`thresholdForGallery`); else `threshold` holds. */
  autoThreshold: boolean;
  /** The fixed threshold, used when autoThreshold is off. */
  threshold: number;
  /**
   * The face model the threshold settings were made for: read with another (saved before a change
   * of the app's model, whose similarities are on another scale), both return to their defaults.
   */
  thresholdModelId: string;
  mode: 'detect' | 'recognize';
  cameraId: string;
  logIntervalMs: number;
  logLimit: number;
  warnBanner: boolean;
  warnSound: boolean;
  /** Live recognition re-checks a known face every this many ms (unknown ones sooner). */
  recheckMs: number;
  /** The liveness check (head moves): in kiosk mode, for camera enrolment, in the live view. */
  livenessKiosk: boolean;
  livenessEnroll: boolean;
  livenessLive: boolean;
  /** Also ask to look up or down. */
  livenessVertical: boolean;
  /** Log entries of known people are deleted after this many days (0: no time limit). */
  logRetentionDays: number;
  /** Log entries of unknown faces, with their face crops, after this many days (0: no time limit). */
  logRetentionUnknownDays: number;
  /** The kiosk's header: the site's name ('' none) and logo (a small image as a data: URL, '' none). This device only. */
  siteName: string;
  siteLogo: string;
  /** The kiosk greets a recognized person aloud (Web Speech API); never an unknown face. */
  spokenGreeting: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  // Settings saved before the rule existed lack this key, so they follow the rule too.
  autoThreshold: true,
  threshold: DEFAULT_MATCH_THRESHOLD,
  thresholdModelId: DEFAULT_MODEL_ID,
  mode: 'recognize',
  cameraId: '',
  logIntervalMs: 30_000,
  logLimit: 10_000,
  warnBanner: true,
  warnSound: false,
  recheckMs: DEFAULT_RECHECK.knownMs,
  livenessKiosk: true,
  livenessEnroll: true,
  livenessLive: false,
  livenessVertical: false,
  logRetentionDays: 30,
  logRetentionUnknownDays: 7,
  siteName: '',
  siteLogo: '',
  spokenGreeting: false,
};

/** The longest retention period a setting may give, in days (10 years). */
export const MAX_RETENTION_DAYS = 3650;

const SETTINGS_KEY = 'app.settings';
const settingsStore = atom<Settings>({ ...DEFAULT_SETTINGS });
/**
 * The settings: the defaults until loadSettings() has read the saved ones; then each change, made
 * here (updateSettings) or in another tab.
 */
export const $settings: ReadableAtom<Settings> = settingsStore;
let settingsLoaded: Promise<Settings> | null = null;
/** Bumped by each read and each updateSettings: a read overtaken by a newer read or a change is dropped. */
let generation = 0;

/** Sets the store, unless nothing changed (every setting is a plain value): no needless notice. */
function setSettings(next: Settings): void {
  const now = settingsStore.get();
  const same = Object.keys({ ...now, ...next }).every((key) => now[key as keyof Settings] === next[key as keyof Settings]);
  if (!same) settingsStore.set(next);
}

async function readSettings(): Promise<void> {
  const read = ++generation;
  const saved = await (await getDb()).getSetting<Partial<Settings>>(SETTINGS_KEY, {});
  // A threshold chosen for another face model is on another scale: the defaults hold again.
  const { threshold: _threshold, autoThreshold: _auto, thresholdModelId, ...rest } = saved;
  const kept = thresholdModelId === DEFAULT_SETTINGS.thresholdModelId ? saved : rest;
  if (read === generation) setSettings({ ...DEFAULT_SETTINGS, ...kept });
}

/** The settings, read from the database once; later calls answer the current ones. */
export function loadSettings(): Promise<Settings> {
  settingsLoaded ??= readSettings().then(() => settingsStore.get());
  // Not the object read at first: a change made since (updateSettings, another tab) must show.
  return settingsLoaded.then(() => settingsStore.get());
}

export function currentSettings(): Settings {
  return settingsStore.get();
}

/** Changes settings: the store at once, then the database (which tells other tabs). */
export async function updateSettings(change: Partial<Settings>): Promise<Settings> {
  await loadSettings();
  generation++;
  setSettings({ ...settingsStore.get(), ...change });
  const settings = settingsStore.get();
  await (await getDb()).setSetting(SETTINGS_KEY, settings);
  return settings;
}

// Another tab saved a setting: read the settings again (once they were read here at all), so
// that the views and the recognizer follow without a reload.
onDbChange(({ type, db, remote }) => {
  if (type !== 'settings' || !remote || db !== APP_DB || !settingsLoaded) return;
  // Unreadable: the current settings stay, and loadSettings() still answers them.
  settingsLoaded = readSettings()
    .catch((err: unknown) => console.warn('The settings changed in another tab could not be read.', err))
    .then(() => settingsStore.get());
});

/**
 * Writes a log entry under the settings' limit. `repeats`: 'dedupe' skips it when an entry of the
 * same kind was written within the log interval (recognitions, failed checks); 'keep' writes every
 * one (a passed check, an enrolment: each is an event of its own).
 */
export async function writeLog(entry: NewLogEntry, repeats: 'dedupe' | 'keep'): Promise<void> {
  const { logIntervalMs, logLimit } = currentSettings();
  const db = await getDb();
  const device = await loadDevice(db);
  await db.addLogEntry({ ...entry, device: device.id, deviceName: logDeviceName(device.name) }, { dedupeMs: repeats === 'dedupe' ? logIntervalMs : 0, maxEntries: logLimit });
}

const DAY_MS = 86_400_000;

/**
 * Log retention: deletes the entries older than the retention settings once the saved settings
 * are read (app start), then once a day while the app runs, and whenever a retention setting
 * changes. Returns the function that stops it (clears the timer, stops following the settings).
 */
export function startLogRetention(): () => void {
  let stopped = false;
  let ready = false;
  let applied = '';
  const prune = (s: Settings) => {
    applied = `${s.logRetentionDays}/${s.logRetentionUnknownDays}`;
    getDb()
      .then((db) => db.pruneLog({ knownDays: s.logRetentionDays, unknownDays: s.logRetentionUnknownDays }))
      .catch((err: unknown) => console.warn('The log could not be pruned by its retention settings.', err));
  };
  let unlisten = () => {};
  const timer = setInterval(() => ready && prune(settingsStore.get()), DAY_MS);
  // Not before the saved settings are read: the defaults may be shorter than what was chosen.
  loadSettings().then(
    (s) => {
      if (stopped) return;
      ready = true;
      prune(s);
      unlisten = settingsStore.listen((next) => {
        if (`${next.logRetentionDays}/${next.logRetentionUnknownDays}` !== applied) prune(next);
      });
    },
    (err: unknown) => console.warn('The settings could not be read: the log is not pruned.', err),
  );
  return () => {
    stopped = true;
    clearInterval(timer);
    unlisten();
  };
}
