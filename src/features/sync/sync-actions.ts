/**
 * What the Sync panel's buttons do: create a site, join one with a pairing code, change the
 * connection, make a pairing code for a new device, turn sync off. Each keeps its configuration
 * and key in IndexedDB (config.ts) and has the service worker allow the server's origin
 * (page-policy.ts); when this page was not served allowing it yet, the caller reloads the page.
 */
import type { MessageKey } from '../../app/i18n';
import { databaseProblem, forgetSync, loadConfig, loadSiteKey, saveConfig, saveDeviceName, saveSiteKey, serverBase, serverOrigin, serverProblem, type SyncConfig } from './config';
import { allowOrigin, pageAllows } from './page-policy';
import { loadRuntime, startSync, stopSync } from './sync-controller';

export interface ConnectionInput {
  server: string;
  database: string;
  username: string;
  password: string;
  deviceName: string;
}

export type FieldProblems = Partial<Record<keyof ConnectionInput | 'code' | 'passphrase', MessageKey>>;

/** The problems of a connection form, by field (empty: none). */
export function connectionProblems(input: ConnectionInput): FieldProblems {
  const problems: FieldProblems = {};
  const server = serverProblem(input.server);
  if (server) problems.server = server;
  const database = databaseProblem(input.database);
  if (database) problems.database = database;
  if (!input.username.trim() && input.password) problems.username = 'sync.bad.username';
  if (input.username.trim() && !input.password) problems.password = 'sync.bad.password';
  const name = [...input.deviceName.trim()].length;
  if (name < 1 || name > 60) problems.deviceName = 'sync.bad.deviceName';
  return problems;
}

/** The saved configuration allowed and started: 'started', or 'reload' when the page must be served again to allow the server. */
export type Applied = 'started' | 'reload';

async function apply(config: SyncConfig, deviceName: string): Promise<Applied> {
  await saveConfig(config);
  await saveDeviceName(deviceName);
  const origin = serverOrigin(config.server);
  const told = await allowOrigin(origin);
  if (told && !pageAllows(origin)) return 'reload';
  // Without a service worker the policy cannot allow the server: the status says so ('csp').
  await startSync();
  return 'started';
}

const configOf = (input: ConnectionInput, phase: SyncConfig['phase'], paused = false): SyncConfig => ({
  server: serverBase(input.server),
  database: input.database,
  username: input.username.trim(),
  password: input.username.trim() ? input.password : '',
  paused,
  phase,
});

/** The first device of a site: a new site key; the site is set up on the server at the first round. */
export async function createSite(input: ConnectionInput): Promise<Applied> {
  const { makeSiteKey } = await loadRuntime();
  await saveSiteKey(await makeSiteKey());
  return apply(configOf(input, 'create'), input.deviceName);
}

/** Another device: the site key from a pairing code (SyncError 'sync-pairing' / 'sync-passphrase' before anything is saved). */
export async function joinSite(input: ConnectionInput, code: string, passphrase: string): Promise<Applied> {
  const { openPairing } = await loadRuntime();
  const key = await openPairing(code, passphrase);
  await saveSiteKey(key);
  return apply(configOf(input, 'join'), input.deviceName);
}

/** A changed connection (same site key). */
export async function editConnection(input: ConnectionInput): Promise<Applied> {
  const old = await loadConfig();
  return apply(configOf(input, old?.phase ?? 'join', old?.paused ?? false), input.deviceName);
}

/** A fresh pairing code and one-time passphrase for a new device (the caller checked the admin PIN). */
export async function pairingForNewDevice(): Promise<{ code: string; passphrase: string }> {
  const key = await loadSiteKey();
  if (!key) throw new Error('This device holds no site key.');
  const { makePairing } = await loadRuntime();
  return makePairing(key);
}

/** Sync off: rounds stop, the configuration and key are forgotten, the page's policy goes back to 'self'. */
export async function turnOff(): Promise<void> {
  await stopSync();
  await forgetSync();
  await allowOrigin(null);
}
