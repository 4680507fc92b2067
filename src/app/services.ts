/**
 * The app's shared services, started lazily and once: the database, the recognition pipelines
 * (one for photos, one for video: MediaPipe needs a task per running mode), the in-memory gallery
 * kept in step with the database, and the settings.
 */
import { dbEvents, openVisageDb, type VisageDb } from '../db';
import { Gallery, DEFAULT_MATCH_THRESHOLD } from '../ml/matcher';
import { FacePipeline } from '../ml/pipeline';
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
    p = other ? other.then((first) => first.withMode(mode)) : FacePipeline.create({ urls: pipelineUrls(), mode }, onProgress);
    p.catch(() => pipelines.delete(mode));
    pipelines.set(mode, p);
  }
  return p;
}

let gallery: Promise<Gallery> | null = null;
async function loadGallery(): Promise<Gallery> {
  const g = new Gallery();
  // One call, so that storage is sized once for the whole gallery (README, "1:N search").
  g.addMany(await (await getDb()).allTemplates());
  return g;
}
/** All enrolled templates in memory, rebuilt whenever people change (in this tab or another). */
export function getGallery(): Promise<Gallery> {
  gallery ??= loadGallery();
  return gallery;
}
dbEvents.addEventListener('people-changed', () => {
  gallery = null;
  galleryEvents.dispatchEvent(new Event('change'));
});
/** Fires 'change' when the gallery must be fetched again. */
export const galleryEvents = new EventTarget();

export interface Settings {
  threshold: number;
  mode: 'detect' | 'recognize';
  cameraId: string;
  logIntervalMs: number;
  logLimit: number;
  warnBanner: boolean;
  warnSound: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  threshold: DEFAULT_MATCH_THRESHOLD,
  mode: 'recognize',
  cameraId: '',
  logIntervalMs: 30_000,
  logLimit: 10_000,
  warnBanner: true,
  warnSound: false,
};

let settings: Settings = { ...DEFAULT_SETTINGS };
let settingsLoaded: Promise<Settings> | null = null;
/** Fires 'change' when a setting changes. */
export const settingsEvents = new EventTarget();

export function loadSettings(): Promise<Settings> {
  settingsLoaded ??= (async () => {
    const saved = await (await getDb()).getSetting<Partial<Settings>>('app.settings', {});
    settings = { ...DEFAULT_SETTINGS, ...saved };
    return settings;
  })();
  return settingsLoaded;
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
