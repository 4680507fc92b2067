/**
 * The installed app: the service worker and its updates, persistent storage (the manifest link:
 * public/manifest-link.js).
 *
 * Updates are never applied silently: when a new version has installed and waits, the
 * `$updatesWaiting` store counts it; the page applies it (applyUpdate) only when the user asks
 * and no enrolment is under way, and never in kiosk mode (the banner waits until it is left).
 */
import { Workbox } from 'workbox-window';
import { isBusy } from '../../app/busy';
import { $locked, $updatesWaiting, updateFound } from '../../app/stores';

let workbox: Workbox | null = null;
/** This page asked for the switch (so the reload that follows is the user's). */
let applying = false;
/** Another tab applied the update: this one runs the old files until it reloads. */
let switched = false;

/** Registers sw.js (built apps only: the dev server has none). */
export async function startServiceWorker(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  workbox = new Workbox(new URL('sw.js', document.baseURI).href, { scope: './' });
  workbox.addEventListener('waiting', () => {
    updateFound();
  });
  // The new worker took over: after this page's applyUpdate, load the new version's files; after
  // another tab's, keep running and keep offering the reload.
  workbox.addEventListener('controlling', (e) => {
    if (!e.isUpdate) return;
    if (applying) location.reload();
    else switched = true;
  });
  await workbox.register();
}

/** Asks the service worker to look for a new version now (also done by the browser itself). */
export async function checkForUpdate(): Promise<void> {
  await workbox?.update();
}

/**
 * Switches to the waiting version (the page reloads once it controls). Refused, returning false,
 * while an enrolment is under way or the app is locked (kiosk mode).
 */
export function applyUpdate(): boolean {
  if (!workbox || $updatesWaiting.get() === 0 || isBusy() || $locked.get()) return false;
  applying = true;
  if (switched) location.reload();
  else workbox.messageSkipWaiting();
  return true;
}

export interface StorageState {
  /** Whether the browser promised not to evict the app's data; null where it cannot say. */
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

export async function storageState(): Promise<StorageState> {
  const storage = navigator.storage as StorageManager | undefined;
  const persisted = storage?.persisted ? await storage.persisted().catch(() => null) : null;
  const estimate = storage?.estimate ? await storage.estimate().catch(() => null) : null;
  return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}

/** Asks the browser to keep the app's data (people, log) when space runs low; its answer. */
export async function requestPersistence(): Promise<boolean | null> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.persist) return null;
  if (await storage.persisted()) return true;
  return storage.persist();
}
