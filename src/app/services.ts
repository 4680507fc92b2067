/**
 * The app's shared services, started lazily and once: the database, the main thread's recognition
 * pipelines (one for photos, one for video: MediaPipe needs a task per running mode; their code
 * is loaded only when first needed, as live recognition runs in a worker), the gallery snapshot
 * for live recognition, and the settings.
 */
import { dbEvents, openVisageDb, type NewLogEntry, type VisageDb } from '../db';
import type { GallerySnapshot } from '../ml/live-engine';
import { DEFAULT_EMBEDDING_DIM, DEFAULT_MATCH_THRESHOLD } from '../ml/matcher';
import { toModelError } from '../ml/errors';
import type { FacePipeline } from '../ml/pipeline';
import { DEFAULT_RECHECK } from '../ml/tracker';
import { pipelineUrls } from './config';

let db: Promise<VisageDb> | null = null;
export function getDb(): Promise<VisageDb> {
  db ??= openVisageDb('visage').catch((err: unknown) => {
    db = null;
    throw err;
  });
  return db;
}

const pipelines = new Map<'IMAGE' | 'VIDEO', Promise<FacePipeline>>();
/**
 * The pipeline for photos ('IMAGE') or camera frames ('VIDEO'); `onProgress` names each loading
 * step. The second mode asked for shares the first one's models.
 */
export function getPipeline(mode: 'IMAGE' | 'VIDEO', onProgress?: (step: string) => void): Promise<FacePipeline> {
  let p = pipelines.get(mode);
  if (!p) {
    const other = pipelines.get(mode === 'IMAGE' ? 'VIDEO' : 'IMAGE');
    p = (
      other
        ? other.then((first) => first.withMode(mode))
        : import('../ml/pipeline').then(({ FacePipeline }) => FacePipeline.create({ urls: pipelineUrls(), mode }, onProgress))
    ).catch((err: unknown) => {
      // A failure to load is a ModelError ('download', 'no-backend'…), for describeError().
      throw toModelError(err);
    });
    p.catch(() => pipelines.delete(mode));
    pipelines.set(mode, p);
  }
  return p;
}

/**
 * All enrolled templates (one Float32Array, transferable to the recognition worker) with their
 * people's names; read afresh each time, as the live recognizer does whenever people change.
 */
export async function loadGallerySnapshot(): Promise<GallerySnapshot> {
  const db = await getDb();
  const [templates, people] = await Promise.all([db.allTemplates(), db.listPeople()]);
  const embeddings = new Float32Array(templates.length * DEFAULT_EMBEDDING_DIM);
  templates.forEach((t, i) => embeddings.set(t.embedding, i * DEFAULT_EMBEDDING_DIM));
  return { embeddings, personIds: templates.map((t) => t.personId), names: Object.fromEntries(people.map((p) => [p.id, p.name])) };
}
dbEvents.addEventListener('people-changed', () => {
  galleryEvents.dispatchEvent(new Event('change'));
});
export { thresholdForGallery } from '../ml/matcher';

/** Fires 'change' when the gallery must be fetched again (people changed, in this tab or another). */
export const galleryEvents = new EventTarget();

export interface Settings {
  /** Follow the gallery-size rule (`thresholdForGallery`); else `threshold` holds. */
  autoThreshold: boolean;
  /** The fixed threshold, used when autoThreshold is off. */
  threshold: number;
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
}

export const DEFAULT_SETTINGS: Settings = {
  // Settings saved before the rule existed lack this key, so they follow the rule too.
  autoThreshold: true,
  threshold: DEFAULT_MATCH_THRESHOLD,
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
};

let settings: Settings = { ...DEFAULT_SETTINGS };
let settingsLoaded: Promise<Settings> | null = null;
/** Fires 'change' when a setting changes. */
export const settingsEvents = new EventTarget();

/** The settings, read from the database once; later calls answer the current ones. */
export function loadSettings(): Promise<Settings> {
  settingsLoaded ??= (async () => {
    const saved = await (await getDb()).getSetting<Partial<Settings>>('app.settings', {});
    settings = { ...DEFAULT_SETTINGS, ...saved };
    return settings;
  })();
  // Not the object read at first: a change made since (updateSettings) must show.
  return settingsLoaded.then(() => settings);
}

export function currentSettings(): Settings {
  return settings;
}

export async function updateSettings(change: Partial<Settings>): Promise<Settings> {
  await loadSettings();
  settings = { ...settings, ...change };
  await (await getDb()).setSetting('app.settings', settings);
  settingsEvents.dispatchEvent(new Event('change'));
  return settings;
}

/**
 * Writes a log entry under the settings' limit. `repeats`: 'dedupe' skips it when an entry of the
 * same kind was written within the log interval (recognitions, failed checks); 'keep' writes every
 * one (a passed check, an enrolment: each is an event of its own).
 */
export async function writeLog(entry: NewLogEntry, repeats: 'dedupe' | 'keep'): Promise<void> {
  const { logIntervalMs, logLimit } = currentSettings();
  const db = await getDb();
  await db.addLogEntry(entry, { dedupeMs: repeats === 'dedupe' ? logIntervalMs : 0, maxEntries: logLimit });
}
