/**
 * This device's identity: a random id (crypto.randomUUID(), made once) and a name, kept in the
 * app's IndexedDB (settings 'sync.device'). Every log entry carries both, sync configured or not,
 * so that a site's log can tell its devices apart; the sync panel lets the user rename the device.
 */
import type { VisageDb } from '../db';
import { MAX_DEVICE_NAME_LENGTH } from '../db/schema';

export interface DeviceIdentity {
  id: string;
  name: string;
}

const DEVICE_KEY = 'sync.device';

/** A default name for this device: its platform as the browser tells it. */
function defaultDeviceName(): string {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  const platform = nav.userAgentData?.platform || navigator.platform || 'Device';
  return `${platform} ${crypto.randomUUID().slice(0, 4)}`;
}

/** This device's id and name (the platform until the user names it); made and stored on the first call. */
export async function loadDevice(db: VisageDb): Promise<DeviceIdentity> {
  const v = await db.getSetting<Partial<DeviceIdentity> | undefined>(DEVICE_KEY);
  if (typeof v?.id === 'string' && typeof v.name === 'string') return { id: v.id, name: v.name };
  const device = { id: crypto.randomUUID(), name: defaultDeviceName() };
  await db.setSetting(DEVICE_KEY, device);
  return device;
}

export async function saveDeviceName(db: VisageDb, name: string): Promise<DeviceIdentity> {
  const device = { ...(await loadDevice(db)), name: name.trim() };
  await db.setSetting(DEVICE_KEY, device);
  return device;
}

/** The name as a log entry keeps it: control characters become spaces, at most MAX_DEVICE_NAME_LENGTH code points. */
export function logDeviceName(name: string): string {
  return [...name.replace(/\p{Cc}/gu, ' ')].slice(0, MAX_DEVICE_NAME_LENGTH).join('');
}
