/**
 * Sync on this device: its status (the `$syncStatus` store the panel shows) and its rounds. Small
 * on purpose: PouchDB and the ciphers (sync-runtime.ts) are loaded by dynamic import only when sync
 * is configured or the panel needs them.
 *
 * When sync is on, a round runs at start, a second after a local change of the people or the log
 * (src/db onDbChange), when the browser comes back online, and every ROUND_INTERVAL_MS. One round
 * at a time across the app's tabs (Web Lock 'visage.sync'). What a round imports is written
 * through src/db, whose change notices refresh the gallery and the log ($galleryVersion,
 * $logVersion) and the live recognizer.
 */
import { atom, type ReadableAtom } from 'nanostores';
import { onDbChange } from '../../db';
import { APP_DB } from '../../app/services';
import { loadConfig, loadDevice, loadSiteKey, saveConfig, serverOrigin, type SyncConfig } from './config';
import { pageAllows } from './page-policy';
import type { Runner } from './sync-runtime';
import type { SyncProgress } from '../../db/sync';

/** How often a round runs while sync is on. */
export const ROUND_INTERVAL_MS = 10_000;
/** How long after a local change its round starts (changes in a burst go in one round). */
export const CHANGE_DEBOUNCE_MS = 1_000;

export interface SyncStatus {
  state: 'off' | 'idle' | 'running' | 'paused' | 'error';
  config: SyncConfig | null;
  lastSyncAt: number | null;
  /** Records changed on this device since the last export: people, samples, log entries not yet sent. */
  pending: number;
  /** Conflicts the rule settled since the app started. */
  conflictsResolved: number;
  /** Changes the last round brought here. */
  lastImported: number;
  otherModel: number;
  /** The last round's failure: a SyncError code, 'csp' (the page does not allow the server), or 'other'. */
  error: { code: string; detail: string } | null;
  progress: SyncProgress | null;
  /** The last round was cancelled by the user. */
  cancelled: boolean;
}

const OFF: SyncStatus = { state: 'off', config: null, lastSyncAt: null, pending: 0, conflictsResolved: 0, lastImported: 0, otherModel: 0, error: null, progress: null, cancelled: false };
const status = atom<SyncStatus>(OFF);
export const $syncStatus: ReadableAtom<SyncStatus> = status;
const patch = (p: Partial<SyncStatus>) => status.set({ ...status.get(), ...p });

let runner: Runner | null = null;
let abort: AbortController | null = null;
let timer = 0;
let debounce = 0;
let started: Promise<void> | null = null;
let inRound = false;

export const loadRuntime = () => import('./sync-runtime');

function errorOf(err: unknown): { code: string; detail: string } {
  const code = err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' && err.code.startsWith('sync-') ? err.code : 'other';
  return { code, detail: err instanceof Error ? err.message : String(err) };
}

/** `fn` under the app-wide sync lock; skipped (false) when another tab runs a round now. */
async function underLock(fn: () => Promise<void>): Promise<boolean> {
  const locks = navigator.locks as LockManager | undefined;
  if (!locks) {
    await fn();
    return true;
  }
  return locks.request('visage.sync', { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await fn();
    return true;
  });
}

/** Runs one round now (unless one runs, sync is paused or off). */
export async function syncNow(): Promise<void> {
  await started;
  const s = status.get();
  if (!runner || inRound || s.state === 'paused' || !s.config) return;
  const config = s.config;
  const controller = (abort = new AbortController());
  inRound = true;
  patch({ state: 'running', progress: null, cancelled: false });
  try {
    await underLock(async () => {
      if (config.phase !== 'ready') {
        const key = await loadSiteKey();
        if (!key) throw new Error('The site key is missing.');
        await runner!.setUp(config, key);
        const ready = { ...config, phase: 'ready' as const };
        await saveConfig(ready);
        patch({ config: ready });
      }
      const round = await runner!.round({ signal: controller.signal, onProgress: (progress) => patch({ progress }) });
      const now = status.get();
      patch({
        lastSyncAt: Date.now(),
        pending: (await runner?.pending().catch(() => null)) ?? now.pending,
        conflictsResolved: now.conflictsResolved + round.imported.conflictsResolved,
        lastImported: round.imported.applied,
        otherModel: round.imported.otherModel,
        error: null,
      });
    });
    patch({ state: status.get().state === 'paused' ? 'paused' : 'idle', progress: null });
  } catch (err) {
    const cancelled = err instanceof DOMException && err.name === 'AbortError';
    const paused = status.get().config?.paused === true;
    patch({ state: paused ? 'paused' : cancelled ? 'idle' : 'error', progress: null, cancelled: cancelled && !paused, ...(cancelled ? {} : { error: errorOf(err) }) });
  } finally {
    inRound = false;
    abort = null;
  }
}

/** Cancels the round under way (it stops at its next step; nothing is lost). */
export function cancelRound(): void {
  abort?.abort();
}

function request(delay: number): void {
  clearTimeout(debounce);
  debounce = window.setTimeout(() => void syncNow(), delay);
}

const onOnline = () => request(0);

onDbChange(({ type, db, remote }) => {
  if (db !== APP_DB || remote || inRound || (type !== 'people' && type !== 'log')) return;
  const s = status.get();
  if (s.state === 'off') return;
  void runner?.pending().then((pending) => patch({ pending }), () => undefined);
  if (s.state !== 'paused') request(CHANGE_DEBOUNCE_MS);
});

async function stopRunner(): Promise<void> {
  clearInterval(timer);
  clearTimeout(debounce);
  window.removeEventListener('online', onOnline);
  abort?.abort();
  const r = runner;
  runner = null;
  await r?.close().catch(() => undefined);
}

async function boot(): Promise<void> {
  await stopRunner();
  const [config, key] = await Promise.all([loadConfig(), loadSiteKey()]);
  if (!config || !key) {
    status.set(OFF);
    return;
  }
  patch({ config, state: config.paused ? 'paused' : 'idle', error: null });
  if (!pageAllows(serverOrigin(config.server))) {
    patch({ state: 'error', error: { code: 'csp', detail: 'The page was not served allowing the server.' } });
    return;
  }
  const device = await loadDevice();
  const { Runner } = await loadRuntime();
  runner = await Runner.open(config, key, device.id);
  void runner.pending().then((pending) => patch({ pending }), () => undefined);
  timer = window.setInterval(() => void syncNow(), ROUND_INTERVAL_MS);
  window.addEventListener('online', onOnline);
}

/** Starts sync if it is configured (app start; again after the configuration changed). */
export function startSync(): Promise<void> {
  started = boot().catch((err: unknown) => patch({ state: 'error', error: errorOf(err) }));
  void started.then(() => syncNow());
  return started;
}

export async function setPaused(paused: boolean): Promise<void> {
  const config = status.get().config;
  if (!config) return;
  const next = { ...config, paused };
  await saveConfig(next);
  if (paused) abort?.abort();
  patch({ config: next, state: paused ? 'paused' : 'idle' });
  if (!paused) request(0);
}

/** Sync off on this device (the caller forgets the configuration and key). */
export async function stopSync(): Promise<void> {
  await stopRunner();
  status.set(OFF);
}
