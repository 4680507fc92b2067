/**
 * Sync's settings on this device, kept in the app's IndexedDB (settings store, through src/db),
 * never in localStorage: the connection ('sync.config', the password included: a device must
 * log in by itself at every start), the site key ('sync.siteKey': a CryptoKey, stored as the
 * structured clone IndexedDB keeps) and the device's identity ('sync.device').
 */
import { loadDevice as loadDeviceOf, saveDeviceName as saveDeviceNameOf, type DeviceIdentity } from '../../app/device';
import { getDb } from '../../app/services';
export type { DeviceIdentity } from '../../app/device';
export { databaseProblem, databaseUrl, serverBase, serverOrigin, serverProblem } from './validate';

export interface SyncConfig {
  /** The server's address, e.g. https://couch.example.org (no credentials, no query). */
  server: string;
  database: string;
  username: string;
  password: string;
  /** Rounds stop while paused; the configuration stays. */
  paused: boolean;
  /** 'create': the site is set up on the server at the next start; 'join': checked; 'ready': set up. */
  phase: 'create' | 'join' | 'ready';
}

const CONFIG_KEY = 'sync.config';
const SITE_KEY = 'sync.siteKey';

function isConfig(v: unknown): v is SyncConfig {
  const c = v as Partial<SyncConfig> | null | undefined;
  return typeof c?.server === 'string' && typeof c.database === 'string' && typeof c.username === 'string' && typeof c.password === 'string';
}

export async function loadConfig(): Promise<SyncConfig | null> {
  const v = await (await getDb()).getSetting<unknown>(CONFIG_KEY);
  return isConfig(v) ? { ...v, paused: v.paused === true, phase: v.phase === 'create' || v.phase === 'join' ? v.phase : 'ready' } : null;
}

export async function saveConfig(config: SyncConfig): Promise<void> {
  await (await getDb()).setSetting(CONFIG_KEY, config);
}

export async function loadSiteKey(): Promise<CryptoKey | null> {
  const v = await (await getDb()).getSetting<unknown>(SITE_KEY);
  return v instanceof CryptoKey ? v : null;
}

export async function saveSiteKey(key: CryptoKey): Promise<void> {
  await (await getDb()).setSetting(SITE_KEY, key);
}

/** Sync off: the connection and the site key are forgotten; the records stay. */
export async function forgetSync(): Promise<void> {
  const db = await getDb();
  await db.setSetting(CONFIG_KEY, null);
  await db.setSetting(SITE_KEY, null);
}

/** This device's id (random, made once) and name (src/app/device.ts). */
export async function loadDevice(): Promise<DeviceIdentity> {
  return loadDeviceOf(await getDb());
}

export async function saveDeviceName(name: string): Promise<DeviceIdentity> {
  return saveDeviceNameOf(await getDb(), name);
}
